"""A UDP SIP client for record.sh that reuses one nonce the way clients and attackers do, against
a kamailio that checks nonce counts. Python's standard library only.

Usage: replay_client.py HOST PORT

User 1000 registers (401, then Authorization nc=00000001: 200), registers again with the same
nonce and cnonce and nc=00000002 (a client reusing its nonce, as RFC 7616 allows), then sends
that last request again with a new Via branch and CSeq but the same credentials header (a
replay: same nonce, cnonce and nc), then one with nc=00000001 again (nc going back). User 1001
registers with a wrong password. Prints the status line of every answer.
"""
import hashlib
import os
import re
import socket
import sys


def md5(text):
    return hashlib.md5(text.encode()).hexdigest()


class Client:
    def __init__(self, host, port):
        self.server = (host, port)
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.settimeout(3)
        self.sock.connect(self.server)
        self.local = self.sock.getsockname()
        self.cseq = 0

    def register(self, user, call_id, auth=""):
        self.cseq += 1
        branch = "z9hG4bK" + os.urandom(8).hex()
        msg = (f"REGISTER sip:pbx.lab.test SIP/2.0\r\n"
               f"Via: SIP/2.0/UDP {self.local[0]}:{self.local[1]};branch={branch};rport\r\n"
               f"Max-Forwards: 70\r\n"
               f"To: <sip:{user}@pbx.lab.test>\r\n"
               f"From: <sip:{user}@pbx.lab.test>;tag={call_id[-8:]}\r\n"
               f"Call-ID: {call_id}\r\n"
               f"CSeq: {self.cseq} REGISTER\r\n"
               f"Contact: <sip:{user}@{self.local[0]}:{self.local[1]}>;expires=600\r\n"
               f"{auth}"
               f"User-Agent: sipaudit replay_client\r\n"
               f"Content-Length: 0\r\n\r\n")
        self.sock.send(msg.encode())
        answer = self.sock.recv(65536).decode()
        print(user, f"CSeq {self.cseq}", answer.split("\r\n")[0])
        return answer


def challenge(answer):
    header = re.search(r"WWW-Authenticate: Digest (.*)\r\n", answer).group(1)
    params = dict(re.findall(r'(\w+)="?([^",]*)"?', header))
    return params["realm"], params["nonce"]


def authorization(user, password, realm, nonce, cnonce, nc):
    uri = "sip:pbx.lab.test"
    ha1 = md5(f"{user}:{realm}:{password}")
    response = md5(f"{ha1}:{nonce}:{nc}:{cnonce}:auth:{md5('REGISTER:' + uri)}")
    return (f'Authorization: Digest username="{user}", realm="{realm}", nonce="{nonce}", '
            f'uri="{uri}", response="{response}", algorithm=MD5, qop=auth, nc={nc}, '
            f'cnonce="{cnonce}"\r\n')


def main():
    client = Client(sys.argv[1], int(sys.argv[2]))
    call_id = f"nc-1000-{os.urandom(4).hex()}"
    realm, nonce = challenge(client.register("1000", call_id))
    cnonce = os.urandom(4).hex()
    client.register("1000", call_id, authorization("1000", "pw1000", realm, nonce, cnonce, "00000001"))
    second = authorization("1000", "pw1000", realm, nonce, cnonce, "00000002")
    client.register("1000", call_id, second)
    client.register("1000", call_id, second)
    client.register("1000", call_id, authorization("1000", "pw1000", realm, nonce, cnonce, "00000001"))

    call_id = f"nc-1001-{os.urandom(4).hex()}"
    realm, nonce = challenge(client.register("1001", call_id))
    client.register("1001", call_id,
                    authorization("1001", "not-pw1001", realm, nonce, os.urandom(4).hex(), "00000001"))


if __name__ == "__main__":
    main()
