#!/usr/bin/env python3
"""Benchmark capture for sipdigest: many REGISTER digest cycles in one pcap.

Usage:
    python3 make_capture.py OUT.pcap [--messages 50000] [--credentials OUT.credentials.txt]
                            [--users 1000] [--seed 1] [--calls-per-registration 0]

Writes a classic libpcap file (linktype 1, Ethernet / IPv4 / UDP, correct IP
header checksum, UDP checksum and lengths) holding cycles of

    REGISTER -> 401 (WWW-Authenticate) -> REGISTER + Authorization -> 200

between 127.0.0.1:<client port> and 127.0.0.1:5060, 4 SIP messages per cycle,
each followed by --calls-per-registration calls without authentication
(INVITE with SDP -> 100 -> 180 -> 200 with SDP -> ACK -> BYE -> 200: 7 messages
each), as a PBX's traffic mixes registrations and calls (--messages is rounded
up to whole cycles; default 50,000). Every second
cycle uses SHA-256 qop=auth, the others MD5 qop=auth; every digest is computed
from the user's password and is valid. Also writes the sipdigest credentials
file (username:realm:password, default OUT.credentials.txt). Deterministic
for a given --seed. Nothing is written into the repository unless you ask.
Prints a one-line summary (messages, credential headers, per algorithm).
"""
import argparse
import hashlib
import random
import struct
import sys
import time
from array import array

REALM = 'bench.lab.test'
SRV = (b'\x7f\x00\x00\x01', 5060)


def csum16(data):
    if len(data) % 2:
        data += b'\x00'
    a = array('H', data)
    if sys.byteorder == 'little':
        a.byteswap()
    s = sum(a)
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return (~s) & 0xffff


def packet(src, sport, dst, dport, payload, ip_id):
    ulen = 8 + len(payload)
    pseudo = src + dst + struct.pack('!BBH', 0, 17, ulen)
    udp0 = struct.pack('!HHHH', sport, dport, ulen, 0)
    uc = csum16(pseudo + udp0 + payload) or 0xffff
    udp = struct.pack('!HHHH', sport, dport, ulen, uc)
    tot = 20 + ulen
    ip0 = struct.pack('!BBHHHBBH4s4s', 0x45, 0, tot, ip_id & 0xffff, 0x4000, 64, 17, 0, src, dst)
    ip = struct.pack('!BBHHHBBH4s4s', 0x45, 0, tot, ip_id & 0xffff, 0x4000, 64, 17, csum16(ip0), src, dst)
    eth = b'\x00' * 12 + b'\x08\x00'
    return eth + ip + udp + payload


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('out')
    ap.add_argument('--messages', type=int, default=50000)
    ap.add_argument('--credentials')
    ap.add_argument('--users', type=int, default=1000)
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--calls-per-registration', type=int, default=0)
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    alphabet = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789-_.!'
    users = [('u%05d' % i, ''.join(rnd.choice(alphabet) for _ in range(14))) for i in range(a.users)]
    cred_path = a.credentials or a.out + '.credentials.txt'
    with open(cred_path, 'w') as f:
        f.write('# sipdigest benchmark credentials (realm %s)\n' % REALM)
        for u, p in users:
            f.write('%s:%s:%s\n' % (u, REALM, p))

    per_cycle = 4 + 7 * a.calls_per_registration
    cycles = (a.messages + per_cycle - 1) // per_cycle
    src = b'\x7f\x00\x00\x01'
    t = 1795500000.0
    ip_id = 1
    counts = {'MD5': 0, 'SHA-256': 0}
    with open(a.out, 'wb') as f:
        f.write(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))

        def emit(sport, dport, to_server, payload):
            nonlocal t, ip_id
            s, d = (src, SRV[0]) if to_server else (SRV[0], src)
            pkt = packet(s, sport if to_server else dport, d, dport if to_server else sport, payload, ip_id)
            ip_id += 1
            sec = int(t)
            f.write(struct.pack('<IIII', sec, int((t - sec) * 1e6), len(pkt), len(pkt)) + pkt)
            t += 0.0001

        for c in range(cycles):
            user, pw = users[c % len(users)]
            alg = 'SHA-256' if c % 2 else 'MD5'
            fam = 'sha256' if c % 2 else 'md5'
            H = lambda s: hashlib.new(fam, s.encode()).hexdigest()
            cport = 20000 + (c % 40000)
            cid = 'bench-%d-%08x@127.0.0.1' % (c, rnd.getrandbits(32))
            ftag = '%08x' % rnd.getrandbits(32)
            ttag = '%08x' % rnd.getrandbits(32)
            nonce = '%032x' % rnd.getrandbits(128)
            cnonce = '%016x' % rnd.getrandbits(64)
            uri = 'sip:%s' % REALM

            def req(cseq, branch, auth=''):
                return ('REGISTER %s SIP/2.0\r\n'
                        'Via: SIP/2.0/UDP 127.0.0.1:%d;branch=%s;rport\r\n'
                        'Max-Forwards: 70\r\n'
                        'From: <sip:%s@%s>;tag=%s\r\n'
                        'To: <sip:%s@%s>\r\n'
                        'Call-ID: %s\r\n'
                        'CSeq: %d REGISTER\r\n'
                        'Contact: <sip:%s@127.0.0.1:%d>\r\n'
                        '%s'
                        'Expires: 3600\r\n'
                        'User-Agent: sipaudit-bench/1\r\n'
                        'Content-Length: 0\r\n\r\n'
                        % (uri, cport, branch, user, REALM, ftag, user, REALM, cid, cseq, user, cport, auth)).encode()

            def resp(code, reason, cseq, branch, extra=''):
                return ('SIP/2.0 %d %s\r\n'
                        'Via: SIP/2.0/UDP 127.0.0.1:%d;branch=%s;rport=%d;received=127.0.0.1\r\n'
                        'From: <sip:%s@%s>;tag=%s\r\n'
                        'To: <sip:%s@%s>;tag=%s\r\n'
                        'Call-ID: %s\r\n'
                        'CSeq: %d REGISTER\r\n'
                        '%s'
                        'Server: sipaudit-bench-registrar/1\r\n'
                        'Content-Length: 0\r\n\r\n'
                        % (code, reason, cport, branch, cport, user, REALM, ftag, user, REALM, ttag, cid, cseq,
                           extra)).encode()

            b1 = 'z9hG4bK-b%d-1' % c
            b2 = 'z9hG4bK-b%d-2' % c
            emit(cport, 5060, True, req(1, b1))
            emit(cport, 5060, False, resp(401, 'Unauthorized', 1, b1,
                                          'WWW-Authenticate: Digest realm="%s", nonce="%s", qop="auth", '
                                          'algorithm=%s, opaque="bench"\r\n' % (REALM, nonce, alg)))
            ha1 = H('%s:%s:%s' % (user, REALM, pw))
            ha2 = H('REGISTER:%s' % uri)
            r = H('%s:%s:00000001:%s:auth:%s' % (ha1, nonce, cnonce, ha2))
            auth = ('Authorization: Digest username="%s", realm="%s", nonce="%s", uri="%s", response="%s", '
                    'algorithm=%s, cnonce="%s", qop=auth, nc=00000001, opaque="bench"\r\n'
                    % (user, REALM, nonce, uri, r, alg, cnonce))
            emit(cport, 5060, True, req(2, b2, auth))
            emit(cport, 5060, False, resp(200, 'OK', 2, b2, 'Contact: <sip:%s@127.0.0.1:%d>;expires=3600\r\n'
                                          % (user, cport)))
            counts[alg] += 1
            for k in range(a.calls_per_registration):
                for to_server, message in call(user, cport, 'call-%d-%d-%08x@127.0.0.1'
                                               % (c, k, rnd.getrandbits(32)), c, k):
                    emit(cport, 5060, to_server, message)
    print('%s: %d SIP messages, %d credential headers (MD5 %d, SHA-256 %d), all valid; credentials: %s'
          % (a.out, cycles * per_cycle, cycles, counts['MD5'], counts['SHA-256'], cred_path))


def call(user, cport, cid, c, k):
    """One call from `user` through the server, without authentication: (to_server, bytes)."""
    ftag, ttag = 'f%d-%d' % (c, k), 't%d-%d' % (c, k)
    sdp = ('v=0\r\no=- %d 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n'
           'm=audio %d RTP/AVP 0 8 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\n'
           'a=rtpmap:101 telephone-event/8000\r\na=sendrecv\r\n' % (c, 30000 + 2 * (c % 10000)))

    def msg(first, branch, cseq, method, to_tag, body='', extra=''):
        return ('%s\r\n'
                'Via: SIP/2.0/UDP 127.0.0.1:%d;branch=%s;rport\r\n'
                'Max-Forwards: 70\r\n'
                'From: <sip:%s@%s>;tag=%s\r\n'
                'To: <sip:4000@%s>%s\r\n'
                'Call-ID: %s\r\n'
                'CSeq: %d %s\r\n'
                'Contact: <sip:%s@127.0.0.1:%d>\r\n'
                '%s'
                '%s'
                'Content-Length: %d\r\n\r\n%s'
                % (first, cport, branch, user, REALM, ftag, REALM, to_tag, cid, cseq, method, user, cport,
                   extra, 'Content-Type: application/sdp\r\n' if body else '', len(body), body)).encode()

    invite, bye = 'z9hG4bK-i%d-%d' % (c, k), 'z9hG4bK-y%d-%d' % (c, k)
    ruri = 'sip:4000@%s' % REALM
    return [
        (True, msg('INVITE %s SIP/2.0' % ruri, invite, 1, 'INVITE', '', sdp)),
        (False, msg('SIP/2.0 100 Trying', invite, 1, 'INVITE', '')),
        (False, msg('SIP/2.0 180 Ringing', invite, 1, 'INVITE', ';tag=' + ttag)),
        (False, msg('SIP/2.0 200 OK', invite, 1, 'INVITE', ';tag=' + ttag, sdp)),
        (True, msg('ACK %s SIP/2.0' % ruri, 'z9hG4bK-a%d-%d' % (c, k), 1, 'ACK', ';tag=' + ttag)),
        (True, msg('BYE %s SIP/2.0' % ruri, bye, 2, 'BYE', ';tag=' + ttag)),
        (False, msg('SIP/2.0 200 OK', bye, 2, 'BYE', ';tag=' + ttag)),
    ]


if __name__ == '__main__':
    main()
