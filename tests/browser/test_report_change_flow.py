"""A report behind a published claim changes: the public keeps the published
passage until an editor, shown the word diff on the dashboard, accepts it."""

import re

import pytest
from django.urls import reverse

from articles import services as article_services
from factcheck import roles, services
from factcheck.models import Rating, Stance
from tests.browser.admin_session import PASSWORD, log_in, log_out
from tests.factories import SourceFactory, UserFactory

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect

PUBLISHED = '"a little awkward" at first'
EDITED = '"somewhat awkward" at first'


@pytest.fixture
def published_claim(transactional_db, seeds_dir):
    """A seed report imported as the demo does, and a claim on it published by
    the desk through the services."""
    checker = UserFactory(username="checker", role=roles.FACT_CHECKER, password=PASSWORD)
    editor = UserFactory(username="editor", role=roles.EDITOR, password=PASSWORD)
    story = article_services.story_get_or_create(spec=article_services.read_manifest(seeds_dir))
    article_services.articles_import(
        inputs=article_services.inputs_from_folder(seeds_dir), story=story, acting_user=checker
    )
    report = story.articles.get(body__contains=PUBLISHED)
    claim = services.claim_create(
        article=report,
        quote=PUBLISHED,
        statement="Lee said drumming with Takaichi felt a little awkward at first.",
        acting_user=checker,
    )
    claim = services.claim_update(
        claim=claim,
        expected_version=claim.version,
        acting_user=checker,
        rating=Rating.objects.get(slug="true"),
        ruling="Lee's post on X says so.",
    )
    services.citation_add(
        claim=claim, source=SourceFactory(), stance=Stance.SUPPORTS, acting_user=checker
    )
    claim = services.claim_submit(claim=claim, acting_user=checker)
    return services.claim_publish(claim=claim, acting_user=editor), report


def test_a_changed_report_waits_for_the_editor_before_the_public_page_follows(
    page, published_claim, seeds_dir, screenshot
):
    claim, report = published_claim
    seed = next(path for path in seeds_dir.glob("*.txt") if path.name == report.source)
    changed = seed.read_text(encoding="utf-8").replace(PUBLISHED, EDITED)
    assert changed != seed.read_text(encoding="utf-8")
    public_url = reverse("public:claim_detail", args=[claim.slug])

    # A fact-checker imports the outlet's edited copy of the report.
    log_in(page, "checker")
    page.goto(reverse("admin:articles_article_import"))
    page.get_by_label("Files:").set_input_files(
        files=[{"name": seed.name, "mimeType": "text/plain", "buffer": changed.encode()}]
    )
    page.get_by_role("button", name="Import").click()
    expect(page.locator(".messagelist")).to_contain_text("Import finished")
    screenshot(page, "imported")
    log_out(page)

    # The public claim page still quotes the published passage.
    page.goto(public_url)
    passage = page.locator(".claim__passages mark").first
    expect(passage).to_have_text(PUBLISHED)
    expect(page.locator("body")).not_to_contain_text("somewhat awkward")

    # The editor sees the flag with its word diff, and accepts the new text.
    log_in(page, "editor")
    panel = page.locator("#desk-report-changes")
    row = panel.locator(".report-change").filter(has_text=claim.statement[:60])
    expect(row.locator("del")).to_have_text(['"a little'])
    expect(row.locator("ins")).to_have_text(['"somewhat'])
    screenshot(page, "dashboard-flag")
    row.get_by_label("Public note").fill("Yonhap reworded Lee's quote.")
    row.get_by_role("button", name="Accept the new text").click()
    expect(page.locator(".messagelist")).to_contain_text("now shows the report’s new text")
    expect(page.locator("#desk-report-changes")).to_contain_text("reads as it did when published")
    log_out(page)

    # The public page now quotes the new text, with the dated note. The
    # browser kept the page for PUBLIC_CACHE_MAX_AGE; reloading revalidates it
    # (a new ETag), as any reader's browser does once that time is up.
    page.goto(public_url)
    page.reload()
    expect(page.locator(".claim__passages mark").first).to_have_text(EDITED)
    update = page.locator(".claim__updates .update").last
    expect(update.locator("time")).to_have_attribute("datetime", re.compile(r"^\d{4}-\d\d-\d\d"))
    expect(update).to_contain_text("updated after we published this")
    expect(update).to_contain_text('now reads “"somewhat awkward" at first”')
    screenshot(page, "public-note")
