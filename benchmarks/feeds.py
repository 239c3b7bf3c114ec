"""
What harvesters read at the archive's size: the ClaimReview feed, read whole
by following its ``Link`` headers, one page of it, and the sitemap index with
its largest page (50,000 claims). Each is timed uncached (the page cache is
cleared first, as after a publication) and its peak memory measured with
:mod:`tracemalloc` in a separate run, so tracing does not slow the timed one.

The full read's peak is traced over a sample of its pages, spread from the
first to the last (:data:`PEAK_PAGES`, ``--feed-peak-pages``; 0 traces the
whole read again). Each page is its own request with the page cache cleared,
so what serving the feed holds at once is one page's worth: the peak of the
sampled pages, read in one trace so that anything kept from one page to the
next still adds up. Tracing costs several times the untraced read, and at a
million claims (800 pages) a second, traced read of every page did not
finish in 75 minutes.
"""

from __future__ import annotations

import re
import tracemalloc

from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from .report import Measure, Target, now, sample

# The targets: a full read of the feed at 100,000 claims in seconds,
# not the minute of the single response; memory bounded whatever the size,
# here a fifth of the 648 MB the single response took at 53,000 claims.
FULL_READ_MS = 30_000
PAGE_MS = 1_000
SITEMAP_PAGE_MS = 5_000
PEAK_MIB = 128
MIB = 1024 * 1024
NEXT = re.compile(r'<([^>]+)>; rel="next"')
# Pages of the full read traced for its peak memory (0: every page, read again).
PEAK_PAGES = 12


class FeedFailed(RuntimeError):
    pass


def _get(client, url):
    response = client.get(url)
    if response.status_code != 200:
        raise FeedFailed(f"{url} answered {response.status_code}")
    if response.streaming:
        # Read whole, as a crawler does: the time and the memory are in the reading.
        response.streamed_bytes = sum(len(chunk) for chunk in response.streaming_content)
    return response


def read_feed(client, urls=None) -> tuple[int, int, int]:
    """The whole feed, page after page: ``(pages, elements, bytes)``; each
    page's address is appended to ``urls`` when given.

    The benchmark's page cache lives in this process; the site's is a shared
    store outside the web processes (the database or Redis). Each page read
    is dropped from it, so what the peak counts is what serving takes.
    """
    url = reverse("public:api_claimreview")
    pages = elements = size = 0
    while url:
        if urls is not None:
            urls.append(url)
        cache.clear()
        response = _get(client, url)
        pages += 1
        size += len(response.content)
        # Counted from the text: parsing it would measure the reader, not the server.
        elements += response.content.count(b'"@type": "DataFeedItem"')
        match = NEXT.fullmatch(response.get("Link", ""))
        url = match.group(1).removeprefix("http://testserver") if match else None
    return pages, elements, size


def spread(items: list, count: int) -> list:
    """``count`` of ``items`` evenly spaced from the first to the last, in
    order (all of them when there are no more than ``count``)."""
    if count >= len(items):
        return list(items)
    if count == 1:
        return [items[0]]
    step = (len(items) - 1) / (count - 1)
    return [items[round(i * step)] for i in range(count)]


def read_pages(client, urls) -> None:
    """The feed's pages at ``urls``, each read whole and uncached."""
    for url in urls:
        cache.clear()
        _get(client, url)


def _peak(function) -> float:
    """Peak memory (MiB) Python allocates while ``function`` runs, uncached."""
    cache.clear()
    tracemalloc.start()
    try:
        function()
        return tracemalloc.get_traced_memory()[1] / MIB
    finally:
        tracemalloc.stop()


def _memory_measure(name, peak_mib, extra=None) -> Measure:
    return Measure(
        "feeds",
        f"{name}: peak memory {peak_mib:,.1f} MiB",
        # Not a timing: no samples, as for the detection's growth figure.
        None,
        None,
        0,
        target=Target(words=f"peak < {PEAK_MIB} MiB"),
        check=peak_mib < PEAK_MIB,
        extra={"peak_mib": round(peak_mib, 2), **(extra or {})},
    )


def run(
    *, repeats: int, budget: float | None = None, peak_pages: int = PEAK_PAGES
) -> list[Measure]:
    client = Client()
    measures = []

    cache.clear()
    urls = []
    start = now()
    pages, elements, size = read_feed(client, urls)
    seconds = now() - start
    extra = {"pages": pages, "elements": elements, "bytes": size}
    measures.append(
        Measure(
            "feeds",
            f"ClaimReview feed: full read, {pages:,} pages, {elements:,} items",
            seconds * 1000,
            seconds * 1000,
            1,
            target=Target(max_ms=FULL_READ_MS),
            extra=extra,
        )
    )
    if peak_pages > 0 and pages > peak_pages:
        sampled = spread(urls, peak_pages)
        peak = _peak(lambda: read_pages(client, sampled))
        name = f"ClaimReview feed: {len(sampled)} of {pages:,} pages, first to last"
    else:
        sampled = urls
        peak = _peak(lambda: read_feed(client))
        name = "ClaimReview feed: full read"
    measures.append(_memory_measure(name, peak, {**extra, "traced_pages": len(sampled)}))

    first = reverse("public:api_claimreview")
    sitemap = reverse("public:sitemap")
    claims = reverse("public:sitemap_section", args=["claims"])
    for name, url, limit, times in [
        ("ClaimReview feed: one page (1,000 items)", first, PAGE_MS, repeats),
        ("sitemap index", sitemap, PAGE_MS, repeats),
        # 50,000 addresses: a few samples are enough, and each takes seconds.
        ("sitemap: claims, page 1 (50,000 addresses)", claims, SITEMAP_PAGE_MS, min(repeats, 3)),
    ]:
        stats = sample(
            lambda url=url: _get(client, url),
            repeats=times,
            warmup=1,
            before=cache.clear,
            budget=budget,
        )
        measures.append(
            Measure.from_stats(
                "feeds", f"{name}, uncached", stats, target=Target(max_ms=limit), extra={"url": url}
            )
        )
        measures.append(_memory_measure(name, _peak(lambda url=url: _get(client, url))))
    return measures
