"""sipdiff speed: a real kamailio + SIPp load of 50,000 messages and one 4x longer, each compared
end to end by sipdiff, against what a user would otherwise run on the same files in the same run:
  tshark:  tshark -r CAPTURE -Y sip -T fields -e frame.number -e sip.Call-ID -e sip.CSeq
  loop:    a bare libpcap read loop over the capture (pcap_read_loop)
  floor:   that loop, then `cat` of the trace (the two inputs sipdiff reads)
The inputs are read once first so that every run finds them in the page cache; the commands run
in --runs rounds (tshark, the slowest, in every other one) and each one's median wall time
counts. Prints times, ratios and sipdiff's peak RSS.

Usage: bench_sipdiff.py --sipdiff BIN --loop BIN --data DIR [--runs 5]
"""

import argparse
import glob
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def run_once(command):
    """Wall seconds of one run; fails loudly when the command does."""
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, stderr = child.communicate()
    elapsed = time.perf_counter() - start
    if child.returncode not in (0, 1):  # sipdiff: 1 = the traces differ, still a full run
        raise RuntimeError(f"{command} exited {child.returncode}: {stderr.decode()[-500:]}")
    return elapsed


def peak_rss_kb(command):
    pid = os.fork()
    if pid == 0:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        os.execv(command[0], command)
    _, status, usage = os.wait4(pid, 0)
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise RuntimeError(f"{command} failed")
    return usage.ru_maxrss


def warm(paths):
    for path in paths:
        with open(path, "rb") as f:
            while f.read(1 << 20):
                pass


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sipdiff", required=True)
    parser.add_argument("--loop", required=True)
    parser.add_argument("--data", required=True)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    for registrations in (12500, 50000):
        load = os.path.join(args.data, f"load-{registrations}")
        capture = os.path.join(load, "capture.pcapng")
        if not os.path.exists(capture):
            subprocess.run([os.path.join(HERE, "make_load.sh"), load, str(registrations)],
                           check=True, stdout=subprocess.DEVNULL)
        trace = glob.glob(os.path.join(load, "sipdump", "*.data"))[0]
        warm([capture, trace])
        sipdiff = [args.sipdiff, trace, capture]
        summary = subprocess.run(sipdiff, capture_output=True, text=True).stdout.splitlines()[0]
        tshark = ["tshark", "-r", capture, "-Y", "sip", "-T", "fields", "-e", "frame.number",
                  "-e", "sip.Call-ID", "-e", "sip.CSeq"]
        loop = [args.loop, capture]
        floor = ["sh", "-c", '"$0" "$1" >/dev/null && cat "$2"', args.loop, capture, trace]
        times = {"sipdiff": [], "tshark": [], "loop": [], "floor": []}
        # Round by round, every tool in each: a spell in which this machine runs slower (this
        # VM has some, of a few seconds each) then touches every tool alike, instead of all
        # the runs of whichever tool it fell on.
        for round_number in range(args.runs):
            times["sipdiff"].append(run_once(sipdiff))
            if round_number % 2 == 0:
                times["tshark"].append(run_once(tshark))
            times["loop"].append(run_once(loop))
            times["floor"].append(run_once(floor))
        t_sipdiff, t_tshark, t_loop, t_floor = [statistics.median(t) for t in times.values()]
        rss = peak_rss_kb(sipdiff)
        mb = (os.path.getsize(capture) + os.path.getsize(trace)) / 1e6
        print(f"{registrations * 4} messages ({mb:.0f} MB of input): {summary}")
        print(f"  sipdiff {t_sipdiff * 1000:.1f} ms (peak RSS {rss / 1024:.0f} MB), "
              f"tshark dump {t_tshark * 1000:.0f} ms, bare libpcap loop {t_loop * 1000:.1f} ms, "
              f"loop + cat trace {t_floor * 1000:.1f} ms")
        print(f"  tshark/sipdiff = {t_tshark / t_sipdiff:.1f}x, "
              f"sipdiff/libpcap loop = {t_sipdiff / t_loop:.1f}x, "
              f"sipdiff/(loop + cat) = {t_sipdiff / t_floor:.1f}x")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
