"""Runs tshark with the built sipdigest plugin and reads its per-credential results from PDML."""

import subprocess
import xml.etree.ElementTree as ET

ROW_FIELDS = ("frame", "header", "username", "verdict", "challenge_frame", "answer_frame",
              "answer_status")


def run_tshark(wrapper, capture, options, extra=(), timeout=600):
    """Runs the tshark wrapper; returns (returncode, stdout, stderr)."""
    command = [wrapper, "-r", capture, "-o", "tcp.reassemble_out_of_order:TRUE"]
    for name, value in options:
        command += ["-o", f"{name}:{value}"]
    command += list(extra)
    done = subprocess.run(command, capture_output=True, timeout=timeout)
    return (done.returncode, done.stdout.decode("utf-8", "replace"),
            done.stderr.decode("utf-8", "replace"))


def credential_rows(pdml_text):
    """One dict per checked credentials header, in frame order then header order."""
    rows = []
    root = ET.fromstring(pdml_text)
    for packet in root.iter("packet"):
        frame = None
        for field in packet.iter("field"):
            if field.get("name") == "num":
                frame = field.get("show")
                break
        for proto in packet.iter("proto"):
            if proto.get("name") != "sipdigest":
                continue
            for group in proto:
                values = {child.get("name"): child.get("show") for child in group}
                if "sipdigest.header" not in values:
                    continue
                row = {"frame": frame}
                for name in ROW_FIELDS[1:]:
                    row[name] = values.get("sipdigest." + name, "")
                rows.append(row)
    return rows


def plugin_rows(wrapper, capture, options, two_pass=True):
    extra = ["-Y", "sipdigest", "-T", "pdml", "-J", "sipdigest"]
    if two_pass:
        extra.insert(0, "-2")
    code, out, err = run_tshark(wrapper, capture, options, extra)
    if code != 0:
        raise RuntimeError(f"tshark exited with {code}: {err.strip()}")
    return credential_rows(out), out, err


def secrets(path):
    """Passwords of a credentials file that cannot appear in output by coincidence."""
    found = set()
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            line = line.rstrip("\r\n")
            if not line or line.lstrip().startswith("#") or line.count(":") < 2:
                continue
            user, _realm, password = line.split(":", 2)
            if len(password) >= 6 and password != user and not password.startswith("{"):
                found.add(password)
    return found
