"""The claim page's link, unlink and cite buttons: each one service call."""

import pytest
from django.urls import reverse

from factcheck import services
from factcheck.models import Citation, ClaimLink
from tests.factories import ArticleFactory, StoryFactory


def change_url(claim):
    return reverse("admin:factcheck_claim_change", args=[claim.pk])


@pytest.fixture
def pair(fact_checker, published_claim):
    other = services.claim_create(
        article=ArticleFactory(
            story=StoryFactory(title="Another story"), body="The bridge cost four million dollars."
        ),
        quote="The bridge cost four million dollars",
        statement="The bridge cost four million dollars.",
        acting_user=fact_checker,
    )
    return published_claim, other


def test_the_link_button_links_the_claims_and_the_page_lists_them(client, pair, fact_checker):
    published, draft = pair
    client.force_login(fact_checker)

    response = client.post(
        reverse("admin:factcheck_claim_link", args=[draft.pk]), {"other": published.pk}
    )

    assert response.status_code == 302
    assert ClaimLink.objects.between(draft, published).get().created_by == fact_checker
    page = client.get(change_url(draft)).content.decode()
    linked = page[page.index('id="linked-claims"') :]
    assert published.statement in linked
    assert reverse("admin:factcheck_claim_unlink", args=[draft.pk]) in linked
    assert reverse("admin:factcheck_claim_cite_claim", args=[draft.pk]) in linked


def test_the_unlink_button_unlinks(client, pair, fact_checker):
    published, draft = pair
    services.claims_link(claim=draft, other=published, acting_user=fact_checker)
    client.force_login(fact_checker)

    client.post(reverse("admin:factcheck_claim_unlink", args=[draft.pk]), {"other": published.pk})

    assert not ClaimLink.objects.exists()


def test_a_refused_link_says_why_and_writes_nothing(client, pair, fact_checker):
    _, draft = pair
    client.force_login(fact_checker)

    response = client.post(
        reverse("admin:factcheck_claim_link", args=[draft.pk]), {"other": draft.pk}, follow=True
    )

    assert [str(m) for m in response.context["messages"]] == [
        "Not linked: a claim is not linked to itself."
    ]
    assert not ClaimLink.objects.exists()


def test_the_cite_button_cites_the_published_linked_claim(client, pair, fact_checker):
    published, draft = pair
    services.claims_link(claim=draft, other=published, acting_user=fact_checker)
    client.force_login(fact_checker)

    client.post(
        reverse("admin:factcheck_claim_cite_claim", args=[draft.pk]), {"other": published.pk}
    )

    citation = Citation.objects.get(claim=draft)
    assert citation.source.claim == published


def test_the_buttons_answer_post_only(client, pair, fact_checker):
    _, draft = pair
    client.force_login(fact_checker)

    response = client.get(reverse("admin:factcheck_claim_link", args=[draft.pk]))

    assert response.status_code == 405
