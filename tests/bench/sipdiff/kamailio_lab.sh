# Shared by the scripts that record kamailio on loopback (make_load.sh here,
# testdata/sipdiff/hep/record-hep.sh, testdata/sipdiff/ws/record-ws.sh): sourced, not run.

# Runs the calling script again inside a private network namespace with only `lo` (and a private
# mount namespace for /etc/hosts), unless it is already there: lab_netns OUTDIR ARGS...
lab_netns() {
    if [ -z "${SIPDIFF_IN_NETNS:-}" ]; then
        mkdir -p "$1"
        exec env SIPDIFF_IN_NETNS=1 unshare --net --mount --propagation private "$0" "$@"
    fi
}

# Inside the namespace: lo up, pbx.lab.test resolving to it, OUTDIR as working directory with
# fresh db/, run/ and sipdump/ folders, and kamailio's db_text subscriber table holding users
# FIRST..LAST with password pw<user>: lab_setup OUTDIR FIRST LAST
lab_setup() {
    local out=$1 first=$2 last=$3
    ip link set lo up
    echo "127.0.0.1 pbx.lab.test localhost" > "$out/hosts"
    echo "nameserver 127.0.0.1" > "$out/resolv.conf"
    mount --bind "$out/hosts" /etc/hosts
    mount --bind "$out/resolv.conf" /etc/resolv.conf
    cd "$out"
    rm -rf db run sipdump && mkdir -p db run/run sipdump
    printf 'table_name(str) table_version(int) \nsubscriber:7\n' > db/version
    {
        echo "id(int,auto) username(str) domain(str) password(str) ha1(str,null) ha1b(str,null)"
        for u in $(seq "$first" "$last"); do echo "$u:$u:pbx.lab.test:pw$u::"; done
    } > db/subscriber
}

# SIPp's users.csv for the same users: lab_sipp_users FIRST LAST
lab_sipp_users() {
    echo SEQUENTIAL
    for u in $(seq "$1" "$2"); do echo "$u;pw$u;127.0.0.1;ok;"; done
}
