"""How the three seed reports describe the leaders' clothes: recorded side by side,
resolved with a source, gone from the open work. In the browser, by an editor."""

import re

import pytest
from django.urls import reverse

from articles import services as article_services
from factcheck import roles
from factcheck.models import Discrepancy, Stance
from tests.browser.test_claim_flow import PASSWORD, log_in, pick
from tests.factories import SourceFactory, UserFactory

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect

QUESTION = "What did the leaders wear?"
# What each seed report says, by the start of its file name.
PASSAGES = {
    "000": "matching athletic jackets",
    "003": "matching blue sports tops",
    "004": "matching blue uniforms embroidered with their national flags",
}
RESOLUTION = (
    "The Prime Minister's Office video shows matching blue tops with the leaders' names "
    "and flags; “athletic jackets” is a looser description of the same clothes."
)
EXCERPT = "Both leaders wear blue team tops embroidered with their names and national flags."


@pytest.fixture
def seed_story(transactional_db, seeds_dir):
    """The three seed reports, imported as an import would leave them."""
    story = article_services.story_get_or_create(spec=article_services.read_manifest(seeds_dir))
    article_services.articles_import(
        inputs=article_services.inputs_from_folder(seeds_dir), story=story
    )
    return story


def report_label(article):
    """How the pages name a report: its outlet, or its file when the outlet is unknown."""
    return article.outlet.name if article.outlet else article.source


def test_editor_records_the_clothes_discrepancy_side_by_side_and_resolves_it_with_a_source(
    page, live_server, seed_story, screenshot
):
    UserFactory(username="editor", role=roles.EDITOR, password=PASSWORD)
    source = SourceFactory(
        title="Drum session video",
        publisher="Prime Minister's Office of Japan",
        url="https://www.instagram.com/kantei/",
        kind="official",
    )
    reports = {article.source[:3]: article for article in seed_story.articles.all()}

    # From the story page, the editor records what each report says.
    log_in(page, "editor")
    page.goto(reverse("admin:articles_story_change", args=[seed_story.pk]))
    expect(page.locator(".story-discrepancies")).to_contain_text(
        "No discrepancies recorded for this story yet."
    )
    screenshot(page, "story-before")
    page.locator(".story-discrepancy-tools").get_by_role(
        "link", name="Record a discrepancy"
    ).click()
    page.get_by_label("Question:").fill(QUESTION)
    page.get_by_label("Kind:").select_option(label="Description")
    page.get_by_label("Severity:").select_option(label="Minor")
    for prefix, quote in PASSAGES.items():
        page.get_by_label(f"Passage in {report_label(reports[prefix])}:").fill(quote)
    screenshot(page, "record-form")
    page.get_by_role("button", name="Record the discrepancy").click()

    # Its page shows the three reports side by side, the differing words marked.
    expect(page.locator(".messagelist")).to_contain_text(f"“{QUESTION}” was recorded")
    columns = page.locator(".passage-column")
    expect(columns).to_have_count(3)
    for prefix, quote in PASSAGES.items():
        column = columns.filter(has_text=report_label(reports[prefix]))
        expect(column.locator(".passage-words")).to_have_text(quote)
    reference = columns.first
    expect(reference.locator(".reference-label")).to_have_text("reference")
    # The reference (the dated Korea Bizwire report) against the other two.
    expect(reference.locator("mark.diff-mark")).to_have_text(
        "blue uniforms embroidered with their national flags"
    )
    jackets = columns.filter(has_text=report_label(reports["000"]))
    expect(jackets.locator("mark.diff-mark")).to_have_text("athletic jackets")
    expect(jackets.locator(".diff-changes del")).to_have_text(
        "blue uniforms embroidered with their national flags"
    )
    expect(jackets.locator(".diff-changes ins")).to_have_text("athletic jackets")
    tops = columns.filter(has_text=report_label(reports["003"]))
    expect(tops.locator("mark.diff-mark")).to_have_text("sports tops")
    screenshot(page, "recorded")
    discrepancy_url = page.url

    # The dashboard lists it as open work of the story.
    page.goto(reverse("admin:index"))
    open_work = page.locator("#desk-discrepancies")
    expect(open_work.locator("tbody tr")).to_have_count(1)
    expect(open_work.locator("tbody tr")).to_contain_text(seed_story.title[:40])
    screenshot(page, "dashboard-open")
    page.goto(discrepancy_url)

    # It cites the video as its source, with the resolution, then resolves it.
    page.get_by_label("Resolution:", exact=True).fill(RESOLUTION)
    pick(page, "source", "Drum session", str(source))
    page.locator("#id_citations-0-stance").select_option(label="Supports")
    page.locator("#id_citations-0-excerpt").fill(EXCERPT)
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    expect(page.locator(".discrepancy-resolution")).to_contain_text("Drum session video")
    expect(page.locator(".discrepancy-resolution")).to_contain_text(EXCERPT)
    screenshot(page, "cited")

    page.locator(".workflow-details summary", has_text="Resolve…").click()
    expect(page.locator("#resolve-resolution")).to_have_value(RESOLUTION)
    page.get_by_role("button", name="Resolve", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text(f"“{QUESTION}” was resolved.")
    expect(page.locator(".discrepancy-workflow .status-badge")).to_have_text("Resolved")
    screenshot(page, "resolved")

    discrepancy = Discrepancy.objects.get()
    assert discrepancy.title == QUESTION
    assert discrepancy.status == Discrepancy.Status.RESOLVED
    assert discrepancy.resolution == RESOLUTION
    assert discrepancy.resolved_by.username == "editor"
    assert discrepancy.severity == Discrepancy.Severity.MINOR
    assert {p.article.source[:3]: p.quote for p in discrepancy.passages.all()} == PASSAGES
    citation = discrepancy.citations.get()
    assert (citation.source, citation.stance, citation.excerpt) == (
        source,
        Stance.SUPPORTS,
        EXCERPT,
    )
    assert [h.history_change_reason for h in discrepancy.history.order_by("history_date")] == [
        "recorded",
        "edited",
        "source cited",
        "resolve",
    ]

    # The story's matrix shows who said what; the dashboard has nothing open.
    page.goto(reverse("admin:articles_story_change", args=[seed_story.pk]))
    row = page.locator(".discrepancy-matrix tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Resolved")
    for quote in PASSAGES.values():
        expect(row).to_contain_text(f"“{quote}”")
    screenshot(page, "story-matrix")

    page.goto(reverse("admin:index"))
    open_work = page.locator("#desk-discrepancies")
    expect(open_work).to_contain_text("No open discrepancies.")
    expect(open_work).not_to_contain_text(seed_story.title)
    screenshot(page, "dashboard")

    page.goto(reverse("admin:factcheck_discrepancy_changelist"))
    expect(page.locator("#result_list tbody tr")).to_have_count(1)
    expect(page.locator("#result_list tbody tr")).to_contain_text(re.compile("Resolved"))
    screenshot(page, "changelist")
