#!/usr/bin/env python3
"""Rewrites a kamailio sipdump trace (testdata/sipdiff/call-proxy-auth/sipdump.data) as the pcap
Asterisk's PJSIP logger writes with "pjsip set logger pcap FILE" (res_pjsip_logger.c,
pjsip_logger_write_to_pcap(), Asterisk 13.34+, 16.11+, 17.5+, 18+): classic libpcap (magic
0xa1b2c3d4, version 2.4, snaplen 65535, Ethernet), each message in a fake frame: zero MACs, an
IPv4 header with TTL 128 and checksum 0, a UDP header (whatever the transport) and the message.
Asterisk knows only the peer's address: a sent message has source 0.0.0.0:0, a received one
destination 0.0.0.0:0. Times are the records' own, in microseconds.

  make_asterisk_pcap.py SIPDUMP OUT
"""
import socket
import struct
import sys

from make_asterisk_log import records  # the same sipdump records, read the same way


def frame(src_ip: str, src_port: int, dst_ip: str, dst_port: int, payload: bytes) -> bytes:
    udp = struct.pack("!HHHH", src_port, dst_port, 8 + len(payload), 0) + payload
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 0, 0, 128, 17, 0,
                     socket.inet_aton(src_ip), socket.inet_aton(dst_ip)) + udp
    return b"\0" * 12 + b"\x08\x00" + ip


def main():
    src, out = sys.argv[1], sys.argv[2]
    blocks = [struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1)]
    for fields, message in records(open(src, "rb").read()):
        seconds, micros = fields[b"time"].split(b".")
        peer_ip, peer_port = ((fields[b"srcip"], fields[b"srcport"]) if fields[b"tag"] == b"rcv"
                              else (fields[b"dstip"], fields[b"dstport"]))
        peer = (peer_ip.decode(), int(peer_port))
        ends = (peer + ("0.0.0.0", 0)) if fields[b"tag"] == b"rcv" else (("0.0.0.0", 0) + peer)
        data = frame(*ends, message)
        blocks.append(struct.pack("<IIII", int(seconds), int(micros.ljust(6, b"0")[:6]),
                                  len(data), len(data)) + data)
    open(out, "wb").write(b"".join(blocks))


if __name__ == "__main__":
    main()
