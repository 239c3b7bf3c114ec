import datetime

import pytest
from django.urls import reverse

from factcheck.public.pagination import MAX_PAGE_SIZE

from .conftest import queries

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
API = reverse("public:api_claims")


def test_api_returns_the_published_claims_with_their_public_fields(client, desk, published):
    desk.draft(statement="A draft the API must not return.")

    response = client.get(API)

    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert data["count"] == 3
    assert [c["slug"] for c in data["results"]] == [c.slug for c in reversed(published)]
    first = data["results"][0]
    claim = published[-1]
    assert first["statement"] == claim.statement
    assert first["url"] == f"http://testserver{reverse('public:claim_detail', args=[claim.slug])}"
    assert first["verdict"] == {
        "label": "False",
        "slug": "false",
        "value": 1,
        "definition": "The statement is not accurate.",
    }
    assert first["article"]["outlet"] == claim.article.outlet.name
    assert first["article"]["url"] == claim.article.url
    assert set(first) == {
        "slug",
        "url",
        "statement",
        "kind",
        "claimed_on",
        "claimant",
        "verdict",
        "ruling",
        "tags",
        "article",
        "first_published_at",
        "updated_at",
    }
    assert b"A draft the API must not return." not in response.content


def test_api_pages_with_links_that_keep_the_filters(client, desk):
    for _ in range(5):
        desk.publish()

    data = client.get(API, {"per_page": 2, "kind": "event"}).json()

    assert (data["count"], data["pages"], data["per_page"]) == (5, 3, 2)
    assert data["previous"] is None
    # Parameters in name order, as the page cache keys them.
    assert data["next"] == "http://testserver/api/claims/?kind=event&per_page=2&page=2"
    second = client.get(data["next"]).json()
    # The first page without a number: the address the page cache keys it by.
    assert second["previous"] == "http://testserver/api/claims/?kind=event&per_page=2"
    last = client.get(second["next"]).json()
    assert len(last["results"]) == 1
    assert last["next"] is None
    seen = {c["slug"] for page in (data, second, last) for c in page["results"]}
    assert len(seen) == 5
    assert client.get(API, {"per_page": 5000}).json()["per_page"] == MAX_PAGE_SIZE


def test_api_takes_the_same_filters_as_the_page(client, desk, clock):
    clock.set(datetime.datetime(2026, 5, 1, tzinfo=UTC))
    old = desk.publish(ready={"rating": "true"}, statement="Ferries run every hour.")
    clock.set(datetime.datetime(2026, 5, 9, tzinfo=UTC))
    new = desk.publish(ready={"rating": "false"}, statement="Trams run every minute.")

    def slugs(**params):
        return [c["slug"] for c in client.get(API, params).json()["results"]]

    assert slugs(verdict="true") == [old.slug]
    assert slugs(outlet=new.article.outlet.slug) == [new.slug]
    assert slugs(story=old.article.story.slug) == [old.slug]
    assert slugs(published_after="2026-05-05") == [new.slug]
    assert slugs(q="ferries") == [old.slug]
    assert slugs(sort="oldest") == [old.slug, new.slug]


def test_api_refuses_invalid_filters_with_the_reasons(client, published):
    response = client.get(API, {"verdict": "nope", "kind": "rumour"})

    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {"verdict", "kind"}


# Queries, whatever the page size:
#  1. the count (pagination)
#  2. the page of claims with rating, claimant, article, outlet and story
#  3. their tags (prefetch)
# With a value in each choice filter, each is looked up once more. A search
# finds its newest matches' keys first (one query), and its page's keys are
# ranked before its rows are read (one more).
@pytest.mark.parametrize("rows", [3, 25])
def test_api_query_count_does_not_grow_with_the_page(client, desk, rows):
    claims = [desk.publish() for _ in range(rows)]
    outlet = claims[0].article.outlet.slug
    for n, claim in enumerate(claims):
        desk.tag(claim, "Budget", f"Topic {n}")

    with queries(3):
        data = client.get(API, {"per_page": 100}).json()
    assert len(data["results"]) == rows

    with queries(7):
        data = client.get(API, {"verdict": "false", "outlet": outlet, "q": "council"}).json()
    assert [c["slug"] for c in data["results"]] == [claims[0].slug]
