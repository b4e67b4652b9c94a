"""A SIP-over-WebSocket client (RFC 7118) for record-ws.sh: registers users 1000..1000+N-1 with
digest authentication over one WebSocket connection to kamailio, the way a WebRTC phone does.
Python's standard library only; frames are masked as RFC 6455 requires of a client.

Usage: ws_client.py HOST PORT USERS [--wrong-password USER]
  --wrong-password USER  USER answers the challenge with a wrong password
"""
import argparse
import base64
import hashlib
import os
import random
import re
import socket
import struct
import sys


def send_frame(sock, text):
    payload = text.encode()
    mask = os.urandom(4)
    header = bytes([0x81])  # FIN, text
    n = len(payload)
    if n < 126:
        header += bytes([0x80 | n])
    elif n < 65536:
        header += bytes([0x80 | 126]) + struct.pack("!H", n)
    else:
        header += bytes([0x80 | 127]) + struct.pack("!Q", n)
    sock.sendall(header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))


def recv_exact(sock, n):
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            raise EOFError("connection closed")
        data += chunk
    return data


def recv_frame(sock):
    b0, b1 = recv_exact(sock, 2)
    n = b1 & 0x7F
    if n == 126:
        n = struct.unpack("!H", recv_exact(sock, 2))[0]
    elif n == 127:
        n = struct.unpack("!Q", recv_exact(sock, 8))[0]
    mask = recv_exact(sock, 4) if b1 & 0x80 else None
    payload = recv_exact(sock, n)
    if mask:
        payload = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
    return b0 & 0x0F, payload.decode(errors="replace")


def md5(text):
    return hashlib.md5(text.encode()).hexdigest()


def register(sock, user, call_id, cseq, authorization=""):
    branch = "z9hG4bK" + "".join(random.choice("0123456789abcdef") for _ in range(16))
    msg = (f"REGISTER sip:pbx.lab.test SIP/2.0\r\n"
           f"Via: SIP/2.0/WS df7jal23ls0d.invalid;branch={branch}\r\n"
           f"Max-Forwards: 70\r\n"
           f"To: <sip:{user}@pbx.lab.test>\r\n"
           f"From: <sip:{user}@pbx.lab.test>;tag={call_id[:8]}\r\n"
           f"Call-ID: {call_id}\r\n"
           f"CSeq: {cseq} REGISTER\r\n"
           f"Contact: <sip:{user}@df7jal23ls0d.invalid;transport=ws>;expires=600\r\n"
           f"{authorization}"
           f"User-Agent: sipaudit ws_client\r\n"
           f"Content-Length: 0\r\n\r\n")
    send_frame(sock, msg)
    while True:
        opcode, text = recv_frame(sock)
        if opcode == 1 and text.startswith("SIP/2.0"):
            return text


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("host")
    parser.add_argument("port", type=int)
    parser.add_argument("users", type=int)
    parser.add_argument("--wrong-password")
    args = parser.parse_args()
    host, port, users = args.host, args.port, args.users
    sock = socket.create_connection((host, port))
    key = base64.b64encode(os.urandom(16)).decode()
    sock.sendall((f"GET / HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\n"
                  f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
                  f"Sec-WebSocket-Protocol: sip\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
    response = b""
    while b"\r\n\r\n" not in response:
        response += sock.recv(4096)
    if b" 101 " not in response.split(b"\r\n")[0]:
        sys.exit("no WebSocket upgrade: " + response.decode(errors="replace"))
    for i in range(users):
        user = str(1000 + i)
        call_id = f"ws-{user}-{os.urandom(4).hex()}"
        challenge = register(sock, user, call_id, 1)
        m = re.search(r'WWW-Authenticate: Digest (.*)\r\n', challenge)
        params = dict(re.findall(r'(\w+)="?([^",]*)"?', m.group(1)))
        realm, nonce = params["realm"], params["nonce"]
        password = "not-pw" + user if user == args.wrong_password else "pw" + user
        ha1 = md5(f"{user}:{realm}:{password}")
        uri = "sip:pbx.lab.test"
        ha2 = md5(f"REGISTER:{uri}")
        if "qop" in params:
            cnonce, nc = os.urandom(4).hex(), "00000001"
            response = md5(f"{ha1}:{nonce}:{nc}:{cnonce}:auth:{ha2}")
            auth = (f'Authorization: Digest username="{user}", realm="{realm}", nonce="{nonce}", '
                    f'uri="{uri}", response="{response}", algorithm=MD5, qop=auth, nc={nc}, '
                    f'cnonce="{cnonce}"\r\n')
        else:
            response = md5(f"{ha1}:{nonce}:{ha2}")
            auth = (f'Authorization: Digest username="{user}", realm="{realm}", nonce="{nonce}", '
                    f'uri="{uri}", response="{response}", algorithm=MD5\r\n')
        final = register(sock, user, call_id, 2, auth)
        print(user, final.split("\r\n")[0])
    sock.sendall(bytes([0x88, 0x82, 0, 0, 0, 0, 0x03, 0xE8]))  # close 1000, masked by zeros
    sock.close()


if __name__ == "__main__":
    main()
