"""
Outlets, stories, articles and their revisions.

An article's ``body`` is the canonical text (see :mod:`articles.analysis.text`); claims
and discrepancies anchor to offsets in it. Every version an import has seen is
kept as an :class:`ArticleRevision`, so the body can change without losing what
was published before.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.text import slugify
from simple_history.models import HistoricalRecords

from .analysis import text
from .querysets import (
    WATCHED_FORMATS,
    WATCHED_SCHEMES,
    ArticleQuerySet,
    ArticleRevisionQuerySet,
    OutletQuerySet,
    StoryQuerySet,
)


class Outlet(models.Model):
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    homepage = models.URLField("home page", blank=True)
    domain = models.CharField(max_length=253, blank=True, help_text="e.g. example.com")
    language = models.CharField(max_length=16, blank=True)
    notes = models.TextField(blank=True, help_text="Internal: never shown to the public.")
    watch_paused = models.BooleanField(
        "watching paused",
        default=False,
        help_text="Its reports are not fetched again to look for later edits.",
    )

    history = HistoricalRecords()
    objects = OutletQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)[:200] or "outlet"
        super().save(*args, **kwargs)


class Tag(models.Model):
    """A topic ("elections", "public transport") that claims and stories are filed under.

    Public once a published claim carries it: name and slug. A plain model
    shared by both apps (the fact-check app may import this one, not the
    reverse); who carries it is in the through tables, each with history.
    """

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Story(models.Model):
    """The event that several reports cover."""

    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=200, unique=True)
    summary = models.TextField(blank=True)
    event_date = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Set through articles.services.story_set_tags, which records each change.
    tags = models.ManyToManyField(Tag, through="StoryTag", blank=True, related_name="stories")

    history = HistoricalRecords()
    objects = StoryQuerySet.as_manager()

    class Meta:
        ordering = ["-event_date", "title"]
        verbose_name_plural = "stories"

    def __str__(self):
        return self.title


class StoryTag(models.Model):
    """A story filed under a tag. Added and removed rows are its history."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="story_tags")
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="story_tags")

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["story", "tag"], name="unique_story_tag"),
        ]

    def __str__(self):
        return f"{self.story} – {self.tag}"


class Article(models.Model):
    """One report as imported. Metadata is only what the source says."""

    class Format(models.TextChoices):
        TEXT = "text", "Plain text"
        HTML = "html", "HTML"
        JSON = "json", "JSON"

    outlet = models.ForeignKey(
        Outlet, null=True, blank=True, on_delete=models.PROTECT, related_name="articles"
    )
    story = models.ForeignKey(
        Story, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    headline = models.CharField(max_length=500, blank=True)
    byline = models.CharField(max_length=300, blank=True)
    dateline = models.CharField(max_length=300, blank=True)
    published_on = models.DateField(null=True, blank=True)
    published_at = models.DateTimeField(
        null=True, blank=True, help_text="Only when the source gives a time."
    )
    language = models.CharField(max_length=16, blank=True)
    body = models.TextField(help_text="Canonical text; claims anchor to offsets in it.")
    raw_input = models.TextField(help_text="The input exactly as imported.")
    format = models.CharField(max_length=8, choices=Format.choices)
    source = models.CharField(
        max_length=1000, unique=True, help_text="File name or URL the article was imported from."
    )
    url = models.URLField("original URL", max_length=1000, blank=True)
    content_hash = models.CharField(max_length=64, db_index=True)
    imported_at = models.DateTimeField()
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField()
    # Names of the metadata fields staff corrected by hand (article_correct);
    # imports and watch rounds leave those fields as corrected.
    corrected_fields = models.JSONField(default=list, blank=True)
    watch_paused = models.BooleanField(
        "watching paused",
        default=False,
        help_text="Not fetched again to look for later edits.",
    )

    # The text itself is versioned by ArticleRevision; history covers metadata.
    history = HistoricalRecords(excluded_fields=["body", "raw_input"])
    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on", "-imported_at"]
        indexes = [
            models.Index(fields=["story", "published_on"]),
            models.Index(fields=["outlet", "published_on"]),
            models.Index(fields=["-published_on", "-imported_at"]),
            # Headlines only: the claims search reads them for a substring
            # without reading every article's body (factcheck.search).
            models.Index(fields=["headline"], name="article_headline_idx"),
        ]

    def __str__(self):
        return self.display_title

    def get_absolute_url(self):
        return reverse("admin:articles_article_change", args=[self.pk])

    @property
    def is_watchable(self):
        """Imported from a web page, so a watch round may fetch it again
        (the rule of ``ArticleQuerySet.watchable``, for one loaded row)."""
        return self.source.lower().startswith(WATCHED_SCHEMES) and self.format in WATCHED_FORMATS

    @property
    def display_title(self):
        """The headline, or the body's first sentence when the source has none."""
        return self.headline or text.first_sentence(self.body)


class ArticleRevision(models.Model):
    """One version of an article's text, numbered from 1 in import order.

    The newest revision always holds the article's current body.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    body = models.TextField()
    raw_input = models.TextField()
    content_hash = models.CharField(max_length=64)
    is_trivial = models.BooleanField(
        default=False,
        help_text="Only whitespace or punctuation differ from the previous revision.",
    )
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ArticleRevisionQuerySet.as_manager()

    class Meta:
        ordering = ["article", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="unique_revision_number"),
        ]

    def __str__(self):
        return f"{self.article} (revision {self.number})"


class ArticleWatch(models.Model):
    """Where watching a report imported from a URL stands (:mod:`articles.watch`).

    Machinery, not editorial work: rewritten by every check, so it keeps no
    history. Pausing is on the article and its outlet, with history.
    """

    class Result(models.TextChoices):
        NOT_MODIFIED = "not_modified", "Not modified (304)"
        UNCHANGED = "unchanged", "Unchanged"
        UPDATED = "updated", "Metadata updated"
        REVISED = "revised", "New revision"
        FAILED = "failed", "Failed"

    article = models.OneToOneField(Article, on_delete=models.CASCADE, related_name="watch")
    etag = models.CharField(max_length=255, blank=True)
    last_modified = models.CharField(max_length=255, blank=True)
    checked_at = models.DateTimeField(null=True, blank=True)
    next_check_at = models.DateTimeField(
        null=True, blank=True, help_text="Empty once the report is too old to watch."
    )
    result = models.CharField(max_length=16, choices=Result.choices, blank=True)
    error = models.TextField(blank=True, help_text="Why the last check failed.")
    failures = models.PositiveIntegerField(default=0, help_text="Failed checks in a row.")
    revised_at = models.DateTimeField(
        null=True, blank=True, help_text="When a check last found a changed text."
    )

    class Meta:
        indexes = [models.Index(fields=["next_check_at"])]

    def __str__(self):
        return f"Watch of {self.article}"
