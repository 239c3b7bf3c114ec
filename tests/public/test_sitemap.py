"""The sitemap index, its sections, robots.txt and the site's icon."""

import datetime
import xml.etree.ElementTree as ET
from collections.abc import Iterator

import pytest
from django.contrib.staticfiles import finders
from django.db import connection
from django.urls import reverse

from factcheck.models import Claim, DiscrepancyUpdate, SitePage
from tests.factories import ArticleFactory

from .conftest import queries
from .html import parse

pytestmark = pytest.mark.django_db

NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
UTC = datetime.UTC
INDEX = reverse("public:sitemap")


def xml(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    return ET.fromstring(body(response))  # noqa: S314 (our own response)


def body(response) -> bytes:
    """The whole response, streamed (a section's page) or not (the index)."""
    return b"".join(response.streaming_content) if response.streaming else response.content


def entries(response, tag="url"):
    """``{loc: lastmod}`` of a sitemap (``url``) or of the index (``sitemap``)."""
    return {
        entry.findtext(f"{NS}loc"): entry.findtext(f"{NS}lastmod")
        for entry in xml(response).findall(f"{NS}{tag}")
    }


def section(name, page=None):
    url = reverse("public:sitemap_section", args=[name])
    return f"{url}?p={page}" if page else url


def everything(client):
    """Every address of every sitemap the index names, with its lastmod."""
    found = {}
    for loc in entries(client.get(INDEX), "sitemap"):
        found |= entries(client.get(loc.removeprefix("http://testserver")))
    return found


def test_the_index_names_each_section_with_its_latest_change(client, desk, clock):
    clock.set(datetime.datetime(2026, 4, 1, 9, 0, tzinfo=UTC))
    claim = desk.publish()
    clock.set(datetime.datetime(2026, 4, 3, 9, 0, tzinfo=UTC))
    desk.correct(claim, note="A second source.")

    index = entries(client.get(INDEX), "sitemap")

    assert index == {
        f"http://testserver{section('claims')}": "2026-04-03T09:00:00+00:00",
        f"http://testserver{section('stories')}": "2026-04-03T09:00:00+00:00",
        f"http://testserver{section('pages')}": index[f"http://testserver{section('pages')}"],
    }
    assert index[f"http://testserver{section('pages')}"] is not None


def test_the_sitemaps_list_exactly_the_published_claims(client, desk, published):
    desk.draft(statement="A draft.")
    desk.ready(desk.draft(statement="In review."))
    desk.unpublish(published[0], note="Withdrawn.")

    found = everything(client)

    claim_urls = {loc for loc in found if "/claims/" in loc and loc.count("/") > 4}
    assert claim_urls == {
        f"http://testserver{reverse('public:claim_detail', args=[c.slug])}" for c in published[1:]
    }


def test_every_address_has_a_lastmod_the_claims_their_one_last_modified(client, desk, clock):
    clock.set(datetime.datetime(2026, 4, 1, 9, 0, tzinfo=UTC))
    claim = desk.publish()
    draft_only = desk.draft().article.story
    clock.set(datetime.datetime(2026, 4, 2, 9, 0, tzinfo=UTC))
    desk.correct(claim, note="A second source.")
    clock.set(datetime.datetime(2026, 4, 4, 9, 0, tzinfo=UTC))
    page = SitePage.objects.get(slug="methodology")
    page.body += "\n\nWe now also check podcasts."
    page.save()

    found = everything(client)

    assert all(found.values())
    claim_url = f"http://testserver{reverse('public:claim_detail', args=[claim.slug])}"
    # Django writes an address's lastmod as a date, the index's as a time.
    assert found[claim_url] == "2026-04-02"
    story = claim.article.story
    story_url = f"http://testserver{reverse('public:story_detail', args=[story.slug])}"
    assert found[story_url] == "2026-04-02"
    assert f"http://testserver/stories/{draft_only.slug}/" not in found
    assert found[f"http://testserver{reverse('public:claim_list')}"] == "2026-04-02"
    assert found[f"http://testserver{reverse('public:methodology')}"] == "2026-04-04"
    # The corrections page lists the correction notes: it changed with the note.
    assert found[f"http://testserver{reverse('public:corrections')}"] >= "2026-04-02"


def test_a_public_story_changes_with_its_discrepancy_finding(client, desk, clock):
    clock.set(datetime.datetime(2026, 4, 1, 9, 0, tzinfo=UTC))
    claim = desk.publish()
    story = claim.article.story
    days = ["Monday", "Tuesday"]
    reports = [ArticleFactory(story=story, body=f"The fair opened on {day}.") for day in days]
    clock.set(datetime.datetime(2026, 4, 6, 9, 0, tzinfo=UTC))
    quotes = [f"opened on {day}" for day in days]
    desk.discrepancy(story, reports, title="Which day?", quotes=quotes, status="resolved")

    found = everything(client)

    story_url = f"http://testserver{reverse('public:story_detail', args=[story.slug])}"
    assert found[story_url] == "2026-04-06"


def test_the_index_dates_each_section_by_its_latest_entry_across_stories(client, desk, clock):
    """The index's lastmod for a section is the latest of its entries', read
    without dating every story: here each story changed last in another way."""
    clock.set(datetime.datetime(2026, 4, 1, 9, 0, tzinfo=UTC))
    quiet = desk.publish()
    noted = desk.publish()
    story = noted.article.story
    days = ["Monday", "Tuesday"]
    reports = [ArticleFactory(story=story, body=f"The fair opened on {day}.") for day in days]
    quotes = [f"opened on {day}" for day in days]
    clock.set(datetime.datetime(2026, 4, 3, 9, 0, tzinfo=UTC))
    finding = desk.discrepancy(story, reports, title="Which day?", quotes=quotes, status="resolved")
    # A later note on the finding (made when a report changes after it was
    # made public: see test_report_changes).
    DiscrepancyUpdate.objects.create(
        discrepancy=finding,
        created_at=datetime.datetime(2026, 4, 5, 9, 0, tzinfo=UTC),
        note="The organisers confirmed Tuesday.",
        created_by=desk.editor,
    )
    clock.set(datetime.datetime(2026, 4, 7, 9, 0, tzinfo=UTC))
    desk.unpublish(desk.publish(), note="Withdrawn.")

    index = entries(client.get(INDEX), "sitemap")
    found = everything(client)

    # The withdrawn claim left the claims section: its latest entry is older.
    assert index[f"http://testserver{section('claims')}"] == "2026-04-01T09:00:00+00:00"
    # The withdrawn claim's story is no longer public: the note is the latest.
    assert index[f"http://testserver{section('stories')}"] == "2026-04-05T09:00:00+00:00"
    story_url = f"http://testserver{reverse('public:story_detail', args=[story.slug])}"
    assert found[story_url] == "2026-04-05"
    quiet_story = quiet.article.story
    quiet_url = f"http://testserver{reverse('public:story_detail', args=[quiet_story.slug])}"
    assert found[quiet_url] == "2026-04-01"
    # The claims list shows the withdrawal: its page changed with it.
    assert found[f"http://testserver{reverse('public:claim_list')}"] == "2026-04-07"


def test_past_the_last_page_a_section_answers_404(client, published):
    assert client.get(section("claims", 2)).status_code == 404
    assert client.get(section("nonsense")).status_code == 404


# Queries, whatever the number of claims.
# The index: for claims, their latest change and their count (pagination);
# for stories, the same two; for the site pages, their edits, the latest
# correction and the latest change of any claim.
# The claims section: the count and the rows. The stories section: the same.
@pytest.mark.parametrize("count", [3, 10])
def test_sitemap_query_count_does_not_grow(client, desk, count):
    for _ in range(count):
        desk.publish()
    # Each section's latest change and its count; the stories' latest change
    # is four reads from the ends of indexes (public_stories_latest_change).
    with queries(10):
        assert len(entries(client.get(INDEX), "sitemap")) == 3
    with queries(2):
        assert len(entries(client.get(section("claims")))) == count
    with queries(2):
        assert len(entries(client.get(section("stories")))) == count


def copy_claim(claim, count):
    """``count`` published copies of ``claim``, slugs ``bulk-1`` to
    ``bulk-<count>``, in one INSERT … SELECT over a counting CTE (SQLite and
    PostgreSQL alike): a second, where bulk_create's per-value SQL building
    takes half a minute for this many rows of forty columns."""
    columns = [
        field.column
        for field in Claim._meta.concrete_fields
        if not field.primary_key and field.column != "slug"
    ]
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    table = connection.ops.quote_name(Claim._meta.db_table)
    # Names from the model's metadata, values as parameters.
    counting = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %s)"
    copy = f"INSERT INTO {table} ({names}, slug) SELECT {names}, 'bulk-' || n.i FROM {table}, n"  # noqa: S608
    sql = f"{counting} {copy} WHERE id = %s"
    with connection.cursor() as cursor:
        cursor.execute(sql, [count, claim.pk])


@pytest.mark.scale
def test_past_50000_claims_the_index_splits_them_in_pages_of_at_most_50000(client, desk):
    """The protocol's limit, at the size where the single sitemap broke: one
    claim published by the desk, then bulk-loaded copies of it."""
    copy_claim(desk.publish(), 50_500)

    index = entries(client.get(INDEX), "sitemap")

    claims = f"http://testserver{section('claims')}"
    assert [loc for loc in index if loc.startswith(claims)] == [claims, f"{claims}?p=2"]
    first = entries(client.get(section("claims")))
    second = entries(client.get(section("claims", 2)))
    assert len(first) == 50_000
    assert len(second) == 501
    assert not set(first) & set(second)
    assert "http://testserver/claims/bulk-50500/" in second
    assert all(second.values())
    assert client.get(section("claims", 3)).status_code == 404


def test_robots_txt_names_the_sitemap_index_and_keeps_crawlers_out_of_the_admin(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = body(response).decode().splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines
    assert f"Sitemap: http://testserver{INDEX}" in lines


def test_every_page_links_a_real_icon_and_favicon_ico_leads_to_it(client, published):
    page = parse(client.get(reverse("public:claim_list")).content)

    href = page.find("link", rel="icon").attrs["href"]
    assert href.endswith("public/favicon.ico")
    with open(finders.find("public/favicon.ico"), "rb") as icon:
        # An ICO file's header: reserved 0, type 1 (icon), at least one image.
        header = icon.read(6)
    assert header[:4] == b"\x00\x00\x01\x00" and header[4] > 0
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == href


def test_a_sections_page_is_streamed_as_its_rows_are_read(client, desk):
    for _ in range(3):
        desk.publish()

    response = client.get(section("claims"))

    # A generator, not a rendered body: the page is written as rows arrive.
    assert response.streaming
    assert isinstance(response.streaming_content, Iterator)
    chunks = list(response.streaming_content)
    # The XML head first, then one chunk per address, then the close.
    assert chunks[0].startswith(b"<?xml")
    assert sum(b"<url>" in chunk for chunk in chunks) == 3
    assert chunks[-1].strip() == b"</urlset>"


def test_a_page_past_the_last_is_not_found(client, desk):
    desk.publish()

    assert client.get(section("claims", page=2)).status_code == 404
    assert client.get(section("claims", page="x")).status_code == 404
    assert client.get(section("nothing")).status_code == 404
