"""A webhook endpoint that checks every delivery with the OpenAI SDK's webhooks.unwrap (docs/api.md).

    REELGATE_WEBHOOK_SECRET=whsec_... python docs/sdk-check/webhook_receiver.py 8099

Register http://localhost:8099/ as the team's endpoint (dev mode allows http and localhost).
Prints each verified event; answers 400 to anything that does not verify.
"""
import os
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer

from openai import OpenAI, InvalidWebhookSignatureError

client = OpenAI(api_key="unused", webhook_secret=os.environ["REELGATE_WEBHOOK_SECRET"])


class Hook(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers["content-length"]))
        try:
            event = client.webhooks.unwrap(body, dict(self.headers))
        except InvalidWebhookSignatureError as e:
            print("REJECTED", e, flush=True)
            self.send_response(400)
            self.end_headers()
            return
        print("VERIFIED", event.type, event.data.id, flush=True)
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


HTTPServer(("127.0.0.1", int(sys.argv[1]) if len(sys.argv) > 1 else 8099), Hook).serve_forever()
