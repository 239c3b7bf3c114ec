"""Running discrepancy detection on a story and storing its suggestions."""

from __future__ import annotations

import dataclasses
from urllib.parse import urlsplit

from django.db import transaction

from articles.analysis.detection.engine import ArticleInput, Candidate, detect
from articles.models import Article, Story

from .. import permissions
from ..models import Discrepancy
from .discrepancies import PassageSpec, discrepancy_suggest


def report_label(article: Article) -> str:
    """How suggestions name a report: its outlet, else its headline, else the
    domain it came from; never the file it was imported from."""
    if article.outlet_id and article.outlet:
        return article.outlet.name
    if article.headline:
        headline = " ".join(article.headline.split())
        return f"“{headline[:77]}…”" if len(headline) > 80 else f"“{headline}”"
    domain = urlsplit(article.url).netloc.removeprefix("www.") if article.url else ""
    return domain or f"report {article.pk}"


def article_inputs(story: Story) -> list[ArticleInput]:
    """The story's reports as the engine sees them, in reading order."""
    articles = (
        Article.objects.in_story(story)
        .for_analysis()
        # for_analysis() loads the outlet's name; naming a report without one
        # takes its headline or address.
        .only(
            "id",
            "source",
            "body",
            "published_on",
            "published_at",
            "outlet__name",
            "headline",
            "url",
        )
    )
    return [
        ArticleInput(
            id=article.pk,
            source=article.source,
            body=article.body,
            reference_date=article.published_on
            or (article.published_at.date() if article.published_at else None),
            label=report_label(article),
        )
        for article in articles
    ]


def severity_for(score: float) -> int:
    if score >= 0.75:
        return Discrepancy.Severity.MAJOR
    if score >= 0.45:
        return Discrepancy.Severity.MODERATE
    return Discrepancy.Severity.MINOR


@dataclasses.dataclass
class DetectionReport:
    candidates: list[Candidate]
    saved: list[Discrepancy] = dataclasses.field(default_factory=list)
    already_known: int = 0


def story_find_discrepancies(*, story: Story, save: bool = False, acting_user=None):
    """Run detection on ``story``; with ``save``, store new candidates as
    suggestions. Candidates whose fingerprint the story already knows (tracked,
    resolved or dismissed) are counted, not stored again."""
    if save and acting_user is not None:
        permissions.require(permissions.can_propose_discrepancies(acting_user))
    inputs = article_inputs(story)
    report = DetectionReport(candidates=detect(inputs))
    if save:
        articles = Article.objects.in_bulk([i.id for i in inputs])
        with transaction.atomic():
            for candidate in report.candidates:
                suggestion = discrepancy_suggest(
                    story=story,
                    title=candidate.title[:300],
                    kind=candidate.kind,
                    passages=[
                        PassageSpec(article=articles[p.article], start=p.start, end=p.end)
                        for p in candidate.passages
                    ],
                    score=candidate.score,
                    explanation=candidate.explanation,
                    severity=severity_for(candidate.score),
                    acting_user=acting_user,
                )
                if suggestion is None:
                    report.already_known += 1
                else:
                    report.saved.append(suggestion)
    return report
