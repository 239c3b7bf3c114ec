"""Background tasks of the articles app (django.tasks).

``watch_articles`` runs one watch round (:func:`articles.watch.watch_round`) in
the task worker and, where the backend can run a task later (the database
backend can), queues the next round ``WATCH_ROUND_INTERVAL`` seconds on, so
one ``manage.py watch_articles --enqueue`` keeps rounds coming for as long as
a worker runs. Cron running ``manage.py watch_articles`` does the same without
the worker (README, "Watching reports for later edits").
"""

import datetime
import logging

from django.conf import settings
from django.tasks import TaskResultStatus, task
from django.utils import timezone
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from . import watch

logger = logging.getLogger(__name__)


@task
def watch_articles() -> dict:
    try:
        report = watch.watch_round()
    finally:
        # Even after a failed round: a chain that stopped would stop watching.
        watch_round_enqueue(
            run_after=timezone.now() + datetime.timedelta(seconds=settings.WATCH_ROUND_INTERVAL)
        )
    return report.counts()


def watch_round_enqueue(*, run_after=None):
    """Queue a watch round, unless one is already waiting; returns its task
    result, or ``None`` when none was queued.

    A later round (``run_after``) is queued only where the backend can defer a
    task; the inline backend of the tests cannot, and would otherwise run the
    next round within this one.
    """
    backend = watch_articles.get_backend()
    if run_after is not None and not backend.supports_defer:
        return None
    if _round_waiting(backend):
        return None
    task = watch_articles.using(run_after=run_after) if run_after else watch_articles
    return task.enqueue()


def _round_waiting(backend) -> bool:
    """Whether the database queue already holds a round not yet started, so
    that starting the chain twice does not run two chains."""
    if not isinstance(backend, DatabaseBackend):
        return False
    return DBTaskResult.objects.filter(
        task_path=watch_articles.module_path, status=TaskResultStatus.READY
    ).exists()
