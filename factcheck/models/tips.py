"""Reader tips: claims the public asks the desk to check.

Public: nothing of a tip itself. A published claim that a tip led to may say
that readers asked for it; that is all the public learns.

Internal forever: the statement as the reader wrote it, where it was seen,
the tipster's ``contact_name`` and ``contact_email``, the moderation note and
every staff identity in the history. The client address is never stored: the
rate limit keeps it in the cache for its window only.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

# Size caps of the public form, enforced by the form and the service alike.
STATEMENT_MAX = 2000
SEEN_AT_MAX = 1000
CONTACT_NAME_MAX = 200
CONTACT_EMAIL_MAX = 254


class TipQuerySet(models.QuerySet):
    def for_moderation(self):
        """The admin's queue: newest first, with the claim each led to."""
        return self.select_related("claim", "handled_by").order_by("-created_at", "-pk")

    def waiting(self):
        return self.filter(status=Tip.Status.NEW)


class Tip(models.Model):
    """A claim a reader suggested checking, waiting in the moderation queue."""

    class Status(models.TextChoices):
        NEW = "new", "New"
        ACCEPTED = "accepted", "Accepted"
        DUPLICATE = "duplicate", "Duplicate"
        REJECTED = "rejected", "Rejected"

    statement = models.TextField(
        max_length=STATEMENT_MAX, help_text="The claim, in the reader's words."
    )
    seen_at = models.TextField(
        "where it was seen",
        max_length=SEEN_AT_MAX,
        help_text="A web address or a description (a broadcast, a leaflet).",
    )
    contact_name = models.CharField(
        max_length=CONTACT_NAME_MAX, blank=True, help_text="Internal: never shown to the public."
    )
    contact_email = models.EmailField(
        max_length=CONTACT_EMAIL_MAX, blank=True, help_text="Internal: never shown to the public."
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.NEW)
    note = models.TextField(blank=True, help_text="Internal: why it was accepted or not.")
    claim = models.ForeignKey(
        "factcheck.Claim",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tips",
        help_text="The claim this tip led to.",
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()
    objects = TipQuerySet.as_manager()

    class Meta:
        verbose_name = "reader tip"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "-created_at"], name="tip_queue_idx")]

    def __str__(self):
        text = " ".join(self.statement.split())
        return text if len(text) <= 80 else text[:79].rstrip() + "…"

    def get_absolute_url(self):
        return reverse("admin:factcheck_tip_change", args=[self.pk])
