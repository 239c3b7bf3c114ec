"""Background jobs: large imports and detection on big stories.

A job is a :class:`~factcheck.models.Job` row plus a django.tasks task
(:mod:`factcheck.tasks`) that does the work. django.tasks has no retries or
leases, so the row carries them:

- Starting a job saves the row (uploads included, in :class:`JobFile`) and
  enqueues the task once that has committed, so a worker never looks for a job
  that is not there yet.
- A worker claims attempt *n* of a job by moving it from queued to running.
  While it works it writes progress and, from a side thread, a heartbeat; a
  running job whose heartbeat stops is *stalled* (its worker died).
- Retrying a failed or stalled job queues attempt *n + 1*. Every write a run
  makes names its attempt, so a run that was taken for dead but is still going
  finds its job taken over and stops. Retrying is safe because both kinds of
  work are idempotent: an article is identified by its source and an
  unchanged re-import writes nothing; a discrepancy already suggested, tracked
  or dismissed is recognised by its fingerprint and not stored again.
"""

from __future__ import annotations

import io
import logging
import threading
import zipfile
from collections.abc import Iterable
from pathlib import PurePosixPath

from django.conf import settings
from django.db import DatabaseError, connections, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from articles import permissions as article_permissions
from articles import services as article_services
from articles.importers import EXTENSIONS, FORMATS, ImportRefused
from articles.models import Article, Story

from .. import permissions
from ..models import Job, JobFile
from . import notifications

logger = logging.getLogger(__name__)

ARCHIVE_SUFFIX = ".zip"
# More members than this in one archive is not a newsroom's folder of reports.
ARCHIVE_MAX_MEMBERS = 10_000
URLS_MAX = 2_000


class JobRefused(Exception):
    """A job cannot be started or retried; the message says why, for staff."""


class JobSuperseded(Exception):
    """A newer attempt has taken the job over; this run must stop."""


# Who may do what --------------------------------------------------------------
# These follow the rules of the work itself: whoever may import articles may
# import them in the background, whoever may record discrepancies may run
# detection that stores suggestions.


def can_start_import(user) -> bool:
    return bool(user and user.is_staff and article_permissions.can_import_articles(user))


def can_start_detection(user) -> bool:
    return permissions.can_propose_discrepancies(user)


def can_view_jobs(user) -> bool:
    return can_start_import(user) or can_start_detection(user)


def can_retry_job(user, job: Job) -> bool:
    if job.kind == Job.Kind.IMPORT:
        return can_start_import(user)
    return can_start_detection(user)


# Starting and retrying ----------------------------------------------------------


@transaction.atomic
def job_start_import(
    *,
    acting_user,
    files: Iterable = (),
    urls: Iterable[str] = (),
    story: Story | None = None,
    new_story_slug: str = "",
    outlet_name: str = "",
    format: str = "auto",
) -> Job:
    """Queue an import of uploaded files and URLs.

    ``files`` are Django ``File`` objects (uploads). A ``.zip`` is unpacked by
    the worker: every article file in it is imported as if it had been
    uploaded alone. Any other file over ``IMPORT_MAX_BYTES`` is kept by name
    only and reported as failed, as the import page does.
    """
    permissions.require(can_start_import(acting_user))
    files, urls = list(files), [url.strip() for url in urls if url.strip()]
    if not files and not urls:
        raise JobRefused("Nothing to import: give at least one file or URL.")
    if len(urls) > URLS_MAX:
        raise JobRefused(f"At most {URLS_MAX:,} URLs per job.")
    not_urls = [url for url in urls if not article_services.is_url(url)]
    if not_urls:
        raise JobRefused(f"Not an http or https URL: {not_urls[0]}")
    total = sum(upload.size for upload in files)
    if total > settings.IMPORT_JOB_MAX_BYTES:
        raise JobRefused(
            f"The files come to {total:,} bytes; a background import takes at most "
            f"{settings.IMPORT_JOB_MAX_BYTES:,} bytes."
        )
    if format not in ("auto", *FORMATS):
        raise JobRefused(f"Unknown format {format!r}.")
    if story is not None and new_story_slug:
        raise JobRefused("Pick an existing story or give a new story slug, not both.")
    if new_story_slug:
        try:
            story = article_services.story_get_or_create(
                spec=article_services.StorySpec(slug=new_story_slug), acting_user=acting_user
            )
        except ImportRefused as exc:
            raise JobRefused(str(exc)) from exc

    job = _job_create(
        kind=Job.Kind.IMPORT,
        story=story,
        parameters={"urls": urls, "outlet_name": outlet_name.strip(), "format": format},
        acting_user=acting_user,
    )
    JobFile.objects.bulk_create(
        JobFile(job=job, name=_base_name(upload.name), size=upload.size, data=_read(upload))
        for upload in files
    )
    return job


@transaction.atomic
def job_start_detection(*, story: Story, acting_user) -> Job:
    """Queue detection on ``story``, storing new candidates as suggestions.

    When a detection job for the story is already queued or running, that job
    is returned instead of starting a second one.
    """
    permissions.require(can_start_detection(acting_user))
    # Lock the story so two clicks at once cannot both find no active job.
    Story.objects.select_for_update().filter(pk=story.pk).first()
    active = Job.objects.active().filter(kind=Job.Kind.DETECTION, story=story).first()
    if active is not None:
        return active
    return _job_create(kind=Job.Kind.DETECTION, story=story, parameters={}, acting_user=acting_user)


def detection_runs_in_background(story: Story) -> bool:
    """Whether "Find discrepancies" on ``story`` should be a background job
    (more than ``DETECTION_BACKGROUND_ARTICLES`` articles) rather than run
    while the editor waits."""
    limit = settings.DETECTION_BACKGROUND_ARTICLES
    return Article.objects.in_story(story).order_by()[: limit + 1].count() > limit


@transaction.atomic
def job_delete(*, instance: Job, acting_user) -> None:
    """Delete a job's record and its kept uploads (superusers clearing old
    records), with history."""
    permissions.require(permissions.can_delete(acting_user, Job))
    instance._history_user = acting_user
    instance.delete()


@transaction.atomic
def job_retry(*, job: Job, acting_user) -> Job:
    """Queue the next attempt of a failed or stalled job.

    Safe to repeat: imports and detection are idempotent (see the module
    docstring), and a run of an earlier attempt that is still going stops at
    its next write.
    """
    permissions.require(can_retry_job(acting_user, job))
    job = Job.objects.select_for_update().get(pk=job.pk)
    if not job.can_be_retried:
        state = job.get_state_display().lower()
        raise JobRefused(f"Only a failed or stalled job can be retried; {job} is {state}.")
    job.status = Job.Status.QUEUED
    job.attempts += 1
    job.queued_at = timezone.now()
    job.started_at = job.finished_at = job.heartbeat_at = None
    job.progress_done, job.progress_total = 0, None
    job.result, job.error, job.task_id = {}, "", ""
    job._history_user = acting_user
    job._change_reason = f"retried: attempt {job.attempts}"
    job.save()
    _enqueue_on_commit(job)
    logger.info("Job %s retried by %s: attempt %s.", job.pk, acting_user, job.attempts)
    return job


def _job_create(*, kind, story, parameters, acting_user) -> Job:
    job = Job(
        kind=kind,
        story=story,
        parameters=parameters,
        created_by=acting_user,
        attempts=1,
    )
    job._history_user = acting_user
    job._change_reason = "started"
    job.save()
    _enqueue_on_commit(job)
    logger.info("Job %s (%s) started by %s.", job.pk, kind, acting_user)
    return job


# The task (factcheck.tasks) that runs each kind of job.
TASKS = {
    Job.Kind.IMPORT: "factcheck.tasks.import_articles",
    Job.Kind.DETECTION: "factcheck.tasks.find_discrepancies",
}


def _enqueue_on_commit(job: Job):
    job_id, attempt, kind = job.pk, job.attempts, job.kind
    transaction.on_commit(lambda: _enqueue(job_id=job_id, attempt=attempt, kind=kind))


def _enqueue(*, job_id, attempt, kind):
    try:
        # Named, not imported: the task module imports this one, and this
        # module never imports it back (no loop). Inside the try: a task
        # backend that refuses the tasks' queue fails at import.
        task = import_string(TASKS[kind])
        result = task.enqueue(job_id=job_id, attempt=attempt)
    except Exception as exc:
        # The job row is committed; say why nothing will pick it up, and let
        # staff retry it, rather than leave it queued for ever.
        logger.exception("Job %s could not be queued.", job_id)
        Job.objects.filter(pk=job_id, attempts=attempt).update(
            status=Job.Status.FAILED,
            finished_at=timezone.now(),
            error=f"Could not be queued: {type(exc).__name__}: {exc}",
        )
        return
    Job.objects.filter(pk=job_id, attempts=attempt).update(task_id=str(result.id))


def _base_name(name: str) -> str:
    # Browsers send a bare file name; strip any path a client adds anyway.
    return PurePosixPath(name.replace("\\", "/")).name[:255] or "upload"


def _read(upload) -> bytes:
    limit = (
        settings.IMPORT_JOB_MAX_BYTES
        if upload.name.lower().endswith(ARCHIVE_SUFFIX)
        else settings.IMPORT_MAX_BYTES
    )
    if upload.size > limit:
        return b""
    upload.seek(0)
    return upload.read()


# Running ------------------------------------------------------------------------


class JobRun:
    """One attempt of a job in a worker: progress, heartbeat and outcome.

    Use :func:`job_claim` to get one, then ``with run:`` around the work. An
    exception inside marks the job failed (and propagates, so the task queue
    records it too); losing the job to a newer attempt stops the work quietly.
    """

    def __init__(self, job: Job, attempt: int):
        self.job = job
        self.attempt = attempt
        self._stop = threading.Event()
        self._heart = threading.Thread(
            target=self._beat, name=f"job-{job.pk}-heartbeat", daemon=True
        )

    def __enter__(self):
        if settings.JOB_HEARTBEAT_INTERVAL > 0:
            self._heart.start()
        return self

    def __exit__(self, exc_type, exc, traceback):
        self._stop.set()
        if self._heart.is_alive():
            self._heart.join()
        if exc is None:
            return False
        if isinstance(exc, JobSuperseded):
            logger.warning("Job %s attempt %s was taken over; stopped.", self.job.pk, self.attempt)
            return True
        message = str(exc) if isinstance(exc, JobRefused) else f"{type(exc).__name__}: {exc}"
        logger.error("Job %s attempt %s failed: %s", self.job.pk, self.attempt, message)
        try:
            self._update(status=Job.Status.FAILED, finished_at=timezone.now(), error=message)
        except JobSuperseded:
            return True
        notifications.notify_job_done(job=self.job, error=message)
        return False

    def set_total(self, total: int):
        self._update(progress_total=total, heartbeat_at=timezone.now())

    def advance(self, done: int):
        self._update(progress_done=done, heartbeat_at=timezone.now())

    def finish(self, result: dict):
        """The work ran to the end: succeeded, or finished with the failures
        ``result`` lists."""
        now = timezone.now()
        status = (
            Job.Status.FINISHED_WITH_FAILURES if result.get("failures") else Job.Status.SUCCEEDED
        )
        self._update(status=status, finished_at=now, heartbeat_at=now, result=result)
        # Imported: the uploads are not needed again, as only failed or
        # stalled jobs run again.
        JobFile.objects.filter(job_id=self.job.pk).delete()
        notifications.notify_job_done(job=self.job, result=result)
        logger.info(
            "Job %s attempt %s %s: %s",
            self.job.pk,
            self.attempt,
            Job.Status(status).label.lower(),
            result.get("summary"),
        )

    def _update(self, **fields):
        updated = Job.objects.filter(
            pk=self.job.pk, attempts=self.attempt, status=Job.Status.RUNNING
        ).update(**fields)
        if not updated:
            raise JobSuperseded

    def _beat(self):
        """Touch the heartbeat until stopped. Runs in its own thread, so on
        its own database connection, which it closes when done."""
        try:
            while not self._stop.wait(settings.JOB_HEARTBEAT_INTERVAL):
                try:
                    self._update(heartbeat_at=timezone.now())
                except JobSuperseded:
                    return
                except DatabaseError:
                    # A busy database delays one beat; the stall limit allows many.
                    logger.warning("Job %s: heartbeat failed.", self.job.pk, exc_info=True)
        finally:
            connections.close_all()


def job_claim(*, job_id: int, attempt: int) -> JobRun | None:
    """Start attempt ``attempt`` of a queued job; None when it is not that
    attempt's to run (retried since, or already run)."""
    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, attempts=attempt, status=Job.Status.QUEUED).update(
        status=Job.Status.RUNNING, started_at=now, heartbeat_at=now
    )
    if not claimed:
        logger.warning("Job %s attempt %s is not queued; nothing to do.", job_id, attempt)
        return None
    job = Job.objects.select_related("created_by", "story").get(pk=job_id)
    logger.info("Job %s attempt %s running.", job_id, attempt)
    return JobRun(job, attempt)


def import_inputs(job: Job) -> list[article_services.ImportInput]:
    """What an import job imports: each upload (each article file of an
    archive) and each URL, loaded lazily: the import reads them a chunk at a
    time (``articles.services.CHUNK_INPUTS``), never all at once."""
    inputs = []
    for pk, name, size in job.files.values_list("pk", "name", "size"):
        if name.lower().endswith(ARCHIVE_SUFFIX):
            if size > settings.IMPORT_JOB_MAX_BYTES:
                inputs.append(_refused(name, _too_large(size, settings.IMPORT_JOB_MAX_BYTES)))
            else:
                inputs.extend(archive_inputs(name, _file_data(pk)))
        elif size > settings.IMPORT_MAX_BYTES:
            inputs.append(_refused(name, _too_large(size, settings.IMPORT_MAX_BYTES)))
        else:
            inputs.append(article_services.ImportInput(name=name, load=_file_loader(pk)))
    inputs.extend(article_services.ImportInput.from_url(url) for url in job.parameters["urls"])
    return inputs


def archive_inputs(name: str, data: bytes) -> list[article_services.ImportInput]:
    """The article files of a zip archive, as a folder import would take them.

    Each member is known by its file name alone, like a file of a folder, so
    importing a folder and then a zip of it finds the same articles.
    Directories, hidden files, ``manifest.*`` and files of other types are
    skipped. A member's stated size is checked before it is read, and its
    actual size while it is read, so a crafted archive cannot fill memory.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile) as exc:
        return [_refused(name, f"not a readable zip archive ({exc})")]
    if len(members) > ARCHIVE_MAX_MEMBERS:
        return [_refused(name, f"more than {ARCHIVE_MAX_MEMBERS:,} files in the archive")]
    limit = settings.IMPORT_MAX_BYTES
    inputs, seen = [], set()
    for member in members:
        path = PurePosixPath(member.filename)
        if (
            member.is_dir()
            or any(part.startswith(".") or part == "__MACOSX" for part in path.parts)
            or path.suffix.lower() not in EXTENSIONS
            or path.name.lower().startswith("manifest.")
        ):
            continue
        if path.name in seen:
            inputs.append(
                _refused(path.name, f"another file in {name} has the same name ({member.filename})")
            )
        elif member.file_size > limit:
            inputs.append(_refused(path.name, _too_large(member.file_size, limit)))
        else:
            inputs.append(
                article_services.ImportInput(
                    name=path.name, load=_member_loader(archive, member, limit)
                )
            )
        seen.add(path.name)
    if not inputs:
        return [_refused(name, "no article files (.txt, .html, .htm, .json) in the archive")]
    return inputs


def import_result(report: article_services.ImportReport) -> dict:
    Status = article_services.Status
    return {
        "summary": report.summary(),
        "counts": {
            status: report.count(status)
            for status in (
                Status.CREATED,
                Status.REVISED,
                Status.UPDATED,
                Status.UNCHANGED,
                Status.FAILED,
            )
        },
        "failures": [{"name": outcome.name, "reason": outcome.reason} for outcome in report.failed],
        "created_articles": [
            outcome.article.pk for outcome in report.outcomes if outcome.status == Status.CREATED
        ],
    }


def detection_result(report) -> dict:
    return {
        "summary": (
            f"{len(report.candidates)} candidates, {len(report.saved)} new suggestions, "
            f"{report.already_known} already known"
        ),
        "counts": {
            "candidates": len(report.candidates),
            "saved": len(report.saved),
            "already_known": report.already_known,
        },
        "discrepancies": [discrepancy.pk for discrepancy in report.saved],
        "failures": [],
    }


def _file_data(pk) -> bytes:
    # PostgreSQL hands binary columns back as memoryview.
    return bytes(JobFile.objects.filter(pk=pk).values_list("data", flat=True).get())


def _file_loader(pk):
    return lambda: (_file_data(pk), "")


def _member_loader(archive, member, limit):
    def load():
        try:
            with archive.open(member) as handle:
                data = handle.read(limit + 1)
        except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError) as exc:
            # Corrupt, encrypted or compressed with an unsupported method.
            raise ImportRefused(f"could not be read from the archive ({exc})") from exc
        if len(data) > limit:
            raise ImportRefused(f"too large (over {limit:,} bytes once unpacked)")
        return data, ""

    return load


def _refused(name, reason):
    def load():
        raise ImportRefused(reason)

    return article_services.ImportInput(name=name, load=load)


def _too_large(size, limit):
    return f"too large ({size:,} bytes; the limit is {limit:,} bytes)"
