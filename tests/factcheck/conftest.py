import datetime

import pytest
from django.utils import timezone

from articles import services as article_services
from factcheck import services
from factcheck.models import Rating, Stance
from tests.factories import ArticleFactory, SourceFactory

BODY = (
    "The mayor said the bridge cost $4 million.\n\n"
    "“We finished it in 2019,” the mayor told reporters on Monday."
)


@pytest.fixture
def article(db):
    return ArticleFactory(body=BODY, raw_input=BODY)


@pytest.fixture
def rating(db):
    services.ratings_install_default()
    return Rating.objects.get(slug="false")


@pytest.fixture
def claim(article, fact_checker):
    return services.claim_create(
        article=article,
        quote="the bridge cost $4 million",
        statement="The bridge cost $4 million.",
        acting_user=fact_checker,
    )


@pytest.fixture
def ready_claim(claim, fact_checker, rating):
    """A claim with a verdict, ruling and source, submitted for review."""
    claim = services.claim_update(
        claim=claim,
        expected_version=claim.version,
        acting_user=fact_checker,
        rating=rating,
        ruling="City accounts show the bridge cost $6.2 million.",
    )
    services.citation_add(
        claim=claim, source=SourceFactory(), stance=Stance.CONTRADICTS, acting_user=fact_checker
    )
    return services.claim_submit(claim=claim, acting_user=fact_checker)


@pytest.fixture
def seed_story(seeds_dir):
    """The demo story of ``seeds/``, imported."""
    story = article_services.story_get_or_create(spec=article_services.read_manifest(seeds_dir))
    article_services.articles_import(
        inputs=article_services.inputs_from_folder(seeds_dir), story=story
    )
    return story


# A Monday morning, UTC.
START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


class Clock:
    """A frozen clock for everything that asks ``django.utils.timezone.now()``:
    the services, ``auto_now`` fields, the task queue's "ready" query."""

    def __init__(self, now):
        self.now = now

    def __call__(self):
        return self.now

    def advance(self, delta):
        self.now += delta


@pytest.fixture
def clock(monkeypatch):
    """The time stands at :data:`START` until the test moves it on."""
    frozen = Clock(START)
    monkeypatch.setattr(timezone, "now", frozen)
    return frozen
