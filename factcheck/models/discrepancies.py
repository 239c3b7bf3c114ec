from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from articles.models import Article, Story

from ..choices import DiscrepancyStatus
from ..querysets import DiscrepancyQuerySet, PassageQuerySet
from .anchors import AnchoredPassage
from .claims import Claim
from .sources import BaseCitation, Source


class Discrepancy(models.Model):
    """Where the reports of one story disagree, and what the desk found.

    Public once resolved (status resolved or not a conflict): ``title`` (the
    question), ``kind``, the passages (quote with limited context, article,
    outlet, date, as recorded when it was closed, and assessment),
    ``resolution``, ``resolved_at``, the cited sources (title, link,
    publisher, stance, excerpt) and dated update notes.

    Internal forever: ``notes``, ``assignee``, ``reviewer``, ``due_at``,
    ``review_requested_at``, ``created_by``, ``resolved_by``
    and every staff identity, ``severity``, detection ``score`` and
    ``explanation``, passage notes, citation notes, and every discrepancy that
    is not resolved, above all dismissed suggestions.
    """

    class Kind(models.TextChoices):
        DATE = "date", "Date or time"
        NUMBER = "number", "Number"
        QUOTE = "quote", "Quote wording"
        ATTRIBUTION = "attribution", "Attribution"
        DESCRIPTION = "description", "Description"
        SINGLE_SOURCE = "single_source", "Single-source detail"
        OTHER = "other", "Other"

    class Severity(models.IntegerChoices):
        MINOR = 1, "Minor"
        MODERATE = 2, "Moderate"
        MAJOR = 3, "Major"

    class Origin(models.TextChoices):
        STAFF = "staff", "Entered by staff"
        DETECTED = "detected", "Suggested by detection"

    Status = DiscrepancyStatus

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="discrepancies")
    title = models.CharField(
        max_length=300, help_text="The question, e.g. “How did the president describe it?”"
    )
    kind = models.CharField(max_length=15, choices=Kind.choices)
    severity = models.PositiveSmallIntegerField(choices=Severity.choices, default=Severity.MODERATE)
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.STAFF)
    score = models.FloatField(null=True, blank=True, help_text="Detection score (0–1).")
    explanation = models.TextField(blank=True, help_text="Why detection suggested it.")
    status = models.CharField(max_length=15, choices=Status.choices, default=Status.OPEN)
    resolution = models.TextField(blank=True, help_text="Which version is right, and why.")
    notes = models.TextField(blank=True, help_text="Internal: never shown to the public.")
    fingerprint = models.CharField(max_length=64, editable=False)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged"
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_discrepancies",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A discrepancy has no review state: asking for review (an editor's ruling
    # on the finding) is dated here, and cleared when it is closed or reopened.
    review_requested_at = models.DateTimeField(null=True, blank=True, editable=False)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="discrepancies_to_review",
        editable=False,
    )
    due_at = models.DateTimeField(
        "due", null=True, blank=True, help_text="Internal: when the desk wants it done."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    resolved_at = models.DateTimeField(null=True, blank=True, editable=False)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()
    objects = DiscrepancyQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "discrepancies"
        ordering = ["-severity", "-updated_at"]
        permissions = [
            (
                "resolve_discrepancy",
                "Can confirm, dismiss, merge, resolve and close discrepancies",
            ),
        ]
        constraints = [
            # Detection recognises what is tracked or was dismissed by this.
            models.UniqueConstraint(
                fields=["story", "fingerprint"], name="unique_discrepancy_fingerprint"
            ),
        ]
        indexes = [
            models.Index(fields=["story", "status"]),
            models.Index(fields=["status", "-updated_at"]),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("admin:factcheck_discrepancy_change", args=[self.pk])

    @property
    def is_open_work(self):
        return self.status in (self.Status.SUGGESTED, self.Status.OPEN, self.Status.INVESTIGATING)

    @property
    def is_overdue(self):
        """Due before now and still open work."""
        return bool(self.due_at and self.is_open_work and self.due_at < timezone.now())

    @property
    def is_closed(self):
        return self.status in (
            self.Status.RESOLVED,
            self.Status.NOT_CONFLICT,
            self.Status.DISMISSED,
        )


class DiscrepancyPassage(AnchoredPassage):
    """What one report says on the disputed point, anchored like a claim."""

    class Assessment(models.TextChoices):
        UNASSESSED = "", "Not assessed"
        ACCURATE = "accurate", "Accurate"
        INACCURATE = "inaccurate", "Inaccurate"
        UNCLEAR = "unclear", "Unclear"

    discrepancy = models.ForeignKey(Discrepancy, on_delete=models.CASCADE, related_name="passages")
    article = models.ForeignKey(
        Article, on_delete=models.PROTECT, related_name="discrepancy_passages"
    )
    claim = models.ForeignKey(
        Claim, null=True, blank=True, on_delete=models.SET_NULL, related_name="discrepancy_passages"
    )
    assessment = models.CharField(
        max_length=10, choices=Assessment.choices, blank=True, default=Assessment.UNASSESSED
    )
    note = models.TextField(blank=True, help_text="Internal: never shown to the public.")

    history = HistoricalRecords()
    objects = PassageQuerySet.as_manager()

    class Meta:
        ordering = ["discrepancy", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["discrepancy", "article"], name="one_passage_per_report"
            ),
        ]

    def __str__(self):
        return f"{self.article}: {self.quote[:60]}"


class DiscrepancyCitation(BaseCitation):
    """A source cited for a discrepancy's resolution. Public once resolved, except ``note``."""

    discrepancy = models.ForeignKey(Discrepancy, on_delete=models.CASCADE, related_name="citations")
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="discrepancy_citations"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["discrepancy", "pk"]
