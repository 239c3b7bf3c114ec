"""Background tasks (django.tasks). Each runs one attempt of a
:class:`~factcheck.models.Job`; the job row says what to do and records what
happened. Start them through :mod:`factcheck.services.jobs`, never by calling
``enqueue`` directly, so that every run has a job staff can follow.
Notification deliveries are queued the same way, by
:mod:`factcheck.services.notifications`, each with its delivery row; archived
copies of sources by :mod:`factcheck.services.snapshots`, each kept as its
snapshot row. ``watch_sources`` chains its own rounds, as the articles' watch.
"""

import datetime
from collections import Counter

from django.conf import settings
from django.contrib.auth import get_user_model
from django.tasks import TaskResultStatus, task
from django.utils import timezone
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from articles.services import articles_import

from .models import Source, SourceSnapshot
from .services import jobs, notifications, snapshots
from .services.detection import story_find_discrepancies
from .services.scheduling import claims_publish_due


@task
def import_articles(*, job_id: int, attempt: int) -> dict | None:
    run = jobs.job_claim(job_id=job_id, attempt=attempt)
    if run is None:
        return None
    with run:
        job = run.job
        inputs = jobs.import_inputs(job)
        run.set_total(len(inputs))
        report = articles_import(
            inputs=inputs,
            acting_user=job.created_by,
            story=job.story,
            outlet_name=job.parameters.get("outlet_name", ""),
            format=job.parameters.get("format", "auto"),
            on_progress=lambda position, outcome: run.advance(position),
        )
        result = jobs.import_result(report)
        run.finish(result)
        return result["counts"]
    return None


@task
def find_discrepancies(*, job_id: int, attempt: int) -> dict | None:
    run = jobs.job_claim(job_id=job_id, attempt=attempt)
    if run is None:
        return None
    with run:
        job = run.job
        if job.story is None:
            raise jobs.JobRefused("The story was deleted before detection could run.")
        # The engine reports no progress of its own: the total stays unknown
        # (an indeterminate bar) until it is done; the heartbeat says it is alive.
        report = story_find_discrepancies(story=job.story, save=True, acting_user=job.created_by)
        run.set_total(1)
        run.advance(1)
        result = jobs.detection_result(report)
        run.finish(result)
        return result["counts"]
    return None


@task
def deliver_notification(*, delivery_id: int) -> str | None:
    """One attempt of an e-mail or webhook post; the delivery row keeps the
    count and queues the next attempt itself when this one fails."""
    return notifications.delivery_attempt(delivery_id=delivery_id)


@task
def publish_scheduled_claims() -> dict:
    """Publish every scheduled claim now due (services.scheduling): queued by each
    schedule with ``run_after`` at its time."""
    return claims_publish_due()


@task
def take_source_snapshot(*, source_id: int, reason: str, user_id: int | None = None) -> int | None:
    """Archive a cited source (services.snapshots): at its first citation, or
    when staff refresh it. A first-citation copy already taken is not taken twice."""
    source = Source.objects.filter(pk=source_id).first()
    if source is None or not source.url:
        return None
    if reason == SourceSnapshot.Reason.CITED and source.snapshots.exists():
        return None
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    return snapshots.source_snapshot_take(source=source, reason=reason, acting_user=user).pk


@task
def watch_sources() -> dict:
    """One watch round of cited sources; queues the next round where the
    backend can run a task later, as the articles' watch does."""
    try:
        checks = snapshots.source_watch_round()
    finally:
        source_watch_round_enqueue(
            run_after=timezone.now() + datetime.timedelta(seconds=settings.SOURCE_WATCH_INTERVAL)
        )
    return dict(Counter(check.result for check in checks))


def source_watch_round_enqueue(*, run_after=None):
    """Queue a source watch round unless one is already waiting; returns its
    task result, or ``None`` when none was queued."""
    backend = watch_sources.get_backend()
    if run_after is not None and not backend.supports_defer:
        return None
    if isinstance(backend, DatabaseBackend) and (
        DBTaskResult.objects.filter(
            task_path=watch_sources.module_path, status=TaskResultStatus.READY
        ).exists()
    ):
        return None
    return (watch_sources.using(run_after=run_after) if run_after else watch_sources).enqueue()
