"""The article page, with its claims: passages highlighted in the text and listed below,
sentences worth a claim suggested, and the discrepancies the article takes part in.

The articles app knows nothing of claims, so its admin is swapped here for a
subclass; everything else about the page is the articles app's.
"""

import dataclasses

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from articles.admin import ArticleAdmin
from articles.analysis.detection.checkworthy import CheckworthySentence, checkworthy_sentences
from articles.analysis.passages import Span, highlight
from articles.models import Article

from .. import permissions
from ..models import Claim, ClaimAppearance, Discrepancy
from .detection import ClaimLinks
from .passages import is_placed
from .report_changes import report_visibility

# Suggested claims listed on the article page.
SUGGESTED_CLAIMS = 15


def _passage_claim(passage):
    return passage.claim if isinstance(passage, ClaimAppearance) else passage


def _mark(text, covering):
    """``text`` inside a <mark> linked to the innermost passage that covers it."""
    innermost = max(covering, key=lambda span: (span.start, -span.end))
    claim = _passage_claim(innermost.item)
    classes = ["claim-mark", claim.rating.css_class if claim.rating else "rating--none"]
    if isinstance(innermost.item, ClaimAppearance):
        classes.append("claim-mark--appearance")
    if len(covering) > 1:
        classes.append("claim-mark--overlap")
    title = " | ".join(
        dict.fromkeys(_passage_claim(span.item).statement for span in reversed(covering))
    )
    return format_html(
        '<mark class="{}"><a href="{}" title="{}">{}</a></mark>',
        " ".join(classes),
        reverse("admin:factcheck_claim_change", args=[claim.pk]),
        title,
        text,
    )


def highlighted_paragraphs(body, passages):
    """The body's paragraphs as escaped HTML, each passage a linked <mark>."""
    spans = [Span(passage.start, passage.end, passage) for passage in passages]
    return [
        format_html_join(
            "",
            "{}",
            ((_mark(text, covering) if covering else text,) for text, covering in pieces),
        )
        for pieces in highlight(body, spans)
    ]


@dataclasses.dataclass(frozen=True)
class SuggestedClaim:
    """A check-worthy sentence, with the link that turns it into a claim and the
    claims whose passages already cover part of it."""

    sentence: CheckworthySentence
    claim_url: str
    claims: list


def suggested_claims(article, placed_passages, limit=SUGGESTED_CLAIMS):
    """The article's most check-worthy sentences (see
    :func:`~articles.analysis.detection.checkworthy.checkworthy_sentences`), best first."""
    reference = article.published_on or (
        article.published_at.date() if article.published_at else None
    )
    links = ClaimLinks(article)
    suggestions = []
    for sentence in checkworthy_sentences(article.body, reference=reference)[:limit]:
        covering = [
            _passage_claim(passage)
            for passage in placed_passages
            if passage.start < sentence.end and sentence.start < passage.end
        ]
        suggestions.append(
            SuggestedClaim(
                sentence=sentence,
                claim_url=links.url(sentence.start, sentence.end),
                claims=list({claim.pk: claim for claim in covering}.values()),
            )
        )
    return suggestions


class ClaimsArticleAdmin(ArticleAdmin):
    change_form_template = "admin/factcheck/article/change_form.html"

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        response = super().render_change_form(request, context, add, change, form_url, obj)
        if obj is not None and permissions.can_view_claims(request.user):
            response.context_data.update(self.claims_context(request, obj))
        return response

    def claims_context(self, request, article):
        claims = list(Claim.objects.on_article(article).select_related("rating", "claimant"))
        appearances = list(
            ClaimAppearance.objects.filter(article=article)
            .select_related("claim__rating")
            .order_by("start")
        )
        passages = [*claims, *appearances]
        placed = [passage for passage in passages if is_placed(passage, article.body)]
        return {
            # The articles template renders these paragraphs; ours carry the marks.
            "body_paragraphs": highlighted_paragraphs(article.body, placed),
            "article_claims": claims,
            "article_appearances": appearances,
            # (quote, claim) of each passage the current text no longer places.
            "passages_to_review": [
                (passage.quote, _passage_claim(passage))
                for passage in passages
                if not is_placed(passage, article.body)
            ],
            "can_draft_claims": permissions.can_draft_claims(request.user),
            "report_visibility": {
                **report_visibility(article),
                "can_change": permissions.can_mark_reports_public(request.user),
            },
            "suggested_claims": suggested_claims(article, placed),
            "article_discrepancies": (
                list(Discrepancy.objects.on_article(article))
                if permissions.can_view_discrepancies(request.user)
                else None
            ),
        }


admin.site.unregister(Article)
admin.site.register(Article, ClaimsArticleAdmin)
