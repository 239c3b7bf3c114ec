"""Archived copies and flagged sources in the admin: each source's page lists
its snapshots and refreshes them; the sources list shows and filters the
flags."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from factcheck import services
from factcheck.models import SourceSnapshot, Stance

pytestmark = pytest.mark.django_db

PAGE = "Budget statement\n\nThe ministry spent 6.2 million on the bridge over the river."


@pytest.fixture(autouse=True)
def archiving(settings):
    settings.SOURCE_ARCHIVE_ON_CITATION = True
    settings.IMPORT_ALLOW_PRIVATE_URLS = True


def cited_source(claim, site, path, user, run_tasks):
    site.serve(path, PAGE)
    source = services.source_create(acting_user=user, title=f"Page {path}", url=site.root + path)
    with run_tasks():
        services.citation_add(claim=claim, source=source, stance=Stance.SUPPORTS, acting_user=user)
    return source


def round_in(days):
    return services.source_watch_round(now=timezone.now() + datetime.timedelta(days=days))


def test_the_source_page_lists_its_snapshots_with_time_status_and_hash(
    client, claim, site, fact_checker, run_tasks
):
    source = cited_source(claim, site, "/a", fact_checker, run_tasks)
    snapshot = SourceSnapshot.objects.get(source=source)
    client.force_login(fact_checker)

    content = client.get(reverse("admin:factcheck_source_change", args=[source.pk])).content

    page = content.decode()
    assert "Archived copies (newest first)" in page
    assert snapshot.text_sha256[:12] in page
    assert reverse("admin:factcheck_sourcesnapshot_warc", args=[snapshot.pk]) in page
    assert "Refresh archived copy" in page


def test_the_refresh_button_keeps_a_new_snapshot_beside_the_first(
    client, claim, site, fact_checker, run_tasks
):
    source = cited_source(claim, site, "/a", fact_checker, run_tasks)
    site.serve("/a", PAGE.replace("6.2", "7.9"))
    client.force_login(fact_checker)

    with run_tasks():
        response = client.post(reverse("admin:factcheck_source_refresh", args=[source.pk]))

    assert response.status_code == 302
    newest, first = SourceSnapshot.objects.filter(source=source)
    assert (newest.reason, newest.changed, newest.requested_by) == ("refreshed", True, fact_checker)
    assert first.reason == "cited"
    page = client.get(response["Location"]).content.decode()
    assert "A new archived copy was asked for" in page


def test_snapshots_cannot_be_added_or_changed_in_the_admin(
    client, claim, site, fact_checker, run_tasks
):
    source = cited_source(claim, site, "/a", fact_checker, run_tasks)
    snapshot = SourceSnapshot.objects.get(source=source)
    client.force_login(fact_checker)

    assert client.get(reverse("admin:factcheck_sourcesnapshot_add")).status_code == 403
    response = client.post(
        reverse("admin:factcheck_sourcesnapshot_change", args=[snapshot.pk]), {"text": "forged"}
    )
    assert response.status_code == 403
    snapshot.refresh_from_db()
    assert "6.2 million" in snapshot.text


@pytest.mark.parametrize("rows", [3, 12])
def test_the_sources_list_flags_dead_and_changed_pages_in_constant_queries(
    client, claim, site, fact_checker, editor, run_tasks, django_assert_num_queries, rows
):
    sources = [cited_source(claim, site, f"/p{n}", fact_checker, run_tasks) for n in range(rows)]
    site.pages.pop("/p0")
    site.serve("/p1", PAGE + "\n\nA correction was added.")
    round_in(2)
    client.force_login(editor)
    url = reverse("admin:factcheck_source_changelist")

    # 1 session, 2 user, 3-4 permissions, 5 filtered count, 6 unfiltered count,
    # 7 the page of sources with their citation counts and watch (joined),
    # 8 the header's unread notifications.
    with django_assert_num_queries(8):
        response = client.get(url, {"live": "flagged"})

    assert [s.pk for s in response.context["cl"].result_list] == [sources[0].pk, sources[1].pk]
    page = response.content.decode()
    assert ">Dead</span>" in page and ">Changed</span>" in page
    dead_only = client.get(url, {"live": "dead"}).context["cl"].result_list
    assert [s.pk for s in dead_only] == [sources[0].pk]


def test_an_editor_marks_flags_as_seen_from_the_list(
    client, claim, site, fact_checker, editor, run_tasks
):
    source = cited_source(claim, site, "/a", fact_checker, run_tasks)
    site.pages.pop("/a")
    round_in(2)
    client.force_login(editor)

    client.post(
        reverse("admin:factcheck_source_changelist"),
        {"action": "clear_flags", "_selected_action": [source.pk]},
    )

    flagged = client.get(reverse("admin:factcheck_source_changelist"), {"live": "flagged"})
    assert list(flagged.context["cl"].result_list) == []
