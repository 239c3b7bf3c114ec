"""
Load test on loopback: ``make loadtest`` (``python -m benchmarks.loadtest``).

1. Builds a scratch SQLite database in a temporary folder (or migrates the
   PostgreSQL database named by ``--database-url``, whose name must end in
   ``_loadtest``), collects static files and seeds it the way the newsroom
   works: the seed story imported, claims drafted, ruled on, cited, submitted
   by a fact-checker and published by an editor, all through the services.
2. Starts gunicorn as ``make serve`` does (gthread workers; ``WEB_CONCURRENCY``
   processes of ``WEB_THREADS`` threads) on a free 127.0.0.1 port, with
   production settings (DEBUG off) and no access log.
3. For each target, ``--clients`` threads with keep-alive connections send GET
   requests for ``--seconds`` or until ``--max-requests`` have been sent,
   whichever comes first, and it prints requests per second, p50 and p99
   latency and errors. ``/healthz`` (no database, no template) goes through
   the same server, middleware and clients: the framework's own ceiling here.

The public pages are served as in production, from the shared page cache
after the first request; ``--render`` sets ``PUBLIC_CACHE_TIMEOUT=0`` so every
request renders its page. The clients share the machine's cores with the
server, so the figures are a floor for a server with cores of its own.

Exits 1 if any request failed or answered other than 200. Only loopback is
ever contacted.
"""

from __future__ import annotations

import argparse
import dataclasses
import http.client
import itertools
import json
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
HOST = "127.0.0.1"
CLAIMS = 12
STARTUP_SECONDS = 60


@dataclasses.dataclass
class Result:
    name: str
    path: str
    requests: int
    seconds: float
    latencies_ms: list[float]
    errors: int
    first_error: str = ""

    @property
    def rps(self):
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, fraction):
        if not self.latencies_ms:
            return float("nan")
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]

    def as_dict(self):
        return {
            "target": self.name,
            "path": self.path,
            "requests": self.requests,
            "seconds": round(self.seconds, 2),
            "rps": round(self.rps, 1),
            "p50_ms": round(self.percentile(0.50), 2),
            "p99_ms": round(self.percentile(0.99), 2),
            "mean_ms": round(statistics.fmean(self.latencies_ms), 2) if self.latencies_ms else None,
            "errors": self.errors,
            "first_error": self.first_error,
        }


# The scratch site ------------------------------------------------------------------


def environment(database_url: str, static_root: Path, render: bool) -> dict:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "factcheck.settings",
        "DATABASE_URL": database_url,
        "STATIC_ROOT": str(static_root),
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": HOST,
        "HTTPS": "0",
        "CONN_MAX_AGE": os.environ.get("CONN_MAX_AGE", "60"),
        "LOG_LEVEL": "WARNING",
    }
    if render:
        env["PUBLIC_CACHE_TIMEOUT"] = "0"
    return env


def manage(env, *args):
    subprocess.run(  # noqa: S603 (our own interpreter and manage.py)
        [sys.executable, "manage.py", *args], cwd=REPO, env=env, check=True
    )


def prepare(env) -> str:
    """Migrate, collect static files and seed; returns a published claim's slug."""
    manage(env, "migrate", "--noinput", "--verbosity", "0")
    manage(env, "createcachetable")
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    seeded = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "benchmarks.loadtest", "--seed-only"],
        cwd=REPO,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(seeded.stdout.strip().splitlines()[-1])["claim"]


def seed() -> dict:
    """The seed story and CLAIMS published claims, made through the services.
    Runs inside the scratch environment (``--seed-only``)."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from articles import services as article_services
    from articles.analysis.anchoring import AnchorError
    from articles.models import Article
    from factcheck import roles, services
    from factcheck.models import Rating, Source, Stance

    seeds = REPO / "seeds"
    story = article_services.story_get_or_create(spec=article_services.read_manifest(seeds))
    article_services.articles_import(inputs=article_services.inputs_from_folder(seeds), story=story)
    roles.sync_roles()
    User = get_user_model()
    checker, _ = User.objects.get_or_create(username="loadtest-checker", is_staff=True)
    editor, _ = User.objects.get_or_create(username="loadtest-editor", is_staff=True)
    checker.groups.add(Group.objects.get(name=roles.FACT_CHECKER))
    editor.groups.add(Group.objects.get(name=roles.EDITOR))
    checker, editor = User.objects.get(pk=checker.pk), User.objects.get(pk=editor.pk)
    ratings = list(Rating.objects.filter(is_active=True).order_by("order"))

    published = []
    sentences = (
        (article, sentence.strip())
        for article in Article.objects.order_by("pk")
        for sentence in article.body.replace("\n", " ").split(". ")
        if 40 <= len(sentence.strip()) <= 200
    )
    for article, sentence in sentences:
        if len(published) == CLAIMS:
            break
        if article.body.count(sentence) != 1:
            continue
        n = len(published) + 1
        try:
            claim = services.claim_create(
                article=article,
                quote=sentence,
                statement=f"Load-test claim {n}: {sentence[:120]}",
                acting_user=checker,
            )
        except AnchorError:
            continue
        claim = services.claim_update(
            claim=claim,
            expected_version=claim.version,
            acting_user=checker,
            rating=ratings[n % len(ratings)],
            ruling=f"Ruling {n}: what the record shows, and where it is written down.",
        )
        source, _ = Source.objects.get_or_create(
            url=f"https://example.org/records/{n}",
            defaults={"title": f"Public record {n}", "publisher": "Example Archive"},
        )
        services.citation_add(
            claim=claim, source=source, stance=Stance.CONTRADICTS, acting_user=checker
        )
        claim = services.claim_submit(claim=claim, acting_user=checker)
        published.append(services.claim_publish(claim=claim, acting_user=editor))
    if not published:
        raise SystemExit("seeding published no claim")
    return {"claim": published[0].slug, "published": len(published)}


# Server and clients ----------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def start_server(env, port, workers, threads, log):
    command = [
        str(BIN / "gunicorn"),
        "factcheck.wsgi:application",
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        "gthread",
        "--threads",
        str(threads),
        "--no-control-socket",
    ]
    return subprocess.Popen(  # noqa: S603
        command, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )


def stop_server(server):
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=10)


def wait_until_up(port, server, log_path):
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            break
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                connection.close()
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"gunicorn did not start:\n{log_path.read_text()}")


def hammer(port, name, path, *, clients, seconds, max_requests) -> Result:
    """``clients`` threads requesting ``path`` until time or requests run out."""
    tickets = itertools.count()
    latencies: list[list[float]] = [[] for _ in range(clients)]
    errors: list[str] = []
    deadline = time.perf_counter() + seconds

    def client(mine):
        connection = http.client.HTTPConnection(HOST, port, timeout=10)
        try:
            while time.perf_counter() < deadline and next(tickets) < max_requests:
                started = time.perf_counter()
                try:
                    connection.request("GET", path)
                    response = connection.getresponse()
                    response.read()
                    if response.status != 200:
                        errors.append(f"{path}: HTTP {response.status}")
                        continue
                    mine.append((time.perf_counter() - started) * 1000)
                except (OSError, http.client.HTTPException) as exc:
                    errors.append(f"{path}: {type(exc).__name__}: {exc}")
                    connection.close()
                    connection = http.client.HTTPConnection(HOST, port, timeout=10)
        finally:
            connection.close()

    threads = [threading.Thread(target=client, args=(mine,)) for mine in latencies]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    flat = [latency for mine in latencies for latency in mine]
    return Result(
        name=name,
        path=path,
        requests=len(flat) + len(errors),
        seconds=elapsed,
        latencies_ms=flat,
        errors=len(errors),
        first_error=errors[0] if errors else "",
    )


def table(results, ceiling):
    lines = [
        f"{'target':<12} {'path':<44} {'requests':>8} {'rps':>8} {'p50 ms':>7} "
        f"{'p99 ms':>7} {'errors':>6} {'of ceiling':>10}"
    ]
    for result in results:
        share = f"{result.rps / ceiling.rps:.0%}" if ceiling.rps else "-"
        lines.append(
            f"{result.name:<12} {result.path[:44]:<44} {result.requests:>8} "
            f"{result.rps:>8.0f} {result.percentile(0.5):>7.1f} {result.percentile(0.99):>7.1f} "
            f"{result.errors:>6} {share:>10}"
        )
    return "\n".join(lines)


# Scratch databases -------------------------------------------------------------------


def postgres_scratch(url):
    """Create the ``*_loadtest`` database if missing; returns a function that drops it."""
    import dj_database_url
    import psycopg
    from psycopg import sql

    config = dj_database_url.parse(url)
    name = config["NAME"]
    if config["ENGINE"] != "django.db.backends.postgresql" or not name.endswith("_loadtest"):
        raise SystemExit("--database-url must name a PostgreSQL database ending in _loadtest")
    server = {
        "host": config["HOST"] or None,
        "port": config["PORT"] or None,
        "user": config["USER"] or None,
        "password": config["PASSWORD"] or None,
        "dbname": "postgres",
        "autocommit": True,
    }
    with psycopg.connect(**server) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))

    def drop():
        with psycopg.connect(**server) as connection:
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )

    return drop


# Main ----------------------------------------------------------------------------------


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--clients", type=int, default=16, help="concurrent clients (16)")
    parser.add_argument("--seconds", type=float, default=20, help="per target (20)")
    parser.add_argument("--max-requests", type=int, default=100_000, help="per target (100000)")
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "3")))
    parser.add_argument("--threads", type=int, default=int(os.environ.get("WEB_THREADS", "4")))
    parser.add_argument("--render", action="store_true", help="bypass the public page cache")
    parser.add_argument("--database-url", help="a PostgreSQL database named *_loadtest")
    parser.add_argument("--keep", action="store_true", help="keep a --database-url database")
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument("--seed-only", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args(argv)

    if options.seed_only:
        print(json.dumps(seed()))
        return 0

    drop = None
    with tempfile.TemporaryDirectory(prefix="factcheck-loadtest-") as scratch:
        scratch = Path(scratch)
        if options.database_url:
            drop = postgres_scratch(options.database_url)
            database_url = options.database_url
        else:
            database_url = f"sqlite:///{scratch / 'loadtest.sqlite3'}"
        env = environment(database_url, scratch / "static", options.render)
        try:
            print(f"Preparing {database_url.split('@')[-1]} ...", flush=True)
            slug = prepare(env)
            port = free_port()
            log_path = scratch / "gunicorn.log"
            with log_path.open("w") as log:
                server = start_server(env, port, options.workers, options.threads, log)
            try:
                wait_until_up(port, server, log_path)
                targets = [
                    ("ceiling", "/healthz"),
                    ("claim list", "/claims/"),
                    ("claim page", f"/claims/{slug}/"),
                    ("api", "/api/claims/"),
                ]
                print(
                    f"gunicorn: {options.workers} workers x {options.threads} threads on "
                    f"{HOST}:{port}; {options.clients} clients, {options.seconds:g} s or "
                    f"{options.max_requests:,} requests per target; public page cache "
                    f"{'off (--render)' if options.render else 'on'}",
                    flush=True,
                )
                results = []
                for name, path in targets:
                    # Warm up: worker imports, template loading, the page cache.
                    hammer(port, name, path, clients=2, seconds=5, max_requests=50)
                    results.append(
                        hammer(
                            port,
                            name,
                            path,
                            clients=options.clients,
                            seconds=options.seconds,
                            max_requests=options.max_requests,
                        )
                    )
                    print(f"  {name}: {results[-1].rps:.0f} requests/s", flush=True)
            finally:
                stop_server(server)
        finally:
            if drop is not None and not options.keep:
                drop()

    print()
    print(table(results, results[0]))
    # Other work on the machine takes cores from the server and the clients alike.
    print("load average (1, 5, 15 min) at the end: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    if options.json:
        Path(options.json).write_text(
            json.dumps([result.as_dict() for result in results], indent=2), encoding="utf-8"
        )
    failed = [result for result in results if result.errors]
    for result in failed:
        print(f"{result.name}: {result.errors} errors, first: {result.first_error}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
