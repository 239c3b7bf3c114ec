"""`make serve` starts gunicorn and a task worker that answer on a free port."""

import http.client
import os
import secrets
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
STARTUP_SECONDS = 180


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(port, path, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


@pytest.fixture
def served(tmp_path):
    """`make serve` on a scratch database; yields its port and its output so far."""
    if not (REPO / ".venv" / "bin" / "gunicorn").exists() and not shutil.which("gunicorn"):
        pytest.skip("gunicorn is not installed")
    port = free_port()
    log = tmp_path / "serve.log"
    env = {
        **os.environ,
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "STATIC_ROOT": str(tmp_path / "static"),
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "HTTPS": "1",
        "SECURE_PROXY_SSL_HEADER": "1",
        "WEB_CONCURRENCY": "1",
        "WEB_THREADS": "2",
    }
    with log.open("w") as output:
        # Its own process group, so gunicorn, its workers and the task worker
        # are stopped together.
        process = subprocess.Popen(  # noqa: S603 (our own Makefile)
            [shutil.which("make"), "--no-print-directory", "serve"],
            cwd=REPO,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        yield port, log.read_text
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def wait_for(port, output):
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        try:
            return get(port, "/healthz")
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"make serve did not answer within {STARTUP_SECONDS} s:\n{output()}")


def test_make_serve_answers_healthz_and_serves_hashed_static_files(served):
    port, output = served

    status, _, body = wait_for(port, output)

    assert (status, body) == (200, b"ok")
    text = output()
    assert "System check identified no issues" in text
    assert "Starting gunicorn" in text
    # The task worker runs beside the web server.
    deadline = time.monotonic() + 30
    while "Starting worker" not in output() and time.monotonic() < deadline:
        time.sleep(0.5)
    assert "Starting worker" in output()

    # Behind a TLS proxy: WhiteNoise serves collected, compressed static files.
    proxied = {"X-Forwarded-Proto": "https", "Accept-Encoding": "gzip"}
    status, headers, _ = get(port, "/static/admin/css/base.css", proxied)
    assert status == 200
    assert headers.get("Content-Encoding") == "gzip"
    # Plain HTTP other than the health check goes to HTTPS.
    status, headers, _ = get(port, "/claims/")
    assert status == 301
    assert headers["Location"].startswith("https://")
