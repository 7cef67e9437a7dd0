"""A small HTTP server on 127.0.0.1 playing another organisation's feed, good or hostile."""

import contextlib
import http.server
import threading
import time

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english(client):
    """Messages in English, so the tests read the msgids (the interface's first language is
    Swedish)."""
    client.cookies["idesluss_language"] = "en"
    with translation.override("en"):
        yield


class FeedServer:
    def __init__(self):
        self.routes: dict[str, tuple[int, dict, bytes, float]] = {}
        self.received: list[tuple[str, bytes]] = []
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                status, headers, body, delay = server.routes.get(
                    self.path, (404, {}, b"not here", 0)
                )
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                if delay:
                    # Drip the body slowly: each piece within the read timeout, the whole
                    # beyond the deadline.
                    for i in range(0, len(body), 10):
                        time.sleep(delay)
                        try:
                            self.wfile.write(body[i : i + 10])
                            self.wfile.flush()
                        except OSError:
                            return
                else:
                    with contextlib.suppress(OSError):
                        self.wfile.write(body)

            def do_POST(self):
                length = int(self.headers.get("Content-Length", "0"))
                server.received.append((self.path, self.rfile.read(length)))
                self.send_response(202)
                self.end_headers()

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def serve(self, path: str, body: bytes, *, status=200, headers=None, delay=0.0):
        self.routes[path] = (status, headers or {"Content-Type": "application/json"}, body, delay)
        return self.url(path)

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def feed_server(settings):
    settings.NETWORK_ALLOWED_HOSTS = ["127.0.0.1"]
    server = FeedServer()
    yield server
    server.close()
