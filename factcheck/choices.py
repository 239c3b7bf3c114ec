"""The status values of the domain's workflows, importable everywhere.

The models use them for their fields' choices (``Claim.Status`` is
``ClaimStatus``), and the QuerySets, which the models import for their
managers, filter on them without importing the models.
"""

from django.db import models


class AnchorStatus(models.TextChoices):
    ANCHORED = "anchored", "Anchored"
    ORPHANED = "orphaned", "Orphaned: needs review"


class ClaimStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    PUBLISHED = "published", "Published"
    ARCHIVED = "archived", "Archived"


class DiscrepancyStatus(models.TextChoices):
    SUGGESTED = "suggested", "Suggested"
    OPEN = "open", "Open"
    INVESTIGATING = "investigating", "Investigating"
    RESOLVED = "resolved", "Resolved"
    NOT_CONFLICT = "not_conflict", "Not a conflict"
    DISMISSED = "dismissed", "Dismissed"
