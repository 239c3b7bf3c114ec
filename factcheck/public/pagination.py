"""Pages of public results: the size is chosen in the URL, within a cap."""

from django.core.paginator import Paginator

PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
# Offered on the page; the API takes any size up to the cap.
PAGE_SIZES = (PAGE_SIZE, 50, MAX_PAGE_SIZE)


def page_size(request) -> int:
    """``per_page`` from the URL, between 1 and MAX_PAGE_SIZE; PAGE_SIZE otherwise."""
    try:
        size = int(request.GET.get("per_page", PAGE_SIZE))
    except ValueError:
        return PAGE_SIZE
    return min(max(size, 1), MAX_PAGE_SIZE)


class KeysFirstPaginator(Paginator):
    """Past the first page, a page is found by its keys before its rows.

    ``LIMIT 20 OFFSET 40000`` over the full rows makes the database build
    every skipped row, joins and subqueries included (0.1 s at 100,000
    claims on SQLite); over the keys alone it walks the ordering's index.
    The rows are then fetched by key, in the same order: one more query.
    """

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        if bottom == 0:
            return super().page(number)
        top = min(bottom + self.per_page, self.count)
        keys = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        return self._get_page(self.object_list.filter(pk__in=keys), number, self)


def page_of(request, queryset, *, count=None):
    """The page asked for by ``page``; the last one when past the end, the first
    when not a number. Two queries, the count and the rows (three past the first
    page); one fewer when the caller knows how many rows ``queryset`` holds and
    passes ``count``."""
    paginator = KeysFirstPaginator(queryset, page_size(request))
    if count is not None:
        paginator.count = count  # Paginator.count is a cached_property.
    return paginator.get_page(request.GET.get("page"))
