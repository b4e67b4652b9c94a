#!/usr/bin/env python3
"""A capture without any SIP, for what the installed plugin costs runs that do not need it.

Usage:
    python3 make_dns_capture.py OUT.pcap [--packets 50000]

Writes a classic libpcap file (linktype 1, Ethernet / IPv4 / UDP with correct checksums) of DNS
queries and their answers between 127.0.0.1 and 127.0.0.53:53, and an empty credentials file
OUT.credentials.txt (the benchmark gives the plugin one in every run). Deterministic.
"""
import argparse
import struct
import time

from make_capture import packet

CLIENT = b'\x7f\x00\x00\x01'
RESOLVER = b'\x7f\x00\x00\x35'


def question(n):
    labels = [f'host{n}'.encode(), b'example', b'test']
    return b''.join(bytes([len(label)]) + label for label in labels) + b'\x00' + struct.pack('!HH', 1, 1)


def query(n):
    return struct.pack('!HHHHHH', n & 0xffff, 0x0100, 1, 0, 0, 0) + question(n)


def answer(n):
    record = b'\xc0\x0c' + struct.pack('!HHIH', 1, 1, 300, 4) + bytes([10, 0, (n >> 8) & 255, n & 255])
    return struct.pack('!HHHHHH', n & 0xffff, 0x8180, 1, 1, 0, 0) + question(n) + record


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('out')
    parser.add_argument('--packets', type=int, default=50000)
    args = parser.parse_args()
    start = int(time.mktime((2026, 1, 1, 0, 0, 0, 0, 0, -1)))
    with open(args.out, 'wb') as out:
        out.write(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
        for i in range(args.packets):
            n = i // 2
            port = 40000 + n % 20000
            if i % 2 == 0:
                frame = packet(CLIENT, port, RESOLVER, 53, query(n), i)
            else:
                frame = packet(RESOLVER, 53, CLIENT, port, answer(n), i)
            micros = i * 200
            out.write(struct.pack('<IIII', start + micros // 1000000, micros % 1000000, len(frame),
                                  len(frame)))
            out.write(frame)
    open(args.out + '.credentials.txt', 'w').close()
    print(f'{args.out}: {args.packets} DNS packets, no SIP')


if __name__ == '__main__':
    main()
