#!/usr/bin/env python3
"""Writes the small seed inputs in seeds/<target>/ from the real captures in testdata/.

Run from anywhere: python3 tests/fuzz/make_seeds.py (needs editcap, from Wireshark). The seeds
are committed; run this again only to change them. Targets whose seeds are whole testdata files
(capture_reader, sipdump_reader, sipp_reader, credentials) reference them in CMakeLists.txt.
"""
import gzip
import os
import shutil
import struct
import subprocess
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
TESTDATA = os.path.join(HERE, "..", "..", "testdata")
SEEDS = os.path.join(HERE, "seeds")


def frames(capture):
    """(time, Ethernet frame bytes) of every packet, read through editcap -F pcap."""
    with tempfile.TemporaryDirectory() as tmp:
        pcap = os.path.join(tmp, "c.pcap")
        subprocess.run(["editcap", "-F", "pcap", capture, pcap], check=True)
        data = open(pcap, "rb").read()
    magic = struct.unpack("<I", data[:4])[0]
    endian = "<" if magic in (0xA1B2C3D4, 0xA1B23C4D) else ">"
    nano = magic in (0xA1B23C4D, 0x4D3CB2A1)
    pos, out = 24, []
    while pos + 16 <= len(data):
        sec, frac, incl, _ = struct.unpack(endian + "IIII", data[pos:pos + 16])
        out.append((sec + frac / (1e9 if nano else 1e6), data[pos + 16:pos + 16 + incl]))
        pos += 16 + incl
    return out


def decode(frame):
    """(src, dst, proto, sport, dport, seq, flags, payload) of an Ethernet/IP/UDP|TCP frame."""
    ethertype = struct.unpack(">H", frame[12:14])[0]
    ip = frame[14:]
    if ethertype == 0x0800:
        ihl = (ip[0] & 15) * 4
        total = struct.unpack(">H", ip[2:4])[0]
        proto, src, dst, l4 = ip[9], ip[12:16], ip[16:20], ip[ihl:total]
    elif ethertype == 0x86DD:
        plen = struct.unpack(">H", ip[4:6])[0]
        proto, src, dst, l4 = ip[6], ip[8:24], ip[24:40], ip[40:40 + plen]
    else:
        return None
    if proto == 17:
        sport, dport = struct.unpack(">HH", l4[:4])
        return src, dst, proto, sport, dport, 0, 0, l4[8:]
    if proto == 6:
        sport, dport, seq = struct.unpack(">HHI", l4[:8])
        offset = (l4[12] >> 4) * 4
        return src, dst, proto, sport, dport, seq, l4[13], l4[offset:]
    return None


def sip_payloads(capture):
    out = []
    for _, frame in frames(capture):
        d = decode(frame)
        if d and d[7] and (d[7].startswith(b"SIP/2.0") or b" SIP/2.0\r\n" in d[7][:300]):
            out.append(d[7])
    return out


def first_message(payload):
    head, _, rest = payload.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n"):
        name, _, value = line.partition(b":")
        if name.strip().lower() in (b"content-length", b"l"):
            length = int(value.strip() or 0)
    return head + b"\r\n\r\n" + rest[:length]


def headers(message):
    head = message.partition(b"\r\n\r\n")[0].split(b"\r\n")
    return head[0], [(n.strip(), v.strip()) for n, _, v in (h.partition(b":") for h in head[1:])]


def write(target, name, data):
    folder = os.path.join(SEEDS, target)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data)


def pick(payloads, predicate):
    return next(first_message(p) for p in payloads if predicate(first_message(p)))


def sip_seeds():
    reg = sip_payloads(os.path.join(TESTDATA, "corpus/register-md5-qop-auth/capture.pcapng"))
    call = sip_payloads(os.path.join(TESTDATA, "corpus/call-proxy-auth/capture.pcapng"))
    life = sip_payloads(os.path.join(TESTDATA, "digest/nonce-life/capture.pcapng"))
    authint = sip_payloads(os.path.join(TESTDATA, "digest/auth-int/capture.pcapng"))
    multi = sip_payloads(os.path.join(TESTDATA, "digest/multi-header/capture.pcapng"))
    write("sip", "register-authorization", pick(reg, lambda m: b"\r\nAuthorization:" in m))
    write("sip", "401-www-authenticate", pick(reg, lambda m: m.startswith(b"SIP/2.0 401")))
    write("sip", "407-proxy-authenticate", pick(call, lambda m: m.startswith(b"SIP/2.0 407")))
    write("sip", "invite-proxy-authorization-sdp",
          pick(call, lambda m: m.startswith(b"INVITE") and b"Proxy-Authorization:" in m))
    write("sip", "200-authentication-info",
          pick(life, lambda m: m.startswith(b"SIP/2.0 200") and b"Authentication-Info:" in m))
    write("sip", "auth-int-with-body",
          pick(authint, lambda m: b"qop=auth-int" in m and not m.endswith(b"\r\n\r\n")))
    write("sip", "several-authorization",
          pick(multi, lambda m: m.count(b"uthorization:") >= 2))


def credential_check_seeds():
    scenarios = ["corpus/register-md5-qop-auth", "corpus/sha256-qop-auth", "digest/auth-int",
                 "digest/userhash", "digest/causes", "corpus/register-md5-no-qop"]
    for scenario in scenarios:
        messages = [first_message(p) for p in
                    sip_payloads(os.path.join(TESTDATA, scenario, "capture.pcapng"))]
        challenge = {}
        for m in messages:
            start, hs = headers(m)
            for name, value in hs:
                if name.lower() in (b"www-authenticate", b"proxy-authenticate"):
                    params = dict(p.strip().split(b"=", 1) for p in value[7:].split(b",")
                                  if b"=" in p)
                    challenge = {k.strip(): v.strip(b'"') for k, v in params.items()}
                if name.lower() in (b"authorization", b"proxy-authorization"):
                    method, uri = start.split(b" ")[:2]
                    body = m.partition(b"\r\n\r\n")[2]
                    write("credential_check", scenario.replace("/", "-"),
                          b"\0".join([value, method, uri, body, challenge.get(b"realm", b""),
                                      challenge.get(b"qop", b""), b"olderNonce"]))
                    break
            else:
                continue
            break


def exchange_seeds():
    scenarios = {"register-md5-qop-auth": "corpus/register-md5-qop-auth",
                 "call-proxy-auth": "corpus/call-proxy-auth",
                 "nonce-life": "digest/nonce-life", "causes": "digest/causes",
                 "userhash": "digest/userhash", "precomputed-ha1": "digest/precomputed-ha1",
                 "multi-header": "digest/multi-header", "algorithms": "digest/algorithms"}
    corpus_credentials = open(os.path.join(TESTDATA, "corpus/credentials.txt"), "rb").read()
    for name, scenario in scenarios.items():
        own = os.path.join(TESTDATA, scenario, "credentials.txt")
        if os.path.exists(own):
            credentials = open(own, "rb").read()
        else:
            credentials = b"\n".join(line for line in corpus_credentials.split(b"\n")
                                     if line.split(b":")[0] in (b"100", b"101", b"102"))
        messages = [first_message(p) for p in
                    sip_payloads(os.path.join(TESTDATA, scenario, "capture.pcapng"))]
        data = credentials
        for m in messages:
            if len(data) + len(m) > 8000:
                break
            data += b"\0" + m
        write("exchange", name, data)


def sip_framing_seeds():
    tcp = [d for d in (decode(f) for _, f in
                       frames(os.path.join(TESTDATA, "digest/ipv6-tcp/capture.pcapng")))
           if d and d[2] == 6 and d[7]]
    stream = b"".join(d[7] for d in tcp if d[4] == tcp[0][4])[:6000]
    write("sip_framing", "ipv6-tcp-stream", b"\x00\x40" + stream)
    write("sip_framing", "ipv6-tcp-stream-small-pieces-gaps", b"\x03\x07" + stream[:3000])
    reg = [first_message(p) for p in
           sip_payloads(os.path.join(TESTDATA, "corpus/register-md5-qop-auth/capture.pcapng"))]
    write("sip_framing", "keepalives-between", b"\x00\xff" + b"\r\n\r\n".join(reg[:4]) + b"\r\n")


def packet_seeds():
    # Selector = index in fuzz_packet.cpp's kTypes: 1 Ethernet, 2 raw, 6 SLL, 9 SLL2, 0 null.
    udp = frames(os.path.join(TESTDATA, "capture/udp-register.pcapng"))[0][1]
    tcp6 = next(f for _, f in frames(os.path.join(TESTDATA, "digest/ipv6-tcp/capture.pcapng"))
                if decode(f) and decode(f)[7])
    write("packet", "ethernet-ipv4-udp-sip", b"\x01" + udp)
    write("packet", "ethernet-ipv6-tcp-sip", b"\x01" + tcp6)
    write("packet", "raw-ipv4-udp-sip", b"\x02" + udp[14:])
    sll = struct.pack(">HHH8sH", 0, 772, 6, b"\0" * 8, 0x86DD)
    write("packet", "sll-ipv6-tcp-sip", b"\x06" + sll + tcp6[14:])
    sll2 = struct.pack(">HHIHBB8s", 0x0800, 0, 1, 772, 0, 6, b"\0" * 8)
    write("packet", "sll2-ipv4-udp-sip", b"\x09" + sll2 + udp[14:])
    write("packet", "null-ipv4-udp-sip", b"\x00" + struct.pack("<I", 2) + udp[14:])
    vlan = udp[:12] + b"\x81\x00\x00\x05" + udp[12:]
    write("packet", "ethernet-vlan-ipv4-udp-sip", b"\x01" + vlan)


def ip_reassembly_seeds():
    reg = pick(sip_payloads(os.path.join(TESTDATA, "corpus/register-md5-qop-auth/capture.pcapng")),
               lambda m: b"\r\nAuthorization:" in m)
    datagram = struct.pack(">HHHH", 5061, 5060, 8 + len(reg), 0) + reg
    pieces = [(o, datagram[o:o + 200]) for o in range(0, len(datagram), 200)]

    def record(flags, offset, step, data):
        return struct.pack(">BHBB", flags, offset, step, len(data)) + data

    def fragments(v6, order):
        out = b""
        for i in order:
            offset, data = pieces[i]
            more = 8 if i < len(pieces) - 1 else 0
            out += record((1 if v6 else 0) | more, offset, 1, data)
        return out

    write("ip_reassembly", "ipv4-in-order", fragments(False, range(len(pieces))))
    write("ip_reassembly", "ipv6-reversed", fragments(True, reversed(range(len(pieces)))))
    write("ip_reassembly", "ipv4-duplicate-and-expire",
          fragments(False, [0, 0]) + record(0x20, 0, 40, b"") +
          fragments(False, range(len(pieces))))


def tcp_reassembly_seeds():
    segments = [(t, d) for t, d in
                ((t, decode(f)) for t, f in
                 frames(os.path.join(TESTDATA, "digest/ipv6-tcp/capture.pcapng")))
                if d and d[2] == 6]
    connections = []
    out, last = b"", segments[0][0]
    for t, (src, dst, _, sport, dport, seq, flags, payload) in segments:
        key = (min(sport, dport), max(sport, dport))
        if key not in connections:
            if len(connections) == 3:
                continue
            connections.append(key)
        flow = connections.index(key) + (0 if sport > dport else 3)
        step = min(255, int((t - last) * 10))
        last = t
        chunks = [payload[i:i + 255] for i in range(0, len(payload), 255)] or [b""]
        for i, chunk in enumerate(chunks):
            out += struct.pack(">BBIBB", flow | 0x10, flags, (seq + 255 * i) & 0xFFFFFFFF,
                               step if i == 0 else 0, len(chunk)) + chunk
        if len(out) > 6000:
            break
    write("tcp_reassembly", "ipv6-tcp-connections", out)
    # The same segments with every second record moved after the next one (out of order).
    write("tcp_reassembly", "out-of-order", swap_records(out))


def swap_records(data):
    records, pos = [], 0
    while pos < len(data):
        length = 8 + data[pos + 7]
        records.append(data[pos:pos + length])
        pos += length
    for i in range(0, len(records) - 1, 2):
        records[i], records[i + 1] = records[i + 1], records[i]
    return b"".join(records)


def tcp_stream_seeds():
    def record(flags, offset, length):
        return struct.pack(">BHB", flags, offset, length)

    write("tcp_stream", "in-order-across-wrap",
          record(2, 0, 0) + record(0, 1, 200) + record(0, 201, 200) + record(1, 401, 10))
    write("tcp_stream", "out-of-order-overlap",
          record(0, 300, 100) + record(0, 100, 250) + record(0, 0, 120) + record(0, 350, 60))
    write("tcp_stream", "hole-skipped-then-flush",
          record(0, 0, 10) + b"".join(record(0, 100 + 200 * i, 200) for i in range(4)) +
          record(0x80, 0, 0) + record(0, 5, 40))


def capture_reader_seeds():
    folder = os.path.join(SEEDS, "capture_reader")
    os.makedirs(folder, exist_ok=True)
    udp = frames(os.path.join(TESTDATA, "capture/udp-register.pcapng"))
    with open(os.path.join(folder, "udp-register-head.pcap.gz"), "wb") as f:
        f.write(gzip.compress(pcap(1, [(t, fr) for t, fr in udp[:4]]), mtime=0))
    write("capture_reader", "raw-ipv4.pcap", pcap(101, [(t, fr[14:]) for t, fr in udp[:4]]))
    sll = struct.pack(">HHH8sH", 0, 772, 6, b"\0" * 8, 0x0800)
    write("capture_reader", "sll-ipv4.pcap", pcap(113, [(t, sll + fr[14:]) for t, fr in udp[:4]]))


def pcap(linktype, packets):
    out = struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, linktype)
    for t, data in packets:
        out += struct.pack("<IIII", int(t), int((t % 1) * 1e6), len(data), len(data)) + data
    return out


def sipdump_reader_seeds():
    text = open(os.path.join(TESTDATA, "sipdiff/register-md5-qop-auth/sipdump.data"), "rb").read()
    records = text.split(b"====================\n")
    write("sipdump_reader", "three-records", b"====================\n".join(records[:4]))


def compare_seeds():
    """fuzz_compare inputs with the timing of the real call-proxy-auth run: each sipdump record
    as a log record and as a capture record 0-1 ms later, in time order."""
    data = open(os.path.join(TESTDATA, "sipdiff", "call-proxy-auth", "sipdump.data"), "rb").read()
    records = []
    for text in data.split(b"====================\ntag: ")[1:]:
        fields = dict(line.split(b": ", 1) for line in text.split(b"\n~~~~", 1)[0].split(b"\n")[1:]
                      if b": " in line)
        body = text.split(b"~~~~~~~~~~~~~~~~~~~~\n", 1)[1]
        call_id = [l for l in body.split(b"\r\n") if l.lower().startswith(b"call-id:")][0]
        records.append((float(fields[b"time"]), text.startswith(b"snd"),
                        body.startswith(b"SIP/2.0"), call_id))
    records.sort()
    calls = {}

    def encode(options, jump_at=None, drop=None, rewrite=None):
        out, last = bytearray([options]), [records[0][0]] * 2
        for i, (t, sent, response, call_id) in enumerate(records):
            call = calls.setdefault(call_id, len(calls))
            for side in (0, 1):
                if side == 1 and i == drop:
                    continue
                when = t + 0.0005 * side
                step = max(0, round((when - last[side]) * 1000))
                last[side] = when
                flags = side | (2 if response else 0) | (4 if sent else 0)
                flags |= 0x20 if side == 0 and i == jump_at else 0
                flags |= 8 if side == 1 and i == rewrite else 0
                out += bytes([flags]) + struct.pack(">H", step) + bytes([call % 256])
        return bytes(out)
    write("compare", "call-proxy-auth", encode(0x04))
    write("compare", "call-proxy-auth-clock-jump", encode(0x04, jump_at=len(records) // 2))
    write("compare", "call-proxy-auth-dropped-rewritten-sipp", encode(0x44, drop=9, rewrite=20))


if __name__ == "__main__":
    for target in ["sip", "credential_check", "exchange", "sip_framing", "packet",
                   "ip_reassembly", "tcp_reassembly", "tcp_stream", "capture_reader", "sipdump_reader",
                   "compare"]:
        shutil.rmtree(os.path.join(SEEDS, target), ignore_errors=True)
    sip_seeds()
    credential_check_seeds()
    exchange_seeds()
    sip_framing_seeds()
    packet_seeds()
    ip_reassembly_seeds()
    tcp_reassembly_seeds()
    tcp_stream_seeds()
    capture_reader_seeds()
    sipdump_reader_seeds()
    compare_seeds()
