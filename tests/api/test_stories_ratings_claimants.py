import pytest
from django.urls import reverse

from factcheck import services
from factcheck.models import Discrepancy, Rating
from tests.factories import StoryFactory

from .conftest import queries

pytestmark = pytest.mark.django_db

STORIES = reverse("api:story-list")
RATINGS = reverse("api:rating-list")
CLAIMANTS = reverse("api:claimant-list")


def story_of(desk, **fields):
    """A story holding one published claim."""
    story = StoryFactory(**fields)
    claim = desk.publish(article=desk.article(story=story))
    return story, claim


# Stories ----------------------------------------------------------------------------


def test_stories_lists_only_stories_the_public_may_see(client, desk):
    seen, _ = story_of(desk, title="Harbour fire")
    StoryFactory(title="A story the desk is only looking into")

    data = client.get(STORIES).json()

    assert [s["title"] for s in data["results"]] == ["Harbour fire"]
    story = data["results"][0]
    assert story["url"] == f"http://testserver{reverse('public:story_detail', args=[seen.slug])}"
    assert story["api_url"] == f"http://testserver{reverse('api:story-detail', args=[seen.slug])}"


def test_a_story_shows_its_public_reports_claims_and_resolved_discrepancies(client, desk):
    story, claim = story_of(desk, title="Harbour fire")
    second = desk.article(story=story, quote="the fire started at 9 pm")
    desk.article(story=story, headline="An imported report no published work cites")
    desk.discrepancy(
        story,
        [claim.article, second],
        title="When did the fire start?",
        quotes=[claim.quote, "the fire started at 9 pm"],
        status=Discrepancy.Status.RESOLVED,
    )
    desk.discrepancy(
        story,
        [claim.article, second],
        title="An open question",
        quotes=["The mayor said", "The mayor said"],
    )

    data = client.get(reverse("api:story-detail", args=[story.slug])).json()

    assert [c["slug"] for c in data["claims"]] == [claim.slug]
    assert data["claims"][0]["verdict"]["slug"] == "false"
    assert {r["headline"] for r in data["reports"]} == {claim.article.headline, second.headline}
    [resolved] = data["discrepancies"]
    assert resolved["title"] == "When did the fire start?"
    assert resolved["resolution"] == "The official schedule shows Tuesday."


def test_a_story_with_only_drafts_is_a_json_404(client, desk):
    story = StoryFactory(title="Private")
    desk.draft(article=desk.article(story=story))

    response = client.get(reverse("api:story-detail", args=[story.slug]))

    assert response.status_code == 404
    assert response.json()["status"] == 404


# Queries: the count, then the page of stories (each asks in a subquery after
# its published claims and public discrepancies).
@pytest.mark.parametrize("rows", [2, 6])
def test_story_list_query_count_does_not_grow(client, desk, rows):
    for _ in range(rows):
        story_of(desk)

    with queries(2):
        data = client.get(STORIES).json()
    assert data["count"] == rows


# Queries: the story, its public reports, its published claims (with their
# verdict), its public discrepancies.
@pytest.mark.parametrize("claims", [1, 4])
def test_story_detail_query_count_does_not_grow(client, desk, claims):
    story, _ = story_of(desk)
    for _ in range(claims - 1):
        desk.publish(article=desk.article(story=story))

    with queries(4):
        data = client.get(reverse("api:story-detail", args=[story.slug])).json()
    assert len(data["claims"]) == len(data["reports"]) == claims


# The rating scale -------------------------------------------------------------------


def test_ratings_give_the_scale_truest_first_with_counts_and_links(client, desk, published):
    data = client.get(RATINGS).json()

    assert [r["slug"] for r in data][:5] == [
        "true",
        "mostly-true",
        "half-true",
        "mostly-false",
        "false",
    ]
    false = next(r for r in data if r["slug"] == "false")
    assert false["published_claims"] == 3
    assert false["claims"] == "http://testserver/api/v1/claims/?verdict=false"
    assert len(client.get(false["claims"]).json()["results"]) == 3


def test_a_retired_verdict_is_listed_only_while_published_claims_carry_it(client, desk, superuser):
    desk.publish(ready={"rating": "misquoted"})
    carried = Rating.objects.get(slug="misquoted")
    services.rating_update(rating=carried, acting_user=superuser, is_active=False)
    unused = Rating.objects.get(slug="half-true")
    services.rating_update(rating=unused, acting_user=superuser, is_active=False)

    listed = {r["slug"]: r["is_active"] for r in client.get(RATINGS).json()}

    assert listed["misquoted"] is False
    assert "half-true" not in listed


# Queries: the ratings alone; their counts are kept on each rating.
def test_ratings_take_one_query(client, published):
    with queries(1):
        data = client.get(RATINGS).json()
    assert len(data) >= 5


# Claimants --------------------------------------------------------------------------


def test_claimants_lists_those_with_published_claims(client, desk):
    said = services.claimant_find_or_create(name="Mayor Jane Roe", acting_user=desk.checker)
    quiet = services.claimant_find_or_create(name="Quiet Councillor", acting_user=desk.checker)
    desk.publish(claimant=said)
    desk.draft(claimant=quiet)

    data = client.get(CLAIMANTS).json()

    assert [c["name"] for c in data["results"]] == ["Mayor Jane Roe"]
    listed = data["results"][0]
    assert listed["claims"] == f"http://testserver/api/v1/claims/?claimant={said.slug}"
    assert client.get(listed["api_url"]).json()["name"] == "Mayor Jane Roe"
    assert client.get(reverse("api:claimant-detail", args=[quiet.slug])).status_code == 404


# Queries: the count, then the page of claimants; one claimant, one query.
@pytest.mark.parametrize("rows", [2, 6])
def test_claimant_queries_do_not_grow(client, desk, rows):
    claimants = [
        services.claimant_find_or_create(name=f"Speaker {n}", acting_user=desk.checker)
        for n in range(rows)
    ]
    for claimant in claimants:
        desk.publish(claimant=claimant)

    with queries(2):
        data = client.get(CLAIMANTS).json()
    assert data["count"] == rows
    with queries(1):
        client.get(reverse("api:claimant-detail", args=[claimants[0].slug]))
