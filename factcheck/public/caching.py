"""
Caching of public pages, invalidated by a "public content generation".

The generation, kept in the shared cache, is the time of the last public
change plus a random token (two changes in the same instant still differ). Every
change the public can see bumps it: publishing, unpublishing or correcting a
claim, resolving or reopening a discrepancy, editing a site page. Each public
response then carries

- an ``ETag`` derived from the generation and the URL, and a
  ``Last-Modified`` equal to the generation's time, so a conditional GET gets
  a 304 without rendering anything;
- ``Cache-Control: public, max-age=PUBLIC_CACHE_MAX_AGE``;

and the rendered page is kept in the cache under its URL together with the
generation it was rendered in. A page from an older generation is never served,
so a publish or a correction shows at once. A hit, a miss and a 304 all start
with one cache read, fetching the generation and the page together.
"""

import functools
import hashlib
import secrets

from django.conf import settings
from django.core.cache import cache
from django.db import OperationalError, transaction
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, quote_etag

GENERATION_KEY = "public:generation"
PAGE_KEY_PREFIX = "public:page:"
# Only these are worth keeping: a 404 for every made-up URL would fill the cache.
CACHEABLE_STATUSES = (200, 410)
# Set here on every response, so never stored with a page.
VALIDATOR_HEADERS = {"etag", "last-modified", "cache-control", "expires", "content-length"}


def public_content_changed() -> None:
    """Mark every public page out of date.

    Bumped at once, so the rest of this transaction and the tests see it, and
    again on commit: a page rendered by another request from the data as it
    was before the commit must not be stored under the new generation.
    """
    _bump()
    if transaction.get_connection().needs_rollback:
        # The database cache hides its own errors. One that has doomed the
        # transaction (the connection was lost) would otherwise let the write
        # pass for done while its atomic block rolls it back without a word.
        raise OperationalError("The database failed while marking public pages out of date.")
    transaction.on_commit(_bump)


def _new_generation() -> str:
    return f"{int(timezone.now().timestamp())}-{secrets.token_hex(8)}"


def _bump():
    cache.set(GENERATION_KEY, _new_generation(), timeout=None)


def _start_generation():
    # A cold or evicted cache starts a new generation, never an older one, so
    # a page stored before the eviction can never be served again.
    cache.add(GENERATION_KEY, _new_generation(), timeout=None)
    return cache.get(GENERATION_KEY)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def public_page(view):
    """Serve ``view`` (a public GET view) with conditional GET and the page cache."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        url = request.build_absolute_uri()
        page_key = PAGE_KEY_PREFIX + _digest(url)
        found = cache.get_many([GENERATION_KEY, page_key])
        generation = found.get(GENERATION_KEY) or _start_generation()
        etag = quote_etag(_digest(f"{generation} {url}")[:32])
        last_modified = int(generation.split("-", 1)[0])

        response = get_conditional_response(request, etag=etag, last_modified=last_modified)
        if response is None:
            stored = found.get(page_key)
            if stored is not None and stored["generation"] == generation:
                response = HttpResponse(
                    stored["content"], status=stored["status"], headers=stored["headers"]
                )
            else:
                response = view(request, *args, **kwargs)
                if response.status_code not in CACHEABLE_STATUSES or response.streaming:
                    return response
                if hasattr(response, "render"):
                    response.render()
                cache.set(
                    page_key,
                    {
                        "generation": generation,
                        "status": response.status_code,
                        # Content-Type, and the sitemap's X-Robots-Tag.
                        "headers": {
                            name: value
                            for name, value in response.headers.items()
                            if name.lower() not in VALIDATOR_HEADERS
                        },
                        "content": response.content,
                    },
                    settings.PUBLIC_CACHE_TIMEOUT,
                )
        response["ETag"] = etag
        response["Last-Modified"] = http_date(last_modified)
        patch_cache_control(response, public=True, max_age=settings.PUBLIC_CACHE_MAX_AGE)
        return response

    return wrapped
