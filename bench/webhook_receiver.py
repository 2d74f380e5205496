#!/usr/bin/env python3
"""A webhook receiver for bench/events: answers every POST 204 and appends one line per delivery,
"<arrival ms> <createdAtMs> <type>", to FILE. Usage: webhook_receiver.py PORT FILE"""
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

port, path = int(sys.argv[1]), sys.argv[2]
lock = threading.Lock()
out = open(path, "a", buffering=1)


class Receiver(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        arrived = int(time.time() * 1000)
        event = json.loads(body)
        with lock:
            out.write(f"{arrived} {event['createdAtMs']} {event['type']}\n")
        self.send_response(204)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


ThreadingHTTPServer(("127.0.0.1", port), Receiver).serve_forever()
