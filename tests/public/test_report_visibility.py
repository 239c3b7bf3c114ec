"""
One rule for which reports the public sees (factcheck.querysets.public_reports):
those published work cites, and those an editor marked public. An import alone
never changes a public page.
"""

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from articles import services as article_services
from factcheck import services
from factcheck.models import Discrepancy
from factcheck.querysets import public_reports
from tests.factories import ArticleFactory, OutletFactory, StoryFactory

from .html import parse

pytestmark = pytest.mark.django_db

EMBARGOED = (
    "EMBARGOED DRAFT - NOT FOR PUBLICATION\n\n"
    "Internal wire copy: the council will announce 9 million for roads on Friday.\n\n"
    "Do not share outside the newsroom."
)


@pytest.fixture
def story(desk):
    story = StoryFactory(slug="road-spending", title="Road spending")
    first = desk.article(story=story, outlet=OutletFactory(name="City Paper"))
    second = desk.article(
        story=story, outlet=OutletFactory(name="Evening Post"), quote="the council spent millions"
    )
    story.claim = desk.publish(article=first)
    story.first = first
    desk.discrepancy(
        story,
        [first, second],
        title="How much was spent?",
        quotes=["The mayor said", "The mayor said"],
        status=Discrepancy.Status.RESOLVED,
    )
    return story


def public_addresses(story, claim_slugs):
    return [
        reverse("public:story_detail", args=[story.slug]),
        reverse("public:claim_list"),
        *(reverse("public:claim_detail", args=[slug]) for slug in claim_slugs),
        reverse("public:feed_rss"),
        reverse("public:feed_atom"),
        reverse("public:sitemap"),
        reverse("public:api_claims"),
        reverse("public:api_claimreview"),
    ]


def snapshot(client, addresses):
    cache.clear()
    pages = {}
    for address in addresses:
        response = client.get(address)
        assert response.status_code == 200, address
        pages[address] = response.content
    return pages


def test_importing_a_report_leaves_every_public_page_byte_for_byte_the_same(
    client, story, fact_checker
):
    addresses = public_addresses(story, [story.claim.slug])
    before = snapshot(client, addresses)

    report = article_services.articles_import(
        inputs=[article_services.ImportInput.from_bytes("wire-embargoed.txt", EMBARGOED.encode())],
        story=story,
        outlet_name="Internal Wire",
        acting_user=fact_checker,
    )
    assert report.count(article_services.Status.CREATED) == 1, report.summary()

    after = snapshot(client, addresses)
    for address in addresses:
        assert after[address] == before[address], address
        assert b"EMBARGOED" not in after[address]
        assert b"Internal Wire" not in after[address]


def test_reports_are_public_only_when_published_work_cites_them(desk, story):
    draft_only = desk.article(story=story)
    desk.draft(article=draft_only)
    open_question = desk.article(story=story)
    desk.discrepancy(
        story,
        [story.first, open_question],
        title="Still being researched",
        quotes=["during the meeting", "during the meeting"],
    )
    appearance_only = desk.article(story=story, quote="roads were paid for")
    services.appearance_add(
        claim=story.claim,
        article=appearance_only,
        quote="roads were paid for",
        acting_user=desk.editor,
    )

    public = set(public_reports().in_story(story))

    assert appearance_only in public
    assert draft_only not in public
    assert open_question not in public
    # The claim's own report and the discrepancy's other report.
    assert len(public) == 3


def test_an_editor_can_list_an_uncited_report_with_history(client, story, editor):
    report = ArticleFactory(story=story, headline="Background explainer", outlet=None, url="")
    url = reverse("public:story_detail", args=[story.slug])
    assert b"Background explainer" not in client.get(url).content

    services.report_set_public(
        article=report, public=True, note="Useful context.", acting_user=editor
    )

    items = parse(client.get(url).content).find("ol", cls="reports").find_all("li", cls="report")
    assert any("Background explainer" in item.text() for item in items)
    decision = report.public_report
    assert decision.history.order_by("-history_date").first().history_user == editor

    services.report_set_public(article=report, public=False, acting_user=editor)
    assert b"Background explainer" not in client.get(url).content
    assert decision.history.count() == 2


def test_only_editors_mark_reports_public(story, fact_checker):
    report = ArticleFactory(story=story)

    with pytest.raises(PermissionDenied):
        services.report_set_public(article=report, public=True, acting_user=fact_checker)
    assert report not in public_reports()


def test_the_article_page_says_whether_the_public_sees_the_report(client, story, editor):
    report = ArticleFactory(story=story)
    client.force_login(editor)
    change = reverse("admin:articles_article_change", args=[report.pk])

    section = parse(client.get(change).content).find("section", cls="report-visibility")
    assert "Not listed on the public site" in section.text()
    client.post(reverse("report_set_public", args=[report.pk]), {"public": "1"})

    section = parse(client.get(change).content).find("section", cls="report-visibility")
    assert "an editor marked it public" in section.text()
    assert report in public_reports()


def test_public_pages_never_print_placeholder_words(client, desk):
    story = StoryFactory(slug="no-metadata", title="Reports without metadata")
    bare = desk.article(story=story, outlet=None, headline="", published_on=None)
    claim = desk.publish(article=bare)

    for address in (
        reverse("public:story_detail", args=[story.slug]),
        reverse("public:claim_detail", args=[claim.slug]),
        reverse("public:claim_list"),
    ):
        text = parse(client.get(address).content).text()
        for placeholder in ("Unnamed outlet", "Untitled report", "Undated", "unnamed outlet"):
            assert placeholder not in text, address
        # The outlet falls back to the report's domain.
        assert "news.example.com" in text, address
