#!/usr/bin/env python3
"""Make the REAL sipdigest test captures in testdata/digest/<scenario>/.

Usage (as root; needs unshare, ip, dumpcap, tshark):
    python3 make_captures.py [--out testdata/digest] [scenario ...]

For each scenario this script re-executes itself inside `unshare --net` (a
private network namespace whose only interface is `lo`, so nothing can leave
the machine), brings `lo` up, starts `dumpcap -i lo -f "port 5060"`, and then
runs a small stdlib-socket SIP UAS/registrar/proxy (server thread, port 5060)
and a scripted UAC (client) that exchange real UDP/TCP packets over
127.0.0.1 / ::1. The server challenges (401 for REGISTER, 407 otherwise) with
whatever challenge headers the scenario plans (algorithm, qop lists, userhash,
opaque, stale, several headers), verifies the answers with its own user table
and replies 200 / 403 -- except for Call-IDs listed as deliberate
disagreements, where it inverts its own decision.

Every credential header the client sends is declared with the verdict the
scenario INTENDS (valid / invalid / unverifiable, by construction: right or
wrong password, user missing from credentials.txt, unsupported scheme...).
Those intentions are written to generator-intent.csv (with the frame numbers
looked up afterwards with plain `tshark -T fields`), together with the
server's own final status. This script deliberately shares no code with
digest_truth.py: check_captures.py compares the two.

Files written per scenario: capture.pcapng, credentials.txt (the plugin's
format), htdigest.txt (some scenarios), generator-intent.csv, README.md.
"""

import argparse
import base64
import csv
import hashlib
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, '..', '..', '..', '..'))
SERVER_PORT = 5060

HASHES = {'MD5': 'md5', 'SHA-256': 'sha256', 'SHA-512-256': 'sha512_256'}


def hfam(alg):
    a = alg.upper()
    if a.endswith('-SESS'):
        a = a[:-5]
    return HASHES[a]


def hhex(fam, data):
    if isinstance(data, str):
        data = data.encode()
    return hashlib.new(fam, data).hexdigest()


def digest_response(alg, user, realm, pw, nonce, uri, method, qop=None, nc=None, cnonce=None, body=b'',
                    ha1=None):
    """What a UA computes (RFC 2617 / 7616)."""
    fam = hfam(alg)
    if ha1 is None:
        ha1 = hhex(fam, '%s:%s:%s' % (user, realm, pw))
    if alg.upper().endswith('-SESS'):
        ha1 = hhex(fam, '%s:%s:%s' % (ha1, nonce, cnonce))
    if qop == 'auth-int':
        ha2 = hhex(fam, '%s:%s:%s' % (method, uri, hhex(fam, body)))
    else:
        ha2 = hhex(fam, '%s:%s' % (method, uri))
    if qop:
        return hhex(fam, '%s:%s:%s:%s:%s:%s' % (ha1, nonce, nc, cnonce, qop, ha2))
    return hhex(fam, '%s:%s:%s' % (ha1, nonce, ha2))


# ------------------------------------------------------------------ SIP text
def parse_sip(data):
    head, _, rest = data.partition(b'\r\n\r\n')
    lines = head.decode().split('\r\n')
    hdrs = []
    for ln in lines[1:]:
        if ln[:1] in ' \t' and hdrs:
            hdrs[-1] = (hdrs[-1][0], hdrs[-1][1] + ' ' + ln.strip())
        elif ':' in ln:
            n, v = ln.split(':', 1)
            hdrs.append((n.strip(), v.strip()))
    clen = 0
    for n, v in hdrs:
        if n.lower() in ('content-length', 'l'):
            clen = int(v)
    return {'start': lines[0], 'headers': hdrs, 'body': rest[:clen]}


def hget(msg, name, all_=False):
    vals = [v for n, v in msg['headers'] if n.lower() == name.lower()]
    return vals if all_ else (vals[0] if vals else None)


def auth_params(value):
    """Tiny challenge/credential parser (generator side)."""
    scheme, _, rest = value.partition(' ')
    out = {}
    for m in re.finditer(r'([A-Za-z0-9_-]+)\s*=\s*("((?:[^"\\]|\\.)*)"|[^,\s]+)', rest):
        v = m.group(3) if m.group(3) is not None else m.group(2)
        out.setdefault(m.group(1).lower(), re.sub(r'\\(.)', r'\1', v))
    return scheme, out


def q(s):
    return '"' + s.replace('\\', '\\\\').replace('"', '\\"') + '"'


def sdp(host, port, ipv6=False, extra=''):
    ipver = 'IP6' if ipv6 else 'IP4'
    return ('v=0\r\no=- 4711 1 IN %s %s\r\ns=Sitzung \u00fcber Loopback\r\nc=IN %s %s\r\nt=0 0\r\n'
            'm=audio %d RTP/AVP 0 8 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\n'
            'a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\na=sendrecv\r\n%s'
            % (ipver, host, ipver, host, port, extra)).encode()


# ------------------------------------------------------------------ transport
def frame_stream(buf):
    """Split complete SIP messages off a TCP byte buffer."""
    out = []
    while True:
        while buf.startswith(b'\r\n'):
            buf = buf[2:]
        i = buf.find(b'\r\n\r\n')
        if i < 0:
            break
        m = re.search(rb'\r\n(?:Content-Length|l)\s*:\s*(\d+)', buf[:i + 2], re.I)
        n = int(m.group(1)) if m else 0
        if len(buf) < i + 4 + n:
            break
        out.append(buf[:i + 4 + n])
        buf = buf[i + 4 + n:]
    return out, buf


class Server:
    """UAS / registrar / proxy-ish authenticator on port 5060."""

    def __init__(self, users, realms):
        self.users = users            # {(realm, user): password}
        self.realms = realms          # realms this server verifies
        self.plan = []                # challenge specs for the next unauthenticated request
        self.flip = set()             # Call-IDs whose decision is inverted on purpose
        self.expired = set()          # nonces that get a stale=true re-challenge
        self.hold = set()             # Call-IDs whose authenticated INVITE rings (180) and waits
        self.pending = {}             # call-id -> (reply fn, invite msg)
        self.log = {}                 # (call-id, cseq, method) -> (status, flipped, server_ok)
        self.socks = []
        self.stop = False
        self.n = 0

    # -- sockets
    def listen(self, family, host, udp=True, tcp=False):
        if udp:
            s = socket.socket(family, socket.SOCK_DGRAM)
            s.bind((host, SERVER_PORT))
            self.socks.append(s)
            threading.Thread(target=self._udp_loop, args=(s,), daemon=True).start()
        if tcp:
            s = socket.socket(family, socket.SOCK_STREAM)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind((host, SERVER_PORT))
            s.listen(8)
            self.socks.append(s)
            threading.Thread(target=self._tcp_accept, args=(s,), daemon=True).start()

    def _udp_loop(self, s):
        while not self.stop:
            try:
                data, addr = s.recvfrom(65535)
            except OSError:
                return
            self.handle(parse_sip(data), lambda b, a=addr: s.sendto(b, a))

    def _tcp_accept(self, s):
        while not self.stop:
            try:
                c, _ = s.accept()
            except OSError:
                return
            c.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            threading.Thread(target=self._tcp_conn, args=(c,), daemon=True).start()

    def _tcp_conn(self, c):
        buf = b''
        while not self.stop:
            try:
                d = c.recv(65535)
            except OSError:
                return
            if not d:
                return
            msgs, buf = frame_stream(buf + d)
            for m in msgs:
                self.handle(parse_sip(m), c.sendall)

    # -- SIP
    def nonce(self):
        self.n += 1
        return base64.b64encode(os.urandom(12) + self.n.to_bytes(4, 'big')).decode().rstrip('=')

    def response(self, req, status, reason, extra=(), body=b'', to_tag=True):
        lines = ['SIP/2.0 %d %s' % (status, reason)]
        for v in hget(req, 'Via', True):
            lines.append('Via: ' + v)
        lines.append('From: ' + hget(req, 'From'))
        to = hget(req, 'To')
        if to_tag and ';tag=' not in to:
            to += ';tag=srv' + hashlib.md5(hget(req, 'Call-ID').encode()).hexdigest()[:8]
        lines.append('To: ' + to)
        lines.append('Call-ID: ' + hget(req, 'Call-ID'))
        lines.append('CSeq: ' + hget(req, 'CSeq'))
        lines.extend(extra)
        lines.append('Server: sipaudit-testuas/1')
        if body:
            lines.append('Content-Type: application/sdp')
        lines.append('Content-Length: %d' % len(body))
        return ('\r\n'.join(lines) + '\r\n\r\n').encode() + body

    def challenge_headers(self, hname, specs, stale=False):
        out = []
        for sp in specs:
            parts = ['realm=' + q(sp['realm'])]
            if sp.get('qop'):
                parts.append('qop=' + q(sp['qop']))
            parts.append('nonce=' + q(self.nonce()))
            if sp.get('opaque'):
                parts.append('opaque=' + q(sp['opaque']))
            if sp.get('algorithm'):
                parts.append('algorithm=' + sp['algorithm'])
            if stale:
                parts.append('stale=true')
            if sp.get('userhash'):
                parts.append('userhash=true')
            out.append('%s: Digest %s' % (hname, ', '.join(parts)))
        return out

    def verify(self, method, params, body):
        realm = params.get('realm')
        alg = params.get('algorithm', 'MD5')
        try:
            hfam(alg)
        except KeyError:
            return False
        user = params.get('username')
        if params.get('userhash', '').lower() == 'true':
            fam = hfam(alg)
            found = [u for (r, u) in self.users if r == realm and hhex(fam, '%s:%s' % (u, realm)) == user]
            user = found[0] if found else None
        pw = self.users.get((realm, user))
        if pw is None:
            return False
        qop = params.get('qop')
        for meth in ([method, 'INVITE'] if method in ('ACK', 'CANCEL') else [method]):
            exp = digest_response(alg, user, realm, pw, params.get('nonce'), params.get('uri'), meth, qop,
                                  params.get('nc'), params.get('cnonce'), body)
            if exp == params.get('response', '').lower():
                return True
        return False

    def handle(self, req, send):
        start = req['start']
        if start.startswith('SIP/'):
            return
        method = start.split()[0]
        cid, cseq = hget(req, 'Call-ID'), hget(req, 'CSeq')
        if method == 'ACK':
            return
        if method == 'CANCEL':
            send(self.response(req, 200, 'OK'))
            self.log[(cid, cseq, method)] = (200, False, None)
            if cid in self.pending:
                rsend, inv = self.pending.pop(cid)
                rsend(self.response(inv, 487, 'Request Terminated'))
                self.log[(cid, hget(inv, 'CSeq'), 'INVITE')] = (487, False, None)
            return
        creds = [(n, v) for n, v in req['headers'] if n.lower() in ('authorization', 'proxy-authorization')]
        hname = 'WWW-Authenticate' if method == 'REGISTER' else 'Proxy-Authenticate'
        code, reason = (401, 'Unauthorized') if method == 'REGISTER' else (407, 'Proxy Authentication Required')
        if not creds:
            specs, self.plan = self.plan, []
            send(self.response(req, code, reason, self.challenge_headers(hname, specs)))
            self.log[(cid, cseq, method)] = (code, False, None)
            return
        mine = []
        for n, v in creds:
            scheme, p = auth_params(v)
            if scheme.lower() == 'digest' and p.get('realm') in self.realms:
                mine.append(p)
        if any(p.get('nonce') in self.expired for p in mine):
            specs, self.plan = self.plan, []
            send(self.response(req, code, reason, self.challenge_headers(hname, specs, stale=True)))
            self.log[(cid, cseq, method)] = (code, False, None)
            return
        ok = bool(mine) and all(self.verify(method, p, req['body']) for p in mine)
        flipped = cid in self.flip
        final_ok = ok != flipped
        if not final_ok:
            send(self.response(req, 403, 'Forbidden'))
            self.log[(cid, cseq, method)] = (403, flipped, ok)
            return
        if method == 'INVITE':
            send(self.response(req, 100, 'Trying', to_tag=False))
            if cid in self.hold:
                send(self.response(req, 180, 'Ringing'))
                self.pending[cid] = (send, req)
                self.log[(cid, cseq, method)] = (None, flipped, ok)
                return
            v6 = '[' in hget(req, 'Via')
            body = sdp('::1' if v6 else '127.0.0.1', 40000, v6)
            send(self.response(req, 200, 'OK', ['Contact: <sip:uas@%s:%d>' % ('[::1]' if v6 else '127.0.0.1',
                                                                             SERVER_PORT)], body))
        else:
            extra = ['Contact: ' + hget(req, 'Contact') + ';expires=3600'] if method == 'REGISTER' else []
            send(self.response(req, 200, 'OK', extra))
        self.log[(cid, cseq, method)] = (200, flipped, ok)

    def close(self):
        self.stop = True
        for s in self.socks:
            try:
                s.close()
            except OSError:
                pass


class UAC:
    def __init__(self, transport='UDP', v6=False, port=5070, ua='sipaudit-testuac/1'):
        self.transport, self.v6, self.port, self.ua = transport, v6, port, ua
        self.host = '::1' if v6 else '127.0.0.1'
        self.hostp = '[::1]' if v6 else '127.0.0.1'
        fam = socket.AF_INET6 if v6 else socket.AF_INET
        self.srv = (self.host, SERVER_PORT)
        if transport == 'UDP':
            self.s = socket.socket(fam, socket.SOCK_DGRAM)
            self.s.bind((self.host, port))
        else:
            self.s = socket.socket(fam, socket.SOCK_STREAM)
            self.s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            self.s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            self.s.bind((self.host, port))
            self.s.connect(self.srv)
        self.s.settimeout(3)
        self.buf = b''
        self.queue = []
        self.nb = 0

    def branch(self):
        self.nb += 1
        return 'z9hG4bK-%d-%d-%s' % (self.port, self.nb, os.urandom(3).hex())

    def send(self, data, split=None, delay=0.05):
        if self.transport == 'UDP':
            self.s.sendto(data, self.srv)
        elif split:
            last = 0
            for pos in list(split) + [len(data)]:
                self.s.sendall(data[last:pos])
                last = pos
                time.sleep(delay)
        else:
            self.s.sendall(data)

    def recv(self):
        if self.transport == 'UDP':
            data, _ = self.s.recvfrom(65535)
            return parse_sip(data)
        while not self.queue:
            d = self.s.recv(65535)
            if not d:
                raise EOFError
            msgs, self.buf = frame_stream(self.buf + d)
            self.queue.extend(msgs)
        return parse_sip(self.queue.pop(0))

    def until_final(self, want_provisional=None):
        while True:
            r = self.recv()
            code = int(r['start'].split()[1])
            if code >= 200 or (want_provisional and code == want_provisional):
                return r

    def build(self, method, ruri, call_id, cseq, from_user, to_user=None, branch=None, creds=(),
              body=b'', extra=(), to_tag=None, domain='sip.lab.test', cseq_method=None):
        branch = branch or self.branch()
        to_user = to_user or from_user
        lines = ['%s %s SIP/2.0' % (method, ruri),
                 'Via: SIP/2.0/%s %s:%d;branch=%s;rport' % (self.transport, self.hostp, self.port, branch),
                 'Max-Forwards: 70',
                 'From: <sip:%s@%s>;tag=%s' % (from_user, domain, hashlib.md5(call_id.encode()).hexdigest()[:10]),
                 'To: <sip:%s@%s>%s' % (to_user, domain, (';tag=' + to_tag) if to_tag else ''),
                 'Call-ID: ' + call_id,
                 'CSeq: %d %s' % (cseq, cseq_method or method),
                 'Contact: <sip:%s@%s:%d;transport=%s>' % (from_user, self.hostp, self.port,
                                                           self.transport.lower())]
        for hn, hv in creds:
            lines.append('%s: %s' % (hn, hv))
        lines.extend(extra)
        lines.append('User-Agent: ' + self.ua)
        if body:
            lines.append('Content-Type: application/sdp')
        lines.append('Content-Length: %d' % len(body))
        return ('\r\n'.join(lines) + '\r\n\r\n').encode() + body, branch

    def close(self):
        self.s.close()


# ------------------------------------------------------------------ scenario helpers
class Run:
    def __init__(self, name, server):
        self.name, self.server = name, server
        self.intent = []       # dicts
        self.calls = 0

    def call_id(self, tag):
        self.calls += 1
        return '%s-%02d-%s@sipaudit.test' % (self.name, self.calls, tag)

    def cred(self, hname, chal, user, pw, method, uri, expect, note='', qop='first', nc=1, cnonce=None,
             body=b'', alg=None, userhash=False, upper=False, ha1=None, realm=None, raw=None,
             username_as_sent=None):
        """Build one credential header answering challenge `chal` (params dict)."""
        alg = alg if alg is not None else chal.get('algorithm')
        realm = realm if realm is not None else chal['realm']
        nonce = chal['nonce']
        offered = [x.strip() for x in chal.get('qop', '').split(',') if x.strip()]
        if qop == 'first':
            qop = offered[0] if offered else None
        cnonce = cnonce or os.urandom(6).hex()
        ncs = '%08x' % nc
        resp = digest_response(alg or 'MD5', user, realm, pw, nonce, uri, method, qop, ncs, cnonce, body, ha1)
        if upper:
            resp = resp.upper()
        uname = user
        if userhash:
            uname = hhex(hfam(alg or 'MD5'), '%s:%s' % (user, realm))
        if username_as_sent is not None:
            uname = username_as_sent
        # the truth reports the real user for a userhash it can resolve, the hash otherwise
        shown = uname if (userhash and expect == 'unverifiable') else (username_as_sent if username_as_sent
                                                                       is not None else user)
        parts = ['username=' + q(uname), 'realm=' + q(realm), 'nonce=' + q(nonce), 'uri=' + q(uri),
                 'response=' + q(resp)]
        if alg:
            parts.append('algorithm=' + alg)
        if qop:
            parts += ['cnonce=' + q(cnonce), 'qop=' + qop, 'nc=' + ncs]
        if chal.get('opaque'):
            parts.append('opaque=' + q(chal['opaque']))
        if userhash:
            parts.append('userhash=true')
        value = raw if raw is not None else 'Digest ' + ', '.join(parts)
        return (hname, value, dict(header=hname, username=shown, expect=expect, note=note,
                                   user=user, password=pw))

    def record(self, call_id, cseq, method, creds):
        for hn, hv, meta in creds:
            d = dict(meta)
            d.update(call_id=call_id, cseq='%d %s' % (cseq, method), method=method)
            self.intent.append(d)


def challenges(resp):
    out = []
    for n, v in resp['headers']:
        if n.lower() in ('www-authenticate', 'proxy-authenticate'):
            out.append(auth_params(v)[1])
    return out


def pick(chals, **kw):
    for c in chals:
        if all((c.get(k) or '').lower() == v.lower() for k, v in kw.items()):
            return c
    raise KeyError('no challenge %r in %r' % (kw, chals))


def register(run, uac, user, creds_fn, plan, cid_tag=None, flip=False, first_creds=None, cid=None):
    """REGISTER -> 401 -> REGISTER with creds_fn(chals) -> final. Returns (final, chals)."""
    srv = run.server
    cid = cid or run.call_id(cid_tag or user)
    if flip:
        srv.flip.add(cid)
    ruri = 'sip:sip.lab.test'
    srv.plan = plan
    msg, _ = uac.build('REGISTER', ruri, cid, 1, user)
    uac.send(msg)
    r = uac.until_final()
    chals = challenges(r)
    creds = creds_fn(chals, ruri)
    run.record(cid, 2, 'REGISTER', creds)
    msg, _ = uac.build('REGISTER', ruri, cid, 2, user, creds=[(a, b) for a, b, _ in creds])
    uac.send(msg)
    return uac.until_final(), chals


# ------------------------------------------------------------------ scenarios
REALM = 'sip.lab.test'
PROXY_REALM = 'proxy.lab.test'


def users_basic():
    return {(REALM, 'alice'): 'Wonder-land.7', (REALM, 'bob'): 'b0b:with:colons', (REALM, 'carol'): 'c4r0l',
            (REALM, 'dave'): 'dave-secret', (REALM, 'erin'): 'Erin!2024', (REALM, 'frank'): 'fr@nk',
            (REALM, 'grace'): 'gr4ce-hopper', (REALM, 'henry'): 'henry8', (REALM, 'ivan'): 'iv4n',
            (REALM, 'judy'): 'judy-pw', (REALM, 'kim'): 'pa:ss:word',
            (PROXY_REALM, 'alice'): 'proxy-alice', (PROXY_REALM, 'bob'): 'proxy-bob'}


def scen_algorithms(run, srv):
    """UDP/IPv4 REGISTERs with every supported algorithm (MD5-sess, SHA-256(-sess), SHA-512-256(-sess)),
    qop=auth, qop=auth-int on an empty body and no qop; a 401 offering three algorithms at once;
    a stale=true re-challenge; an upper-case response; a lower-case algorithm token; wrong passwords;
    two deliberate server disagreements."""
    srv.listen(socket.AF_INET, '127.0.0.1')
    uac = UAC('UDP', port=5071)
    U = srv.users

    def one(user, pw, alg, qop_offer='auth', qop='first', expect='valid', note='', flip=False, upper=False,
            alg_sent=None):
        plan = [dict(realm=REALM, algorithm=alg, qop=qop_offer, opaque='op-' + user)]
        return register(run, uac, user, lambda ch, uri: [run.cred('Authorization', ch[0], user, pw, 'REGISTER', uri,
                                                                  expect, note, qop=qop, upper=upper,
                                                                  alg=alg_sent)],
                        plan, flip=flip)

    one('alice', U[(REALM, 'alice')], 'MD5-sess', note='MD5-sess qop=auth')
    one('bob', U[(REALM, 'bob')], 'SHA-256-sess', note='SHA-256-sess qop=auth, password has colons')
    one('carol', U[(REALM, 'carol')], 'SHA-512-256', note='SHA-512-256 qop=auth')
    one('dave', U[(REALM, 'dave')], 'SHA-512-256-sess', note='SHA-512-256-sess qop=auth')
    one('erin', U[(REALM, 'erin')], 'SHA-512-256', qop_offer=None, note='SHA-512-256 without qop')
    one('frank', U[(REALM, 'frank')], 'MD5-sess', qop_offer='auth-int', note='MD5-sess qop=auth-int, empty body')
    one('grace', U[(REALM, 'grace')], 'SHA-256', qop_offer='auth,auth-int', qop='auth-int',
        note='SHA-256 qop=auth-int (offered "auth,auth-int"), empty body')
    one('henry', U[(REALM, 'henry')], None, qop_offer=None, note='no algorithm (=MD5), no qop')
    one('ivan', U[(REALM, 'ivan')], 'MD5', upper=True, note='response in UPPER-case hex')
    one('judy', U[(REALM, 'judy')], 'SHA-256-sess', alg_sent='sha-256-sess', note='algorithm token in lower case')
    one('bob', 'wrong-bob', 'SHA-256', expect='invalid', note='wrong password -> 403')
    one('carol', 'c4r0l-typo', 'SHA-512-256-sess', expect='invalid', flip=True,
        note='wrong password, server answers 200 ON PURPOSE (disagreement)')
    one('alice', U[(REALM, 'alice')], 'SHA-256', flip=True,
        note='right password, server answers 403 ON PURPOSE (disagreement)')
    one('dave', 'dave-secret ', 'MD5', qop_offer='auth', expect='invalid',
        note='wrong password (trailing space)')
    # three algorithms offered in one 401 (RFC 8760 order), client picks SHA-256
    plan = [dict(realm=REALM, algorithm=a, qop='auth') for a in ('SHA-512-256', 'SHA-256', 'MD5')]
    register(run, uac, 'kim', lambda ch, uri: [run.cred('Authorization', pick(ch, algorithm='SHA-256'), 'kim',
                                                        U[(REALM, 'kim')], 'REGISTER', uri, 'valid',
                                                        'picked SHA-256 of 3 offered; password a:b:c')],
             plan)
    # stale: answer an old nonce, server re-challenges with stale=true, client retries
    cid = run.call_id('erin-stale')
    plan = [dict(realm=REALM, algorithm='SHA-256', qop='auth')]
    srv.plan = plan
    msg, _ = uac.build('REGISTER', 'sip:sip.lab.test', cid, 1, 'erin')
    uac.send(msg)
    ch = challenges(uac.until_final())[0]
    srv.expired.add(ch['nonce'])
    c1 = [run.cred('Authorization', ch, 'erin', U[(REALM, 'erin')], 'REGISTER', 'sip:sip.lab.test', 'valid',
                   'right password but nonce expired on the server -> 401 stale=true')]
    run.record(cid, 2, 'REGISTER', c1)
    srv.plan = [dict(realm=REALM, algorithm='SHA-256', qop='auth')]
    msg, _ = uac.build('REGISTER', 'sip:sip.lab.test', cid, 2, 'erin', creds=[(a, b) for a, b, _ in c1])
    uac.send(msg)
    ch2 = challenges(uac.until_final())[0]
    c2 = [run.cred('Authorization', ch2, 'erin', U[(REALM, 'erin')], 'REGISTER', 'sip:sip.lab.test', 'valid',
                   'retry after stale=true with the new nonce')]
    run.record(cid, 3, 'REGISTER', c2)
    msg, _ = uac.build('REGISTER', 'sip:sip.lab.test', cid, 3, 'erin', creds=[(a, b) for a, b, _ in c2])
    uac.send(msg)
    uac.until_final()
    uac.close()


def invite_flow(run, uac, caller, pw, plan, qop='first', body=None, bye=True, flip=False, expect='valid',
                note='', hold=False, callee='bob', ack_repeats=True, alg=None, bye_expect=None):
    """INVITE -> 407 -> ACK -> INVITE+Proxy-Authorization -> 100/200 -> ACK(+creds) -> BYE(+creds) -> 200.
    With hold: INVITE+creds -> 100/180 -> CANCEL(+creds) -> 200 + 487 -> ACK(+creds)."""
    srv = run.server
    cid = run.call_id(caller + '-call')
    if flip:
        srv.flip.add(cid)
    if hold:
        srv.hold.add(cid)
    ruri = 'sip:%s@sip.lab.test' % callee
    if body is None:
        body = sdp(uac.host, 30000 + run.calls * 2, uac.v6)
    srv.plan = plan
    msg, br = uac.build('INVITE', ruri, cid, 1, caller, callee, body=body)
    uac.send(msg)
    r = uac.until_final()
    totag = re.search(r';tag=([^;>\s]+)', hget(r, 'To')).group(1)
    ack, _ = uac.build('ACK', ruri, cid, 1, caller, callee, branch=br, to_tag=totag)
    uac.send(ack)
    ch = challenges(r)[0]
    c = [run.cred('Proxy-Authorization', ch, caller, pw, 'INVITE', ruri, expect, note, qop=qop, body=body,
                  alg=alg)]
    run.record(cid, 2, 'INVITE', c)
    msg, br = uac.build('INVITE', ruri, cid, 2, caller, callee, creds=[(a, b) for a, b, _ in c], body=body)
    uac.send(msg)
    hdr = [(a, b) for a, b, _ in c]
    if hold:
        r = uac.until_final(want_provisional=180)
        totag = re.search(r';tag=([^;>\s]+)', hget(r, 'To')).group(1)
        cm = [(a, b, dict(m, expect=expect, note='CANCEL repeats the INVITE credentials (valid only with '
                                                   'method INVITE)')) for a, b, m in c]
        run.record(cid, 2, 'CANCEL', cm)
        msg, _ = uac.build('CANCEL', ruri, cid, 2, caller, callee, branch=br, creds=hdr)
        uac.send(msg)
        got = set()
        while len(got) < 2:
            r = uac.recv()
            got.add(hget(r, 'CSeq'))
        am = [(a, b, dict(m, expect=expect, note='ACK for the 487 repeats the INVITE credentials'))
              for a, b, m in c]
        run.record(cid, 2, 'ACK', am)
        ack, _ = uac.build('ACK', ruri, cid, 2, caller, callee, branch=br, to_tag=totag, creds=hdr)
        uac.send(ack)
        return cid
    r = uac.until_final()
    code = int(r['start'].split()[1])
    totag = re.search(r';tag=([^;>\s]+)', hget(r, 'To')).group(1)
    if code != 200:
        ack, _ = uac.build('ACK', ruri, cid, 2, caller, callee, branch=br, to_tag=totag)
        uac.send(ack)
        return cid
    contact = re.search(r'<([^>]+)>', hget(r, 'Contact')).group(1)
    if ack_repeats:
        if 'qop=auth-int' in c[0][1] and body:
            # auth-int hashes the message's own body: the ACK has none, the INVITE had SDP
            am = [(a, b, dict(m, expect='invalid', note='ACK for the 2xx repeats the INVITE credentials, but '
                                                      'they are auth-int over the INVITE body and the ACK has '
                                                      'no body -> does not verify even with method INVITE'))
                  for a, b, m in c]
        else:
            am = [(a, b, dict(m, expect=expect, note='ACK for the 2xx repeats the INVITE credentials '
                                                   '(valid only with method INVITE)')) for a, b, m in c]
        run.record(cid, 2, 'ACK', am)
        ack, _ = uac.build('ACK', contact, cid, 2, caller, callee, to_tag=totag, creds=hdr)
    else:
        ack, _ = uac.build('ACK', contact, cid, 2, caller, callee, to_tag=totag)
    uac.send(ack)
    if bye:
        bq = 'auth-int' if c[0][1].find('qop=auth-int') >= 0 else qop
        cb = [run.cred('Proxy-Authorization', ch, caller, pw, 'BYE', contact, bye_expect or expect,
                       'BYE re-uses the nonce, nc=00000002' + (', auth-int over empty body'
                                                              if bq == 'auth-int' else ''),
                       qop=bq, nc=2, alg=alg)]
        run.record(cid, 3, 'BYE', cb)
        msg, _ = uac.build('BYE', contact, cid, 3, caller, callee, to_tag=totag, creds=[(a, b) for a, b, _ in cb])
        uac.send(msg)
        uac.until_final()
    return cid


def scen_auth_int(run, srv):
    """UDP/IPv4 calls: INVITE with an SDP body (UTF-8 s= line) and qop=auth-int, INVITE with an empty body
    and qop=auth-int, ACK for the 2xx repeating the INVITE credentials, BYE re-using the nonce (nc=2),
    a CANCEL and the ACK for the 487 repeating the credentials, a wrong password, SHA-256 auth-int,
    and one deliberate server disagreement."""
    srv.listen(socket.AF_INET, '127.0.0.1')
    uac = UAC('UDP', port=5072)
    U = srv.users
    offer = lambda alg='MD5': [dict(realm=REALM, algorithm=alg, qop='auth,auth-int', opaque='call-opaque')]
    invite_flow(run, uac, 'alice', U[(REALM, 'alice')], offer(), qop='auth-int',
                note='INVITE with SDP body, qop=auth-int (MD5)')
    invite_flow(run, uac, 'carol', U[(REALM, 'carol')], offer(), qop='auth-int', body=b'',
                note='INVITE with empty body (Content-Length: 0), qop=auth-int')
    invite_flow(run, uac, 'dave', U[(REALM, 'dave')], offer('SHA-256'), qop='auth-int',
                note='INVITE with SDP, SHA-256 qop=auth-int')
    invite_flow(run, uac, 'erin', U[(REALM, 'erin')], offer('SHA-512-256-sess'), qop='auth-int',
                note='INVITE with SDP, SHA-512-256-sess qop=auth-int')
    invite_flow(run, uac, 'frank', 'not-franks-pw', offer(), qop='auth-int', expect='invalid',
                note='wrong password, auth-int -> 403')
    invite_flow(run, uac, 'grace', U[(REALM, 'grace')], offer(), qop='auth', hold=True,
                note='INVITE qop=auth, callee rings, caller CANCELs')
    invite_flow(run, uac, 'henry', 'henry7', offer('MD5-sess'), qop='auth-int', expect='invalid', flip=True,
                bye=True, bye_expect='invalid',
                note='wrong password, server answers 200 ON PURPOSE (disagreement)')
    uac.close()


def scen_userhash(run, srv):
    """UDP/IPv4 REGISTERs answering userhash=true challenges (RFC 7616): SHA-256, MD5, SHA-512-256-sess,
    a wrong password, a user unknown to credentials.txt (hash matches nobody -> unverifiable), a client
    that ignores userhash, and a deliberate disagreement."""
    srv.listen(socket.AF_INET, '127.0.0.1')
    uac = UAC('UDP', port=5073)
    U = srv.users
    U[(REALM, 'mallory')] = 'mallory-pw'          # the server knows her, credentials.txt does not

    def one(user, pw, alg, expect='valid', note='', userhash=True, flip=False):
        plan = [dict(realm=REALM, algorithm=alg, qop='auth', userhash=True, opaque='uh')]
        register(run, uac, user, lambda ch, uri: [run.cred('Authorization', ch[0], user, pw, 'REGISTER', uri,
                                                           expect, note, userhash=userhash)], plan, flip=flip)

    one('grace', U[(REALM, 'grace')], 'SHA-256', note='userhash=true SHA-256')
    one('henry', U[(REALM, 'henry')], 'MD5', note='userhash=true MD5')
    one('ivan', U[(REALM, 'ivan')], 'SHA-512-256-sess', note='userhash=true SHA-512-256-sess')
    one('judy', 'judy-wrong', 'SHA-256', expect='invalid', note='userhash=true, wrong password')
    one('mallory', 'mallory-pw', 'SHA-256', expect='unverifiable',
        note='userhash of a user missing from credentials.txt (server knows her -> 200)')
    one('kim', U[(REALM, 'kim')], 'SHA-256', userhash=False, note='challenge had userhash=true, client sent the '
                                                                  'plain username')
    one('alice', U[(REALM, 'alice')], 'SHA-512-256', flip=True,
        note='userhash=true right password, server answers 403 ON PURPOSE (disagreement)')
    uac.close()


def scen_multi_header(run, srv):
    """UDP/IPv4: several credential headers in one request (two realms, one right one wrong; Authorization
    + Proxy-Authorization), Basic and AKAv1-MD5 schemes, an unknown user, an unsupported algorithm,
    qop without nc, unusual but legal syntax (line folding, mixed-case names, spaces around '=',
    escaped quote), and a deliberate disagreement."""
    srv.listen(socket.AF_INET, '127.0.0.1')
    uac = UAC('UDP', port=5074)
    U = srv.users
    srv.realms = [REALM, PROXY_REALM]
    # 1: two realms challenged, client answers both, the other.lab.test one with a wrong password
    plan = [dict(realm=REALM, algorithm='MD5', qop='auth'), dict(realm='other.lab.test', algorithm='MD5',
                                                                 qop='auth')]
    srv.realms = [REALM]
    register(run, uac, 'alice', lambda ch, uri: [
        run.cred('Authorization', pick(ch, realm=REALM), 'alice', U[(REALM, 'alice')], 'REGISTER', uri, 'valid',
                 'first of two Authorization headers (realm sip.lab.test, right)'),
        run.cred('Authorization', pick(ch, realm='other.lab.test'), 'alice', 'alice-other-WRONG', 'REGISTER', uri,
                 'invalid', 'second Authorization header (realm other.lab.test, wrong password)')], plan)
    # 2: Basic, AKAv1-MD5, unknown user, unsupported algorithm, qop without nc
    plan = [dict(realm=REALM, algorithm='MD5', qop='auth')]
    basic = 'Basic ' + base64.b64encode(b'bob:' + U[(REALM, 'bob')].encode()).decode()
    register(run, uac, 'bob', lambda ch, uri: [run.cred('Authorization', ch[0], 'bob', '', 'REGISTER', uri,
                                                        'unverifiable', 'Basic scheme (no username parameter)', raw=basic,
                                                        username_as_sent='')],
             plan)
    aka = ('AKAv1-MD5 username="carol@sip.lab.test", realm="sip.lab.test", nonce="%s", uri="sip:sip.lab.test", '
           'response="%s", algorithm=AKAv1-MD5')
    register(run, uac, 'carol', lambda ch, uri: [run.cred('Authorization', ch[0], 'carol', '', 'REGISTER', uri,
                                                          'unverifiable', 'AKAv1-MD5 scheme',
                                                          username_as_sent='carol@sip.lab.test',
                                                          raw=aka % (ch[0]['nonce'], hhex('md5', 'x')))], plan)
    register(run, uac, 'zoe', lambda ch, uri: [run.cred('Authorization', ch[0], 'zoe', 'zoe-pw', 'REGISTER', uri,
                                                        'unverifiable', 'user zoe is in no credentials file')],
             plan)
    register(run, uac, 'dave', lambda ch, uri: [run.cred('Authorization', ch[0], 'dave', U[(REALM, 'dave')],
                                                         'REGISTER', uri, 'unverifiable',
                                                         'algorithm=SHA-512 (unsupported)',
                                                         raw=run.cred('Authorization', ch[0], 'dave',
                                                                      U[(REALM, 'dave')], 'REGISTER', uri,
                                                                      '')[1].replace('algorithm=MD5',
                                                                                     'algorithm=SHA-512'))],
             plan)

    def no_nc(ch, uri):
        h = run.cred('Authorization', ch[0], 'erin', U[(REALM, 'erin')], 'REGISTER', uri, 'unverifiable',
                     'qop=auth without nc')
        return [(h[0], re.sub(r', nc=[0-9a-f]+', '', h[1]), h[2])]
    register(run, uac, 'erin', no_nc, plan)

    # 3: syntax variations: folded line, mixed-case names, spaces around '=', unquoted algorithm/qop/nc
    def odd_syntax(ch, uri):
        user, pw = 'fr"ank', 'quoted-user-pw'
        srv.users[(REALM, user)] = pw
        cn = 'c0ffee42'
        resp = digest_response('MD5', user, REALM, pw, ch[0]['nonce'], uri, 'REGISTER', 'auth', '00000001', cn)
        raw = ('Digest USERNAME = "fr\\"ank" ,Realm="sip.lab.test",\r\n   nonce="%s", URI="%s",'
               '\r\n\tresponse="%s" , ALGORITHM=MD5, CNonce="%s", QOP=auth, NC=00000001') % (
                   ch[0]['nonce'], uri, resp, cn)
        return [('Authorization', raw, dict(header='Authorization', username='fr"ank', expect='valid',
                                            note='folded over 3 lines, mixed-case names, spaces around "=", '
                                                 'escaped quote in username', user=user, password=pw))]
    register(run, uac, 'frank', odd_syntax, plan)
    # 4: INVITE carrying Authorization (registrar realm) + Proxy-Authorization (proxy realm)
    srv.realms = [REALM, PROXY_REALM]
    cid = run.call_id('bob-two-hdrs')
    ruri = 'sip:carol@sip.lab.test'
    srv.plan = [dict(realm=PROXY_REALM, algorithm='SHA-256', qop='auth')]
    body = sdp('127.0.0.1', 31000)
    msg, br = uac.build('INVITE', ruri, cid, 1, 'bob', 'carol', body=body)
    uac.send(msg)
    r = uac.until_final()
    totag = re.search(r';tag=([^;>\s]+)', hget(r, 'To')).group(1)
    uac.send(uac.build('ACK', ruri, cid, 1, 'bob', 'carol', branch=br, to_tag=totag)[0])
    pch = challenges(r)[0]
    # the registrar nonce from an earlier REGISTER challenge of bob (same realm sip.lab.test)
    srv.plan = [dict(realm=REALM, algorithm='MD5', qop='auth')]
    m2, _ = uac.build('REGISTER', 'sip:sip.lab.test', cid.replace('two-hdrs', 'reg'), 1, 'bob')
    uac.send(m2)
    rch = challenges(uac.until_final())[0]
    c = [run.cred('Authorization', rch, 'bob', U[(REALM, 'bob')], 'INVITE', ruri, 'valid',
                  'Authorization for sip.lab.test (nonce from the REGISTER 401 of another Call-ID)'),
         run.cred('Proxy-Authorization', pch, 'bob', U[(PROXY_REALM, 'bob')], 'INVITE', ruri, 'valid',
                  'Proxy-Authorization for proxy.lab.test in the same INVITE')]
    run.record(cid, 2, 'INVITE', c)
    msg, br = uac.build('INVITE', ruri, cid, 2, 'bob', 'carol', creds=[(a, b) for a, b, _ in c], body=body)
    uac.send(msg)
    r = uac.until_final()
    totag = re.search(r';tag=([^;>\s]+)', hget(r, 'To')).group(1)
    contact = re.search(r'<([^>]+)>', hget(r, 'Contact')).group(1)
    uac.send(uac.build('ACK', contact, cid, 2, 'bob', 'carol', to_tag=totag)[0])
    cb = [run.cred('Proxy-Authorization', pch, 'bob', 'proxy-bob-WRONG', 'BYE', contact, 'invalid',
                   'BYE with a wrong proxy password -> 403')]
    run.record(cid, 3, 'BYE', cb)
    uac.send(uac.build('BYE', contact, cid, 3, 'bob', 'carol', to_tag=totag, creds=[(a, b) for a, b, _ in cb])[0])
    uac.until_final()
    # 5: deliberate disagreement: right credentials, 403
    srv.realms = [REALM]
    register(run, uac, 'grace', lambda ch, uri: [run.cred('Authorization', ch[0], 'grace', U[(REALM, 'grace')],
                                                          'REGISTER', uri, 'valid',
                                                          'right password, server answers 403 ON PURPOSE '
                                                          '(disagreement)')],
             [dict(realm=REALM, algorithm='MD5', qop='auth')], flip=True)
    uac.close()


def scen_precomputed(run, srv):
    """UDP/IPv4 REGISTERs checked against precomputed HA1 values: {MD5}, {SHA-256}, {SHA-512-256} entries in
    credentials.txt, an htdigest file (MD5 HA1 only), a realm `*` password entry, an {MD5} HA1 used for a
    SHA-256 challenge (no usable credential -> unverifiable), and lines the parser must ignore (realm `*`
    with an HA1, bad hex)."""
    srv.listen(socket.AF_INET, '127.0.0.1')
    uac = UAC('UDP', port=5075)
    U = srv.users

    def one(user, alg, expect, note, pw=None, qop='auth', flip=False):
        pw = pw if pw is not None else U[(REALM, user)]
        plan = [dict(realm=REALM, algorithm=alg, qop=qop)]
        register(run, uac, user, lambda ch, uri: [run.cred('Authorization', ch[0], user, pw, 'REGISTER', uri,
                                                           expect, note)], plan, flip=flip)

    one('alice', 'MD5', 'valid', 'credentials.txt {MD5} HA1')
    one('alice', 'MD5-sess', 'valid', 'credentials.txt {MD5} HA1, MD5-sess')
    one('bob', 'SHA-256', 'valid', 'credentials.txt {SHA-256} HA1')
    one('bob', 'SHA-256-sess', 'invalid', 'credentials.txt {SHA-256} HA1, wrong password', pw='bob-wrong')
    one('carol', 'SHA-512-256', 'valid', 'credentials.txt {SHA-512-256} HA1')
    one('carol', 'SHA-512-256-sess', 'valid', 'credentials.txt {SHA-512-256} HA1 (upper-case hex), -sess')
    one('dave', 'MD5', 'valid', 'only in htdigest.txt')
    one('dave', 'MD5', 'invalid', 'only in htdigest.txt, wrong password', pw='dave-wrong')
    one('erin', 'SHA-256', 'unverifiable', 'credentials.txt has only an {MD5} HA1 for erin; SHA-256 challenge '
                                           '(server knows the password -> 200)')
    one('frank', 'MD5', 'valid', 'credentials.txt realm "*" with a password')
    one('ivan', 'MD5', 'unverifiable', 'ivan only on an ignored line (realm "*" with an {MD5} HA1)')
    one('judy', 'SHA-256', 'unverifiable', 'judy only on an ignored line ({SHA-256} with bad hex)')
    one('kim', 'SHA-512-256', 'valid', 'plain password with colons "pa:ss:word"')
    one('henry', 'SHA-256', 'valid', '{SHA-256} HA1, server answers 403 ON PURPOSE (disagreement)', flip=True)
    uac.close()


def scen_ipv6_tcp(run, srv):
    """IPv6 loopback ([::1]) over TCP and UDP (lo MTU 1500, gso_max_segs 1): a REGISTER deliberately written
    in 3 pieces (3 TCP segments), two REGISTERs written in one send() (one segment), an INVITE with a
    ~3 kB SDP that TCP splits into MSS-sized segments (auth-int over the big body), a REGISTER over
    IPv6 UDP and one over IPv4 TCP, a wrong password and a deliberate disagreement."""
    srv.listen(socket.AF_INET6, '::1', udp=True, tcp=True)
    srv.listen(socket.AF_INET, '127.0.0.1', udp=False, tcp=True)
    U = srv.users
    t6 = UAC('TCP', v6=True, port=5076)
    plan = lambda alg='SHA-256': [dict(realm=REALM, algorithm=alg, qop='auth,auth-int')]

    # split REGISTER: 3 segments
    cid = run.call_id('alice-split')
    srv.plan = plan()
    t6.send(t6.build('REGISTER', 'sip:sip.lab.test', cid, 1, 'alice')[0])
    ch = challenges(t6.until_final())[0]
    c = [run.cred('Authorization', ch, 'alice', U[(REALM, 'alice')], 'REGISTER', 'sip:sip.lab.test', 'valid',
                  'REGISTER written in 3 pieces -> 3 TCP segments (IPv6)', qop='auth')]
    run.record(cid, 2, 'REGISTER', c)
    msg = t6.build('REGISTER', 'sip:sip.lab.test', cid, 2, 'alice', creds=[(a, b) for a, b, _ in c])[0]
    i = msg.find(b'response=')
    t6.send(msg, split=[120, i + 20])
    t6.until_final()

    # two REGISTERs in one segment (pipelined): first unauthenticated pair, then both answers in one write
    cb, cc = run.call_id('bob-pipe'), run.call_id('carol-pipe')
    srv.plan = plan('MD5')
    mb = t6.build('REGISTER', 'sip:sip.lab.test', cb, 1, 'bob')[0]
    t6.send(mb)
    chb = challenges(t6.until_final())[0]
    srv.plan = plan('SHA-512-256')
    mc = t6.build('REGISTER', 'sip:sip.lab.test', cc, 1, 'carol')[0]
    t6.send(mc)
    chc = challenges(t6.until_final())[0]
    crb = [run.cred('Authorization', chb, 'bob', U[(REALM, 'bob')], 'REGISTER', 'sip:sip.lab.test', 'valid',
                    'first of two REGISTERs written in one send() (one TCP segment)', qop='auth')]
    crc = [run.cred('Authorization', chc, 'carol', 'carol-wrong', 'REGISTER', 'sip:sip.lab.test', 'invalid',
                    'second REGISTER in the same segment, wrong password', qop='auth')]
    run.record(cb, 2, 'REGISTER', crb)
    run.record(cc, 2, 'REGISTER', crc)
    m1 = t6.build('REGISTER', 'sip:sip.lab.test', cb, 2, 'bob', creds=[(a, b) for a, b, _ in crb])[0]
    m2 = t6.build('REGISTER', 'sip:sip.lab.test', cc, 2, 'carol', creds=[(a, b) for a, b, _ in crc])[0]
    t6.send(m1 + m2)
    t6.until_final()
    t6.until_final()

    # big INVITE, auth-int over a ~3 kB body, split by TCP itself (MSS 1440 on [::1] with MTU 1500)
    extra = ''.join('a=x-padding-%02d:%s\r\n' % (k, 'p' * 90) for k in range(30))
    big = sdp('::1', 32000, True, extra)
    invite_flow(run, t6, 'dave', U[(REALM, 'dave')], plan('SHA-256'), qop='auth-int', body=big,
                note='INVITE over TCP/IPv6 with a %d-byte SDP, qop=auth-int; spans several segments' % len(big))
    t6.close()

    # IPv6 UDP
    u6 = UAC('UDP', v6=True, port=5077)
    register(run, u6, 'erin', lambda ch, uri: [run.cred('Authorization', ch[0], 'erin', U[(REALM, 'erin')],
                                                        'REGISTER', uri, 'valid', 'IPv6 UDP, SHA-512-256-sess',
                                                        qop='auth')],
             [dict(realm=REALM, algorithm='SHA-512-256-sess', qop='auth')])
    register(run, u6, 'frank', lambda ch, uri: [run.cred('Authorization', ch[0], 'frank', 'frank-wrong',
                                                         'REGISTER', uri, 'invalid',
                                                         'IPv6 UDP, wrong password, server answers 200 ON '
                                                         'PURPOSE (disagreement)', qop='auth')],
             [dict(realm=REALM, algorithm='MD5', qop='auth')], flip=True)
    u6.close()
    # IPv4 TCP, split inside the Authorization header value
    t4 = UAC('TCP', v6=False, port=5078)
    cid = run.call_id('grace-v4tcp')
    srv.plan = [dict(realm=REALM, algorithm='MD5-sess', qop='auth')]
    t4.send(t4.build('REGISTER', 'sip:sip.lab.test', cid, 1, 'grace')[0])
    ch = challenges(t4.until_final())[0]
    c = [run.cred('Authorization', ch, 'grace', U[(REALM, 'grace')], 'REGISTER', 'sip:sip.lab.test', 'valid',
                  'IPv4 TCP, MD5-sess, message split inside the nonce value', qop='auth')]
    run.record(cid, 2, 'REGISTER', c)
    msg = t4.build('REGISTER', 'sip:sip.lab.test', cid, 2, 'grace', creds=[(a, b) for a, b, _ in c])[0]
    t4.send(msg, split=[msg.find(b'nonce=') + 12])
    t4.until_final()
    t4.close()


SCENARIOS = {
    'algorithms': scen_algorithms,
    'auth-int': scen_auth_int,
    'userhash': scen_userhash,
    'multi-header': scen_multi_header,
    'precomputed-ha1': scen_precomputed,
    'ipv6-tcp': scen_ipv6_tcp,
}


# ------------------------------------------------------------------ credentials files
def write_credentials(name, outdir):
    U = users_basic()
    lines = ['# sipdigest credentials for testdata/digest/%s (username:realm:password, realm * = any)' % name]
    ht = None
    if name == 'precomputed-ha1':
        md5 = lambda u, r, p: hhex('md5', '%s:%s:%s' % (u, r, p))
        s256 = lambda u, r, p: hhex('sha256', '%s:%s:%s' % (u, r, p))
        s512 = lambda u, r, p: hhex('sha512_256', '%s:%s:%s' % (u, r, p))
        lines += [
            '# precomputed HA1 entries (only usable for that hash family)',
            'alice:%s:{MD5}%s' % (REALM, md5('alice', REALM, U[(REALM, 'alice')])),
            'bob:%s:{SHA-256}%s' % (REALM, s256('bob', REALM, U[(REALM, 'bob')])),
            'carol:%s:{SHA-512-256}%s' % (REALM, s512('carol', REALM, U[(REALM, 'carol')]).upper()),
            'erin:%s:{MD5}%s' % (REALM, md5('erin', REALM, U[(REALM, 'erin')])),
            'henry:%s:{SHA-256}%s' % (REALM, s256('henry', REALM, U[(REALM, 'henry')])),
            '',
            'frank:*:%s' % U[(REALM, 'frank')],
            'kim:%s:%s' % (REALM, U[(REALM, 'kim')]),
            '# the next lines are invalid and must be ignored',
            'ivan:*:{MD5}%s' % md5('ivan', REALM, U[(REALM, 'ivan')]),
            'judy:%s:{SHA-256}%sZZ' % (REALM, s256('judy', REALM, U[(REALM, 'judy')])[:62]),
            'no-colons-here',
            ':%s:empty-user' % REALM,
            '   # indented comment',
        ]
        ht = ['dave:%s:%s' % (REALM, md5('dave', REALM, U[(REALM, 'dave')])),
              'alice:other.lab.test:%s' % md5('alice', 'other.lab.test', 'x')]
    else:
        for (realm, user), pw in sorted(U.items(), key=lambda kv: (kv[0][0] != REALM, kv[0][1])):
            if name == 'multi-header' and user == 'frank':
                continue
            if name == 'algorithms' and user == 'bob':
                lines.append('bob:*:%s' % pw)        # realm * entry
                continue
            lines.append('%s:%s:%s' % (user, realm, pw))
        if name == 'multi-header':
            lines.append('fr"ank:%s:quoted-user-pw' % REALM)
            lines.append('alice:other.lab.test:alice-other-right')
    with open(os.path.join(outdir, 'credentials.txt'), 'w') as f:
        f.write('\n'.join(lines) + '\n')
    if ht:
        with open(os.path.join(outdir, 'htdigest.txt'), 'w') as f:
            f.write('\n'.join(ht) + '\n')


# ------------------------------------------------------------------ inner (in the namespace)
def inner(name, outdir):
    subprocess.run(['ip', 'link', 'set', 'lo', 'up'], check=True)
    subprocess.run(['ip', 'link', 'set', 'lo', 'mtu', '1500'], check=True)
    subprocess.run(['ip', 'link', 'set', 'dev', 'lo', 'gso_max_segs', '1'], check=False)
    cap = os.path.join(outdir, 'capture.pcapng')
    if os.path.exists(cap):
        os.unlink(cap)
    dc = subprocess.Popen(['dumpcap', '-i', 'lo', '-f', 'port %d' % SERVER_PORT, '-w', cap],
                          stderr=subprocess.PIPE, stdout=subprocess.DEVNULL)
    t0 = time.time()
    line = b''
    while b'File:' not in line and time.time() - t0 < 10:
        line = dc.stderr.readline()
    time.sleep(0.5)
    srv = Server(users_basic(), [REALM])
    run = Run(name, srv)
    try:
        SCENARIOS[name](run, srv)
        time.sleep(0.3)
    finally:
        srv.close()
        time.sleep(0.3)
        dc.send_signal(signal.SIGINT)
        dc.wait(timeout=10)
    with open(os.path.join(outdir, '.intent.tmp.csv'), 'w', newline='') as f:
        w = csv.writer(f)
        w.writerow(['call_id', 'cseq', 'method', 'header', 'username', 'expected_verdict', 'server_status',
                    'deliberate_disagreement', 'user', 'password_sent', 'note'])
        for d in run.intent:
            st, flipped, _ = srv.log.get((d['call_id'], d['cseq'], d['method']), (None, False, None))
            w.writerow([d['call_id'], d['cseq'], d['method'], d['header'], d['username'], d['expect'],
                        st if st is not None else '', 'yes' if flipped and d['method'] not in ('ACK',) else '',
                        d['user'], d['password'], d['note']])


# ------------------------------------------------------------------ outer
def frames_of(cap):
    """(call_id, cseq, 'REQ'|status) -> frame, via plain tshark fields."""
    out = subprocess.run(['tshark', '-n', '-r', cap, '-o', 'tcp.reassemble_out_of_order:TRUE', '-Y', 'sip',
                          '-T', 'fields', '-E', 'occurrence=a', '-E', 'aggregator=\x01',
                          '-e', 'frame.number', '-e', 'sip.Call-ID', '-e', 'sip.CSeq', '-e', 'sip.Method',
                          '-e', 'sip.Status-Code'], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                         check=True).stdout.decode()
    req, resp = {}, []
    for ln in out.splitlines():
        fr, cids, cseqs, meths, codes = (ln.split('\t') + [''] * 5)[:5]
        cids, cseqs = cids.split('\x01'), cseqs.split('\x01')
        kinds = meths.split('\x01') if meths else codes.split('\x01')
        for cid, cs, k in zip(cids, cseqs, kinds):
            if meths:
                req.setdefault((cid, cs), int(fr))
            else:
                resp.append((int(fr), cid, cs, int(k)))
    return req, resp


def outer(name, outdir, pcap_cmd):
    os.makedirs(outdir, exist_ok=True)
    write_credentials(name, outdir)
    subprocess.run(['unshare', '--net', '--', sys.executable, os.path.abspath(__file__), '--inner', name,
                    '--out', outdir], check=True)
    cap = os.path.join(outdir, 'capture.pcapng')
    req, resp = frames_of(cap)
    tmp = os.path.join(outdir, '.intent.tmp.csv')
    rows = list(csv.DictReader(open(tmp)))
    os.unlink(tmp)
    for r in rows:
        r['frame'] = req.get((r['call_id'], r['cseq']), '')
        fin = [x for x in resp if x[1] == r['call_id'] and x[2] == r['cseq'] and x[3] >= 200
               and r['frame'] != '' and x[0] >= r['frame']]
        r['server_status_frame'] = fin[0][0] if fin and r['method'] != 'ACK' else ''
    cols = ['frame', 'method', 'header', 'username', 'expected_verdict', 'server_status', 'server_status_frame',
            'deliberate_disagreement', 'user', 'password_sent', 'call_id', 'cseq', 'note']
    with open(os.path.join(outdir, 'generator-intent.csv'), 'w', newline='') as f:
        w = csv.DictWriter(f, cols, extrasaction='ignore', lineterminator='\n')
        w.writeheader()
        w.writerows(rows)
    write_readme(name, outdir, rows, pcap_cmd)


def write_readme(name, outdir, rows, cmd):
    doc = ' '.join(SCENARIOS[name].__doc__.split())
    nmsg = subprocess.run(['tshark', '-n', '-r', os.path.join(outdir, 'capture.pcapng'), '-o',
                           'tcp.reassemble_out_of_order:TRUE', '-Y', 'sip', '-T', 'fields', '-E',
                           'occurrence=a', '-E', 'aggregator=\x01', '-e', 'sip.CSeq'],
                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL).stdout.decode()
    nsip = sum(len(x.split('\x01')) for x in nmsg.splitlines() if x)
    nframes = len(subprocess.run(['tshark', '-n', '-r', os.path.join(outdir, 'capture.pcapng')],
                                 stdout=subprocess.PIPE, stderr=subprocess.DEVNULL).stdout.splitlines())
    ht = os.path.exists(os.path.join(outdir, 'htdigest.txt'))
    dis = [r for r in rows if r['deliberate_disagreement'] == 'yes']
    L = ['# testdata/digest/%s' % name, '', doc, '',
         '- capture.pcapng: %d frames, %d SIP messages, %d credential headers (rows of the ground truth)'
         % (nframes, nsip, len(rows)),
         '- credentials.txt: sipdigest credentials file (format in tests/integration/sipdigest/truth/'
         'digest_truth.py)' + ('; htdigest.txt: Apache htdigest file (pass it too)' if ht else ''),
         '- truth.csv: output of `python3 tests/integration/sipdigest/truth/digest_truth.py --capture capture.pcapng'
         ' --credentials credentials.txt%s`' % (' --htdigest htdigest.txt' if ht else ''),
         '- generator-intent.csv: what the generator meant to send (expected verdict by construction) and the '
         'test server\'s own final answer; check_captures.py compares it with truth.csv', '',
         '## Deliberate server disagreements', '']
    if dis:
        for r in dis:
            L.append('- frame %s (%s %s, %s): expected verdict **%s**, but the server answered %s in frame %s '
                     'on purpose' % (r['frame'], r['method'], r['username'], r['header'], r['expected_verdict'],
                                     r['server_status'], r['server_status_frame']))
    else:
        L.append('- none')
    other = [r for r in rows if not r['deliberate_disagreement'] and r['server_status'] and
             ((r['expected_verdict'] == 'valid') != (r['server_status'] == '200'))]
    if other:
        L += ['', 'Not deliberate, but the server\'s answer differs from the verdict for a reason:', '']
        for r in other:
            L.append('- frame %s (%s %s): verdict %s, server %s -- %s' % (r['frame'], r['method'], r['username'],
                                                                          r['expected_verdict'],
                                                                          r['server_status'], r['note']))
    L += ['', '## Credential headers', '',
          '| frame | method | header | username | expected verdict | server answer (frame) | note |',
          '|---|---|---|---|---|---|---|']
    for r in rows:
        L.append('| %s | %s | %s | `%s` | %s | %s | %s |' % (
            r['frame'], r['method'], r['header'], r['username'][:24] + ('...' if len(r['username']) > 24 else ''),
            r['expected_verdict'],
            ('%s (%s)' % (r['server_status'], r['server_status_frame'])) if r['server_status_frame'] else '-',
            r['note']))
    L += ['', '## How it was made', '',
          'Real packets on the loopback interface of a private network namespace (only `lo`, MTU 1500, '
          'gso_max_segs 1), captured by `dumpcap -i lo -f "port 5060" -w capture.pcapng`, between a Python '
          'stdlib-socket test server (registrar/proxy/UAS on port 5060, challenges 401 for REGISTER and 407 '
          'otherwise, verifies with its own user table) and a scripted Python UAC. Command:', '',
          '```', cmd, '```', '',
          'The generator is tests/integration/sipdigest/truth/make_captures.py (function scen_%s); it shares no '
          'code with digest_truth.py. Nonces/cnonces are random, so a re-run gives a different but equivalent '
          'capture (re-run check_captures.py and regenerate truth.csv after it).' % name.replace('-', '_')]
    with open(os.path.join(outdir, 'README.md'), 'w') as f:
        f.write('\n'.join(L) + '\n')


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--out', default=os.path.join(REPO, 'testdata', 'digest'))
    ap.add_argument('--inner')
    ap.add_argument('scenarios', nargs='*')
    a = ap.parse_args()
    if a.inner:
        inner(a.inner, a.out)
        return
    for name in a.scenarios or list(SCENARIOS):
        cmd = 'python3 tests/integration/sipdigest/truth/make_captures.py %s' % name
        outer(name, os.path.join(a.out, name), cmd)
        print('made', name)


if __name__ == '__main__':
    main()
