"""Cracks the plugin's exported credentials with the real crackers and checks what they recover.

Usage: check_crackers.py --tool hashcat|sipcrack --wordlist FILE --expect USER=PASSWORD ...
                         (--wrapper TSHARK_WRAPPER --capture FILE --credentials FILE | --lines FILE)
                         [--cache-dir DIR]

The lines come from tshark's sipdigest.hashcat / sipdigest.sipdump fields (or a file, one line
each). hashcat runs `-m 11400 -a 0` on the CPU (pocl OpenCL, hence --force) with its session,
potfile and settings in a temporary directory (--cache-dir keeps its compiled kernels between
runs), once per line of the same user and realm (see hashcat_rounds).
sipcrack is interactive and cracks one entry per run: each entry number is fed on stdin, and the
passwords are read back from the dump file, where sipcrack marks a cracked entry PLAIN.
Fails (exit 1) unless the recovered (username, password) pairs are exactly the expected ones and
the tool accepted every line.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

FIELDS = {"hashcat": "sipdigest.hashcat", "sipcrack": "sipdigest.sipdump"}
PACKAGES = {"hashcat": "hashcat pocl-opencl-icd", "sipcrack": "sipcrack"}
TIMEOUT = 120


def fail(message):
    print(f"FAIL: {message}", file=sys.stderr)
    sys.exit(1)


def exported_lines(args):
    if args.lines:
        with open(args.lines, encoding="utf-8") as lines:
            found = [line.rstrip("\r\n") for line in lines if line.strip()]
    else:
        field = FIELDS[args.tool]
        done = subprocess.run(
            [args.wrapper, "-2", "-r", args.capture, "-o",
             f"sipdigest.credentials_file:{args.credentials}", "-T", "json", "-e", field],
            capture_output=True, text=True, timeout=TIMEOUT, check=False)
        if done.returncode != 0:
            fail(f"tshark exited {done.returncode} (is {field} registered?):\n{done.stderr}")
        found = [value for packet in json.loads(done.stdout or "[]")
                 for value in packet["_source"]["layers"].get(field, []) if value]
    if not found:
        fail("no exported lines")
    return list(dict.fromkeys(found))  # unique, in capture order


def require(tool):
    path = shutil.which(tool)
    if not path:
        fail(f"{tool} is not installed: apt-get install {PACKAGES[tool]}")
    return path


def hashcat_rounds(lines):
    """Lines split into runs with one line per salt each.

    Mode 11400 keeps one nonce/qop/URI block per salt, and its salt is only the first 55 bytes of
    "user:realm:", so of two lines of the same user and realm in one run at most one can crack.
    """
    rounds = []
    seen = {}
    for line in lines:
        fields = line.split("*")
        salt = f"{fields[3]}:{fields[4]}:".encode()[:55]
        index = seen.get(salt, 0)
        seen[salt] = index + 1
        if index == len(rounds):
            rounds.append([])
        rounds[index].append(line)
    return rounds


def run_hashcat(lines, wordlist, work, cache_dir):
    cracked = os.path.join(work, "cracked.txt")
    cache = cache_dir or os.path.join(work, "cache")
    os.makedirs(cache, exist_ok=True)
    # hashcat takes its folders from the XDG variables or the passwd entry, never from $HOME.
    env = dict(os.environ, HOME=work, XDG_DATA_HOME=os.path.join(work, "data"),
               XDG_CONFIG_HOME=os.path.join(work, "config"), XDG_CACHE_HOME=cache,
               POCL_CACHE_DIR=os.path.join(cache, "pocl"))
    hashcat = require("hashcat")
    for number, round_lines in enumerate(hashcat_rounds(lines)):
        hashes = os.path.join(work, f"hashes-{number}.txt")
        with open(hashes, "w", encoding="utf-8") as out:
            out.write("\n".join(round_lines) + "\n")
        command = [hashcat, "-m", "11400", "-a", "0", "--force", "--quiet", "--potfile-disable",
                   "--restore-disable", "--logfile-disable", "--session", "sipaudit",
                   "--outfile-format", "1,3", "-o", cracked, hashes, wordlist]
        done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, env=env,
                              cwd=work, check=False)
        output = done.stdout + done.stderr
        # 0: all cracked, 1: wordlist exhausted; anything else, or a refused line, is an error.
        if done.returncode not in (0, 1) or re.search(r"exception|Failed|No hashes|No devices",
                                                      output):
            fail(f"hashcat exited {done.returncode} ({' '.join(command)}); on a machine "
                 f"without a GPU it needs pocl-opencl-icd:\n{output}")
    pairs = set()
    if os.path.exists(cracked):
        with open(cracked, encoding="utf-8") as out:
            for entry in out.read().splitlines():
                line, _, plain_hex = entry.rpartition(":")
                pairs.add((line.split("*")[3], bytes.fromhex(plain_hex).decode()))
    return pairs


def run_sipcrack(lines, wordlist, work):
    dump = os.path.join(work, "logins.dump")
    with open(dump, "w", encoding="utf-8") as out:
        out.write("\n".join(lines) + "\n")
    sipcrack = require("sipcrack")
    for entry in range(1, len(lines) + 1):
        done = subprocess.run([sipcrack, "-w", wordlist, dump], input=f"{entry}\n",
                              capture_output=True, text=True, timeout=TIMEOUT, check=False)
        listed = re.search(r"Select which entry to crack \(1 - (\d+)\)", done.stdout)
        if done.returncode != 0 or not listed or int(listed.group(1)) != len(lines):
            fail(f"sipcrack did not list all {len(lines)} entries (exit {done.returncode}):\n"
                 f"{done.stdout}{done.stderr}")
    pairs = set()
    with open(dump, encoding="utf-8") as out:
        for line in out.read().splitlines():
            fields = line.split('"')
            if len(fields) == 12 and fields[10] == "PLAIN":
                pairs.add((fields[2], fields[11]))
    return pairs


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tool", required=True, choices=sorted(FIELDS))
    parser.add_argument("--wordlist", required=True)
    parser.add_argument("--expect", action="append", default=[], metavar="USER=PASSWORD")
    parser.add_argument("--wrapper")
    parser.add_argument("--capture")
    parser.add_argument("--credentials")
    parser.add_argument("--lines")
    parser.add_argument("--cache-dir")
    args = parser.parse_args()
    if not args.lines and not (args.wrapper and args.capture and args.credentials):
        parser.error("give --lines, or --wrapper, --capture and --credentials")
    expected = {tuple(pair.split("=", 1)) for pair in args.expect}

    lines = exported_lines(args)
    with tempfile.TemporaryDirectory(prefix="sipaudit-crackers-") as work:
        if args.tool == "hashcat":
            recovered = run_hashcat(lines, os.path.abspath(args.wordlist), work, args.cache_dir)
        else:
            recovered = run_sipcrack(lines, os.path.abspath(args.wordlist), work)

    print(f"{args.tool}: {len(lines)} exported lines, recovered "
          + ", ".join(f"{user}={password}" for user, password in sorted(recovered)))
    if recovered != expected:
        fail(f"missing {sorted(expected - recovered)}, unexpected {sorted(recovered - expected)}")


if __name__ == "__main__":
    main()
