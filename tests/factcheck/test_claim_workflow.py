import pytest
from django.core.exceptions import PermissionDenied

from articles.analysis.anchoring import QuoteAmbiguous, QuoteNotFound
from factcheck import services
from factcheck.models import Claim, Rating
from factcheck.services import StaleEdit, WorkflowError
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_new_claim_is_a_draft_anchored_to_the_passage(claim, article, fact_checker):
    assert claim.status == Claim.Status.DRAFT
    assert article.body[claim.start : claim.end] == "the bridge cost $4 million"
    assert claim.created_by == fact_checker
    assert claim.slug == "the-bridge-cost-4-million"


def test_claim_on_a_missing_passage_is_refused_and_nothing_is_saved(article, fact_checker):
    with pytest.raises(QuoteNotFound):
        services.claim_create(
            article=article, quote="cost $5 million", statement="x", acting_user=fact_checker
        )
    assert Claim.objects.count() == 0


def test_claim_on_a_repeated_passage_asks_for_context(article, fact_checker):
    with pytest.raises(QuoteAmbiguous):
        services.claim_create(
            article=article, quote="the mayor", statement="x", acting_user=fact_checker
        )
    claim = services.claim_create(
        article=article,
        quote="the mayor",
        suffix="told reporters",
        statement="The mayor spoke on Monday.",
        acting_user=fact_checker,
    )
    assert claim.start == article.body.rindex("the mayor")


def test_editor_publishes_a_submitted_claim(ready_claim, editor):
    services.claim_publish(claim=ready_claim, acting_user=editor)

    ready_claim.refresh_from_db()
    assert ready_claim.status == Claim.Status.PUBLISHED
    assert ready_claim.published_at is not None
    assert ready_claim.first_published_at == ready_claim.published_at


def test_fact_checker_cannot_publish(ready_claim, fact_checker):
    with pytest.raises(PermissionDenied):
        services.claim_publish(claim=ready_claim, acting_user=fact_checker)


def test_author_cannot_publish_their_own_claim(article, rating):
    author = UserFactory(username="author-editor", role="Editor")
    claim = services.claim_create(
        article=article, quote="in 2019", statement="Finished in 2019.", acting_user=author
    )
    claim = services.claim_submit(claim=claim, acting_user=author)

    with pytest.raises(WorkflowError, match="another editor must publish it"):
        services.claim_publish(claim=claim, acting_user=author)


def test_claim_without_verdict_ruling_or_source_cannot_be_published(claim, fact_checker, editor):
    claim = services.claim_submit(claim=claim, acting_user=fact_checker)

    with pytest.raises(WorkflowError) as excinfo:
        services.claim_publish(claim=claim, acting_user=editor)

    message = str(excinfo.value)
    assert "no verdict" in message
    assert "no ruling text" in message
    assert "cites no source" in message
    claim.refresh_from_db()
    assert claim.status == Claim.Status.IN_REVIEW


def test_draft_cannot_be_published_without_review(claim, editor):
    with pytest.raises(WorkflowError, match="the claim is draft"):
        services.claim_publish(claim=claim, acting_user=editor)


@pytest.mark.parametrize(
    ("take", "from_status", "refusal"),
    [
        (
            lambda claim, user: services.claim_submit(claim=claim, acting_user=user),
            Claim.Status.IN_REVIEW,
            "Cannot submit for review: the claim is in review.",
        ),
        (
            lambda claim, user: services.claim_send_back(
                claim=claim, note="Why.", acting_user=user
            ),
            Claim.Status.DRAFT,
            "Cannot send back to draft: the claim is draft.",
        ),
        (
            lambda claim, user: services.claim_archive(claim=claim, acting_user=user),
            Claim.Status.PUBLISHED,
            "Cannot archive: the claim is published.",
        ),
        (
            lambda claim, user: services.claim_unpublish(
                claim=claim, note="Why.", acting_user=user
            ),
            Claim.Status.IN_REVIEW,
            "Cannot unpublish: the claim is in review.",
        ),
    ],
)
def test_a_step_from_the_wrong_state_is_refused_in_its_own_words(
    claim, editor, take, from_status, refusal
):
    # The state is set in memory only: the refusal comes before any write.
    claim.status = from_status
    with pytest.raises(WorkflowError) as excinfo:
        take(claim, editor)
    assert str(excinfo.value) == refusal


def test_editor_sends_a_claim_back_with_a_note(ready_claim, editor):
    services.claim_send_back(
        claim=ready_claim, note="Find the council minutes.", acting_user=editor
    )

    ready_claim.refresh_from_db()
    assert ready_claim.status == Claim.Status.DRAFT
    assert ready_claim.review_comments.get().text == "Find the council minutes."


def test_correction_after_publication_keeps_a_dated_public_note(ready_claim, editor):
    services.claim_publish(claim=ready_claim, acting_user=editor)
    mostly_false = Rating.objects.get(slug="mostly-false")

    update = services.claim_correct(
        claim=ready_claim,
        rating=mostly_false,
        note="The contract shows $4.8 million.",
        acting_user=editor,
    )

    assert update.old_rating.label == "False"
    assert update.new_rating == mostly_false
    assert update.created_at is not None
    ready_claim.refresh_from_db()
    assert ready_claim.rating == mostly_false


def test_published_verdict_changes_only_through_a_correction(ready_claim, editor):
    services.claim_publish(claim=ready_claim, acting_user=editor)

    with pytest.raises(WorkflowError, match="with a correction"):
        services.claim_update(
            claim=ready_claim,
            expected_version=ready_claim.version,
            acting_user=editor,
            rating=Rating.objects.get(slug="true"),
        )


def test_unpublishing_leaves_a_public_retraction_note(ready_claim, editor):
    services.claim_publish(claim=ready_claim, acting_user=editor)

    services.claim_unpublish(claim=ready_claim, note="Published in error.", acting_user=editor)

    ready_claim.refresh_from_db()
    assert ready_claim.status == Claim.Status.DRAFT
    assert ready_claim.unpublish_note == "Published in error."
    assert ready_claim.unpublished_at is not None
    assert ready_claim.first_published_at is not None


def test_stale_edit_is_refused_and_says_what_changed(claim, fact_checker, editor):
    opened_version = claim.version
    other_copy = Claim.objects.get(pk=claim.pk)
    services.claim_update(
        claim=other_copy,
        expected_version=other_copy.version,
        acting_user=editor,
        statement="The bridge cost four million dollars.",
    )

    with pytest.raises(StaleEdit) as excinfo:
        services.claim_update(
            claim=claim,
            expected_version=opened_version,
            acting_user=fact_checker,
            notes="my research",
        )

    assert [change.field for change in excinfo.value.changes] == ["statement"]
    assert excinfo.value.changed_by == editor
    assert "Nothing was saved" in str(excinfo.value)
    claim.refresh_from_db()
    assert claim.statement == "The bridge cost four million dollars."
    assert claim.notes == ""


def test_workflow_action_on_a_stale_copy_is_refused(ready_claim, editor):
    stale = Claim.objects.get(pk=ready_claim.pk)
    services.claim_send_back(claim=ready_claim, note="More sources.", acting_user=editor)

    with pytest.raises(StaleEdit):
        services.claim_publish(claim=stale, acting_user=editor)


def test_every_transition_is_in_the_history_with_who_did_it(ready_claim, editor, fact_checker):
    services.claim_publish(claim=ready_claim, acting_user=editor)

    history = list(ready_claim.history.order_by("history_date"))

    assert [(h.history_change_reason, h.history_user) for h in history] == [
        ("created", fact_checker),
        ("edited", fact_checker),
        ("source cited", fact_checker),
        ("submitted for review", fact_checker),
        ("published", editor),
    ]
    delta = history[-1].diff_against(history[-2])
    assert "status" in delta.changed_fields


def test_assigning_to_inactive_user_is_refused(claim, editor):
    gone = UserFactory(username="gone", is_active=False)

    with pytest.raises(WorkflowError, match="not active newsroom staff"):
        services.claim_assign(claim=claim, assignee=gone, acting_user=editor)


def test_archive_is_for_editors(claim, fact_checker, editor):
    with pytest.raises(PermissionDenied):
        services.claim_archive(claim=claim, acting_user=fact_checker)

    services.claim_archive(claim=claim, acting_user=editor)
    claim.refresh_from_db()
    assert claim.status == Claim.Status.ARCHIVED


def test_claimant_aliases_fold_name_variants(fact_checker):
    claimant = services.claimant_find_or_create(name="Lee Jae-myung", acting_user=fact_checker)

    assert services.claimant_find_or_create(name="Lee Jae Myung") == claimant
    assert services.claimant_find_or_create(name="LEE JAE‑MYUNG") == claimant


def test_alias_lookup_finds_the_claimant(fact_checker):
    from factcheck.services.claims import claimant_add_alias

    claimant = services.claimant_find_or_create(name="Kim Nam-jun", acting_user=fact_checker)
    claimant_add_alias(claimant=claimant, name="Mr. Kim the spokesman", acting_user=fact_checker)

    assert services.claimant_find_or_create(name="Mr Kim the Spokesman") == claimant


def test_appearance_in_another_report_is_anchored(claim, fact_checker):
    from tests.factories import ArticleFactory

    other = ArticleFactory(body="Officials put the cost of the bridge at $4 million in total.")

    appearance = services.appearance_add(
        claim=claim,
        article=other,
        quote="cost of the bridge at $4 million",
        acting_user=fact_checker,
    )

    assert other.body[appearance.start : appearance.end] == "cost of the bridge at $4 million"
    assert claim.appearances.get() == appearance


def test_citation_changes_move_the_claim_version_on(ready_claim, fact_checker):
    citation = ready_claim.citations.get()
    opened = ready_claim.version

    services.citation_update(citation=citation, excerpt="Page 4.", acting_user=fact_checker)

    ready_claim.refresh_from_db()
    assert ready_claim.version == opened + 1
    with pytest.raises(StaleEdit):
        services.claim_update(
            claim=ready_claim, expected_version=opened, acting_user=fact_checker, notes="x"
        )


def test_a_published_claim_keeps_its_last_source(ready_claim, editor):
    services.claim_publish(claim=ready_claim, acting_user=editor)

    with pytest.raises(WorkflowError, match="at least one cited source"):
        services.citation_remove(citation=ready_claim.citations.get(), acting_user=editor)

    assert ready_claim.citations.count() == 1


def test_draft_citation_can_be_removed(claim, fact_checker):
    from factcheck.models import Stance
    from tests.factories import SourceFactory

    citation = services.citation_add(
        claim=claim, source=SourceFactory(), stance=Stance.CONTEXT, acting_user=fact_checker
    )

    services.citation_remove(citation=citation, acting_user=fact_checker)

    assert claim.citations.count() == 0
