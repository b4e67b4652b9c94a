#!/usr/bin/env python3
"""Cross-check digest_truth.py against the corpus' own auth-verify.csv files.

Usage: python3 crosscheck_corpus.py [--corpus /work/shared/corpus]

Builds a credentials file from the corpus users.json (realm `*`), runs
digest_truth.py --verbose on every scenario's capture and compares row by row
with auth-verify.csv (written by the corpus' separate sipdigest_verify.py):

  frame (last of the corpus' frames), header, username, nonce, nc, cnonce, uri, response   must be equal
  verdict      valid <-> matches_configured_password=True,
               invalid <-> False with user_known=True,
               unverifiable <-> user_known=False
  expected_response == recomputed_response (when a credential exists)
  answer_status/answer_frame == server_final_reply/server_final_reply_frame
  challenge_frame vs nonce_from_challenge_frame: reported, not an error
               (the corpus column is the FIRST challenge carrying the nonce,
               our rule is the latest one with the same Call-ID, else the
               latest overall, so they differ where a nonce was re-used).
Exit status 1 on any mismatch other than challenge_frame.
"""
import argparse
import csv
import io
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--corpus', default='/work/shared/corpus')
    a = ap.parse_args()
    users = json.load(open(os.path.join(a.corpus, 'users.json')))
    fd, credpath = tempfile.mkstemp(suffix='.txt')
    with os.fdopen(fd, 'w') as f:
        f.write('# from corpus users.json\n')
        for u in users:
            f.write('%s:*:%s\n' % (u['username'], u['password']))
    scen = []
    for root, dirs, files in os.walk(a.corpus):
        if 'auth-verify.csv' in files:
            cap = 'capture.pcapng' if 'capture.pcapng' in files else 'capture.pcapng.gz'
            scen.append((os.path.relpath(root, a.corpus), os.path.join(root, cap),
                         os.path.join(root, 'auth-verify.csv')))
    scen.sort()
    bad_total = 0
    for name, cap, av in scen:
        out = subprocess.run([sys.executable, os.path.join(HERE, 'digest_truth.py'), '--capture', cap,
                              '--credentials', credpath, '--verbose'],
                             stdout=subprocess.PIPE, check=True).stdout.decode()
        mine = list(csv.DictReader(io.StringIO(out)))
        ref = list(csv.DictReader(open(av)))
        # The corpus numbers a message by its FIRST frame ("frames" lists all
        # frames it touches); we number it by the frame that completes it
        # (the last one). messages.csv maps (first frame, Call-ID) -> frames.
        last = {}
        mpath = os.path.join(os.path.dirname(av), 'messages.csv')
        if os.path.exists(mpath):
            for x in csv.DictReader(open(mpath)):
                if x['frames']:
                    fr = x['frames'].split()
                    last.setdefault((fr[0], x['call_id']), fr[-1])
        for r in ref:
            r['frame'] = r['frames'].split()[-1]
            for k in ('server_final_reply_frame', 'nonce_from_challenge_frame'):
                if r[k]:
                    r[k] = last.get((r[k], r['call_id']), r[k])
        errors, chal_diff = [], []
        if len(mine) != len(ref):
            errors.append('row count %d vs %d' % (len(mine), len(ref)))
        for m, r in zip(mine, ref):
            def chk(what, x, y):
                if x != y:
                    errors.append('frame %s %s: %r vs corpus %r' % (m['frame'], what, x, y))
            chk('frame', m['frame'], r['frame'])
            chk('header', m['header'], r['header'])
            chk('username', m['username'], r['username'])
            for k in ('nonce', 'nc', 'cnonce', 'uri'):
                chk(k, m[k], r[k])
            chk('response', m['response'].lower(), r['response'].lower())
            if r['user_known'] != 'True':
                want = 'unverifiable'
            else:
                want = 'valid' if r['matches_configured_password'] == 'True' else 'invalid'
            chk('verdict', m['verdict'], want)
            if m['verdict'] != 'unverifiable' and r['recomputed_response']:
                if m['verdict'] == 'valid':
                    chk('recomputed', m['response'].lower(), r['recomputed_response'].lower())
                else:
                    chk('recomputed', m['expected_response'], r['recomputed_response'].lower())
            chk('answer_status', m['answer_status'], r['server_final_reply'])
            chk('answer_frame', m['answer_frame'], r['server_final_reply_frame'])
            if m['challenge_frame'] != r['nonce_from_challenge_frame']:
                chal_diff.append((m['frame'], m['challenge_frame'], r['nonce_from_challenge_frame']))
        print('%-22s rows %5d (corpus %5d)  mismatches %d  challenge_frame differs (latest vs first) %d'
              % (name, len(mine), len(ref), len(errors), len(chal_diff)))
        for e in errors[:10]:
            print('   ', e)
        bad_total += len(errors)
    os.unlink(credpath)
    sys.exit(1 if bad_total else 0)


if __name__ == '__main__':
    main()
