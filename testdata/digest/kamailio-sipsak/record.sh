#!/bin/bash
# Records sipsak 0.9.8.1 (Debian 12), a client with its own digest code, registering through the
# bench's kamailio configuration (qop=auth): users 1000 and 1001 with their passwords, 1002 with
# a wrong one. On loopback inside a private network namespace. (Its MESSAGE mode, -M, crashed
# with a segmentation fault here, so it is left out.)
#   record.sh OUTDIR   (run as root; needs kamailio, sipsak, dumpcap)
set -euo pipefail
out=$(realpath -m "$1"); here=$(cd "$(dirname "$0")" && pwd)
. "$here/../../../tests/bench/sipdiff/kamailio_lab.sh"
lab_netns "$out"
lab_setup "$out" 1000 1002
lab_kamailio_cfg "$out"
cat > client.sh <<'SH'
set -e
sipsak -U -C sip:1000@127.0.0.1:5090 -x 600 -s sip:1000@pbx.lab.test -H 127.0.0.1 -l 5090 \
    -a pw1000 -vv
sipsak -U -C sip:1001@127.0.0.1:5091 -x 600 -s sip:1001@pbx.lab.test -H 127.0.0.1 -l 5091 \
    -a pw1001 -vv
sipsak -U -C sip:1002@127.0.0.1:5092 -x 600 -s sip:1002@pbx.lab.test -H 127.0.0.1 -l 5092 \
    -a not-pw1002 -vv || true
SH
lab_record 'port 5060 or port 5090 or port 5091 or port 5092' sh ./client.sh
ls -la capture.pcapng
