import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from .conftest import queries

pytestmark = pytest.mark.django_db

NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def locations(response):
    root = ET.fromstring(response.content)  # noqa: S314 (our own response)
    return [url.findtext(f"{NS}loc") for url in root.findall(f"{NS}url")]


def test_sitemap_lists_exactly_the_published_claims(client, desk, published):
    desk.draft(statement="A draft.")
    desk.ready(desk.draft(statement="In review."))
    desk.unpublish(published[0], note="Withdrawn.")

    response = client.get(reverse("public:sitemap"))

    assert response.status_code == 200
    claim_urls = {loc for loc in locations(response) if "/claims/" in loc and loc.count("/") > 4}
    assert claim_urls == {
        f"http://testserver{reverse('public:claim_detail', args=[c.slug])}" for c in published[1:]
    }


def test_sitemap_lists_public_stories_and_the_site_pages(client, desk, published):
    draft_only = desk.draft().article.story

    found = set(locations(client.get(reverse("public:sitemap"))))

    stories = {
        f"http://testserver{reverse('public:story_detail', args=[c.article.story.slug])}"
        for c in published
    }
    assert stories <= found
    assert f"http://testserver/stories/{draft_only.slug}/" not in found
    for name in ("public:claim_list", "public:methodology", "public:corrections"):
        assert f"http://testserver{reverse(name)}" in found


# Queries, whatever the number of claims: for each of the claim and story
# sections, the count (pagination) and the rows. The site pages need none.
@pytest.mark.parametrize("count", [3, 10])
def test_sitemap_query_count_does_not_grow(client, desk, count):
    for _ in range(count):
        desk.publish()
    with queries(4):
        response = client.get(reverse("public:sitemap"))
    assert len(locations(response)) == 2 * count + 3
