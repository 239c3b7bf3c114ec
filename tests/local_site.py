"""A web site on 127.0.0.1 for the tests that fetch pages (the watch of
reports, archived copies of sources): each test serves the pages it needs and
sees what was asked. A plugin of the test suite (``tests/conftest.py``): ask for
``site``.
"""

import http.server
import threading
import time

import pytest


class Site:
    """What the test server serves, and what it was asked."""

    def __init__(self):
        self.pages = {}
        self.requests = []

    def serve(
        self,
        path,
        body="",
        *,
        status=200,
        etag="",
        last_modified="",
        location="",
        content_type="text/plain; charset=utf-8",
    ):
        self.pages[path] = {
            "body": body.encode() if isinstance(body, str) else body,
            "content_type": content_type,
            "status": status,
            "etag": etag,
            "last_modified": last_modified,
            "location": location,
        }

    def asked(self, path):
        return [headers for asked_path, headers in self.requests if asked_path == path]


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (the name http.server dispatches to)
        site = self.server.site
        site.requests.append((self.path, dict(self.headers)))
        page = site.pages.get(self.path)
        if page is None:
            return self._send(404, b"not here")
        if page["status"] == "slow":
            time.sleep(1)
            return self._send(200, page["body"])
        if page["location"]:
            self.send_response(302)
            self.send_header("Location", page["location"])
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        etag_matches = page["etag"] and self.headers.get("If-None-Match") == page["etag"]
        date_matches = (
            page["last_modified"]
            and not page["etag"]
            and self.headers.get("If-Modified-Since") == page["last_modified"]
        )
        if etag_matches or date_matches:
            self.send_response(304)
            self.end_headers()
            return None
        return self._send(page["status"], page["body"], page)

    def _send(self, status, body, page=None):
        self.send_response(status)
        content_type = page["content_type"] if page else "text/plain; charset=utf-8"
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        if page and page["etag"]:
            self.send_header("ETag", page["etag"])
        if page and page["last_modified"]:
            self.send_header("Last-Modified", page["last_modified"])
        self.end_headers()
        self.wfile.write(body)
        return None

    def handle(self):
        try:
            super().handle()
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="module")
def local_server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def site(local_server):
    """A fresh set of pages for each test, on the module's one server."""
    local_server.site = Site()
    local_server.site.root = f"http://127.0.0.1:{local_server.server_address[1]}"
    return local_server.site
