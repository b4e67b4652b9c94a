#!/bin/bash
# Records kamailio checking nonce counts (auth modparam nonce_count=1) while replay_client.py
# reuses a nonce: properly (nc rising), then replaying a request's credentials, then with nc
# going back; one wrong password. On loopback inside a private network namespace.
#   record.sh OUTDIR   (run as root; needs kamailio, dumpcap, python3)
set -euo pipefail
out=$(realpath -m "$1"); here=$(cd "$(dirname "$0")" && pwd)
. "$here/../../../tests/bench/sipdiff/kamailio_lab.sh"
lab_netns "$out"
lab_setup "$out" 1000 1001
lab_kamailio_cfg "$out" \
    -e 's|^modparam("auth", "nonce_expire", 300)|modparam("auth", "nonce_expire", 300)\nmodparam("auth", "nonce_count", 1)|'
grep -q 'modparam("auth", "nonce_count", 1)' kamailio.cfg
lab_record 'port 5060' python3 "$here/replay_client.py" 127.0.0.1 5060
ls -la capture.pcapng sipdump/
