"""Importing other fact-checkers' ClaimReview as external fact-checks: the
service, the command and the admin."""

import http.server
import io
import json
import threading

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from articles.importers.base import ImportRefused
from articles.importers.claimreview import ClaimReviewRefused
from articles.services import ImportInput
from factcheck import services
from factcheck.models import Claim, ExternalFactCheck
from tests.factories import UserFactory
from tests.public.conftest import queries

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:factcheck_externalfactcheck_changelist"
IMPORT = "admin:factcheck_externalfactcheck_import"


def review(n, rating="False", **changes):
    value = {
        "@type": "ClaimReview",
        "url": f"https://checker.example.org/checks/{n}",
        "claimReviewed": f"The tunnel cost {n} billion.",
        "datePublished": f"2026-02-0{1 + n % 9}",
        "author": {
            "@type": "Organization",
            "name": "Checker Desk",
            "url": "https://checker.example.org/",
        },
        "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": f"Mayor {n}"}},
        "reviewRating": {"@type": "Rating", "alternateName": rating},
    }
    value.update(changes)
    return value


def feed_bytes(*reviews):
    elements = [{"@type": "DataFeedItem", "item": value} for value in reviews]
    return json.dumps({"@type": "DataFeed", "dataFeedElement": elements}).encode()


def upload(data, name="feed.json"):
    return ImportInput.from_bytes(name, data)


# --- The service ---------------------------------------------------------------


def test_an_import_stores_every_review_with_who_imported_it(fact_checker):
    report = services.external_fact_checks_import(
        source=upload(feed_bytes(review(1), review(2))), acting_user=fact_checker
    )

    assert report.summary() == "2 new, 0 updated, 0 unchanged external fact-checks from feed.json"
    stored = ExternalFactCheck.objects.get(url="https://checker.example.org/checks/1")
    assert stored.claim_reviewed == "The tunnel cost 1 billion."
    assert stored.claimant_name == "Mayor 1"
    assert stored.rating_text == "False"
    assert stored.publisher_name == "Checker Desk"
    assert stored.imported_by == fact_checker
    assert stored.imported_from == "feed.json"
    assert stored.raw == review(1)
    assert stored.history.get().history_user == fact_checker
    # Kept apart: the desk's own claims are untouched.
    assert Claim.objects.count() == 0


def test_a_reimport_updates_by_url_and_leaves_unchanged_reviews_alone(fact_checker, editor):
    services.external_fact_checks_import(
        source=upload(feed_bytes(review(1), review(2))), acting_user=fact_checker
    )

    report = services.external_fact_checks_import(
        source=upload(
            feed_bytes(review(1, rating="Mostly false"), review(2), review(3)), "new.json"
        ),
        acting_user=editor,
    )

    assert (report.created, report.updated, report.unchanged) == (1, 1, 1)
    changed = ExternalFactCheck.objects.get(url="https://checker.example.org/checks/1")
    assert changed.rating_text == "Mostly false"
    assert changed.imported_by == editor
    assert changed.imported_from == "new.json"
    assert [h.rating_text for h in changed.history.order_by("history_date")] == [
        "False",
        "Mostly false",
    ]
    untouched = ExternalFactCheck.objects.get(url="https://checker.example.org/checks/2")
    assert untouched.imported_by == fact_checker
    assert untouched.history.count() == 1
    assert ExternalFactCheck.objects.count() == 3


def test_one_bad_review_imports_nothing_and_changes_nothing(fact_checker):
    services.external_fact_checks_import(
        source=upload(feed_bytes(review(1))), acting_user=fact_checker
    )

    with pytest.raises(ClaimReviewRefused) as refused:
        services.external_fact_checks_import(
            source=upload(feed_bytes(review(1, rating="True"), review(2), review(3, url=""))),
            acting_user=fact_checker,
        )

    assert refused.value.problems == ["dataFeedElement 3: url is missing"]
    assert list(ExternalFactCheck.objects.values_list("url", "rating_text")) == [
        ("https://checker.example.org/checks/1", "False")
    ]


def test_an_html_page_with_json_ld_is_imported(fact_checker):
    html = (
        "<html><head><script type='application/ld+json'>"
        + json.dumps({"@graph": [{"@type": "WebPage"}, review(7)]})
        + "</script></head><body>A check</body></html>"
    )

    services.external_fact_checks_import(
        source=upload(html.encode(), "check.html"), acting_user=fact_checker
    )

    assert ExternalFactCheck.objects.get().claimant_name == "Mayor 7"


def test_an_empty_or_oversized_file_is_refused(fact_checker, settings):
    with pytest.raises(ImportRefused, match="the file is empty"):
        services.external_fact_checks_import(source=upload(b"  "), acting_user=fact_checker)

    settings.IMPORT_MAX_BYTES = 100
    with pytest.raises(ImportRefused, match="too large"):
        services.external_fact_checks_import(
            source=upload(feed_bytes(review(1))), acting_user=fact_checker
        )
    assert not ExternalFactCheck.objects.exists()


def test_only_staff_with_the_right_may_import(db):
    stranger = UserFactory(username="reader", is_staff=True)

    with pytest.raises(PermissionDenied):
        services.external_fact_checks_import(
            source=upload(feed_bytes(review(1))), acting_user=stranger
        )
    assert not ExternalFactCheck.objects.exists()


def test_fact_checkers_may_not_delete_but_editors_may(fact_checker, editor):
    services.external_fact_checks_import(
        source=upload(feed_bytes(review(1))), acting_user=fact_checker
    )
    stored = ExternalFactCheck.objects.get()

    with pytest.raises(PermissionDenied):
        services.external_fact_check_delete(instance=stored, acting_user=fact_checker)
    services.external_fact_check_delete(instance=stored, acting_user=editor)

    assert not ExternalFactCheck.objects.exists()
    assert ExternalFactCheck.history.latest("history_date").history_user == editor


# --- From an address: the article importer's fetcher and its rules --------------


class _Feed(http.server.BaseHTTPRequestHandler):
    body = b""

    def do_GET(self):  # noqa: N802 (the name http.server dispatches to)
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args):
        pass


@pytest.fixture
def feed_server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Feed)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_a_feed_is_fetched_from_its_address(fact_checker, feed_server, settings):
    settings.IMPORT_ALLOW_PRIVATE_URLS = True  # the test server is on loopback
    _Feed.body = feed_bytes(review(1), review(2))

    report = services.external_fact_checks_import(
        source=ImportInput.from_url(f"{feed_server}/claimreview.json"), acting_user=fact_checker
    )

    assert report.created == 2
    assert ExternalFactCheck.objects.first().imported_from == f"{feed_server}/claimreview.json"


def test_private_addresses_are_refused(fact_checker, feed_server, settings):
    settings.IMPORT_ALLOW_PRIVATE_URLS = False
    _Feed.body = feed_bytes(review(1))

    with pytest.raises(ImportRefused, match="a private or reserved address"):
        services.external_fact_checks_import(
            source=ImportInput.from_url(f"{feed_server}/claimreview.json"), acting_user=fact_checker
        )
    assert not ExternalFactCheck.objects.exists()


# --- The command ----------------------------------------------------------------


def command(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_claimreview", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_command_imports_files_and_says_what_it_did(fact_checker, tmp_path):
    path = tmp_path / "feed.json"
    path.write_bytes(feed_bytes(review(1), review(2)))

    out, _ = command(str(path), "--user", "checker")

    assert out.strip() == "2 new, 0 updated, 0 unchanged external fact-checks from feed.json"
    assert ExternalFactCheck.objects.count() == 2


def test_the_command_lists_each_bad_review_and_fails(fact_checker, tmp_path):
    good, bad = tmp_path / "good.json", tmp_path / "bad.json"
    good.write_bytes(feed_bytes(review(1)))
    bad.write_bytes(feed_bytes(review(2, claimReviewed=""), review(3, datePublished="soon")))

    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="1 of 2 sources were not imported"):
        call_command(
            "import_claimreview", str(good), str(bad), "--user", "checker", stdout=out, stderr=err
        )

    assert "bad.json: nothing imported:" in err.getvalue()
    assert "dataFeedElement 1 (https://checker.example.org/checks/2): claimReviewed is missing" in (
        err.getvalue()
    )
    assert 'datePublished "soon" is not a date' in err.getvalue()
    assert list(ExternalFactCheck.objects.values_list("url", flat=True)) == [
        "https://checker.example.org/checks/1"
    ]


def test_the_command_needs_a_user_with_the_right(db, tmp_path):
    UserFactory(username="reader", is_staff=True)
    path = tmp_path / "feed.json"
    path.write_bytes(feed_bytes(review(1)))

    with pytest.raises(CommandError, match="reader may not import external fact-checks"):
        command(str(path), "--user", "reader")
    with pytest.raises(CommandError, match="No user named 'nobody'"):
        command(str(path), "--user", "nobody")


# --- The admin ------------------------------------------------------------------


@pytest.fixture
def imported(fact_checker):
    reviews = [review(n) for n in range(1, 6)]
    reviews.append(review(6, itemReviewed={"author": {"name": "Governor Oh"}}))
    services.external_fact_checks_import(
        source=upload(feed_bytes(*reviews)), acting_user=fact_checker
    )


def test_the_list_is_searchable_by_claimant_statement_and_publisher(client, fact_checker, imported):
    client.force_login(fact_checker)

    by_claimant = client.get(reverse(CHANGELIST), {"q": "governor oh"})
    by_statement = client.get(reverse(CHANGELIST), {"q": "cost 3 billion"})

    assert "The tunnel cost 6 billion." in by_claimant.content.decode()
    assert "The tunnel cost 1 billion." not in by_claimant.content.decode()
    assert "The tunnel cost 3 billion." in by_statement.content.decode()
    assert "The tunnel cost 4 billion." not in by_statement.content.decode()
    assert "1 result" in by_statement.content.decode()


def test_the_list_query_count_does_not_grow_with_rows(client, fact_checker, imported):
    client.force_login(fact_checker)
    # 1 session, 2 user, 3-4 the user's group and own permissions, 5 the
    # filtered count, 6 the total count, 7 the page's rows (without the raw
    # JSON), 8-9 the date hierarchy's range and its days.
    # 10 the header's unread notifications.
    with queries(10):
        response = client.get(reverse(CHANGELIST))
    assert response.content.decode().count("The tunnel cost") == 6


def test_the_change_page_is_read_only(client, fact_checker, imported):
    client.force_login(fact_checker)
    stored = ExternalFactCheck.objects.get(url="https://checker.example.org/checks/2")

    page = client.get(reverse("admin:factcheck_externalfactcheck_change", args=[stored.pk]))

    content = page.content.decode()
    assert page.status_code == 200
    assert "The tunnel cost 2 billion." in content
    assert "&quot;alternateName&quot;: &quot;False&quot;" in content
    assert 'name="claim_reviewed"' not in content
    assert 'name="_save"' not in content
    assert (
        client.post(
            reverse("admin:factcheck_externalfactcheck_change", args=[stored.pk]),
            {"claim_reviewed": "Changed"},
        ).status_code
        == 403
    )
    assert client.get(reverse("admin:factcheck_externalfactcheck_add")).status_code == 403


def test_the_import_form_imports_an_upload(client, fact_checker):
    client.force_login(fact_checker)
    assert "Import ClaimReview" in client.get(reverse(CHANGELIST)).content.decode()

    response = client.post(
        reverse(IMPORT),
        {"file": SimpleUploadedFile("feed.json", feed_bytes(review(1), review(2)))},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == reverse(CHANGELIST)
    assert (
        "Imported 2 new, 0 updated, 0 unchanged external fact-checks from feed.json."
        in response.content.decode()
    )
    assert ExternalFactCheck.objects.count() == 2


def test_the_import_form_lists_what_is_wrong_and_imports_nothing(client, fact_checker):
    client.force_login(fact_checker)

    response = client.post(
        reverse(IMPORT),
        {"file": SimpleUploadedFile("feed.json", feed_bytes(review(1), review(2, url="ftp://x")))},
    )

    content = response.content.decode()
    assert "Nothing was imported: fix these and import again." in content
    assert (
        "dataFeedElement 2 (ftp://x): url &quot;ftp://x&quot; is not an http(s) address" in content
    )
    assert not ExternalFactCheck.objects.exists()


@pytest.mark.parametrize("both", [True, False])
def test_the_import_form_takes_a_file_or_an_address(client, fact_checker, both):
    client.force_login(fact_checker)
    data = {"url": "https://checker.example.org/feed.json"} if both else {}
    if both:
        data["file"] = SimpleUploadedFile("feed.json", feed_bytes(review(1)))

    response = client.post(reverse(IMPORT), data)

    assert "Give either a file or an address, not both." in response.content.decode()
    assert not ExternalFactCheck.objects.exists()


def test_the_import_form_refuses_a_private_address(client, fact_checker, settings):
    settings.IMPORT_ALLOW_PRIVATE_URLS = False
    client.force_login(fact_checker)

    response = client.post(reverse(IMPORT), {"url": "http://127.0.0.1:9/feed.json"})

    assert (
        "Nothing was imported: refused: http://127.0.0.1:9/feed.json" in response.content.decode()
    )


def test_staff_without_the_right_see_neither_the_list_nor_the_form(client, db):
    reader = UserFactory(username="reader", is_staff=True)
    client.force_login(reader)

    assert client.get(reverse(CHANGELIST)).status_code == 403
    assert client.get(reverse(IMPORT)).status_code == 403
