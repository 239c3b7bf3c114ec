"""Archived copies of cited web pages, and whether the live page still says the same.

A :class:`SourceSnapshot` is one fetch of a source's address, kept as it came:
the answer as a WARC record, the text read from it and that text's SHA-256.
Rows are never changed once written (a refresh is a new row), so they keep no
history. :class:`SourceWatch` is where checking the live page stands; like
:class:`articles.models.ArticleWatch` it is machinery rewritten by every check.

Public: a successful snapshot's text, date and status, once a published claim
cites its source (served by ``public:source_archive``). Internal: the WARC
record (staff download it), errors, who asked for a refresh, the flags.
"""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef
from django.urls import reverse

from .claims import Claim
from .sources import Citation, Source


class SourceSnapshotQuerySet(models.QuerySet):
    def succeeded(self):
        return self.filter(error="")

    def public(self):
        """Successful snapshots of sources a published claim cites: the only
        ones the public may open."""
        cited = Citation.objects.filter(
            source=OuterRef("source"), claim__in=Claim.objects.published()
        )
        return self.succeeded().filter(Exists(cited))

    def for_listing(self):
        """Rows for lists: everything but the WARC bytes."""
        return self.defer("warc")


class SourceSnapshot(models.Model):
    class Reason(models.TextChoices):
        CITED = "cited", "First cited"
        REFRESHED = "refreshed", "Refreshed by staff"
        WATCH = "watch", "Watch round"

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="snapshots")
    url = models.URLField("URL fetched", max_length=1000)
    final_url = models.URLField("URL after redirects", max_length=1000, blank=True)
    fetched_at = models.DateTimeField()
    reason = models.CharField(max_length=10, choices=Reason.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.PositiveSmallIntegerField(
        "HTTP status", null=True, blank=True, help_text="Empty when no answer came."
    )
    content_type = models.CharField(max_length=200, blank=True)
    # The answer as one gzip-compressed WARC record, in the database: every
    # web host and worker reads it there, with no shared file system. Its body
    # is held to the import's size cap (IMPORT_MAX_BYTES) by the fetcher.
    warc = models.BinaryField(blank=True, editable=False)
    text = models.TextField(blank=True, help_text="The page's text, as a reader reads it.")
    text_sha256 = models.CharField("text SHA-256", max_length=64, blank=True)
    changed = models.BooleanField(
        default=False, help_text="The text differs from the source's previous good snapshot."
    )
    error = models.TextField(blank=True, help_text="Why the fetch failed; empty when it worked.")

    objects = SourceSnapshotQuerySet.as_manager()

    class Meta:
        ordering = ["-fetched_at", "-pk"]
        indexes = [models.Index(fields=["source", "-fetched_at"], name="snapshot_source_idx")]

    def __str__(self):
        return f"Snapshot of {self.url} at {self.fetched_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self):
        return reverse("admin:factcheck_sourcesnapshot_change", args=[self.pk])

    @property
    def succeeded(self) -> bool:
        return not self.error

    def get_public_url(self):
        return reverse("public:source_archive", args=[self.source_id, self.pk])


class SourceWatch(models.Model):
    """Where checking a cited source's live page stands (``manage.py watch_sources``)."""

    class Flag(models.TextChoices):
        DEAD = "dead", "Dead"
        CHANGED = "changed", "Changed"

    source = models.OneToOneField(Source, on_delete=models.CASCADE, related_name="watch")
    checked_at = models.DateTimeField(null=True, blank=True)
    next_check_at = models.DateTimeField(null=True, blank=True)
    failures = models.PositiveIntegerField(default=0, help_text="Failed checks in a row.")
    error = models.TextField(blank=True, help_text="Why the last check failed.")
    flag = models.CharField(max_length=8, choices=Flag.choices, blank=True)
    flagged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["next_check_at"], name="sourcewatch_due_idx"),
            models.Index(fields=["flag"], name="sourcewatch_flag_idx"),
        ]

    def __str__(self):
        return f"Watch of {self.source}"
