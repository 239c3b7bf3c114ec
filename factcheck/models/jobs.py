from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from articles.models import Story


def stalled_cutoff(now=None):
    """Running jobs whose heartbeat is older than this are stalled."""
    return (now or timezone.now()) - timedelta(seconds=settings.JOB_STALLED_AFTER)


class JobQuerySet(models.QuerySet):
    def for_listing(self):
        return self.select_related("created_by", "story").defer("parameters")

    def active(self):
        """Queued or running, and not stalled: a worker has it or will."""
        return self.filter(status__in=[Job.Status.QUEUED, Job.Status.RUNNING]).exclude(_stalled_q())

    def stalled(self):
        """Jobs no worker is looking after: see :attr:`Job.is_stalled`."""
        return self.filter(_stalled_q())

    def in_state(self, state):
        """Jobs whose :attr:`Job.state` is ``state`` (a stored status or "stalled")."""
        if state == Job.STALLED:
            return self.stalled()
        return self.filter(status=state).exclude(_stalled_q())


def _stalled_q():
    cutoff = stalled_cutoff()
    return models.Q(status=Job.Status.RUNNING, heartbeat_at__lt=cutoff) | models.Q(
        status=Job.Status.QUEUED, task_id="", queued_at__lt=cutoff
    )


class Job(models.Model):
    """A background import or detection run, as staff see it.

    django.tasks has no retries or leases, so this row carries what it lacks:
    progress, a heartbeat that tells a live worker from a dead one, the outcome,
    and an attempt number. Each run works for one attempt only; a retry starts
    attempt n + 1, and writes from an older run that is somehow still going are
    ignored (see :mod:`factcheck.services.jobs`).
    """

    class Kind(models.TextChoices):
        IMPORT = "import", "Import articles"
        DETECTION = "detection", "Find discrepancies"

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Succeeded"
        # Ran to the end, but some files or URLs failed: never "succeeded".
        FINISHED_WITH_FAILURES = "partial", "Finished with failures"
        FAILED = "failed", "Failed"

    # Not stored: a running job becomes stalled when its heartbeat stops.
    STALLED = "stalled"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    story = models.ForeignKey(
        Story,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The story imported into, or searched for discrepancies.",
    )
    parameters = models.JSONField(
        default=dict, blank=True, help_text="What to do: URLs, outlet, format and the like."
    )
    result = models.JSONField(
        default=dict, blank=True, help_text="Counts, and each failure with its reason."
    )
    error = models.TextField(blank=True, help_text="Why the job as a whole failed.")
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(
        null=True, blank=True, help_text="Unknown until the work has been counted."
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    task_id = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    queued_at = models.DateTimeField(default=timezone.now, help_text="Last (re)queued.")
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)

    objects = JobQuerySet.as_manager()
    # Who started and retried what. Workers write progress and outcomes with
    # QuerySet.update(), which history does not record.
    history = HistoricalRecords(
        excluded_fields=["parameters", "result", "error", "progress_done", "heartbeat_at"]
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "heartbeat_at"], name="factcheck_job_state_idx")]

    def __str__(self):
        subject = f": {self.story}" if self.story_id else ""
        return f"{self.get_kind_display()} #{self.pk}{subject}"

    def get_absolute_url(self):
        return reverse("admin:factcheck_job_change", args=[self.pk])

    @property
    def state(self):
        """The status, or "stalled" for a running job whose worker has gone quiet."""
        if self.is_stalled:
            return self.STALLED
        return self.status

    @property
    def is_stalled(self):
        """Running, but its worker has gone quiet (it most likely died); or
        queued long ago and never handed to the task queue (the process that
        took the request died between saving the job and enqueueing it)."""
        cutoff = stalled_cutoff()
        if self.status == self.Status.RUNNING:
            return self.heartbeat_at is not None and self.heartbeat_at < cutoff
        if self.status == self.Status.QUEUED:
            return not self.task_id and self.queued_at < cutoff
        return False

    @property
    def is_finished(self):
        return self.status in (
            self.Status.SUCCEEDED,
            self.Status.FINISHED_WITH_FAILURES,
            self.Status.FAILED,
        )

    @property
    def failure_count(self):
        return len(self.result.get("failures", []))

    @property
    def created_article_ids(self):
        """The articles an import created, by id (they may have been deleted since)."""
        return self.result.get("created_articles", [])

    @property
    def can_be_retried(self):
        # A finished job is done (what failed in it is listed, with the reason,
        # to import again on its own); a queued or live one is still on its way.
        return self.status == self.Status.FAILED or self.is_stalled

    def get_state_display(self):
        if self.is_stalled:
            return "Stalled"
        if self.status == self.Status.FINISHED_WITH_FAILURES:
            count = self.failure_count
            return f"Finished with {count} failure{'' if count == 1 else 's'}"
        return self.get_status_display()


class JobFile(models.Model):
    """A file uploaded for a background import, kept until the import succeeds.

    In the database rather than the media folder: the worker may run on another
    machine than the web process that took the upload, and the database is the
    one thing every process already shares. Uploads are capped
    (``IMPORT_JOB_MAX_BYTES``) and deleted once imported.
    """

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="files")
    name = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField()
    # Empty when the file was over the import limit: it is reported, not imported.
    data = models.BinaryField(blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.name
