#!/usr/bin/env python3
"""Rewrites a kamailio sipdump trace (testdata/sipdiff/call-proxy-auth/sipdump.data) in the
layout Asterisk writes to its `full` log with "pjsip set logger on" (res_pjsip_logger.c and
logger.c of Asterisk 16-22): per message a line "[stamp] VERBOSE[tid] res_pjsip_logger.c:
<--- Received|Transmitting SIP request|response (N bytes) from|to UDP:ip:port --->", the message
exactly as on the wire (CRLF kept) and one more LF; other modules' lines in between. Only the
remote address is written, as Asterisk does. The messages and their order are the recorded
ones; the stamps are the record times in UTC, in logger.conf's dateformat:

  make_asterisk_log.py SIPDUMP OUT iso|default

iso: "%F %T" ("2026-11-24 01:16:59"); default: "%b %e %T" ("Nov 24 01:16:59", no year).
"""
import re
import sys
import time

RECORD_START = b"====================\ntag: "


def records(data: bytes):
    starts = [m.start() for m in re.finditer(re.escape(RECORD_START), data)]
    for s, e in zip(starts, starts[1:] + [len(data)]):
        record = data[s:e]
        head, _, rest = record.partition(b"~~~~~~~~~~~~~~~~~~~~\n")
        fields = dict(line.split(b": ", 1) for line in head.split(b"\n")[1:] if b": " in line)
        message = rest[:rest.rindex(b"||||||||||||||||||||\n")]
        yield fields, message


def main():
    src, out, style = sys.argv[1], sys.argv[2], sys.argv[3]
    stamp_format = "%Y-%m-%d %H:%M:%S" if style == "iso" else "%b %e %H:%M:%S"
    lines = []
    for number, (fields, message) in enumerate(records(open(src, "rb").read())):
        seconds = int(fields[b"time"].split(b".")[0])
        stamp = time.strftime(stamp_format, time.gmtime(seconds)).encode()
        received = fields[b"tag"] == b"rcv"
        kind = b"response" if message.startswith(b"SIP/2.0 ") else b"request"
        ip, port = (fields[b"srcip"], fields[b"srcport"]) if received else (
            fields[b"dstip"], fields[b"dstport"])
        transport = fields[b"proto"].split(b" ")[0].upper()
        tid = b"4711" if received else b"4712"
        if number % 10 == 5:
            lines.append(b"[" + stamp + b"] VERBOSE[4720][C-00000001] pbx.c:     -- Executing "
                         b"[101@from-internal:1] Dial(\"PJSIP/100-00000001\", \"PJSIP/101\") "
                         b"in new stack\n")
        lines.append(b"[" + stamp + b"] VERBOSE[" + tid + b"] res_pjsip_logger.c: <--- " +
                     (b"Received" if received else b"Transmitting") + b" SIP " + kind +
                     b" (" + str(len(message)).encode() + b" bytes) " +
                     (b"from " if received else b"to ") + transport + b":" + ip + b":" + port +
                     b" --->\n" + message + b"\n")
    open(out, "wb").write(b"".join(lines))


if __name__ == "__main__":
    main()
