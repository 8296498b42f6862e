"""A local SMTP server for the mail tests (aiosmtpd): keeps each message it accepts as a
numbered .eml file in DIR, and with --refuse-first answers the first message with a
temporary refusal (451), as a busy server does. Prints its port, then serves until its
standard input closes.

Usage: sink.py DIR [--refuse-first]
"""

import os
import socket
import sys

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, out, refuse_first):
        self.out = out
        self.refuse = refuse_first
        self.kept = 0

    async def handle_DATA(self, server, session, envelope):
        if self.refuse:
            self.refuse = False
            return "451 4.3.0 Busy, try again later"
        self.kept += 1
        path = os.path.join(self.out, f"{self.kept:03d}.eml")
        with open(path + ".tmp", "wb") as f:
            f.write(envelope.original_content or envelope.content)
        os.rename(path + ".tmp", path)
        return "250 2.0.0 Kept"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


out = sys.argv[1]
os.makedirs(out, exist_ok=True)
port = free_port()
controller = Controller(Sink(out, "--refuse-first" in sys.argv), hostname="127.0.0.1", port=port)
controller.start()
print(port, flush=True)
sys.stdin.read()
controller.stop()
