"""Who reviews: the editor chosen at submission or by the desk, else the desk's
editors; each editor's dashboard lists what awaits them, oldest first."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from factcheck import services
from factcheck.models import Claim, Discrepancy
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

INDEX = reverse("admin:index")
REVIEW_DISCREPANCIES = 'id="desk-review-discrepancies"'


def section(content, start, end="</section>"):
    at = content.index(start)
    return content[at : content.index(end, at)]


@pytest.fixture
def second_editor(db):
    return UserFactory(username="second-editor", role="Editor")


def draft(article, author, words):
    return services.claim_create(
        article=article,
        quote="the bridge cost $4 million",
        statement=f"The bridge cost $4 million ({words}).",
        acting_user=author,
    )


def test_the_author_chooses_an_editor_when_submitting(article, fact_checker, editor):
    claim = services.claim_submit(
        claim=draft(article, fact_checker, "chosen"), reviewer=editor, acting_user=fact_checker
    )

    assert Claim.objects.get(pk=claim.pk).reviewer == editor
    assert services.claim_reviewers(claim) == [editor]
    assert claim.history.latest("history_date").history_change_reason == "submitted for review"


def test_without_a_choice_the_desk_s_editors_review(
    article, fact_checker, editor, second_editor, superuser
):
    claim = services.claim_submit(
        claim=draft(article, fact_checker, "any"), acting_user=fact_checker
    )

    assert claim.reviewer is None
    assert set(services.claim_reviewers(claim)) == {editor, second_editor, superuser}
    assert fact_checker not in services.claim_reviewers(claim)


def test_an_editor_s_own_claim_goes_to_the_other_editors(article, editor, second_editor):
    claim = services.claim_submit(claim=draft(article, editor, "own"), acting_user=editor)

    assert editor not in services.claim_reviewers(claim)
    assert second_editor in services.claim_reviewers(claim)
    with pytest.raises(services.WorkflowError, match="wrote this claim"):
        services.claim_set_reviewer(claim=claim, editor=editor, acting_user=second_editor)


def test_a_fact_checker_cannot_be_chosen_as_reviewer(article, fact_checker):
    other = UserFactory(username="other-checker", role="Fact-checker")
    claim = draft(article, fact_checker, "refused")

    with pytest.raises(services.WorkflowError, match="is not an editor"):
        services.claim_submit(claim=claim, reviewer=other, acting_user=fact_checker)
    assert Claim.objects.get(pk=claim.pk).status == Claim.Status.DRAFT


def test_a_chosen_reviewer_who_lost_the_role_hands_back_to_the_desk(
    article, fact_checker, editor, second_editor
):
    claim = services.claim_submit(
        claim=draft(article, fact_checker, "x"), reviewer=second_editor, acting_user=fact_checker
    )
    second_editor.groups.clear()
    claim = Claim.objects.get(pk=claim.pk)

    assert services.claim_reviewers(claim) == [editor]


def test_only_editors_change_the_reviewer(article, fact_checker, editor, second_editor):
    claim = services.claim_submit(claim=draft(article, fact_checker, "y"), acting_user=fact_checker)

    with pytest.raises(PermissionDenied):
        services.claim_set_reviewer(claim=claim, editor=editor, acting_user=fact_checker)
    claim = services.claim_set_reviewer(claim=claim, editor=second_editor, acting_user=editor)
    assert Claim.objects.get(pk=claim.pk).reviewer == second_editor
    reason = claim.history.latest("history_date").history_change_reason
    assert reason == "reviewer: second-editor"
    claim = services.claim_set_reviewer(claim=claim, acting_user=editor)
    assert Claim.objects.get(pk=claim.pk).reviewer is None


def test_the_submit_form_offers_editors_only_and_saves_the_choice(
    client, article, fact_checker, editor
):
    claim = draft(article, fact_checker, "form")
    client.force_login(fact_checker)
    page = client.get(reverse("admin:factcheck_claim_change", args=[claim.pk])).content.decode()
    form = section(
        page, 'action="' + reverse("admin:factcheck_claim_submit", args=[claim.pk]), "</form>"
    )
    assert "Any editor of the desk" in form
    assert f'<option value="{editor.pk}">' in form
    assert f'<option value="{fact_checker.pk}"' not in form

    client.post(
        reverse("admin:factcheck_claim_submit", args=[claim.pk]),
        {"version": claim.version, "reviewer": editor.pk},
    )

    claim = Claim.objects.get(pk=claim.pk)
    assert claim.status == Claim.Status.IN_REVIEW and claim.reviewer == editor


def test_the_submit_form_refuses_someone_who_may_not_review(client, article, fact_checker):
    claim = draft(article, fact_checker, "bad")
    client.force_login(fact_checker)

    response = client.post(
        reverse("admin:factcheck_claim_submit", args=[claim.pk]),
        {"version": claim.version, "reviewer": fact_checker.pk},
        follow=True,
    )

    assert "Select a valid choice" in response.content.decode()
    assert Claim.objects.get(pk=claim.pk).status == Claim.Status.DRAFT


def test_each_editor_sees_what_awaits_them_oldest_submission_first(
    client, article, fact_checker, editor, second_editor
):
    first = services.claim_submit(
        claim=draft(article, fact_checker, "first"), acting_user=fact_checker
    )
    services.claim_submit(
        claim=draft(article, fact_checker, "for the other"),
        reviewer=second_editor,
        acting_user=fact_checker,
    )
    services.claim_submit(
        claim=draft(article, fact_checker, "for me"), reviewer=editor, acting_user=fact_checker
    )
    services.claim_update(
        claim=first, expected_version=first.version, acting_user=fact_checker, notes="Later."
    )
    client.force_login(editor)

    panel = section(client.get(INDEX).content.decode(), 'id="desk-review"')

    assert panel.index("(first)") < panel.index("(for me)")
    assert "(for the other)" not in panel
    assert "chosen for you" in panel


def test_discrepancy_review_is_asked_of_an_editor_and_listed_for_them(
    client, discrepancy, fact_checker, editor, second_editor
):
    discrepancy = services.discrepancy_request_review(
        discrepancy=discrepancy, reviewer=editor, acting_user=fact_checker
    )
    assert services.discrepancy_reviewers(discrepancy) == [editor]
    with pytest.raises(services.WorkflowError, match="is not an editor"):
        services.discrepancy_set_reviewer(
            discrepancy=discrepancy, editor=fact_checker, acting_user=editor
        )

    client.force_login(editor)
    panel = section(client.get(INDEX).content.decode(), 'id="desk-review"')
    assert discrepancy.title in panel
    client.force_login(second_editor)
    panel = section(client.get(INDEX).content.decode(), 'id="desk-review"')
    assert discrepancy.title not in panel


def test_discrepancies_awaiting_review_are_listed_oldest_first_until_closed(
    client, story, reports, cited, fact_checker, editor
):
    other = services.discrepancy_create(
        story=story,
        title="How many guests came?",
        kind=Discrepancy.Kind.NUMBER,
        passages=[
            services.PassageSpec(article=reports[0], quote="300 guests"),
            services.PassageSpec(article=reports[1], quote="about 300 guests"),
        ],
        acting_user=fact_checker,
    )
    services.discrepancy_request_review(discrepancy=cited, acting_user=fact_checker)
    services.discrepancy_request_review(discrepancy=other, acting_user=fact_checker)
    client.force_login(editor)

    panel = section(
        client.get(INDEX).content.decode(), 'id="desk-review-discrepancies"', "</table>"
    )
    assert panel.index(cited.title) < panel.index(other.title)

    services.discrepancy_resolve(
        discrepancy=Discrepancy.objects.get(pk=cited.pk), acting_user=editor
    )
    assert Discrepancy.objects.get(pk=cited.pk).review_requested_at is None
    panel = section(
        client.get(INDEX).content.decode(), 'id="desk-review-discrepancies"', "</table>"
    )
    assert cited.title not in panel and other.title in panel


def test_a_discrepancy_is_asked_for_review_from_its_page(client, discrepancy, fact_checker, editor):
    client.force_login(fact_checker)
    url = reverse("admin:factcheck_discrepancy_request_review", args=[discrepancy.pk])

    client.post(url, {"version": discrepancy.version, "review-reviewer": editor.pk})

    discrepancy = Discrepancy.objects.get(pk=discrepancy.pk)
    assert discrepancy.reviewer == editor and discrepancy.review_requested_at is not None
    page = client.get(reverse("admin:factcheck_discrepancy_change", args=[discrepancy.pk]))
    assert "Ask for review…" not in page.content.decode()
