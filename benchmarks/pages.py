"""
Page timings through Django's test ``Client``, in process.

Each page is requested twice untimed (template and content-type caches fill as
in a running server; the second request counts the queries), then
``repeats`` times, public pages with the page cache cleared before every
request: the targets are about rendering, not about serving a stored page
(one cached row shows what a hit costs). A page slower than the time budget
gets fewer timed requests (the JSON says how many), and one whose queries
outlast the budget is cancelled and reported as timed out.

Each public page has a floor: one hand-written SQL query returning the rows
and columns the page shows, run through ``connection.cursor()`` and fetched,
timed the same way. The admin pages are requested as a superuser.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import threading
import time
from urllib.parse import urlencode

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import OperationalError, connection
from django.db.models import Count, Exists, OuterRef
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article, Outlet
from factcheck.models import Claim, ClaimAppearance, Rating
from factcheck.public.pagination import PAGE_SIZE

from . import archive
from .report import Measure, Stats, Target, sample

# Two words a reader might search for; both occur across many stories.
SEARCH = "Millbrook tunnel"
ADMIN_MAX_MS = 150


class PageFailed(Exception):
    """A page answered with an unexpected status."""


@dataclasses.dataclass
class Samples:
    """Rows of the archive the pages are measured on."""

    published: int
    claim_slug: str
    rating: Rating
    outlet: Outlet
    showcase: Article
    showcase_claims: int
    superuser: object

    @classmethod
    def find(cls):
        published = Claim.objects.published().count()
        # A claim page with something in every section: two sources, another report.
        claim = (
            Claim.objects.published()
            .filter(Exists(ClaimAppearance.objects.filter(claim=OuterRef("pk"))))
            .annotate(sources=Count("citations"))
            .filter(sources__gte=2)
            .order_by("pk")
            .values_list("slug", flat=True)
            .first()
        )
        showcase = Article.objects.only("pk").get(source=archive.showcase_source())
        rating = Rating.objects.get(slug="false")
        # The first outlet (by name) with a published claim of that verdict.
        outlet = (
            Outlet.objects.filter(
                Exists(
                    Claim.objects.published().filter(rating=rating, article__outlet=OuterRef("pk"))
                )
            )
            .order_by("name")
            .first()
        )
        return cls(
            published=published,
            claim_slug=claim,
            rating=rating,
            outlet=outlet,
            showcase=showcase,
            showcase_claims=Claim.objects.filter(article=showcase).count(),
            superuser=get_user_model().objects.get(username=archive.SUPERUSER),
        )

    @property
    def deep_page(self) -> int:
        """The middle page of the unfiltered list."""
        return max(1, -(-self.published // PAGE_SIZE) // 2)


def _public_limit(claims: int) -> float:
    # The targets: 50 ms at the default size, 100 ms at a million claims.
    return 50 if claims <= 100_000 else 100


def _get(client, url, expect=200):
    response = client.get(url)
    if response.status_code != expect:
        raise PageFailed(f"{url} answered {response.status_code}, expected {expect}")
    return response


@dataclasses.dataclass
class PageRun:
    stats: Stats
    queries: int | None
    sql_ms: float | None
    timed_out: bool = False


def _measure(client, url, *, repeats, budget, uncached) -> PageRun:
    """Timings of ``url``, the queries it runs and their time in the database.

    The first request is untimed (it fills per-process caches such as content
    types, as a running server's first request does); the second, also
    untimed, counts the queries; then up to ``repeats`` timed requests. When
    the first request's queries outlast the ``budget`` they are cancelled and
    the page is reported as timed out, after that one request.
    """
    before = cache.clear if uncached else None
    if before:
        before()
    start = time.perf_counter()
    try:
        with _statement_timeout(budget), _quiet("django.request"):
            _get(client, url)
    except OperationalError:
        seconds = time.perf_counter() - start
        return PageRun(Stats(seconds * 1000, seconds * 1000, 0), None, None, timed_out=True)
    if before:
        before()
    with CaptureQueriesContext(connection) as context:
        _get(client, url)
    # Read now: the next request clears the connection's query log.
    queries = len(context)
    sql_ms = sum(float(query["time"]) for query in context.captured_queries) * 1000
    stats = sample(
        lambda: _get(client, url), repeats=repeats, warmup=0, before=before, budget=budget
    )
    return PageRun(stats, queries, sql_ms)


@contextlib.contextmanager
def _statement_timeout(seconds):
    """Cancel the queries still running ``seconds`` from now (SQLite), or any
    query running longer than that (PostgreSQL): they raise OperationalError."""
    if seconds is None:
        yield
        return
    connection.ensure_connection()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('statement_timeout', %s, false)", [f"{seconds}s"])
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("RESET statement_timeout")
    else:
        timer = threading.Timer(seconds, connection.connection.interrupt)
        timer.start()
        try:
            yield
        finally:
            timer.cancel()


@contextlib.contextmanager
def _quiet(name):
    """No error log (with its traceback) for a request cancelled on purpose."""
    logger = logging.getLogger(name)
    disabled, logger.disabled = logger.disabled, True
    try:
        yield
    finally:
        logger.disabled = disabled


def _page_measure(section, name, run: PageRun, *, extra, **kwargs) -> Measure:
    if run.timed_out:
        name = f"{name} (TIMED OUT)"
        extra = {**extra, "timed_out": True}
    elif run.sql_ms is not None:
        extra = {**extra, "sql_ms": round(run.sql_ms, 3)}
    return Measure.from_stats(section, name, run.stats, queries=run.queries, extra=extra, **kwargs)


def _floor(sql, params, *, repeats, budget) -> tuple[Stats, int]:
    """The floor's timings, and how many rows it fetches."""
    fetched = []

    def fetch():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            fetched[:] = cursor.fetchall()

    return sample(fetch, repeats=repeats, budget=budget), len(fetched)


def public_pages(
    samples: Samples, *, repeats: int, claims: int, budget: float | None = None
) -> list[Measure]:
    client = Client()
    limit = _public_limit(claims)
    claims_url = reverse("public:claim_list")
    api_url = reverse("public:api_claims")
    offset = (samples.deep_page - 1) * PAGE_SIZE
    filters = {"verdict": samples.rating.slug, "outlet": samples.outlet.slug}
    pages = [
        ("claims list: first page", claims_url, list_sql(), [PAGE_SIZE, 0]),
        (
            f"claims list: page {samples.deep_page:,} (middle)",
            f"{claims_url}?page={samples.deep_page}",
            list_sql(),
            [PAGE_SIZE, offset],
        ),
        (
            "claims list: verdict + outlet filters",
            f"{claims_url}?{urlencode(filters)}",
            list_sql("AND c.rating_id = %s AND a.outlet_id = %s"),
            [samples.rating.pk, samples.outlet.pk, PAGE_SIZE, 0],
        ),
        (
            f"claims list: search “{SEARCH}”",
            f"{claims_url}?{urlencode({'q': SEARCH})}",
            *search_sql(SEARCH),
        ),
        (
            "claim page",
            reverse("public:claim_detail", args=[samples.claim_slug]),
            claim_page_sql(),
            [samples.claim_slug] * 4,
        ),
        ("/api/claims/", api_url, api_sql(), [PAGE_SIZE, 0]),
    ]
    measures = []
    for name, url, sql, params in pages:
        run = _measure(client, url, repeats=repeats, budget=budget, uncached=True)
        floor, rows = _floor(sql, params, repeats=repeats, budget=budget)
        measures.append(
            _page_measure(
                "public",
                name,
                run,
                floor_ms=floor.median_ms,
                target=Target(max_ms=limit, max_ratio=3),
                extra={"url": url, "floor_p95_ms": round(floor.p95_ms, 3), "floor_rows": rows},
            )
        )
    # A stored page, for comparison: one cache read and no rendering.
    run = _measure(client, claims_url, repeats=repeats, budget=budget, uncached=False)
    measures.append(
        _page_measure(
            "public", "claims list: first page, from the page cache", run, extra={"url": claims_url}
        )
    )
    return measures


def admin_pages(samples: Samples, *, repeats: int, budget: float | None = None) -> list[Measure]:
    client = Client()
    client.force_login(samples.superuser)
    changelist = reverse("admin:factcheck_claim_changelist")
    filters = {"status__exact": "published", "rating__id__exact": samples.rating.pk}
    pages = [
        ("claims changelist", changelist),
        ("claims changelist: status + verdict filters", f"{changelist}?{urlencode(filters)}"),
        (f"claims changelist: search “{SEARCH}”", f"{changelist}?{urlencode({'q': SEARCH})}"),
        (
            f"article page with {samples.showcase_claims} claims",
            reverse("admin:articles_article_change", args=[samples.showcase.pk]),
        ),
    ]
    measures = []
    for name, url in pages:
        run = _measure(client, url, repeats=repeats, budget=budget, uncached=False)
        measures.append(
            _page_measure(
                "admin", name, run, target=Target(max_ms=ADMIN_MAX_MS), extra={"url": url}
            )
        )
    return measures


# The floors: what the page shows, in one query ------------------------------------

_LIST_FROM = """
FROM factcheck_claim c
JOIN articles_article a ON a.id = c.article_id
LEFT JOIN factcheck_rating r ON r.id = c.rating_id
LEFT JOIN factcheck_claimant p ON p.id = c.claimant_id
LEFT JOIN articles_outlet o ON o.id = a.outlet_id
"""
_LAST_CORRECTION = "(SELECT MAX(u.created_at) FROM factcheck_claimupdate u WHERE u.claim_id = c.id)"


def list_sql(where: str = "") -> str:
    """A page of the public list: verdict, statement, claimant, outlet, headline, dates."""
    return (
        "SELECT c.slug, c.statement, c.first_published_at, r.label, r.colour, p.name, "
        f"a.headline, o.name, {_LAST_CORRECTION}"
        f"{_LIST_FROM}WHERE c.status = 'published' {where}\n"
        "ORDER BY c.published_at DESC, c.id DESC LIMIT %s OFFSET %s"
    )


def api_sql() -> str:
    """A page of ``/api/claims/``: every public field of the claim and its article."""
    return (
        "SELECT c.slug, c.statement, c.kind, c.claimed_on, c.ruling, c.first_published_at, "
        "p.name, p.slug, p.kind, p.description, r.label, r.slug, r.value, r.definition, "
        f"a.headline, a.url, a.published_on, o.name, s.slug, s.title, {_LAST_CORRECTION}"
        f"{_LIST_FROM}LEFT JOIN articles_story s ON s.id = a.story_id\n"
        "WHERE c.status = 'published'\n"
        "ORDER BY c.published_at DESC, c.id DESC LIMIT %s OFFSET %s"
    )


def search_sql(q: str) -> tuple[str, list]:
    """The first page of a search, ranked as the site ranks it, through the same index."""
    columns = (
        "SELECT c.slug, c.statement, c.first_published_at, r.label, r.colour, p.name, "
        f"a.headline, o.name, {_LAST_CORRECTION}"
    )
    if connection.vendor == "postgresql":
        vector = "c.search_document"  # migration 0010's stored, GIN-indexed column
        query = "websearch_to_tsquery('english'::regconfig, %s)"
        return (
            f"{columns}, ts_rank({vector}, {query}) AS rank{_LIST_FROM}"
            f"WHERE c.status = 'published' AND ({vector}) @@ {query}\n"
            "ORDER BY rank DESC, c.published_at DESC, c.id DESC LIMIT 20",
            [q, q],
        )
    words = " ".join(f'"{word}"' for word in q.split())
    return (
        f"{columns}{_LIST_FROM}JOIN factcheck_claim_fts f ON f.rowid = c.id\n"
        "WHERE c.status = 'published' AND factcheck_claim_fts MATCH %s\n"
        "ORDER BY bm25(factcheck_claim_fts, 10.0, 5.0, 1.0, 3.0), c.published_at DESC, "
        "c.id DESC LIMIT 20",
        [words],
    )


def claim_page_sql() -> str:
    """A claim's page: the claim, its sources, its other reports, its corrections."""
    return """
SELECT 'claim', c.statement, c.ruling, c.quote, c.prefix, c.suffix, r.label, r.definition,
       p.name, a.headline, a.url, o.name, s.title, c.first_published_at
FROM factcheck_claim c
JOIN articles_article a ON a.id = c.article_id
LEFT JOIN factcheck_rating r ON r.id = c.rating_id
LEFT JOIN factcheck_claimant p ON p.id = c.claimant_id
LEFT JOIN articles_outlet o ON o.id = a.outlet_id
LEFT JOIN articles_story s ON s.id = a.story_id
WHERE c.slug = %s AND c.status = 'published'
UNION ALL
SELECT 'source', so.title, so.url, so.publisher, so.kind, so.archive_url, ci.stance, ci.excerpt,
       NULL, NULL, NULL, NULL, NULL, NULL
FROM factcheck_citation ci
JOIN factcheck_claim c ON c.id = ci.claim_id
JOIN factcheck_source so ON so.id = ci.source_id
WHERE c.slug = %s AND c.status = 'published'
UNION ALL
SELECT 'appearance', ap.quote, ap.prefix, ap.suffix, a.headline, a.url, o.name, NULL,
       NULL, NULL, NULL, NULL, NULL, NULL
FROM factcheck_claimappearance ap
JOIN factcheck_claim c ON c.id = ap.claim_id
JOIN articles_article a ON a.id = ap.article_id
LEFT JOIN articles_outlet o ON o.id = a.outlet_id
WHERE c.slug = %s AND c.status = 'published'
UNION ALL
SELECT 'correction', u.note, old.label, new.label, NULL, NULL, NULL, NULL,
       NULL, NULL, NULL, NULL, NULL, u.created_at
FROM factcheck_claimupdate u
JOIN factcheck_claim c ON c.id = u.claim_id
LEFT JOIN factcheck_rating old ON old.id = u.old_rating_id
LEFT JOIN factcheck_rating new ON new.id = u.new_rating_id
WHERE c.slug = %s AND c.status = 'published'
"""


# Deep pages, kept counts and broad searches (#18) --------------------------------

# A word in nearly every ruling, one in about a third of the claims.
COMMON_WORDS = ("documents", "generation")


def _position_at(offset: int):
    """The cursor that starts a page ``offset`` rows into the unfiltered list."""
    from factcheck.public.pagination import Position

    when, pk = (
        Claim.objects.published()
        .order_by("-published_at", "-pk")
        # A small archive's middle is its first page: the cursor past its first row.
        .values_list("published_at", "pk")[max(offset, 1) - 1]
    )
    return Position(True, when, pk)


def _largest(field: str):
    """The outlet, story or claimant key with the most published claims."""
    return (
        Claim.objects.published()
        .filter(**{f"{field}__isnull": False})
        .order_by()
        .values_list(field)
        .annotate(n=Count("*"))
        .order_by("-n")
        .values_list(field, flat=True)
        .first()
    )


def _keyset_sql(where: str = "") -> str:
    return (
        "SELECT c.slug, c.statement, c.first_published_at, r.label, r.colour, p.name, "
        f"a.headline, o.name, {_LAST_CORRECTION}"
        f"{_LIST_FROM}WHERE c.status = 'published' {where}\n"
        "AND c.published_at <= %s AND (c.published_at < %s OR c.id < %s)\n"
        "ORDER BY c.published_at DESC, c.id DESC LIMIT %s"
    )


def public_deep_pages(
    samples: Samples, *, repeats: int, claims: int, budget: float | None = None
) -> list[Measure]:
    """The middle of the list by cursor, each filter whose counts are kept,
    and searches for words matching a third to nearly all of the claims."""
    from articles.models import Story
    from factcheck.models import Claimant

    client = Client()
    claims_url = reverse("public:claim_list")
    position = _position_at((samples.deep_page - 1) * PAGE_SIZE)
    at = [position.when, position.when, position.pk, PAGE_SIZE]
    story = Story.objects.get(pk=_largest("article__story"))
    claimant = Claimant.objects.get(pk=_largest("claimant"))
    pages = [
        (
            f"claims list: page {samples.deep_page:,} by cursor",
            f"{claims_url}?{urlencode({'cursor': position.encode()})}",
            _keyset_sql(),
            at,
        ),
        (
            "claims list: outlet filter (kept counts)",
            f"{claims_url}?{urlencode({'outlet': samples.outlet.slug})}",
            list_sql("AND a.outlet_id = %s"),
            [samples.outlet.pk, PAGE_SIZE, 0],
        ),
        (
            "claims list: largest story (kept counts)",
            f"{claims_url}?{urlencode({'story': story.slug})}",
            list_sql("AND a.story_id = %s"),
            [story.pk, PAGE_SIZE, 0],
        ),
        (
            "claims list: busiest claimant (kept counts)",
            f"{claims_url}?{urlencode({'claimant': claimant.slug})}",
            list_sql("AND c.claimant_id = %s"),
            [claimant.pk, PAGE_SIZE, 0],
        ),
        *(
            (f"claims list: search “{word}” (common)", f"{claims_url}?{urlencode({'q': word})}")
            + search_sql(word)
            for word in COMMON_WORDS
        ),
    ]
    measures = []
    for name, url, sql, params in pages:
        run = _measure(client, url, repeats=repeats, budget=budget, uncached=True)
        floor, rows = _floor(sql, params, repeats=repeats, budget=budget)
        measures.append(
            _page_measure(
                "public",
                name,
                run,
                floor_ms=floor.median_ms,
                # The target for every public page, at any size.
                target=Target(max_ms=50, max_ratio=3),
                extra={"url": url, "floor_p95_ms": round(floor.p95_ms, 3), "floor_rows": rows},
            )
        )
    return measures
