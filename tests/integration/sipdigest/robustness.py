"""tshark with the plugin over many randomly corrupted copies of the test captures.

Each copy is made with `editcap -E` (random byte errors, reproducible seeds) and read twice
(one pass and two passes). Fails if tshark dies of a signal, hangs past the time limit, or
the plugin reports an internal problem, and if the plugin gives no verdict on the intact
capture (then it did not load, and the corrupted runs would prove nothing). A capture of SIP
over TLS is read with the key log next to it (keylog.txt in the same folder), if there is one.

Usage: robustness.py --wrapper TSHARK_WRAPPER --copies N [--first-seed S] [--wordlist FILE]
                     (--credentials FILE CAPTURE... | --case CAPTURE CREDENTIALS ...)
"""

import argparse
import os
import subprocess
import sys
import tempfile

from plugin_output import run_tshark


def plugin_complaints(err):
    """What the plugin said on stderr, but for the bad credentials lines some test files hold
    on purpose (each reported as "...; line ignored")."""
    return "\n".join(line for line in err.splitlines()
                     if "sipdigest" in line.replace("sipdigest.credentials_file", "")
                     and not line.endswith("; line ignored"))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--wrapper", required=True)
    parser.add_argument("--credentials", help="credentials file for the CAPTURE arguments")
    parser.add_argument("--case", nargs=2, action="append", default=[],
                        metavar=("CAPTURE", "CREDENTIALS"), help="a capture with its own file")
    parser.add_argument("--copies", type=int, default=20)
    parser.add_argument("--first-seed", type=int, default=1)
    parser.add_argument("--error-rate", default="0.02")
    parser.add_argument("--wordlist", help="also audit with this wordlist")
    parser.add_argument("captures", nargs="*")
    args = parser.parse_args()
    if args.captures and not args.credentials:
        parser.error("CAPTURE arguments need --credentials")
    cases = [(capture, args.credentials) for capture in args.captures] + args.case
    if not cases:
        parser.error("no capture given")

    failures = []
    runs = 0
    with tempfile.TemporaryDirectory() as work:
        os.chmod(work, 0o755)
        for capture, credentials in cases:
            options = [("sipdigest.credentials_file", credentials)]
            if args.wordlist:
                options.append(("sipdigest.wordlist", args.wordlist))
            keylog = os.path.join(os.path.dirname(capture), "keylog.txt")
            if os.path.exists(keylog):
                options.append(("tls.keylog_file", keylog))
            # The intact capture first: a plugin that failed to load would pass every run below.
            code, out, err = run_tshark(args.wrapper, capture, options,
                                        ["-2", "-V", "-Y", "sipdigest.verdict"], timeout=120)
            if code != 0 or "SIP Digest Check" not in out:
                failures.append(f"{capture}: no verdict from the plugin (exit {code}): "
                                f"{err.strip()[-300:]}")
                continue
            for seed in range(args.first_seed, args.first_seed + args.copies):
                copy = os.path.join(work, f"{seed}-{os.path.basename(capture)}.pcapng")
                subprocess.run(["editcap", "-E", args.error_rate, "--seed", str(seed), capture,
                                copy], check=True, capture_output=True)
                os.chmod(copy, 0o644)
                for extra in (["-V", "-z", "sipdigest,stat"], ["-2", "-V", "-Y", "sipdigest"]):
                    runs += 1
                    try:
                        code, _out, err = run_tshark(args.wrapper, copy, options, extra,
                                                     timeout=120)
                    except subprocess.TimeoutExpired:
                        failures.append(f"{capture} seed {seed} {extra}: hung")
                        continue
                    complaints = plugin_complaints(err)
                    if code < 0 or code > 2 or complaints:
                        failures.append(f"{capture} seed {seed} {extra}: exit {code}: "
                                        f"{(complaints or err).strip()[-300:]}")
    if failures:
        print("\n".join(failures))
        return 1
    print(f"{runs} tshark runs over corrupted captures: no crash, no hang")
    return 0


if __name__ == "__main__":
    sys.exit(main())
