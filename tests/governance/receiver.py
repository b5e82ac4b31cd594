"""A real HTTP server on 127.0.0.1 that receives webhooks: it records each request and answers
with the statuses it is told to, then 200."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Receiver:
    """`receiver.url`; `receiver.fail(500, 500)` answers the next two requests with 500;
    `receiver.received`: [(headers dict, body bytes)], `receiver.answered`: the status each
    got."""

    def __init__(self):
        self.received, self.answered, self.statuses = [], [], []
        self.lock = threading.Lock()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's name)
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                with owner.lock:
                    owner.received.append((dict(self.headers), body))
                    status = owner.statuses.pop(0) if owner.statuses else 200
                    owner.answered.append(status)
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def fail(self, *statuses):
        with self.lock:
            self.statuses.extend(statuses)

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
