import pytest
from django.urls import reverse

from factcheck.models import SitePage

from .conftest import queries
from .html import parse

pytestmark = pytest.mark.django_db


def test_methodology_page_shows_the_staff_written_text_as_paragraphs(client):
    page = SitePage.objects.get(slug="methodology")

    response = client.get(reverse("public:methodology"))

    html = parse(response.content)
    assert html.find("h1").text() == page.title
    paragraphs = [p.text() for p in html.find("article", cls="site-page").find_all("p")]
    assert paragraphs[0].startswith("We read every report of an event side by side")
    assert len(paragraphs) == len(page.body.split("\n\n")) + 1  # and "Last updated"


def test_site_page_text_is_escaped(client):
    SitePage.objects.filter(slug="methodology").update(
        body='<script>alert(1)</script>\n\n<a href="javascript:x">link</a>'
    )

    content = client.get(reverse("public:methodology")).content.decode()

    assert "<script>alert(1)</script>" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content
    assert 'href="javascript:x"' not in content


def test_corrections_page_lists_recent_corrections_of_published_claims(client, desk, published):
    desk.correct(published[0], note="Figure updated.", rating="mostly-false")
    desk.correct(published[1], note="Correction on a claim later withdrawn.")
    desk.unpublish(published[1], note="Withdrawn.")

    html = parse(client.get(reverse("public:corrections")).content)

    section = html.find("section", cls="recent-corrections")
    items = section.find_all("li", cls="update")
    assert len(items) == 1
    assert "Figure updated." in items[0].text()
    assert "Verdict changed from False to Mostly false." in items[0].text()
    link = items[0].find("a").attrs["href"]
    assert link == reverse("public:claim_detail", args=[published[0].slug])


def test_a_missing_site_page_is_not_found(client):
    SitePage.objects.filter(slug="corrections").delete()

    assert client.get(reverse("public:corrections")).status_code == 404


# Queries: the page; on the corrections page, also the latest corrections of
# published claims, with their claims and ratings, in one query.
def test_site_pages_query_counts(client, desk, published):
    for claim in published:
        desk.correct(claim, note="Noted.")

    with queries(1):
        client.get(reverse("public:methodology"))
    with queries(2):
        response = client.get(reverse("public:corrections"))
    assert len(parse(response.content).find_all("li", cls="update")) == 3
