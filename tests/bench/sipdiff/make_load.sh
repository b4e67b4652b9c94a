#!/bin/bash
# Makes a real load capture and its kamailio sipdump trace, the way the shared corpus was made:
# kamailio (kamailio.cfg, copied from corpus register-md5/qop-auth with the db path changed) and
# sipp (reg.xml, same origin) on loopback inside a private network namespace with only `lo`.
#   make_load.sh OUTDIR REGISTRATIONS     (4 SIP messages per registration)
# Run as root. Writes OUTDIR/capture.pcapng and OUTDIR/sipdump/*.data.
set -euo pipefail
out=$(realpath -m "$1"); regs=$2; here=$(cd "$(dirname "$0")" && pwd)
. "$here/kamailio_lab.sh"
lab_netns "$out" "$regs"
lab_setup "$out" 1000 1999
lab_sipp_users 1000 1999 > users.csv
lab_kamailio_cfg "$out"
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
