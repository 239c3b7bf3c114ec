"""Paginators for changelists over tables too large to count on every page."""

from django.db import connections
from django.db.models import Count, Window
from django.utils.formats import number_format
from django.utils.functional import cached_property

from ..pagination import KeysFirstPaginator

# Below this many rows an exact count is cheap, and an estimate would show.
ESTIMATE_ABOVE = 20_000


class EstimatedCountPaginator(KeysFirstPaginator):
    """Counts a filtered changelist exactly, and an unfiltered one on
    PostgreSQL from the planner's estimate when the table is large.

    The admin counts the rows it lists on every page. Unfiltered, on
    PostgreSQL, that is a scan of the whole table, since PostgreSQL cannot
    answer ``COUNT(*)`` from an index alone; its planner keeps an estimate
    (``pg_class.reltuples``, refreshed by autovacuum) that is off by a few rows
    at most. SQLite counts from its smallest index, fast enough to stay exact.
    Either way the count is one query. Use it with
    ``show_full_result_count = False``, which drops the admin's other
    whole-table count. Each page is read by its keys first
    (:class:`~factcheck.pagination.KeysFirstPaginator`).

    Told the page it will be asked for (``page_hint``), a filtered list reads
    that page's keys and the count in one query (``COUNT(*) OVER ()``): a
    search or a filter the indexes serve poorly is then run once, not twice.
    """

    def __init__(self, *args, page_hint=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.page_hint = page_hint
        self.hinted_keys = None

    @cached_property
    def count(self):
        queryset = self.object_list
        connection = connections[queryset.db]
        if connection.vendor != "postgresql" or queryset.query.where or queryset.query.distinct:
            return self._count_with_keys() or super().count
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

    def _count_with_keys(self):
        """The hinted page's keys and the list's length, in one query; None
        when that page is empty (past the end) or cannot be read this way."""
        queryset = self.object_list
        if self.page_hint is None or self.page_hint < 1 or self.orphans or queryset.query.distinct:
            return None
        bottom = (self.page_hint - 1) * self.per_page
        rows = list(
            queryset.annotate(listed=Window(Count("*"))).values_list("pk", "listed")[
                bottom : bottom + self.per_page
            ]
        )
        if not rows:
            return None
        self.hinted_keys = [key for key, _ in rows]
        return rows[0][1]

    def page_keys(self, number):
        if self.hinted_keys is not None and number == self.page_hint:
            return self.hinted_keys
        return super().page_keys(number)


class CappedCountPaginator(KeysFirstPaginator):
    """Walks a list in its order up to ``cap`` + 1 keys, and counts no further.

    One query reads the keys of the first ``cap`` + 1 rows: their number is
    the count when there are at most ``cap`` (exact), and ``cap`` with
    :attr:`capped` set when there are more, shown as "more than 1,000"
    (:attr:`count_in_words`). Pages past the cap are not offered: a search
    with more matches than that is narrowed, not paged through. The page's
    rows are then read by key (:class:`~factcheck.pagination.KeysFirstPaginator`).
    """

    cap = 1000

    @cached_property
    def walked_keys(self) -> list:
        return list(self.object_list.values_list("pk", flat=True)[: self.cap + 1])

    @cached_property
    def count(self):
        return min(len(self.walked_keys), self.cap)

    @property
    def capped(self) -> bool:
        return len(self.walked_keys) > self.cap

    @property
    def count_in_words(self) -> str:
        count = number_format(self.count, force_grouping=True)
        return f"more than {count}" if self.capped else count

    def page_keys(self, number):
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return self.walked_keys[bottom:top]
