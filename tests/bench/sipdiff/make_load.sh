#!/bin/bash
# Makes a real load capture and its kamailio sipdump trace, the way the shared corpus was made:
# kamailio (kamailio.cfg, copied from corpus register-md5/qop-auth with the db path changed) and
# sipp (reg.xml, same origin) on loopback inside a private network namespace with only `lo`.
#   make_load.sh OUTDIR REGISTRATIONS     (4 SIP messages per registration)
# Run as root. Writes OUTDIR/capture.pcapng and OUTDIR/sipdump/*.data.
set -euo pipefail
out=$(realpath -m "$1"); regs=$2; here=$(cd "$(dirname "$0")" && pwd)
if [ -z "${SIPDIFF_IN_NETNS:-}" ]; then
    mkdir -p "$out"
    exec env SIPDIFF_IN_NETNS=1 unshare --net --mount --propagation private "$0" "$out" "$regs"
fi
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
    for u in $(seq 1000 1999); do echo "$u:$u:pbx.lab.test:pw$u::"; done
} > db/subscriber
{
    echo SEQUENTIAL
    for u in $(seq 1000 1999); do echo "$u;pw$u;127.0.0.1;ok;"; done
} > users.csv
sed -e "s|text://db|text://$out/db|" -e "s|\"./sipdump\"|\"$out/sipdump\"|" \
    "$here/kamailio.cfg" >kamailio.cfg  # full paths: kamailio runs in ./run
cp "$here/reg.xml" .
dumpcap -q -i lo -f 'port 5060' -w capture.pcapng 2>dumpcap.log &
dumpcap_pid=$!
kamailio -f ./kamailio.cfg -DD -E -w ./run -m 256 -M 16 -A WITH_QOP 2>kamailio.log &
kamailio_pid=$!
sleep 2
kill -0 "$kamailio_pid" || { echo "kamailio did not start: see $out/kamailio.log"; exit 1; }
sipp -sf ./reg.xml -inf ./users.csv -i 127.0.0.1 -p 5061 -m "$regs" -r 2000 -l 2000 \
    127.0.0.1:5060 -nostdin -timeout 300 -timeout_error >sipp.stdout.log 2>&1 || echo "sipp exit $?"
sleep 2
kill "$kamailio_pid"; wait "$kamailio_pid" || true
kill "$dumpcap_pid"; wait "$dumpcap_pid" || true
ls -la capture.pcapng sipdump/
