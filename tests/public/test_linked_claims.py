"""Claim links and a linked claim cited as a source: the service rules, and
what the public pages show of them (published claims only, ever)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from factcheck import services
from factcheck.models import ClaimLink, Source
from factcheck.workflows import WorkflowError
from tests.factories import StoryFactory
from tests.public.html import parse


def url_of(claim):
    return reverse("public:claim_detail", args=[claim.slug])


@pytest.fixture
def pair(desk, clock):
    """One statement checked in two stories: one published, one a draft."""
    clock.set(datetime.datetime(2026, 2, 2, 9, tzinfo=datetime.UTC))
    first = desk.publish(
        statement="The flyover cost 12 million euros.",
        article=desk.article(story=StoryFactory(title="Harbour works")),
    )
    second = desk.draft(
        statement="The Harbour Road flyover cost twelve million euros.",
        article=desk.article(story=StoryFactory(title="City budget")),
    )
    return first, second


# The services ---------------------------------------------------------------------


def test_a_link_is_stored_once_per_pair_with_history(pair, fact_checker):
    first, second = pair

    link = services.claims_link(claim=second, other=first, acting_user=fact_checker)

    assert (link.first, link.second) == tuple(sorted(pair, key=lambda c: c.pk))
    assert link.history.get().history_user == fact_checker
    with pytest.raises(WorkflowError, match="already linked"):
        services.claims_link(claim=first, other=second, acting_user=fact_checker)
    assert ClaimLink.objects.count() == 1


def test_a_claim_is_not_linked_to_itself(pair, fact_checker):
    with pytest.raises(WorkflowError, match="not linked to itself"):
        services.claims_link(claim=pair[0], other=pair[0], acting_user=fact_checker)
    assert not ClaimLink.objects.exists()


def test_linking_two_published_claims_is_for_editors(desk, pair, fact_checker, editor):
    first, _ = pair
    other = desk.publish(statement="The flyover cost 12 million euros, again.")

    with pytest.raises(PermissionDenied):
        services.claims_link(claim=first, other=other, acting_user=fact_checker)
    services.claims_link(claim=first, other=other, acting_user=editor)

    assert ClaimLink.objects.between(first, other).exists()


def test_unlinking_removes_the_link_with_history(pair, fact_checker):
    first, second = pair
    services.claims_link(claim=first, other=second, acting_user=fact_checker)

    services.claims_unlink(claim=second, other=first, acting_user=fact_checker)

    assert not ClaimLink.objects.exists()
    assert ClaimLink.history.filter(history_type="-").get().history_user == fact_checker
    with pytest.raises(WorkflowError, match="not linked"):
        services.claims_unlink(claim=first, other=second, acting_user=fact_checker)


def test_staff_without_claim_rights_cannot_link(pair):
    from tests.factories import UserFactory

    with pytest.raises(PermissionDenied):
        services.claims_link(claim=pair[0], other=pair[1], acting_user=UserFactory(is_staff=True))


# The public page -------------------------------------------------------------------


def linked_section(client, claim):
    page = parse(client.get(url_of(claim)).content)
    found = page.find_all("section", cls="claim__linked")
    return found[0] if found else None


def test_the_public_page_never_names_an_unpublished_linked_claim(client, pair, fact_checker):
    first, second = pair
    services.claims_link(claim=first, other=second, acting_user=fact_checker)

    response = client.get(url_of(first))

    assert linked_section(client, first) is None
    assert second.statement not in response.content.decode()
    assert second.slug not in response.content.decode()


def test_publishing_a_linked_claim_shows_it_on_the_other_page_and_moves_its_time(
    client, desk, pair, fact_checker, clock
):
    first, second = pair
    services.claims_link(claim=first, other=second, acting_user=fact_checker)
    before = first.public_modified_at

    clock.advance(hours=2)
    second = desk.publish(second)

    first.refresh_from_db()
    assert first.public_modified_at == second.published_at > before
    section = linked_section(client, first)
    assert "Also checked in City budget:" in section.text()
    assert section.find("a", href=url_of(second)) is not None


def test_unpublishing_a_linked_claim_takes_it_off_the_other_page(
    client, desk, pair, fact_checker, clock
):
    first, second = pair
    services.claims_link(claim=first, other=second, acting_user=fact_checker)
    second = desk.publish(second)
    assert linked_section(client, first) is not None

    clock.advance(hours=1)
    desk.unpublish(second, note="Withdrawn for review.")

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.public_modified_at == second.unpublished_at
    assert linked_section(client, first) is None


# A linked claim cited as a source -----------------------------------------------


def test_a_published_claim_is_cited_as_a_link_to_its_page(client, desk, pair, fact_checker):
    first, second = pair

    source = services.sources_for_claim(claim=first, acting_user=fact_checker)
    services.citation_add(claim=second, source=source, stance="context", acting_user=fact_checker)
    second = desk.publish(second)

    assert source.kind == Source.Kind.FACT_CHECK
    assert services.sources_for_claim(claim=first, acting_user=fact_checker) == source
    page = parse(client.get(url_of(second)).content)
    assert page.find("a", cls="source__ours", href=url_of(first)) is not None


def test_a_refused_citation_of_a_claim_leaves_no_source_behind(desk, pair, fact_checker):
    first, _ = pair
    # Published, so the fact-checker may no longer add to it.
    other = desk.publish(statement="The ring road cost 40 million euros.")
    cited = list(other.citations.values_list("source", flat=True))

    with pytest.raises(PermissionDenied):
        services.claim_cite_claim(claim=other, cited=first, acting_user=fact_checker)

    assert not Source.objects.filter(claim=first).exists()
    assert list(other.citations.values_list("source", flat=True)) == cited


def test_citing_a_claim_in_one_step_makes_its_source_and_the_citation(pair, fact_checker):
    first, second = pair

    citation = services.claim_cite_claim(claim=second, cited=first, acting_user=fact_checker)

    assert citation.source == Source.objects.get(claim=first)
    assert citation.stance == "context" and citation.claim == second


def test_a_draft_cannot_be_cited(pair, fact_checker):
    with pytest.raises(WorkflowError, match="only a published"):
        services.sources_for_claim(claim=pair[1], acting_user=fact_checker)
    assert not Source.objects.filter(claim=pair[1]).exists()


def test_a_cited_claim_unpublished_later_is_no_longer_linked(
    client, desk, pair, fact_checker, clock
):
    first, second = pair
    source = services.sources_for_claim(claim=first, acting_user=fact_checker)
    services.citation_add(claim=second, source=source, stance="context", acting_user=fact_checker)
    second = desk.publish(second)

    clock.advance(hours=1)
    desk.unpublish(first, note="Withdrawn.")

    content = client.get(url_of(second)).content.decode()
    page = parse(content)
    assert page.find_all("a", cls="source__ours") == []
    assert url_of(first) not in content
    assert "since withdrawn" in page.find("ol", cls="sources").text()
    second.refresh_from_db()
    assert second.public_modified_at > second.published_at
