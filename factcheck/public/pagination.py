"""Pages of public results: the size is chosen in the URL, within a cap.

The first :data:`NUMBERED_PAGES` pages are numbered (``?page=3``). Past them
a list in date order goes on by position (``?cursor=…``): the rows after (or
before) the last (or first) row shown, by ``(published_at, id)``, read from
the (status, published_at, id) index however deep, where ``OFFSET`` makes the
database walk every row it skips (109 ms at page 20,000 of a million claims
on PostgreSQL, ``make bench``). A position names the row's values, not the
row: a claim unpublished between two requests moves no page.

Any other order (a search's relevance, the verdict, the date claimed) stays
numbered: the index cannot walk it, and a search holds at most
:data:`factcheck.search.SEARCH_CAP` results.
"""

import base64
import dataclasses
import datetime

from django.db.models import Q

from ..pagination import KeysFirstPaginator

PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
# Offered on the page; the API takes any size up to the cap.
PAGE_SIZES = (PAGE_SIZE, 50, MAX_PAGE_SIZE)
# Pages linked by number; the next ones by position.
NUMBERED_PAGES = 5
# The orders a position can follow: the date field and whether it descends.
POSITIONED_ORDERS = {
    ("-published_at", "-pk"): ("published_at", True),
    ("published_at", "pk"): ("published_at", False),
}


def page_size(request) -> int:
    """``per_page`` from the URL, between 1 and MAX_PAGE_SIZE; PAGE_SIZE otherwise."""
    try:
        size = int(request.GET.get("per_page", PAGE_SIZE))
    except ValueError:
        return PAGE_SIZE
    return min(max(size, 1), MAX_PAGE_SIZE)


class BadPosition(ValueError):
    """A ``cursor`` value this site never wrote."""


@dataclasses.dataclass(frozen=True)
class Position:
    """Where a page starts: just past the row with ``(when, pk)``, going
    ``forward`` (the list's order) or back. Opaque to readers."""

    forward: bool
    when: datetime.datetime
    pk: int

    def encode(self) -> str:
        text = f"{'f' if self.forward else 'b'}|{self.when.isoformat()}|{self.pk}"
        return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, token: str) -> "Position":
        try:
            text = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
            way, when, pk = text.split("|")
            position = cls(way == "f", datetime.datetime.fromisoformat(when), int(pk))
        except (ValueError, UnicodeDecodeError) as exc:
            raise BadPosition(token) from exc
        if way not in ("f", "b") or position.when.tzinfo is None or position.pk < 1:
            raise BadPosition(token)
        return position

    def rows(self, queryset, field: str, descending: bool):
        """``queryset`` (in its order) past this position, in the order walked."""
        # The list's order, or its reverse when going back.
        later = descending == self.forward
        strictly = f"{field}__{'lt' if later else 'gt'}"
        # The redundant bound lets the index start at the position instead of
        # filtering every row before it.
        bound = {f"{field}__{'lte' if later else 'gte'}": self.when}
        past = Q(**{strictly: self.when}) | Q(
            **{field: self.when, f"pk__{'lt' if later else 'gt'}": self.pk}
        )
        rows = queryset.filter(past, **bound)
        return rows if self.forward else rows.reverse()


@dataclasses.dataclass
class PositionedPage:
    """A page found by position, with what the page template and the API read."""

    object_list: list
    paginator: KeysFirstPaginator
    first: bool
    last: bool
    field: str

    number = None

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    def has_previous(self) -> bool:
        return not self.first

    def has_next(self) -> bool:
        return not self.last

    def previous_position(self) -> Position | None:
        """Before the first row; None where that is the first page."""
        if self.first or not self.object_list:
            return None
        row = self.object_list[0]
        return Position(False, getattr(row, self.field), row.pk)

    def next_position(self) -> Position | None:
        if self.last or not self.object_list:
            return None
        row = self.object_list[-1]
        return Position(True, getattr(row, self.field), row.pk)


def positioned_order(queryset):
    """``(field, descending)`` when ``queryset``'s order can be walked by
    position, else None."""
    return POSITIONED_ORDERS.get(tuple(str(term) for term in queryset.query.order_by))


def page_at(queryset, position: Position, *, paginator) -> PositionedPage:
    """The page past ``position``: one query for its rows (and the queryset's
    prefetches), however deep. Going back past the start gives the first page."""
    field, descending = positioned_order(queryset)
    size = paginator.per_page
    rows = list(position.rows(queryset, field, descending)[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    if position.forward:
        return PositionedPage(rows, paginator, first=False, last=not more, field=field)
    if not more:
        # Back at the start: the first page, whole.
        rows = list(queryset[:size])
        return PositionedPage(
            rows, paginator, first=True, last=paginator.count <= size, field=field
        )
    return PositionedPage(rows[::-1], paginator, first=False, last=False, field=field)


def page_of(request, queryset, *, count=None):
    """The page asked for: by ``cursor`` (a :class:`Position`) when the list's
    order allows, else by ``page``, the last one when past the end, the first
    when not a number. Two queries, the count and the rows (three for a
    numbered page past the first); one fewer when the caller knows how many
    rows ``queryset`` holds and passes ``count``. :class:`BadPosition` for a
    ``cursor`` this site never wrote."""
    # The first page straight from the ordering's index; later ones by key.
    # A search's first too: its rank sorts the matches' keys alone, and the
    # joins are made for the page's rows only.
    searched = "search_rank" in queryset.query.annotations or "search_rank" in (
        queryset.query.extra  # SQLite ranks with bm25 through extra()
    )
    first_by_key = 1 if searched else 2
    paginator = KeysFirstPaginator(queryset, page_size(request), keys_first_from=first_by_key)
    if count is not None:
        paginator.count = count  # Paginator.count is a cached_property.
    token = request.GET.get("cursor")
    if token and positioned_order(queryset) is not None:
        return page_at(queryset, Position.decode(token), paginator=paginator)
    return paginator.get_page(request.GET.get("page"))


@dataclasses.dataclass
class PageLinks:
    """The addresses of the pages around ``page``: numbers near the start,
    positions beyond."""

    previous: str | None
    next: str | None
    numbers: list[tuple[int, str | None]]
    # "Newer"/"Older" in date order, "Previous"/"Next" otherwise.
    previous_label: str
    next_label: str
    positioned: bool


def _address(query, **changes) -> str:
    query = query.copy()
    for name in ("page", "cursor"):
        query.pop(name, None)
    for name, value in changes.items():
        if value is not None:
            query[name] = value
    return f"?{query.urlencode()}" if query else "?"


def page_links(request, page, queryset) -> PageLinks:
    """Where the previous and next links of ``page`` go, and the numbered
    pages listed (None for the current one)."""
    query = request.GET
    order = positioned_order(queryset)
    labels = ("Previous", "Next")
    if order is not None:
        labels = ("Newer", "Older") if order[1] else ("Older", "Newer")
    if isinstance(page, PositionedPage):
        before, after = page.previous_position(), page.next_position()
        previous = None
        if page.has_previous():
            previous = _address(query, cursor=before.encode()) if before else _address(query)
        following = _address(query, cursor=after.encode()) if after else None
        # Where this page is in numbers is not known: the first page is linked.
        numbers = [(1, _address(query))] if page.has_previous() else []
        return PageLinks(previous, following, numbers, *labels, positioned=True)
    last_numbered = min(page.paginator.num_pages, NUMBERED_PAGES)
    previous = following = None
    if page.has_previous():
        number = page.previous_page_number()
        if order is not None and number >= NUMBERED_PAGES:
            rows = list(page.object_list)  # Evaluated once: the template reads it again.
            previous = _address(
                query, cursor=Position(False, getattr(rows[0], order[0]), rows[0].pk).encode()
            )
        else:
            previous = _address(query, page=number if number > 1 else None)
    if page.has_next():
        number = page.next_page_number()
        if order is not None and number > NUMBERED_PAGES:
            row = list(page.object_list)[-1]
            following = _address(
                query, cursor=Position(True, getattr(row, order[0]), row.pk).encode()
            )
        else:
            following = _address(query, page=number)
    numbers = [
        (n, None if n == page.number else _address(query, page=n if n > 1 else None))
        for n in range(1, last_numbered + 1)
    ]
    if page.number > last_numbered:
        numbers.append((page.number, None))
    return PageLinks(previous, following, numbers, *labels, positioned=False)
