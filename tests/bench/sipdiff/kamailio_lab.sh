# Shared by the scripts that record kamailio on loopback (make_load.sh here,
# testdata/sipdiff/{hep,ws,tls}/record-*.sh, testdata/digest/kamailio-*/record.sh): sourced,
# not run. lab_bench is this folder, where
# the bench's kamailio.cfg is.
lab_bench=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# Runs the calling script again inside a private network namespace with only `lo` (and a private
# mount namespace for /etc/hosts), unless it is already there: lab_netns OUTDIR ARGS...
lab_netns() {
    if [ -z "${SIPDIFF_IN_NETNS:-}" ]; then
        mkdir -p "$1"
        exec env SIPDIFF_IN_NETNS=1 unshare --net --mount --propagation private "$0" "$@"
    fi
}

# Inside the namespace: lo up, pbx.lab.test resolving to it, OUTDIR as working directory with
# fresh db/, run/ and sipdump/ folders and no capture.pcapng, and kamailio's db_text subscriber
# table holding users FIRST..LAST with password pw<user>: lab_setup OUTDIR FIRST LAST
lab_setup() {
    local out=$1 first=$2 last=$3
    ip link set lo up
    echo "127.0.0.1 pbx.lab.test localhost" > "$out/hosts"
    echo "nameserver 127.0.0.1" > "$out/resolv.conf"
    mount --bind "$out/hosts" /etc/hosts
    mount --bind "$out/resolv.conf" /etc/resolv.conf
    cd "$out"
    rm -rf db run sipdump capture.pcapng && mkdir -p db run/run sipdump
    printf 'table_name(str) table_version(int) \nsubscriber:7\n' > db/version
    {
        echo "id(int,auto) username(str) domain(str) password(str) ha1(str,null) ha1b(str,null)"
        for u in $(seq "$first" "$last"); do echo "$u:$u:pbx.lab.test:pw$u::"; done
    } > db/subscriber
}

# Writes ./kamailio.cfg: the bench's configuration with OUTDIR's db and sipdump folders as full
# paths (kamailio runs in ./run), changed further by the sed options given:
#   lab_kamailio_cfg OUTDIR [-e EXPRESSION]...
lab_kamailio_cfg() {
    local out=$1
    shift
    sed -e "s|text://db|text://$out/db|" -e "s|\"./sipdump\"|\"$out/sipdump\"|" "$@" \
        "$lab_bench/kamailio.cfg" >kamailio.cfg
}

# SIPp's users.csv for the same users: lab_sipp_users FIRST LAST
lab_sipp_users() {
    echo SEQUENTIAL
    for u in $(seq "$1" "$2"); do echo "$u;pw$u;127.0.0.1;ok;"; done
}

# The SIPp client of the call recordings (testdata/digest/kamailio-{fragments,barred}), with the
# shared corpus' scenarios from SCENARIOS (reg.xml, call_uac.xml, call_uas.xml): user 1001
# registers from port 5070, where a UAS then answers ANSWERED calls, and the calls given as
# SIPp -inf rows (caller;password;domain;callee;ok|wrongpw) are placed from 5071, one a second.
# A refused call (403) makes the caller's SIPp exit 1: recorded all the same.
# Writes ./client.sh for lab_record: lab_call_client SCENARIOS ANSWERED ROW...
lab_call_client() {
    local scenarios=$1 answered=$2
    shift 2
    cp "$scenarios"/reg.xml "$scenarios"/call_uac.xml "$scenarios"/call_uas.xml .
    printf 'SEQUENTIAL\n1001;pw1001;pbx.lab.test;ok;\n' >reg-1001.csv
    printf 'SEQUENTIAL\n' >calls.csv
    printf '%s\n' "$@" >>calls.csv
    cat >client.sh <<SH
set -e
sipp -sf ./reg.xml -inf ./reg-1001.csv -i 127.0.0.1 -p 5070 -m 1 127.0.0.1:5060 -nostdin
sipp -sf ./call_uas.xml -i 127.0.0.1 -p 5070 -m $answered -mp 6070 -nostdin -timeout 20 &
uas=\$!
sleep 1
sipp -sf ./call_uac.xml -inf ./calls.csv -i 127.0.0.1 -p 5071 -mp 6071 -m $# -l 1 -r 1 \\
    127.0.0.1:5060 -nostdin -timeout 20 || true
wait "\$uas"
SH
}

# Captures lo with the capture FILTER into capture.pcapng while kamailio runs ./kamailio.cfg with
# WITH_QOP, WITH_TCP and the client COMMAND... talks to it; the client's output is client.log,
# and its exit status lab_record's: lab_record FILTER COMMAND...
lab_record() {
    local filter=$1 dump_pid kamailio_pid
    shift
    dumpcap -q -i lo -f "$filter" -w capture.pcapng 2>dumpcap.log &
    dump_pid=$!
    kamailio -f ./kamailio.cfg -DD -E -w ./run -m 64 -M 8 -A WITH_QOP -A WITH_TCP 2>kamailio.log &
    kamailio_pid=$!
    sleep 2
    if ! kill -0 "$kamailio_pid"; then
        echo "kamailio did not start: see kamailio.log"
        kill "$dump_pid"; wait "$dump_pid" || true
        return 1
    fi
    local status=0
    "$@" >client.log 2>&1 || status=$?
    cat client.log
    sleep 1
    kill "$kamailio_pid"; wait "$kamailio_pid" || true
    kill "$dump_pid"; wait "$dump_pid" || true
    # A failed client leaves no kamailio or dumpcap behind (they would keep the script waiting).
    return "$status"
}
