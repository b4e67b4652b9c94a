"""The README's way to keep the plugin off unless asked for: disabled in Wireshark's default
profile (a `disabled_protos` line), on in a profile of its own that also holds the credentials
file. Checks that tshark in the default profile shows no verdict at all, and with `-C sipaudit`
shows one for every Authorization header, with no -o option given, some of them valid: without
the profile's credentials file every verdict would be unverifiable.

Usage: check_profiles.py --wrapper build/tshark-sipdigest --capture CAP --credentials FILE
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile

FIELDS = ["-T", "fields", "-e", "frame.number", "-e", "sip.Method", "-e", "sip.Authorization",
          "-e", "sipdigest.verdict"]


def rows(wrapper, config, capture, profile_options):
    env = dict(os.environ, SIPDIGEST_CONFIG_DIR=config)
    done = subprocess.run([wrapper] + profile_options + ["-r", capture] + FIELDS, env=env,
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"tshark {' '.join(profile_options)} failed: {done.stderr}")
    return [line.split("\t") for line in done.stdout.splitlines()]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--wrapper", required=True)
    parser.add_argument("--capture", required=True)
    parser.add_argument("--credentials", required=True)
    args = parser.parse_args()

    config = tempfile.mkdtemp(prefix="sipdigest-profiles-")
    try:
        profile = os.path.join(config, "profiles", "sipaudit")
        os.makedirs(profile)
        with open(os.path.join(config, "disabled_protos"), "w") as disabled:
            disabled.write("sipdigest\n")
        with open(os.path.join(profile, "preferences"), "w") as preferences:
            preferences.write(f"sipdigest.credentials_file: {os.path.abspath(args.credentials)}\n")
        for folder, _, files in os.walk(config):  # tshark may run as nobody (see the wrapper)
            os.chmod(folder, 0o755)
            for name in files:
                os.chmod(os.path.join(folder, name), 0o644)

        default = rows(args.wrapper, config, args.capture, [])
        audit = rows(args.wrapper, config, args.capture, ["-C", "sipaudit"])
    finally:
        shutil.rmtree(config)

    failures = []
    if not any(row[1] == "REGISTER" for row in default):
        failures.append("default profile: no REGISTER dissected")
    failures += [f"default profile, frame {row[0]}: verdict {row[3]}" for row in default if row[3]]
    authorized = [row for row in audit if row[2]]
    if not authorized:
        failures.append("sipaudit profile: no Authorization header in the capture")
    failures += [f"sipaudit profile, frame {row[0]}: no verdict" for row in authorized
                 if row[3] not in ("valid", "invalid", "unverifiable")]
    valid = sum(row[3] == "valid" for row in authorized)
    if valid == 0:
        failures.append("sipaudit profile: no valid verdict, its credentials file was not read")
    for failure in failures:
        print(failure)
    if failures:
        sys.exit(1)
    print(f"default profile: {len(default)} frames, no verdict; sipaudit profile: "
          f"{len(authorized)} Authorization headers with a verdict, {valid} valid")


if __name__ == "__main__":
    main()
