"""Background tasks (django.tasks). Each runs one attempt of a
:class:`~factcheck.models.Job`; the job row says what to do and records what
happened. Start them through :mod:`factcheck.services.jobs`, never by calling
``enqueue`` directly, so that every run has a job staff can follow.
Notification deliveries are queued the same way, by
:mod:`factcheck.services.notifications`, each with its delivery row.
"""

from django.tasks import task

from articles.services import articles_import

from .services import jobs, notifications
from .services.detection import story_find_discrepancies


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
