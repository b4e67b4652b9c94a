#!/usr/bin/env python3
"""Builds the planted-discrepancy inputs of testdata/sipdiff/discrepancies from the real
call-proxy-auth and register-md5 runs. Python standard library only; editcap for the cut capture.

  make_discrepancies.py TESTDATA_DIR

Each output is described in testdata/sipdiff/discrepancies/README.md with what sipdiff must say.
"""
import calendar
import re
import struct
import subprocess
import sys
import time
from pathlib import Path

RECORD_START = b"====================\ntag: "


def sipdump_records(data: bytes):
    starts = [m.start() for m in re.finditer(re.escape(RECORD_START), data)]
    return [data[s:e] for s, e in zip(starts, starts[1:] + [len(data)])]


def drop_records(src: Path, dst: Path, drop: list):
    """Writes `src` without the records numbered in `drop` (1-based)."""
    records = sipdump_records(src.read_bytes())
    dst.write_bytes(b"".join(r for i, r in enumerate(records, 1) if i not in drop))


def cut_before(src: Path, dst: Path, epoch: int):
    """A sipdump file without the records written before `epoch` (the trace switched on late)."""
    records = sipdump_records(src.read_bytes())
    kept = [r for r in records if int(re.search(rb"time: (\d+)\.", r).group(1)) >= epoch]
    dst.write_bytes(b"".join(kept))


def cut_sipp_before(src: Path, dst: Path, stamp: bytes):
    """A SIPp -trace_msg log without the records stamped before `stamp` (same format)."""
    data = src.read_bytes()
    starts = [m.start() for m in re.finditer(rb"^-{47} (\S+ \S+)$", data, re.M)]
    records = [data[s:e] for s, e in zip(starts, starts[1:] + [len(data)])]
    dst.write_bytes(b"".join(r for r in records if r[48:74] >= stamp))


def drop_freeswitch_record(src: Path, dst: Path, number: int):
    """A FreeSWITCH 1.10 trace without its record `number` (1-based): from its first line to
    the next record's."""
    text = src.read_text(encoding="ascii")
    starts = [m.start() for m in re.finditer(r"^(recv|send) \d+ bytes ", text, re.M)]
    end = starts[number] if number < len(starts) else len(text)
    dst.write_text(text[:starts[number - 1]] + text[end:], encoding="ascii")


def drop_asterisk_records(src: Path, dst: Path, drop: list):
    """An Asterisk `full` log without its PJSIP logger records numbered in `drop` (1-based),
    each from its first line to the next log line (the file starts with one)."""
    data = src.read_bytes()
    starts = [m.start() for m in re.finditer(rb"^\[", data, re.M)] + [len(data)]
    lines = [data[s:e] for s, e in zip(starts, starts[1:])]
    records = [i for i, text in enumerate(lines)
               if b"res_pjsip_logger.c: <--- " in text.split(b"\n", 1)[0]]
    gone = {records[n - 1] for n in drop}
    dst.write_bytes(b"".join(text for i, text in enumerate(lines) if i not in gone))


def drop_linphone_record(src: Path, dst: Path, number: int):
    """A linphone log without its message record `number` (1-based): the header line, the byte
    count of message after it and the LF that ends it."""
    data = src.read_bytes()
    headers = list(re.finditer(rb"^\S+ \S+ belle-sip-\w+-channel \[0x[0-9a-f]+\]: (?:message sent "
                               rb"to \[[^]]+\], size: \[(\d+)\] bytes|received \[(\d+)\] new "
                               rb"bytes from \[[^]]+\]:)\n", data, re.M))
    m = headers[number - 1]
    size = int(m.group(1) or m.group(2))
    dst.write_bytes(data[:m.start()] + data[m.end() + size + 1:])


def shift_day(src: Path, dst: Path, seconds: int):
    """A sipdump file whose records all happened `seconds` earlier."""
    def shift(m):
        return b"time: %d.%s" % (int(m.group(1)) - seconds, m.group(2))
    dst.write_bytes(re.sub(rb"time: (\d+)\.(\d+)", shift, src.read_bytes()))


def step_clock(src: Path, dst: Path, from_epoch: int, seconds: int):
    """A sipdump file written by a server whose clock jumped by `seconds` at `from_epoch` (an NTP
    step): the records stamped from then on carry times (and dates) `seconds` later."""
    def shift(record: bytes) -> bytes:
        stamp = re.search(rb"time: (\d+)\.(\d+)", record)
        if int(stamp.group(1)) < from_epoch:
            return record
        moved = int(stamp.group(1)) + seconds
        record = record.replace(stamp.group(0), b"time: %d.%s" % (moved, stamp.group(2)), 1)
        date = time.strftime("%a %b %d %H:%M:%S %Y", time.gmtime(moved)).encode()
        return re.sub(rb"date: [^\n]*", b"date: " + date, record, count=1)
    dst.write_bytes(b"".join(shift(r) for r in sipdump_records(src.read_bytes())))


def drift_clock(src: Path, dst: Path, ppm: int):
    """A sipdump file written by a server whose clock runs `ppm` parts per million fast: each
    record's time (and date) moved later by `ppm` millionths of its distance from the first."""
    records = sipdump_records(src.read_bytes())
    first_us = None

    def drift(record: bytes) -> bytes:
        nonlocal first_us
        stamp = re.search(rb"time: (\d+)\.(\d{6})", record)
        us = int(stamp.group(1)) * 1000000 + int(stamp.group(2))
        first_us = us if first_us is None else first_us
        moved = us + (us - first_us) * ppm // 1000000
        record = record.replace(stamp.group(0),
                                b"time: %d.%06d" % (moved // 1000000, moved % 1000000), 1)
        date = time.strftime("%a %b %d %H:%M:%S %Y", time.gmtime(moved // 1000000)).encode()
        return re.sub(rb"date: [^\n]*", b"date: " + date, record, count=1)
    dst.write_bytes(b"".join(drift(r) for r in records))


def corrupt(src: Path, dst: Path):
    """Damages two records: record 3 gets an unreadable time, record 10 loses its end marker."""
    records = sipdump_records(src.read_bytes())
    records[2] = re.sub(rb"time: [0-9.]+", b"time: 17:16:40", records[2])
    records[9] = records[9].replace(b"||||||||||||||||||||\n", b"")
    dst.write_bytes(b"".join(records))


def ip_checksum(header: bytes) -> int:
    total = sum(struct.unpack("!%dH" % (len(header) // 2), header))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def rewrite_udp_payload(frame: bytes, old: bytes, new: bytes) -> bytes:
    """Ethernet + IPv4 + UDP frame with `old` replaced by `new` in the payload, lengths and the
    IPv4 checksum fixed, the UDP checksum set to 0 (allowed for IPv4)."""
    eth, ip = frame[:14], frame[14:]
    ihl = (ip[0] & 0x0F) * 4
    udp = ip[ihl:]
    payload = udp[8:].replace(old, new, 1)
    assert old in udp[8:], "pattern not in frame"
    udp_header = struct.pack("!HHHH", *struct.unpack("!HH", udp[:4]), 8 + len(payload), 0)
    ip_header = bytearray(ip[:ihl])
    struct.pack_into("!H", ip_header, 2, ihl + 8 + len(payload))
    struct.pack_into("!H", ip_header, 10, 0)
    struct.pack_into("!H", ip_header, 10, ip_checksum(bytes(ip_header)))
    return eth + bytes(ip_header) + udp_header + payload


def translate_server(frame: bytes, port: int, public_ip: bytes) -> bytes:
    """Ethernet + IPv4 + UDP frame as a sniffer outside a NAT sees it: the address of the
    server (UDP `port`) replaced by `public_ip`, IPv4 checksum fixed, UDP checksum 0. The SIP
    message is left as it is (a NAT, not an ALG)."""
    eth, ip = bytearray(frame[:14]), bytearray(frame[14:])
    ihl = (ip[0] & 0x0F) * 4
    src_port, dst_port = struct.unpack_from("!HH", ip, ihl)
    if src_port == port:
        ip[12:16] = public_ip
    if dst_port == port:
        ip[16:20] = public_ip
    struct.pack_into("!H", ip, 10, 0)
    struct.pack_into("!H", ip, 10, ip_checksum(bytes(ip[:ihl])))
    struct.pack_into("!H", ip, ihl + 6, 0)
    return bytes(eth + ip)


def rewrite_pcapng_frames(src: Path, dst: Path, rewrite):
    """Copies a little-endian pcapng, passing the packet of every Enhanced Packet Block through
    `rewrite` (which keeps its length)."""
    data, out, pos = src.read_bytes(), bytearray(), 0
    while pos < len(data):
        btype, blen = struct.unpack_from("<II", data, pos)
        block = data[pos:pos + blen]
        if btype == 6:
            caplen = struct.unpack_from("<I", block, 20)[0]
            packet = rewrite(block[28:28 + caplen])
            block = block[:28] + packet + block[28 + caplen:]
        out += block
        pos += blen
    dst.write_bytes(bytes(out))


def capture_twice(src: Path, dst: Path):
    """Copies a little-endian pcapng with every packet block written twice, the second a few
    timestamp units later: what a capture on two interfaces of a bridge holds."""
    data, out, pos = src.read_bytes(), bytearray(), 0
    while pos < len(data):
        btype, blen = struct.unpack_from("<II", data, pos)
        block = data[pos:pos + blen]
        out += block
        if btype == 6:
            hi, lo = struct.unpack_from("<II", block, 12)
            stamp = ((hi << 32) | lo) + 3
            out += block[:12] + struct.pack("<II", stamp >> 32, stamp & 0xFFFFFFFF) + block[20:]
        pos += blen
    dst.write_bytes(bytes(out))


def rewrite_pcapng_frame(src: Path, dst: Path, frame_no: int, old: bytes, new: bytes):
    """Copies a little-endian pcapng, rewriting the UDP payload of one Enhanced Packet Block."""
    data, out, pos, frame = src.read_bytes(), bytearray(), 0, 0
    while pos < len(data):
        btype, blen = struct.unpack_from("<II", data, pos)
        block = data[pos:pos + blen]
        if btype == 6:
            frame += 1
            if frame == frame_no:
                iface, ts_hi, ts_lo, caplen, origlen = struct.unpack_from("<IIIII", block, 8)
                packet = rewrite_udp_payload(block[28:28 + caplen], old, new)
                pad = b"\0" * (-len(packet) % 4)
                options = block[28 + caplen + (-caplen % 4):blen - 4]
                new_len = 28 + len(packet) + len(pad) + len(options) + 4
                block = (struct.pack("<IIIIIII", 6, new_len, iface, ts_hi, ts_lo, len(packet),
                                     len(packet)) + packet + pad + options +
                         struct.pack("<I", new_len))
        out += block
        pos += blen
    dst.write_bytes(bytes(out))


def main():
    testdata = Path(sys.argv[1])
    cpa = testdata / "call-proxy-auth"
    out = testdata / "discrepancies"
    out.mkdir(exist_ok=True)
    drop_records(cpa / "sipdump.data", out / "dropped-records.data", [9, 40])
    rewrite_pcapng_frame(cpa / "capture.pcapng", out / "alg-contact.pcapng", 3,
                         b"Contact: <sip:101@127.0.0.1:5070;transport=UDP>",
                         b"Contact: <sip:101@203.0.113.77:41234;transport=UDP>")
    # The first 8 messages (REGISTERs of 101 and 100) happen before 01:17:00.
    subprocess.run(["editcap", "-F", "pcapng", "-A", "2026-11-24 01:17:00",
                    str(cpa / "capture.pcapng"), str(out / "head-cut.pcapng")], check=True,
                   env={"TZ": "UTC"})
    capture_twice(cpa / "capture.pcapng", out / "captured-twice.pcapng")
    # Two HEP packets kamailio mirrored never reached the Homer side (frames 5 and 17).
    subprocess.run(["editcap", "-F", "pcapng", str(testdata / "hep" / "hep.pcapng"),
                    str(out / "hep-dropped.pcapng"), "5", "17"], check=True)
    # A sniffer run with a small snapshot length (tcpdump -s 400, -s 96, and the old default 68).
    for snaplen in (400, 96, 68):
        subprocess.run(["editcap", "-F", "pcapng", "-s", str(snaplen),
                        str(cpa / "capture.pcapng"), str(out / f"snaplen-{snaplen}.pcapng")],
                       check=True)
    rewrite_pcapng_frames(cpa / "capture.pcapng", out / "nat.pcapng",
                          lambda f: translate_server(f, 5060, bytes([203, 0, 113, 5])))
    # The same cut on the server's side: its trace switched on after the sniffer.
    cut_before(cpa / "sipdump.data", out / "late-log.data",
               calendar.timegm((2026, 11, 24, 1, 17, 5)))
    cut_sipp_before(cpa / "sipp-uac-100.msg.log", out / "late-sipp.msg.log",
                    b"2026-11-24 01:17:03.000000")
    corrupt(testdata / "register-md5-qop-auth" / "sipdump.data", out / "corrupt.data")
    drop_freeswitch_record(testdata / "sofia" / "freeswitch-1.10.log",
                           out / "freeswitch-dropped.log", 2)
    drop_asterisk_records(testdata / "asterisk" / "full-iso.log", out / "asterisk-dropped.log",
                          [9, 40])
    data = (cpa / "capture.pcapng").read_bytes()
    (out / "truncated.pcapng").write_bytes(data[:len(data) // 2])
    (out / "empty").write_bytes(b"")
    (out / "garbage.bin").write_bytes(bytes((i * 7919) % 251 for i in range(4096)))
    # The server's clock stepped 30 s forward at 01:17:03, in the middle of the calls.
    step_clock(cpa / "sipdump.data", out / "clock-step.data",
               calendar.timegm((2026, 11, 24, 1, 17, 3)), 30)
    # A server clock running 500 ppm fast (4 ms over the 8 s of the run).
    drift_clock(cpa / "sipdump.data", out / "clock-drift.data", 500)
    # linphonec 102 without its 4th message record: the REGISTER with its credentials.
    drop_linphone_record(testdata / "sha256-qop-auth" / "linphonec-102.log",
                         out / "linphone-dropped.log", 4)
    shift_day(testdata / "register-md5-no-qop" / "sipdump.data", out / "day-before.data", 86400)
    # A capture with traffic but no SIP: the TCP handshake and WebSocket upgrade (HTTP) only.
    subprocess.run(["editcap", "-F", "pcapng", "-r", str(testdata / "ws" / "capture.pcapng"),
                    str(out / "no-sip.pcapng"), "1-7"], check=True)


if __name__ == "__main__":
    main()
