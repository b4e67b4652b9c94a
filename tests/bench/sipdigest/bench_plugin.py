"""Plugin overhead: tshark with sipdigest and credentials (weak-password audit off, then on)
vs the same tshark without the plugin.

Usage: bench_plugin.py --wrapper build/tshark-sipdigest [--runs 5] [--workdir DIR] [--callgrind]

Generates two captures of 50,000 SIP messages (make_capture.py): the worst case, nothing but
REGISTER digest exchanges (three messages in four carry digest results), and a mixed one,
each exchange followed by a call without authentication (three in eleven); and one of 50,000
DNS packets without any SIP (make_dns_capture.py): what the installed plugin costs runs that do
not need it. On each it times, alternating runs, three workloads a user would run:
  fields:  tshark -r CAP -T fields -e frame.number -e sip.Method -e sip.Call-ID  (a field dump)
  summary: tshark -r CAP                                    (one summary line per packet)
  read:    tshark -r CAP -q     (a bare read: tshark then dissects nothing, plugin or not)
each without the plugin (empty plugin folder), with it and the audit off, with it and the
audit on (default rules), and with it installed but disabled (--disable-protocol sipdigest).
Prints median wall times and the ratios to the run without plugin.

With --callgrind it counts instead the instructions tshark itself executes (valgrind's callgrind,
one run per mode: repeatable where wall times drift with the machine) for the field dump and the
summary lines, without the plugin and with it, audit off and on, and prints their ratios.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))

WORKLOADS = {
    "fields": ["-T", "fields", "-e", "frame.number", "-e", "sip.Method", "-e", "sip.Call-ID"],
    "summary": [],
    "read": ["-q"],
}


def timed(command, env):
    start = time.perf_counter()
    done = subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"{command} failed: {done.stderr.decode(errors='replace')}")
    return elapsed


def instructions(command, env):
    """Instructions executed by the tshark process of `command` (the wrapper's children too are
    traced, so the one whose command is tshark is picked)."""
    out = tempfile.mkdtemp(prefix="sipdigest-callgrind-")
    os.chmod(out, 0o777)  # tshark may run as another user (see the wrapper)
    try:
        done = subprocess.run(["valgrind", "--tool=callgrind", "--trace-children=yes",
                               f"--callgrind-out-file={out}/callgrind.%p.out"] + command,
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        if done.returncode != 0:
            raise RuntimeError(f"{command} failed: {done.stderr.decode(errors='replace')}")
        for name in os.listdir(out):
            program, summary = None, None
            with open(os.path.join(out, name), errors="replace") as profile:
                for line in profile:
                    if line.startswith("cmd:"):
                        program = os.path.basename(line.split()[1])
                    elif line.startswith("summary:"):
                        summary = int(line.split()[1])
                        break
            if program == "tshark" and summary is not None:
                return summary
        raise RuntimeError(f"{command}: no callgrind profile of tshark")
    finally:
        shutil.rmtree(out)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--wrapper", required=True)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--workdir")
    parser.add_argument("--callgrind", action="store_true")
    args = parser.parse_args()

    work = args.workdir or tempfile.mkdtemp(prefix="sipdigest-bench-")
    os.makedirs(work, exist_ok=True)
    os.chmod(work, 0o755)
    empty = os.path.join(work, "no-plugins")
    os.makedirs(empty, exist_ok=True)
    os.chmod(empty, 0o755)
    captures = {
        "all digest exchanges": ("bench.pcap", "make_capture.py", []),
        "one call per exchange": ("bench-mixed.pcap", "make_capture.py",
                                  ["--calls-per-registration", "1"]),
        "no SIP at all": ("bench-dns.pcap", "make_dns_capture.py", []),
    }
    for title, (name, maker, make_options) in captures.items():
        capture = os.path.join(work, name)
        subprocess.run([sys.executable, os.path.join(HERE, maker), capture] + make_options,
                       check=True)
        if args.callgrind:
            print(f"capture: {capture} ({title}), instructions executed by tshark (callgrind)")
            count_instructions(args, capture, empty)
        else:
            print(f"capture: {capture} ({title}), {args.runs} runs each, median wall time")
            bench_capture(args, capture, empty)


def plugin_modes(capture, empty):
    credentials = capture + ".credentials.txt"
    without = dict(os.environ, SIPDIGEST_PLUGIN_DIR=empty)
    with_plugin = dict(os.environ)
    plugin_opts = ["-o", f"sipdigest.credentials_file:{credentials}"]
    return {
        "no plugin": (without, []),
        "audit off": (with_plugin, plugin_opts + ["-o", "sipdigest.audit:FALSE"]),
        "audit on": (with_plugin, plugin_opts + ["-o", "sipdigest.audit:TRUE"]),
        # Installed but switched off: what a user pays who does not want it in this run.
        "disabled": (with_plugin, plugin_opts + ["--disable-protocol", "sipdigest"]),
    }


def count_instructions(args, capture, empty):
    modes = {name: mode for name, mode in plugin_modes(capture, empty).items()
             if name != "disabled"}
    for name in ("fields", "summary"):
        counts = {mode: instructions([args.wrapper, "-r", capture] + options + WORKLOADS[name], env)
                  for mode, (env, options) in modes.items()}
        line = f"{name:7s}"
        for mode, count in counts.items():
            line += f"   {mode} {count / 1e9:6.2f} G ({count / counts['no plugin']:5.3f}x)"
        print(line)


def bench_capture(args, capture, empty):
    base = [args.wrapper, "-r", capture]
    modes = plugin_modes(capture, empty)
    for name, workload in WORKLOADS.items():
        times = {mode: [] for mode in modes}
        for _ in range(args.runs):
            for mode, (env, options) in modes.items():
                times[mode].append(timed(base + options + workload, env))
        medians = {mode: statistics.median(values) for mode, values in times.items()}
        line = f"{name:7s}"
        for mode, median in medians.items():
            line += f"   {mode} {median:6.2f} s ({median / medians['no plugin']:5.3f}x)"
        print(line)


if __name__ == "__main__":
    main()
