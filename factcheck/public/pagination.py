"""Pages of public results: the size is chosen in the URL, within a cap."""

from ..pagination import KeysFirstPaginator

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


def page_of(request, queryset, *, count=None):
    """The page asked for by ``page``; the last one when past the end, the first
    when not a number. Two queries, the count and the rows (three past the first
    page); one fewer when the caller knows how many rows ``queryset`` holds and
    passes ``count``."""
    # The first page straight from the ordering's index; later ones by key.
    paginator = KeysFirstPaginator(queryset, page_size(request), keys_first_from=2)
    if count is not None:
        paginator.count = count  # Paginator.count is a cached_property.
    return paginator.get_page(request.GET.get("page"))
