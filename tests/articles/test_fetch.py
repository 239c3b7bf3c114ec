"""fetch_url against a local HTTP server: success, limits, errors and the
address checks that keep the fetcher off the internal network."""

import http.server
import ipaddress
import pathlib
import socket
import threading
import time

import pytest

from articles.importers import ImportRefused, fetch
from articles.importers.fetch import fetch_url

PAGE = (
    pathlib.Path(__file__).parent.parent / "fixtures" / "html" / "harbour_gazette.html"
).read_bytes()
REDIRECTS = {
    "/moved": "/article",
    "/to-private": "http://10.0.0.1/admin",
    "/to-metadata": "http://169.254.169.254/latest/meta-data/",
    "/to-ftp": "ftp://files.example.org/article.txt",
}


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (the name http.server dispatches to)
        path = self.path.split("?", 1)[0]
        if path == "/article":
            self._send(200, PAGE, "text/html; charset=utf-8")
        elif path == "/user-agent":
            self._send(200, self.headers.get("User-Agent", "").encode(), "text/plain")
        elif path == "/large":
            self._send(200, b"x" * 5000, "text/plain")
        elif path == "/large-undeclared":
            # No Content-Length: the cap must hold while reading, too.
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            self.wfile.write(b"x" * 5000)
            self.close_connection = True
        elif path == "/slow":
            time.sleep(1)
            self._send(200, b"late", "text/plain")
        elif path == "/trickle":
            self.send_response(200)
            self.send_header("Content-Length", "40")
            self.end_headers()
            for _ in range(40):
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(0.05)
        elif path == "/loop":
            count = int(self.path.partition("?n=")[2] or 0)
            self._redirect(f"/loop?n={count + 1}")
        elif path in REDIRECTS:
            self._redirect(REDIRECTS[path])
        else:
            self._send(404, b"not here", "text/plain")

    def _send(self, status, body, content_type):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, location):
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def handle(self):
        # The client hangs up on slow responses on purpose; that is not an error.
        try:
            super().handle()
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def get(url, *, timeout=5.0, max_bytes=100_000, allow_private=True):
    return fetch_url(url, timeout=timeout, max_bytes=max_bytes, allow_private=allow_private)


def test_fetches_a_page_with_its_content_type(server):
    fetched = get(f"{server}/article")
    assert fetched.data == PAGE
    assert fetched.url == f"{server}/article"
    assert fetched.content_type == "text/html; charset=utf-8"


def test_sends_a_user_agent_naming_the_cms(server):
    assert b"factcheck-cms" in get(f"{server}/user-agent").data


def test_follows_a_redirect_and_reports_the_final_url(server):
    fetched = get(f"{server}/moved")
    assert fetched.url == f"{server}/article"
    assert fetched.data == PAGE


def test_refuses_more_than_five_redirects(server):
    with pytest.raises(ImportRefused, match=r"more than 5 redirects"):
        get(f"{server}/loop")


def test_refuses_a_response_larger_than_the_cap(server):
    with pytest.raises(ImportRefused, match=r"larger than the 4,999 byte limit"):
        get(f"{server}/large", max_bytes=4999)


def test_refuses_a_large_response_without_content_length_while_reading(server):
    with pytest.raises(ImportRefused, match=r"larger than the 1,000 byte limit"):
        get(f"{server}/large-undeclared", max_bytes=1000)


def test_accepts_a_response_exactly_at_the_cap(server):
    assert len(get(f"{server}/large", max_bytes=5000).data) == 5000


def test_a_slow_server_times_out(server):
    with pytest.raises(ImportRefused, match=r"^unreachable: .*/slow \(timed out after 0.2s\)$"):
        get(f"{server}/slow", timeout=0.2)


def test_a_server_trickling_bytes_is_cut_off_at_the_overall_deadline(server):
    started = time.monotonic()
    with pytest.raises(ImportRefused, match=r"timed out after 0.3s"):
        get(f"{server}/trickle", timeout=0.3)
    assert time.monotonic() - started < 1.5


def test_refuses_a_404_naming_the_status(server):
    with pytest.raises(
        ImportRefused, match=r"^fetch failed: .*/nothing-here \(HTTP 404 Not Found\)$"
    ):
        get(f"{server}/nothing-here")


@pytest.mark.parametrize(
    "url",
    [
        "ftp://files.example.org/article.txt",
        "file:///etc/passwd",
        "javascript:alert(1)",
        "gopher://example.org/",
        "example.org/article",
    ],
)
def test_refuses_urls_that_are_not_http(url):
    with pytest.raises(ImportRefused, match=r"only http and https URLs can be fetched"):
        get(url, allow_private=False)


def test_refuses_a_redirect_to_another_scheme(server):
    with pytest.raises(
        ImportRefused, match=r"^refused: ftp://files.example.org/article.txt \(only http and https"
    ):
        get(f"{server}/to-ftp")


@pytest.mark.parametrize(
    ("url", "address"),
    [
        ("http://127.0.0.1/", "127.0.0.1"),
        ("http://10.0.0.1/admin", "10.0.0.1"),
        ("http://192.168.1.20:8080/", "192.168.1.20"),
        ("http://169.254.169.254/latest/meta-data/", "169.254.169.254"),
        ("http://[::1]/", "::1"),
        ("http://[::ffff:127.0.0.1]/", "::ffff:127.0.0.1"),
        ("http://0.0.0.0/", "0.0.0.0"),  # noqa: S104 (refused here, never bound)
        ("http://224.0.0.1/", "224.0.0.1"),
        ("https://100.64.0.5/", "100.64.0.5"),
    ],
)
def test_refuses_private_loopback_and_reserved_addresses(url, address):
    with pytest.raises(ImportRefused, match=rf"resolves to {address}, a private or reserved"):
        get(url, allow_private=False)


def test_refuses_a_host_name_that_resolves_to_loopback():
    with pytest.raises(ImportRefused, match=r"resolves to (127\.0\.0\.1|::1)"):
        get("http://localhost/", allow_private=False)


@pytest.mark.parametrize(
    ("path", "address"), [("/to-private", "10.0.0.1"), ("/to-metadata", "169.254.169.254")]
)
def test_refuses_a_redirect_from_an_allowed_host_to_a_private_one(
    server, monkeypatch, path, address
):
    # Let the test server's own address through, so only the redirect is judged.
    monkeypatch.setattr(fetch, "_is_forbidden", lambda a: str(a) != "127.0.0.1")
    with pytest.raises(
        ImportRefused, match=rf"^refused: http://{address}/\S* \(resolves to {address}, a private"
    ):
        get(f"{server}{path}", allow_private=False)


def test_refuses_a_connection_that_lands_on_a_private_address_after_the_check(server, monkeypatch):
    # DNS rebinding: the name looked public when checked, the socket says otherwise.
    monkeypatch.setattr(fetch, "_resolve", lambda host, port: [ipaddress.ip_address("8.8.8.8")])
    with pytest.raises(
        ImportRefused, match=r"^refused: 127\.0\.0\.1 \(connected to 127\.0\.0\.1, a priv"
    ):
        get(f"{server}/article", allow_private=False)


@pytest.mark.parametrize("allow_private", [False, True])
def test_an_unresolvable_host_is_unreachable(allow_private):
    expected = r"^unreachable: http://no-such-host\.invalid/ \(cannot resolve the host name\)$"
    with pytest.raises(ImportRefused, match=expected):
        get("http://no-such-host.invalid/", allow_private=allow_private)


def test_a_closed_port_is_unreachable():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(
        ImportRefused, match=rf"^unreachable: http://127.0.0.1:{port}/ \(connection refused\)$"
    ):
        get(f"http://127.0.0.1:{port}/")
