"""
The public site's canary (tests/public/test_leaks.py: one unique string in
every field the public must never see) searched for in every answer of the API.
"""

import pytest
from django.urls import reverse

from factcheck.models import Claimant
from tests.public.test_leaks import CANARY, newsroom

pytestmark = pytest.mark.django_db

__all__ = ["newsroom"]

# Names the API must never document or return, whatever their value.
INTERNAL_FIELDS = {
    "notes",
    "assignee",
    "priority",
    "created_by",
    "resolved_by",
    "raw_input",
    "body",
    "explanation",
    "score",
    "fingerprint",
    "version",
    "origin",
    "review_comments",
}


def api_addresses(newsroom):
    claim = newsroom["published"][0]
    filters = [
        "",
        "verdict=mostly-true",
        "outlet=port-times",
        "story=trade-figures",
        "claimant=trade-minister",
        "kind=event",
        "published_after=2000-01-01&published_before=2100-01-01",
        "sort=verdict",
        "q=exports",
        "q=minister",
        "per_page=1&page=2",
        "outlet=hidden-outlet&story=hidden-story",
        "verdict=no-such-verdict&published_after=not-a-date",
        "page=999",
    ]
    urls = []
    for query in filters:
        urls.append(f"{reverse('api:claim-list')}?{query}")
        urls.append(f"{reverse('api:claim-csv')}?{query}")
    urls += [reverse("api:claim-detail", args=[c.slug]) for c in newsroom["published"]]
    urls += [reverse("api:claim-detail", args=[c.slug]) for c in newsroom["drafts"]]
    urls += [reverse("api:claim-detail", args=[newsroom["withdrawn"].slug])]
    urls += [
        reverse("api:story-list"),
        reverse("api:story-detail", args=[newsroom["story"].slug]),
        reverse("api:story-detail", args=[newsroom["hidden_story"].slug]),
        reverse("api:rating-list"),
        reverse("api:claimant-list"),
        reverse("api:schema"),
        reverse("api:docs"),
        "/api/v1/no-such-endpoint/",
    ]
    urls += [reverse("api:claimant-detail", args=[c.slug]) for c in Claimant.objects.all()]
    assert claim.slug in " ".join(urls)
    return urls


def body_of(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8-sig")


def test_no_internal_field_reaches_any_api_answer(client, newsroom):
    statuses = {}
    for url in api_addresses(newsroom):
        response = client.get(url)
        statuses[url] = response.status_code
        assert CANARY.lower() not in body_of(response).lower(), f"{url} shows the canary"
        assert CANARY.lower() not in str(response.headers).lower(), f"{url} headers carry it"

    # The answers were not all refusals: the public work is there.
    assert sum(1 for status in statuses.values() if status == 200) >= 25
    assert statuses[reverse("api:claim-detail", args=[newsroom["withdrawn"].slug])] == 410
    assert statuses[reverse("api:story-detail", args=[newsroom["hidden_story"].slug])] == 404
    story = client.get(reverse("api:story-detail", args=[newsroom["story"].slug])).json()
    assert [d["title"] for d in story["discrepancies"]] == ["How much did exports rise?"]
    detail = client.get(reverse("api:claim-detail", args=[newsroom["published"][0].slug])).json()
    assert "Customs statistics" in [s["title"] for s in detail["sources"]]


def test_a_hidden_claimant_has_no_api_address(client, newsroom):
    hidden = Claimant.objects.get(name=f"Claimant {CANARY}")

    assert client.get(reverse("api:claimant-detail", args=[hidden.slug])).status_code == 404
    listed = [c["slug"] for c in client.get(reverse("api:claimant-list")).json()["results"]]
    assert listed == ["trade-minister"]


def test_the_openapi_description_names_no_internal_field(client, newsroom):
    schema = client.get(reverse("api:schema")).json()

    named = {
        name
        for component in schema["components"]["schemas"].values()
        for name in component.get("properties", {})
    }
    assert "statement" in named
    assert not named & INTERNAL_FIELDS
