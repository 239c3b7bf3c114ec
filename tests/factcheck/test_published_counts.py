"""Each verdict's count of published claims (Rating.published_claims), kept by
the claim services, and what the public sees of it."""

import threading

import pytest
from django.db import connection, transaction
from django.urls import reverse

from factcheck import services
from factcheck.models import Claim, Rating, Stance
from tests.factories import ArticleFactory, SourceFactory

pytestmark = pytest.mark.django_db


def kept():
    return {
        rating.slug: rating.published_claims
        for rating in Rating.objects.all()
        if rating.published_claims
    }


def counted():
    counts = Claim.objects.published().verdict_counts()
    return {
        rating.slug: counts[rating.pk] for rating in Rating.objects.all() if counts.get(rating.pk)
    }


@pytest.fixture
def publish(fact_checker, editor, rating):
    """Publish a new claim with the verdict ``slug``."""

    def publish(slug="false", statement="The bridge cost $4 million."):
        article = ArticleFactory(body=f"The mayor said {statement.lower()}")
        claim = services.claim_create(
            article=article,
            quote=statement.lower()[:-1],
            statement=statement,
            acting_user=fact_checker,
        )
        claim = services.claim_update(
            claim=claim,
            expected_version=claim.version,
            acting_user=fact_checker,
            rating=Rating.objects.get(slug=slug),
            ruling="Accounts show otherwise.",
        )
        services.citation_add(
            claim=claim, source=SourceFactory(), stance=Stance.CONTRADICTS, acting_user=fact_checker
        )
        claim = services.claim_submit(claim=claim, acting_user=fact_checker)
        return services.claim_publish(claim=claim, acting_user=editor)

    return publish


def test_publishing_correcting_and_unpublishing_move_the_counts(publish, editor):
    first = publish("false")
    publish("false")
    publish("true")
    assert kept() == counted() == {"false": 2, "true": 1}

    services.claim_correct(
        claim=first,
        note="The audit changed our verdict.",
        rating=Rating.objects.get(slug="half-true"),
        acting_user=editor,
    )
    assert kept() == counted() == {"false": 1, "true": 1, "half-true": 1}

    first.refresh_from_db()
    services.claim_unpublish(claim=first, note="Withdrawn while we recheck.", acting_user=editor)
    assert kept() == counted() == {"false": 1, "true": 1}


def test_edits_that_leave_the_verdict_alone_leave_the_counts_alone(publish, editor):
    claim = publish("false")
    services.claim_correct(
        claim=claim, note="A typo in the ruling.", ruling="Accounts show $6m.", acting_user=editor
    )

    assert kept() == counted() == {"false": 1}


def test_a_published_claim_deleted_past_the_services_leaves_the_count(publish):
    # The admin refuses to delete a published claim; a shell or a script may not.
    claim = publish("false")
    publish("false")

    Claim.objects.filter(pk=claim.pk).delete()

    assert kept() == counted() == {"false": 1}


def test_a_recount_repairs_counts_written_past_the_services(publish):
    publish("false")
    Rating.objects.filter(slug="false").update(published_claims=40)

    with transaction.atomic():
        services.published_verdicts_recount()

    assert kept() == counted() == {"false": 1}


def test_the_public_list_and_api_show_the_counts_of_what_is_listed(client, publish):
    publish("false", "The bridge cost $4 million.")
    publish("false", "The tunnel cost $9 million.")
    publish("true", "The ferry runs hourly.")

    page = client.get(reverse("public:claim_list")).content.decode()
    api = client.get(reverse("public:api_claims")).json()
    one_verdict = client.get(reverse("public:api_claims"), {"verdict": "false"}).json()

    assert "3 fact-checks" in page
    assert api["count"] == len(api["results"]) == 3
    assert one_verdict["count"] == len(one_verdict["results"]) == 2


@pytest.mark.django_db(transaction=True)
def test_simultaneous_publications_are_both_counted(publish, fact_checker, editor):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers itself")
    first, second = publish("false"), publish("false")
    for claim in (first, second):
        services.claim_unpublish(claim=claim, note="Rechecking.", acting_user=editor)
        claim.refresh_from_db()
        services.claim_submit(claim=claim, acting_user=fact_checker)
    assert kept() == {}
    both_ready = threading.Barrier(2, timeout=10)
    errors = []

    def publish_again(pk):
        try:
            with transaction.atomic():
                claim = Claim.objects.get(pk=pk)
                both_ready.wait()
                services.claim_publish(claim=claim, acting_user=editor)
        except Exception as exc:  # noqa: BLE001 (reported below)
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=publish_again, args=(c.pk,)) for c in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)

    assert errors == []
    assert kept() == counted() == {"false": 2}
