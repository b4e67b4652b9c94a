#!/usr/bin/env python3
"""The registrar the sofia-sip client talks to: make_captures.py's test server on
127.0.0.1:5060 (UDP and TCP), challenging each user with its own plan below, verifying with the
users' real passwords and answering 200 or 403. Runs until killed.
    sofia_server.py
"""

import os
import signal
import socket
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..',
                                'tests', 'integration', 'sipdigest', 'truth'))
from make_captures import Server, hget  # noqa: E402

REALM = 'sip.lab.test'
# user -> the challenge it gets (algorithm, qop offered, opaque), or the challenges
PLANS = {
    '1000': dict(realm=REALM, algorithm='MD5', qop='auth'),
    '1001': dict(realm=REALM, algorithm='MD5-sess', qop='auth', opaque='sofia-1001'),
    '1002': dict(realm=REALM),
    '1003': dict(realm=REALM, algorithm='MD5', qop='auth-int'),
    '1004': dict(realm=REALM, algorithm='MD5-sess', qop='auth,auth-int'),
    '1005': dict(realm=REALM, algorithm='MD5', qop='auth'),
    '1006': dict(realm=REALM, algorithm='MD5-sess', qop='auth-int'),
    # One challenge per algorithm, strongest first: sofia-sip knows only MD5, the third, and
    # answers none of them (README).
    '1007': [dict(realm=REALM, algorithm='SHA-512-256', qop='auth'),
             dict(realm=REALM, algorithm='SHA-256', qop='auth'),
             dict(realm=REALM, algorithm='MD5', qop='auth')],
}


class PlannedServer(Server):
    def handle(self, req, send):
        sender = hget(req, 'From')
        if sender is None:  # not one of the client's requests (compact headers): left unanswered
            return
        user = sender.split('sip:', 1)[-1].split('@', 1)[0]
        plan = PLANS.get(user, [])
        self.plan = plan if isinstance(plan, list) else [plan]
        super().handle(req, send)


def main():
    users = {(REALM, user): 'pw' + user for user in PLANS}
    server = PlannedServer(users, [REALM])
    server.listen(socket.AF_INET, '127.0.0.1', udp=True, tcp=True)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    while True:
        time.sleep(1)


if __name__ == '__main__':
    main()
