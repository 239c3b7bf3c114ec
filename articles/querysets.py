"""Reads for the articles app: every list starts from one of these."""

from django.db import models


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


class ArticleRevisionQuerySet(models.QuerySet):
    def for_article(self, article):
        return self.filter(article=article).order_by("-number")
