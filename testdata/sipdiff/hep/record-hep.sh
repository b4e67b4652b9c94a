#!/bin/bash
# Records a real HEP trace: kamailio (the bench's kamailio.cfg plus its siptrace module in
# trace_mode 1, mirroring every SIP message it receives or sends as HEPv3 to 127.0.0.1:9060, as
# it would to a Homer server) and SIPp registering 20 users, on loopback inside a private network
# namespace. One dumpcap on lo writes the SIP traffic (port 5060; kamailio sends HEP from that
# port too, so not port 9060), another the HEP packets
# (port 9060); kamailio's sipdump writes its text trace as well, for comparison.
# With `tcp` kamailio sends the HEP packets over one TCP connection instead (Homer's collectors
# take both), to a Python listener that reads and drops them. The last argument picks the HEP
# version kamailio writes (3, or 2: the older fixed header with little-endian times).
#   record-hep.sh OUTDIR [udp|tcp] [3|2]   (run as root; needs kamailio, sipp, dumpcap, python3)
set -euo pipefail
out=$(realpath -m "$1"); here=$(cd "$(dirname "$0")" && pwd)
transport=${2:-udp}
version=${3:-3}
case "$transport" in udp | tcp) ;; *) echo "transport must be udp or tcp" >&2; exit 2 ;; esac
case "$version" in 2 | 3) ;; *) echo "HEP version must be 2 or 3" >&2; exit 2 ;; esac
. "$here/../../../tests/bench/sipdiff/kamailio_lab.sh"
lab_netns "$out" "$transport" "$version"
lab_setup "$out" 1000 1019
rm -f hep.pcapng
lab_sipp_users 1000 1019 > users.csv
lab_kamailio_cfg "$out" \
    -e 's|^loadmodule "sipdump.so"|loadmodule "sipdump.so"\nloadmodule "siptrace.so"|'
cat >>kamailio.cfg <<'CFG'
modparam("siptrace", "duplicate_uri", "sip:127.0.0.1:9060;transport=TRANSPORT")
modparam("siptrace", "hep_mode_on", 1)
modparam("siptrace", "hep_version", VERSION)
modparam("siptrace", "trace_to_database", 0)
modparam("siptrace", "trace_on", 1)
modparam("siptrace", "trace_mode", 1)
CFG
sed -i -e "s|transport=TRANSPORT|transport=$transport|" -e "s|\"hep_version\", VERSION|\"hep_version\", $version|" kamailio.cfg
cp "$lab_bench/reg.xml" .
defines=(-A WITH_QOP)
if [ "$transport" = tcp ]; then
    defines+=(-A WITH_TCP)
    python3 -c '
import socket, threading
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", 9060)); s.listen()
def drain(c):
    while c.recv(65536):
        pass
while True:
    threading.Thread(target=drain, args=(s.accept()[0],), daemon=True).start()
' &
    listener_pid=$!
fi
dumpcap -q -i lo -f 'port 5060 and not port 9060' -w capture.pcapng 2>dumpcap-sip.log &
sip_pid=$!
dumpcap -q -i lo -f "$transport port 9060" -w hep.pcapng 2>dumpcap-hep.log &
hep_pid=$!
kamailio -f ./kamailio.cfg -DD -E -w ./run -m 64 -M 8 "${defines[@]}" 2>kamailio.log &
kamailio_pid=$!
sleep 2
kill -0 "$kamailio_pid" || { echo "kamailio did not start: see $out/kamailio.log"; exit 1; }
sipp -sf ./reg.xml -inf ./users.csv -i 127.0.0.1 -p 5061 -m 20 -r 10 \
    127.0.0.1:5060 -nostdin -timeout 60 -timeout_error >sipp.stdout.log 2>&1 || echo "sipp exit $?"
sleep 2
kill "$kamailio_pid"; wait "$kamailio_pid" || true
kill "$sip_pid" "$hep_pid"; wait "$sip_pid" "$hep_pid" || true
[ -z "${listener_pid:-}" ] || kill "$listener_pid"
ls -la capture.pcapng hep.pcapng sipdump/
