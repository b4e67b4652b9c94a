"""Compares `tshark -z sipdigest,stat` with counts computed from independent ground truth.

Usage: check_stats.py --wrapper TSHARK_WRAPPER --truth digest_truth.py --capture FILE
                      --credentials FILE [--htdigest FILE] [--tls-keylog FILE]
                      [--readme README.md]
                      [--one-pass] [--zarg sipdigest,stat] [--max-frame N]

Expected counts, per realm and per user (and over all realms), come from the rows of
`digest_truth.py --verbose` (one row per credentials header: username, verdict, realm), never
from the plugin:
  attempts       rows
  valid / invalid / unverifiable
                 rows with that verdict
  server disagreements
                 rows whose answer contradicts the verdict, by the rule of the dissector
                 (plugin/digest/exchange.cpp, disagreement()), replicated in disagrees() below
  weak           rows whose response a built-in weak password reproduces (truth's own
                 implementation of the audit rules, column "weak")

--readme: the capture's README.md; its "Deliberate server disagreements" list must agree with
the rule (frames answered "on purpose" are disagreements, the other listed frames are not).
--max-frame N: adds the display filter "frame.number <= N" to the -z argument and expects only
the rows of frames <= N (a disagreement is counted on the answer's frame).
"""

import argparse
import csv
import importlib.util
import io
import os
import re
import subprocess
import sys

COUNTERS = ("valid", "invalid", "unverifiable", "server disagreements", "weak")
TOP = "Credentials headers"


def load_truth_module(path):
    spec = importlib.util.spec_from_file_location("digest_truth", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def truth_rows(args):
    command = [sys.executable, args.truth, "--capture", args.capture, "--credentials",
               args.credentials, "--verbose"]
    if args.htdigest:
        command += ["--htdigest", args.htdigest]
    if args.tls_keylog:
        command += ["--tls-keylog", args.tls_keylog]
    done = subprocess.run(command, capture_output=True, text=True, check=True, timeout=300)
    return list(csv.DictReader(io.StringIO(done.stdout)))


def answer_challenges(truth, capture, tls_keylog):
    """(frame, call-id, cseq) of each 401/407 -> its Digest challenges as (realm, stale, nonce).

    Read with the truth script's own parser (plain tshark + Python), not the plugin. Like the
    dissector, only WWW-/Proxy-Authenticate headers of scheme Digest with a nonce count.
    """
    found = {}
    for msg in truth.read_messages(capture, tls_keylog=tls_keylog):
        if msg.is_req or msg.status not in (401, 407):
            continue
        challenges = []
        for name, value in msg.headers:
            if name not in ("www-authenticate", "proxy-authenticate"):
                continue
            scheme, params = truth.parse_auth(value)
            if scheme.lower() != "digest" or "nonce" not in params:
                continue
            challenges.append((params.get("realm", ""),
                               params.get("stale", "").lower() == "true", params["nonce"]))
        key = (msg.frame, msg.call_id or "", "%s %s" % (msg.cseq_num, msg.cseq_method))
        found.setdefault(key, []).extend(challenges)
    return found


def nc_not_rising(rows):
    """Frames of the rows whose nc does not rise for their nonce and cnonce (exchange.cpp
    track_nonce_use()): an nc an earlier request of another transaction (Call-ID and CSeq) used
    (a replay), or lower than one used before. A retransmission repeats its own nc."""
    uses, found = {}, set()
    for row in sorted(rows, key=lambda r: int(r["frame"])):
        try:
            nc = int(row["nc"], 16)
        except ValueError:
            continue
        if not row["nonce"]:
            continue
        seen = uses.setdefault((row["nonce"], row["cnonce"]), {})
        transaction = (row["call_id"], row["cseq"])
        if nc in seen:
            if seen[nc] != transaction:
                found.add(int(row["frame"]))
            continue
        if any(earlier > nc for earlier in seen):
            found.add(int(row["frame"]))
        seen[nc] = transaction
    return found


def disagrees(row, request_rows, challenges, accepted, reused_nc):
    """The dissector's rule (exchange.cpp disagreement()), on truth rows.

    - a 2xx answer to invalid credentials, unless another credentials header of the same request
      is valid (several realms: the server used that one);
    - a 401/403/407 answer to valid credentials, except: when their nc does not rise
      (`reused_nc`: frames from nc_not_rising(), refused by a server that checks nonce counts);
      a 403 when another header of the same request is invalid; a 401/407 that carries
      stale=true, or whose challenges all name other realms than these credentials, or that
      issues a new nonce for their realm when a 2xx had accepted their nonce before (`accepted`:
      nonce -> frames of such 2xx answers).
    """
    if not row["answer_status"]:
        return False
    status = int(row["answer_status"])
    verdicts = {r["verdict"] for r in request_rows}
    if 200 <= status < 300:
        return row["verdict"] == "invalid" and "valid" not in verdicts
    if status not in (401, 403, 407) or row["verdict"] != "valid":
        return False
    if int(row["frame"]) in reused_nc:
        return False
    if status == 403:
        return "invalid" not in verdicts
    offered = challenges.get((int(row["answer_frame"]), row["call_id"], row["cseq"]), [])
    if any(stale for _, stale, _ in offered):
        return False
    if offered and all(realm != row["realm"] for realm, _, _ in offered):
        return False
    accepted_before = any(frame < int(row["answer_frame"])
                          for frame in accepted.get(row["nonce"], ()))
    new_nonce = any(realm == row["realm"] and nonce != row["nonce"]
                    for realm, _, nonce in offered)
    return not (accepted_before and new_nonce)


def expected_counts(rows, challenges, max_frame):
    """{(): top counters, (realm,): realm counters, (realm, user): user counters}."""
    requests = {}
    for row in rows:
        requests.setdefault((row["frame"], row["call_id"], row["cseq"]), []).append(row)
    counts = {}

    def bump(row, counter):
        for key in ((), (row["realm"],), (row["realm"], row["username"])):
            node = counts.setdefault(key, dict.fromkeys(("attempts",) + COUNTERS, 0))
            if counter:
                node[counter] += 1

    accepted = {}
    for row in rows:
        if row["answer_status"] and 200 <= int(row["answer_status"]) < 300 and row["nonce"]:
            accepted.setdefault(row["nonce"], []).append(int(row["answer_frame"]))
    reused_nc = nc_not_rising(rows)
    disagreeing = set()
    for row in rows:
        if max_frame is None or int(row["frame"]) <= max_frame:
            bump(row, "attempts")
            bump(row, row["verdict"])
            if row.get("weak") == "True":
                bump(row, "weak")
        if disagrees(row, requests[(row["frame"], row["call_id"], row["cseq"])], challenges,
                     accepted, reused_nc):
            disagreeing.add(int(row["frame"]))
            if max_frame is None or int(row["answer_frame"]) <= max_frame:
                bump(row, "server disagreements")
    if () not in counts:
        counts[()] = dict.fromkeys(("attempts",) + COUNTERS, 0)
    return counts, disagreeing


def parse_stats(text):
    """tshark's plain stats_tree output -> the same shape as expected_counts()."""
    lines = text.encode("utf-8").split(b"\n")
    try:
        start = lines.index(b"SIP Digest/Credentials:")
    except ValueError:
        raise SystemExit("no 'SIP Digest/Credentials:' block in tshark's output:\n" + text)
    header = lines[start + 1]
    count_at = header.index(b"Count")
    counts = {}
    keys = []  # keys[d]: the key of the latest node at depth d
    for raw in lines[start + 3:]:
        if raw.startswith(b"---") or not raw.strip():
            break
        name_part = raw[:count_at].rstrip().decode("utf-8")
        depth = len(name_part) - len(name_part.lstrip(" "))
        name = name_part.strip()
        value = int(raw[count_at:].split()[0])
        del keys[depth:]
        if depth != len(keys):
            raise SystemExit("unexpected indentation of %r" % name)
        if depth == 0:
            if name != TOP:
                raise SystemExit("unexpected top node %r" % name)
            key = ()
        elif name in COUNTERS:
            counts[keys[-1]][name] = value
            continue
        else:
            match = re.fullmatch(r'(realm|user) "(.*)"', name)
            if not match or (match.group(1) == "realm") != (depth == 1) or depth > 2:
                raise SystemExit("unexpected node %r at depth %d" % (name, depth))
            key = keys[-1] + (match.group(2),)
        keys.append(key)
        if key in counts:
            raise SystemExit("node %r appears twice" % (key,))
        counts[key] = {"attempts": value}
    return counts


def readme_disagreements(path):
    """Frames the README lists under "Deliberate server disagreements": (on purpose, not)."""
    with open(path, encoding="utf-8") as readme:
        text = readme.read()
    section = text.split("## Deliberate server disagreements", 1)
    if len(section) < 2:
        return set(), set()
    section = section[1].split("\n## ", 1)[0]
    deliberate, other = set(), set()
    for match in re.finditer(r"^- frame (\d+) (.*)$", section, re.M):
        (deliberate if "on purpose" in match.group(2) else other).add(int(match.group(1)))
    return deliberate, other


def describe(key):
    return "all realms" if not key else " / ".join(repr(part) for part in key)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--wrapper", required=True)
    parser.add_argument("--truth", required=True)
    parser.add_argument("--capture", required=True)
    parser.add_argument("--credentials", required=True)
    parser.add_argument("--htdigest")
    parser.add_argument("--tls-keylog")
    parser.add_argument("--readme")
    parser.add_argument("--one-pass", action="store_true")
    parser.add_argument("--zarg", default="sipdigest,stat")
    parser.add_argument("--max-frame", type=int)
    args = parser.parse_args()

    truth = load_truth_module(args.truth)
    rows = truth_rows(args)
    want, disagreeing = expected_counts(
        rows, answer_challenges(truth, args.capture, args.tls_keylog), args.max_frame)

    failures = []
    if args.readme:
        deliberate, other = readme_disagreements(args.readme)
        for frame in sorted(deliberate - disagreeing):
            failures.append(f"README lists frame {frame} as a deliberate disagreement; the rule "
                            "does not find it")
        for frame in sorted(other & disagreeing):
            failures.append(f"README says frame {frame} is no disagreement; the rule finds one")

    zarg = args.zarg
    if args.max_frame is not None:
        zarg += f",frame.number <= {args.max_frame}"
    command = [args.wrapper, "-r", args.capture, "-o", "tcp.reassemble_out_of_order:TRUE",
               "-o", f"sipdigest.credentials_file:{args.credentials}", "-q", "-z", zarg]
    if args.htdigest:
        command[5:5] = ["-o", f"sipdigest.htdigest_file:{args.htdigest}"]
    if args.tls_keylog:
        command[5:5] = ["-o", f"tls.keylog_file:{args.tls_keylog}"]
    if not args.one_pass:
        command.insert(1, "-2")
    done = subprocess.run(command, capture_output=True, timeout=120)
    out = done.stdout.decode("utf-8", "replace")
    if done.returncode != 0:
        print(f"tshark exited with {done.returncode}: {done.stderr.decode(errors='replace')}")
        return 1
    got = parse_stats(out)

    for key in sorted(set(want) | set(got)):
        if key not in got:
            failures.append(f"{describe(key)}: missing in the statistics")
            continue
        if key not in want:
            failures.append(f"{describe(key)}: in the statistics, not in the truth: {got[key]}")
            continue
        for counter in ("attempts",) + COUNTERS:
            if got[key].get(counter) != want[key][counter]:
                failures.append(f"{describe(key)}: {counter} {got[key].get(counter)}, truth "
                                f"says {want[key][counter]}")
    if failures:
        print(f"{len(failures)} differences:\n" + "\n".join(failures[:40]))
        print(out)
        return 1
    top = want[()]
    print(f"statistics agree with the truth: {len(want) - 1} realm/user nodes, "
          + ", ".join(f"{name} {top[name]}" for name in ("attempts",) + COUNTERS))
    return 0


if __name__ == "__main__":
    sys.exit(main())
