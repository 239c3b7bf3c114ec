"""An editor sends a claim back; the fact-checker is told, with the note, and
resubmits; the editor is told in turn. In the browser, through the header's
unread count and the notification list."""

import re

import pytest

from factcheck import roles, services
from factcheck.models import Claim, Rating, Stance
from tests.browser.admin_session import PASSWORD, log_in, log_out
from tests.factories import ArticleFactory, SourceFactory, UserFactory

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect

NOTE = "Cite the council's published accounts, not the press release."


@pytest.fixture
def submitted_claim(transactional_db):
    checker = UserFactory(
        username="checker",
        first_name="Ana",
        last_name="Checker",
        role=roles.FACT_CHECKER,
        password=PASSWORD,
    )
    UserFactory(
        username="editor", first_name="Ed", last_name="Itor", role=roles.EDITOR, password=PASSWORD
    )
    services.ratings_install_default()
    article = ArticleFactory(body="The mayor said the bridge cost $4 million.")
    claim = services.claim_create(
        article=article,
        quote="the bridge cost $4 million",
        statement="The bridge cost $4 million.",
        acting_user=checker,
    )
    claim = services.claim_update(
        claim=claim,
        expected_version=claim.version,
        acting_user=checker,
        rating=Rating.objects.get(slug="false"),
        ruling="City accounts show $6.2 million.",
    )
    services.citation_add(
        claim=claim, source=SourceFactory(), stance=Stance.CONTRADICTS, acting_user=checker
    )
    return services.claim_submit(claim=claim, acting_user=checker)


def test_a_claim_sent_back_and_resubmitted_tells_each_side(
    page, live_server, submitted_claim, screenshot
):
    # The editor was told of the submission; the header says who they are.
    log_in(page, "editor")
    expect(page.locator("#user-tools")).to_contain_text("Signed in as Ed Itor (Editor)")
    expect(page.locator("#user-tools .unread-count")).to_have_text("1")
    page.locator("#user-tools").get_by_role("link", name=re.compile("Notifications")).click()
    page.locator("#result_list").get_by_role(
        "link", name=re.compile("Submitted for review")
    ).click()
    expect(page).to_have_url(re.compile(rf"/claim/{submitted_claim.pk}/change/"))
    expect(page.locator("#user-tools .unread-count")).to_have_count(0)

    page.get_by_text("Send back to draft…").click()
    page.get_by_label(re.compile("What needs to change")).fill(NOTE)
    page.get_by_role("button", name="Send back to draft").click()
    expect(page.locator(".messagelist")).to_contain_text("was sent back to draft")
    screenshot(page, "sent-back")
    log_out(page)

    # The fact-checker sees one unread notification, and the note in it.
    log_in(page, "checker")
    expect(page.locator("#user-tools")).to_contain_text("Signed in as Ana Checker (Fact-checker)")
    expect(page.locator("#user-tools .unread-count")).to_have_text("1")
    page.locator("#user-tools").get_by_role("link", name=re.compile("Notifications")).click()
    row = page.locator("#result_list tbody tr").filter(has_text="Sent back to you")
    expect(row).to_contain_text(NOTE)
    expect(row).to_contain_text("Unread")
    screenshot(page, "notifications")
    row.get_by_role("link", name=re.compile("Sent back to you")).click()
    expect(page).to_have_url(re.compile(rf"/claim/{submitted_claim.pk}/change/"))
    expect(page.locator("#user-tools .unread-count")).to_have_count(0)
    page.locator("summary", has_text="Submit for review").click()
    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator(".messagelist")).to_contain_text("was submitted for review")
    log_out(page)

    # The editor is told of the resubmission.
    log_in(page, "editor")
    expect(page.locator("#user-tools .unread-count")).to_have_text("1")
    page.locator("#user-tools").get_by_role("link", name=re.compile("Notifications")).click()
    unread = page.locator("#result_list tbody tr").filter(has_text="Unread")
    expect(unread).to_have_count(1)
    expect(unread).to_contain_text("Ana Checker submitted the claim")
    screenshot(page, "resubmitted")

    submitted_claim.refresh_from_db()
    assert submitted_claim.status == Claim.Status.IN_REVIEW
