"""tshark with the plugin over many randomly corrupted copies of the test captures.

Each copy is made with `editcap -E` (random byte errors, reproducible seeds) and read twice
(one pass and two passes). Fails if tshark dies of a signal, hangs past the time limit, or
the plugin reports an internal problem.

Usage: robustness.py --wrapper TSHARK_WRAPPER --credentials FILE --copies N CAPTURE...
"""

import argparse
import os
import subprocess
import sys
import tempfile

from plugin_output import run_tshark


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--wrapper", required=True)
    parser.add_argument("--credentials", required=True)
    parser.add_argument("--copies", type=int, default=20)
    parser.add_argument("--error-rate", default="0.02")
    parser.add_argument("captures", nargs="+")
    args = parser.parse_args()

    options = [("sipdigest.credentials_file", args.credentials)]
    failures = []
    runs = 0
    with tempfile.TemporaryDirectory() as work:
        os.chmod(work, 0o755)
        for capture in args.captures:
            for seed in range(1, args.copies + 1):
                copy = os.path.join(work, f"{seed}-{os.path.basename(capture)}.pcapng")
                subprocess.run(["editcap", "-E", args.error_rate, "--seed", str(seed), capture,
                                copy], check=True, capture_output=True)
                os.chmod(copy, 0o644)
                for extra in (["-V"], ["-2", "-V", "-Y", "sipdigest"]):
                    runs += 1
                    try:
                        code, _out, err = run_tshark(args.wrapper, copy, options, extra,
                                                     timeout=120)
                    except subprocess.TimeoutExpired:
                        failures.append(f"{capture} seed {seed} {extra}: hung")
                        continue
                    if code < 0 or code > 2 or "sipdigest" in err.replace(
                            "sipdigest.credentials_file", ""):
                        failures.append(f"{capture} seed {seed} {extra}: exit {code}: "
                                        f"{err.strip()[-300:]}")
    if failures:
        print("\n".join(failures))
        return 1
    print(f"{runs} tshark runs over corrupted captures: no crash, no hang")
    return 0


if __name__ == "__main__":
    sys.exit(main())
