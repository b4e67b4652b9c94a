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
lab_call_client "$here" 2 '1000;pw1000;pbx.lab.test;1001;ok;' \
    '1000;not-pw1000;pbx.lab.test;1001;wrongpw;' '1000;pw1000;pbx.lab.test;1001;ok;'
lab_record 'port 5060 or port 5070 or port 5071 or (ip[6:2] & 0x1fff != 0)' sh ./client.sh
ls -la capture.pcapng sipdump/
