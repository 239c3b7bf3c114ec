from django.db import models


class AnchorStatus(models.TextChoices):
    ANCHORED = "anchored", "Anchored"
    ORPHANED = "orphaned", "Orphaned: needs review"


class AnchorMethod(models.TextChoices):
    EXACT = "exact", "Exact text"
    CONTEXT = "context", "Surrounding context"
    FUZZY = "fuzzy", "Close match"


class AnchoredPassage(models.Model):
    """A passage of an article's body, anchored like a W3C TextQuoteSelector:
    the exact quote, context on each side, and offsets into ``article.body``.

    Passages are placed by :mod:`factcheck.anchoring` and re-placed whenever the
    article gets a new revision; one that cannot be placed with confidence is
    marked orphaned (its last known quote is kept) for a person to review.
    """

    # Subclasses declare ``article`` (a ForeignKey to articles.Article) so each
    # can choose its own related name.
    quote = models.TextField(help_text="The passage exactly as it appears in the article.")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    prefix = models.CharField(max_length=200, blank=True)
    suffix = models.CharField(max_length=200, blank=True)
    anchor_status = models.CharField(
        max_length=10, choices=AnchorStatus.choices, default=AnchorStatus.ANCHORED
    )
    anchor_method = models.CharField(
        max_length=10, choices=AnchorMethod.choices, default=AnchorMethod.EXACT
    )
    anchored_revision = models.PositiveIntegerField(
        default=1, help_text="The article revision the offsets refer to."
    )

    class Meta:
        abstract = True

    @property
    def is_orphaned(self):
        return self.anchor_status == AnchorStatus.ORPHANED

    def set_anchor(self, anchor, revision_number):
        self.quote = anchor.quote
        self.start = anchor.start
        self.end = anchor.end
        self.prefix = anchor.prefix
        self.suffix = anchor.suffix
        self.anchor_method = anchor.method
        self.anchor_status = AnchorStatus.ANCHORED
        self.anchored_revision = revision_number
