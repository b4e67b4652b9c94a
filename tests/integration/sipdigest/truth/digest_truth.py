#!/usr/bin/env python3
"""Independent ground truth for the sipdigest plugin.

Usage:
    python3 digest_truth.py --capture FILE --credentials FILE [--htdigest FILE]
                            [--tls-keylog FILE] [--verbose]

Prints CSV to stdout: a header line, then one row per Authorization /
Proxy-Authorization header of every SIP request in the capture, ordered by
frame, then by position in the frame (message order, then header order):

    frame,header,username,verdict,challenge_frame,answer_frame,answer_status

An empty cell means "absent". --verbose appends diagnostic columns
(method, realm, algorithm, qop, userhash, resolved_user, call_id, cseq,
nonce, nc, cnonce, uri, expected_response, response) that are not part of the comparison format.

How SIP messages are obtained (the sipdigest plugin is NOT used)
----------------------------------------------------------------
Plain tshark (Wireshark's own SIP dissector does UDP/TCP framing, IP
defragmentation and TCP reassembly):

    tshark -n -r FILE -o tcp.reassemble_out_of_order:TRUE -Y sip \
           -T json -x -j "frame sip"

For every `sip` protocol item, the `sip_raw` hex is the exact bytes of one
SIP message (start line, headers, blank line, body), taken from the data
source the SIP dissector used (the frame, or the reassembled TCP stream for
a message that spans segments). The frame that carries the item is the
frame that completes the message; several SIP messages in one frame appear
as several `sip` items in order. tcp.reassemble_out_of_order:TRUE is
required: without it tshark 4.0 loses/garbles messages after out-of-order
segments (corpus tcp: 3772 instead of 4028 messages). Everything else
(header parsing, hashing, all rules below) is done here in Python/hashlib.
A .gz capture is gunzipped to a temporary file first. For SIP over TLS,
--tls-keylog gives tshark the session secrets (-o tls.keylog_file:FILE):
Wireshark's own TLS decryption then hands the SIP dissector the clear text.

Credentials files
-----------------
--credentials (the plugin's format): one entry per line
`username:realm:password`; the password is everything after the second
colon (may contain colons; only the line end CR/LF is removed). Lines whose
first non-blank character is `#`, and blank lines, are ignored. realm `*`
matches any realm. Instead of a password, a precomputed HA1 can be given as
`{MD5}<32 hex>`, `{SHA-256}<64 hex>` or `{SHA-512-256}<64 hex>`; it is only
usable for that hash family (MD5/MD5-sess, SHA-256/SHA-256-sess,
SHA-512-256/SHA-512-256-sess). --htdigest: Apache htdigest lines
`user:realm:<32 hex MD5 HA1>`. Ignored ("bad") lines: fewer than two
colons, empty user, realm `*` with an HA1, an HA1 tag with wrong-length or
non-hex digits, an htdigest line whose third field is not 32 hex digits.
Users and realms compare case-sensitively.

Semantics (the plugin implements exactly these)
-----------------------------------------------
* Each Authorization / Proxy-Authorization header of a SIP request is one
  row (several headers in one request = several rows, in header order).
  Header names are case-insensitive; a header line is one credential (these
  headers are never comma-combined, RFC 3261 7.3.1).
* Parameters: `name=value` or `name="quoted"` (backslash escapes inside
  quotes), comma separated, names case-insensitive, whitespace / line
  folding allowed. The first occurrence of a parameter wins. Parsing stops
  at the first syntax error, keeping the parameters parsed so far.
  The username cell is the username parameter as sent (unquoted), except
  for userhash=true when a known user's H(user:realm) equals it: then it is
  that real user name (verdict valid or invalid); an unresolved userhash stays
  as the hash. Empty for scheme Basic or if absent. Other non-Digest schemes
  (e.g. AKAv1-MD5) are parsed with the same parameter syntax, so their
  username and nonce (hence challenge_frame) are reported; verdict is
  always unverifiable for them.
* verdict `unverifiable` when: scheme is not Digest (case-insensitive);
  username/realm/nonce/uri/response missing; algorithm (absent = MD5;
  case-insensitive) not one of MD5, MD5-sess, SHA-256, SHA-256-sess,
  SHA-512-256, SHA-512-256-sess; qop present but not auth/auth-int
  (case-insensitive), or qop present without nc or cnonce; no credentials
  for that username in that realm (credentials realm `*` matches any realm;
  HA1 entries count only for their hash family; a username user@domain
  without entries of its own takes the password entries of `user`, and
  HA1 = H(user@domain:realm:password) with the name as sent); with userhash=true
  (case-insensitive) no known user u (in that realm) has
  H(u ":" realm) == username (hex compared case-insensitively).
* Otherwise: HA1 = H(user:realm:password) (or the given precomputed HA1);
  for -sess: HA1 = H(HA1:nonce:cnonce) (absent cnonce = empty string).
  HA2 = H(method:uri), with qop=auth-int H(method:uri:H(body)) where body =
  exact message body bytes (after the blank line, Content-Length bytes;
  empty body = H("")). response = H(HA1:nonce:nc:cnonce:qop:HA2) with qop,
  else H(HA1:nonce:HA2). Parameter values are used exactly as sent
  (unquoted). H = md5 / sha256 / SHA-512/256 (hashlib 'sha512_256', own
  IVs, not a truncated sha512). Hex lowercase; the response is compared
  case-insensitively. method = the request's method (request line).
  `valid` if it matches; else if the method is ACK or CANCEL and it matches
  with method INVITE -> `valid`; else if the method is ACK or CANCEL and an
  earlier INVITE with the same Call-ID and CSeq number carried a valid
  credentials header with the same response value (the ACK/CANCEL repeats
  the INVITE's credentials verbatim; with auth-int they were hashed over
  the INVITE's body) -> `valid`; else `invalid`. userhash=true: H uses the
  real username found as above. When several credential entries apply
  (exact realm and `*`, password and HA1, several matching users for a
  userhash), the header is `valid` if any of them gives the response.
* challenge_frame: among 401/407 responses in earlier frames (frame <
  request frame, or same frame but earlier message) that have a
  WWW-Authenticate or Proxy-Authenticate header whose nonce equals the
  request header's nonce (unquoted), the latest one with the same Call-ID
  if any, else the latest one overall; empty if none (or no nonce).
* answer_frame / answer_status: the first final response (status >= 200)
  after the request (later message) with the same Call-ID, same CSeq
  (number and method) and same top Via branch; empty if none.
  Call-ID, CSeq method and branch compare as exact strings.
"""

import argparse
import csv
import gzip
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

ALGS = {
    'md5': ('md5', False), 'md5-sess': ('md5', True),
    'sha-256': ('sha256', False), 'sha-256-sess': ('sha256', True),
    'sha-512-256': ('sha512_256', False), 'sha-512-256-sess': ('sha512_256', True),
}
HA1_TAGS = {'{md5}': ('md5', 32), '{sha-256}': ('sha256', 64), '{sha-512-256}': ('sha512_256', 64)}
HEXRE = re.compile(r'^[0-9a-fA-F]+$')
COMPACT = {'i': 'call-id', 'v': 'via', 'l': 'content-length', 'c': 'content-type',
           'f': 'from', 't': 'to', 'm': 'contact', 'e': 'content-encoding', 'k': 'supported',
           's': 'subject'}


def H(fam, data):
    if isinstance(data, str):
        data = data.encode('utf-8', 'surrogateescape')
    return hashlib.new(fam, data).hexdigest()


# ---------------------------------------------------------------- credentials
def entry_lines(path):
    """(user, realm, secret) of every entry line of a user:realm:secret file."""
    with open(path, 'rb') as f:
        for raw in f:
            line = raw.decode('utf-8', 'surrogateescape').rstrip('\r\n')
            if not line.strip() or line.lstrip().startswith('#'):
                continue
            parts = line.split(':', 2)
            if len(parts) == 3 and parts[0] != '':
                yield parts


def load_credentials(path, htdigest=None):
    """Returns list of (user, realm, kind, value, fam): kind 'pw' or 'ha1'."""
    creds = []
    for user, realm, pw in (entry_lines(path) if path else ()):
        m = re.match(r'^(\{[A-Za-z0-9-]+\})(.*)$', pw)
        if m and m.group(1).lower() in HA1_TAGS:
            fam, n = HA1_TAGS[m.group(1).lower()]
            hx = m.group(2)
            if realm == '*' or len(hx) != n or not HEXRE.match(hx):
                continue
            creds.append((user, realm, 'ha1', hx.lower(), fam))
        else:
            creds.append((user, realm, 'pw', pw, None))
    for user, realm, hx in (entry_lines(htdigest) if htdigest else ()):
        if realm != '*' and len(hx) == 32 and HEXRE.match(hx):
            creds.append((user, realm, 'ha1', hx.lower(), 'md5'))
    return creds


# ---------------------------------------------------------------- SIP parsing
class Msg:
    __slots__ = ('frame', 'idx', 'is_req', 'method', 'status', 'headers', 'body',
                 'call_id', 'cseq_num', 'cseq_method', 'branch')


def split_commas(value):
    """Split a header value at commas outside quotes and <>."""
    out, cur, q, ang, esc = [], [], False, False, False
    for ch in value:
        if q:
            cur.append(ch)
            if esc:
                esc = False
            elif ch == '\\':
                esc = True
            elif ch == '"':
                q = False
            continue
        if ch == '"':
            q = True
        elif ch == '<':
            ang = True
        elif ch == '>':
            ang = False
        elif ch == ',' and not ang:
            out.append(''.join(cur))
            cur = []
            continue
        cur.append(ch)
    out.append(''.join(cur))
    return out


def parse_message(data):
    """Parse one SIP message (bytes). Returns (start_line, [(name_lower, value)], body)."""
    m = re.search(rb'\r?\n\r?\n', data)
    if m:
        head, body_start = data[:m.start()], m.end()
    else:
        head, body_start = data, len(data)
    text = head.decode('utf-8', 'surrogateescape')
    lines = re.split(r'\r?\n', text)
    start = lines[0]
    hdrs = []
    for ln in lines[1:]:
        if ln[:1] in (' ', '\t') and hdrs:       # line folding
            hdrs[-1][1] = hdrs[-1][1] + ' ' + ln.strip()
            continue
        if ':' not in ln:
            continue
        name, val = ln.split(':', 1)
        name = name.strip().lower()
        name = COMPACT.get(name, name)
        hdrs.append([name, val.strip()])
    hdrs = [(n, v) for n, v in hdrs]
    clen = None
    for n, v in hdrs:
        if n == 'content-length':
            try:
                clen = int(v.strip())
            except ValueError:
                pass
            break
    body = data[body_start:]
    if clen is not None:
        body = body[:clen]
    return start, hdrs, body


def parse_auth(value):
    """Parse an auth header value -> (scheme, params dict lower-name -> unquoted value)."""
    s = value.strip()
    m = re.match(r'([!#$%&\'*+\-.^_`|~0-9A-Za-z]+)', s)
    if not m:
        return '', {}
    scheme = m.group(1)
    params = {}
    if scheme.lower() == 'basic':
        return scheme, params
    i, n = m.end(), len(s)
    ws = ' \t\r\n'
    while True:
        while i < n and (s[i] in ws or s[i] == ','):
            i += 1
        if i >= n:
            break
        m2 = re.compile(r'[!#$%&\'*+\-.^_`|~0-9A-Za-z]+').match(s, i)
        if not m2:
            break
        name = m2.group(0).lower()
        i = m2.end()
        while i < n and s[i] in ws:
            i += 1
        if i >= n or s[i] != '=':
            break
        i += 1
        while i < n and s[i] in ws:
            i += 1
        if i < n and s[i] == '"':
            i += 1
            buf = []
            closed = False
            while i < n:
                ch = s[i]
                if ch == '\\' and i + 1 < n:
                    buf.append(s[i + 1])
                    i += 2
                    continue
                if ch == '"':
                    closed = True
                    i += 1
                    break
                buf.append(ch)
                i += 1
            if not closed:
                break
            val = ''.join(buf)
        else:
            j = i
            while j < n and s[j] not in ws and s[j] != ',':
                j += 1
            val = s[i:j]
            i = j
        params.setdefault(name, val)
        while i < n and s[i] in ws:
            i += 1
        if i < n and s[i] != ',':
            break
    return scheme, params


def build_msg(frame, idx, data):
    start, hdrs, body = parse_message(data)
    msg = Msg()
    msg.frame, msg.idx, msg.headers, msg.body = frame, idx, hdrs, body
    msg.method = msg.status = None
    if start.startswith('SIP/'):
        msg.is_req = False
        parts = start.split(None, 2)
        try:
            msg.status = int(parts[1])
        except (IndexError, ValueError):
            msg.status = None
    else:
        msg.is_req = True
        msg.method = start.split(' ', 1)[0]
    msg.call_id = msg.cseq_num = msg.cseq_method = msg.branch = None
    for n, v in hdrs:
        if n == 'call-id' and msg.call_id is None:
            msg.call_id = v.strip()
        elif n == 'cseq' and msg.cseq_num is None:
            p = v.split()
            if len(p) >= 2:
                msg.cseq_num, msg.cseq_method = p[0], p[1]
        elif n == 'via' and msg.branch is None:
            top = split_commas(v)[0]
            mb = re.search(r';\s*branch\s*=\s*([^;,\s]+)', top, re.I)
            msg.branch = mb.group(1) if mb else ''
    if msg.cseq_num is not None:
        try:
            msg.cseq_num = str(int(msg.cseq_num))
        except ValueError:
            pass
    return msg


# ---------------------------------------------------------------- capture
def read_messages(capture, tshark='tshark', tls_keylog=None):
    tmp = None
    try:
        path = capture
        with open(capture, 'rb') as f:
            magic = f.read(2)
        if magic == b'\x1f\x8b':
            fd, tmp = tempfile.mkstemp(suffix='.pcapng')
            with os.fdopen(fd, 'wb') as out, gzip.open(capture, 'rb') as src:
                shutil.copyfileobj(src, out)
            path = tmp
        cmd = [tshark, '-n', '-r', path, '-o', 'tcp.reassemble_out_of_order:TRUE',
               '-Y', 'sip', '-T', 'json', '-x', '-j', 'frame sip']
        if tls_keylog:
            cmd[4:4] = ['-o', 'tls.keylog_file:' + tls_keylog]
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if p.returncode != 0:
            sys.stderr.write(p.stderr.decode(errors='replace'))
            raise SystemExit('tshark failed (%d)' % p.returncode)
    finally:
        if tmp:
            os.unlink(tmp)
    pkts = json.loads(p.stdout.decode('utf-8', 'surrogateescape'), object_pairs_hook=lambda kv: kv)
    msgs = []
    for pkt in pkts:
        src = dict(pkt)['_source']
        layers = dict(src)['layers']
        frame = None
        for k, v in layers:
            if k == 'frame':
                frame = int(dict(v)['frame.number'])
                break
        for k, v in layers:
            if k == 'sip_raw':
                data = bytes.fromhex(v[0])
                if not (data.startswith(b'SIP/') or re.match(rb'^[A-Za-z]+ ', data)):
                    sys.stderr.write('warning: frame %s: sip item does not start like SIP\n' % frame)
                msgs.append(build_msg(frame, len(msgs), data))
    return msgs


# ---------------------------------------------------------------- verdicts
def digest_response(fam, sess, qop, ha1, nonce, nc, cnonce, method, uri, body):
    """RFC 2617 / 7616 response from HA1 = H(user:realm:password) (before any -sess step)."""
    if sess:
        ha1 = H(fam, '%s:%s:%s' % (ha1, nonce, cnonce))
    if qop is not None and qop.lower() == 'auth-int':
        ha2 = H(fam, ('%s:%s:' % (method, uri)).encode('utf-8', 'surrogateescape')
                + H(fam, body).encode())
    else:
        ha2 = H(fam, '%s:%s' % (method, uri))
    if qop is not None:
        return H(fam, '%s:%s:%s:%s:%s:%s' % (ha1, nonce, nc, cnonce, qop, ha2))
    return H(fam, '%s:%s:%s' % (ha1, nonce, ha2))


def evaluate(msg, params, creds):
    """Returns (verdict, resolved_user, expected_response)."""
    for p in ('username', 'realm', 'nonce', 'uri', 'response'):
        if p not in params:
            return 'unverifiable', None, None
    alg = params.get('algorithm', 'MD5').lower()
    if alg not in ALGS:
        return 'unverifiable', None, None
    fam, sess = ALGS[alg]
    qop = params.get('qop')
    if qop is not None:
        if qop.lower() not in ('auth', 'auth-int'):
            return 'unverifiable', None, None
        if 'nc' not in params or 'cnonce' not in params:
            return 'unverifiable', None, None
    realm = params['realm']
    uname = params['username']
    userhash = params.get('userhash', '').lower() == 'true'

    def usable(c):
        return (c[1] == realm or c[1] == '*') and (c[2] == 'pw' or c[4] == fam)

    if userhash:
        cands = [c for c in creds if usable(c) and H(fam, c[0] + ':' + realm) == uname.lower()]
    else:
        cands = [c for c in creds if c[0] == uname and usable(c)]
        if not cands and uname.find('@') > 0:
            # user@domain (sipsak sends "1000@"): the passwords of the user part, hashed with
            # the name as sent
            cands = [c for c in creds if c[0] == uname.split('@', 1)[0] and usable(c)
                     and c[2] == 'pw']
    if not cands:
        return 'unverifiable', None, None

    nonce, uri, resp = params['nonce'], params['uri'], params['response'].lower()
    nc, cnonce = params.get('nc', ''), params.get('cnonce', '')
    methods = [msg.method]
    if msg.method in ('ACK', 'CANCEL'):
        methods.append('INVITE')
    first = None
    for c in cands:
        user = c[0] if userhash else uname
        ha1 = H(fam, '%s:%s:%s' % (user, realm, c[3])) if c[2] == 'pw' else c[3]
        for meth in methods:
            exp = digest_response(fam, sess, qop, ha1, nonce, nc, cnonce, meth, uri, msg.body)
            if first is None:
                first = (user, exp)
            if exp == resp:
                return 'valid', user, exp
    return 'invalid', first[0], first[1]


# The weak-password audit's built-in candidates (README "Weak-password audit"), tried on every
# well-formed Digest header whether or not the user is in the credentials file.
WEAK_DEFAULTS = ['1234', '12345', '123456', '12345678', '0000', '1111', 'password', 'admin',
                 'secret', 'pass', 'sip', 'voip', 'changeme', 'letmein', 'qwerty', 'test']


def weak_password_found(msg, params, user, known_password=None):
    """True when the password the client used is a built-in weak candidate: compared directly
    when the response verified with a stored password (it is then the password used, also for
    an ACK/CANCEL repeating its INVITE's credentials), else found by reproducing the response."""
    for p in ('username', 'realm', 'nonce', 'uri', 'response'):
        if p not in params:
            return False
    alg = params.get('algorithm', 'MD5').lower()
    qop = params.get('qop')
    if alg not in ALGS or user is None:
        return False
    if qop is not None and (qop.lower() not in ('auth', 'auth-int')
                            or 'nc' not in params or 'cnonce' not in params):
        return False
    fam, sess = ALGS[alg]
    realm, nonce, uri = params['realm'], params['nonce'], params['uri']
    nc, cnonce = params.get('nc', ''), params.get('cnonce', '')
    candidates = [user, '', user[::-1], user + user] + WEAK_DEFAULTS
    if known_password is not None:
        return known_password in candidates
    for password in candidates:
        ha1 = H(fam, '%s:%s:%s' % (user, realm, password))
        exp = digest_response(fam, sess, qop, ha1, nonce, nc, cnonce, msg.method, uri, msg.body)
        if exp == params['response'].lower():
            return True
    return False


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--capture', required=True)
    ap.add_argument('--credentials', required=True)
    ap.add_argument('--htdigest')
    ap.add_argument('--tshark', default='tshark')
    ap.add_argument('--tls-keylog', help="the TLS key log (NSS format) of a SIP-over-TLS capture")
    ap.add_argument('--verbose', action='store_true', help='append diagnostic columns')
    a = ap.parse_args()

    creds = load_credentials(a.credentials, a.htdigest)
    msgs = read_messages(a.capture, a.tshark, a.tls_keylog)

    # challenges: nonce -> list of messages (in order)
    chal_by_nonce = {}
    for m in msgs:
        if not m.is_req and m.status in (401, 407):
            seen = set()
            for n, v in m.headers:
                if n in ('www-authenticate', 'proxy-authenticate'):
                    _, p = parse_auth(v)
                    if 'nonce' in p and p['nonce'] not in seen:
                        seen.add(p['nonce'])
                        chal_by_nonce.setdefault(p['nonce'], []).append(m)
    # final responses keyed by (call-id, cseq num, cseq method, branch)
    finals = {}
    for m in msgs:
        if not m.is_req and m.status is not None and m.status >= 200:
            finals.setdefault((m.call_id, m.cseq_num, m.cseq_method, m.branch), []).append(m)

    w = csv.writer(sys.stdout, lineterminator='\n')
    cols = ['frame', 'header', 'username', 'verdict', 'challenge_frame', 'answer_frame', 'answer_status']
    if a.verbose:
        cols += ['method', 'realm', 'algorithm', 'qop', 'userhash', 'resolved_user', 'call_id',
                 'cseq', 'nonce', 'nc', 'cnonce', 'uri', 'expected_response', 'response', 'weak']
    w.writerow(cols)
    valid_invite_responses = {}  # (call-id, cseq number) -> responses of valid INVITE credentials
    for m in msgs:
        if not m.is_req:
            continue
        answer = None
        for r in finals.get((m.call_id, m.cseq_num, m.cseq_method, m.branch), ()):
            if r.idx > m.idx:
                answer = r
                break
        for n, v in m.headers:
            if n not in ('authorization', 'proxy-authorization'):
                continue
            header = 'Authorization' if n == 'authorization' else 'Proxy-Authorization'
            scheme, params = parse_auth(v)
            if scheme.lower() != 'digest':
                verdict, ruser, exp = 'unverifiable', None, None
            else:
                verdict, ruser, exp = evaluate(m, params, creds)
            key = (m.call_id, m.cseq_num)
            resp = params.get('response', '').lower()
            if (verdict == 'invalid' and m.method in ('ACK', 'CANCEL')
                    and resp in valid_invite_responses.get(key, ())):
                verdict = 'valid'
            if verdict == 'valid' and m.method == 'INVITE':
                valid_invite_responses.setdefault(key, set()).add(resp)
            chal = None
            if 'nonce' in params:
                earlier = [c for c in chal_by_nonce.get(params['nonce'], ()) if c.idx < m.idx]
                same = [c for c in earlier if c.call_id == m.call_id]
                if same:
                    chal = same[-1]
                elif earlier:
                    chal = earlier[-1]
            uname = params.get('username', '')
            if params.get('userhash', '').lower() == 'true' and ruser:
                uname = ruser
            audited_user = uname
            if params.get('userhash', '').lower() == 'true' and not ruser:
                audited_user = None
            known_password = None
            if verdict == 'valid':
                exact = [c for c in creds if c[0] == audited_user and c[1] == params.get('realm')]
                wild = [c for c in creds if c[0] == audited_user and c[1] == '*']
                entry = (exact or wild or [None])[0]
                if entry is not None and entry[2] == 'pw':
                    known_password = entry[3]
            weak = (scheme.lower() == 'digest'
                    and weak_password_found(m, params, audited_user, known_password))
            row = [m.frame, header, uname, verdict,
                   chal.frame if chal else '', answer.frame if answer else '',
                   answer.status if answer else '']
            if a.verbose:
                row += [m.method, params.get('realm', ''), params.get('algorithm', ''),
                        params.get('qop', ''), params.get('userhash', ''), ruser or '',
                        m.call_id or '', '%s %s' % (m.cseq_num, m.cseq_method),
                        params.get('nonce', ''), params.get('nc', ''), params.get('cnonce', ''),
                        params.get('uri', ''), exp or '',
                        params.get('response', ''), weak]
            w.writerow(row)


if __name__ == '__main__':
    main()
