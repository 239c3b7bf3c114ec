"""Several hosts on one PostgreSQL database and one Redis (README, "Several hosts").

Two gunicorn servers on two ports and two `db_worker` processes, all started
from the same settings on a scratch database migrated once, sharing a Redis
under a key prefix of their own. A publication through server A's admin shows
at once on server B, whose page had been cached before; failed logins split
between A and B lock the name and the address on both; jobs queued at once are
each run exactly once by the two workers racing for them. Server B reads its
public pages through the replica router (DATABASE_REPLICA_URL naming the same
database), as a host behind a replica would.

Runs when the test database is PostgreSQL and a Redis answers at
MULTI_HOST_REDIS_URL (redis://127.0.0.1:6379/0 by default); skipped otherwise,
or failed when MULTI_HOST_REQUIRED=1 (CI).
"""

import http.client
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import time
import urllib.parse
from http.cookies import SimpleCookie
from pathlib import Path

import pytest
from django.conf import settings

from tests.processes import child_environ

REPO = Path(__file__).resolve().parent.parent
BIN = REPO / ".venv" / "bin"
REDIS_URL = os.environ.get("MULTI_HOST_REDIS_URL", "redis://127.0.0.1:6379/0")
STARTUP_SECONDS = 90
JOB_SECONDS = 60
JOBS = 12
LOGIN_FAILURE_LIMIT = 4
PASSWORD = "correct horse battery"


def _missing():
    """Why the deployment cannot be built here, or None."""
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        return "needs PostgreSQL: run with DATABASE_URL=postgres://..."
    if not (BIN / "gunicorn").exists():
        return "gunicorn is not installed"
    try:
        import redis

        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except Exception as exc:
        return f"no Redis answers at {REDIS_URL} ({type(exc).__name__}: {exc})"
    return None


def _require():
    reason = _missing()
    if reason and os.environ.get("MULTI_HOST_REQUIRED") == "1":
        pytest.fail(f"MULTI_HOST_REQUIRED=1, but the multi-host test {reason}")
    if reason:
        pytest.skip(reason)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Browser:
    """One client's cookies and address against the servers, on plain HTTP.

    The servers trust 127.0.0.1 as their proxy, so ``address`` (sent as
    X-Forwarded-For) is the client address the login throttle counts.
    """

    def __init__(self, address):
        self.address = address
        self.cookies = {}

    def request(self, port, method, path, form=None):
        headers = {"X-Forwarded-For": self.address}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            for header in response.headers.get_all("Set-Cookie") or ():
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            return response.status, response.headers, response.read().decode()
        finally:
            connection.close()

    def get(self, port, path):
        return self.request(port, "GET", path)

    def post(self, port, path, form, page=None):
        """POST ``form`` with the CSRF token of ``page`` (``path`` by default)."""
        _, _, html = self.get(port, page or path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        return self.request(port, "POST", path, {**form, "csrfmiddlewaretoken": token})

    def log_in(self, port, username, password):
        return self.post(
            port,
            "/admin/login/?next=/admin/",
            {"username": username, "password": password, "next": "/admin/"},
        )


class Deployment:
    """The scratch database, the Redis prefix, two servers and two workers."""

    def __init__(self, tmp_path):
        import psycopg
        import redis

        primary = settings.DATABASES["default"]
        self.psycopg = psycopg
        self.admin_url = self._url(primary, "postgres")
        self.database = f"factcheck_multihost_{secrets.token_hex(4)}"
        self.database_url = self._url(primary, self.database)
        self.prefix = f"multihost-{secrets.token_hex(4)}"
        self.redis = redis.Redis.from_url(REDIS_URL)
        self.tmp = tmp_path
        self.env = {
            key: value
            for key, value in child_environ(
                DATABASE_URL=self.database_url,
                REDIS_URL=REDIS_URL,
                CACHE_KEY_PREFIX=self.prefix,
                # Sessions and CSRF tokens signed on one host are read on the other.
                SECRET_KEY=secrets.token_urlsafe(50),
                DEBUG="0",
                ALLOWED_HOSTS="127.0.0.1",
                STATIC_ROOT=str(tmp_path / "static"),
                TRUSTED_PROXIES="127.0.0.1",
                LOGIN_FAILURE_LIMIT=str(LOGIN_FAILURE_LIMIT),
                LOG_LEVEL="WARNING",
            ).items()
            if key not in ("DATABASE_REPLICA_URL", "HTTPS", "SECURE_SSL_REDIRECT")
        }
        self.processes = {}
        self.ports = {}

    @staticmethod
    def _url(database, name):
        user = urllib.parse.quote(database.get("USER") or "postgres")
        password = database.get("PASSWORD")
        auth = f"{user}:{urllib.parse.quote(password)}" if password else user
        host = database.get("HOST") or "127.0.0.1"
        port = database.get("PORT") or 5432
        return f"postgres://{auth}@{host}:{port}/{name}"

    def sql(self, query, *params):
        with self.psycopg.connect(self.database_url) as connection:
            return connection.execute(query, params).fetchall()

    def redis_keys(self, pattern="*"):
        return [key.decode() for key in self.redis.scan_iter(match=f"{self.prefix}:*{pattern}")]

    def redis_count(self, key):
        """A count Django's cache keeps in Redis (version 1 of ``key``)."""
        return int(self.redis.get(f"{self.prefix}:1:{key}") or 0)

    def _clear_redis(self):
        keys = list(self.redis.scan_iter(match=f"{self.prefix}:*"))
        if keys:
            self.redis.delete(*keys)

    # Start and stop ----------------------------------------------------------------

    def start(self):
        self._clear_redis()
        with self.psycopg.connect(self.admin_url, autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{self.database}"')
        # Once per release, before any host serves: migrate, and collect the
        # static files (each host would collect its own; here they share them).
        once = [
            self._spawn(name, [str(BIN / "python"), "manage.py", *command])
            for name, command in (
                ("migrate", ["migrate", "--noinput", "-v", "0"]),
                ("collectstatic", ["collectstatic", "--noinput", "-v", "0"]),
            )
        ]
        for process in once:
            if process.wait(timeout=STARTUP_SECONDS) != 0:
                pytest.fail(f"{process.args[2]} failed:\n{self.output(process.args[2])}")
        for host in ("a", "b"):
            port = self.ports[host] = free_port()
            env = {}
            if host == "b":
                env["DATABASE_REPLICA_URL"] = self.database_url
            self._spawn(
                f"server-{host}",
                [
                    str(BIN / "gunicorn"),
                    "factcheck.wsgi:application",
                    f"--bind=127.0.0.1:{port}",
                    "--workers=1",
                    "--worker-class=gthread",
                    "--threads=2",
                    "--no-control-socket",
                ],
                **env,
            )
            self._spawn(
                f"worker-{host}",
                [
                    str(BIN / "python"),
                    "manage.py",
                    "db_worker",
                    "--no-reload",
                    "--no-startup-delay",
                    "--interval=0.2",
                    f"--worker-id=worker-{host}",
                ],
            )
        deadline = time.monotonic() + STARTUP_SECONDS
        for host, port in self.ports.items():
            self._wait(f"server-{host}", deadline, lambda port=port: self._healthy(port))
        for host in self.ports:
            name = f"worker-{host}"
            self._wait(name, deadline, lambda name=name: "Starting worker" in self.output(name))

    def _spawn(self, name, command, **env):
        with (self.tmp / f"{name}.log").open("w") as output:
            process = subprocess.Popen(  # noqa: S603 (our own servers and commands)
                command,
                cwd=REPO,
                env={**self.env, **env},
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.processes[name] = process
        return process

    @staticmethod
    def _healthy(port):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz")
            return connection.getresponse().status == 200
        except OSError:
            return False

    def _wait(self, name, deadline, ready):
        while time.monotonic() < deadline:
            if ready():
                return
            if self.processes[name].poll() is not None:
                break
            time.sleep(0.2)
        pytest.fail(f"{name} did not start:\n{self.output(name)}")

    def output(self, name):
        return (self.tmp / f"{name}.log").read_text()

    def stop(self):
        for process in self.processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
        with self.psycopg.connect(self.admin_url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
        self._clear_redis()

    # The newsroom's own steps, through the services ---------------------------------

    def shell(self, script):
        """Run ``script`` in `manage.py shell` on the deployment; its last
        printed line, as JSON."""
        done = subprocess.run(  # noqa: S603 (our own manage.py)
            [str(BIN / "python"), "manage.py", "shell", "--command", script],
            cwd=REPO,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, f"manage.py shell failed:\n{done.stdout}{done.stderr}"
        return json.loads(done.stdout.strip().splitlines()[-1])


# A claim written and submitted by a fact-checker, for an editor to publish;
# and stories whose reports disagree, for detection jobs.
NEWSROOM = """
import json
from factcheck import roles, services
from factcheck.models import Rating, Stance
from tests.factories import ArticleFactory, SourceFactory, StoryFactory, UserFactory

checker = UserFactory(username="checker", role=roles.FACT_CHECKER)
editor = UserFactory(username="editor", role=roles.EDITOR)
UserFactory(username="columnist", role=roles.EDITOR)
article = ArticleFactory(
    source="bridge-cost.txt", body="The mayor said the new bridge cost $4 million to build."
)
claim = services.claim_create(
    article=article,
    quote="the new bridge cost $4 million",
    statement="The new bridge cost four million dollars.",
    acting_user=checker,
)
claim = services.claim_update(
    claim=claim,
    expected_version=claim.version,
    rating=Rating.objects.get(slug="false"),
    ruling="City accounts show it cost $6.2 million.",
    acting_user=checker,
)
services.citation_add(
    claim=claim, source=SourceFactory(), stance=Stance.CONTRADICTS, acting_user=checker
)
claim = services.claim_submit(claim=claim, acting_user=checker)
print(json.dumps({"claim": claim.pk, "version": claim.version, "slug": claim.slug}))
"""

START_JOBS = """
import json
from django.contrib.auth import get_user_model
from factcheck.services import jobs
from tests.factories import ArticleFactory, StoryFactory

checker = get_user_model().objects.get(username="checker")
stories = []
for number in range(%(jobs)d):
    story = StoryFactory(title=f"Bridge opening {number}", slug=f"bridge-opening-{number}")
    for day in ("Monday", "Tuesday"):
        ArticleFactory(
            story=story,
            source=f"bridge-{number}-{day}.txt",
            body=f"The bridge opened on {day} with 300 guests.",
        )
    stories.append(story)
# Queued one after the other, each committed as soon as it is started: the
# workers race for them while the rest are still being queued.
print(json.dumps([jobs.job_start_detection(story=s, acting_user=checker).pk for s in stories]))
"""


@pytest.fixture(scope="module")
def deployment(tmp_path_factory):
    _require()
    built = Deployment(tmp_path_factory.mktemp("multi-host"))
    try:
        built.start()
        built.newsroom = built.shell(NEWSROOM)
        yield built
    finally:
        built.stop()


def test_a_publication_through_one_host_shows_at_once_on_the_other(deployment):
    a, b = deployment.ports["a"], deployment.ports["b"]
    statement = "The new bridge cost four million dollars."
    reader = Browser("198.51.100.20")
    # Rendered and cached before the publication, on B (and on A).
    for port in (b, a, b):
        status, headers, html = reader.get(port, "/claims/")
        assert status == 200 and statement not in html
    cached_etag = headers["ETag"]
    assert any("public:page:" in key for key in deployment.redis_keys())
    assert reader.get(b, "/claims/")[1]["ETag"] == cached_etag

    editor = Browser("198.51.100.21")
    status, headers, _ = editor.log_in(a, "editor", PASSWORD)
    assert (status, headers["Location"]) == (302, "/admin/")
    claim = deployment.newsroom["claim"]
    change = f"/admin/factcheck/claim/{claim}/change/"
    status, headers, _ = editor.post(
        a,
        f"/admin/factcheck/claim/{claim}/publish/",
        {"version": deployment.newsroom["version"]},
        page=change,
    )
    assert (status, headers["Location"]) == (302, change)
    assert "was published" in editor.get(a, change)[2]

    status, headers, html = reader.get(b, "/claims/")
    assert status == 200
    assert statement in html
    assert headers["ETag"] != cached_etag
    status, _, html = reader.get(b, f"/claims/{deployment.newsroom['slug']}/")
    assert status == 200 and "City accounts show it cost $6.2 million." in html


def test_failed_logins_split_between_hosts_lock_the_name_and_the_address(deployment):
    a, b = deployment.ports["a"], deployment.ports["b"]
    guesser = Browser("203.0.113.9")
    for attempt in range(LOGIN_FAILURE_LIMIT):
        # Two on each host: neither would lock on its own count.
        status, _, html = guesser.log_in((a, b)[attempt % 2], "columnist", "guess")
        assert status == 200 and "Please enter the correct username" in html

    for port in (a, b):
        # The right password, now refused on both hosts: the name is locked ...
        status, _, html = Browser("198.51.100.30").log_in(port, "columnist", PASSWORD)
        assert status == 200 and "Please enter the correct username" in html
        # ... and so is the address, for another name too.
        status, _, html = guesser.log_in(port, "checker", PASSWORD)
        assert status == 200 and "Please enter the correct username" in html
    # Counted in the shared Redis, not per process.
    assert deployment.redis_count(f"login-failures:addr:{guesser.address}") >= LOGIN_FAILURE_LIMIT
    # Another reader, another name, the right password: unaffected.
    status, headers, _ = Browser("198.51.100.31").log_in(b, "checker", PASSWORD)
    assert (status, headers["Location"]) == (302, "/admin/")


def test_each_background_job_runs_once_with_two_workers_racing(deployment):
    job_ids = deployment.shell(START_JOBS % {"jobs": JOBS})
    assert len(job_ids) == JOBS

    deadline = time.monotonic() + JOB_SECONDS
    while time.monotonic() < deadline:
        (left,) = deployment.sql(
            "SELECT count(*) FROM factcheck_job WHERE status IN ('queued', 'running')"
        )[0]
        if not left:
            break
        time.sleep(0.3)
    jobs = deployment.sql(
        "SELECT j.id, j.status, j.attempts, j.result, t.status, t.worker_ids"
        " FROM factcheck_job j JOIN django_tasks_database_dbtaskresult t ON t.id::text = j.task_id"
        " WHERE j.id = ANY(%s) ORDER BY j.id",
        job_ids,
    )
    logs = deployment.output("worker-a") + deployment.output("worker-b")

    assert [job[0] for job in jobs] == sorted(job_ids)
    for job_id, status, attempts, result, task_status, worker_ids in jobs:
        assert (status, attempts, task_status) == ("succeeded", 1, "SUCCESSFUL"), job_id
        assert len(worker_ids) == 1, (job_id, worker_ids)
        assert result["counts"]["saved"] >= 1, (job_id, result)
        assert logs.count(f"Job {job_id} attempt 1 running.") == 1, job_id
    assert "is not queued" not in logs
    # Each suggestion was stored once: none was found twice by two runs.
    suggestions = deployment.sql(
        "SELECT count(*) FROM factcheck_discrepancy d JOIN articles_story s"
        " ON s.id = d.story_id WHERE s.slug LIKE 'bridge-opening-%%'"
    )[0][0]
    assert suggestions == sum(job[3]["counts"]["saved"] for job in jobs)
    # Both workers took part in the race.
    assert {jobs_worker for job in jobs for jobs_worker in job[5]} == {"worker-a", "worker-b"}
