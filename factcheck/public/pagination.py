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


def page_of(request, queryset):
    """The page asked for by ``page``; the last one when past the end, the first
    when not a number. Two queries: the count and the rows."""
    return Paginator(queryset, page_size(request)).get_page(request.GET.get("page"))
