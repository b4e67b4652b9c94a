"""A SIP-over-TLS client for record-tls.sh: registers users 1000..1000+N-1 with digest
authentication over one TLS connection to kamailio (the certificate is not checked: a lab's
self-signed one). Python's standard library only.

Usage: tls_client.py HOST PORT USERS [--keylog FILE] [--wrong-password USER]
  --keylog FILE          append the TLS session secrets to FILE (NSS key log format), so that
                         Wireshark can decrypt the capture
  --wrong-password USER  USER answers the challenge with a wrong password
"""
import argparse
import hashlib
import os
import random
import re
import socket
import ssl


def read_message(conn, buffered):
    while b"\r\n\r\n" not in buffered:
        buffered += conn.recv(65536)
    head, rest = buffered.split(b"\r\n\r\n", 1)
    length = int(re.search(rb"Content-Length: *(\d+)", head, re.I).group(1))
    while len(rest) < length:
        rest += conn.recv(65536)
    return head.decode() + "\r\n\r\n" + rest[:length].decode(), rest[length:]


def md5(text):
    return hashlib.md5(text.encode()).hexdigest()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("host")
    parser.add_argument("port", type=int)
    parser.add_argument("users", type=int)
    parser.add_argument("--keylog")
    parser.add_argument("--wrong-password")
    args = parser.parse_args()
    host, port, users = args.host, args.port, args.users
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    if args.keylog:
        context.keylog_filename = args.keylog
    conn = context.wrap_socket(socket.create_connection((host, port)))
    local = conn.getsockname()
    buffered = b""
    for i in range(users):
        user = str(1000 + i)
        call_id = f"tls-{user}-{os.urandom(4).hex()}"
        auth = ""
        for cseq in (1, 2):
            branch = "z9hG4bK" + "".join(random.choice("0123456789abcdef") for _ in range(16))
            msg = (f"REGISTER sip:pbx.lab.test SIP/2.0\r\n"
                   f"Via: SIP/2.0/TLS {local[0]}:{local[1]};branch={branch};rport\r\n"
                   f"Max-Forwards: 70\r\n"
                   f"To: <sip:{user}@pbx.lab.test>\r\n"
                   f"From: <sip:{user}@pbx.lab.test>;tag={call_id[-8:]}\r\n"
                   f"Call-ID: {call_id}\r\n"
                   f"CSeq: {cseq} REGISTER\r\n"
                   f"Contact: <sip:{user}@{local[0]}:{local[1]};transport=tls>;expires=600\r\n"
                   f"{auth}"
                   f"User-Agent: sipaudit tls_client\r\n"
                   f"Content-Length: 0\r\n\r\n")
            conn.sendall(msg.encode())
            answer, buffered = read_message(conn, buffered)
            m = re.search(r'WWW-Authenticate: Digest (.*)\r\n', answer)
            if m is None:
                print(user, answer.split("\r\n")[0])
                break
            params = dict(re.findall(r'(\w+)="?([^",]*)"?', m.group(1)))
            realm, nonce = params["realm"], params["nonce"]
            password = "not-pw" + user if user == args.wrong_password else "pw" + user
            ha1 = md5(f"{user}:{realm}:{password}")
            uri = "sip:pbx.lab.test"
            ha2 = md5(f"REGISTER:{uri}")
            cnonce, nc = os.urandom(4).hex(), "00000001"
            response = md5(f"{ha1}:{nonce}:{nc}:{cnonce}:auth:{ha2}")
            auth = (f'Authorization: Digest username="{user}", realm="{realm}", nonce="{nonce}", '
                    f'uri="{uri}", response="{response}", algorithm=MD5, qop=auth, nc={nc}, '
                    f'cnonce="{cnonce}"\r\n')
    conn.close()


if __name__ == "__main__":
    main()
