#!/bin/bash
# Records SIP calls whose INVITEs and 200s leave in IP fragments: lo's MTU set to 1500 inside a
# private network namespace, kamailio challenging with qop=auth (the bench configuration), SIPp
# sending INVITEs and 200s whose SDP lists 36 ICE candidates (about 3 kB over UDP). User 1001
# registers, 1000 calls 1001 twice with its password and once with a wrong one
# (INVITE, 407, ACK, INVITE with Proxy-Authorization, ...). The SIPp scenarios are the shared
# corpus' (call-proxy-auth) with the candidates added.
#   record.sh OUTDIR   (run as root; needs kamailio, sipp, dumpcap)
set -euo pipefail
out=$(realpath -m "$1"); here=$(cd "$(dirname "$0")" && pwd)
. "$here/../../../tests/bench/sipdiff/kamailio_lab.sh"
lab_netns "$out"
lab_setup "$out" 1000 1002
ip link set lo mtu 1500
lab_kamailio_cfg "$out"
cp "$here"/reg.xml "$here"/call_uac.xml "$here"/call_uas.xml .
printf 'SEQUENTIAL\n1001;pw1001;pbx.lab.test;ok;\n' > reg-1001.csv
printf 'SEQUENTIAL\n1000;pw1000;pbx.lab.test;1001;ok;\n1000;not-pw1000;pbx.lab.test;1001;wrongpw;\n1000;pw1000;pbx.lab.test;1001;ok;\n' > calls-1000.csv
cat > client.sh <<'SH'
set -e
sipp -sf ./reg.xml -inf ./reg-1001.csv -i 127.0.0.1 -p 5070 -m 1 127.0.0.1:5060 -nostdin
sipp -sf ./call_uas.xml -i 127.0.0.1 -p 5070 -m 2 -mp 6070 -nostdin -timeout 20 &
uas=$!
sleep 1
# Exit status 1 when kamailio refuses the wrong password (403): recorded all the same.
sipp -sf ./call_uac.xml -inf ./calls-1000.csv -i 127.0.0.1 -p 5071 -mp 6071 -m 3 -l 1 -r 1 \
    127.0.0.1:5060 -nostdin -timeout 20 || true
wait "$uas"
SH
lab_record 'port 5060 or port 5070 or port 5071 or (ip[6:2] & 0x1fff != 0)' sh ./client.sh
ls -la capture.pcapng sipdump/
