from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from articles.importers.claimreview import NAME_MAX, URL_MAX


class ExternalFactCheck(models.Model):
    """Another fact-checker's review of a claim, imported from their ClaimReview.

    Research material for the desk, kept apart from its own claims: nothing of
    the public site, its feeds or its API reads this table, and nothing here
    is ever republished. ``url`` (the review's own address) identifies it
    across imports; ``raw`` keeps the ClaimReview object exactly as received.
    """

    url = models.URLField("review URL", max_length=URL_MAX, unique=True)
    claim_reviewed = models.TextField("claim reviewed")
    claimant_name = models.CharField("claimant", max_length=NAME_MAX, blank=True)
    rating_text = models.CharField("rating", max_length=NAME_MAX, blank=True)
    rating_value = models.FloatField(null=True, blank=True)
    best_rating = models.FloatField(null=True, blank=True)
    worst_rating = models.FloatField(null=True, blank=True)
    publisher_name = models.CharField("publisher", max_length=NAME_MAX, blank=True)
    publisher_url = models.URLField("publisher URL", max_length=URL_MAX, blank=True)
    date_published = models.DateField(null=True, blank=True)
    raw = models.JSONField("ClaimReview as received")
    imported_from = models.CharField(
        max_length=URL_MAX, help_text="The file or address of the last import that carried it."
    )
    imported_at = models.DateTimeField()
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-date_published", "-imported_at", "-pk"]
        verbose_name = "external fact-check"

    def __str__(self):
        who = f" ({self.publisher_name})" if self.publisher_name else ""
        return f"{self.claim_reviewed[:80]}{who}"
