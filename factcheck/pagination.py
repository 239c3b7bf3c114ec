"""Pagination shared by the public lists and the admin changelists."""

from django.core.paginator import Paginator


class KeysFirstPaginator(Paginator):
    """A page is found by its keys before its rows.

    ``LIMIT 20 OFFSET 40000`` over the full rows makes the database build
    every skipped row, joins and subqueries included (0.1 s at 100,000
    claims on SQLite), and a filter the ordering's index cannot serve builds
    every matching row before sorting them. Over the keys alone it walks or
    sorts an index. The rows are then fetched by key, in the same order: one
    more query. ``keys_first_from`` is the first page read this way.

    ``rows``, when given, is the queryset the rows are read from (with its
    joins and annotations, without the list's filters), so a costly filter
    such as a search runs once for the keys and not again for the rows.
    """

    def __init__(self, *args, keys_first_from=1, rows=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.keys_first_from = keys_first_from
        self.rows = rows

    def page(self, number):
        number = self.validate_number(number)
        if number < self.keys_first_from:
            return super().page(number)
        keys = self.page_keys(number)
        if self.rows is None:
            rows = self.object_list.filter(pk__in=keys)
        else:
            rows = self.rows.filter(pk__in=keys).order_by(*self.object_list.query.order_by)
        return self._get_page(rows, number, self)

    def page_keys(self, number) -> list:
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return list(self.object_list.values_list("pk", flat=True)[bottom:top])
