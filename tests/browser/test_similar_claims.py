"""Checked before, in the browser: typing a statement in the claim form lists
the claim of another story that says the same, before anything is saved."""

import pytest
from django.urls import reverse

from factcheck import roles, services
from tests.browser.admin_session import PASSWORD, log_in
from tests.factories import ArticleFactory, StoryFactory, UserFactory

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect

CHECKED = "The Harbour Road flyover cost twelve million euros, according to Mayor Brennick."


def test_typing_a_statement_shows_the_similar_claim_of_another_story(page, live_server):
    checker = UserFactory(username="checker", role=roles.FACT_CHECKER, password=PASSWORD)
    body = "Mayor Brennick said the flyover cost twelve million euros."
    services.claim_create(
        article=ArticleFactory(story=StoryFactory(title="Harbour works"), body=body),
        quote="the flyover cost twelve million euros",
        statement=CHECKED,
        acting_user=checker,
    )
    services.claim_create(
        article=ArticleFactory(story=StoryFactory(title="Schools"), body="Term starts Monday."),
        quote="Term starts Monday",
        statement="The school term starts on Monday.",
        acting_user=checker,
    )

    log_in(page, "checker")
    page.goto(reverse("admin:factcheck_claim_add"))
    live = page.locator("#similar-live")
    expect(live).to_be_hidden()
    page.get_by_label("Statement:").press_sequentially(
        "Brennick says the Harbour Road flyover cost 12 million euros", delay=5
    )

    expect(live).to_be_visible()
    expect(live.locator(".similar-row")).to_have_count(1)
    expect(live.locator(".similar-row")).to_contain_text(CHECKED)
    expect(live.locator(".similar-row")).to_contain_text("Harbour works")
    expect(live).not_to_contain_text("school term")
