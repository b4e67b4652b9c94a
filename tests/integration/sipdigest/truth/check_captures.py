#!/usr/bin/env python3
"""Compare digest_truth.py with what make_captures.py intended, for testdata/digest/*.

Usage: python3 check_captures.py [--dir testdata/digest] [--write-truth]

For every scenario folder with generator-intent.csv: runs digest_truth.py
(with htdigest.txt when present) and checks, row by row in order, that frame,
header, username and verdict equal the generator's frame / header / username /
expected_verdict, and that answer_status / answer_frame equal the test
server's own final answer. With --write-truth the truth output is stored as
truth.csv in the folder (only when everything agrees). Exit 1 on a mismatch.
"""
import argparse
import csv
import io
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, '..', '..', '..', '..'))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--dir', default=os.path.join(REPO, 'testdata', 'digest'))
    ap.add_argument('--write-truth', action='store_true')
    a = ap.parse_args()
    bad = 0
    for name in sorted(os.listdir(a.dir)):
        d = os.path.join(a.dir, name)
        intent_p = os.path.join(d, 'generator-intent.csv')
        if not os.path.exists(intent_p):
            continue
        cmd = [sys.executable, os.path.join(HERE, 'digest_truth.py'), '--capture', os.path.join(d, 'capture.pcapng'),
               '--credentials', os.path.join(d, 'credentials.txt')]
        if os.path.exists(os.path.join(d, 'htdigest.txt')):
            cmd += ['--htdigest', os.path.join(d, 'htdigest.txt')]
        out = subprocess.run(cmd, stdout=subprocess.PIPE, check=True).stdout.decode()
        truth = list(csv.DictReader(io.StringIO(out)))
        intent = list(csv.DictReader(open(intent_p)))
        errs = []
        if len(truth) != len(intent):
            errs.append('rows: truth %d, intent %d' % (len(truth), len(intent)))
        for t, i in zip(truth, intent):
            for tk, ik in (('frame', 'frame'), ('header', 'header'), ('username', 'username'),
                           ('verdict', 'expected_verdict'), ('answer_status', 'server_status'),
                           ('answer_frame', 'server_status_frame')):
                if t[tk] != i[ik]:
                    errs.append('frame %s %s: truth %r, intent %r (%s)' % (t['frame'], tk, t[tk], i[ik], i['note']))
        print('%-16s rows %3d  mismatches %d' % (name, len(truth), len(errs)))
        for e in errs:
            print('   ', e)
        bad += len(errs)
        if a.write_truth and not errs:
            with open(os.path.join(d, 'truth.csv'), 'w') as f:
                f.write(out)
    sys.exit(1 if bad else 0)


if __name__ == '__main__':
    main()
