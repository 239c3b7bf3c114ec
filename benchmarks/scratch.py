"""
The scratch database a benchmark runs in, never the developer's own.

- SQLite (the default): a file in a fresh temporary folder, or the path given.
- PostgreSQL, when ``DATABASE_URL`` names it: a database called
  ``<name>_bench`` (or the name given) on the same server, created through the
  server's ``postgres`` database and dropped at the end.

Every scratch database carries a ``benchmark_archive`` table saying what was
built in it. A database or file without that table is never dropped,
overwritten or reused, so pointing ``--scratch`` at real data only gets a
refusal. Nothing here imports models: it runs before ``django.setup()``.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import sqlite3
import tempfile
from pathlib import Path

import dj_database_url
import psycopg
from psycopg import sql

MARKER_TABLE = "benchmark_archive"
# Written as soon as the database exists; the archive records its parameters
# in it and marks it complete once built (see benchmarks.archive).
MARKER_DDL = (
    f"CREATE TABLE {MARKER_TABLE} (parameters TEXT NOT NULL, complete INTEGER NOT NULL DEFAULT 0)"
)


class ScratchRefused(Exception):
    """The scratch database cannot be used; the message says why."""


@dataclasses.dataclass
class Scratch:
    vendor: str
    # The file (SQLite) or database name (PostgreSQL): the NAME that replaces the
    # project's own in DATABASES, every other setting kept.
    name: str
    # What to remove at the end: a temporary folder (SQLite) or nothing.
    temp_dir: Path | None = None
    server: dict | None = None

    def drop(self) -> None:
        """Delete the scratch database (call after closing Django's connections)."""
        if self.vendor == "postgresql":
            with _server_connection(self.server) as connection:
                connection.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                        sql.Identifier(self.name)
                    )
                )
        elif self.temp_dir is not None:
            shutil.rmtree(self.temp_dir, ignore_errors=True)
        else:
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{self.name}{suffix}").unlink(missing_ok=True)


def open_scratch(*, name: str | None = None, reuse: bool = False) -> Scratch:
    """Create (or, with ``reuse``, find) the scratch database for this run.

    ``name`` is a file path for SQLite and a database name for PostgreSQL; by
    default a temporary file and ``<DATABASE_URL's name>_bench``.
    """
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://", "pgsql://")):
        return _open_postgresql(dj_database_url.parse(url), name=name, reuse=reuse)
    return _open_sqlite(name=name, reuse=reuse)


def _open_sqlite(*, name, reuse):
    if name is None:
        temp_dir = Path(tempfile.mkdtemp(prefix="factcheck-bench-"))
        path = temp_dir / "bench.sqlite3"
    else:
        temp_dir, path = None, Path(name).resolve()
        if path.exists() and not _sqlite_is_scratch(path):
            raise ScratchRefused(f"{path} exists and is not a benchmark archive; not touching it")
        if path.exists() and not reuse:
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(path)
        try:
            connection.execute(MARKER_DDL)
            connection.commit()
        finally:
            connection.close()
    return Scratch("sqlite", str(path), temp_dir=temp_dir)


def _sqlite_is_scratch(path):
    connection = sqlite3.connect(path)
    try:
        found = connection.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [MARKER_TABLE]
        ).fetchone()
    except sqlite3.DatabaseError:
        return False
    finally:
        connection.close()
    return found is not None


def _open_postgresql(config, *, name, reuse):
    own = config["NAME"]
    name = name or f"{own}_bench"
    if name in (own, "postgres", "template0", "template1"):
        raise ScratchRefused(f"refusing to use {name!r} as a scratch database")
    server = {key: config.get(key) for key in ("HOST", "PORT", "USER", "PASSWORD")}
    with _server_connection(server) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if exists and not _postgresql_is_scratch(server, name):
            raise ScratchRefused(
                f"database {name!r} exists and is not a benchmark archive; not touching it"
            )
        if exists and not reuse:
            connection.execute(
                sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name))
            )
        if not exists or not reuse:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            with _server_connection(server, dbname=name) as created:
                created.execute(MARKER_DDL)
    return Scratch("postgresql", name, server=server)


def _server_connection(server, dbname="postgres"):
    return psycopg.connect(
        dbname=dbname,
        host=server["HOST"] or None,
        port=server["PORT"] or None,
        user=server["USER"] or None,
        password=server["PASSWORD"] or None,
        autocommit=True,
    )


def _postgresql_is_scratch(server, name):
    with _server_connection(server, dbname=name) as connection:
        found = connection.execute("SELECT to_regclass(%s)", [MARKER_TABLE]).fetchone()
    return found[0] is not None
