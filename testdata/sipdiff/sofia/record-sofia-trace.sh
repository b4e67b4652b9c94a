#!/bin/sh
# Records a real sofia-sip trace (TPORT_LOG=1, the logging FreeSWITCH's siptrace turns on) and a
# capture of the same messages: sofia-sip's sip-options asks SIPp (a UAS answering OPTIONS with
# an SDP body) four times over UDP and twice over TCP on loopback. Needs root (dumpcap on lo),
# sipp and sofia-sip-bin. Run in this folder: sh record-sofia-trace.sh OUTPUT_DIR
out=$1
dumpcap -q -i lo -f "port 5090" -w "$out/capture.pcapng" >/dev/null 2>&1 &
dp=$!
# sipp -bg exits non-zero once its child runs in the background: not an error.
sipp -sf uas-options.xml -i 127.0.0.1 -p 5090 -m 4 -bg >/dev/null 2>&1
sipp -sf uas-options.xml -i 127.0.0.1 -p 5090 -t t1 -m 4 -bg >/dev/null 2>&1
sleep 1.5
for i in 1 2 3 4; do
  TPORT_LOG=1 sip-options --bind=sip:127.0.0.1:5082 sip:probe@127.0.0.1:5090 \
    >/dev/null 2>>"$out/sofia-trace.log"
  sleep 0.2
done
for i in 1 2; do
  TPORT_LOG=1 sip-options --bind="sip:127.0.0.1:5083;transport=tcp" \
    "sip:probe@127.0.0.1:5090;transport=tcp" >/dev/null 2>>"$out/sofia-trace.log"
  sleep 0.2
done
sleep 1
kill $dp
pkill -f "sipp -sf uas-options.xml"
