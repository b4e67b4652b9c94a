#!/usr/bin/env python3
"""Rewrites a kamailio sipdump trace (testdata/sipdiff/call-proxy-auth/sipdump.data) in the
layouts Asterisk writes to its `full` log. The messages and their order are the recorded ones;
the stamps are the record times in UTC, in logger.conf's dateformat. Only the remote address is
written, as Asterisk does.

  make_asterisk_log.py SIPDUMP OUT iso|default [pjsip|chan_sip]

iso: "%F %T" ("2026-11-24 01:16:59"); default: "%b %e %T" ("Nov 24 01:16:59", no year).

pjsip ("pjsip set logger on", res_pjsip_logger.c and logger.c of Asterisk 16-22): per message a
line "[stamp] VERBOSE[tid] res_pjsip_logger.c: <--- Received|Transmitting SIP request|response
(N bytes) from|to UDP:ip:port --->", the message exactly as on the wire (CRLF kept) and one more
LF; other modules' lines in between.

chan_sip ("sip set debug on", chan_sip.c of Asterisk 13.31-20): a received message as
"[stamp] VERBOSE[tid] chan_sip.c: " alone on its line, "<--- SIP read from UDP:ip:port --->",
the message as chan_sip's pedantic checking folds it (lws2sws(): no CR, blanks collapsed in the
headers, continuation lines joined, the last LF dropped), an LF and "<------------->", then a
record "--- (N headers M lines) ---"; a sent response likewise with
"<--- Transmitting (no NAT) to ip:port --->", the exact message and "<------------>"; a sent
request on the prefix line, "Reliably Transmitting (no NAT) to ip:port:" (ACK: "Transmitting"),
the exact message and "---". Chan_sip's other debug lines and a keep-alive a peer sent (an empty
received message) come in between.
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


def lws2sws(wire: bytes) -> bytes:
    """chan_sip's pedantic rewriting of a received message (Asterisk 13.31+, 16.8+, 18-20)."""
    out = bytearray()
    blanks = after_lf = False
    headers = True
    for i, c in enumerate(wire):
        if c == 13:
            continue
        if c == 10:
            headers = headers and not after_lf
            after_lf = True
            if i + 1 == len(wire):
                break
            if headers and wire[i + 1] in (32, 9):
                continue
            out.append(c)
            blanks = False
            continue
        after_lf = False
        if headers and c in (32, 9):
            if not blanks:
                out.append(c)
            blanks = True
            continue
        blanks = False
        out.append(c)
    return bytes(out)


def chan_sip_records(prefix: bytes, received: bool, message: bytes, peer: bytes,
                     transport: bytes) -> bytes:
    if received:
        head, _, body = message.partition(b"\r\n\r\n")
        return (prefix + b"\n<--- SIP read from " + transport + b":" + peer + b" --->\n" +
                lws2sws(message) + b"\n<------------->\n" + prefix + b"--- (%d headers %d lines) ---\n"
                % (head.count(b"\r\n"), body.count(b"\r\n")))
    if message.startswith(b"SIP/2.0 "):
        return (prefix + b"\n<--- Transmitting (no NAT) to " + peer + b" --->\n" + message +
                b"\n<------------>\n")
    reliably = b"" if message.startswith(b"ACK ") else b"Reliably "
    return (prefix + reliably + b"Transmitting (no NAT) to " + peer + b":\n" + message +
            b"\n---\n")


def main():
    src, out, style = sys.argv[1], sys.argv[2], sys.argv[3]
    layout = sys.argv[4] if len(sys.argv) > 4 else "pjsip"
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
        if layout == "chan_sip":
            prefix = b"[" + stamp + b"] VERBOSE[" + tid + b"] chan_sip.c: "
            if number % 10 == 7:
                lines.append(prefix + b"Scheduling destruction of SIP dialog '1-22711@127.0.0.1' "
                             b"in 32000 ms (Method: REGISTER)\n")
                lines.append(prefix + b"\n<--- SIP read from UDP:127.0.0.1:5070 --->\n\n"
                             b"<------------->\n")  # a peer's keep-alive
            lines.append(chan_sip_records(prefix, received, message, ip + b":" + port,
                                          transport))
            continue
        lines.append(b"[" + stamp + b"] VERBOSE[" + tid + b"] res_pjsip_logger.c: <--- " +
                     (b"Received" if received else b"Transmitting") + b" SIP " + kind +
                     b" (" + str(len(message)).encode() + b" bytes) " +
                     (b"from " if received else b"to ") + transport + b":" + ip + b":" + port +
                     b" --->\n" + message + b"\n")
    open(out, "wb").write(b"".join(lines))


if __name__ == "__main__":
    main()
