#!/bin/bash
# Records kamailio refusing an authenticated call by policy: the bench configuration (qop=auth)
# with one rule added after a successful auth_check, INVITEs to 1999 get "403 Call barred", as
# a PBX bars a number. User 1001 registers; 1000 calls 1001 (answered), then 1999 (barred), each
# with the right password, through 407 (SIPp, the shared corpus' call-proxy-auth scenarios). On
# loopback inside a private network namespace.
#   record.sh OUTDIR   (run as root; needs kamailio, sipp, dumpcap)
set -euo pipefail
out=$(realpath -m "$1"); here=$(cd "$(dirname "$0")" && pwd)
. "$here/../../../tests/bench/sipdiff/kamailio_lab.sh"
lab_netns "$out"
lab_setup "$out" 1000 1001
lab_kamailio_cfg "$out" \
    -e 's|^\(\t\txlog("L_NOTICE", "AUTHRESULT OK .*\)$|\1\n\t\tif (is_method("INVITE") \&\& $rU == "1999") {\n\t\t\tsl_send_reply("403", "Call barred");\n\t\t\texit;\n\t\t}|'
grep -q '"403", "Call barred"' kamailio.cfg
lab_call_client "$here" 1 '1000;pw1000;pbx.lab.test;1001;ok;' '1000;pw1000;pbx.lab.test;1999;ok;'
lab_record 'port 5060 or port 5070 or port 5071' sh ./client.sh
ls -la capture.pcapng sipdump/
