"""Content negotiation for an API whose answers are cached by address alone."""

from rest_framework.negotiation import BaseContentNegotiation


class FirstRenderer(BaseContentNegotiation):
    """The view's first renderer, whatever the ``Accept`` header asks.

    The public page cache keys an answer by its address, not by its headers,
    so the same address must always answer in the same format: JSON for the
    API, the CSV export at an address of its own.
    """

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type
