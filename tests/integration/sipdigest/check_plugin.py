"""Compares the plugin's verdicts and links with independently computed ground truth.

Usage: check_plugin.py --wrapper TSHARK_WRAPPER --capture FILE --credentials FILE
                       [--htdigest FILE] [--tls-keylog FILE] --truth digest_truth.py

Fails (exit 1) on any difference, when the capture holds no credentials header at all, and if
a password from the credentials file appears anywhere in tshark's output (tree, fields, expert
infos, warnings).
"""

import argparse
import csv
import io
import subprocess
import sys

from plugin_output import ROW_FIELDS, plugin_rows, secrets


def truth_rows(args):
    command = [sys.executable, args.truth, "--capture", args.capture, "--credentials",
               args.credentials]
    if args.htdigest:
        command += ["--htdigest", args.htdigest]
    if args.tls_keylog:
        command += ["--tls-keylog", args.tls_keylog]
    done = subprocess.run(command, capture_output=True, text=True, check=True, timeout=600)
    return [{k: row[k] for k in ROW_FIELDS} for row in csv.DictReader(io.StringIO(done.stdout))]


def uat_rows(path):
    """The credentials file's entries as UAT records: "user","realm","secret"."""
    def quoted(text):
        return '"' + text.replace("\\", "\\x5c").replace('"', "\\x22") + '"'
    rows = []
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            line = line.rstrip("\r\n")
            if not line.strip() or line.lstrip().startswith("#") or line.count(":") < 2:
                continue
            rows.append(",".join(quoted(part) for part in line.split(":", 2)))
    return rows


def describe(row):
    return " ".join(f"{k}={row[k]}" for k in ROW_FIELDS)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--wrapper", required=True)
    parser.add_argument("--capture", required=True)
    parser.add_argument("--credentials", required=True)
    parser.add_argument("--htdigest")
    parser.add_argument("--tls-keylog", help="TLS key log of a SIP-over-TLS capture")
    parser.add_argument("--truth", required=True)
    parser.add_argument("--via-uat", action="store_true",
                        help="give the credentials through the sipdigest_credentials table")
    parser.add_argument("--one-pass", action="store_true",
                        help="single-pass tshark: forward links (answer) are not known yet")
    args = parser.parse_args()

    if args.via_uat:
        options = [("uat:sipdigest_credentials", row) for row in uat_rows(args.credentials)]
    else:
        options = [("sipdigest.credentials_file", args.credentials)]
    if args.htdigest:
        options.append(("sipdigest.htdigest_file", args.htdigest))
    if args.tls_keylog:
        options.append(("tls.keylog_file", args.tls_keylog))
    got, out, err = plugin_rows(args.wrapper, args.capture, options, two_pass=not args.one_pass)
    want = truth_rows(args)
    if args.one_pass:
        for row in want:
            row["answer_frame"] = row["answer_status"] = ""

    failures = []
    if not want:
        # Nothing to compare proves nothing (a TLS capture read without its key log, say).
        failures.append("the ground truth finds no credentials header in the capture")
    for index in range(max(len(got), len(want))):
        g = got[index] if index < len(got) else None
        w = want[index] if index < len(want) else None
        if g != w:
            failures.append(f"row {index + 1}:\n  plugin: {describe(g) if g else '-'}\n"
                            f"  truth:  {describe(w) if w else '-'}")
    for secret in secrets(args.credentials):
        if secret in out or secret in err:
            failures.append("a password from the credentials file appears in tshark's output")
            break
    verdicts = {}
    for row in want:
        verdicts[row["verdict"]] = verdicts.get(row["verdict"], 0) + 1
    if failures:
        print(f"{len(failures)} differences ({len(got)} plugin rows, {len(want)} truth rows):")
        print("\n".join(failures[:30]))
        return 1
    print(f"plugin agrees with ground truth on {len(want)} credentials headers: {verdicts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
