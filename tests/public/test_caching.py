import datetime

import pytest
from django.core.cache import cache
from django.http import QueryDict
from django.test import Client
from django.urls import reverse
from django.utils.http import http_date

from factcheck import settings as project_settings
from factcheck.models import Discrepancy, SitePage
from factcheck.public import caching
from tests.factories import ArticleFactory, StoryFactory

from .conftest import queries
from .html import parse

pytestmark = pytest.mark.django_db

LIST = reverse("public:claim_list")


@pytest.fixture(autouse=True)
def shared_cache(settings, private_cache):
    """The project's own cache (the database table), not the tests' private one."""
    settings.CACHES = project_settings.CACHES
    assert "DatabaseCache" in settings.CACHES["default"]["BACKEND"]
    cache.clear()


def statements(response):
    rows = parse(response.content).find_all("li", cls="claim-row")
    return [row.find("h3").text() for row in rows]


@pytest.mark.parametrize(
    "name",
    [
        "public:home",
        "public:claim_list",
        "public:methodology",
        "public:corrections",
        "public:feed_rss",
        "public:feed_atom",
        "public:sitemap",
        "public:api_claims",
        "public:api_claimreview",
    ],
)
def test_public_responses_carry_validators_and_cache_control(client, published, name):
    response = client.get(reverse(name))

    assert response.status_code == 200
    assert response["ETag"].startswith('"')
    assert response["Last-Modified"]
    assert response["Cache-Control"] == "public, max-age=60"
    assert "Cookie" not in response.get("Vary", "")
    assert not response.cookies


def test_claim_and_story_pages_carry_validators_too(client, published):
    claim = published[0]
    for url in (
        reverse("public:claim_detail", args=[claim.slug]),
        reverse("public:story_detail", args=[claim.article.story.slug]),
    ):
        response = client.get(url)
        assert response["ETag"] and response["Last-Modified"]


def test_conditional_get_answers_304_from_one_cache_read(client, published):
    first = client.get(LIST)

    # One query: the generation and the stored page, read together.
    with queries(1):
        by_etag = client.get(LIST, headers={"if-none-match": first["ETag"]})
    with queries(1):
        by_date = client.get(LIST, headers={"if-modified-since": first["Last-Modified"]})

    assert by_etag.status_code == by_date.status_code == 304
    assert by_etag.content == b""
    assert by_etag["ETag"] == first["ETag"]
    stale = client.get(LIST, headers={"if-none-match": '"something-else"'})
    assert stale.status_code == 200


def test_a_repeated_request_is_served_from_the_cache(client, published):
    first = client.get(LIST)

    with queries(1):
        again = client.get(LIST)

    assert again.status_code == 200
    assert again.content == first.content
    assert again["ETag"] == first["ETag"]
    assert again["Content-Type"] == first["Content-Type"]


def test_a_cached_page_keeps_the_headers_its_view_set(client, published):
    first = client.get(reverse("public:sitemap"))
    again = client.get(reverse("public:sitemap"))

    assert again.content == first.content
    assert again["X-Robots-Tag"] == first["X-Robots-Tag"]
    assert again["Content-Type"] == "application/xml"


def test_each_address_has_its_own_validator(client, published):
    everything = client.get(LIST)
    searched = client.get(LIST, {"q": "council"})

    assert everything["ETag"] != searched["ETag"]
    assert everything.content != searched.content


def test_publishing_shows_the_new_claim_at_once(client, published, desk):
    before = client.get(LIST)
    assert len(statements(before)) == 3

    new = desk.publish(statement="Freshly published claim.")

    after = client.get(LIST, headers={"if-none-match": before["ETag"]})
    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]
    assert statements(after)[0] == new.statement


def test_a_correction_shows_at_once(client, published, desk):
    url = reverse("public:claim_detail", args=[published[0].slug])
    assert parse(client.get(url).content).find(cls="verdict--large").text() == "False"

    desk.correct(published[0], note="New evidence.", rating="mostly-false")

    page = parse(client.get(url).content)
    assert page.find(cls="verdict--large").text() == "Mostly false"
    assert "New evidence." in page.find("section", cls="claim__updates").text()


def test_unpublishing_answers_410_at_once(client, published, desk):
    url = reverse("public:claim_detail", args=[published[0].slug])
    assert client.get(url).status_code == 200
    client.get(LIST)

    desk.unpublish(published[0], note="Retracted pending review.")

    gone = client.get(url)
    assert gone.status_code == 410
    assert "Retracted pending review." in gone.content.decode()
    assert published[0].statement not in statements(client.get(LIST))


def test_resolving_a_discrepancy_shows_on_the_story_at_once(client, desk):
    story = StoryFactory()
    reports = [
        ArticleFactory(story=story, body="It happened on Monday."),
        ArticleFactory(story=story, body="It happened on Sunday."),
    ]
    desk.publish(article=reports[0], quote="on Monday")
    url = reverse("public:story_detail", args=[story.slug])
    open_question = desk.discrepancy(
        story, reports, title="Which day was it?", quotes=["on Monday", "on Sunday"]
    )
    assert b"Which day was it?" not in client.get(url).content

    desk_resolution = desk.discrepancy(
        story,
        reports,
        title="Which day, really?",
        quotes=["happened on Monday", "happened on Sunday"],
        status=Discrepancy.Status.RESOLVED,
    )

    content = client.get(url).content
    assert b"Which day, really?" in content
    assert b"Which day was it?" not in content
    assert open_question.status == Discrepancy.Status.OPEN
    assert desk_resolution.status == Discrepancy.Status.RESOLVED


def test_saving_a_site_page_in_the_admin_shows_at_once(client, superuser):
    url = reverse("public:methodology")
    assert b"How we fact-check" in client.get(url).content

    page = SitePage.objects.get(slug="methodology")
    staff = Client()
    staff.force_login(superuser)
    staff.post(
        reverse("admin:factcheck_sitepage_change", args=[page.pk]),
        {"title": "Our methods", "body": page.body},
    )

    assert parse(client.get(url).content).find("h1").text() == "Our methods"
    assert SitePage.history.filter(title="Our methods").get().history_user == superuser


def test_not_found_pages_are_not_stored(client, published):
    missing = reverse("public:claim_detail", args=["no-such-claim"])

    assert client.get(missing).status_code == 404
    # The cache read, then the claim lookups again (published, then withdrawn):
    # nothing was stored for a made-up address.
    with queries(3):
        response = client.get(missing)
    assert response.status_code == 404


def test_a_lost_generation_starts_a_newer_one(client, published):
    first = client.get(LIST)
    cache.delete(caching.GENERATION_KEY)

    second = client.get(LIST)

    assert second["ETag"] != first["ETag"]
    assert second.content == first.content


def test_last_modified_is_the_time_of_the_last_public_change(client, published, desk, clock):
    clock.set(datetime.datetime(2026, 6, 1, 12, 0, tzinfo=datetime.UTC))
    desk.publish()

    response = client.get(LIST)

    assert response["Last-Modified"] == http_date(
        datetime.datetime(2026, 6, 1, 12, 0, tzinfo=datetime.UTC).timestamp()
    )


def test_public_pages_answer_only_get_and_head(client, published):
    assert client.post(LIST).status_code == 405
    assert client.head(LIST).status_code == 200


def test_a_new_source_on_a_published_claim_shows_at_once(client, published, editor):
    from factcheck import services
    from factcheck.models import Stance
    from tests.factories import SourceFactory

    url = reverse("public:claim_detail", args=[published[0].slug])
    client.get(url)

    services.citation_add(
        claim=published[0],
        source=SourceFactory(title="Freshly cited ministry record"),
        stance=Stance.SUPPORTS,
        acting_user=editor,
    )

    assert "Freshly cited ministry record" in client.get(url).content.decode()


def page_entries():
    """How many pages the shared cache holds (the database cache's own table)."""
    from django.db import connection

    table = connection.ops.quote_name(project_settings.CACHES["default"]["LOCATION"])
    with connection.cursor() as cursor:
        # The table name is the project's own setting, quoted.
        sql = f"SELECT COUNT(*) FROM {table} WHERE cache_key LIKE %s"  # noqa: S608
        cursor.execute(sql, ["%public:page:%"])
        return cursor.fetchone()[0]


@pytest.mark.parametrize(
    "name", ["public:claim_list", "public:feed_rss", "public:sitemap", "public:api_claims"]
)
def test_parameters_a_view_does_not_read_neither_bypass_nor_add_to_the_cache(
    client, published, name
):
    url = reverse(name)
    first = client.get(url)
    entries = page_entries()

    with queries(1):
        fresh = client.get(url, {"fresh": "1", "utm_source": "newsletter"})

    assert fresh.status_code == 200
    assert fresh.content == first.content
    assert fresh["ETag"] == first["ETag"]
    assert page_entries() == entries


def test_default_values_and_parameter_order_share_one_entry(client, desk):
    for _ in range(3):
        desk.publish()
    first = client.get(LIST, {"kind": "event", "per_page": "2"})
    entries = page_entries()

    with queries(1):
        reordered = client.get(f"{LIST}?per_page=2&page=1&kind=event&x=1")
    defaults = client.get(LIST, {"page": "1", "per_page": "20"})
    with queries(1):
        plain = client.get(LIST)

    assert reordered.status_code == 200
    assert reordered.content == first.content
    assert defaults.content == plain.content
    assert page_entries() == entries + 1


def test_a_parameter_the_view_reads_has_its_own_entry(client, published):
    client.get(LIST)
    entries = page_entries()

    client.get(LIST, {"kind": "quote"})

    assert page_entries() == entries + 1


def test_the_view_renders_from_the_parameters_it_reads_only(client, desk):
    for _ in range(3):
        desk.publish()

    page = parse(client.get(f"{LIST}?utm_source=x&per_page=2").content)

    # Its links and canonical address cannot carry what the cache key dropped.
    assert page.find("a", rel="next").attrs["href"] == "?per_page=2&page=2"
    assert "utm_source" not in page.find("link", rel="canonical").attrs["href"]


def test_normalised_query_keeps_what_is_read_sorted_without_defaults():
    query = QueryDict("z=9&sort=&page=1&q=%20roads%20&q=bridge&kind=quote")

    kept = caching.normalised_query(query, {"q": "", "kind": "", "page": "1", "sort": ""})

    assert kept.urlencode() == "kind=quote&q=bridge"
