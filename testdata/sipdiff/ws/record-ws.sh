#!/bin/bash
# Records SIP over WebSocket (RFC 7118): kamailio (the bench's kamailio.cfg plus its websocket and
# xhttp modules, listening for WebSocket on 127.0.0.1:8080) and ws_client.py registering 5 users
# with digest authentication over one WebSocket connection, as a WebRTC phone does, on loopback
# inside a private network namespace. dumpcap on lo writes the connection (tcp port 8080);
# kamailio's sipdump writes its text trace (proto ws).
#   record-ws.sh OUTDIR [CLIENT_OPTION...]   (run as root; needs kamailio with
#   kamailio-websocket-modules, dumpcap, python3). The options go to ws_client.py:
#   --wrong-password USER.
set -euo pipefail
out=$(realpath -m "$1"); here=$(cd "$(dirname "$0")" && pwd)
. "$here/../../../tests/bench/sipdiff/kamailio_lab.sh"
lab_netns "$out" "${@:2}"
lab_setup "$out" 1000 1004
lab_kamailio_cfg "$out" \
    -e 's|^loadmodule "sipdump.so"|loadmodule "sipdump.so"\nloadmodule "xhttp.so"\nloadmodule "websocket.so"|' \
    -e 's|^listen=tcp:127.0.0.1:5060|listen=tcp:127.0.0.1:5060\nlisten=tcp:127.0.0.1:8080\ntcp_accept_no_cl=yes|'
cat >>kamailio.cfg <<'CFG'

event_route[xhttp:request] {
	if ($hdr(Upgrade) =~ "websocket" && $hdr(Connection) =~ "Upgrade" && $rm =~ "GET") {
		if (ws_handle_handshake()) {
			exit;
		}
	}
	xhttp_reply("404", "Not Found", "", "");
}
CFG
lab_record 'tcp port 8080' python3 "$here/ws_client.py" 127.0.0.1 8080 5 "${@:2}"
ls -la capture.pcapng sipdump/
