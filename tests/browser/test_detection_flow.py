"""Detection in the browser: a story's quotations, claims made from them and from the
article page's suggestions, and a detection run."""

import re

import pytest
from django.urls import reverse

from articles import services as article_services
from factcheck import roles
from factcheck.models import Claim, Discrepancy
from tests.browser.admin_session import PASSWORD, log_in
from tests.factories import UserFactory

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect


@pytest.fixture
def seed_story(transactional_db, seeds_dir):
    story = article_services.story_get_or_create(spec=article_services.read_manifest(seeds_dir))
    report = article_services.articles_import(
        inputs=article_services.inputs_from_folder(seeds_dir), story=story
    )
    assert report.count(article_services.Status.CREATED) == 3, report.summary()
    return story


def test_editor_makes_a_claim_from_a_quotation_on_the_story_quotes_page(
    page, live_server, seed_story, screenshot
):
    UserFactory(username="editor", role=roles.EDITOR, password=PASSWORD)
    log_in(page, "editor")

    page.goto(reverse("admin:factcheck_story_quotes", args=[seed_story.pk]))
    lee = page.locator(".quote-speaker", has=page.locator("h2", has_text="Lee Jae"))
    expect(lee).to_have_count(1)
    expect(lee.locator(".quote-speaker-meta")).to_contain_text("also written")
    remark = lee.locator(
        ".quote-remark", has=page.locator(".quote-words", has_text="a little clumsy.")
    )
    expect(remark.locator(".quote-rendering")).to_have_count(4)
    expect(remark.locator(".quote-remark-heading")).to_have_text("Worded differently in 3 reports")
    expect(remark.locator("del.diff-delete").first).to_be_visible()
    expect(remark.locator("ins.diff-insert").first).to_be_visible()
    expect(page.locator(".quote-words", has_text="Dynamite")).to_have_count(0)
    screenshot(page, "quotes")

    # "a little awkward" also sits inside a longer quotation of the same report:
    # the link carries the words around this one, so the claim lands here.
    rendering = remark.locator(
        ".quote-rendering",
        has=page.locator("mark.quote-mark", has_text=re.compile(r"^a little awkward$")),
    )
    rendering.get_by_role("link", name="Create claim from this passage").click()
    expect(page.get_by_label("Passage:")).to_have_value("a little awkward")
    expect(page.get_by_label("Text just before it:")).not_to_have_value("")
    screenshot(page, "add-form")
    page.get_by_label("Statement:").fill("Lee said he felt a little awkward at first.")
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    claim = Claim.objects.get()
    assert claim.quote == "a little awkward"
    assert claim.article.body[claim.end : claim.end + 9] == '" at firs'


def test_editor_runs_detection_and_makes_a_claim_from_an_article_suggestion(
    page, live_server, seed_story, screenshot
):
    UserFactory(username="editor", role=roles.EDITOR, password=PASSWORD)
    article = seed_story.articles.get(body__contains="a little awkward")
    log_in(page, "editor")

    page.goto(reverse("admin:factcheck_story_quotes", args=[seed_story.pk]))
    page.get_by_role("button", name="Find discrepancies in this story").click()
    expect(page.locator(".messagelist")).to_contain_text(
        re.compile(r"\d+ new suggestions; 0 already tracked or dismissed")
    )
    assert Discrepancy.objects.filter(story=seed_story, status="suggested").exists()
    screenshot(page, "suggestions")

    page.goto(reverse("admin:articles_article_change", args=[article.pk]))
    discrepancies = page.locator(".article-discrepancies tbody tr")
    expect(discrepancies.first).to_contain_text("Suggested")
    suggestions = page.locator(".suggested-claim")
    expect(suggestions.first).to_be_visible()
    first_text = suggestions.first.locator(".suggested-claim-text").inner_text()
    screenshot(page, "article")

    suggestions.first.get_by_role("link", name="Create claim from this passage").click()
    expect(page.get_by_label("Passage:")).to_have_value(first_text)
    page.get_by_label("Statement:").fill("A checkable statement from the suggestion.")
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")

    page.goto(reverse("admin:articles_article_change", args=[article.pk]))
    expect(suggestions.first.locator(".claimed-badge")).to_have_text("Already claimed")
    screenshot(page, "article-claimed")
