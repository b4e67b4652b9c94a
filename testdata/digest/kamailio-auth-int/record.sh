#!/bin/bash
# Records kamailio challenging with qop="auth-int" (auth_challenge flag 2 instead of the bench
# configuration's 1) and SIPp answering: users 1000-1002 register (1002 with a wrong password),
# then 1000 calls 1001 twice with an SDP body (INVITE, 407, INVITE with Proxy-Authorization,
# 180, 200, ACK, BYE), on loopback inside a private network namespace. The SIPp scenarios are the
# shared corpus' (call-proxy-auth), copied here.
#   record.sh OUTDIR   (run as root; needs kamailio, sipp, dumpcap)
set -euo pipefail
out=$(realpath -m "$1"); here=$(cd "$(dirname "$0")" && pwd)
. "$here/../../../tests/bench/sipdiff/kamailio_lab.sh"
lab_netns "$out"
lab_setup "$out" 1000 1002
lab_kamailio_cfg "$out" \
    -e 's|auth_challenge("$var(realm)", "1");|auth_challenge("$var(realm)", "2");|'
grep -q 'auth_challenge("$var(realm)", "2")' kamailio.cfg
cp "$here"/reg.xml "$here"/call_uac.xml "$here"/call_uas.xml .
printf 'SEQUENTIAL\n1000;pw1000;pbx.lab.test;ok;\n' > reg-1000.csv
printf 'SEQUENTIAL\n1001;pw1001;pbx.lab.test;ok;\n' > reg-1001.csv
printf 'SEQUENTIAL\n1002;not-pw1002;pbx.lab.test;wrongpw;\n' > reg-1002.csv
printf 'SEQUENTIAL\n1000;pw1000;pbx.lab.test;1001;ok;\n' > calls-1000.csv
cat > client.sh <<'SH'
set -e
# Exit status 1 when kamailio refuses a REGISTER (403): recorded all the same.
sipp -sf ./reg.xml -inf ./reg-1001.csv -i 127.0.0.1 -p 5070 -m 1 127.0.0.1:5060 -nostdin || true
sipp -sf ./reg.xml -inf ./reg-1000.csv -i 127.0.0.1 -p 5071 -m 1 127.0.0.1:5060 -nostdin || true
sipp -sf ./reg.xml -inf ./reg-1002.csv -i 127.0.0.1 -p 5072 -m 1 127.0.0.1:5060 -nostdin || true
sipp -sf ./call_uas.xml -i 127.0.0.1 -p 5070 -m 2 -mp 6070 -nostdin -timeout 15 &
uas=$!
sleep 1
sipp -sf ./call_uac.xml -inf ./calls-1000.csv -i 127.0.0.1 -p 5071 -mp 6071 -m 2 -l 1 -r 1 \
    127.0.0.1:5060 -nostdin -timeout 15 || true
wait "$uas" || true  # no call reaches it when kamailio refuses the INVITEs
SH
lab_record 'port 5060 or port 5070 or port 5071 or port 5072' sh ./client.sh
ls -la capture.pcapng sipdump/
