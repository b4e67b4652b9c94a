#!/usr/bin/env python3
"""Make REAL captures of SIP clients and servers that misbehave in known ways, for sipdigest's
diagnosis fields (sipdigest.cause, the nonce-life flags, rspauth / nextnonce).

Usage (as root; needs unshare, ip, dumpcap, tshark):
    python3 tests/integration/sipdigest/causes/make_causes.py [--out testdata/digest] [causes] [nonce-life]

Like tests/integration/sipdigest/truth/make_captures.py (whose UAC, SIP parser and SDP helpers are
imported, not copied), each scenario re-executes this script inside `unshare --net` (only `lo`),
starts `dumpcap -i lo -f "port 5060"` and runs a scripted stdlib-socket UAC against a scripted UAS /
registrar on 127.0.0.1:5060 (UDP). Unlike make_captures.py's server, this one does not decide on
its own: before each request the scenario tells it exactly how to answer (challenge, stale=true
re-challenge, 200 with or without Authentication-Info, right or wrong rspauth, 403, a delayed answer
that provokes a retransmission). Every credentials header is built by the scenario from the values
it SENDS and the values it HASHES, so a wrong response is exactly the result of one known mistake
(the hashing is plain hashlib, written here; the plugin's code is not used).

What each header and each 2xx with Authentication-Info should show is written to
generator-intent.csv; frame numbers are read back from the capture with plain tshark (Call-ID,
CSeq, top Via branch, status code), never assumed. check_causes.py compares the plugin with it.

Files per scenario: capture.pcapng, credentials.txt, generator-intent.csv, README.md.
"""

import argparse
import base64
import csv
import hashlib
import json
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
sys.path.insert(0, os.path.join(HERE, '..', 'truth'))
import make_captures as mc  # noqa: E402  (UAC, parse_sip, hget, auth_params, q, sdp, challenges)

SERVER_PORT = 5060
REALM = 'sip.lab.test'
OTHER_REALM = 'lab.test'
HASHES = {'MD5': 'md5', 'SHA-256': 'sha256', 'SHA-512-256': 'sha512_256'}
INTENT_COLUMNS = ['kind', 'frame', 'method', 'header', 'username', 'verdict', 'cause', 'replay',
                  'nc_not_increasing', 'answered_stale', 'stale_nonce_frame', 'opaque_mismatch',
                  'challenge_frame', 'rspauth', 'nextnonce', 'call_id', 'cseq', 'note']


# ------------------------------------------------------------------ hashing (client and server side)
def H(alg, text):
    base = alg.upper()[:-5] if alg.upper().endswith('-SESS') else alg.upper()
    return hashlib.new(HASHES[base], text.encode() if isinstance(text, str) else text).hexdigest()


def ha1(alg, user, realm, pw, nonce, cnonce):
    h = H(alg, '%s:%s:%s' % (user, realm, pw))
    if alg.upper().endswith('-SESS'):
        h = H(alg, '%s:%s:%s' % (h, nonce, cnonce))
    return h


def response(alg, user, realm, pw, nonce, uri, method, qop, nc, cnonce, body=b'', rfc2069=False):
    """RFC 2617 / 7616 response; rfc2069=True drops nc/cnonce/qop from the final hash."""
    a1 = ha1(alg, user, realm, pw, nonce, cnonce)
    if qop == 'auth-int':
        a2 = H(alg, '%s:%s:%s' % (method, uri, H(alg, body)))
    else:
        a2 = H(alg, '%s:%s' % (method, uri))
    if qop and not rfc2069:
        return H(alg, '%s:%s:%s:%s:%s:%s' % (a1, nonce, nc, cnonce, qop, a2))
    return H(alg, '%s:%s:%s' % (a1, nonce, a2))


def rspauth(alg, user, realm, pw, nonce, uri, qop, nc, cnonce, body=b'', method=''):
    """Authentication-Info rspauth: the response with an EMPTY method (RFC 2617 §3.2.3)."""
    return response(alg, user, realm, pw, nonce, uri, method, qop, nc, cnonce, body)


# ------------------------------------------------------------------ scripted server
class ScriptedServer:
    """UDP UAS/registrar on 127.0.0.1:5060. `reply` (set before each request) maps the request to a
    list of (delay seconds, message bytes). A request whose (top Via branch, method) already got a
    final response is a retransmission: the same final response is sent again."""

    def __init__(self):
        self.reply = None
        self.finals = {}
        self.count = 0
        self.errors = []
        self.stop = False
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(('127.0.0.1', SERVER_PORT))
        threading.Thread(target=self._loop, daemon=True).start()

    def nonce(self, tag):
        self.count += 1
        return '%s%02d-%s' % (tag, self.count, base64.b64encode(os.urandom(12)).decode())

    def _loop(self):
        while not self.stop:
            try:
                data, addr = self.sock.recvfrom(65535)
            except OSError:
                return
            req = mc.parse_sip(data)
            if req['start'].startswith('SIP/'):
                continue
            method = req['start'].split()[0]
            key = (branch_of(req), method)
            if key in self.finals:
                self.sock.sendto(self.finals[key], addr)
                continue
            if method == 'ACK':
                continue
            fn, self.reply = self.reply, None
            if fn is None:
                self.errors.append('no reply planned for ' + req['start'])
                continue
            for delay, msg in fn(req):
                time.sleep(delay)
                self.sock.sendto(msg, addr)
                if int(msg.split(b' ', 2)[1]) >= 200:
                    self.finals[key] = msg

    def close(self):
        self.stop = True
        self.sock.close()


def branch_of(msg):
    return re.search(r'branch=([^;,\s]+)', mc.hget(msg, 'Via')).group(1)


def resp(req, status, reason, extra=(), body=b''):
    return mc.Server.response(None, req, status, reason, list(extra), body, to_tag=status != 100)


def challenge_header(hname, realm, nonce, alg='MD5', qop='auth', opaque=None, stale=False):
    parts = ['realm=' + mc.q(realm)]
    if qop:
        parts.append('qop=' + mc.q(qop))
    parts.append('nonce=' + mc.q(nonce))
    if opaque is not None:
        parts.append('opaque=' + mc.q(opaque))
    if alg:
        parts.append('algorithm=' + alg)
    if stale:
        parts.append('stale=true')
    return '%s: Digest %s' % (hname, ', '.join(parts))


def creds_of(req):
    out = []
    for n, v in req['headers']:
        if n.lower() in ('authorization', 'proxy-authorization'):
            out.append(mc.auth_params(v)[1])
    return out


# ------------------------------------------------------------------ one scenario run
class Run:
    def __init__(self, name, srv, uac):
        self.name, self.srv, self.uac = name, srv, uac
        self.rows = []          # intent rows with symbolic frame references
        self.calls = 0
        self.sent = {}          # (call_id, cseq, branch) -> copies sent

    def call_id(self, tag):
        self.calls += 1
        return '%s-%02d-%s@sipaudit.test' % (self.name, self.calls, tag)

    @staticmethod
    def req_ref(cid, cseq, branch, occ=0):
        return ['req', cid, cseq, branch, occ]

    @staticmethod
    def resp_ref(cid, cseq, status, occ=0):
        return ['resp', cid, cseq, status, occ]

    def send(self, msg, cid, cseq, branch):
        key = (cid, cseq, branch)
        occ = self.sent.get(key, 0)
        self.sent[key] = occ + 1
        self.uac.send(msg)
        return self.req_ref(cid, cseq, branch, occ)

    def cred_row(self, ref, method, hname, meta):
        row = dict(kind='credentials', frame=ref, method=method, header=hname, call_id=ref[1], cseq=ref[2])
        for k in ('replay', 'nc_not_increasing', 'answered_stale', 'opaque_mismatch'):
            row[k] = 'TRUE' if meta.get(k) else 'FALSE'
        row.update({k: meta.get(k, '') for k in ('username', 'verdict', 'cause', 'note')})
        row['challenge_frame'] = meta.get('challenge', '')
        row['stale_nonce_frame'] = meta.get('stale_nonce', '')
        self.rows.append(row)

    def info_row(self, ref, method, rsp, nextnonce, note):
        self.rows.append(dict(kind='auth-info', frame=ref, method=method, call_id=ref[1], cseq=ref[2],
                              rspauth=rsp, nextnonce=nextnonce, note=note))


class Cred:
    """One credentials header: what is SENT, and what the client HASHED (h_* overrides)."""

    def __init__(self, hname, chal, user, pw, method, uri, meta, realm=None, alg='chal', qop='auth', nc=1,
                 cnonce=None, opaque='echo', body=b'', nonce=None, h_realm=None, h_uri=None, h_method=None,
                 h_alg=None, h_qop=None, h_nc=None, h_nonce=None, h_pw=None, rfc2069=False):
        self.hname, self.meta = hname, dict(meta)
        realm = realm if realm is not None else chal['realm']
        alg = chal.get('algorithm') if alg == 'chal' else alg
        nonce = nonce if nonce is not None else chal['nonce']
        cnonce = cnonce or os.urandom(6).hex()
        ncs = '%08x' % nc
        if opaque == 'echo':
            opaque = chal.get('opaque')
        resp_hex = response(h_alg or alg or 'MD5', user, h_realm or realm, h_pw or pw, h_nonce or nonce,
                            h_uri or uri, h_method or method, h_qop or qop, h_nc or ncs, cnonce, body, rfc2069)
        parts = ['username=' + mc.q(user), 'realm=' + mc.q(realm), 'nonce=' + mc.q(nonce), 'uri=' + mc.q(uri),
                 'response=' + mc.q(resp_hex)]
        if alg:
            parts.append('algorithm=' + alg)
        if qop:
            parts += ['cnonce=' + mc.q(cnonce), 'qop=' + qop, 'nc=' + ncs]
        if opaque is not None:
            parts.append('opaque=' + mc.q(opaque))
        self.value = 'Digest ' + ', '.join(parts)
        self.meta.setdefault('username', user)
        self.cnonce = cnonce


def build(run, method, ruri, cid, cseq, user, creds=(), **kw):
    return run.uac.build(method, ruri, cid, cseq, user, creds=[(c.hname, c.value) for c in creds], **kw)


def request(run, method, ruri, cid, cseq, user, creds=(), reply=None, wait=True, **kw):
    """Send one request (server answer planned by `reply`), record its credential rows, return
    (final response, request ref, branch)."""
    msg, br = build(run, method, ruri, cid, cseq, user, creds, **kw)
    run.srv.reply = reply
    ref = run.send(msg, cid, '%d %s' % (cseq, kw.get('cseq_method') or method), br)
    for c in creds:
        run.cred_row(ref, method, c.hname, c.meta)
    final = run.uac.until_final() if wait else None
    return final, ref, br, msg


# server answers ---------------------------------------------------------------
def ans_challenge(srv, tag, code=401, stale=False, **spec):
    hname = 'WWW-Authenticate' if code == 401 else 'Proxy-Authenticate'
    reason = 'Unauthorized' if code == 401 else 'Proxy Authentication Required'

    def fn(req):
        return [(0, resp(req, code, reason, [challenge_header(hname, spec.get('realm', REALM), srv.nonce(tag),
                                                              spec.get('alg', 'MD5'), spec.get('qop', 'auth'),
                                                              spec.get('opaque'), stale)]))]
    return fn


def ans(status, reason='OK', extra=(), delay=0):
    def fn(req):
        ex = list(extra)
        if status == 200 and req['start'].startswith('REGISTER'):
            ex.append('Contact: ' + mc.hget(req, 'Contact') + ';expires=3600')
        return [(delay, resp(req, status, reason, ex))]
    return fn


def ans_auth_info(srv, pw, tag=None, wrong=False, invite=False):
    """200 with Authentication-Info computed from the request's own credentials (and nextnonce when
    tag is given). wrong=True: the server hashes HA2 with the request method instead of an empty one."""
    def fn(req):
        c = creds_of(req)[0]
        method = req['start'].split()[0]
        body = b''
        extra = []
        if invite:
            body = mc.sdp('127.0.0.1', 40000)
            extra.append('Contact: <sip:uas@127.0.0.1:%d>' % SERVER_PORT)
        elif method == 'REGISTER':
            extra.append('Contact: ' + mc.hget(req, 'Contact') + ';expires=3600')
        alg = c.get('algorithm', 'MD5')
        ra = rspauth(alg, c['username'], c['realm'], pw, c['nonce'], c['uri'], c['qop'], c['nc'], c['cnonce'],
                     body, method if wrong else '')
        ai = []
        if tag:
            fn.nextnonce = srv.nonce(tag)
            ai.append('nextnonce=' + mc.q(fn.nextnonce))
        ai += ['qop=' + c['qop'], 'rspauth=' + mc.q(ra), 'cnonce=' + mc.q(c['cnonce']), 'nc=' + c['nc']]
        extra.insert(0, 'Authentication-Info: ' + ', '.join(ai))
        out = []
        if invite:
            out.append((0, resp(req, 100, 'Trying')))
        out.append((0, resp(req, 200, 'OK', extra, body)))
        return out
    fn.nextnonce = ''
    return fn


def ans_invite_ok(srv):
    def fn(req):
        return [(0, resp(req, 100, 'Trying')),
                (0, resp(req, 200, 'OK', ['Contact: <sip:uas@127.0.0.1:%d>' % SERVER_PORT],
                         mc.sdp('127.0.0.1', 40000)))]
    return fn


def first_challenge(run, cid, user, ruri='sip:' + REALM, tag='n', method='REGISTER', **spec):
    """Unauthenticated request -> 401/407; returns (challenge params, ref of the challenge frame)."""
    code = 407 if spec.pop('proxy', False) else 401
    kw = dict(to_user='bob', body=mc.sdp('127.0.0.1', 30000)) if method == 'INVITE' else {}
    r, ref, br, _ = request(run, method, ruri, cid, 1, user, reply=ans_challenge(run.srv, tag, code, **spec), **kw)
    if method == 'INVITE':
        totag = re.search(r';tag=([^;>\s]+)', mc.hget(r, 'To')).group(1)
        run.uac.send(run.uac.build('ACK', ruri, cid, 1, user, 'bob', branch=br, to_tag=totag)[0])
    return mc.challenges(r)[0], run.resp_ref(cid, '1 %s' % method, code)


def meta(verdict, note, cause='', **kw):
    d = dict(verdict=verdict, note=note, cause=cause)
    d.update(kw)
    return d


# ------------------------------------------------------------------ users
CAUSES_USERS = [
    ('uma', REALM, 'Uri-Mix-01'), ('rita', REALM, 'r3alm-R1ta'), ('rita', OTHER_REALM, 'r3alm-R1ta'),
    ('rob', REALM, 'R0b-main-pw'), ('rob', OTHER_REALM, 'R0b-other-pw'), ('mia', REALM, 'M1a-method'),
    ('quinn', REALM, 'Qu1nn-list'), ('igor', REALM, 'Ig0r-2069'), ('nick', REALM, 'N1ck-quotes'),
    ('alan', REALM, 'Al4n-sha256'), ('sasha', REALM, 'S4sha-sess'), ('stan', REALM, 'St4n-older'),
    ('fred', REALM, 'Fr3d-foreign'), ('walt', REALM, 'W4lt-right'),
]
NONCE_USERS = [
    ('nora', REALM, 'N0ra-counts'), ('dora', REALM, 'D0ra-counts'), ('stella', REALM, 'St3lla-stale'),
    ('olga', REALM, '0lga-opaque'), ('ada', REALM, 'Ad4-rspauth'), ('ben', REALM, 'B3n-sha256'),
    ('hal', REALM, 'H4l-authint'), ('cleo', REALM, 'Cl3o-md5sess'),
]


def pw_of(users, user, realm=REALM):
    return [p for u, r, p in users if u == user and r == realm][0]


# ------------------------------------------------------------------ scenario: causes
def scen_causes(run):
    """UDP/IPv4 REGISTERs and one call whose credentials are wrong because of exactly one known client
    mistake each (sipdigest.cause): uri-mismatch, realm-mismatch (two kinds), method-mismatch,
    qop-list, qop-ignored, nc-quoted, algorithm-mismatch (two kinds), stale-nonce, foreign-nonce and a
    plain wrong password; plus the valid requests around them (an ACK repeating its INVITE's
    credentials, valid retries) which must have no cause."""
    U = CAUSES_USERS
    ruri = 'sip:' + REALM

    def simple(user, note, cause, mk, spec=None, ruri_sent=ruri):
        cid = run.call_id(user)
        ch, ch_ref = first_challenge(run, cid, user, ruri_sent, **(spec or {}))
        c = mk(ch, dict(meta('invalid', note, cause), challenge=ch_ref))
        request(run, 'REGISTER', ruri_sent, cid, 2, user, [c], reply=ans(403, 'Forbidden'))

    # uri-mismatch: R-URI carries ;transport=udp, uri= does not, the client hashed the R-URI
    full = ruri + ';transport=udp'
    simple('uma', 'uri="sip:sip.lab.test" sent, but the client hashed the Request-URI '
           '"sip:sip.lab.test;transport=udp"', 'uri-mismatch',
           lambda ch, m: Cred('Authorization', ch, 'uma', pw_of(U, 'uma'), 'REGISTER', ruri, m, h_uri=full),
           ruri_sent=full)
    # realm-mismatch (1): hashed the challenge's realm, sent another realm=
    simple('rita', 'realm="lab.test" sent (challenge: sip.lab.test), but the hash used realm sip.lab.test '
           '(same password in both realms in credentials.txt)', 'realm-mismatch',
           lambda ch, m: Cred('Authorization', ch, 'rita', pw_of(U, 'rita'), 'REGISTER', ruri, m,
                              realm=OTHER_REALM, h_realm=REALM))
    # realm-mismatch (2): answered another realm than the challenge's, hashed consistently with it but
    # with the password it has for the challenge's realm
    simple('rob', 'answers realm="lab.test" to a sip.lab.test challenge; hashed with realm lab.test and '
           'the sip.lab.test password (credentials.txt has another password for lab.test)', 'realm-mismatch',
           lambda ch, m: Cred('Authorization', ch, 'rob', pw_of(U, 'rob'), 'REGISTER', ruri, m,
                              realm=OTHER_REALM))

    # method-mismatch: a call; the BYE is hashed with method INVITE; the ACK repeating the INVITE's
    # credentials (hashed with INVITE, RFC 3261 §22.4) is valid and no replay
    cid = run.call_id('mia-call')
    callee = 'sip:bob@' + REALM
    pw = pw_of(U, 'mia')
    ch, ch_ref = first_challenge(run, cid, 'mia', callee, method='INVITE', proxy=True, opaque='mia-op')
    body = mc.sdp('127.0.0.1', 30010)
    inv = Cred('Proxy-Authorization', ch, 'mia', pw, 'INVITE', callee,
               meta('valid', 'INVITE qop=auth nc=1', challenge=ch_ref), cnonce='cn-mia-0001')
    r, _, br, _ = request(run, 'INVITE', callee, cid, 2, 'mia', [inv], reply=ans_invite_ok(run.srv),
                          to_user='bob', body=body)
    totag = re.search(r';tag=([^;>\s]+)', mc.hget(r, 'To')).group(1)
    contact = re.search(r'<([^>]+)>', mc.hget(r, 'Contact')).group(1)
    ack = Cred('Proxy-Authorization', ch, 'mia', pw, 'INVITE', callee,
               meta('valid', 'ACK for the 2xx repeats the INVITE credentials verbatim (hashed with INVITE, nc=1): '
                    'valid, and NOT a replay (RFC 3261 §22.4 requires it)', challenge=ch_ref), cnonce='cn-mia-0001')
    ack.meta['username'] = 'mia'
    request(run, 'ACK', contact, cid, 2, 'mia', [ack], wait=False, to_user='bob', to_tag=totag)
    bye = Cred('Proxy-Authorization', ch, 'mia', pw, 'BYE', contact,
               meta('invalid', 'BYE nc=2 hashed with method INVITE instead of BYE', 'method-mismatch',
                    challenge=ch_ref), nc=2, cnonce='cn-mia-0001', h_method='INVITE')
    request(run, 'BYE', contact, cid, 3, 'mia', [bye], reply=ans(403, 'Forbidden'), to_user='bob', to_tag=totag)

    # qop-list: hashed the whole offered list as qop
    simple('quinn', 'challenge qop="auth,auth-int"; sent qop=auth but hashed qop "auth,auth-int"', 'qop-list',
           lambda ch, m: Cred('Authorization', ch, 'quinn', pw_of(U, 'quinn'), 'REGISTER', ruri, m,
                              h_qop='auth,auth-int'),
           spec=dict(qop='auth,auth-int'))
    # qop-ignored: sent qop/nc/cnonce, hashed RFC 2069 style
    simple('igor', 'sent qop=auth, nc, cnonce but hashed RFC 2069 style H(HA1:nonce:HA2)', 'qop-ignored',
           lambda ch, m: Cred('Authorization', ch, 'igor', pw_of(U, 'igor'), 'REGISTER', ruri, m, rfc2069=True))
    # nc-quoted: the hash has "00000001" with its quotes (the header has nc=00000001, unquoted)
    simple('nick', 'nc=00000001 sent; hashed as "00000001" with the double quotes', 'nc-quoted',
           lambda ch, m: Cred('Authorization', ch, 'nick', pw_of(U, 'nick'), 'REGISTER', ruri, m,
                              h_nc='"00000001"'))
    # algorithm-mismatch (1): declared MD5, hashed SHA-256
    simple('alan', 'challenge and credentials say algorithm=MD5, the response is SHA-256 (64 hex digits)',
           'algorithm-mismatch',
           lambda ch, m: Cred('Authorization', ch, 'alan', pw_of(U, 'alan'), 'REGISTER', ruri, m,
                              h_alg='SHA-256'), spec=dict(alg='MD5'))
    # algorithm-mismatch (2): declared SHA-256-sess, hashed SHA-256 (no -sess step)
    simple('sasha', 'algorithm=SHA-256-sess declared, hashed plain SHA-256 (HA1 without nonce:cnonce)',
           'algorithm-mismatch',
           lambda ch, m: Cred('Authorization', ch, 'sasha', pw_of(U, 'sasha'), 'REGISTER', ruri, m,
                              h_alg='SHA-256'), spec=dict(alg='SHA-256-sess'))

    # stale-nonce: the second nonce of the call is sent, the first one hashed
    cid = run.call_id('stan')
    pw = pw_of(U, 'stan')
    ch1, ref1 = first_challenge(run, cid, 'stan')
    ok = Cred('Authorization', ch1, 'stan', pw, 'REGISTER', ruri, meta('valid', 'first REGISTER of the call, '
                                                                        'right', challenge=ref1))
    request(run, 'REGISTER', ruri, cid, 2, 'stan', [ok], reply=ans(200))
    r, _, _, _ = request(run, 'REGISTER', ruri, cid, 3, 'stan', reply=ans_challenge(run.srv, 'n'))
    ch2, ref2 = mc.challenges(r)[0], run.resp_ref(cid, '3 REGISTER', 401)
    bad = Cred('Authorization', ch2, 'stan', pw, 'REGISTER', ruri,
               meta('invalid', 'refresh: sends the call\'s newest nonce but hashed the older one (first 401 '
                    'of the same Call-ID)', 'stale-nonce', challenge=ref2), h_nonce=ch1['nonce'])
    request(run, 'REGISTER', ruri, cid, 4, 'stan', [bad], reply=ans(403, 'Forbidden'))

    # foreign-nonce: pre-emptive credentials with a nonce never issued here
    cid = run.call_id('fred')
    pw = pw_of(U, 'fred')
    fake = {'realm': REALM, 'nonce': 'ZXhwaXJlZC1ub25jZS1mcm9tLWFub3RoZXItcmVnaXN0cmFy', 'algorithm': 'MD5'}
    pre = Cred('Authorization', fake, 'fred', 'fred-at-other-registrar', 'REGISTER', ruri,
               meta('invalid', 'pre-emptive REGISTER with a nonce cached from another registrar (never issued '
                    'in this capture), hashed with that registrar\'s password', 'foreign-nonce'))
    r, _, _, _ = request(run, 'REGISTER', ruri, cid, 1, 'fred', [pre], reply=ans_challenge(run.srv, 'n'))
    ch, ch_ref = mc.challenges(r)[0], run.resp_ref(cid, '1 REGISTER', 401)
    ok = Cred('Authorization', ch, 'fred', pw, 'REGISTER', ruri,
              meta('valid', 'retry with the nonce of the 401, right password', challenge=ch_ref))
    request(run, 'REGISTER', ruri, cid, 2, 'fred', [ok], reply=ans(200))

    # plain wrong password
    simple('walt', 'wrong password, nothing else', 'wrong-password',
           lambda ch, m: Cred('Authorization', ch, 'walt', 'W4lt-wrong', 'REGISTER', ruri, m))


# ------------------------------------------------------------------ scenario: nonce-life
def scen_nonce_life(run):
    """UDP/IPv4 REGISTERs (and one INVITE) exercising the life of a nonce: a normal nc=1,2,3 sequence
    with one byte-identical UDP retransmission (none flagged), a replayed nonce+cnonce+nc in a new
    transaction of the same call and in another Call-ID, a decreasing nc (1, 3, then 2), a new cnonce
    with nc=1 on a used nonce (not flagged), a request answered 401 stale=true and retried with the
    new nonce, a later request re-using the nonce retired by stale=true, an omitted and an altered
    opaque (and an opaque sent although the challenge had none), and 2xx responses with
    Authentication-Info: right rspauth (MD5, SHA-256, MD5-sess, auth-int over the 200's SDP), a wrong
    rspauth, an unverifiable one (user not in credentials.txt), and nextnonce values the client uses in
    its next REGISTER."""
    U = NONCE_USERS
    ruri = 'sip:' + REALM

    # A: normal increasing nc (same cnonce) + a retransmission, then a replay in a new transaction
    cid = run.call_id('nora-seq')
    pw = pw_of(U, 'nora')
    ch, ch_ref = first_challenge(run, cid, 'nora', opaque='opq-nora')
    cn = 'cn-nora-seq'
    mk = lambda nc, m: Cred('Authorization', ch, 'nora', pw, 'REGISTER', ruri, m, nc=nc, cnonce=cn)
    request(run, 'REGISTER', ruri, cid, 2, 'nora', [mk(1, meta('valid', 'nc=1, opaque echoed', challenge=ch_ref))],
            reply=ans(200))
    c2 = mk(2, meta('valid', 'nc=2 same nonce+cnonce, new transaction: normal, not flagged', challenge=ch_ref))
    msg, br = build(run, 'REGISTER', ruri, cid, 3, 'nora', [c2])
    run.srv.reply = ans(200, delay=0.8)
    ref = run.send(msg, cid, '3 REGISTER', br)
    run.cred_row(ref, 'REGISTER', c2.hname, c2.meta)
    time.sleep(0.5)          # Timer A (T1 = 500 ms) fires before the server answers: retransmit
    ref = run.send(msg, cid, '3 REGISTER', br)
    run.cred_row(ref, 'REGISTER', c2.hname, meta('valid', 'UDP retransmission of the nc=2 request (same branch, '
                                                 'byte-identical): same transaction, NOT a replay',
                                                 challenge=ch_ref, username='nora'))
    run.uac.until_final()
    run.uac.until_final()    # the server's answer to the retransmission
    request(run, 'REGISTER', ruri, cid, 4, 'nora', [mk(3, meta('valid', 'nc=3: normal', challenge=ch_ref))],
            reply=ans(200))
    request(run, 'REGISTER', ruri, cid, 5, 'nora',
            [mk(3, meta('valid', 'replay: nonce+cnonce+nc=3 of the previous request again, in a new transaction '
                                 '(new CSeq and branch); the server refuses', challenge=ch_ref,
                        replay=True, nc_not_increasing=True))], reply=ans(403, 'Forbidden'))

    # A': the nc=1 credentials of A replayed verbatim in ANOTHER Call-ID
    cid2 = run.call_id('nora-replay')
    request(run, 'REGISTER', ruri, cid2, 1, 'nora',
            [mk(1, meta('valid', 'the nc=1 credentials of %s replayed verbatim in another Call-ID: replay, and nc=1 '
                                 'is not above the nc=3 already used with that nonce+cnonce' % cid.split('@')[0],
                        challenge=ch_ref, replay=True, nc_not_increasing=True))], reply=ans(403, 'Forbidden'))

    # B: decreasing nc without a replay
    cid = run.call_id('dora-nc')
    pw = pw_of(U, 'dora')
    ch, ch_ref = first_challenge(run, cid, 'dora')
    cn = 'cn-dora-nc'
    mk = lambda nc, m: Cred('Authorization', ch, 'dora', pw, 'REGISTER', ruri, m, nc=nc, cnonce=cn)
    request(run, 'REGISTER', ruri, cid, 2, 'dora', [mk(1, meta('valid', 'nc=1', challenge=ch_ref))], reply=ans(200))
    request(run, 'REGISTER', ruri, cid, 3, 'dora', [mk(3, meta('valid', 'nc=3 (skips 2; increasing, not flagged)',
                                                               challenge=ch_ref))], reply=ans(200))
    request(run, 'REGISTER', ruri, cid, 4, 'dora',
            [mk(2, meta('valid', 'nc=2 after nc=3 with the same nonce+cnonce: decreasing, but nc=2 was never used, '
                                 'so no replay', challenge=ch_ref, nc_not_increasing=True))],
            reply=ans(403, 'Forbidden'))
    request(run, 'REGISTER', ruri, cid, 5, 'dora',
            [Cred('Authorization', ch, 'dora', pw, 'REGISTER', ruri,
                  meta('valid', 'same nonce, NEW cnonce, nc=1: a new nonce+cnonce pair, not flagged', challenge=ch_ref),
                  nc=1, cnonce='cn-dora-new', opaque='client-made-up')], reply=ans(200))
    run.rows[-1]['note'] += '; it also sends an opaque although the challenge had none (not an opaque mismatch)'

    # C: stale=true, retry with the new nonce, later re-use of the retired nonce
    cid = run.call_id('stella-stale')
    pw = pw_of(U, 'stella')
    ch1, ref1 = first_challenge(run, cid, 'stella', alg='SHA-256')
    cn = 'cn-stella'
    c = Cred('Authorization', ch1, 'stella', pw, 'REGISTER', ruri, meta('valid', 'nc=1 first nonce', challenge=ref1),
             cnonce=cn)
    request(run, 'REGISTER', ruri, cid, 2, 'stella', [c], reply=ans(200))
    c = Cred('Authorization', ch1, 'stella', pw, 'REGISTER', ruri,
             meta('valid', 'nc=2 of the first nonce; the server has expired it: 401 stale=true with a new nonce',
                  challenge=ref1, answered_stale=True), nc=2, cnonce=cn)
    r, _, _, _ = request(run, 'REGISTER', ruri, cid, 3, 'stella', [c],
                         reply=ans_challenge(run.srv, 's', stale=True, alg='SHA-256'))
    ch2, stale_ref = mc.challenges(r)[0], run.resp_ref(cid, '3 REGISTER', 401)
    c = Cred('Authorization', ch2, 'stella', pw, 'REGISTER', ruri,
             meta('valid', 'retry after stale=true with the new nonce, nc=1', challenge=stale_ref))
    request(run, 'REGISTER', ruri, cid, 4, 'stella', [c], reply=ans(200))
    c = Cred('Authorization', ch1, 'stella', pw, 'REGISTER', ruri,
             meta('valid', 'client bug: back to the nonce retired by the stale=true 401 (nc=3, same cnonce); '
                           'the server refuses', challenge=ref1, stale_nonce=stale_ref), nc=3, cnonce=cn)
    request(run, 'REGISTER', ruri, cid, 5, 'stella', [c], reply=ans(403, 'Forbidden'))

    # D: opaque omitted / altered / echoed
    cid = run.call_id('olga-opaque')
    pw = pw_of(U, 'olga')
    opq = base64.b64encode(b'opq-olga').decode()       # ends with '='
    ch, ch_ref = first_challenge(run, cid, 'olga', opaque=opq)
    cn = 'cn-olga'
    request(run, 'REGISTER', ruri, cid, 2, 'olga',
            [Cred('Authorization', ch, 'olga', pw, 'REGISTER', ruri,
                  meta('valid', 'challenge had opaque="%s"; the credentials omit opaque' % opq, challenge=ch_ref,
                       opaque_mismatch=True), opaque=None, cnonce=cn)], reply=ans(200))
    request(run, 'REGISTER', ruri, cid, 3, 'olga',
            [Cred('Authorization', ch, 'olga', pw, 'REGISTER', ruri,
                  meta('valid', 'opaque="%s" sent: the base64 padding "=" was stripped' % opq.rstrip('='),
                       challenge=ch_ref, opaque_mismatch=True), opaque=opq.rstrip('='), nc=2, cnonce=cn)],
            reply=ans(200))
    request(run, 'REGISTER', ruri, cid, 4, 'olga',
            [Cred('Authorization', ch, 'olga', pw, 'REGISTER', ruri,
                  meta('valid', 'opaque echoed exactly', challenge=ch_ref), nc=3, cnonce=cn)], reply=ans(200))

    # E: Authentication-Info: right rspauth + nextnonce, then the nextnonce used; wrong rspauth
    for user, alg in (('ada', 'MD5'), ('ben', 'SHA-256'), ('cleo', 'MD5-sess')):
        cid = run.call_id(user + '-authinfo')
        pw = pw_of(U, user)
        ch, ch_ref = first_challenge(run, cid, user, alg=alg)
        fn = ans_auth_info(run.srv, pw, tag='x')
        request(run, 'REGISTER', ruri, cid, 2, user,
                [Cred('Authorization', ch, user, pw, 'REGISTER', ruri, meta('valid', alg + ' qop=auth',
                                                                            challenge=ch_ref))], reply=fn)
        ok_ref = run.resp_ref(cid, '2 REGISTER', 200)
        run.info_row(ok_ref, 'REGISTER', 'valid', fn.nextnonce, '%s rspauth right, nextnonce given' % alg)
        nxt = {'realm': REALM, 'nonce': fn.nextnonce, 'algorithm': alg}
        c = Cred('Authorization', nxt, user, pw, 'REGISTER', ruri,
                 meta('valid', 'uses the nextnonce of the previous 200 (its challenge is that 200)', challenge=ok_ref))
        if user == 'ada':
            fn2 = ans_auth_info(run.srv, pw, wrong=True)
            request(run, 'REGISTER', ruri, cid, 3, user, [c], reply=fn2)
            run.info_row(run.resp_ref(cid, '3 REGISTER', 200), 'REGISTER', 'invalid', '',
                         'wrong rspauth: the server hashed HA2 = H("REGISTER:" uri) instead of H(":" uri); '
                         'no nextnonce')
        else:
            request(run, 'REGISTER', ruri, cid, 3, user, [c], reply=ans(200))

    # zed: the server knows him, credentials.txt does not -> unverifiable request and rspauth
    cid = run.call_id('zed-authinfo')
    ch, ch_ref = first_challenge(run, cid, 'zed')
    fn = ans_auth_info(run.srv, 'Z3d-unknown', tag='x')
    request(run, 'REGISTER', ruri, cid, 2, 'zed',
            [Cred('Authorization', ch, 'zed', 'Z3d-unknown', 'REGISTER', ruri,
                  meta('unverifiable', 'zed is not in credentials.txt', challenge=ch_ref))], reply=fn)
    run.info_row(run.resp_ref(cid, '2 REGISTER', 200), 'REGISTER', 'unverifiable', fn.nextnonce,
                 'rspauth for a user unknown to credentials.txt')

    # hal: INVITE challenged by the UAS (401), auth-int over the SDP; the 200's rspauth is auth-int over
    # the 200's own SDP body
    cid = run.call_id('hal-call')
    pw = pw_of(U, 'hal')
    callee = 'sip:bob@' + REALM
    ch, ch_ref = first_challenge(run, cid, 'hal', callee, method='INVITE', qop='auth,auth-int')
    body = mc.sdp('127.0.0.1', 30020)
    fn = ans_auth_info(run.srv, pw, invite=True)
    r, _, _, _ = request(run, 'INVITE', callee, cid, 2, 'hal',
                         [Cred('Authorization', ch, 'hal', pw, 'INVITE', callee,
                               meta('valid', 'INVITE qop=auth-int over its SDP', challenge=ch_ref),
                               qop='auth-int', body=body)], reply=fn, to_user='bob', body=body)
    run.info_row(run.resp_ref(cid, '2 INVITE', 200), 'INVITE', 'valid', '',
                 'rspauth with qop=auth-int: H(":" uri ":" H(200 body)), the 200 carries SDP')
    totag = re.search(r';tag=([^;>\s]+)', mc.hget(r, 'To')).group(1)
    contact = re.search(r'<([^>]+)>', mc.hget(r, 'Contact')).group(1)
    run.uac.send(run.uac.build('ACK', contact, cid, 2, 'hal', 'bob', to_tag=totag)[0])
    request(run, 'BYE', contact, cid, 3, 'hal', reply=ans(200), to_user='bob', to_tag=totag)


SCENARIOS = {'causes': (scen_causes, CAUSES_USERS, 5081), 'nonce-life': (scen_nonce_life, NONCE_USERS, 5082)}


# ------------------------------------------------------------------ inside the namespace
def inner(name, outdir):
    subprocess.run(['ip', 'link', 'set', 'lo', 'up'], check=True)
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
    fn, _users, port = SCENARIOS[name]
    srv = ScriptedServer()
    uac = mc.UAC('UDP', port=port)
    run = Run(name, srv, uac)
    try:
        fn(run)
        time.sleep(0.3)
    finally:
        srv.close()
        uac.close()
        time.sleep(0.3)
        dc.send_signal(signal.SIGINT)
        dc.wait(timeout=10)
    os.chmod(cap, 0o644)
    if srv.errors:
        raise SystemExit('server: ' + '; '.join(srv.errors))
    with open(os.path.join(outdir, '.intent.tmp.json'), 'w') as f:
        json.dump(run.rows, f)


# ------------------------------------------------------------------ outside: frames, files
def sip_frames(cap):
    """Plain tshark: every SIP message's frame, Call-ID, CSeq, top Via branch, method or status."""
    out = subprocess.run(['tshark', '-n', '-r', cap, '-Y', 'sip', '-T', 'fields', '-E', 'occurrence=f',
                          '-e', 'frame.number', '-e', 'sip.Call-ID', '-e', 'sip.CSeq', '-e', 'sip.Via.branch',
                          '-e', 'sip.Method', '-e', 'sip.Status-Code'],
                         capture_output=True, text=True, check=True).stdout
    reqs, resps = {}, {}
    for ln in out.splitlines():
        fr, cid, cseq, br, meth, code = (ln.split('\t') + [''] * 6)[:6]
        if code:
            resps.setdefault((cid, cseq, int(code)), []).append(int(fr))
        else:
            reqs.setdefault((cid, cseq, br), []).append(int(fr))
    return reqs, resps, len(out.splitlines())


def resolve(ref, reqs, resps):
    if not ref:
        return ''
    kind, cid, cseq, x, occ = ref
    table, key = (reqs, (cid, cseq, x)) if kind == 'req' else (resps, (cid, cseq, int(x)))
    frames = table.get(key, [])
    if len(frames) <= occ:
        raise SystemExit('not in the capture: %r' % (ref,))
    return frames[occ]


def write_credentials(name, outdir):
    lines = ['# sipdigest credentials for testdata/digest/%s (username:realm:password)' % name,
             '# made by tests/integration/sipdigest/causes/make_causes.py; users the captures\' clients',
             '# use with a known mistake or a known event (see README.md)']
    for u, r, p in SCENARIOS[name][1]:
        lines.append('%s:%s:%s' % (u, r, p))
    with open(os.path.join(outdir, 'credentials.txt'), 'w') as f:
        f.write('\n'.join(lines) + '\n')


def outer(name, outdir):
    os.makedirs(outdir, exist_ok=True)
    write_credentials(name, outdir)
    subprocess.run(['unshare', '--net', '--', sys.executable, os.path.abspath(__file__), '--inner', name,
                    '--out', outdir], check=True)
    cap = os.path.join(outdir, 'capture.pcapng')
    tmp = os.path.join(outdir, '.intent.tmp.json')
    rows = json.load(open(tmp))
    os.unlink(tmp)
    reqs, resps, nsip = sip_frames(cap)
    for r in rows:
        for k in ('frame', 'challenge_frame', 'stale_nonce_frame'):
            r[k] = resolve(r.get(k), reqs, resps)
    rows.sort(key=lambda r: (r['frame'], r['kind']))
    with open(os.path.join(outdir, 'generator-intent.csv'), 'w', newline='') as f:
        w = csv.DictWriter(f, INTENT_COLUMNS, extrasaction='ignore', lineterminator='\n')
        w.writeheader()
        w.writerows(rows)
    nframes = len(subprocess.run(['tshark', '-n', '-r', cap], capture_output=True).stdout.splitlines())
    write_readme(name, outdir, rows, nframes, nsip)


def write_readme(name, outdir, rows, nframes, nsip):
    doc = ' '.join(SCENARIOS[name][0].__doc__.split())
    creds = [r for r in rows if r['kind'] == 'credentials']
    infos = [r for r in rows if r['kind'] == 'auth-info']
    flags = ('replay', 'nc_not_increasing', 'answered_stale', 'opaque_mismatch')
    L = ['# testdata/digest/%s' % name, '', doc, '',
         '- capture.pcapng: %d frames, %d SIP messages (UDP/IPv4 on loopback), %d credentials headers, '
         '%d 2xx with Authentication-Info' % (nframes, nsip, len(creds), len(infos)),
         '- credentials.txt: the sipdigest credentials file (username:realm:password)',
         '- generator-intent.csv: what the generator did on purpose, one row per credentials header '
         '(`kind=credentials`: verdict, cause, nonce-life flags, challenge frame) and one per 2xx with '
         'Authentication-Info (`kind=auth-info`: rspauth verdict, nextnonce). Frame numbers were read back '
         'from the capture with plain tshark. Booleans: TRUE/FALSE (the plugin omits FALSE ones).',
         '- checked by `tests/integration/sipdigest/causes/check_causes.py` (ctest `sipdigest.causes.%s`)' % name,
         '', '## Credentials headers', '',
         '| frame | method | user | verdict | cause | flags | challenge | note |', '|---|---|---|---|---|---|---|---|']
    for r in creds:
        fl = [k for k in flags if r[k] == 'TRUE']
        if r['stale_nonce_frame']:
            fl.append('stale_nonce_frame=%s' % r['stale_nonce_frame'])
        L.append('| %s | %s | %s | %s | %s | %s | %s | %s |' % (r['frame'], r['method'], r['username'], r['verdict'],
                                                                r['cause'] or '-', ', '.join(fl) or '-',
                                                                r['challenge_frame'] or '-', r['note']))
    if infos:
        L += ['', '## 2xx with Authentication-Info', '', '| frame | answers | rspauth | nextnonce | note |',
              '|---|---|---|---|---|']
        for r in infos:
            L.append('| %s | %s %s | %s | %s | %s |' % (r['frame'], r['cseq'], r['call_id'].split('@')[0],
                                                       r['rspauth'], ('`%s`' % r['nextnonce']) if r['nextnonce']
                                                       else '-', r['note']))
    L += ['', '## How it was made', '',
          'Real UDP packets on `lo` inside `unshare --net`, captured by `dumpcap -i lo -f "port 5060"`, '
          'between a scripted Python UAC (make_captures.py\'s UAC class) and a scripted UAS/registrar on '
          '127.0.0.1:5060 that answers exactly as the scenario says (challenge, stale=true, 200 with '
          'Authentication-Info, 403). Each wrong response is computed with hashlib from the known password '
          'and exactly one mistake (what is sent vs. what is hashed). Command (as root):', '',
          '```', 'python3 tests/integration/sipdigest/causes/make_causes.py %s' % name, '```', '',
          'Nonces and cnonces are partly random, so a re-run gives a different but equivalent capture and '
          'rewrites generator-intent.csv and this README to match.']
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
        outer(name, os.path.join(a.out, name))
        print('made', name)


if __name__ == '__main__':
    main()
