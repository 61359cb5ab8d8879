"""A real SMTP server for the mail tests (Debian's python3-aiosmtpd), on loopback.

    smtp_sink.py OUT_DIR [PORT]

Listens on 127.0.0.1:PORT (0 or absent: any free port), prints the port it bound on one line,
then writes each message it accepts to OUT_DIR/NNNN.json (through a rename, so a reader never
sees half a file): the SMTP envelope, the headers as Python's email package decodes them (RFC
2047 words, quoted-printable body), the defects that parser found, and the raw bytes. Runs
until it is killed.
"""

import asyncio
import email
import email.policy
import json
import os
import sys

from aiosmtpd.smtp import SMTP


class Sink:
    def __init__(self, out_dir):
        self.out_dir = out_dir
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        raw = envelope.original_content or b""
        message = email.message_from_bytes(raw, policy=email.policy.default)
        defects = [repr(d) for d in message.defects]
        headers = {}
        for name in message.keys():
            value = message[name]
            defects += [repr(d) for d in getattr(value, "defects", ())]
            headers[name.lower()] = str(value)
        body = message.get_content() if message.get_content_maintype() == "text" else ""
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": list(envelope.rcpt_tos),
            "headers": headers,
            "charset": message.get_content_charset(),
            "body": body,
            "defects": defects,
            "raw": raw.decode("utf-8", "replace"),
        }
        self.count += 1
        path = os.path.join(self.out_dir, "%04d.json" % self.count)
        with open(path + ".tmp", "w", encoding="utf-8") as out:
            json.dump(record, out, ensure_ascii=False)
        os.replace(path + ".tmp", path)
        return "250 Message accepted for delivery"


async def main():
    out_dir = sys.argv[1]
    port = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    sink = Sink(out_dir)
    loop = asyncio.get_running_loop()
    # hostname given: aiosmtpd would otherwise look up this machine's FQDN (slow without DNS).
    server = await loop.create_server(
        lambda: SMTP(sink, hostname="sink.test"), "127.0.0.1", port
    )
    print(server.sockets[0].getsockname()[1], flush=True)
    await asyncio.Event().wait()


if __name__ == "__main__":
    asyncio.run(main())
