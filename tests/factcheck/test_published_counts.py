"""Each verdict's count of published claims (Rating.published_claims), kept by
the claim services, and what the public sees of it."""

import threading

import pytest
from django.db import connection, transaction
from django.db.models import Count
from django.urls import reverse

from articles import services as articles_services
from articles.models import Story
from factcheck import services
from factcheck.models import Claim, PublishedCount, Rating, Stance
from tests.factories import ArticleFactory, SourceFactory, StoryFactory

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


# Each outlet's, story's and claimant's counts (PublishedCount) ---------------------


def slices_kept():
    return {
        (row.slice, row.key, Rating.objects.get(pk=row.rating_id).slug): row.claims
        for row in PublishedCount.objects.all()
        if row.claims
    }


def slices_counted():
    published = Claim.objects.published().filter(rating__isnull=False)
    counted = {}
    for slice_, field in (
        ("outlet", "article__outlet"),
        ("story", "article__story"),
        ("claimant", "claimant"),
    ):
        for key, slug, n in (
            published.filter(**{f"{field}__isnull": False})
            .order_by()
            .values_list(field, "rating__slug")
            .annotate(n=Count("*"))
        ):
            counted[(slice_, key, slug)] = n
    return counted


def assert_exact():
    assert slices_kept() == slices_counted()
    assert kept() == counted()


@pytest.fixture
def publish_in(fact_checker, editor, publish):
    """Publish a claim of verdict ``slug`` on ``article``, said by ``claimant``."""

    def publish_in(article, slug="false", claimant=None):
        claim = services.claim_create(
            article=article,
            quote="the bridge cost",
            statement="The bridge cost $4m.",
            acting_user=fact_checker,
        )
        claim = services.claim_update(
            claim=claim,
            expected_version=claim.version,
            acting_user=fact_checker,
            rating=Rating.objects.get(slug=slug),
            ruling="Accounts show otherwise.",
            claimant=claimant,
        )
        services.citation_add(
            claim=claim, source=SourceFactory(), stance=Stance.CONTRADICTS, acting_user=fact_checker
        )
        claim = services.claim_submit(claim=claim, acting_user=fact_checker)
        return services.claim_publish(claim=claim, acting_user=editor)

    return publish_in


@pytest.fixture
def article():
    return ArticleFactory(body="The mayor said the bridge cost $4m.")


def test_the_slice_counts_follow_publication_correction_and_retraction(
    publish_in, article, editor, fact_checker
):
    claimant = services.claimant_create(name="Ann Mayor", acting_user=editor)
    first = publish_in(article, "false", claimant)
    publish_in(article, "false")
    publish_in(ArticleFactory(outlet=article.outlet, body="The bridge cost $4m."), "true")
    assert_exact()
    assert slices_kept()[("outlet", article.outlet_id, "false")] == 2
    assert slices_kept()[("claimant", claimant.pk, "false")] == 1

    services.claim_correct(
        claim=first,
        note="The audit changed our verdict.",
        rating=Rating.objects.get(slug="half-true"),
        acting_user=editor,
    )
    assert_exact()
    assert ("claimant", claimant.pk, "false") not in slices_kept()

    first.refresh_from_db()
    services.claim_unpublish(claim=first, note="Withdrawn while we recheck.", acting_user=editor)
    assert_exact()
    assert ("claimant", claimant.pk, "half-true") not in slices_kept()


def test_a_claim_given_another_claimant_moves_between_their_counts(
    publish_in, article, editor, fact_checker
):
    ann = services.claimant_create(name="Ann Mayor", acting_user=editor)
    bob = services.claimant_create(name="Bob Council", acting_user=editor)
    claim = publish_in(article, "false", ann)
    claim.refresh_from_db()
    services.claim_unpublish(claim=claim, note="Wrong speaker.", acting_user=editor)
    claim.refresh_from_db()
    claim = services.claim_update(
        claim=claim, expected_version=claim.version, acting_user=fact_checker, claimant=bob
    )
    assert_exact()
    claim = services.claim_submit(claim=claim, acting_user=fact_checker)
    services.claim_publish(claim=claim, acting_user=editor)

    assert_exact()
    assert slices_kept() == {
        ("outlet", article.outlet_id, "false"): 1,
        ("story", article.story_id, "false"): 1,
        ("claimant", bob.pk, "false"): 1,
    }


def test_an_article_filed_under_another_story_and_outlet_moves_its_claims(
    publish_in, article, editor
):
    publish_in(article, "false")
    publish_in(article, "true")
    old_story, old_outlet = article.story_id, article.outlet_id
    elsewhere = StoryFactory()

    article.refresh_from_db()
    articles_services.article_correct(
        article=article,
        acting_user=editor,
        expected_updated_at=article.updated_at,
        story=elsewhere,
        outlet="The Other Paper",
    )

    assert_exact()
    kept_now = slices_kept()
    assert ("story", old_story, "false") not in kept_now
    assert ("outlet", old_outlet, "true") not in kept_now
    assert kept_now[("story", elsewhere.pk, "false")] == 1


def test_a_deleted_story_takes_its_counts_and_a_deleted_claim_its_own(publish_in, article):
    claim = publish_in(article, "false")
    publish_in(ArticleFactory(body="The bridge cost $4m."), "false")

    Story.objects.filter(pk=article.story_id).delete()
    assert_exact()
    # Past the services, as a shell would.
    Claim.objects.filter(pk=claim.pk).delete()
    assert_exact()


def test_a_recount_rebuilds_the_slice_counts(publish_in, article):
    publish_in(article, "false")
    PublishedCount.objects.update(claims=40)
    PublishedCount.objects.create(slice="story", key=999, rating=Rating.objects.first(), claims=3)

    with transaction.atomic():
        services.published_verdicts_recount()

    assert_exact()


def test_the_list_filtered_by_outlet_reads_its_kept_counts(client, publish_in, article):
    publish_in(article, "false")
    publish_in(article, "false")
    publish_in(article, "true")
    publish_in(ArticleFactory(body="The bridge cost $4m."), "false")
    # Kept counts that disagree with the claims: the page must show these.
    PublishedCount.objects.filter(slice="outlet", key=article.outlet_id).update(claims=7)

    page = client.get(reverse("public:claim_list"), {"outlet": article.outlet.slug})
    api = client.get(reverse("public:api_claims"), {"outlet": article.outlet.slug}).json()

    assert "14 fact-checks" in page.content.decode()
    assert api["count"] == 14
