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
    Either way the count is one query. Use it with
    ``show_full_result_count = False``, which drops the admin's other
    whole-table count.
    """

    @cached_property
    def count(self):
        queryset = self.object_list
        connection = connections[queryset.db]
        if connection.vendor != "postgresql" or queryset.query.where or queryset.query.distinct:
            return super().count
        table = connection.ops.quote_name(queryset.model._meta.db_table)
        with connection.cursor() as cursor:
            # The estimate when the table is large, else the exact count. The
            # table name is the model's own, quoted.
            cursor.execute(
                "SELECT CASE WHEN reltuples > %s THEN reltuples::bigint "  # noqa: S608
                f"ELSE (SELECT COUNT(*) FROM {table}) END "
                "FROM pg_class WHERE oid = to_regclass(%s)",
                [ESTIMATE_ABOVE, table],
            )
            return cursor.fetchone()[0]
