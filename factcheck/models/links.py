from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from ..querysets import ClaimLinkQuerySet
from .claims import Claim


class ClaimLink(models.Model):
    """Two claims of the same statement, checked in different stories (or twice
    in one), so that one verdict is found from the other.

    Symmetric: a pair is stored once, the lower key as ``first``, so the
    database itself refuses a second link of the same pair and a claim linked
    to itself (``services.claims_link`` says so in words first).

    Public: on each claim's public page, the other claim while it is published
    ("Also checked in <story>"). Internal: who linked them, when.
    """

    first = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()
    objects = ClaimLinkQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="one_link_per_claim_pair"),
            models.CheckConstraint(
                condition=models.Q(first__lt=models.F("second")), name="claim_link_ordered_pair"
            ),
        ]
        # A claim's links are read from either side.
        indexes = [models.Index(fields=["second", "first"], name="claimlink_second_idx")]

    def __str__(self):
        return f"#{self.first_id} ↔ #{self.second_id}"
