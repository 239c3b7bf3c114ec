"""
Page pagination with RFC 8288 ``Link`` headers.

``page`` (from 1) and ``per_page`` (1 to 100, 20 by default) choose the page.
The ``Link`` header names the ``first``, ``prev``, ``next`` and ``last`` pages;
the body repeats the numbers for clients that read only the body. A page past
the last answers 404, and a ``page`` or ``per_page`` that is not a number in
range answers 400 naming it: nothing is silently replaced by another page.
"""

from django.core.paginator import EmptyPage
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from ..pagination import KeysFirstPaginator
from ..public.pagination import MAX_PAGE_SIZE, PAGE_SIZE


def _whole_number(request, name, default, *, maximum=None):
    raw = request.query_params.get(name, "").strip()
    if not raw:
        return default
    try:
        number = int(raw)
    except ValueError:
        number = None
    if number is None or number < 1 or (maximum is not None and number > maximum):
        within = f"between 1 and {maximum}" if maximum else "1 or more"
        raise ValidationError({name: [f"Expected a whole number {within}, got “{raw[:50]}”."]})
    return number


class LinkHeaderPagination(PageNumberPagination):
    page_size = PAGE_SIZE
    page_size_query_param = "per_page"
    max_page_size = MAX_PAGE_SIZE
    page_query_description = "A page of results, from 1; past the last page answers 404."
    page_size_query_description = (
        f"Results per page, 1 to {MAX_PAGE_SIZE} ({PAGE_SIZE} if not given)."
    )

    def get_page_size(self, request):
        return _whole_number(
            request, self.page_size_query_param, self.page_size, maximum=self.max_page_size
        )

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        size = self.get_page_size(request)
        number = _whole_number(request, self.page_query_param, 1)
        # The first page straight from the ordering's index; later ones by key
        # (KeysFirstPaginator): the same two or three queries at any depth.
        paginator = KeysFirstPaginator(queryset, size, keys_first_from=2)
        try:
            self.page = paginator.page(number)
        except EmptyPage:
            raise NotFound(
                f"There is no page {number}: the last page is {paginator.num_pages}."
            ) from None
        return list(self.page)

    def page_url(self, number):
        url = self.request.build_absolute_uri()
        if number == 1:
            return remove_query_param(url, self.page_query_param)
        return replace_query_param(url, self.page_query_param, number)

    def links(self) -> dict[str, str]:
        page = self.page
        links = {"first": self.page_url(1)}
        if page.has_previous():
            links["prev"] = self.page_url(page.previous_page_number())
        if page.has_next():
            links["next"] = self.page_url(page.next_page_number())
        links["last"] = self.page_url(page.paginator.num_pages)
        return links

    def get_paginated_response(self, data):
        links = self.links()
        page = self.page
        return Response(
            {
                "count": page.paginator.count,
                "page": page.number,
                "pages": page.paginator.num_pages,
                "per_page": page.paginator.per_page,
                "next": links.get("next"),
                "previous": links.get("prev"),
                "results": data,
            },
            headers={"Link": ", ".join(f'<{url}>; rel="{rel}"' for rel, url in links.items())},
        )

    def get_paginated_response_schema(self, schema):
        link = {"type": "string", "format": "uri", "nullable": True}
        return {
            "type": "object",
            "required": ["count", "page", "pages", "per_page", "next", "previous", "results"],
            "properties": {
                "count": {"type": "integer", "description": "Results across every page."},
                "page": {"type": "integer"},
                "pages": {"type": "integer"},
                "per_page": {"type": "integer"},
                "next": {**link, "description": "The next page, as in the Link header."},
                "previous": {**link, "description": "The previous page, as in the Link header."},
                "results": schema,
            },
        }
