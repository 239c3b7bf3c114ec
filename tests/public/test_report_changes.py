"""
Published work keeps what was published. A new revision of a report never
changes a public page by itself: the passage is flagged *report changed after
publication* on the editors' dashboard, with a word diff, and an editor either
accepts the new text (a dated public note says what changed) or keeps the
published text with a note.
"""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from articles import services as article_services
from articles.importers import ParsedArticle
from factcheck import services
from factcheck.models import Claim, ClaimUpdate, Discrepancy, DiscrepancyUpdate
from factcheck.services import WorkflowError
from tests.factories import ArticleFactory, OutletFactory, StoryFactory

from .html import parse

pytestmark = pytest.mark.django_db

BODY = (
    "The summit opened on Monday.\n\n"
    "The mayor said the council spent 4 million on roads during the meeting.\n\n"
    "Residents complained about the noise."
)
CHANGED = BODY.replace("spent 4 million on roads", "spent 6 million on roads")


def reimport(article, body, user):
    """The same report imported again with ``body``, through the import service."""
    return article_services.article_import(
        parsed=ParsedArticle(
            body=body,
            raw_input=body,
            format="text",
            source=article.source,
            url=article.url,
            headline=article.headline,
            byline=article.byline,
            published_on=article.published_on,
        ),
        acting_user=user,
    )


@pytest.fixture
def report(db):
    return ArticleFactory(
        body=BODY,
        raw_input=BODY,
        headline="Council spending",
        outlet=OutletFactory(name="City Paper"),
        url="https://citypaper.example/roads",
    )


@pytest.fixture
def claim(desk, report):
    return desk.publish(article=report, quote="the council spent 4 million on roads")


def claim_page(client, claim):
    return parse(client.get(reverse("public:claim_detail", args=[claim.slug])).content)


def dashboard(client, user):
    client.force_login(user)
    page = parse(client.get(reverse("admin:index")).content)
    client.logout()
    return page


def test_publishing_records_the_passage_and_the_report_as_shown(claim, report):
    claim.refresh_from_db()

    assert claim.shown_quote == "the council spent 4 million on roads"
    assert claim.shown_revision == 1
    assert (claim.shown_outlet, claim.shown_headline) == ("City Paper", "Council spending")
    assert claim.shown_published_on == report.published_on
    assert claim.shown_at == claim.published_at
    assert not claim.is_report_changed


def test_a_changed_report_leaves_the_public_claim_page_as_published(
    client, claim, report, fact_checker
):
    reimport(report, CHANGED, fact_checker)

    page = claim_page(client, claim)
    passage = page.find("section", cls="claim__passages")
    assert passage.find("mark").text() == "the council spent 4 million on roads"
    assert "6 million" not in page.text()
    claim.refresh_from_db()
    assert claim.quote == "the council spent 6 million on roads"
    assert claim.report_changed_revision == 2
    latest = claim.history.order_by("-history_date").first()
    assert "report changed after publication" in latest.history_change_reason
    assert latest.history_user == fact_checker


def test_the_dashboard_lists_the_change_with_a_word_diff(
    client, claim, report, fact_checker, editor
):
    assert "reads as it did when published" in dashboard(client, editor).text()

    reimport(report, CHANGED, fact_checker)

    panel = dashboard(client, editor).find("section", id="desk-report-changes")
    row = panel.find("li", cls="report-change")
    assert claim.statement in row.text()
    assert [d.text() for d in row.find_all("del")] == ["4"]
    assert [i.text() for i in row.find_all("ins")] == ["6"]
    assert row.find("form", cls="report-change-accept")
    # A fact-checker sees the change but cannot decide on it.
    row = dashboard(client, fact_checker).find("li", cls="report-change")
    assert not row.find_all("form")
    assert "An editor decides" in row.text()


def test_accepting_shows_the_new_text_with_a_dated_note(
    client, claim, report, fact_checker, editor
):
    reimport(report, CHANGED, fact_checker)
    claim.refresh_from_db()

    client.force_login(editor)
    response = client.post(
        reverse("report_change_accept", args=["claim", claim.pk]),
        {"note": "The city confirmed the new figure."},
    )
    client.logout()

    assert response.status_code == 302
    page = claim_page(client, claim)
    assert page.find("section", cls="claim__passages").find("mark").text() == (
        "the council spent 6 million on roads"
    )
    update = page.find("section", cls="claim__updates").find("li", cls="update")
    assert update.find("time").attrs["datetime"]
    note = update.find(cls="update__note").text()
    assert "City Paper updated its report after we published this." in note
    assert "now reads “the council spent 6 million on roads”" in note
    assert "it read “the council spent 4 million on roads”" in note
    assert "The city confirmed the new figure." in note
    claim.refresh_from_db()
    assert not claim.is_report_changed
    assert claim.shown_revision == 2
    assert claim.history.order_by("-history_date").first().history_user == editor
    assert "reads as it did when published" in dashboard(client, editor).text()


def test_keeping_the_published_text_needs_a_note_and_changes_nothing_public(
    client, claim, report, fact_checker, editor
):
    reimport(report, CHANGED, fact_checker)
    claim.refresh_from_db()
    with pytest.raises(WorkflowError, match="Say why"):
        services.report_change_keep(passage=claim, note=" ", acting_user=editor)

    services.report_change_keep(
        passage=claim, note="The outlet's edit is a typo.", acting_user=editor
    )

    claim.refresh_from_db()
    assert not claim.is_report_changed
    assert claim.report_review_note == "The outlet's edit is a typo."
    assert claim.shown_quote == "the council spent 4 million on roads"
    assert not ClaimUpdate.objects.filter(claim=claim).exists()
    assert claim_page(client, claim).find("mark").text() == "the council spent 4 million on roads"
    reason = claim.history.order_by("-history_date").first().history_change_reason
    assert reason == "kept the published text over the report's revision 2"
    # The same text imported again (another revision elsewhere) is not flagged again.
    reimport(report, CHANGED + "\n\nA later paragraph.", fact_checker)
    claim.refresh_from_db()
    assert not claim.is_report_changed


def test_only_editors_decide(claim, report, fact_checker):
    reimport(report, CHANGED, fact_checker)
    claim.refresh_from_db()

    with pytest.raises(PermissionDenied):
        services.report_change_accept(passage=claim, acting_user=fact_checker)
    with pytest.raises(PermissionDenied):
        services.report_change_keep(passage=claim, note="No.", acting_user=fact_checker)


def test_a_report_that_loses_the_passage_is_listed_and_cannot_be_accepted(
    client, claim, report, fact_checker, editor
):
    reimport(
        report,
        BODY.replace("The mayor said the council spent 4 million", "The mayor"),
        fact_checker,
    )
    claim.refresh_from_db()

    assert claim.is_orphaned and claim.is_report_changed
    with pytest.raises(WorkflowError, match="no longer in the report"):
        services.report_change_accept(passage=claim, acting_user=editor)
    page = dashboard(client, editor)
    row = page.find("section", id="desk-report-changes").find("li", cls="report-change")
    assert "Passage no longer in the report" in row.text()
    assert [d.text() for d in row.find_all("del")] == ["the council spent 4 million on roads"]
    assert not row.find_all("form", cls="report-change-accept")
    assert "Every passage is in place" not in page.text()
    assert claim_page(client, claim).find("mark").text() == "the council spent 4 million on roads"


def test_an_orphaned_appearance_is_not_hidden_by_every_passage_is_in_place(
    client, claim, desk, fact_checker, editor
):
    other = desk.article(quote="the council spent four million on roads")
    claim.refresh_from_db()
    appearance = services.appearance_add(
        claim=claim,
        article=other,
        quote="the council spent four million on roads",
        acting_user=editor,
    )
    assert appearance.shown_quote == "the council spent four million on roads"

    reimport(other, "An unrelated text entirely.", fact_checker)

    page = dashboard(client, editor)
    assert "Every passage is in place" not in page.text()
    assert "1 passage in other reports of claims or in discrepancies is" in page.text()
    row = page.find("section", id="desk-report-changes").find("li", cls="report-change")
    assert "Claim, other report" in row.text()
    appearance.refresh_from_db()
    assert appearance.is_report_changed
    claim.refresh_from_db()
    assert "report changed after publication" in (
        claim.history.order_by("-history_date").first().history_change_reason
    )


def test_a_moved_passage_with_the_same_words_and_context_is_not_flagged(
    claim, report, fact_checker
):
    reimport(report, "Preface added by the outlet.\n\n" + BODY, fact_checker)

    claim.refresh_from_db()
    assert claim.anchored_revision == 2
    assert not claim.is_report_changed


def test_unpublished_work_follows_its_report_without_a_flag(desk, report, fact_checker):
    draft = desk.draft(article=report, quote="the council spent 4 million on roads")

    reimport(report, CHANGED, fact_checker)

    draft.refresh_from_db()
    assert draft.quote == "the council spent 6 million on roads"
    assert not draft.is_report_changed


def test_a_resolved_discrepancy_keeps_its_passages_until_an_editor_accepts(
    client, desk, fact_checker, editor
):
    story = StoryFactory(slug="roads", title="Road spending")
    first = ArticleFactory(story=story, body=BODY, raw_input=BODY, outlet=OutletFactory(name="A"))
    second_body = "The council spent 5 million on roads, the paper said."
    second = ArticleFactory(
        story=story, body=second_body, raw_input=second_body, outlet=OutletFactory(name="B")
    )
    discrepancy = desk.discrepancy(
        story,
        [first, second],
        title="How much was spent on roads?",
        quotes=["4 million", "5 million"],
        status=Discrepancy.Status.RESOLVED,
    )
    url = reverse("public:story_detail", args=[story.slug])

    reimport(first, CHANGED, fact_checker)

    marks = parse(client.get(url).content).find("article", cls="discrepancy").find_all("mark")
    assert [m.text() for m in marks] == ["4 million", "5 million"]
    passage = discrepancy.passages.get(article=first)
    assert passage.is_report_changed
    discrepancy.refresh_from_db()
    assert "report changed after publication" in (
        discrepancy.history.order_by("-history_date").first().history_change_reason
    )

    services.report_change_accept(passage=passage, acting_user=editor)

    shown = parse(client.get(url).content).find("article", cls="discrepancy")
    assert [m.text() for m in shown.find_all("mark")] == ["6 million", "5 million"]
    note = shown.find("ol", cls="updates").text()
    assert "A updated its report after we published this." in note
    assert DiscrepancyUpdate.objects.get(discrepancy=discrepancy).created_by == editor


def test_republishing_takes_a_new_record(desk, claim, report, fact_checker, editor):
    reimport(report, CHANGED, fact_checker)
    desk.unpublish(claim, note="Rechecking the figure.")
    claim.refresh_from_db()
    claim = services.claim_submit(claim=claim, acting_user=fact_checker)

    claim = services.claim_publish(claim=claim, acting_user=editor)

    assert claim.shown_quote == "the council spent 6 million on roads"
    assert not claim.is_report_changed
    assert Claim.objects.published().report_changed().count() == 0


def test_an_orphaned_published_claim_is_requoted_then_accepted(
    client, claim, report, fact_checker, editor
):
    reimport(
        report, BODY.replace("the council spent 4 million on roads", "roads cost 6m"), fact_checker
    )
    claim.refresh_from_db()
    assert claim.is_orphaned

    claim = services.claim_update(
        claim=claim, expected_version=claim.version, acting_user=editor, quote="roads cost 6m"
    )

    # Re-quoting changes nothing public by itself either.
    assert claim_page(client, claim).find("mark").text() == "the council spent 4 million on roads"
    assert claim.is_report_changed and not claim.is_orphaned
    services.report_change_accept(passage=claim, acting_user=editor)
    assert claim_page(client, claim).find("mark").text() == "roads cost 6m"


def test_the_claim_admin_page_says_the_report_changed(client, claim, report, fact_checker):
    reimport(report, CHANGED, fact_checker)
    client.force_login(fact_checker)

    page = parse(client.get(reverse("admin:factcheck_claim_change", args=[claim.pk])).content)

    notice = page.find("section", cls="claim-passage").text()
    assert "Report changed after publication" in notice
    assert "the public still sees “the council spent 4 million on roads”" in notice


def test_corrected_report_details_wait_for_an_editor_too(
    client, claim, report, fact_checker, editor
):
    report.refresh_from_db()
    article_services.article_correct(
        article=report,
        acting_user=fact_checker,
        expected_updated_at=report.updated_at,
        headline="Council road spending tops 4 million",
    )

    page = claim_page(client, claim)
    assert "“Council spending”" in page.find("section", cls="claim__passages").text()
    claim.refresh_from_db()
    assert claim.is_report_changed
    assert claim.history.order_by("-history_date").first().history_change_reason == (
        "report details changed after publication"
    )
    row = (
        dashboard(client, editor)
        .find("section", id="desk-report-changes")
        .find("li", cls="report-change")
    )
    assert "Headline:" in row.text()
    assert [i.text() for i in row.find_all("ins")] == ["Council road spending tops 4 million"]

    services.report_change_accept(passage=claim, acting_user=editor)

    page = claim_page(client, claim)
    assert (
        "“Council road spending tops 4 million”"
        in page.find("section", cls="claim__passages").text()
    )
    note = page.find("section", cls="claim__updates").find(cls="update__note").text()
    assert "We updated the details of the report we cite." in note
    assert "Its headline now reads “Council road spending tops 4 million”" in note


def test_the_claims_changelist_filters_published_work_whose_report_changed(
    client, desk, claim, report, fact_checker, editor
):
    untouched = desk.publish()
    url = reverse("admin:factcheck_claim_changelist") + "?passage=changed"
    client.force_login(editor)

    def listed():
        return set(client.get(url).context["cl"].result_list.values_list("pk", flat=True))

    assert listed() == set()
    reimport(report, CHANGED, fact_checker)
    assert listed() == {claim.pk}
    assert untouched.pk not in listed()
