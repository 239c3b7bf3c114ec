"""Reads for the articles app: every list starts from one of these."""

import datetime
import functools
import operator

from django.db import models

from . import schedule

# Reports with a source of these schemes and formats are watched for later
# edits; a JSON feed's item is known by its URL but was read from the feed.
WATCHED_SCHEMES = ("http://", "https://")
WATCHED_FORMATS = ("html", "text")


class OutletQuerySet(models.QuerySet):
    def with_article_counts(self):
        return self.annotate(article_count=models.Count("articles"))


class StoryQuerySet(models.QuerySet):
    def with_article_counts(self):
        return self.annotate(article_count=models.Count("articles"))


class ArticleQuerySet(models.QuerySet):
    def for_listing(self):
        """Rows for changelists and lists: outlet and story joined, text deferred."""
        return self.select_related("outlet", "story").defer("raw_input")

    def in_story(self, story):
        return self.filter(story=story)

    def side_by_side(self):
        """A story's reports in reading order: oldest first, undated last."""
        return self.for_listing().order_by(
            models.F("published_on").asc(nulls_last=True), "outlet__name", "pk"
        )

    def for_analysis(self):
        """Just what text analysis needs, in reading order: body, dates, outlet name."""
        return (
            self.select_related("outlet")
            .only("id", "source", "body", "published_on", "published_at", "outlet__name")
            .order_by(models.F("published_on").asc(nulls_last=True), "pk")
        )

    def with_revision_counts(self):
        return self.annotate(revision_count=models.Count("revisions"))

    def watchable(self):
        """Reports imported from a URL, which a watch round may fetch again.

        A JSON feed's item is known by its URL too but was read from the feed,
        not from that page, so it is not watched.
        """
        return self.filter(
            functools.reduce(
                operator.or_, (models.Q(source__istartswith=s) for s in WATCHED_SCHEMES)
            ),
            format__in=WATCHED_FORMATS,
        )

    def watched(self):
        """Watchable reports whose watching neither they nor their outlet paused."""
        return self.watchable().filter(watch_paused=False).exclude(outlet__watch_paused=True)

    def due_for_watch(self, now):
        """Watched reports due a check at ``now``, oldest due first: those never
        checked once their first interval has passed, and those whose next
        check has come (see :mod:`articles.schedule`)."""
        never_checked = models.Q(
            watch__isnull=True,
            imported_at__lte=now - schedule.interval(datetime.timedelta(0)),
            imported_at__gt=now - schedule.MAX_AGE,
        )
        return (
            self.watched()
            .filter(never_checked | models.Q(watch__next_check_at__lte=now))
            .order_by(models.F("watch__next_check_at").asc(nulls_first=True), "imported_at", "pk")
        )


class ArticleRevisionQuerySet(models.QuerySet):
    def for_article(self, article):
        return self.filter(article=article).order_by("-number")
