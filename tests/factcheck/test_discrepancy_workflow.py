import pytest
from django.core.exceptions import PermissionDenied

from articles import services as article_services
from articles.analysis.anchoring import QuoteNotFound
from articles.analysis.fingerprint import discrepancy_fingerprint
from articles.importers import ParsedArticle
from factcheck import services
from factcheck.models import Discrepancy, Stance
from factcheck.services import PassageSpec, WorkflowError
from tests.factories import ArticleFactory, SourceFactory

pytestmark = pytest.mark.django_db

Status = Discrepancy.Status


def test_staff_record_a_discrepancy_with_one_anchored_passage_per_report(discrepancy, reports):
    assert discrepancy.status == Status.OPEN
    assert discrepancy.origin == Discrepancy.Origin.STAFF
    passages = {p.article_id: p for p in discrepancy.passages.all()}
    assert set(passages) == {reports[0].pk, reports[1].pk}
    first = passages[reports[0].pk]
    assert reports[0].body[first.start : first.end] == "opened on Monday"


def test_passages_must_come_from_two_reports_of_the_story(story, reports, fact_checker):
    outsider = ArticleFactory(body="The bridge opened on Friday.")
    with pytest.raises(WorkflowError, match="report of this story"):
        services.discrepancy_create(
            story=story,
            title="Day?",
            kind="date",
            passages=[
                PassageSpec(article=reports[0], quote="on Monday"),
                PassageSpec(article=outsider, quote="on Friday"),
            ],
            acting_user=fact_checker,
        )
    with pytest.raises(WorkflowError, match="at least two reports"):
        services.discrepancy_create(
            story=story,
            title="Day?",
            kind="date",
            passages=[PassageSpec(article=reports[0], quote="on Monday")],
            acting_user=fact_checker,
        )
    assert Discrepancy.objects.count() == 0


def test_single_source_detail_needs_only_one_passage(story, reports, fact_checker):
    discrepancy = services.discrepancy_create(
        story=story,
        title="Were there 300 guests?",
        kind=Discrepancy.Kind.SINGLE_SOURCE,
        passages=[PassageSpec(article=reports[0], quote="300 guests")],
        acting_user=fact_checker,
    )
    assert discrepancy.passages.count() == 1


def test_absent_passage_is_refused(story, reports, fact_checker):
    with pytest.raises(QuoteNotFound):
        services.discrepancy_create(
            story=story,
            title="Day?",
            kind="date",
            passages=[
                PassageSpec(article=reports[0], quote="opened on Sunday"),
                PassageSpec(article=reports[1], quote="opened on Tuesday"),
            ],
            acting_user=fact_checker,
        )
    assert Discrepancy.objects.count() == 0


def test_the_same_discrepancy_cannot_be_recorded_twice(discrepancy, story, reports, editor):
    with pytest.raises(WorkflowError, match="Already tracked"):
        services.discrepancy_create(
            story=story,
            title="Which day?",
            kind=Discrepancy.Kind.DATE,
            passages=[
                # Other order, other typography: still the same discrepancy.
                PassageSpec(article=reports[1], quote="OPENED ON TUESDAY"),
                PassageSpec(article=reports[0], quote="opened  on Monday"),
            ],
            acting_user=editor,
        )


def test_fingerprint_is_kind_plus_folded_text_not_offsets():
    assert discrepancy_fingerprint("date", ["on “Monday”", "on Tuesday"]) == (
        discrepancy_fingerprint("date", ["on tuesday", 'on "Monday"'])
    )
    assert discrepancy_fingerprint("date", ["a", "b"]) != discrepancy_fingerprint(
        "number", ["a", "b"]
    )


def test_fingerprint_is_stable_across_reanchoring(story, editor, fact_checker):
    first = article_services.article_import(
        parsed=ParsedArticle(
            body="The bridge opened on Monday.", raw_input="x", format="text", source="a.txt"
        ),
        acting_user=editor,
        story=story,
    ).article
    second = ArticleFactory(story=story, body="The bridge opened on Tuesday.")
    discrepancy = services.discrepancy_create(
        story=story,
        title="Day?",
        kind="date",
        passages=[
            PassageSpec(article=first, quote="opened on Monday"),
            PassageSpec(article=second, quote="opened on Tuesday"),
        ],
        acting_user=fact_checker,
    )
    fingerprint = discrepancy.fingerprint

    article_services.article_import(
        parsed=ParsedArticle(
            body="Update.\n\nThe bridge opened on Monday.",
            raw_input="y",
            format="text",
            source="a.txt",
        ),
        acting_user=editor,
        story=story,
    )
    # The import announced the revision on commit; run the re-anchoring it triggers.
    first.refresh_from_db()
    services.passages_reanchor(article=first, revision=first.revisions.first())

    discrepancy.refresh_from_db()
    passage = discrepancy.passages.get(article=first)
    first.refresh_from_db()
    assert first.body[passage.start : passage.end] == "opened on Monday"
    assert discrepancy.fingerprint == fingerprint


def test_suggestions_are_not_repeated_once_known(story, reports, editor):
    specs = [
        PassageSpec(article=reports[0], start=0, end=16),
        PassageSpec(article=reports[1], start=0, end=16),
    ]
    suggestion = services.discrepancy_suggest(
        story=story,
        title="Wording",
        kind="description",
        passages=specs,
        score=0.4,
        explanation="Different words.",
    )
    services.discrepancy_dismiss(discrepancy=suggestion, acting_user=editor)

    again = services.discrepancy_suggest(
        story=story,
        title="Wording",
        kind="description",
        passages=specs,
        score=0.4,
        explanation="Different words.",
    )

    assert again is None
    assert Discrepancy.objects.count() == 1


def test_only_editors_confirm_or_dismiss_suggestions(story, reports, fact_checker, editor):
    suggestion = services.discrepancy_suggest(
        story=story,
        title="Day",
        kind="date",
        passages=[
            PassageSpec(article=reports[0], quote="on Monday"),
            PassageSpec(article=reports[1], quote="on Tuesday"),
        ],
        score=0.9,
        explanation="Monday vs Tuesday",
    )
    with pytest.raises(PermissionDenied):
        services.discrepancy_confirm(discrepancy=suggestion, acting_user=fact_checker)
    with pytest.raises(PermissionDenied):
        services.discrepancy_dismiss(discrepancy=suggestion, acting_user=fact_checker)

    services.discrepancy_confirm(discrepancy=suggestion, acting_user=editor)
    assert suggestion.status == Status.OPEN


def test_fact_checker_researches_and_editor_resolves_with_a_source(
    discrepancy, fact_checker, editor
):
    services.discrepancy_investigate(discrepancy=discrepancy, acting_user=fact_checker)
    services.discrepancy_cite(
        discrepancy=discrepancy,
        source=SourceFactory(),
        stance=Stance.SUPPORTS,
        excerpt="Opening ceremony: Monday 3 March.",
        acting_user=fact_checker,
    )
    with pytest.raises(PermissionDenied):
        services.discrepancy_resolve(
            discrepancy=discrepancy, resolution="Monday.", acting_user=fact_checker
        )

    services.discrepancy_resolve(
        discrepancy=discrepancy,
        resolution="The city's programme shows the opening on Monday.",
        acting_user=editor,
    )

    discrepancy.refresh_from_db()
    assert discrepancy.status == Status.RESOLVED
    assert discrepancy.resolved_by == editor
    assert discrepancy.resolved_at is not None


def test_resolving_needs_a_resolution_and_a_source(discrepancy, editor):
    with pytest.raises(WorkflowError) as excinfo:
        services.discrepancy_resolve(discrepancy=discrepancy, acting_user=editor)

    assert "no resolution text" in str(excinfo.value)
    assert "cites no source" in str(excinfo.value)
    discrepancy.refresh_from_db()
    assert discrepancy.status == Status.OPEN


def test_not_a_conflict_needs_an_explanation(discrepancy, editor):
    with pytest.raises(WorkflowError, match="Explain why"):
        services.discrepancy_mark_not_conflict(discrepancy=discrepancy, acting_user=editor)

    services.discrepancy_mark_not_conflict(
        discrepancy=discrepancy, resolution="Both are local times.", acting_user=editor
    )
    assert discrepancy.status == Status.NOT_CONFLICT


def test_passages_are_assessed(discrepancy, reports, fact_checker):
    passage = discrepancy.passages.get(article=reports[1])

    services.passage_assess(passage=passage, assessment="inaccurate", acting_user=fact_checker)

    passage.refresh_from_db()
    assert passage.assessment == "inaccurate"


def test_merge_moves_new_reports_and_keeps_the_suggestion_known(
    discrepancy, story, reports, editor
):
    suggestion = services.discrepancy_suggest(
        story=story,
        title="Day",
        kind="date",
        passages=[
            PassageSpec(article=reports[0], quote="on Monday with"),
            PassageSpec(article=reports[2], quote="opened on Monday"),
        ],
        score=0.5,
        explanation="",
    )

    services.discrepancy_merge(suggestion=suggestion, into=discrepancy, acting_user=editor)

    suggestion.refresh_from_db()
    assert suggestion.status == Status.DISMISSED
    assert suggestion.merged_into == discrepancy
    assert set(discrepancy.passages.values_list("article_id", flat=True)) == {r.pk for r in reports}


def test_bulk_status_goes_through_the_owning_service(discrepancy, editor, fact_checker):
    with pytest.raises(WorkflowError, match="Cannot resolve"):
        services.discrepancy_set_status(
            discrepancy=discrepancy, status=Status.RESOLVED, acting_user=editor
        )
    services.discrepancy_set_status(
        discrepancy=discrepancy, status=Status.INVESTIGATING, acting_user=fact_checker
    )
    assert discrepancy.status == Status.INVESTIGATING


def test_history_records_each_step(discrepancy, fact_checker, editor):
    services.discrepancy_investigate(discrepancy=discrepancy, acting_user=fact_checker)

    reasons = list(
        discrepancy.history.order_by("history_date").values_list(
            "history_change_reason", "history_user__username"
        )
    )
    assert reasons == [("recorded", "checker"), ("start investigating", "checker")]


def test_open_counts_by_story(discrepancy, story):
    rows = list(Discrepancy.objects.open_counts_by_story())

    assert rows == [
        {
            "story_id": story.pk,
            "story__title": story.title,
            "story__slug": story.slug,
            "suggested": 0,
            "open": 1,
            "investigating": 0,
            "total": 1,
        }
    ]
