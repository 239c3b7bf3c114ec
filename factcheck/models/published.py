"""What editors decide about reports on the public site: a report shown on its
story's page without published work citing it, and the dated notes left when
a report changed after a discrepancy's finding was published."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from articles.models import Article

from .discrepancies import Discrepancy


class PublicReport(models.Model):
    """An editor's decision to list a report on its public story page although
    no published work cites it. Internal: who decided, and the note."""

    article = models.OneToOneField(Article, on_delete=models.CASCADE, related_name="public_report")
    is_public = models.BooleanField(default=False)
    note = models.TextField(blank=True, help_text="Internal: why it is (or is no longer) shown.")
    changed_at = models.DateTimeField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    def __str__(self):
        return f"{self.article}: {'public' if self.is_public else 'not public'}"


class DiscrepancyUpdate(models.Model):
    """A dated public note on a closed discrepancy: one of its reports was
    updated after the finding was published, and what changed.

    Public: ``created_at``, ``note``. Internal: ``created_by``.
    """

    discrepancy = models.ForeignKey(Discrepancy, on_delete=models.CASCADE, related_name="updates")
    created_at = models.DateTimeField()
    note = models.TextField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["discrepancy", "created_at"]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d}: {self.note[:60]}"
