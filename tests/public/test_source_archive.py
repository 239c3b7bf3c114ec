"""Archived copies of sources on the public site: linked beside the live link
of published claims only, and served so that they cannot run script in the
site's origin."""

import pytest
from django.urls import reverse
from django.utils import timezone

from factcheck import services
from factcheck.models import SourceSnapshot
from tests.public.html import parse

pytestmark = pytest.mark.django_db

HOSTILE = """<!doctype html><html><head><title>Ministry statement</title>
<script>document.title = "pwned"; localStorage.setItem("x", "1")</script></head>
<body><article><h1>Ministry statement</h1>
<p>The ministry spent 6.2 million on the bridge, according to accounts published
on Friday by the city's finance office.</p>
<img src="x" onerror="alert(1)"><form action="https://evil.example/"><input name="q"></form>
</article></body></html>"""


@pytest.fixture(autouse=True)
def archiving(settings):
    settings.SOURCE_ARCHIVE_ON_CITATION = True
    settings.IMPORT_ALLOW_PRIVATE_URLS = True


@pytest.fixture
def web_source(site, desk):
    site.serve("/statement", HOSTILE, content_type="text/html; charset=utf-8")
    return services.source_create(
        acting_user=desk.checker, title="Ministry statement", url=site.root + "/statement"
    )


@pytest.fixture
def published_citing(desk, web_source, run_tasks):
    with run_tasks():
        return desk.publish(ready={"source": web_source})


def claim_page(client, claim):
    return parse(client.get(reverse("public:claim_detail", args=[claim.slug])).content)


def archive_url(snapshot):
    return reverse("public:source_archive", args=[snapshot.source_id, snapshot.pk])


def test_a_published_claim_links_the_archived_copy_beside_the_live_link(
    client, published_citing, web_source
):
    snapshot = SourceSnapshot.objects.get(source=web_source)

    page = claim_page(client, published_citing)

    (source,) = page.find_all("li", cls="source")
    live, archived = source.find("p", cls="source__head").find_all("a")
    assert live.attrs["href"] == web_source.url
    assert archived.attrs["href"] == archive_url(snapshot)
    date = f"{timezone.localtime(snapshot.fetched_at):%-d %B %Y}"
    assert archived.text().startswith(f"archived copy, {date}")


def test_the_archived_copy_is_its_text_with_headers_that_keep_it_inert(
    client, published_citing, web_source
):
    snapshot = SourceSnapshot.objects.get(source=web_source)

    response = client.get(archive_url(snapshot))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Security-Policy"] == (
        "sandbox; default-src 'none'; style-src 'unsafe-inline'"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "no-referrer"
    text = response.content.decode()
    assert f"Archived copy of {web_source.url}" in text
    assert "The ministry spent 6.2 million on the bridge" in text
    for hostile in ("<script", "pwned", "onerror", "<form", "<img"):
        assert hostile not in text


def test_a_claim_not_yet_published_leaks_no_archived_copy(client, desk, web_source, run_tasks):
    with run_tasks():
        draft = desk.ready(desk.draft(), source=web_source)
    snapshot = SourceSnapshot.objects.get(source=web_source)

    response = client.get(archive_url(snapshot))

    assert draft.status == "in_review"
    assert response.status_code == 404
    assert b"6.2 million" not in response.content


def test_an_unpublished_claim_takes_its_archived_copy_off_the_public_site(
    client, published_citing, web_source, editor
):
    snapshot = SourceSnapshot.objects.get(source=web_source)
    services.claim_unpublish(claim=published_citing, acting_user=editor, note="Under review.")

    assert client.get(archive_url(snapshot)).status_code == 404


def test_a_copy_is_served_only_under_its_own_source(client, published_citing, web_source, desk):
    snapshot = SourceSnapshot.objects.get(source=web_source)
    other = services.source_create(acting_user=desk.checker, title="Another")

    response = client.get(reverse("public:source_archive", args=[other.pk, snapshot.pk]))

    assert response.status_code == 404


def test_a_failed_fetch_is_neither_linked_nor_served(client, desk, site, run_tasks):
    gone = services.source_create(acting_user=desk.checker, title="Gone", url=site.root + "/gone")
    with run_tasks():
        claim = desk.publish(ready={"source": gone})
    snapshot = SourceSnapshot.objects.get(source=gone)

    (source,) = claim_page(client, claim).find_all("li", cls="source")

    assert snapshot.status == 404
    assert "archived copy" not in source.text()
    assert client.get(archive_url(snapshot)).status_code == 404


def test_the_warc_record_is_for_staff_only(client, published_citing, web_source, fact_checker):
    snapshot = SourceSnapshot.objects.get(source=web_source)
    url = reverse("admin:factcheck_sourcesnapshot_warc", args=[snapshot.pk])

    anonymous = client.get(url)
    client.force_login(fact_checker)
    staff = client.get(url)

    assert anonymous.status_code == 302
    assert staff.status_code == 200
    assert staff["Content-Type"] == "application/warc"
    assert staff["Content-Disposition"].startswith("attachment;")
    assert staff["Content-Security-Policy"].startswith("sandbox;")
    assert bytes(staff.content) == bytes(snapshot.warc)


def test_citing_a_source_queues_no_fetch_when_archiving_is_off(
    desk, web_source, run_tasks, settings, site
):
    settings.SOURCE_ARCHIVE_ON_CITATION = False

    with run_tasks():
        desk.ready(desk.draft(), source=web_source)

    assert site.asked("/statement") == []
    assert not SourceSnapshot.objects.exists()
