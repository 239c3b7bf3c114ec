from django.db import models
from simple_history.models import HistoricalRecords

from ..querysets import PublishedCountQuerySet


class Rating(models.Model):
    """One verdict on the rating scale. The scale is data, edited by admins.

    Public: label, definition, colour, value. ``value`` is the number used in
    ClaimReview's ``ratingValue``; ratings off the scale (such as "Unproven")
    have none and are published with their label only.
    """

    class Colour(models.TextChoices):
        GREEN = "green", "Green"
        LIME = "lime", "Lime"
        YELLOW = "yellow", "Yellow"
        ORANGE = "orange", "Orange"
        RED = "red", "Red"
        PURPLE = "purple", "Purple"
        GREY = "grey", "Grey"

    label = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    definition = models.CharField(max_length=300)
    order = models.PositiveSmallIntegerField(help_text="Position on the scale, from the top.")
    colour = models.CharField(max_length=10, choices=Colour.choices, default=Colour.GREY)
    value = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="ClaimReview ratingValue (higher is truer); empty for ratings off the scale.",
    )
    is_active = models.BooleanField(default=True, help_text="Offered for new verdicts.")
    # How many published claims carry this verdict: the unfiltered public list's
    # counts and length, read from the scale's few rows instead of counting
    # every published claim. Kept by the claim services (see published_verdict_moved).
    published_claims = models.PositiveIntegerField(default=0, editable=False)

    history = HistoricalRecords(excluded_fields=["published_claims"])

    class Meta:
        ordering = ["order", "label"]

    def __str__(self):
        return self.label

    @property
    def css_class(self):
        """Colours are shown through CSS classes, never inline styles."""
        return f"rating--{self.colour}"


class PublishedCount(models.Model):
    """How many published claims of one verdict an outlet, a story or a
    claimant has: the public list's verdict counts under that one filter, read
    from a few rows instead of counting the slice's claims (an outlet may hold
    a third of the archive). Kept with ``Rating.published_claims`` by the claim
    services (see ``published_verdict_moved``) and when an article is filed
    under another outlet or story; ``published_verdicts_recount`` rebuilds it.
    """

    class Slice(models.TextChoices):
        OUTLET = "outlet", "Outlet"
        STORY = "story", "Story"
        CLAIMANT = "claimant", "Claimant"

    slice = models.CharField(max_length=8, choices=Slice.choices)
    # The outlet's, story's or claimant's key. A plain number: one table for
    # the three, and a story deleted with its claims refiled leaves no
    # dangling reference (its rows go with it, see receivers.story_deleted).
    key = models.BigIntegerField()
    rating = models.ForeignKey(Rating, on_delete=models.CASCADE, related_name="+")
    claims = models.PositiveIntegerField(default=0)

    objects = PublishedCountQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["slice", "key", "rating"], name="published_count_once")
        ]

    def __str__(self):
        return f"{self.slice} {self.key}, {self.rating_id}: {self.claims}"
