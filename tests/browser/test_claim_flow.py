"""A claim from a pasted passage to publication, by two people, in the browser."""

import re

import pytest
from django.urls import reverse

from articles import services as article_services
from factcheck import roles
from factcheck.models import Claim, Source
from tests.browser.admin_session import PASSWORD, log_in, log_out
from tests.factories import UserFactory

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect

# Straight quotes, as staff type them; the anchoring matches the article's own text.
PASSAGE = '"a little awkward"'
STATEMENT = "Lee said playing the drums with Takaichi felt a little awkward at first."
RULING = "Lee's post on X says it was a little awkward at first; the report quotes him accurately."


def pick(page, field, search, option):
    """Choose ``option`` in the select2 autocomplete of ``field`` after typing ``search``."""
    page.locator(f".field-{field} .select2-selection").first.click()
    page.locator(".select2-search__field").fill(search)
    page.get_by_role("option", name=option).click()


@pytest.fixture
def seed_story(transactional_db, seeds_dir):
    story = article_services.story_get_or_create(spec=article_services.read_manifest(seeds_dir))
    report = article_services.articles_import(
        inputs=article_services.inputs_from_folder(seeds_dir), story=story
    )
    assert report.count(article_services.Status.CREATED) == 3, report.summary()
    return story


def test_fact_checker_drafts_and_submits_a_claim_and_an_editor_publishes_it(
    page, live_server, seed_story, screenshot
):
    UserFactory(username="checker", role=roles.FACT_CHECKER, password=PASSWORD)
    UserFactory(username="editor", role=roles.EDITOR, password=PASSWORD)
    report = seed_story.articles.get(body__contains=PASSAGE)

    # The fact-checker pastes the passage and writes the statement.
    log_in(page, "checker")
    screenshot(page, "dashboard-empty")
    page.goto(reverse("admin:factcheck_claim_changelist"))
    page.get_by_role("link", name="Add claim").click()
    pick(page, "article", "little awkward", report.display_title)
    page.get_by_label("Passage:").fill(PASSAGE)
    page.get_by_label("Statement:").fill(STATEMENT)
    page.get_by_label("or a new claimant:").fill("Lee Jae Myung")
    page.get_by_label("Kind:").select_option(label="Quote")
    screenshot(page, "add-form")
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    claim = Claim.objects.get()
    expect(page.locator(".passage-context mark")).to_have_text(PASSAGE)

    # Verdict, ruling and a new source, created in the autocomplete's "+" popup.
    page.get_by_label("Rating:").select_option(label="True")
    page.get_by_label("Ruling:").fill(RULING)
    with page.expect_popup() as popup_info:
        page.locator("#add_id_citations-2-0-source").click()
    popup = popup_info.value
    # The harness watches ``page`` only; the popup must pass the CSP as well.
    popup_problems = []
    popup.on(
        "console",
        lambda message: message.type == "error" and popup_problems.append(message.text),
    )
    popup.on("pageerror", lambda error: popup_problems.append(str(error)))
    screenshot(popup, "source-popup")
    popup.get_by_label("Title:").fill("Lee Jae-myung on X")
    popup.get_by_label("URL:", exact=True).fill("https://x.com/Jaemyung_Lee/status/1")
    popup.get_by_label("Publisher:").fill("X")
    popup.get_by_label("Kind:").select_option(label="Social media post")
    popup.get_by_role("button", name="Save", exact=True).click()
    popup.wait_for_event("close")
    assert popup_problems == []
    source = Source.objects.get()
    expect(page.locator("#id_citations-2-0-source")).to_have_value(str(source.pk))
    page.locator("#id_citations-2-0-stance").select_option(label="Supports")
    page.locator("#id_citations-2-0-excerpt").fill("It was a little awkward at first")
    screenshot(page, "change-form")
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    expect(page.locator("#citations-group")).to_contain_text("Lee Jae-myung on X")

    # The reviewer is optional: left as it is, any editor of the desk reviews it.
    page.locator("summary", has_text="Submit for review").click()
    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator(".messagelist")).to_contain_text("was submitted for review")
    expect(page.locator(".claim-workflow .status-badge")).to_have_text("In review")
    screenshot(page, "submitted")
    log_out(page)

    # The editor finds it on the dashboard and publishes it.
    log_in(page, "editor")
    screenshot(page, "dashboard")
    page.locator(".desk-counts").get_by_role("link", name=re.compile("In review")).click()
    page.get_by_role("link", name=claim.statement[:80]).click()
    expect(page.get_by_role("button", name="Publish", exact=True)).to_be_enabled()
    screenshot(page, "review")
    page.get_by_role("button", name="Publish", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was published")
    expect(page.locator(".claim-workflow .status-badge")).to_have_text("Published")
    screenshot(page, "published")

    claim.refresh_from_db()
    assert claim.status == Claim.Status.PUBLISHED
    assert claim.rating.label == "True"
    assert claim.created_by.username == "checker"

    page.get_by_role("link", name="History").click()
    history = page.locator("#change-history")
    screenshot(page, "history")
    rows = history.locator("tbody tr")
    expect(rows.filter(has_text="published").first).to_contain_text("editor")
    expect(rows.filter(has_text="submitted for review")).to_contain_text("checker")
    expect(rows.filter(has_text="created")).to_contain_text("checker")

    page.goto(reverse("admin:factcheck_claim_changelist"))
    row = page.locator("#result_list tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Published")
    expect(row.locator(".rating-badge")).to_have_text("True")
    screenshot(page, "changelist")

    # The article's text shows the passage, marked and linked to the claim.
    page.goto(reverse("admin:articles_article_change", args=[report.pk]))
    mark = page.locator(".article-body mark.claim-mark")
    expect(mark).to_have_text(PASSAGE)
    expect(mark).to_have_class(re.compile("rating--green"))
    screenshot(page, "article")
