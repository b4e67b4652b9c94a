#!/usr/bin/env python3
"""Rewrites a sofia-sip 1.12 trace (testdata/sipdiff/sofia/sofia-trace.log, recorded with
Debian's sofia-sip) in the layout FreeSWITCH 1.10 writes to freeswitch.log (sofia-sip 1.13,
tport_logging.c): message lines not indented, no closing line of dashes but one more line end
after each message (sofia-sip >= 1.13.8), and dated FreeSWITCH log lines between the records.
The messages, byte counts and times are the recorded ones.

  make_freeswitch_log.py SOFIA_TRACE OUT DATE
"""
import re
import sys

DASHES = "-" * 72


def main():
    src, out, date = sys.argv[1], sys.argv[2], sys.argv[3]
    lines = open(src, encoding="ascii").read().split("\n")
    result = [f"{date} 09:04:15.500000 98.93% [NOTICE] mod_sofia.c:2811 Starting SIP trace"]
    header = re.compile(r"^(recv|send) \d+ bytes (from|to) \S+ at (\d\d:\d\d:\d\d\.\d{6}):$")
    records = 0
    for line in lines:
        m = header.match(line)
        if m:
            if records and records % 4 == 0:
                # A dated line of FreeSWITCH's own between two exchanges.
                result.append(f"{date} {m.group(3)} 98.90% [DEBUG] sofia.c:7493 "
                              "Channel sofia/internal/probe entering state [calling][0]")
            records += 1
            result.append(line)
        elif line == "   " + DASHES:
            if result[-1].startswith(("recv ", "send ")):
                result.append(DASHES)
            else:
                result.append("")  # the closing line becomes the blank line "%s\n" adds
        elif line.startswith("   "):
            result.append(line[3:])
        elif line:
            result.append(line)
    open(out, "w", encoding="ascii").write("\n".join(result) + "\n")


if __name__ == "__main__":
    main()
