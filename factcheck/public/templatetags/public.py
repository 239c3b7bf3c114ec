"""Template helpers for the public site: ``{% load public %}``."""

import datetime
from urllib.parse import urlsplit

from django import template
from django.conf import settings
from django.utils import timezone

from articles.analysis.anchoring import CONTEXT_CHARS

from ...models.anchors import outlet_label as report_outlet_label

register = template.Library()


@register.filter
def safe_url(url) -> str:
    """``url`` if it is an absolute http(s) address, else ``""``: nothing else is
    ever put in a public link (no ``javascript:``, ``data:`` or relative tricks)."""
    url = (url or "").strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return ""
    return url


@register.filter
def iso(value) -> str:
    """ISO 8601 for ``<time datetime>``: a date, or a datetime in the site's time
    zone to the second. The ClaimReview JSON-LD uses the same form."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    return value.isoformat()


@register.filter
def lead_in(prefix) -> str:
    """The stored context before a quote, trimmed for reading: no earlier
    paragraph, no word cut in half, and "…" where text was left out."""
    prefix = prefix or ""
    text = prefix.rsplit("\n", 1)[-1]
    if text == prefix and len(prefix) >= CONTEXT_CHARS:
        # Cut at a fixed length: drop the first word, which may be partial.
        text = text.split(" ", 1)[1] if " " in text else ""
        return f"…{text}"
    return text


@register.filter
def lead_out(suffix) -> str:
    """The stored context after a quote, trimmed like :func:`lead_in`."""
    suffix = suffix or ""
    text = suffix.split("\n", 1)[0]
    if text == suffix and len(suffix) >= CONTEXT_CHARS:
        text = text.rsplit(" ", 1)[0] if " " in text else ""
        return f"{text}…"
    return text


@register.filter
def outlet_label(article) -> str:
    """A report's outlet for the public: its name, else its address's domain,
    else nothing (:func:`factcheck.models.anchors.outlet_label`)."""
    return report_outlet_label(article)


@register.simple_tag
def newsroom_name():
    return settings.NEWSROOM_NAME


@register.simple_tag
def newsroom_profiles():
    """The newsroom's profiles elsewhere (ClaimReview ``sameAs``), safe links only."""
    return [url for url in map(safe_url, settings.NEWSROOM_SAME_AS) if url]


@register.filter
def domain(url) -> str:
    """``https://www.example.org/x`` → ``example.org``: a link's name in a list."""
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.")
