from django.db import models
from simple_history.models import HistoricalRecords

from ..querysets import SourceQuerySet
from .claims import Claim


class Source(models.Model):
    """Evidence a desk cites, reusable across claims and discrepancies.

    Public when cited by published work: title, url, publisher, kind,
    published_on, archive_url. Internal: notes, accessed_at.
    """

    class Kind(models.TextChoices):
        OFFICIAL = "official", "Official statement or post"
        SOCIAL = "social", "Social media post"
        NEWS = "news", "News report"
        WIRE = "wire", "Wire copy"
        DOCUMENT = "document", "Document"
        INTERVIEW = "interview", "Interview"
        DATASET = "dataset", "Dataset"
        OTHER = "other", "Other"
        FACT_CHECK = "factcheck", "Fact-check of ours"

    title = models.CharField(max_length=300)
    url = models.URLField(max_length=1000, blank=True)
    publisher = models.CharField(max_length=200, blank=True)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.OTHER)
    published_on = models.DateField(null=True, blank=True)
    accessed_at = models.DateTimeField(null=True, blank=True)
    archive_url = models.URLField("archive URL", max_length=1000, blank=True)
    notes = models.TextField(blank=True, help_text="Internal: never shown to the public.")
    created_at = models.DateTimeField(auto_now_add=True)
    # A published claim of this site cited as evidence (services.sources_for_claim):
    # its public page is linked while it stays published, never after.
    claim = models.OneToOneField(
        Claim,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="as_source",
        editable=False,
        help_text="The fact-check of ours this source is.",
    )

    objects = SourceQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]
        constraints = [
            # One source per web page; many sources (interviews, documents on
            # paper) have no address at all. Stored addresses are normalised.
            models.UniqueConstraint(
                fields=["url"], condition=~models.Q(url=""), name="one_source_per_url"
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.publisher})" if self.publisher else self.title


class Stance(models.TextChoices):
    SUPPORTS = "supports", "Supports"
    CONTRADICTS = "contradicts", "Contradicts"
    CONTEXT = "context", "Gives context"


class BaseCitation(models.Model):
    """A source cited for a piece of work, with its stance and the excerpt that matters."""

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="+")
    stance = models.CharField(max_length=12, choices=Stance.choices)
    excerpt = models.TextField(blank=True, help_text="Public: the relevant passage of the source.")
    note = models.TextField(blank=True, help_text="Internal: never shown to the public.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.get_stance_display()}: {self.source}"


class Citation(BaseCitation):
    """A source cited for a claim. Public with the claim, except ``note``."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="citations")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="citations")

    history = HistoricalRecords()

    class Meta:
        ordering = ["claim", "pk"]
