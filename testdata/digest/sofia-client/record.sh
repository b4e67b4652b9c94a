#!/bin/bash
# Records Debian's sofia-sip (the SIP stack FreeSWITCH registers to trunks with) answering
# Digest challenges: sofia_uac.c, built here against libsofia-sip-ua, registers users 1000-1007
# and sends each a MESSAGE with a text body, over UDP and then TCP, to sofia_server.py, which
# challenges each user with its own algorithm and qop (MD5, MD5-sess; qop auth, auth-int, both,
# none; user 1007 gets SHA-512-256, SHA-256 and MD5 challenges at once). Users 1005 and 1006
# are given a wrong password. On loopback inside a private network namespace. sofia-trace.log
# is sofia-sip's own trace of the same messages.
#   record.sh OUTDIR   (run as root; needs gcc, libsofia-sip-ua-dev, dumpcap, python3)
set -euo pipefail
out=$(realpath -m "$1"); here=$(cd "$(dirname "$0")" && pwd)
if [ -z "${SOFIA_IN_NETNS:-}" ]; then
    mkdir -p "$out"
    gcc -Wall -Wextra -o "$out/sofia_uac" "$here/sofia_uac.c" \
        $(pkg-config --cflags --libs sofia-sip-ua)
    exec env SOFIA_IN_NETNS=1 unshare --net --mount --propagation private "$0" "$@"
fi
cd "$out"
ip link set lo up
# No DNS in the namespace: a resolver that answers "unreachable" at once, not a dead address.
echo "nameserver 127.0.0.1" >resolv.conf
mount --bind resolv.conf /etc/resolv.conf
rm -f capture.pcapng
dumpcap -q -i lo -f 'port 5060' -w capture.pcapng 2>dumpcap.log &
dump_pid=$!
python3 "$here/sofia_server.py" 2>server.log &
server_pid=$!
sleep 2
users=(1000:pw1000 1001:pw1001 1002:pw1002 1003:pw1003 1004:pw1004 1005:guess 1006:guess
       1007:pw1007)
status=0
# TPORT_LOG=1: sofia-sip's own message trace on stderr (what FreeSWITCH's siptrace prints).
export TPORT_LOG=1
timeout 60 ./sofia_uac sip:127.0.0.1:5060 sip:127.0.0.1:5082 "${users[@]}" \
    >client.log 2>sofia-trace.log || status=$?
timeout 60 ./sofia_uac 'sip:127.0.0.1:5060;transport=tcp' 'sip:127.0.0.1:5084;transport=tcp' \
    "${users[@]}" >>client.log 2>>sofia-trace.log || status=$?
cat client.log
sleep 1
kill "$server_pid"; wait "$server_pid" || true
kill "$dump_pid"; wait "$dump_pid" || true
printf '%s\n' 1000 1001 1002 1003 1004 1005 1006 1007 | sed 's/.*/&:sip.lab.test:pw&/' >credentials.txt
exit "$status"
