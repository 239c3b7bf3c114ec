"""Reads for the fact-check domain. Views, feeds, the API and the admin start here."""

from django.db import models


class ClaimQuerySet(models.QuerySet):
    def published(self):
        """The only claims the public may ever see."""
        return self.filter(status="published")

    def for_admin_list(self):
        return self.select_related(
            "article__outlet", "article__story", "claimant", "rating", "assignee"
        ).defer("article__body", "article__raw_input")

    def assigned_to(self, user):
        return self.filter(assignee=user)

    def open_work(self):
        return self.filter(status__in=["draft", "in_review"])

    def orphaned(self):
        return self.filter(anchor_status="orphaned")

    def on_article(self, article):
        return self.filter(article=article).order_by("start")

    def status_counts(self):
        """``{status: count}`` for every status, zero included, in one query."""
        from .models import Claim

        counts = dict.fromkeys(Claim.Status.values, 0)
        counts.update(self.order_by().values_list("status").annotate(n=models.Count("pk")))
        return counts


class DiscrepancyQuerySet(models.QuerySet):
    OPEN_STATUSES = ("suggested", "open", "investigating")

    def public(self):
        """Discrepancies the public may see: resolved ones, never suggestions."""
        return self.filter(status__in=["resolved", "not_conflict"])

    def unresolved(self):
        return self.filter(status__in=self.OPEN_STATUSES)

    def for_admin_list(self):
        return self.select_related("story", "assignee")

    def open_counts_by_story(self):
        """``[{story__title, story__slug, story_id, suggested, open, investigating}]``."""
        return (
            self.unresolved()
            .order_by()
            .values("story_id", "story__title", "story__slug")
            .annotate(
                suggested=models.Count("pk", filter=models.Q(status="suggested")),
                open=models.Count("pk", filter=models.Q(status="open")),
                investigating=models.Count("pk", filter=models.Q(status="investigating")),
                total=models.Count("pk"),
            )
            .order_by("-total", "story__title")
        )

    def known_fingerprints(self, story):
        return set(self.filter(story=story).values_list("fingerprint", flat=True))
