"""Background jobs: imports and detection run as tasks (inline here, through
Django's immediate backend), record progress and outcomes, and can be retried
when they failed or their worker died."""

import io
import time
import zipfile

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles import services as article_services
from articles.models import Article, Story
from factcheck.models import Discrepancy, Job, JobFile
from factcheck.services import jobs
from tests.factories import ArticleFactory, StoryFactory, UserFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:factcheck_job_changelist")
START_IMPORT = reverse("admin:factcheck_job_start_import")
START_DETECTION = reverse("admin:factcheck_job_start_detection")


def job_page(job):
    return reverse("admin:factcheck_job_change", args=[job.pk])


def seed_files(seeds_dir):
    return [
        ContentFile(path.read_bytes(), name=path.name) for path in sorted(seeds_dir.glob("*.txt"))
    ]


def zipped(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.fixture
def outsider(db):
    """Staff with no role: may neither import nor record discrepancies."""
    return UserFactory(username="outsider")


@pytest.fixture
def importer_only(db):
    """Staff who may import articles but not record discrepancies."""
    user = UserFactory(username="importer")
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="articles",
            codename__in=["add_article", "view_article", "view_story"],
        )
    )
    return user


# Imports ---------------------------------------------------------------------


def test_an_import_job_records_created_and_failed_files_with_reasons_and_progress(
    fact_checker, seeds_dir, run_tasks
):
    files = [*seed_files(seeds_dir), ContentFile(b"", name="empty.txt")]

    with run_tasks():
        job = jobs.job_start_import(
            acting_user=fact_checker,
            files=files,
            urls=["http://127.0.0.1/refused.html"],
            new_story_slug="drum-duet",
        )

    job.refresh_from_db()
    # Two inputs failed: the job ran to the end but did not succeed.
    assert job.state == Job.Status.FINISHED_WITH_FAILURES
    assert job.get_state_display() == "Finished with 2 failures"
    assert (job.progress_done, job.progress_total) == (5, 5)
    assert job.result["counts"]["created"] == 3
    assert job.result["counts"]["failed"] == 2
    reasons = {failure["name"]: failure["reason"] for failure in job.result["failures"]}
    assert set(reasons) == {"empty.txt", "http://127.0.0.1/refused.html"}
    assert "empty" in reasons["empty.txt"]
    assert "private" in reasons["http://127.0.0.1/refused.html"]
    assert job.started_at <= job.finished_at
    story = Story.objects.get(slug="drum-duet")
    assert job.story == story
    assert set(Article.objects.filter(story=story).values_list("imported_by", flat=True)) == {
        fact_checker.pk
    }
    # Imported: the uploads are not kept.
    assert not JobFile.objects.filter(job=job).exists()


def test_a_job_with_failures_says_so_and_links_the_articles_it_created(
    client, fact_checker, seeds_dir, run_tasks
):
    with run_tasks():
        job = jobs.job_start_import(
            acting_user=fact_checker,
            files=[*seed_files(seeds_dir), ContentFile(b"", name="empty.txt")],
            new_story_slug="drum-duet",
        )
    client.force_login(fact_checker)

    listing = client.get(CHANGELIST).content.decode()
    page = client.get(job_page(job)).content.decode()

    for content in (listing, page):
        assert "Finished with 1 failure<" in content
        assert "Succeeded" not in content.split('id="changelist-filter"')[0]
    created = Article.objects.filter(story__slug="drum-duet").order_by("pk")
    assert len(created) == 3
    for article in created:
        link = reverse("admin:articles_article_change", args=[article.pk])
        assert f'<a href="{link}">' in page
    assert "Articles created (3)" in page
    assert "empty.txt" in page


def test_a_job_without_failures_succeeds(fact_checker, seeds_dir, run_tasks):
    with run_tasks():
        job = jobs.job_start_import(
            acting_user=fact_checker, files=seed_files(seeds_dir), new_story_slug="drum-duet"
        )

    job.refresh_from_db()
    assert (job.state, job.get_state_display()) == (Job.Status.SUCCEEDED, "Succeeded")
    assert len(job.created_article_ids) == 3


def test_a_zip_archive_imports_its_article_files_like_a_folder(fact_checker, seeds_dir, run_tasks):
    members = {f"reports/{path.name}": path.read_bytes() for path in seeds_dir.glob("*.txt")}
    members |= {
        "reports/manifest.toml": (seeds_dir / "manifest.toml").read_bytes(),
        "reports/photo.png": b"\x89PNG",
        "__MACOSX/reports/._000.txt": b"junk",
        "other/000_f95a08d50b60e95d.txt": b"A second file of the same name.",
    }

    with run_tasks():
        job = jobs.job_start_import(
            acting_user=fact_checker, files=[ContentFile(zipped(members), name="reports.zip")]
        )

    job.refresh_from_db()
    assert job.result["counts"]["created"] == 3
    assert job.result["failures"] == [
        {
            "name": "000_f95a08d50b60e95d.txt",
            "reason": "another file in reports.zip has the same name "
            "(other/000_f95a08d50b60e95d.txt)",
        }
    ]
    # Known by file name alone, as a folder import knows them.
    assert set(Article.objects.values_list("source", flat=True)) == {
        path.name for path in seeds_dir.glob("*.txt")
    }


def test_a_broken_archive_and_an_oversized_file_fail_with_reasons(
    fact_checker, settings, run_tasks
):
    settings.IMPORT_MAX_BYTES = 100

    with run_tasks():
        job = jobs.job_start_import(
            acting_user=fact_checker,
            files=[
                ContentFile(b"not a zip", name="bundle.zip"),
                ContentFile(b"x" * 101, name="long.txt"),
            ],
        )

    job.refresh_from_db()
    reasons = {failure["name"]: failure["reason"] for failure in job.result["failures"]}
    assert reasons["bundle.zip"].startswith("not a readable zip archive")
    assert reasons["long.txt"] == "too large (101 bytes; the limit is 100 bytes)"
    assert job.result["counts"]["created"] == 0


def test_an_import_needs_a_file_or_a_url(fact_checker):
    with pytest.raises(jobs.JobRefused, match="Nothing to import"):
        jobs.job_start_import(acting_user=fact_checker, files=[], urls=["  "])

    assert not Job.objects.exists()


def test_a_job_that_cannot_be_queued_is_failed_and_says_why(fact_checker, settings, run_tasks):
    settings.TASKS = {
        "default": {
            "BACKEND": "django.tasks.backends.immediate.ImmediateBackend",
            "QUEUES": ["elsewhere"],
        }
    }

    with run_tasks():
        job = jobs.job_start_import(
            acting_user=fact_checker, files=[ContentFile(b"Some text.", name="a.txt")]
        )

    job.refresh_from_db()
    assert job.state == Job.Status.FAILED
    assert job.error.startswith("Could not be queued: InvalidTask")
    assert job.can_be_retried


def test_a_queued_job_waits_for_a_worker(fact_checker, settings, run_tasks):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}

    with run_tasks():
        job = jobs.job_start_import(
            acting_user=fact_checker, files=[ContentFile(b"Some text.", name="a.txt")]
        )

    job.refresh_from_db()
    assert job.state == Job.Status.QUEUED
    assert job.task_id
    assert not job.can_be_retried
    # Kept for the worker, in the database every process shares.
    assert bytes(JobFile.objects.get(job=job).data) == b"Some text."


# Detection -------------------------------------------------------------------


def test_a_detection_job_stores_suggestions_and_a_second_run_finds_them_known(
    seed_story, fact_checker, run_tasks
):
    with run_tasks():
        first = jobs.job_start_detection(story=seed_story, acting_user=fact_checker)
    first.refresh_from_db()

    assert first.state == Job.Status.SUCCEEDED
    assert (first.progress_done, first.progress_total) == (1, 1)
    saved = first.result["counts"]["saved"]
    assert saved > 0
    assert sorted(first.result["discrepancies"]) == sorted(
        Discrepancy.objects.filter(story=seed_story, origin="detected").values_list("pk", flat=True)
    )

    with run_tasks():
        second = jobs.job_start_detection(story=seed_story, acting_user=fact_checker)
    second.refresh_from_db()

    assert second.pk != first.pk
    assert second.result["counts"]["saved"] == 0
    assert second.result["counts"]["already_known"] == saved
    assert Discrepancy.objects.filter(story=seed_story).count() == saved


def test_starting_detection_again_while_it_is_queued_returns_the_queued_job(
    seed_story, fact_checker, editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        first = jobs.job_start_detection(story=seed_story, acting_user=fact_checker)
        again = jobs.job_start_detection(story=seed_story, acting_user=editor)

    assert again == first
    assert Job.objects.count() == 1


def test_detection_on_a_deleted_story_fails_and_can_be_retried(
    fact_checker, django_capture_on_commit_callbacks
):
    story = StoryFactory()
    with django_capture_on_commit_callbacks() as queued:
        job = jobs.job_start_detection(story=story, acting_user=fact_checker)
    story.delete()
    for enqueue in queued:
        enqueue()

    job.refresh_from_db()
    assert job.state == Job.Status.FAILED
    assert job.error == "The story was deleted before detection could run."
    assert job.can_be_retried


def test_large_stories_run_detection_in_the_background(settings):
    settings.DETECTION_BACKGROUND_ARTICLES = 2
    story = StoryFactory()
    ArticleFactory.create_batch(2, story=story)
    assert not jobs.detection_runs_in_background(story)
    ArticleFactory(story=story)
    assert jobs.detection_runs_in_background(story)


# Stalled jobs and retries ----------------------------------------------------------


@pytest.fixture
def dead_worker_job(fact_checker, seeds_dir, settings, django_capture_on_commit_callbacks):
    """An import a worker claimed and then died on: its heartbeat has stopped."""
    with django_capture_on_commit_callbacks(execute=False):
        job = jobs.job_start_import(acting_user=fact_checker, files=seed_files(seeds_dir))
    run = jobs.job_claim(job_id=job.pk, attempt=job.attempts)
    assert run is not None
    # Time passes without a heartbeat.
    settings.JOB_STALLED_AFTER = 0
    job.refresh_from_db()
    return job, run


def test_a_running_job_whose_heartbeat_stopped_is_shown_stalled(
    client, fact_checker, dead_worker_job
):
    job, _ = dead_worker_job
    client.force_login(fact_checker)

    assert job.state == Job.STALLED
    assert list(Job.objects.stalled()) == [job]
    assert not Job.objects.active().exists()
    stalled_list = client.get(CHANGELIST, {"state": "stalled"})
    running_list = client.get(CHANGELIST, {"state": "running"})
    assert list(stalled_list.context["cl"].result_list) == [job]
    assert list(running_list.context["cl"].result_list) == []
    page = client.get(job_page(job)).content.decode()
    assert "Stalled" in page
    assert "the worker most likely stopped" in page
    assert 'value="Retry"' in page


def test_retrying_a_stalled_job_runs_it_again_to_the_end(
    client, fact_checker, dead_worker_job, run_tasks
):
    job, _ = dead_worker_job
    client.force_login(fact_checker)

    with run_tasks():
        response = client.post(reverse("admin:factcheck_job_retry", args=[job.pk]))

    assert response.status_code == 302
    job.refresh_from_db()
    assert job.state == Job.Status.SUCCEEDED
    assert job.attempts == 2
    assert job.result["counts"]["created"] == 3
    history = list(job.history.order_by("history_id").values_list("history_user", "status"))
    assert history == [(fact_checker.pk, "queued"), (fact_checker.pk, "queued")]
    assert job.history.latest().history_change_reason == "retried: attempt 2"


def test_a_run_taken_for_dead_stops_once_a_retry_has_taken_over(
    fact_checker, dead_worker_job, run_tasks
):
    job, old_run = dead_worker_job
    with run_tasks():
        jobs.job_retry(job=job, acting_user=fact_checker)

    # The first worker wakes up and reports progress: it learns it lost the job.
    with old_run:
        old_run.advance(1)
        pytest.fail("a superseded run must stop at its next write")

    job.refresh_from_db()
    assert job.state == Job.Status.SUCCEEDED
    assert job.progress_done == 3


def test_retrying_an_import_already_done_changes_nothing(
    fact_checker, seeds_dir, run_tasks, dead_worker_job
):
    job, _ = dead_worker_job
    with run_tasks():
        article_services.articles_import(
            inputs=article_services.inputs_from_folder(seeds_dir), acting_user=fact_checker
        )
        jobs.job_retry(job=job, acting_user=fact_checker)

    job.refresh_from_db()
    assert job.result["counts"]["unchanged"] == 3
    assert Article.objects.count() == 3


def test_retrying_a_succeeded_job_is_refused(client, fact_checker, seeds_dir, run_tasks):
    with run_tasks():
        job = jobs.job_start_import(acting_user=fact_checker, files=seed_files(seeds_dir))
    job.refresh_from_db()

    with pytest.raises(jobs.JobRefused, match="is succeeded"):
        jobs.job_retry(job=job, acting_user=fact_checker)

    client.force_login(fact_checker)
    response = client.post(reverse("admin:factcheck_job_retry", args=[job.pk]), follow=True)
    assert "Not retried: Only a failed or stalled job can be retried" in response.content.decode()
    assert 'value="Retry"' not in response.content.decode()
    job.refresh_from_db()
    assert job.attempts == 1


def test_the_retry_action_retries_stalled_jobs_and_reports_the_rest(
    client, fact_checker, dead_worker_job, seeds_dir, run_tasks
):
    stalled, _ = dead_worker_job
    with run_tasks():
        done = jobs.job_start_import(
            acting_user=fact_checker, files=[ContentFile(b"Text.", name="b.txt")]
        )
    client.force_login(fact_checker)

    with run_tasks():
        response = client.post(
            CHANGELIST,
            {"action": "retry_jobs", "_selected_action": [stalled.pk, done.pk]},
        )

    page = client.get(response["Location"]).content.decode()
    assert "Queued 1 job(s) again." in page
    assert "Skipped 1:" in page
    stalled.refresh_from_db()
    assert stalled.state == Job.Status.SUCCEEDED


# Permissions ---------------------------------------------------------------------


def test_staff_without_a_role_may_not_start_view_or_retry_jobs(
    client, outsider, fact_checker, seed_story, dead_worker_job
):
    job, _ = dead_worker_job
    with pytest.raises(PermissionDenied):
        jobs.job_start_import(acting_user=outsider, files=[ContentFile(b"x", name="a.txt")])
    with pytest.raises(PermissionDenied):
        jobs.job_start_detection(story=seed_story, acting_user=outsider)
    with pytest.raises(PermissionDenied):
        jobs.job_retry(job=job, acting_user=outsider)

    client.force_login(outsider)
    assert client.get(START_IMPORT).status_code == 403
    assert client.get(START_DETECTION).status_code == 403
    assert client.get(CHANGELIST).status_code == 403


def test_who_may_import_may_retry_imports_but_not_start_detection(
    client, importer_only, seed_story, dead_worker_job, run_tasks
):
    job, _ = dead_worker_job
    with pytest.raises(PermissionDenied):
        jobs.job_start_detection(story=seed_story, acting_user=importer_only)
    with run_tasks():
        jobs.job_retry(job=job, acting_user=importer_only)
    job.refresh_from_db()
    assert job.state == Job.Status.SUCCEEDED

    client.force_login(importer_only)
    page = client.get(CHANGELIST).content.decode()
    assert START_IMPORT in page
    assert START_DETECTION not in page


def test_editors_may_start_both_kinds(client, editor):
    client.force_login(editor)
    page = client.get(CHANGELIST).content.decode()
    assert START_IMPORT in page
    assert START_DETECTION in page


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get(START_IMPORT)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


# The admin pages -------------------------------------------------------------------


def test_starting_an_import_from_the_admin_shows_its_result(
    client, fact_checker, seeds_dir, run_tasks
):
    client.force_login(fact_checker)
    uploads = [
        SimpleUploadedFile(path.name, path.read_bytes()) for path in sorted(seeds_dir.glob("*.txt"))
    ]
    uploads.append(SimpleUploadedFile("blank.txt", b"   "))

    with run_tasks():
        response = client.post(
            START_IMPORT,
            {
                "files": uploads,
                "urls": "",
                "new_story_slug": "drum-duet",
                "outlet_name": "",
                "format": "auto",
            },
        )

    job = Job.objects.get()
    assert response["Location"] == job_page(job)
    page = client.get(job_page(job)).content.decode()
    assert "3 created" in page
    assert "1 failed" in page
    assert '<progress max="4" value="4">' in page
    assert "blank.txt" in page
    # Finished: the page no longer reloads itself.
    assert 'http-equiv="refresh"' not in page


def test_the_import_form_refuses_an_empty_submission_and_bad_urls(client, fact_checker):
    client.force_login(fact_checker)

    empty = client.post(START_IMPORT, {"urls": "", "format": "auto"})
    bad = client.post(START_IMPORT, {"urls": "ftp://example.org/a.txt", "format": "auto"})

    assert "Give at least one file or URL to import." in empty.content.decode()
    assert "Not an http or https address: ftp://example.org/a.txt" in bad.content.decode()
    assert not Job.objects.exists()


def test_a_queued_job_page_reloads_itself_and_says_it_waits_for_a_worker(
    client, fact_checker, settings, run_tasks
):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    with run_tasks():
        job = jobs.job_start_import(
            acting_user=fact_checker, urls=["https://example.org/report.html"]
        )
    client.force_login(fact_checker)

    page = client.get(job_page(job)).content.decode()

    assert '<meta http-equiv="refresh" content="5">' in page
    assert "waiting for a worker" in page
    assert "https://example.org/report.html" in page
    assert "<script>" not in page


def test_starting_detection_from_the_admin(client, editor, seed_story, run_tasks):
    client.force_login(editor)

    with run_tasks():
        client.post(START_DETECTION, {"story": seed_story.pk})

    job = Job.objects.get()
    assert job.kind == Job.Kind.DETECTION
    assert job.created_by == editor
    assert job.state == Job.Status.SUCCEEDED
    page = client.get(job_page(job)).content.decode()
    assert job.result["summary"] in page
    suggestions = reverse("admin:factcheck_discrepancy_changelist")
    assert f"{suggestions}?story__id__exact={seed_story.pk}&amp;status__exact=suggested" in page


@pytest.mark.parametrize("rows", [3, 12])
def test_job_changelist_shows_state_and_progress_in_constant_queries(
    client, fact_checker, run_tasks, django_assert_num_queries, rows
):
    for i in range(rows):
        with run_tasks():
            jobs.job_start_import(
                acting_user=fact_checker,
                files=[ContentFile(f"Report number {i}.".encode(), name=f"r{i}.txt")],
            )
    client.force_login(fact_checker)

    # 1 session, 2 user, 3-4 the user's own and group permissions, 5 filtered
    # count, 6 unfiltered count, 7 the page of jobs with their creators and
    # stories, 8 the date hierarchy's first and last dates, 9 its days.
    # 10 the header's unread notifications.
    with django_assert_num_queries(10):
        response = client.get(CHANGELIST)

    assert len(response.context["cl"].result_list) == rows
    assert response.content.decode().count("<progress") == rows


@pytest.mark.django_db(transaction=True)
def test_a_worker_busy_on_one_long_step_keeps_the_heartbeat_going(fact_checker, settings):
    """The heartbeat comes from a side thread, so a long parse or a big
    detection run is not mistaken for a dead worker."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    settings.JOB_HEARTBEAT_INTERVAL = 0.05
    job = jobs.job_start_import(acting_user=fact_checker, urls=["https://example.org/a.html"])
    run = jobs.job_claim(job_id=job.pk, attempt=job.attempts)
    claimed_at = Job.objects.get(pk=job.pk).heartbeat_at

    with run:
        time.sleep(0.5)
        beaten_at = Job.objects.get(pk=job.pk).heartbeat_at

    assert beaten_at > claimed_at
