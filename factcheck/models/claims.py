from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from articles.analysis.text import name_key
from articles.models import Article, Tag

from ..choices import ClaimStatus
from ..querysets import ClaimQuerySet, PassageQuerySet
from .anchors import AnchoredPassage
from .ratings import Rating

# Google's fact-check guidelines advise a claimReviewed of at most 75 characters.
CLAIM_REVIEWED_ADVISED = 75
CLAIM_REVIEWED_MAX = 150


class Claimant(models.Model):
    """A person or organisation that makes claims; spelling variants are aliases.

    Public: name, kind, description. Internal: notes.
    """

    class Kind(models.TextChoices):
        PERSON = "person", "Person"
        ORGANISATION = "organisation", "Organisation"

    name = models.CharField(max_length=200)
    name_key = models.CharField(max_length=200, unique=True, editable=False)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=15, choices=Kind.choices, default=Kind.PERSON)
    description = models.CharField(
        max_length=300, blank=True, help_text='Public, e.g. "President of South Korea".'
    )
    same_as = models.URLField(
        "reference page",
        blank=True,
        help_text="Public: a page that identifies them beyond doubt (Wikidata, Wikipedia, "
        "an official site), linked from their claims (ClaimReview sameAs).",
    )
    notes = models.TextField(blank=True, help_text="Internal: never shown to the public.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name_key = name_key(self.name)
        super().save(*args, **kwargs)


class ClaimantAlias(models.Model):
    """Another spelling of a claimant's name ("Lee Jae Myung" for "Lee Jae-myung")."""

    claimant = models.ForeignKey(Claimant, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)
    name_key = models.CharField(max_length=200, unique=True, editable=False)

    class Meta:
        verbose_name_plural = "claimant aliases"

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name_key = name_key(self.name)
        super().save(*args, **kwargs)


class Claim(AnchoredPassage):
    """A checkable statement found in an article, and the desk's verdict on it.

    Public once published: ``statement``, ``claimant``, ``kind``, ``claimed_on``,
    ``rating``, ``ruling``, the quoted passage (with limited context) and its
    article as recorded at publication (``shown_*``), appearances, citations
    (source title, link, publisher, stance, excerpt), update notes,
    ``first_published_at``/``published_at``/``updated_at``, and
    ``unpublished_at``/``unpublish_note`` for a retraction. The author shown is
    the newsroom, never a staff member.

    Internal forever: ``notes``, ``assignee``, ``reviewer``, ``created_by``,
    ``priority``, ``due_at``, the schedule (``publish_at``, ``scheduled_by``,
    ``schedule_failure``),
    ``report_review_note``, the flag of a report changed after publication,
    review comments, citation and source notes, the content of drafts and of
    anything not yet published, and every staff identity in the history.
    """

    class Kind(models.TextChoices):
        EVENT = "event", "Event fact"
        QUOTE = "quote", "Quote"
        ATTRIBUTION = "attribution", "Attribution"
        NUMBER = "number", "Number or date"
        BACKGROUND = "background", "Background"

    Status = ClaimStatus

    class Priority(models.IntegerChoices):
        LOW = 1, "Low"
        NORMAL = 2, "Normal"
        HIGH = 3, "High"
        URGENT = 4, "Urgent"

    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="claims")
    slug = models.SlugField(max_length=120, unique=True)
    statement = models.TextField(help_text="The checkable statement, in the editor's words.")
    claim_reviewed = models.CharField(
        "short form",
        max_length=CLAIM_REVIEWED_MAX,
        blank=True,
        help_text="The claim in at most 75 characters, as search engines show fact-checks "
        "(ClaimReview claimReviewed); shown on the claim page. Empty: the statement is used.",
    )
    claimant = models.ForeignKey(
        Claimant, null=True, blank=True, on_delete=models.PROTECT, related_name="claims"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.EVENT)
    claimed_on = models.DateField(
        "claim made on", null=True, blank=True, help_text="When the claim was made."
    )
    priority = models.PositiveSmallIntegerField(choices=Priority.choices, default=Priority.NORMAL)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    rating = models.ForeignKey(
        Rating, null=True, blank=True, on_delete=models.PROTECT, related_name="claims"
    )
    ruling = models.TextField(blank=True, help_text="The reasoning behind the verdict.")
    notes = models.TextField(blank=True, help_text="Internal: never shown to the public.")
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_claims",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="authored_claims",
    )
    # Who rules on it once submitted: an editor the author or the desk chose;
    # empty, any editor of the desk (services.claim_reviewers).
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="claims_to_review",
        editable=False,
    )
    due_at = models.DateTimeField(
        "due", null=True, blank=True, help_text="Internal: when the desk wants it done."
    )
    # Scheduled publication (services.claim_schedule): the worker publishes it
    # at ``publish_at`` through claim_publish, acting as ``scheduled_by``; until
    # then it is in review and nothing of it is public. A schedule that could
    # not be kept is cleared and says why in ``schedule_failure``.
    publish_at = models.DateTimeField(
        "scheduled to publish at", null=True, blank=True, editable=False
    )
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    schedule_failed_at = models.DateTimeField(null=True, blank=True, editable=False)
    schedule_failure = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    first_published_at = models.DateTimeField(null=True, blank=True, editable=False)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    unpublished_at = models.DateTimeField(null=True, blank=True, editable=False)
    unpublish_note = models.TextField(
        blank=True, editable=False, help_text="Public retraction note when unpublished."
    )
    # The one "last modified" of a claim for the public, read by its page's
    # JSON-LD, the feeds, the API and the sitemap: when it was (re)published,
    # corrected or retracted, whichever came last. Set by the claim services
    # (Claim.mark_public_change); empty while the public has never seen it, so
    # "ever published" is ``public_modified_at__isnull=False``. Stored, not
    # derived per row, so the ClaimReview feed can be read by it from an index.
    public_modified_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Optimistic concurrency: every write bumps it; a form carries the value it
    # was built from and is refused when the row has moved on.
    version = models.PositiveIntegerField(default=1, editable=False)
    # Public with the claim once published. Set through services.claim_set_tags,
    # which records each change and tells the public side.
    tags = models.ManyToManyField(Tag, through="ClaimTag", blank=True, related_name="claims")

    history = HistoricalRecords()
    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at"]
        permissions = [
            ("publish_claim", "Can publish, unpublish and correct claims"),
        ]
        # Each serves a filter or ordering of the public site or the admin,
        # measured by `make bench` (see migrations 0006 and 0007 for which and why).
        indexes = [
            models.Index(fields=["status", "-published_at", "-id"], name="claim_public_order_idx"),
            models.Index(fields=["status", "rating"], name="claim_status_rating_idx"),
            models.Index(fields=["claimant", "status"], name="claim_claimant_status_idx"),
            models.Index(fields=["article", "status"], name="claim_article_status_idx"),
            models.Index(fields=["updated_at", "id"], name="claim_updated_idx"),
            models.Index(fields=["status", "updated_at", "id"], name="claim_status_updated_idx"),
            models.Index(
                fields=["updated_at"],
                condition=models.Q(anchor_status="orphaned"),
                name="claim_orphaned_idx",
            ),
            models.Index(fields=["public_modified_at", "id"], name="claim_public_modified_idx"),
            # The latest change of the published claims alone (the sitemap's
            # lastmod): read from its end, where the one above is walked past
            # every retracted claim and the status index reads them all.
            models.Index(fields=["status", "public_modified_at"], name="claim_status_modified_idx"),
            models.Index(fields=["assignee", "status"]),
            models.Index(fields=["article", "start"]),
            models.Index(
                fields=["publish_at"],
                condition=models.Q(publish_at__isnull=False),
                name="claim_scheduled_idx",
            ),
        ]

    def __str__(self):
        return self.statement[:80]

    def get_absolute_url(self):
        return reverse("admin:factcheck_claim_change", args=[self.pk])

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    @property
    def is_open_work(self):
        return self.status in (self.Status.DRAFT, self.Status.IN_REVIEW)

    @property
    def is_overdue(self):
        """Due before now and not done (published or archived work is not overdue)."""
        return bool(self.due_at and self.is_open_work and self.due_at < timezone.now())

    @property
    def is_scheduled(self):
        return self.publish_at is not None and self.status == self.Status.IN_REVIEW

    @property
    def short_statement(self):
        """``claimReviewed``: the short form when the desk wrote one, else the statement."""
        return self.claim_reviewed or self.statement

    @property
    def statement_too_long(self):
        """Longer than search engines show (Google advises 75 characters)."""
        return len(self.short_statement) > CLAIM_REVIEWED_ADVISED

    @property
    def was_updated(self):
        """Changed for the public since it was first published (corrected, republished)."""
        return bool(
            self.public_modified_at
            and self.first_published_at
            and self.public_modified_at > self.first_published_at
        )

    def mark_public_change(self, when):
        """Record that the public sees a new version from ``when``; the caller saves."""
        self.public_modified_at = when


class ClaimTag(models.Model):
    """A claim filed under a tag. Added and removed rows are its history; the
    claim's own history says when its tags changed."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="claim_tags")
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="claim_tags")

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["claim", "tag"], name="unique_claim_tag"),
        ]
        # The public tag filter's counts and choices read claims by tag.
        indexes = [models.Index(fields=["tag", "claim"], name="claimtag_tag_claim_idx")]

    def __str__(self):
        return f"{self.claim} – {self.tag}"


class ClaimAppearance(AnchoredPassage):
    """The same claim in another report of the story (ClaimReview ``appearance``).

    Public with its claim: the passage and its article.
    """

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="appearances")
    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="appearances")
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = PassageQuerySet.as_manager()

    class Meta:
        ordering = ["claim", "article", "start"]

    def __str__(self):
        return f"{self.quote[:60]} ({self.article})"


class ClaimUpdate(models.Model):
    """A dated correction note on a published claim, as corrections policies require.

    Public: ``created_at``, ``note``, ``old_rating``, ``new_rating``.
    Internal: ``created_by``.
    """

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="updates")
    created_at = models.DateTimeField()
    note = models.TextField()
    old_rating = models.ForeignKey(
        Rating, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    new_rating = models.ForeignKey(
        Rating, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["claim", "created_at"]
        # The latest correction note first (the sitemap's corrections page).
        indexes = [models.Index(fields=["created_at"], name="claimupdate_created_idx")]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d}: {self.note[:60]}"


class ReviewComment(models.Model):
    """A reviewer's note on a claim (e.g. why it was sent back). Internal forever."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="review_comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField()
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["claim", "created_at"]

    def __str__(self):
        return self.text[:60]
