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

and the rendered page is kept in the cache under its address together with
the generation it was rendered in. A page from an older generation is never
served, so a publish or a correction shows at once. A hit, a miss and a 304
all start with one cache read, fetching the generation and the page together.

The address that keys the cache (and the ETag) is the path with the query
parameters the view reads, normalised: those it does not read are dropped,
and so are blank values and values equal to the default; the rest are sorted.
The view itself is then given only those parameters, so whatever it renders
depends on the key alone: ``?fresh=1`` or ``?utm_source=x`` is the same page,
served from the same entry, and cannot force a render.
"""

import contextlib
import functools
import hashlib
import secrets
import time
from collections.abc import Mapping

from django.conf import settings
from django.core.cache import cache
from django.db import OperationalError, transaction
from django.http import HttpResponse, HttpResponseRedirect, QueryDict
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, quote_etag

from .. import db_routers

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


def normalised_query(query: QueryDict, reads: Mapping[str, str]) -> QueryDict:
    """The parameters of ``query`` a view reads (``reads`` maps each name to its
    default), in name order: unknown names, blank values and defaults dropped,
    and of a repeated parameter only the last value, the one ``.get()`` reads."""
    kept = QueryDict(mutable=True)
    for name in sorted(reads):
        value = query.get(name, "").strip()
        if value and value != reads[name]:
            kept[name] = value
    kept._mutable = False
    return kept


def has_blanks(query: QueryDict, reads: Mapping[str, str]) -> bool:
    return any(not value.strip() for name in reads for value in query.getlist(name))


def public_page(view=None, *, reads: Mapping[str, str] | None = None, short_addresses=False):
    """Serve ``view`` (a public GET view) with conditional GET and the page cache.

    ``reads`` names the query parameters the view reads, each with its default
    (none by default); see the module's docstring. With ``short_addresses``, an
    address carrying blank parameters (a GET form submits every field) is
    redirected to its normalised form, so that shared links stay short.
    """
    if view is None:
        return functools.partial(public_page, reads=reads, short_addresses=short_addresses)
    reads = dict(reads or {})

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        query = normalised_query(request.GET, reads)
        if short_addresses and has_blanks(request.GET, reads):
            return HttpResponseRedirect(
                f"{request.path}?{query.urlencode()}" if query else request.path
            )
        # The view sees only what keys the page, so it cannot render otherwise
        # for an address that shares the key (its links, its canonical URL).
        request.GET = query
        request.META["QUERY_STRING"] = query.urlencode()
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
                with _reads_for(last_modified):
                    response = view(request, *args, **kwargs)
                    if response.status_code not in CACHEABLE_STATUSES:
                        return response
                    if response.streaming:
                        # Too large to keep (a CSV export), but validated like the rest.
                        return _with_validators(response, etag, last_modified)
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
        return _with_validators(response, etag, last_modified)

    return wrapped


def _reads_for(last_modified):
    # A replica a moment behind would render the page as it was before the
    # change, and it would be kept under the new generation: just after a
    # change, the primary renders it (factcheck/db_routers.py).
    if time.time() - last_modified < settings.DATABASE_REPLICA_LAG:
        return db_routers.primary_reads()
    return contextlib.nullcontext()


def _with_validators(response, etag, last_modified):
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    patch_cache_control(response, public=True, max_age=settings.PUBLIC_CACHE_MAX_AGE)
    return response
