"""Watching reports imported from a URL: a local server on 127.0.0.1 serves pages
that change between rounds. The clock is the ``now`` each round is given."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from articles import services, tasks, watch
from articles.importers import fetch
from articles.models import Article, ArticleRevision, ArticleWatch
from articles.signals import article_revised
from factcheck import services as factcheck_services
from factcheck.models import AnchorStatus
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)

FIRST = (
    "Bridge opens after ten years\n\n"
    "By Jane Doe\n\n"
    "The new bridge over the river opened on Monday. The mayor cut the ribbon.\n\n"
    "About 300 people watched the ceremony."
)
EDITED = FIRST.replace("About 300 people", "About 3,000 people")


@pytest.fixture(autouse=True)
def loopback_allowed(settings):
    # The test server is on 127.0.0.1; the tests of the address rule turn it off again.
    settings.IMPORT_ALLOW_PRIVATE_URLS = True
    settings.IMPORT_FETCH_TIMEOUT = 5


def import_url(site, path, body=FIRST, acting_user=None, **page):
    """Serve ``body`` at ``path`` and import it as staff would, through the service."""
    site.serve(path, body, **page)
    report = services.articles_import(
        inputs=[services.ImportInput.from_url(site.root + path)], acting_user=acting_user
    )
    (outcome,) = report.outcomes
    assert outcome.status == services.Status.CREATED, outcome.reason
    return outcome.article


def round_at(article, age, **kwargs):
    """A watch round as if run ``age`` after the article was imported."""
    return watch.watch_round(now=article.imported_at + age, **kwargs)


def state(article):
    return ArticleWatch.objects.get(article=article)


# Changed, unchanged, not modified ------------------------------------------------


def test_a_changed_page_becomes_a_new_revision_through_the_import(site):
    article = import_url(site, "/bridge.txt")
    site.serve("/bridge.txt", EDITED)
    received = []
    article_revised.connect(lambda **kw: received.append(kw), weak=False, dispatch_uid="t")
    try:
        report = round_at(article, 2 * HOUR)
    finally:
        article_revised.disconnect(dispatch_uid="t")

    (outcome,) = report.outcomes
    assert outcome.result == watch.Result.REVISED
    article.refresh_from_db()
    assert article.body.endswith("About 3,000 people watched the ceremony.")
    assert [r.number for r in article.revisions.order_by("number")] == [1, 2]
    assert [(kw["revision"].number, kw["previous"].number) for kw in received] == [(2, 1)]
    assert state(article).result == "revised"
    assert state(article).revised_at == article.imported_at + 2 * HOUR
    assert "new revision" in str(outcome) and "(revision 2)" in str(outcome)


def test_an_unchanged_page_writes_no_revision(site):
    article = import_url(site, "/bridge.txt")

    report = round_at(article, 2 * HOUR)

    assert report.outcomes[0].result == watch.Result.UNCHANGED
    assert ArticleRevision.objects.filter(article=article).count() == 1
    assert Article.history.filter(id=article.pk).count() == 1
    assert state(article).next_check_at == article.imported_at + 3 * HOUR


def test_the_etag_is_sent_back_and_a_304_changes_only_the_schedule(site):
    article = import_url(site, "/bridge.txt", etag='"v1"')
    round_at(article, 2 * HOUR)  # learns the ETag
    updated_at = Article.objects.get(pk=article.pk).updated_at

    report = round_at(article, 3 * HOUR)

    assert [h.get("If-None-Match") for h in site.asked("/bridge.txt")] == [None, None, '"v1"']
    assert report.outcomes[0].result == watch.Result.NOT_MODIFIED
    assert state(article).result == "not_modified"
    assert state(article).etag == '"v1"'
    assert state(article).checked_at == article.imported_at + 3 * HOUR
    assert state(article).next_check_at == article.imported_at + 4 * HOUR
    assert Article.objects.get(pk=article.pk).updated_at == updated_at
    assert ArticleRevision.objects.filter(article=article).count() == 1


def test_last_modified_is_sent_back_as_if_modified_since(site):
    stamp = "Mon, 02 Mar 2026 08:00:00 GMT"
    article = import_url(site, "/bridge.txt", last_modified=stamp)
    round_at(article, 2 * HOUR)

    report = round_at(article, 3 * HOUR)

    assert site.asked("/bridge.txt")[-1].get("If-Modified-Since") == stamp
    assert report.outcomes[0].result == watch.Result.NOT_MODIFIED


def test_a_page_changed_behind_a_new_etag_is_imported(site):
    article = import_url(site, "/bridge.txt", etag='"v1"')
    round_at(article, 2 * HOUR)
    site.serve("/bridge.txt", EDITED, etag='"v2"')

    report = round_at(article, 3 * HOUR)

    assert report.outcomes[0].result == watch.Result.REVISED
    assert state(article).etag == '"v2"'


# Which reports a round checks ---------------------------------------------------


def test_a_round_checks_only_reports_that_are_due(site):
    article = import_url(site, "/bridge.txt")

    assert round_at(article, 30 * datetime.timedelta(minutes=1)).outcomes == []
    assert len(round_at(article, HOUR).outcomes) == 1
    # Checked at one hour: next due at two.
    assert round_at(article, HOUR + datetime.timedelta(minutes=59)).outcomes == []
    assert len(round_at(article, 2 * HOUR).outcomes) == 1


def test_reports_from_files_and_json_feeds_are_not_watched(site):
    ArticleFactory(source="bridge.txt")
    ArticleFactory(source="https://news.example.org/bridge", format="json")
    article = import_url(site, "/bridge.txt")

    report = round_at(article, 2 * HOUR)

    assert [outcome.article for outcome in report.outcomes] == [article]


def test_a_report_older_than_the_maximum_age_is_never_checked(site):
    article = import_url(site, "/bridge.txt")

    assert round_at(article, 181 * DAY).outcomes == []


def test_a_report_whose_next_check_would_be_too_late_stops_being_watched(site):
    article = import_url(site, "/bridge.txt")

    (outcome,) = round_at(article, 175 * DAY).outcomes

    assert outcome.next_check_at is None
    assert state(article).next_check_at is None
    assert "no longer watched" in str(outcome)
    assert round_at(article, 179 * DAY).outcomes == []


def test_checks_back_off_as_the_report_ages(site):
    article = import_url(site, "/bridge.txt")

    for age, wait in [(2 * HOUR, HOUR), (2 * DAY, DAY), (40 * DAY, 7 * DAY)]:
        (outcome,) = round_at(article, age).outcomes
        assert outcome.next_check_at == article.imported_at + age + wait


# Pausing --------------------------------------------------------------------------


def test_a_paused_report_is_skipped_until_resumed(site, fact_checker):
    article = import_url(site, "/bridge.txt")
    watch.article_watch_pause(article=article, paused=True, acting_user=fact_checker)

    assert round_at(article, 2 * HOUR).outcomes == []
    assert site.asked("/bridge.txt") == [site.asked("/bridge.txt")[0]]

    watch.article_watch_pause(article=article, paused=False, acting_user=fact_checker)
    assert len(round_at(article, 2 * HOUR).outcomes) == 1


def test_pausing_a_report_is_in_its_history_with_who_did_it(site, fact_checker):
    article = import_url(site, "/bridge.txt")

    watch.article_watch_pause(article=article, paused=True, acting_user=fact_checker)

    entry = Article.history.filter(id=article.pk).latest("history_date")
    assert entry.watch_paused is True
    assert entry.history_user == fact_checker
    assert entry.history_change_reason == "watching paused"


def test_reports_of_a_paused_outlet_are_skipped(site, editor):
    article = import_url(site, "/bridge.txt")
    services.article_correct(
        article=article,
        outlet="River Times",
        acting_user=editor,
        expected_updated_at=article.updated_at,
    )
    article.refresh_from_db()

    watch.outlet_watch_pause(outlet=article.outlet, paused=True, acting_user=editor)

    assert round_at(article, 2 * HOUR).outcomes == []
    entry = article.outlet.history.latest("history_date")
    assert (entry.watch_paused, entry.history_user) == (True, editor)


def test_only_those_who_may_edit_outlets_pause_an_outlet(site, fact_checker, editor):
    article = import_url(site, "/bridge.txt")
    services.article_correct(
        article=article, outlet="River Times", acting_user=editor,
        expected_updated_at=article.updated_at,
    )  # fmt: skip
    article.refresh_from_db()

    with pytest.raises(PermissionDenied):
        watch.outlet_watch_pause(outlet=article.outlet, paused=True, acting_user=fact_checker)
    article.outlet.refresh_from_db()
    assert article.outlet.watch_paused is False


# Failures -------------------------------------------------------------------------


@pytest.mark.parametrize(("status", "label"), [(404, "404 Not Found"), (410, "410 Gone")])
def test_a_missing_page_is_recorded_and_backs_off(site, status, label):
    article = import_url(site, "/bridge.txt")
    site.serve("/bridge.txt", "gone", status=status)

    (outcome,) = round_at(article, 2 * HOUR).outcomes
    round_at(article, 4 * HOUR)

    assert outcome.result == watch.Result.FAILED
    watched = state(article)
    assert f"HTTP {label}" in watched.error
    assert watched.failures == 2
    # The hourly interval, doubled for each failure in a row.
    assert watched.next_check_at == article.imported_at + 4 * HOUR + 4 * HOUR
    assert ArticleRevision.objects.filter(article=article).count() == 1


def test_a_success_after_failures_resets_the_backoff(site):
    article = import_url(site, "/bridge.txt")
    site.serve("/bridge.txt", "gone", status=404)
    round_at(article, 2 * HOUR)
    site.serve("/bridge.txt", FIRST)

    round_at(article, 4 * HOUR)

    watched = state(article)
    assert (watched.failures, watched.error, watched.result) == (0, "", "unchanged")
    assert watched.next_check_at == article.imported_at + 5 * HOUR


def test_a_failing_report_does_not_stop_the_round(site):
    broken = import_url(site, "/broken.txt")
    article = import_url(site, "/bridge.txt")
    site.serve("/broken.txt", "oops", status=500)
    site.serve("/bridge.txt", EDITED)

    report = round_at(article, 2 * HOUR)

    assert {o.article.pk: o.result for o in report.outcomes} == {
        broken.pk: watch.Result.FAILED,
        article.pk: watch.Result.REVISED,
    }


def test_an_error_in_a_revision_receiver_is_recorded_and_the_round_goes_on(site):
    broken = import_url(site, "/broken.txt")
    article = import_url(site, "/bridge.txt")
    site.serve("/broken.txt", EDITED)
    site.serve("/bridge.txt", EDITED)

    def refuse(article, **kwargs):
        if article.pk == broken.pk:
            raise RuntimeError("cannot re-anchor")

    article_revised.connect(refuse, weak=False, dispatch_uid="refuse")
    try:
        report = round_at(article, 2 * HOUR)
    finally:
        article_revised.disconnect(dispatch_uid="refuse")

    results = {o.article.pk: o.result for o in report.outcomes}
    assert results == {broken.pk: watch.Result.FAILED, article.pk: watch.Result.REVISED}
    assert "cannot re-anchor" in state(broken).error
    # The failed import was rolled back whole.
    assert ArticleRevision.objects.filter(article=broken).count() == 1


def test_a_timeout_is_recorded_as_a_failure(site, settings):
    article = import_url(site, "/bridge.txt")
    site.serve("/bridge.txt", FIRST, status="slow")
    settings.IMPORT_FETCH_TIMEOUT = 0.2

    (outcome,) = round_at(article, 2 * HOUR).outcomes

    assert outcome.result == watch.Result.FAILED
    assert "timed out after 0.2s" in state(article).error


def test_a_private_address_is_still_refused_when_private_urls_are_not_allowed(site, settings):
    article = import_url(site, "/bridge.txt")
    site.serve("/bridge.txt", EDITED)
    settings.IMPORT_ALLOW_PRIVATE_URLS = False

    (outcome,) = round_at(article, 2 * HOUR).outcomes

    assert outcome.result == watch.Result.FAILED
    assert "resolves to 127.0.0.1, a private or reserved address" in state(article).error
    assert site.asked("/bridge.txt") == site.asked("/bridge.txt")[:1]  # never fetched again
    assert ArticleRevision.objects.filter(article=article).count() == 1


def test_a_redirect_to_a_private_address_is_refused_on_the_way(site, settings, monkeypatch):
    article = import_url(site, "/bridge.txt")
    site.serve("/bridge.txt", location="http://10.0.0.1/admin")
    settings.IMPORT_ALLOW_PRIVATE_URLS = False
    # Let the test server's own address through, so only the redirect is judged.
    monkeypatch.setattr(fetch, "_is_forbidden", lambda a: str(a) != "127.0.0.1")

    round_at(article, 2 * HOUR)

    assert state(article).error == (
        "refused: http://10.0.0.1/admin (resolves to 10.0.0.1, a private or reserved address)"
    )


def test_a_watch_round_moves_claims_onto_the_edited_text(site, fact_checker):
    # The same receivers as any re-import: the fact-check side sees the revision.
    article = import_url(site, "/bridge.txt")
    claim = factcheck_services.claim_create(
        article=article,
        quote="The mayor cut the ribbon.",
        statement="The mayor cut the ribbon.",
        acting_user=fact_checker,
    )
    site.serve("/bridge.txt", "Update: a correction was added.\n\n" + EDITED)

    round_at(article, 2 * HOUR)

    claim.refresh_from_db()
    article.refresh_from_db()
    assert claim.anchor_status == AnchorStatus.ANCHORED
    assert claim.anchored_revision == 2
    assert article.body[claim.start : claim.end] == "The mayor cut the ribbon."


# Corrections by hand survive -----------------------------------------------------


def test_a_watch_round_leaves_a_corrected_headline_as_corrected(site, fact_checker):
    article = import_url(site, "/bridge.txt")
    services.article_correct(
        article=article,
        headline="New bridge opens over the river",
        acting_user=fact_checker,
        expected_updated_at=article.updated_at,
    )
    site.serve("/bridge.txt", EDITED.replace("Bridge opens after ten years", "Bridge finally open"))

    (outcome,) = round_at(article, 2 * HOUR).outcomes

    assert outcome.result == watch.Result.REVISED
    article.refresh_from_db()
    assert article.headline == "New bridge opens over the river"
    assert "3,000" in article.body


# The command and the task -------------------------------------------------------


def test_the_command_prints_a_line_per_report_and_a_total(site, capsys):
    article = import_url(site, "/bridge.txt")
    other = import_url(site, "/other.txt", FIRST.replace("bridge", "tunnel"))
    site.serve("/bridge.txt", EDITED)
    site.serve("/other.txt", "gone", status=410)

    call_command("watch_articles", "--all")

    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3
    assert lines[0].startswith(f"new revision     article {article.pk} {site.root}/bridge.txt")
    assert lines[1].startswith(f"failed           article {other.pk} {site.root}/other.txt")
    assert "HTTP 410 Gone" in lines[1]
    assert lines[2] == (
        "Watch round: 2 checked: 1 with a new revision, 0 metadata updated, "
        "0 unchanged, 0 not modified, 1 failed."
    )


def test_the_command_checks_one_article_and_says_why_one_is_skipped(site, capsys, editor):
    article = import_url(site, "/bridge.txt")
    paused = import_url(site, "/paused.txt", FIRST.replace("bridge", "tunnel"))
    watch.article_watch_pause(article=paused, paused=True, acting_user=editor)

    call_command("watch_articles", "--article", str(article.pk), "--article", str(paused.pk))

    out = capsys.readouterr().out
    assert f"skipped          article {paused.pk}: Paused for this report." in out
    assert f"unchanged        article {article.pk}" in out
    assert "Watch round: 1 checked" in out


def test_the_command_refuses_an_unknown_article():
    with pytest.raises(Exception, match="No article with id 999"):
        call_command("watch_articles", "--article", "999")


def test_the_task_runs_a_round(site):
    import_url(site, "/bridge.txt")
    Article.objects.update(imported_at=Article.objects.get().imported_at - 2 * HOUR)
    site.serve("/bridge.txt", EDITED)

    result = tasks.watch_articles.enqueue()

    assert result.return_value["revised"] == 1
    assert ArticleRevision.objects.count() == 2


DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def test_the_worker_queues_the_next_round_once():
    with override_settings(TASKS=DATABASE_TASKS):
        first = tasks.watch_round_enqueue()
        again = tasks.watch_round_enqueue()
        later = tasks.watch_round_enqueue(run_after=first.enqueued_at + HOUR)

    assert first is not None
    assert again is None and later is None
    assert DBTaskResult.objects.filter(task_path="articles.tasks.watch_articles").count() == 1


def test_the_inline_backend_never_queues_a_later_round():
    assert tasks.watch_round_enqueue(run_after=datetime.datetime.now(datetime.UTC)) is None


def test_the_article_list_finds_reports_whose_last_check_failed(site, client, fact_checker):
    failing = import_url(site, "/gone.txt")
    fine = import_url(site, "/bridge.txt", FIRST.replace("bridge", "tunnel"))
    site.serve("/gone.txt", "gone", status=410)
    round_at(fine, 2 * HOUR)
    client.force_login(fact_checker)

    response = client.get(reverse("admin:articles_article_changelist"), {"watch__result": "failed"})

    assert list(response.context["cl"].result_list) == [failing]
    page = client.get(reverse("admin:articles_article_change", args=[failing.pk]))
    assert "fetch failed" in page.content.decode()
    assert "1 failed in a row" in page.content.decode()
