#!/bin/sh
# The main job, on data shipped in testdata/: the plugin's verdicts through tshark, then a
# sipdiff comparison. Called by `cmake --build build --target demo` with the build dir.
set -eu
build=$1
top=$(cd "$(dirname "$0")/.." && pwd)
tshark="$build/tshark-sipdigest"

show_verdicts() {
  title=$1 capture=$2 credentials=$3
  echo
  echo "== sipdigest: $title"
  echo "   tshark -2 -r $capture -o sipdigest.credentials_file:$credentials ..."
  "$tshark" -2 -r "$capture" -o tcp.reassemble_out_of_order:TRUE \
    -o "sipdigest.credentials_file:$credentials" -Y sipdigest.verdict \
    -T fields -E header=y -e frame.number -e sip.Method -e sipdigest.username \
    -e sipdigest.algorithm -e sipdigest.qop -e sipdigest.verdict -e sipdigest.challenge_frame \
    -e sipdigest.answer_frame -e sipdigest.answer_status -e sipdigest.reason |
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

echo
echo "== sipdigest: expert infos of the calls capture"
"$tshark" -2 -r "$corpus/call-proxy-auth/capture.pcapng" \
  -o "sipdigest.credentials_file:$corpus/credentials.txt" -q -z expert,sipdigest,note

if [ -x "$build/comparator/sipdiff" ] && [ -f "$top/cmake/demo-sipdiff.sh" ]; then
  sh "$top/cmake/demo-sipdiff.sh" "$build"
fi
