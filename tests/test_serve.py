"""`make serve` starts gunicorn and a task worker that answer on a free port,
and serves the same pages after a restart on the same database."""

import http.client
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest

from tests.processes import child_environ

REPO = Path(__file__).resolve().parent.parent
STARTUP_SECONDS = 180
STOP_SECONDS = 30
# Behind the TLS proxy `make serve` expects (HTTPS=1): anything but the health
# check asked over plain HTTP is redirected.
PROXIED = {"X-Forwarded-Proto": "https"}


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


class Server:
    """`make serve` on a scratch database and a free port, started and stopped
    as often as a test likes; each start keeps the database and the port."""

    def __init__(self, tmp_path):
        self.port = free_port()
        self.log = tmp_path / "serve.log"
        self.log.touch()
        self.env = {
            **child_environ(),
            "HOST": "127.0.0.1",
            "PORT": str(self.port),
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
        self.process = None

    def output(self):
        return self.log.read_text()

    def start(self):
        """Start `make serve` and wait until it answers its health check."""
        with self.log.open("a") as output:
            # Its own process group, so gunicorn, its workers and the task
            # worker are stopped together.
            self.process = subprocess.Popen(  # noqa: S603 (our own Makefile)
                [shutil.which("make"), "--no-print-directory", "serve"],
                cwd=REPO,
                env=self.env,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            try:
                return get(self.port, "/healthz")
            except OSError:
                if self.process.poll() is not None:
                    break
                time.sleep(0.5)
        pytest.fail(f"make serve did not answer within {STARTUP_SECONDS} s:\n{self.output()}")

    def stop(self):
        """SIGTERM to the whole process group, then wait for it to go."""
        if self.process is None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=STOP_SECONDS)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
            pytest.fail(f"make serve did not stop within {STOP_SECONDS} s:\n{self.output()}")
        finally:
            self.process = None

    def manage(self, *args):
        """``manage.py ARGS`` with the server's settings, beside the server."""
        done = subprocess.run(  # noqa: S603 (our own manage.py)
            [str(REPO / ".venv" / "bin" / "python"), "manage.py", *args],
            cwd=REPO,
            env=self.env,
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, f"manage.py {args[0]} failed:\n{done.stdout}{done.stderr}"
        return done


@pytest.fixture
def server(tmp_path):
    if not (REPO / ".venv" / "bin" / "gunicorn").exists():
        pytest.skip("gunicorn is not installed")
    serving = Server(tmp_path)
    yield serving
    serving.stop()


def test_make_serve_answers_healthz_and_serves_hashed_static_files(server):
    status, _, body = server.start()

    assert (status, body) == (200, b"ok")
    text = server.output()
    assert "System check identified no issues" in text
    assert "Starting gunicorn" in text
    # The task worker runs beside the web server.
    deadline = time.monotonic() + 30
    while "Starting worker" not in server.output() and time.monotonic() < deadline:
        time.sleep(0.5)
    assert "Starting worker" in server.output()

    # Behind a TLS proxy: WhiteNoise serves collected, compressed static files.
    status, headers, _ = get(
        server.port, "/static/admin/css/base.css", {**PROXIED, "Accept-Encoding": "gzip"}
    )
    assert status == 200
    assert headers.get("Content-Encoding") == "gzip"
    # The server error page cannot ask for the hashed name: the plain one works too.
    status, headers, _ = get(server.port, "/static/public/site.css", PROXIED)
    assert status == 200
    assert headers["Content-Type"].startswith("text/css")
    # Plain HTTP other than the health check goes to HTTPS.
    status, headers, _ = get(server.port, "/claims/")
    assert status == 301
    assert headers["Location"].startswith("https://")


# A fact-check published and a discrepancy resolved on the seed story, the
# way the newsroom does it: through the services.
PUBLISH = """
from articles.models import Story
from factcheck import roles, services
from factcheck.models import Rating, Stance
from factcheck.services import PassageSpec
from tests.factories import SourceFactory, UserFactory

checker = UserFactory(username="checker", role=roles.FACT_CHECKER)
editor = UserFactory(username="editor", role=roles.EDITOR)
story = Story.objects.get(slug="japan-korea-summit-drum-duet")
first, second, third = story.articles.order_by("source")
claim = services.claim_create(
    article=second,
    quote="It was a little awkward at first",
    statement="President Lee said the drumming felt a little awkward at first.",
    claimant=services.claimant_find_or_create(name="Lee Jae-myung", acting_user=checker),
    acting_user=checker,
)
claim = services.claim_update(
    claim=claim,
    expected_version=claim.version,
    rating=Rating.objects.get(slug="true"),
    ruling="His post on X says so in those words.",
    acting_user=checker,
)
post = SourceFactory(title="President Lee's post on X")
services.citation_add(claim=claim, source=post, stance=Stance.SUPPORTS, acting_user=checker)
claim = services.claim_submit(claim=claim, acting_user=checker)
services.claim_publish(claim=claim, acting_user=editor)
discrepancy = services.discrepancy_create(
    story=story,
    title="What did the leaders wear?",
    kind="description",
    passages=[
        PassageSpec(article=first, quote="matching athletic jackets"),
        PassageSpec(article=third, quote="matching blue uniforms"),
    ],
    acting_user=checker,
)
services.discrepancy_cite(
    discrepancy=discrepancy, source=post, stance=Stance.CONTEXT, acting_user=checker
)
services.discrepancy_resolve(
    discrepancy=discrepancy, resolution="Blue team jackets.", acting_user=editor
)
"""
STORY = "/stories/japan-korea-summit-drum-duet/"
# Differ from one response to the next whatever the data: the time it was sent.
VOLATILE = {"Date"}
# Name the cache generation, which starts afresh when the cache is emptied.
VALIDATORS = {"ETag", "Last-Modified"}


def fetch_public_pages(port):
    """``{path: (status, headers, body)}`` of the pages a reader and an
    aggregator fetch first, the claim page among them."""
    pages = {path: get(port, path, PROXIED) for path in ("/claims/", STORY, "/api/claims/")}
    claims = json.loads(pages["/api/claims/"][2])["results"]
    assert [claim["verdict"]["slug"] for claim in claims] == ["true"]
    claim = f"/claims/{claims[0]['slug']}/"
    pages[claim] = get(port, claim, PROXIED)
    pages["/healthz"] = get(port, "/healthz")
    return pages


def without(headers, names):
    return {name: value for name, value in headers.items() if name not in names}


def test_a_restart_on_the_same_database_serves_the_same_pages(server):
    server.start()
    server.manage("import_articles", "seeds/")
    server.manage("shell", "--command", PUBLISH)
    before = fetch_public_pages(server.port)
    for path, (status, headers, body) in before.items():
        assert status == 200, path
        # Nothing in them is made per request: they carry no CSRF token, CSP
        # nonce or cookie, so their bodies are compared byte for byte.
        assert b"csrfmiddlewaretoken" not in body and b"nonce" not in body, path
        assert "Set-Cookie" not in headers, path
    assert "a little awkward at first" in before["/claims/"][2].decode()
    assert "What did the leaders wear?" in before[STORY][2].decode()

    server.stop()
    # Nothing of it is left: no worker still holds the port or the database.
    with pytest.raises(ConnectionRefusedError):
        get(server.port, "/healthz")
    server.start()
    after = fetch_public_pages(server.port)

    # From the page cache, which lives in the database: the same pages under
    # the same validators, so a reader's conditional GET still gets a 304.
    for path, (status, headers, body) in after.items():
        assert (status, without(headers, VOLATILE), body) == (
            before[path][0],
            without(before[path][1], VOLATILE),
            before[path][2],
        ), path
    status, _, _ = get(
        server.port, "/claims/", {**PROXIED, "If-None-Match": after["/claims/"][1]["ETag"]}
    )
    assert status == 304

    # Rendered again from the stored data: the same pages, new validators.
    server.manage("shell", "--command", "from django.core.cache import cache; cache.clear()")
    rendered = fetch_public_pages(server.port)
    for path, (status, headers, body) in rendered.items():
        assert (status, without(headers, VOLATILE | VALIDATORS), body) == (
            before[path][0],
            without(before[path][1], VOLATILE | VALIDATORS),
            before[path][2],
        ), path
    assert rendered["/claims/"][1]["ETag"] != before["/claims/"][1]["ETag"]
