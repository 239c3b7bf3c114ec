import dataclasses
import datetime
from urllib.parse import urlsplit

from django.db import models

from ..choices import AnchorStatus  # noqa: F401  (re-exported: factcheck.models.AnchorStatus)


class AnchorMethod(models.TextChoices):
    EXACT = "exact", "Exact text"
    CONTEXT = "context", "Surrounding context"
    FUZZY = "fuzzy", "Close match"


def outlet_label(article) -> str:
    """How the public names a report's outlet: its name, else the domain of the
    report's address; blank when neither is known, and the page leaves it out
    rather than print a placeholder."""
    if article.outlet_id:
        return article.outlet.name
    for address in (article.url, article.source):
        try:
            parts = urlsplit((address or "").strip())
        except ValueError:
            continue
        if parts.scheme.lower() in ("http", "https") and parts.hostname:
            return parts.hostname.removeprefix("www.")
    return ""


@dataclasses.dataclass(frozen=True)
class ShownReport:
    """A report as the public sees it under a passage. ``url`` is the report's own."""

    outlet: str
    headline: str
    published_on: datetime.date | None
    url: str


@dataclasses.dataclass(frozen=True)
class ShownPassage:
    """A passage as the public sees it: the published record, or the live
    passage for work not yet published."""

    quote: str
    prefix: str
    suffix: str
    report: ShownReport


class AnchoredPassage(models.Model):
    """A passage of an article's body, anchored like a W3C TextQuoteSelector:
    the exact quote, context on each side, and offsets into ``article.body``.

    Passages are placed by :mod:`articles.analysis.anchoring` and re-placed whenever the
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
    # The record of what the public was shown, taken when the work above this
    # passage was published (a claim published, a discrepancy closed with a
    # finding). Public pages print it, not the live article, until an editor
    # accepts a later revision (factcheck.services.published).
    shown_quote = models.TextField(blank=True, editable=False)
    shown_prefix = models.CharField(max_length=200, blank=True, editable=False)
    shown_suffix = models.CharField(max_length=200, blank=True, editable=False)
    shown_revision = models.PositiveIntegerField(null=True, blank=True, editable=False)
    shown_outlet = models.CharField(max_length=253, blank=True, editable=False)
    shown_headline = models.CharField(max_length=500, blank=True, editable=False)
    shown_published_on = models.DateField(null=True, blank=True, editable=False)
    shown_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Set when a new revision of the report changed or orphaned the passage
    # under published work; cleared when an editor accepts or keeps.
    report_changed_at = models.DateTimeField(null=True, blank=True, editable=False)
    report_changed_revision = models.PositiveIntegerField(null=True, blank=True, editable=False)
    report_review_note = models.TextField(
        blank=True, editable=False, help_text="Internal: why an editor kept the published text."
    )

    class Meta:
        abstract = True

    @property
    def is_orphaned(self):
        return self.anchor_status == AnchorStatus.ORPHANED

    @property
    def is_report_changed(self):
        return self.report_changed_at is not None

    @property
    def shown_report(self) -> ShownReport:
        """The report as the public sees it under this passage (``article`` and
        its outlet loaded): as published, or as it is for unpublished work."""
        article = self.article
        if self.shown_at is None:
            return ShownReport(
                outlet=outlet_label(article),
                headline=article.headline,
                published_on=article.published_on,
                url=article.url,
            )
        return ShownReport(
            outlet=self.shown_outlet,
            headline=self.shown_headline,
            published_on=self.shown_published_on,
            url=article.url,
        )

    @property
    def shown(self) -> ShownPassage:
        """The passage and its report as the public sees them."""
        if self.shown_at is None:
            return ShownPassage(self.quote, self.prefix, self.suffix, self.shown_report)
        return ShownPassage(
            self.shown_quote, self.shown_prefix, self.shown_suffix, self.shown_report
        )

    def shown_differs(self) -> bool:
        """Whether the live passage reads otherwise than the published record."""
        return (self.quote, self.prefix, self.suffix) != (
            self.shown_quote,
            self.shown_prefix,
            self.shown_suffix,
        )

    def shown_details_differ(self) -> bool:
        """Whether the report's outlet, headline or date now read otherwise than
        the published record (``article`` and its outlet loaded)."""
        article = self.article
        return (outlet_label(article)[:253], article.headline, article.published_on) != (
            self.shown_outlet,
            self.shown_headline,
            self.shown_published_on,
        )

    def record_shown(self, when) -> None:
        """Take the published record from the live passage and its report
        (``article`` and its outlet loaded), and clear any flag."""
        article = self.article
        self.shown_quote = self.quote
        self.shown_prefix = self.prefix
        self.shown_suffix = self.suffix
        self.shown_revision = self.anchored_revision
        self.shown_outlet = outlet_label(article)[:253]
        self.shown_headline = article.headline
        self.shown_published_on = article.published_on
        self.shown_at = when
        self.report_changed_at = None
        self.report_changed_revision = None

    def set_anchor(self, anchor, revision_number):
        self.quote = anchor.quote
        self.start = anchor.start
        self.end = anchor.end
        self.prefix = anchor.prefix
        self.suffix = anchor.suffix
        self.anchor_method = anchor.method
        self.anchor_status = AnchorStatus.ANCHORED
        self.anchored_revision = revision_number
