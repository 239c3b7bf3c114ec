"""
The query planner's statistics, kept fresh on SQLite.

SQLite plans from ``sqlite_stat1``, which only ``ANALYZE`` writes. Without it
the planner assumes any index equality picks out about ten rows, so
``status = 'published'`` (80% of an archive) looks more selective than a
full-text match of a few hundred claims: ``make bench`` measured a search
taking 9.5 s that way at 100,000 claims, and 2 ms with statistics.

- :func:`analyze` refreshes every table. It runs after ``migrate`` and after
  ``rebuild_search_index``, and once a synthetic archive is built.
- :func:`optimize` is SQLite's recommended cheap check (``PRAGMA optimize``):
  it re-analyses only tables this connection used whose size changed a lot
  since their last analysis, and does nothing otherwise.
- :func:`refresh_grown` re-analyses the named tables that have at least
  doubled since their last analysis, told how many rows were added. It runs
  after every import batch. ``PRAGMA optimize`` did not fit there: it
  re-analysed the claims table after every import on a connection that had
  read claims (an index with no ``sqlite_stat1`` row, such as a partial index
  with no entries, always looks stale to it), 0.1 s per import at 100,000
  claims (``make bench``).

Both read whole indexes: a sampled analysis (``analysis_limit``) guessed
that ``status = 'published'`` picks out 400 claims of 100,000 and sent a
filtered list through every published claim (0.27 s instead of 2 ms). A full
``ANALYZE`` of 100,000 claims takes about 0.2 s. PostgreSQL's autovacuum
keeps its own statistics; there both are no-ops.
"""

from django.db import DEFAULT_DB_ALIAS, OperationalError, connections


def _sqlite_cursor(using):
    connection = connections[using]
    return connection.cursor() if connection.vendor == "sqlite" else None


def analyze(using=DEFAULT_DB_ALIAS) -> None:
    """Refresh the statistics of every table (SQLite; a no-op elsewhere)."""
    cursor = _sqlite_cursor(using)
    if cursor is not None:
        with cursor:
            cursor.execute("ANALYZE")


def optimize(using=DEFAULT_DB_ALIAS) -> None:
    """Refresh the statistics of the tables that need it (SQLite; a no-op elsewhere)."""
    cursor = _sqlite_cursor(using)
    if cursor is not None:
        with cursor:
            cursor.execute("PRAGMA optimize")


def refresh_grown(added: dict[str, int], using=DEFAULT_DB_ALIAS) -> list[str]:
    """ANALYZE each table of ``added`` (table name → rows just added) that has
    no statistics yet or at least doubled since its last analysis; returns
    the tables analysed. SQLite only; one query when nothing needs it, none
    when nothing was added."""
    tables = [table for table, rows in added.items() if rows > 0]
    cursor = _sqlite_cursor(using) if tables else None
    if cursor is None:
        return []
    with cursor:
        marks = ", ".join(["%s"] * len(tables))
        # sqlite_stat1's stat column starts with the rows the table had when analysed.
        try:
            cursor.execute(
                "SELECT tbl, MAX(CAST(stat AS INTEGER)) FROM sqlite_stat1 "  # noqa: S608
                f"WHERE tbl IN ({marks}) GROUP BY tbl",
                tables,
            )
            analysed_rows = dict(cursor.fetchall())
        except OperationalError:
            # No sqlite_stat1 where ANALYZE has never run: a failed read, on
            # SQLite, leaves any transaction around it intact.
            analysed_rows = {}
        stale = [table for table in tables if added[table] >= analysed_rows.get(table, 0)]
        for table in stale:
            cursor.execute(f"ANALYZE {connections[using].ops.quote_name(table)}")
    return stale
