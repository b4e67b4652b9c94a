#!/usr/bin/env python3
"""Compares sipdigest's diagnosis (cause, nonce-life flags, rspauth, nextnonce) with what the capture's
generator did on purpose (generator-intent.csv written by make_causes.py).

Usage: check_causes.py --wrapper TSHARK_WRAPPER --capture F --credentials C --intent generator-intent.csv

Runs `TSHARK_WRAPPER -2 -r F -o tcp.reassemble_out_of_order:TRUE -o sipdigest.credentials_file:C
-T pdml -J sipdigest` and reads every credentials header (a sipdigest subtree holding
sipdigest.header) and every sipdigest.rspauth / sipdigest.nextnonce. Then, for each intent row:
  kind=credentials: username, verdict, cause (absent = empty), replay, nc_not_increasing,
    answered_stale, opaque_mismatch (absent = FALSE), stale_nonce_frame, challenge_frame (absent = empty);
  kind=auth-info: rspauth, nextnonce on that 2xx frame.
A credentials header or an rspauth the intent does not list is a difference too, and so is any
password of the credentials file appearing in tshark's output. Prints every difference; exit 1 if any.
"""

import argparse
import csv
import os
import sys
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
from plugin_output import run_tshark, secrets  # noqa: E402

BOOLS = ('replay', 'nc_not_increasing', 'answered_stale', 'opaque_mismatch')
CRED_FIELDS = ('username', 'verdict', 'cause') + BOOLS + ('stale_nonce_frame', 'challenge_frame')
INFO_FIELDS = ('rspauth', 'nextnonce')


def first_values(element):
    """sipdigest.* name -> show of its first occurrence under element, expert-info items excluded."""
    out = {}

    def walk(node):
        for child in node:
            name = child.get('name') or ''
            if name == '_ws.expert':
                continue
            if name.startswith('sipdigest.') and name not in out:
                out[name] = child.get('show', '')
            walk(child)
    walk(element)
    return out


def norm_bool(value):
    if value is None or value == '':
        return 'FALSE'
    return 'TRUE' if value.strip().lower() in ('1', 'true', 'yes') else 'FALSE'


def parse(pdml):
    """(credential rows keyed by (frame, header, n-th header of that name in the frame),
    auth-info values keyed by frame)."""
    creds, infos = {}, {}
    for packet in ET.fromstring(pdml).iter('packet'):
        frame = next((f.get('show') for f in packet.iter('field') if f.get('name') == 'num'), None)
        seen = {}
        for proto in packet.iter('proto'):
            if proto.get('name') != 'sipdigest':
                continue
            info = {}
            for group in proto:
                values = first_values(group) if len(group) else {}
                if group.get('name', '').startswith('sipdigest.'):
                    values.setdefault(group.get('name'), group.get('show', ''))
                if 'sipdigest.header' in values:
                    header = values['sipdigest.header']
                    n = seen.get(header, 0)
                    seen[header] = n + 1
                    row = {}
                    for name in CRED_FIELDS:
                        raw = values.get('sipdigest.' + name)
                        row[name] = norm_bool(raw) if name in BOOLS else (raw or '')
                    creds[(frame, header, n)] = row
                else:
                    for name in INFO_FIELDS:
                        if 'sipdigest.' + name in values and name not in info:
                            info[name] = values['sipdigest.' + name]
            if info:
                infos[frame] = info
    return creds, infos


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--wrapper', required=True)
    ap.add_argument('--capture', required=True)
    ap.add_argument('--credentials', required=True)
    ap.add_argument('--intent', required=True)
    ap.add_argument('--verbose', action='store_true', help='also print the rows that agree')
    a = ap.parse_args()

    code, out, err = run_tshark(a.wrapper, a.capture, [('sipdigest.credentials_file', a.credentials)],
                                ['-2', '-T', 'pdml', '-J', 'sipdigest'])
    if code != 0:
        print('tshark exited with %d: %s' % (code, err.strip()))
        return 1
    creds, infos = parse(out)
    intent = list(csv.DictReader(open(a.intent, encoding='utf-8')))

    diffs, ok = [], 0
    wanted_creds, wanted_infos = set(), set()
    for row in intent:
        if row['kind'] == 'credentials':
            n = sum(1 for k in wanted_creds if k[0] == row['frame'] and k[1] == row['header'])
            key = (row['frame'], row['header'], n)
            wanted_creds.add(key)
            got = creds.get(key)
            label = 'frame %s %s %s (%s)' % (row['frame'], row['method'], row['header'], row['note'])
            if got is None:
                diffs.append('%s: no sipdigest result for this header' % label)
                continue
            bad = ['%s: plugin %r, intent %r' % (f, got[f], row[f]) for f in CRED_FIELDS if got[f] != row[f]]
        elif row['kind'] == 'auth-info':
            wanted_infos.add(row['frame'])
            got = infos.get(row['frame'], {})
            label = 'frame %s 2xx to %s (%s)' % (row['frame'], row['cseq'], row['note'])
            bad = ['%s: plugin %r, intent %r' % (f, got.get(f, ''), row[f]) for f in INFO_FIELDS
                   if got.get(f, '') != row[f]]
        else:
            diffs.append('intent row of unknown kind %r' % row['kind'])
            continue
        if bad:
            diffs.append(label + ':\n    ' + '\n    '.join(bad))
        else:
            ok += 1
            if a.verbose:
                print('ok  ' + label)
    for key in sorted(set(creds) - wanted_creds, key=lambda k: (int(k[0]), k[1], k[2])):
        diffs.append('frame %s: plugin reports a %s header the intent does not list' % (key[0], key[1]))
    for frame in sorted(set(infos) - wanted_infos, key=int):
        diffs.append('frame %s: plugin reports %r on a frame the intent does not list' % (frame, infos[frame]))
    for secret in secrets(a.credentials):
        if secret in out or secret in err:
            diffs.append("a password from the credentials file appears in tshark's output")
            break

    if diffs:
        print('%d of %d intent rows agree; %d differences:' % (ok, len(intent), len(diffs)))
        print('\n'.join(diffs))
        return 1
    print('plugin agrees with the generator intent on all %d rows' % len(intent))
    return 0


if __name__ == '__main__':
    sys.exit(main())
