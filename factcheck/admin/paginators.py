"""Paginators for changelists over tables too large to count on every page."""

from django.core.paginator import Paginator
from django.db import connections
from django.utils.functional import cached_property

# Below this many rows an exact count is cheap, and an estimate would show.
ESTIMATE_ABOVE = 20_000


class EstimatedCountPaginator(Paginator):
    """Counts a filtered changelist exactly, and an unfiltered one on
    PostgreSQL from the planner's estimate when the table is large.

    The admin counts the rows it lists on every page. Unfiltered, on
    PostgreSQL, that is a scan of the whole table, since PostgreSQL cannot
    answer ``COUNT(*)`` from an index alone; its planner keeps an estimate
    (``pg_class.reltuples``, refreshed by autovacuum) that is off by a few rows
    at most. SQLite counts from its smallest index, fast enough to stay exact.
    Use it with ``show_full_result_count = False``, which drops the admin's
    other whole-table count.
    """

    @cached_property
    def count(self):
        queryset = self.object_list
        if not queryset.query.where:
            estimate = estimated_rows(queryset.model, using=queryset.db)
            if estimate is not None and estimate > ESTIMATE_ABOVE:
                return estimate
        return super().count


def estimated_rows(model, *, using="default"):
    """PostgreSQL's estimate of ``model``'s row count; None elsewhere or before
    the table was first analysed."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltuples::bigint FROM pg_class WHERE oid = to_regclass(%s)",
            [connection.ops.quote_name(model._meta.db_table)],
        )
        row = cursor.fetchone()
    # reltuples is -1 until the table is first vacuumed or analysed.
    return row[0] if row and row[0] is not None and row[0] >= 0 else None
