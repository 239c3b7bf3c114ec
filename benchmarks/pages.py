"""
Page timings through Django's test ``Client``, in process.

Each page is requested twice untimed (template and content-type caches fill as
in a running server; the second request counts the queries), then
``repeats`` times, public pages with the page cache cleared before every
request: the targets are about rendering, not about serving a stored page
(one cached row shows what a hit costs). A page slower than the time budget
gets fewer timed requests (the JSON says how many), and one whose queries
outlast the budget is cancelled and reported as timed out.

Each public page has two floors (:mod:`benchmarks.report`): the SQL floor,
one hand-written query returning the rows and columns the page shows, run
through ``connection.cursor()`` and fetched, timed the same way; and the
framework floor, those rows rendered into a response of the page's size by a
bench-only view through the same middleware (:mod:`benchmarks.floors`). The
admin pages are requested as a superuser, the claims changelist beside a
plain ``ModelAdmin`` on the same table.

A new page is one call: ``bench.public_page(name, url, sql, params)`` or
``bench.admin_page(name, url)`` on a :class:`Bench`.
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
from django.utils.text import slugify

from articles.models import Article, Outlet
from factcheck.models import Claim, ClaimAppearance, Rating
from factcheck.public.pagination import PAGE_SIZE

from . import archive, floors
from .report import Measure, Stats, Target, sample

# Two words a reader might search for; both occur across many stories.
SEARCH = "Millbrook tunnel"
# A word in about one claim in ten (a place name of the synthetic archive).
COMMON_WORD = "Millbrook"
ADMIN_MAX_MS = 150
# The target for a staff search for a word in one claim out of ten.
ADMIN_SEARCH_MAX_MS = 300
# The targets: a public page within 1.5× its framework floor plus 2×
# its SQL floor, and under 50 ms; the claims changelist within 1.5× a plain
# ModelAdmin on the same table.
FRAMEWORK_FACTOR = 1.5
SQL_FACTOR = 2
PUBLIC_MAX_MS = 50
PEER_FACTOR = 1.5


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


def _floor(sql, params, *, repeats, budget) -> tuple[Stats, list]:
    """The SQL floor's timings, and the rows it fetches."""
    fetched = []

    def fetch():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            fetched[:] = cursor.fetchall()

    return sample(fetch, repeats=repeats, budget=budget), fetched


@dataclasses.dataclass
class Bench:
    """What every measured page shares: the client, how many requests, the budget.

    A page is measured by one call: :meth:`public_page` for a public page
    (beside its SQL floor and its framework floor, against the issue's
    target), :meth:`admin_page` for a staff page (optionally beside a peer).
    """

    client: Client
    repeats: int
    budget: float | None = None
    # The public pages' target: within FRAMEWORK_FACTOR × the framework floor
    # plus SQL_FACTOR × the SQL floor, and under max_ms.
    max_ms: float = PUBLIC_MAX_MS

    def public_page(self, name: str, url: str, sql: str, params: list) -> Measure:
        """``url`` uncached beside the SQL floor ``sql`` and its framework floor."""
        run = _measure(self.client, url, repeats=self.repeats, budget=self.budget, uncached=True)
        floor, rows = _floor(sql, params, repeats=self.repeats, budget=self.budget)
        framework, size = self.framework_floor(name, url, rows)
        return _page_measure(
            "public",
            name,
            run,
            floor_ms=floor.median_ms,
            framework_ms=framework.median_ms,
            target=Target(
                max_ms=self.max_ms, framework_factor=FRAMEWORK_FACTOR, sql_factor=SQL_FACTOR
            ),
            extra={
                "url": url,
                "floor_p95_ms": round(floor.p95_ms, 3),
                "floor_rows": len(rows),
                "framework_p95_ms": round(framework.p95_ms, 3),
                "bytes": size,
            },
        )

    def framework_floor(self, name: str, url: str, rows: list) -> tuple[Stats, int]:
        """The framework floor of the page at ``url`` and the page's size in
        bytes: ``rows`` rendered through the same stack into a response of
        that size (:mod:`.floors`)."""
        cache.clear()
        size = len(_get(self.client, url).content)
        key = slugify(name) or "page"
        floor = floors.FLOORS[key] = floors.Floor(rows=[[str(c) for c in row] for row in rows])
        floor_url = reverse("bench_floor", args=[key])
        floor.padding = "x" * max(0, size - len(_get(self.client, floor_url).content))
        stats = sample(
            lambda: _get(self.client, floor_url), repeats=self.repeats, budget=self.budget
        )
        return stats, size

    def admin_page(
        self, name: str, url: str, *, peer_url: str | None = None, max_ms: float = ADMIN_MAX_MS
    ) -> Measure:
        """A staff page (the client logged in), beside ``peer_url`` when given."""
        run = _measure(self.client, url, repeats=self.repeats, budget=self.budget, uncached=False)
        extra = {"url": url}
        peer_ms = None
        if peer_url is not None:
            peer = _measure(
                self.client, peer_url, repeats=self.repeats, budget=self.budget, uncached=False
            )
            peer_ms = peer.stats.median_ms
            extra |= {"peer_url": peer_url, "peer_queries": peer.queries}
        target = (
            Target(max_ms=max_ms, peer_factor=PEER_FACTOR) if peer_url else Target(max_ms=max_ms)
        )
        return _page_measure("admin", name, run, peer_ms=peer_ms, target=target, extra=extra)


def public_pages(
    samples: Samples, *, repeats: int, claims: int, budget: float | None = None
) -> list[Measure]:
    bench = Bench(Client(), repeats, budget)
    claims_url = reverse("public:claim_list")
    offset = (samples.deep_page - 1) * PAGE_SIZE
    filters = {"verdict": samples.rating.slug, "outlet": samples.outlet.slug}
    measures = [
        bench.public_page("claims list: first page", claims_url, list_sql(), [PAGE_SIZE, 0]),
        bench.public_page(
            f"claims list: page {samples.deep_page:,} (middle)",
            f"{claims_url}?page={samples.deep_page}",
            list_sql(),
            [PAGE_SIZE, offset],
        ),
        bench.public_page(
            "claims list: verdict + outlet filters",
            f"{claims_url}?{urlencode(filters)}",
            list_sql("AND c.rating_id = %s AND a.outlet_id = %s"),
            [samples.rating.pk, samples.outlet.pk, PAGE_SIZE, 0],
        ),
        bench.public_page(
            f"claims list: search “{SEARCH}”",
            f"{claims_url}?{urlencode({'q': SEARCH})}",
            *search_sql(SEARCH),
        ),
        bench.public_page(
            "claim page",
            reverse("public:claim_detail", args=[samples.claim_slug]),
            claim_page_sql(),
            [samples.claim_slug] * 4,
        ),
        bench.public_page("/api/claims/", reverse("public:api_claims"), api_sql(), [PAGE_SIZE, 0]),
    ]
    # A stored page, for comparison: one cache read and no rendering.
    run = _measure(bench.client, claims_url, repeats=repeats, budget=budget, uncached=False)
    measures.append(
        _page_measure(
            "public", "claims list: first page, from the page cache", run, extra={"url": claims_url}
        )
    )
    return measures


def admin_pages(samples: Samples, *, repeats: int, budget: float | None = None) -> list[Measure]:
    client = Client()
    client.force_login(samples.superuser)
    bench = Bench(client, repeats, budget)
    changelist = reverse("admin:factcheck_claim_changelist")
    filters = {"status__exact": "published", "rating__id__exact": samples.rating.pk}
    return [
        bench.admin_page(
            "claims changelist (peer: a plain ModelAdmin)",
            changelist,
            peer_url=reverse("benchpeer:factcheck_claim_changelist"),
        ),
        bench.admin_page(
            "claims changelist: status + verdict filters", f"{changelist}?{urlencode(filters)}"
        ),
        bench.admin_page(
            f"claims changelist: search “{SEARCH}”", f"{changelist}?{urlencode({'q': SEARCH})}"
        ),
        bench.admin_page(
            f"claims changelist: search “{COMMON_WORD}” (~1 claim in 10)",
            f"{changelist}?{urlencode({'q': COMMON_WORD})}",
            max_ms=ADMIN_SEARCH_MAX_MS,
        ),
        bench.admin_page(
            f"claims changelist: search “{COMMON_WORD}”, page 2",
            f"{changelist}?{urlencode({'q': COMMON_WORD, 'p': 2})}",
            max_ms=ADMIN_SEARCH_MAX_MS,
        ),
        bench.admin_page(
            f"article page with {samples.showcase_claims} claims",
            reverse("admin:articles_article_change", args=[samples.showcase.pk]),
        ),
    ]


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
    # Each beside its SQL floor and framework floor, against the target.
    bench = Bench(client, repeats, budget)
    return [bench.public_page(name, url, sql, params) for name, url, sql, params in pages]
