#!/bin/bash
# Records kamailio retiring a nonce: the bench's kamailio configuration with nonce_expire 2 s
# instead of 300, qop=auth, and SIPp (reg-stale.xml) registering users 1000 and 1001, then
# registering again 3 s later with the same challenge (the nonce has expired), being challenged
# afresh and registering with the new nonce. On loopback inside a private network namespace.
#   record.sh OUTDIR   (run as root; needs kamailio, sipp, dumpcap)
set -euo pipefail
out=$(realpath -m "$1"); here=$(cd "$(dirname "$0")" && pwd)
. "$here/../../../tests/bench/sipdiff/kamailio_lab.sh"
lab_netns "$out"
lab_setup "$out" 1000 1001
lab_kamailio_cfg "$out" \
    -e 's|modparam("auth", "nonce_expire", 300)|modparam("auth", "nonce_expire", 2)|'
grep -q 'modparam("auth", "nonce_expire", 2)' kamailio.cfg
cp "$here/reg-stale.xml" .
lab_sipp_users 1000 1001 > users.csv
lab_record 'port 5060' sipp -sf ./reg-stale.xml -inf ./users.csv -i 127.0.0.1 -p 5061 -m 2 \
    127.0.0.1:5060 -nostdin -timeout 30
ls -la capture.pcapng sipdump/
