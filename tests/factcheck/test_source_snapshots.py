"""Archived copies of cited sources and the watch of their live pages, against
the local web site of ``tests.local_site`` (127.0.0.1)."""

import datetime
import hashlib
import socket

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from articles.importers.archive import read_warc
from factcheck import services
from factcheck.models import Event, Notification, SourceSnapshot, SourceWatch, Stance
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PAGE = """<!doctype html><html><head><title>Budget statement</title>
<script>document.title = "hijacked"</script></head>
<body><nav>Home | News | Contact</nav>
<article><h1>Budget statement</h1>
<p>The ministry spent 6.2 million on the bridge over the river, according to the
accounts published on Friday by the city's finance office.</p>
<p>The figure includes the cost of the approach roads and the lighting.</p>
</article></body></html>"""
CHANGED = PAGE.replace("6.2 million", "7.9 million")


@pytest.fixture(autouse=True)
def archiving(settings):
    settings.SOURCE_ARCHIVE_ON_CITATION = True
    # The test site is on 127.0.0.1; the test of the address rule turns this off.
    settings.IMPORT_ALLOW_PRIVATE_URLS = True
    settings.IMPORT_FETCH_TIMEOUT = 5
    settings.SOURCE_WATCH_INTERVAL = 24 * 3600


@pytest.fixture
def page_source(site, fact_checker):
    site.serve("/budget", PAGE, content_type="text/html; charset=utf-8")
    return services.source_create(
        acting_user=fact_checker, title="Budget statement", url=site.root + "/budget"
    )


def cite(claim, source, user, run_tasks):
    """Cite ``source`` for ``claim`` and run what the citation queues once committed."""
    with run_tasks():
        services.citation_add(claim=claim, source=source, stance=Stance.SUPPORTS, acting_user=user)


def snapshots(source):
    return list(SourceSnapshot.objects.filter(source=source).order_by("fetched_at", "pk"))


def later(days):
    return timezone.now() + datetime.timedelta(days=days)


# --- At citation time ---------------------------------------------------------------


def test_first_citation_keeps_one_snapshot_with_the_response_as_a_warc_record(
    claim, page_source, fact_checker, run_tasks
):
    cite(claim, page_source, fact_checker, run_tasks)

    (snapshot,) = snapshots(page_source)
    record = read_warc(bytes(snapshot.warc))
    assert record.url == page_source.url
    assert record.status == 200
    assert ("Content-Type", "text/html; charset=utf-8") in record.headers
    assert record.body == PAGE.encode()
    assert snapshot.status == 200
    assert snapshot.reason == SourceSnapshot.Reason.CITED
    assert snapshot.error == ""


def test_the_snapshot_keeps_the_text_a_reader_reads_and_its_sha256(
    claim, page_source, fact_checker, run_tasks
):
    cite(claim, page_source, fact_checker, run_tasks)

    (snapshot,) = snapshots(page_source)
    assert "The ministry spent 6.2 million on the bridge" in snapshot.text
    assert "hijacked" not in snapshot.text
    assert "Home | News" not in snapshot.text
    assert snapshot.text_sha256 == hashlib.sha256(snapshot.text.encode()).hexdigest()


def test_citing_an_archived_source_again_takes_no_second_copy(
    claim, page_source, fact_checker, run_tasks
):
    cite(claim, page_source, fact_checker, run_tasks)
    cite(claim, page_source, fact_checker, run_tasks)

    assert len(snapshots(page_source)) == 1


def test_a_discrepancy_citation_archives_its_source_too(
    discrepancy, page_source, fact_checker, run_tasks
):
    with run_tasks():
        services.discrepancy_cite(
            discrepancy=discrepancy,
            source=page_source,
            stance=Stance.SUPPORTS,
            acting_user=fact_checker,
        )

    assert [s.status for s in snapshots(page_source)] == [200]


def test_a_citation_rolled_back_archives_nothing(claim, page_source, fact_checker, site):
    # Without the commit the worker is never asked: nothing is fetched.
    services.citation_add(
        claim=claim, source=page_source, stance=Stance.SUPPORTS, acting_user=fact_checker
    )

    assert snapshots(page_source) == []
    assert site.asked("/budget") == []


def test_private_addresses_are_refused(claim, page_source, fact_checker, run_tasks, settings):
    settings.IMPORT_ALLOW_PRIVATE_URLS = False

    cite(claim, page_source, fact_checker, run_tasks)

    (snapshot,) = snapshots(page_source)
    assert "127.0.0.1, a private or reserved address" in snapshot.error
    assert snapshot.status is None
    assert bytes(snapshot.warc) == b""


def test_an_oversized_page_is_refused_with_a_clear_error(
    claim, page_source, fact_checker, run_tasks, settings
):
    settings.IMPORT_MAX_BYTES = 200

    cite(claim, page_source, fact_checker, run_tasks)

    (snapshot,) = snapshots(page_source)
    assert snapshot.error == f"refused: {page_source.url} (larger than the 200 byte limit)"
    assert bytes(snapshot.warc) == b""
    assert snapshot.text == ""


def test_a_missing_page_at_citation_is_kept_as_a_failed_snapshot_with_its_status(
    claim, site, fact_checker, run_tasks
):
    source = services.source_create(
        acting_user=fact_checker, title="Gone", url=site.root + "/never-there"
    )

    cite(claim, source, fact_checker, run_tasks)

    (snapshot,) = snapshots(source)
    assert snapshot.status == 404
    assert "HTTP 404" in snapshot.error


# --- Refreshing ---------------------------------------------------------------------------


def test_each_refresh_is_kept_as_a_new_snapshot(claim, page_source, site, fact_checker, run_tasks):
    cite(claim, page_source, fact_checker, run_tasks)
    with run_tasks():
        services.source_snapshot_refresh(source=page_source, acting_user=fact_checker)
    site.serve("/budget", CHANGED, content_type="text/html; charset=utf-8")
    with run_tasks():
        services.source_snapshot_refresh(source=page_source, acting_user=fact_checker)

    first, same, changed = snapshots(page_source)
    assert [s.reason for s in (same, changed)] == ["refreshed", "refreshed"]
    assert (same.changed, changed.changed) == (False, True)
    assert same.text_sha256 == first.text_sha256 != changed.text_sha256
    assert changed.requested_by == fact_checker
    assert "7.9 million" in changed.text and "6.2 million" in first.text


def test_refreshing_is_refused_to_staff_who_may_not_edit_sources(page_source):
    viewer = UserFactory(is_staff=True)

    with pytest.raises(PermissionDenied):
        services.source_snapshot_refresh(source=page_source, acting_user=viewer)


def test_a_source_without_an_address_cannot_be_archived(fact_checker):
    source = services.source_create(acting_user=fact_checker, title="Phone interview")

    with pytest.raises(services.WorkflowError, match="no URL"):
        services.source_snapshot_refresh(source=source, acting_user=fact_checker)


# --- The watch of live pages ----------------------------------------------------------------


@pytest.fixture
def archived(claim, page_source, fact_checker, run_tasks):
    """``page_source`` cited for a claim assigned to the fact-checker, and archived."""
    services.claim_assign(claim=claim, assignee=fact_checker, acting_user=fact_checker)
    cite(claim, page_source, fact_checker, run_tasks)
    return page_source


def flag(source):
    return SourceWatch.objects.get(source=source).flag


def told(user, event):
    return list(Notification.objects.filter(recipient=user, event=event))


def test_a_source_is_not_checked_before_its_time(archived, site):
    asked = len(site.asked("/budget"))

    assert services.source_watch_round() == []
    assert len(site.asked("/budget")) == asked


def test_an_unchanged_page_keeps_no_new_snapshot_and_no_flag(archived):
    (check,) = services.source_watch_round(now=later(2))

    assert check.result == "ok"
    assert len(snapshots(archived)) == 1
    assert flag(archived) == ""


def test_a_page_that_changes_is_flagged_changed_and_its_new_text_kept(archived, site, editor):
    site.serve("/budget", CHANGED, content_type="text/html; charset=utf-8")

    (check,) = services.source_watch_round(now=later(2))

    assert check.result == "changed"
    assert flag(archived) == SourceWatch.Flag.CHANGED
    first, second = snapshots(archived)
    assert second.reason == SourceSnapshot.Reason.WATCH and second.changed
    assert "7.9 million" in second.text
    (note,) = told(editor, Event.SOURCE_CHANGED)
    assert note.title == "Cited source changed: source “Budget statement”"
    assert note.url == reverse("admin:factcheck_source_change", args=[archived.pk])


def test_a_page_that_disappears_is_flagged_dead_and_the_editors_told_once(
    archived, site, editor, fact_checker
):
    site.pages.pop("/budget")

    (check,) = services.source_watch_round(now=later(2))
    services.source_watch_round(now=later(30))

    assert check.result == "dead"
    watch = SourceWatch.objects.get(source=archived)
    assert watch.flag == SourceWatch.Flag.DEAD
    assert watch.failures == 2
    assert "HTTP 404" in watch.error
    (note,) = told(editor, Event.SOURCE_DEAD)
    assert "no longer answers" in note.body and "HTTP 404" in note.body
    # The assignee of the claim that cites it hears of it too.
    assert len(told(fact_checker, Event.SOURCE_DEAD)) == 1
    # The evidence stays: the archived copy is untouched.
    assert len(snapshots(archived)) == 1


def test_a_failing_page_is_checked_later_and_later(archived, site):
    site.pages.pop("/budget")
    now = later(2)

    services.source_watch_round(now=now)
    first_wait = SourceWatch.objects.get(source=archived).next_check_at - now
    services.source_watch_round(now=now + first_wait)
    second_wait = SourceWatch.objects.get(source=archived).next_check_at - (now + first_wait)

    assert first_wait == datetime.timedelta(days=2)
    assert second_wait == datetime.timedelta(days=4)


def test_a_refused_connection_flags_the_source_dead(claim, fact_checker, editor, run_tasks):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    # Nothing listens on the port once the probe is closed.
    source = services.source_create(
        acting_user=fact_checker, title="Closed", url=f"http://127.0.0.1:{port}/page"
    )
    cite(claim, source, fact_checker, run_tasks)

    (check,) = services.source_watch_round(now=later(2))

    assert check.result == "dead"
    assert "connection refused" in SourceWatch.objects.get(source=source).error
    (note,) = told(editor, Event.SOURCE_DEAD)
    assert "connection refused" in note.body


def test_a_dead_page_that_answers_again_loses_its_flag(archived, site):
    page = site.pages.pop("/budget")
    services.source_watch_round(now=later(2))
    site.pages["/budget"] = page

    (check,) = services.source_watch_round(now=later(30))

    assert check.result == "ok"
    assert flag(archived) == ""


def test_staff_who_may_not_see_claims_are_not_told(archived, site):
    sources_only = UserFactory(is_staff=True)
    sources_only.user_permissions.add(Permission.objects.get(codename="view_source"))
    site.pages.pop("/budget")

    services.source_watch_round(now=later(2))

    assert Notification.objects.filter(recipient=sources_only).count() == 0


def test_an_editor_marks_a_flag_as_seen(archived, site, editor):
    site.pages.pop("/budget")
    services.source_watch_round(now=later(2))

    services.source_flag_clear(source=archived, acting_user=editor)

    assert flag(archived) == ""


def test_a_fact_checker_may_not_clear_a_flag(archived, fact_checker):
    with pytest.raises(PermissionDenied):
        services.source_flag_clear(source=archived, acting_user=fact_checker)


def test_the_command_checks_every_cited_source_and_prints_one_line_each(archived, site, capsys):
    site.serve("/budget", CHANGED, content_type="text/html; charset=utf-8")

    call_command("watch_sources", "--all")

    out = capsys.readouterr().out
    assert f"changed  source {archived.pk} {archived.url}: its text differs" in out
    assert "Source watch round: 1 checked, 1 flagged." in out
