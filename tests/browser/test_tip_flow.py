"""A reader's tip made into a claim in the admin, in the browser: the
fact-checker opens the tip, drafts the claim from it on a report's passage,
and finds the claim linked to the tip and back."""

import re

import pytest
from django.urls import reverse

from articles import services as article_services
from articles.models import Article
from factcheck import roles, services
from factcheck.models import Claim
from tests.browser.admin_session import PASSWORD, log_in
from tests.factories import UserFactory

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect

PASSAGE = '"a little awkward"'


@pytest.fixture
def tip(transactional_db, seeds_dir):
    story = article_services.story_get_or_create(spec=article_services.read_manifest(seeds_dir))
    article_services.articles_import(
        inputs=article_services.inputs_from_folder(seeds_dir), story=story
    )
    return services.tip_receive(
        statement="Lee said the drum duet felt a little awkward at first.",
        seen_at="A video shared on social media",
        contact_name="Reader Canary",
    )


def test_a_fact_checker_makes_a_claim_of_a_tip_and_finds_each_linked_to_the_other(
    page, live_server, tip, screenshot
):
    UserFactory(username="checker", role=roles.FACT_CHECKER, password=PASSWORD)
    report = Article.objects.get(body__contains=PASSAGE)
    log_in(page, "checker")

    page.goto(reverse("admin:factcheck_tip_changelist"))
    page.get_by_role("link", name=re.compile("drum duet felt a little awkward")).click()
    page.get_by_text("Make a claim…").click()
    page.locator(".select2-selection").first.click()
    page.locator(".select2-search__field").fill("little awkward")
    page.get_by_role("option", name=report.display_title).click()
    page.get_by_label("Passage:").fill(PASSAGE)
    expect(page.get_by_label("Statement:")).to_have_value(tip.statement)
    screenshot(page, "make-claim")
    page.get_by_role("button", name="Draft the claim").click()

    expect(page.locator(".messagelist")).to_contain_text("A draft claim was made of")
    claim = Claim.objects.get()
    expect(page.locator(".tip-workflow")).to_contain_text("Accepted")
    page.locator(".tip-workflow").get_by_role("link", name=str(claim)).click()

    expect(page).to_have_url(re.compile(rf"/admin/factcheck/claim/{claim.pk}/change/$"))
    expect(page.get_by_label("Statement:")).to_have_value(tip.statement)
    back = page.locator(".claim-workflow").get_by_role("link", name=f"reader tip #{tip.pk}")
    screenshot(page, "claim")
    back.click()
    expect(page).to_have_url(re.compile(rf"/admin/factcheck/tip/{tip.pk}/change/$"))
