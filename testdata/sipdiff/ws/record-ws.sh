#!/bin/bash
# Records SIP over WebSocket (RFC 7118): kamailio (the bench's kamailio.cfg plus its websocket and
# xhttp modules, listening for WebSocket on 127.0.0.1:8080) and ws_client.py registering 5 users
# with digest authentication over one WebSocket connection, as a WebRTC phone does, on loopback
# inside a private network namespace. dumpcap on lo writes the connection (tcp port 8080);
# kamailio's sipdump writes its text trace (proto ws).
#   record-ws.sh OUTDIR   (run as root; needs kamailio with kamailio-websocket-modules, dumpcap,
#                          python3)
set -euo pipefail
out=$(realpath -m "$1"); here=$(cd "$(dirname "$0")" && pwd)
bench="$here/../../../tests/bench/sipdiff"
if [ -z "${SIPDIFF_IN_NETNS:-}" ]; then
    mkdir -p "$out"
    exec env SIPDIFF_IN_NETNS=1 unshare --net --mount --propagation private "$0" "$out"
fi
ip link set lo up
echo "127.0.0.1 pbx.lab.test localhost" > "$out/hosts"
echo "nameserver 127.0.0.1" > "$out/resolv.conf"
mount --bind "$out/hosts" /etc/hosts
mount --bind "$out/resolv.conf" /etc/resolv.conf
cd "$out"
rm -rf db run sipdump capture.pcapng && mkdir -p db run/run sipdump
printf 'table_name(str) table_version(int) \nsubscriber:7\n' > db/version
{
    echo "id(int,auto) username(str) domain(str) password(str) ha1(str,null) ha1b(str,null)"
    for u in $(seq 1000 1004); do echo "$u:$u:pbx.lab.test:pw$u::"; done
} > db/subscriber
sed -e "s|text://db|text://$out/db|" -e "s|\"./sipdump\"|\"$out/sipdump\"|" \
    -e 's|^loadmodule "sipdump.so"|loadmodule "sipdump.so"\nloadmodule "xhttp.so"\nloadmodule "websocket.so"|' \
    -e 's|^listen=tcp:127.0.0.1:5060|listen=tcp:127.0.0.1:5060\nlisten=tcp:127.0.0.1:8080\ntcp_accept_no_cl=yes|' \
    "$bench/kamailio.cfg" >kamailio.cfg
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
dumpcap -q -i lo -f 'tcp port 8080' -w capture.pcapng 2>dumpcap.log &
dump_pid=$!
kamailio -f ./kamailio.cfg -DD -E -w ./run -m 64 -M 8 -A WITH_QOP -A WITH_TCP 2>kamailio.log &
kamailio_pid=$!
sleep 2
kill -0 "$kamailio_pid" || { echo "kamailio did not start: see $out/kamailio.log"; exit 1; }
python3 "$here/ws_client.py" 127.0.0.1 8080 5 >client.log 2>&1 || { cat client.log; exit 1; }
cat client.log
sleep 1
kill "$kamailio_pid"; wait "$kamailio_pid" || true
kill "$dump_pid"; wait "$dump_pid" || true
ls -la capture.pcapng sipdump/
