"""
Published work for the public site's tests, made the way the newsroom makes it:
a fact-checker drafts a claim on a passage, gives the verdict and ruling, cites
a source and submits; another person, an editor, publishes. Outlets, stories,
articles and sources are plain rows from the factories.
"""

import contextlib
import datetime
import itertools

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import services as article_services
from articles.models import Tag
from factcheck import services
from factcheck.models import Discrepancy, Rating, Stance
from factcheck.services import PassageSpec
from tests.factories import ArticleFactory, SourceFactory

_serial = itertools.count(1)


@pytest.fixture(autouse=True)
def private_cache(settings):
    """Each test gets an empty in-process cache, so query counts show the pages'
    own queries; test_caching.py checks the shared database cache itself."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "public-site-tests",
        }
    }
    cache.clear()
    yield
    cache.clear()


@contextlib.contextmanager
def queries(expected):
    """Assert the block runs ``expected`` queries; on failure, print them."""
    with CaptureQueriesContext(connection) as context:
        yield context
    if len(context) != expected:
        sql = "\n\n".join(f"{n}. {q['sql']}" for n, q in enumerate(context.captured_queries, 1))
        pytest.fail(f"{len(context)} queries, expected {expected}:\n\n{sql}", pytrace=False)


@pytest.fixture
def clock(monkeypatch):
    """``clock.set(datetime)`` fixes what ``timezone.now()`` returns, so work can
    be published on chosen dates through the ordinary services."""

    class Clock:
        now = None

        def set(self, when):
            self.now = when

        def advance(self, **delta):
            self.now += datetime.timedelta(**delta)

    fixed = Clock()
    real_now = timezone.now
    monkeypatch.setattr(timezone, "now", lambda: fixed.now or real_now())
    return fixed


class Desk:
    """The newsroom at work: one fact-checker drafts, one editor publishes."""

    def __init__(self, checker, editor):
        self.checker = checker
        self.editor = editor

    def article(self, *, quote=None, body=None, **fields):
        n = next(_serial)
        quote = quote or f"the council spent {n} million on roads"
        body = body or (
            f"Report number {n} opens with background that only the original report carries.\n\n"
            f"The mayor said {quote} during the meeting, according to officials.\n\n"
            f"Closing paragraph {n} of the report that must never be reproduced in full."
        )
        fields.setdefault("url", f"https://news.example.com/reports/{n}")
        return ArticleFactory(body=body, raw_input=body, **fields)

    def draft(self, *, article=None, quote=None, statement=None, **fields):
        article = article or self.article(quote=quote)
        quote = quote or self._quote_in(article)
        n = next(_serial)
        return services.claim_create(
            article=article,
            quote=quote,
            statement=statement or f"The council spent money on roads (claim {n}).",
            acting_user=self.checker,
            **fields,
        )

    @staticmethod
    def _quote_in(article):
        start = article.body.index("The mayor said ") + len("The mayor said ")
        return article.body[start : article.body.index(" during the meeting")]

    def ready(
        self,
        claim,
        *,
        rating="false",
        ruling="City accounts show a different figure.",
        source=None,
        stance=Stance.CONTRADICTS,
        excerpt="",
        citation_note="",
    ):
        """Verdict, ruling and a source, then submitted for review."""
        claim = services.claim_update(
            claim=claim,
            expected_version=claim.version,
            acting_user=self.checker,
            rating=Rating.objects.get(slug=rating),
            ruling=ruling,
        )
        services.citation_add(
            claim=claim,
            source=source or SourceFactory(),
            stance=stance,
            excerpt=excerpt,
            note=citation_note,
            acting_user=self.checker,
        )
        return services.claim_submit(claim=claim, acting_user=self.checker)

    def publish(self, claim=None, *, ready=None, **draft_fields):
        """A published claim: drafted (unless given), made ready, published."""
        claim = claim or self.draft(**draft_fields)
        claim = self.ready(claim, **(ready or {}))
        return services.claim_publish(claim=claim, acting_user=self.editor)

    def tag(self, claim, *names):
        """File ``claim`` under the tags ``names`` (made when new), as an editor would."""
        tags = [
            Tag.objects.filter(name=name).first()
            or article_services.tag_create(name=name, acting_user=self.editor)
            for name in names
        ]
        claim.refresh_from_db()
        return services.claim_set_tags(claim=claim, tags=tags, acting_user=self.editor)

    def correct(self, claim, *, note, **changes):
        if "rating" in changes:
            changes["rating"] = Rating.objects.get(slug=changes["rating"])
        claim.refresh_from_db()
        return services.claim_correct(claim=claim, note=note, acting_user=self.editor, **changes)

    def unpublish(self, claim, *, note):
        claim.refresh_from_db()
        return services.claim_unpublish(claim=claim, note=note, acting_user=self.editor)

    def discrepancy(
        self, story, reports, *, title, quotes, kind=Discrepancy.Kind.DATE, notes="", status=None
    ):
        """A discrepancy between ``reports`` on ``quotes``; ``status`` "resolved" or
        "not_conflict" closes it with a resolution and a cited source."""
        discrepancy = services.discrepancy_create(
            story=story,
            title=title,
            kind=kind,
            passages=[
                PassageSpec(article=report, quote=quote)
                for report, quote in zip(reports, quotes, strict=True)
            ],
            notes=notes,
            acting_user=self.checker,
        )
        if status == Discrepancy.Status.RESOLVED:
            services.discrepancy_cite(
                discrepancy=discrepancy,
                source=SourceFactory(title="Official schedule"),
                stance=Stance.SUPPORTS,
                excerpt="The event took place on Tuesday.",
                acting_user=self.checker,
            )
            discrepancy.refresh_from_db()
            return services.discrepancy_resolve(
                discrepancy=discrepancy,
                resolution="The official schedule shows Tuesday.",
                acting_user=self.editor,
            )
        if status == Discrepancy.Status.NOT_CONFLICT:
            return services.discrepancy_mark_not_conflict(
                discrepancy=discrepancy,
                resolution="Both dates are right in their own time zones.",
                acting_user=self.editor,
            )
        return discrepancy


@pytest.fixture
def desk(fact_checker, editor):
    return Desk(fact_checker, editor)


@pytest.fixture
def published(desk):
    """Three published claims on three articles, oldest first."""
    return [desk.publish() for _ in range(3)]


def published_claims(desk, count):
    return [desk.publish() for _ in range(count)]
