#!/bin/sh
# The main job, on data shipped in testdata/: the plugin's verdicts through tshark, then a
# sipdiff comparison. Called by `cmake --build build --target demo` with the build dir.
set -eu
build=$1
top=$(cd "$(dirname "$0")/.." && pwd)
tshark="$build/tshark-sipdigest"

# A capture of SIP over TLS comes with its key log (keylog.txt beside it), for Wireshark to
# decrypt it.
show_verdicts() {
  title=$1 capture=$2 credentials=$3
  keylog="$(dirname "$capture")/keylog.txt"
  tls_keys=""
  [ -f "$keylog" ] && tls_keys="tls.keylog_file:$keylog"
  echo
  echo "== sipdigest: $title"
  echo "   tshark -2 -r $capture -o sipdigest.credentials_file:$credentials${tls_keys:+ -o $tls_keys} ..."
  "$tshark" -2 -r "$capture" -o tcp.reassemble_out_of_order:TRUE ${tls_keys:+-o "$tls_keys"} \
    -o "sipdigest.credentials_file:$credentials" -Y sipdigest.verdict \
    -T fields -E header=y -e frame.number -e sip.Method -e sipdigest.username \
    -e sipdigest.algorithm -e sipdigest.qop -e sipdigest.verdict -e sipdigest.challenge_frame \
    -e sipdigest.answer_frame -e sipdigest.answer_status -e sipdigest.server_disagrees \
    -e sipdigest.reason |
    column -t -s "$(printf '\t')"
}

corpus="$top/testdata/corpus"
show_verdicts "REGISTER, MD5 qop=auth (kamailio + SIPp)" \
  "$corpus/register-md5-qop-auth/capture.pcapng" "$corpus/credentials.txt"
show_verdicts "calls with 407 Proxy-Authorization, ACK and BYE (kamailio + SIPp)" \
  "$corpus/call-proxy-auth/capture.pcapng" "$corpus/credentials.txt"
show_verdicts "SHA-256 (kamailio + linphone), ACK repeating the INVITE's credentials" \
  "$corpus/sha256-qop-auth/capture.pcapng" "$corpus/credentials.txt"

for scenario in "$top"/testdata/digest/*/; do
  [ -f "$scenario/capture.pcapng" ] || continue
  show_verdicts "$(basename "$scenario") (testdata/digest)" "$scenario/capture.pcapng" \
    "$scenario/credentials.txt"
done

digest="$top/testdata/digest"
echo
echo "== sipdigest: why invalid responses are invalid (testdata/digest/causes)"
"$tshark" -2 -r "$digest/causes/capture.pcapng" -o "sipdigest.credentials_file:$digest/causes/credentials.txt" \
  -Y 'sipdigest.verdict == "invalid"' -T fields -E header=y -e frame.number -e sip.Method \
  -e sipdigest.username -e sipdigest.cause | column -t -s "$(printf '\t')"

echo
echo "== sipdigest: nonce life and rspauth (testdata/digest/nonce-life)"
"$tshark" -2 -r "$digest/nonce-life/capture.pcapng" -o "sipdigest.credentials_file:$digest/nonce-life/credentials.txt" \
  -Y 'sipdigest.replay || sipdigest.nc_not_increasing || sipdigest.stale_nonce_frame || sipdigest.opaque_mismatch || sipdigest.rspauth' \
  -T fields -E header=y -e frame.number -e sip.Method -e sipdigest.username -e sipdigest.replay \
  -e sipdigest.nc_not_increasing -e sipdigest.stale_nonce_frame -e sipdigest.opaque_mismatch \
  -e sipdigest.rspauth | column -t -s "$(printf '\t')"

echo
echo "== sipdigest: weak passwords, without any credentials file (rule named, never the password)"
"$tshark" -r "$corpus/call-proxy-auth/capture.pcapng" -Y sipdigest.weak -T fields -E header=y \
  -e frame.number -e sipdigest.username -e sipdigest.weak_rule | column -t -s "$(printf '\t')"

echo
echo "== sipdigest: statistics (tshark -q -z sipdigest,stat)"
"$tshark" -2 -r "$corpus/sha256-qop-auth/capture.pcapng" -o "sipdigest.credentials_file:$corpus/credentials.txt" \
  -q -z sipdigest,stat | cut -c1-60

echo
echo "== sipdigest: hashcat -m 11400 lines (tshark -T fields -e sipdigest.hashcat)"
"$tshark" -r "$corpus/register-md5-qop-auth/capture.pcapng" -T fields -e sipdigest.hashcat \
  -Y sipdigest.hashcat | head -3

sipdiff="$build/comparator/sipdiff"
[ -x "$sipdiff" ] || exit 0
data="$top/testdata/sipdiff"
run_sipdiff() {
  title=$1
  shift
  echo
  echo "== sipdiff: $title"
  echo "   sipdiff $*"
  (cd "$data" && "$sipdiff" "$@") && status=0 || status=$?
  echo "   (exit status $status)"
}
run_sipdiff "kamailio's sipdump vs the capture: they agree" \
  call-proxy-auth/sipdump.data call-proxy-auth/capture.pcapng
run_sipdiff "sipdump vs capture over TCP (4028 messages, split and coalesced segments)" \
  tcp/sipdump.data.gz tcp/capture.pcapng.gz
run_sipdiff "a SIPp -trace_msg log vs the capture" \
  call-proxy-auth/sipp-uac-100.msg.log call-proxy-auth/capture.pcapng
run_sipdiff "FreeSWITCH's SIP trace (freeswitch.log layout) vs the capture" \
  sofia/freeswitch-1.10.log sofia/capture.pcapng
run_sipdiff "Asterisk's PJSIP logger layout (its full log, default dateformat) vs the capture" \
  --log-timezone UTC asterisk/full-default-dateformat.log call-proxy-auth/capture.pcapng
run_sipdiff "Asterisk's chan_sip debug (sip set debug on) in its full log vs the capture" \
  --log-timezone UTC asterisk/chan-sip-iso.log call-proxy-auth/capture.pcapng
run_sipdiff "kamailio's siptrace mirroring every message as HEPv3 (to a Homer server) vs the capture" \
  hep/hep.pcapng hep/capture.pcapng
run_sipdiff "the same mirrored over TCP, with two of its segments lost by the capture" \
  discrepancies/hep-tcp-dropped.pcapng hep/capture-tcp.pcapng
run_sipdiff "SIP over WebSocket (a WebRTC-style client registering through kamailio)" \
  ws/sipdump.data ws/capture.pcapng
run_sipdiff "the same with the capture begun after the WebSocket connection opened" \
  ws/sipdump.data discrepancies/ws-no-handshake.pcapng
run_sipdiff "SIP over TLS: the capture holds it encrypted, so it is not compared" \
  tls/sipdump.data tls/capture.pcapng
run_sipdiff "SIP over TLS decrypted by Wireshark with the client's key log, its export compared" \
  tls-decrypted/sipdump.data tls-decrypted/exported.pcapng
run_sipdiff "INVITEs of 3.7 kB over UDP on a 1500-byte MTU: IP fragments reassembled" \
  ../digest/kamailio-fragments/sipdump.data ../digest/kamailio-fragments/capture.pcapng
run_sipdiff "sofia-sip's own trace of its Digest client (FreeSWITCH's SIP stack), UDP then TCP" \
  ../digest/sofia-client/sofia-trace.log ../digest/sofia-client/capture.pcapng
run_sipdiff "a linphone client's own log (linphonec 5.1.65, SHA-256 run) vs the capture" \
  --log-timezone UTC sha256-qop-auth/linphonec-102.log sha256-qop-auth/capture.pcapng
run_sipdiff "a capture where an ALG rewrote a Contact header" \
  call-proxy-auth/sipdump.data discrepancies/alg-contact.pcapng
run_sipdiff "a server trace with two records missing" \
  discrepancies/dropped-records.data call-proxy-auth/capture.pcapng
run_sipdiff "a sniffer outside a NAT in front of the server (its public address in the capture)" \
  call-proxy-auth/sipdump.data discrepancies/nat.pcapng
run_sipdiff "a capture holding every packet twice (tcpdump -i any on a container host)" \
  call-proxy-auth/sipdump.data discrepancies/captured-twice.pcapng
echo
echo "== sipdiff: a server trace switched on 6 s after the sniffer (the first 8 lines)"
echo "   sipdiff discrepancies/late-log.data call-proxy-auth/capture.pcapng"
(cd "$data" && "$sipdiff" discrepancies/late-log.data call-proxy-auth/capture.pcapng | head -8)
echo
echo "== sipdiff: a server whose clock stepped 30 s forward during the run (an NTP correction)"
echo "   sipdiff discrepancies/clock-step.data call-proxy-auth/capture.pcapng"
(cd "$data" && "$sipdiff" discrepancies/clock-step.data call-proxy-auth/capture.pcapng)
echo
echo "== sipdiff: a server whose clock runs 500 ppm fast (the clock line)"
echo "   sipdiff discrepancies/clock-drift.data call-proxy-auth/capture.pcapng"
(cd "$data" && "$sipdiff" discrepancies/clock-drift.data call-proxy-auth/capture.pcapng | grep 'clock:')
echo
echo "== sipdiff: a sniffer run with tcpdump -s 400 (the first 12 lines)"
echo "   sipdiff call-proxy-auth/sipdump.data discrepancies/snaplen-400.pcapng"
(cd "$data" && "$sipdiff" call-proxy-auth/sipdump.data discrepancies/snaplen-400.pcapng | head -12)
echo
echo "== sipdiff: the trace from a pipe (gzip inflated on the fly)"
echo "   cat tcp/sipdump.data.gz | sipdiff - tcp/capture.pcapng.gz"
(cd "$data" && cat tcp/sipdump.data.gz | "$sipdiff" - tcp/capture.pcapng.gz | head -1)
