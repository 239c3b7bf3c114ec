"""SQLite as the embedded default: a web process and a task worker write to
one file at once and neither sees "database is locked"."""

import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

REPO = Path(__file__).resolve().parent.parent

# Each process runs this against one file with the project's real settings.
# Every transaction reads before it writes: the pattern that fails at once
# under SQLite's default deferred transactions when another process has
# written in between, however long the busy timeout.
WRITER = textwrap.dedent(
    """
    import sys, time
    import django
    django.setup()
    from django.db import connection, transaction

    name, rounds = sys.argv[1], int(sys.argv[2])
    with connection.cursor() as cursor:
        pragmas = [
            cursor.execute(f"PRAGMA {pragma}").fetchone()[0]
            for pragma in ("journal_mode", "busy_timeout", "synchronous")
        ]
        cursor.execute("CREATE TABLE IF NOT EXISTS hits (writer TEXT, n INTEGER)")
    print(*pragmas)
    for _ in range(rounds):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM hits WHERE writer = %s", [name])
            count = cursor.fetchone()[0]
            time.sleep(0.005)
            cursor.execute("INSERT INTO hits VALUES (%s, %s)", [name, count + 1])
    """
)


@pytest.mark.django_db
def test_sqlite_connections_use_wal_immediate_transactions_and_a_busy_timeout():
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite options apply to SQLite only")
    options = settings.DATABASES["default"]["OPTIONS"]

    assert options["transaction_mode"] == "IMMEDIATE"
    assert "PRAGMA journal_mode=WAL" in options["init_command"]
    with connection.cursor() as cursor:
        # The test database lives in memory, where WAL does not apply; the
        # timeout and sync level are set on every connection all the same.
        assert cursor.execute("PRAGMA busy_timeout").fetchone()[0] == 5000
        assert cursor.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
    assert connection.transaction_mode == "IMMEDIATE"


def test_two_processes_writing_to_one_sqlite_file_both_succeed(tmp_path):
    database = tmp_path / "shared.sqlite3"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "factcheck.settings",
        "DATABASE_URL": f"sqlite:///{database}",
    }
    rounds = 60
    writers = [
        subprocess.Popen(  # noqa: S603 (our own interpreter and script)
            [sys.executable, "-c", WRITER, name, str(rounds)],
            cwd=REPO,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("web", "worker")
    ]
    results = [writer.communicate(timeout=120) for writer in writers]

    for writer, (out, err) in zip(writers, results, strict=True):
        assert writer.returncode == 0, err
        assert "locked" not in err
        assert out.split() == ["wal", "5000", "1"]

    with sqlite3.connect(database) as check:
        counts = dict(check.execute("SELECT writer, max(n) FROM hits GROUP BY writer"))
    assert counts == {"web": rounds, "worker": rounds}
