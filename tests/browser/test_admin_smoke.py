import dataclasses
import re
from itertools import pairwise

import pytest
from django.urls import reverse

from articles import services
from articles.analysis import text
from articles.importers import ParsedArticle
from articles.models import Article
from factcheck import roles
from tests.browser.admin_session import PASSWORD, log_in
from tests.factories import UserFactory

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect

VOTE = (
    "Council passes the 2026 budget\n\n"
    "The city council approved the 2026 budget on Tuesday by seven votes to two.\n\n"
    "The mayor welcomed the vote.\n"
)


def test_admin_shows_the_seed_story_side_by_side_and_an_article_text(
    page, live_server, transactional_db, seeds_dir, screenshot
):
    story = services.story_get_or_create(spec=services.read_manifest(seeds_dir))
    report = services.articles_import(inputs=services.inputs_from_folder(seeds_dir), story=story)
    assert report.count(services.Status.CREATED) == 3, report.summary()
    # Read before the browser starts: the test shares the live server's database connection.
    articles = list(Article.objects.in_story(story).side_by_side())
    UserFactory(username="admin", is_superuser=True, password=PASSWORD)
    log_in(page, "admin")
    screenshot(page, "index")

    page.goto(reverse("admin:articles_article_changelist"))
    expect(page.locator("#result_list tbody tr")).to_have_count(3)
    expect(page.get_by_role("link", name="Import articles")).to_be_visible()
    screenshot(page, "articles")

    page.goto(reverse("admin:articles_story_change", args=[story.pk]))
    columns = page.locator(".side-by-side-report")
    expect(columns).to_have_count(3)
    boxes = [columns.nth(i).bounding_box() for i in range(3)]
    # Side by side: one row, left to right, none overlapping.
    assert len({round(box["y"]) for box in boxes}) == 1
    assert all(left["x"] + left["width"] <= right["x"] for left, right in pairwise(boxes))
    for column, article in zip(boxes, articles, strict=True):
        assert column["width"] > 200, f"column for {article.source} is too narrow"
    for i, article in enumerate(articles):
        expect(columns.nth(i)).to_contain_text(article.display_title)
    screenshot(page, "story")

    first = articles[0]
    columns.nth(0).get_by_role("link").click()
    expect(page).to_have_url(re.compile(reverse("admin:articles_article_change", args=[first.pk])))
    body = page.locator(".article-body")
    for paragraph in text.paragraphs(first.body)[:3]:
        expect(body).to_contain_text(paragraph)
    expect(page.locator(".article-revisions tbody tr")).to_have_count(1)
    screenshot(page, "article")

    page.get_by_role("link", name="Raw input").first.click()
    expect(page.locator("pre.raw-input")).to_contain_text(first.raw_input.strip().split("\n")[0])
    screenshot(page, "raw")


def test_import_page_uploads_files_into_a_story_picked_by_search(
    page, live_server, transactional_db, screenshot
):
    story = services.story_get_or_create(
        spec=services.StorySpec(slug="city-budget", title="City budget vote")
    )
    UserFactory(username="checker", role=roles.FACT_CHECKER, password=PASSWORD)
    log_in(page, "checker")

    page.goto(reverse("admin:articles_article_changelist"))
    page.get_by_role("link", name="Import articles").click()
    page.locator("input[type=file][multiple]").set_input_files(
        [
            {"name": "vote.txt", "mimeType": "text/plain", "buffer": VOTE.encode()},
            {"name": "empty.txt", "mimeType": "text/plain", "buffer": b""},
        ]
    )
    page.locator(".field-story .select2-selection").click()
    page.locator(".select2-search__field").fill("budget")
    page.get_by_role("option", name="City budget vote").click()
    expect(page.locator("#id_story")).to_have_value(str(story.pk))
    screenshot(page, "form")
    page.get_by_role("button", name="Import").click()

    results = page.locator(".import-results")
    expect(results.locator("tr.import-created")).to_contain_text("vote.txt")
    expect(results.locator("tr.import-failed")).to_contain_text("the file is empty")
    expect(page.locator(".messagelist")).to_contain_text("1 created")
    screenshot(page, "results")
    page.wait_for_load_state("networkidle")
    assert Article.objects.get(source="vote.txt").story == story


def test_revision_diff_and_history_pages_render(page, live_server, transactional_db, screenshot):
    editor = UserFactory(username="editor", role=roles.EDITOR, password=PASSWORD)
    first = ParsedArticle(
        body="The council approved the budget on Tuesday.\n\nIt passed by 7 votes to 2.",
        raw_input="",
        format="text",
        source="budget.txt",
        headline="Council approves budget",
    )
    article = services.article_import(parsed=first, acting_user=editor).article
    second = dataclasses.replace(first, body=first.body.replace("approved", "rejected"))
    services.article_import(parsed=second, acting_user=editor)
    log_in(page, "editor")

    page.goto(reverse("admin:articles_article_change", args=[article.pk]))
    page.get_by_role("link", name="Differences from revision 1").click()
    expect(page.locator(".word-diff del")).to_have_text(["approved"])
    expect(page.locator(".word-diff ins")).to_have_text(["rejected"])
    screenshot(page, "diff")

    page.goto(reverse("admin:articles_article_history", args=[article.pk]))
    # The import, then the re-import that changed the content hash.
    expect(page.locator("#change-history tbody tr")).to_have_count(2)
    screenshot(page, "history")
