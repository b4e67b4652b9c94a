#!/bin/bash
# Records SIP over TLS: kamailio (the bench's kamailio.cfg plus its tls module, listening on
# tls:127.0.0.1:5061 with a self-signed certificate made here) and tls_client.py registering 5
# users with digest authentication over one TLS connection, on loopback inside a private network
# namespace. dumpcap on lo writes the connection (tcp port 5061: encrypted); kamailio's sipdump
# writes its text trace (proto tls), which holds the messages in clear.
#   record-tls.sh OUTDIR [CLIENT_OPTION...]   (run as root; needs kamailio with
#   kamailio-tls-modules, openssl, dumpcap, python3). The options go to tls_client.py:
#   --keylog OUTDIR/keylog.txt keeps the session secrets, --wrong-password USER.
set -euo pipefail
out=$(realpath -m "$1"); here=$(cd "$(dirname "$0")" && pwd)
. "$here/../../../tests/bench/sipdiff/kamailio_lab.sh"
lab_netns "$out" "${@:2}"
lab_setup "$out" 1000 1004
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=pbx.lab.test" \
    -keyout key.pem -out cert.pem 2>/dev/null
lab_kamailio_cfg "$out" \
    -e 's|^loadmodule "sipdump.so"|loadmodule "tls.so"\nloadmodule "sipdump.so"|' \
    -e 's|^listen=tcp:127.0.0.1:5060|listen=tcp:127.0.0.1:5060\nlisten=tls:127.0.0.1:5061\nenable_tls=yes|'
cat >>kamailio.cfg <<CFG
modparam("tls", "certificate", "$out/cert.pem")
modparam("tls", "private_key", "$out/key.pem")
modparam("tls", "tls_method", "TLSv1.2+")
CFG
lab_record 'tcp port 5061' python3 "$here/tls_client.py" 127.0.0.1 5061 5 "${@:2}"
rm -f key.pem
ls -la capture.pcapng sipdump/
