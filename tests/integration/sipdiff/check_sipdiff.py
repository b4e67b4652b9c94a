#!/usr/bin/env python3
"""Runs the built sipdiff and checks its exit status and report.

  check_sipdiff.py SIPDIFF [checks...] -- ARGS...

checks:
  --exit N              expected exit status
  --summary KEY=N       a member of the JSON summary (repeatable)
  --differences K:F=V,..  the exact list of differences: kind and one location each, e.g.
                        only_in_capture:frame=9 differing:frame=3 (in report order)
  --changed H           a differing message changed exactly header H (repeatable, in order)
  --stdout-has TEXT     text (not JSON) run: stdout contains TEXT (repeatable)
  --stdout-lacks TEXT   text (not JSON) run: stdout does not contain TEXT (repeatable)
  --stderr-has TEXT     stderr contains TEXT (repeatable)
  --json-has PATH=V     a dotted path in the JSON report equals V (string compare)
  --json-near PATH=V:E  a number at a dotted path in the JSON report is within E of V
  --text                run without --json
  --stdin FILE          feed FILE's bytes to sipdiff's standard input
An argument pipe:FILE is replaced by /dev/fd/N, the read end of a pipe fed with FILE's bytes (as
a shell's <(cat FILE) would).
"""
import argparse
import json
import os
import subprocess
import sys
import threading


def fail(msg, out, err):
    print("FAIL:", msg)
    print("--- stdout ---\n" + out[-4000:])
    print("--- stderr ---\n" + err[-4000:])
    sys.exit(1)


def feed(fd, path):
    with open(path, "rb") as source, os.fdopen(fd, "wb") as sink:
        try:
            sink.write(source.read())
        except BrokenPipeError:
            pass  # sipdiff stopped reading: its exit status and messages say why


def run(cmd, stdin_path):
    pipes, args = [], []
    for arg in cmd:
        if arg.startswith("pipe:"):
            read_end, write_end = os.pipe()
            pipes.append(read_end)
            # A daemon: if sipdiff stops reading early, the feeder must not keep the test alive.
            threading.Thread(target=feed, args=(write_end, arg[len("pipe:"):]),
                             daemon=True).start()
            arg = f"/dev/fd/{read_end}"
        args.append(arg)
    stdin = None
    if stdin_path:
        with open(stdin_path, "rb") as f:
            stdin = f.read()
    r = subprocess.run(args, input=stdin, stdin=None if stdin else subprocess.DEVNULL,
                       capture_output=True, pass_fds=pipes, timeout=60)
    for read_end in pipes:
        os.close(read_end)
    return (r.returncode, r.stdout.decode(errors="replace"),
            r.stderr.decode(errors="replace"))


def at_path(report, path):
    node = report
    for part in path.split("."):
        node = node[int(part)] if isinstance(node, list) else node[part]
    return node


def main():
    argv = sys.argv[1:]
    split = argv.index("--")
    p = argparse.ArgumentParser()
    p.add_argument("sipdiff")
    p.add_argument("--exit", type=int, required=True)
    p.add_argument("--summary", action="append", default=[])
    p.add_argument("--differences", nargs="*")
    p.add_argument("--changed", action="append", default=[])
    p.add_argument("--stdout-has", action="append", default=[])
    p.add_argument("--stdout-lacks", action="append", default=[])
    p.add_argument("--stderr-has", action="append", default=[])
    p.add_argument("--json-has", action="append", default=[])
    p.add_argument("--json-near", action="append", default=[])
    p.add_argument("--text", action="store_true")
    p.add_argument("--stdin")
    a = p.parse_args(argv[:split])
    args = argv[split + 1:]
    cmd = [a.sipdiff] + args + ([] if a.text else ["--json"])
    returncode, out, err = run(cmd, a.stdin)
    if returncode != a.exit:
        fail(f"exit status {returncode}, expected {a.exit}: {' '.join(cmd)}", out, err)
    for t in a.stderr_has:
        if t not in err:
            fail(f"stderr lacks {t!r}", out, err)
    for t in a.stdout_has:
        if t not in out:
            fail(f"stdout lacks {t!r}", out, err)
    for t in a.stdout_lacks:
        if t in out:
            fail(f"stdout has {t!r}", out, err)
    if a.text or not (a.summary or a.differences is not None or a.changed or a.json_has or
                      a.json_near):
        return
    report = json.loads(out)
    for kv in a.summary:
        k, v = kv.split("=")
        if report["summary"][k] != int(v):
            fail(f"summary.{k} = {report['summary'][k]}, expected {v}", out, err)
    if a.differences is not None:
        got = []
        for d in report["differences"]:
            side = d["capture"] if d["capture"] else d["log"]
            where = f"frame={side['frame']}" if side["frame"] else f"line={side['line']}"
            got.append(f"{d['kind']}:{where}")
        if got != a.differences:
            fail(f"differences {got}, expected {a.differences}", out, err)
    if a.changed:
        changed = [h for d in report["differences"] if d["kind"] == "differing"
                   for h in d["changed_headers"]]
        if changed != a.changed:
            fail(f"changed headers {changed}, expected {a.changed}", out, err)
    for kv in a.json_has:
        path, v = kv.split("=", 1)
        node = at_path(report, path)
        if str(node) != v:
            fail(f"{path} = {node!r}, expected {v!r}", out, err)
    for kv in a.json_near:
        path, v = kv.split("=", 1)
        value, tolerance = (float(x) for x in v.split(":"))
        node = at_path(report, path)
        if not isinstance(node, (int, float)) or abs(node - value) > tolerance:
            fail(f"{path} = {node!r}, expected {value} within {tolerance}", out, err)


if __name__ == "__main__":
    main()
