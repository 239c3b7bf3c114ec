"""Discrepancy detection in the admin: run it on a story, and read a story's quotations.

:func:`story_detection_urls` gives the Story admin two pages:

- ``detect/`` (POST): runs detection, stores new candidates as suggestions and
  sends staff to them;
- ``quotes/``: every direct quotation in the story's reports by speaker, the
  renderings of one remark together with their wording differences.

:class:`ClaimLinks` builds the "create a claim from this passage" links that
this page and the article page share.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from articles import permissions as article_permissions
from articles.analysis.anchoring import make_anchor
from articles.analysis.detection.engine import ArticleInput, analyse, remark_groups
from articles.analysis.detection.types import Quote
from articles.analysis.diff import word_diff
from articles.analysis.text import fold
from articles.models import Article

from .. import permissions
from ..services import jobs
from ..services.detection import report_label, story_find_discrepancies

# Characters of the surrounding sentence shown on each side of a quotation.
CONTEXT_CHARS = 120


def story_detection_urls(model_admin) -> list:
    """URL patterns for the Story admin's ``get_urls()``, each behind ``admin_view``."""
    views = _StoryDetectionViews(model_admin)
    admin_view = model_admin.admin_site.admin_view
    return [
        path("<path:object_id>/detect/", admin_view(views.detect), name="factcheck_story_detect"),
        path("<path:object_id>/quotes/", admin_view(views.quotes), name="factcheck_story_quotes"),
    ]


def run_detection(story, user):
    """Detection on ``story``, its new candidates saved as suggestions.

    The one place the admin runs it: when large stories move to a background
    job, this is what changes.
    """
    return story_find_discrepancies(story=story, save=True, acting_user=user)


class ClaimLinks:
    """Links to the claim add form prefilled with a passage of one article.

    A passage that occurs more than once in the text carries the words around
    it, so the form anchors the occurrence the link was made from.
    """

    def __init__(self, article: Article):
        self.article = article
        self.folded_body = fold(article.body)
        self.add_url = reverse("admin:factcheck_claim_add")

    def url(self, start: int, end: int, **initial) -> str:
        """The add form's address for ``body[start:end]``; ``initial`` prefills
        other fields of the form ("kind", "new_claimant_name")."""
        body = self.article.body
        quote = body[start:end]
        params = {"article": self.article.pk, "quote": quote, **initial}
        if self.folded_body.count(fold(quote)) > 1:
            anchor = make_anchor(body, start, end)
            # One line each: the form's context fields are single-line inputs.
            params["context_before"] = " ".join(anchor.prefix.split())
            params["context_after"] = " ".join(anchor.suffix.split())
        return f"{self.add_url}?{urlencode(params)}"


# The quotations page ---------------------------------------------------------------


@dataclasses.dataclass
class Rendering:
    """One report's words for a remark, in its sentence."""

    article: Article
    quote: Quote
    before: str  # the sentence before the quotation (up to CONTEXT_CHARS)
    after: str
    more_before: bool
    more_after: bool
    claim_url: str
    # Word-level differences from the remark's first rendering; empty for that one.
    pieces: list[tuple[str, str]] = dataclasses.field(default_factory=list)
    same_words: bool = False  # the same words as the first rendering

    @property
    def report(self) -> str:
        # As suggestions name it: outlet, headline or domain, never the file.
        return report_label(self.article)


@dataclasses.dataclass
class Remark:
    """The renderings of one remark, in the reports' reading order."""

    renderings: list[Rendering]

    @property
    def report_count(self) -> int:
        return len({rendering.article.pk for rendering in self.renderings})

    @property
    def differs(self) -> bool:
        return any(not r.same_words for r in self.renderings[1:])


@dataclasses.dataclass
class Speaker:
    """A speaker's remarks; ``name`` is None for quotations nobody is named for."""

    name: str | None
    spellings: list[str]  # other ways the reports write the name
    remarks: list[Remark]

    @property
    def quote_count(self) -> int:
        return sum(len(remark.renderings) for remark in self.remarks)


def quotations_by_speaker(articles: list[Article]) -> list[Speaker]:
    """Every direct quotation of ``articles`` (in reading order), grouped by
    speaker and, within a speaker, by remark; titles of works are not speech.

    Speakers meet across spellings of their name (the engine's name key).
    Two quotations render one remark when the engine's comparison finds them
    alike or one holds the other's words; remarks chain, so three reports'
    renderings form one group even when only neighbours are alike (see
    :func:`~articles.analysis.detection.engine.remark_groups`). Speakers quoted
    most come first, "Unattributed" last.
    """
    links = {}
    by_speaker: dict[str | None, list] = defaultdict(list)
    for article in articles:
        links[article.pk] = ClaimLinks(article)
        analysed = analyse(
            ArticleInput(id=article.pk, source=article.source, body=article.body or "")
        )
        for quote in analysed.quotes:
            by_speaker[quote.speaker_key].append((article, analysed, quote))

    speakers = []
    for key, items in by_speaker.items():
        names = list(dict.fromkeys(quote.speaker for _, _, quote in items if quote.speaker))
        speakers.append(
            Speaker(
                name=names[0] if key is not None else None,
                spellings=names[1:],
                remarks=[_remark(group, links) for group in _remark_groups(items)],
            )
        )
    speakers.sort(key=lambda s: (s.name is None, -s.quote_count, s.name or ""))
    return speakers


def _remark_groups(items: list) -> list[list]:
    """``items`` split into renderings of one remark (the engine's
    :func:`~articles.analysis.detection.engine.remark_groups`), the remarks
    most reports render first, then in reading order."""
    groups = [[items[i] for i in group] for group in remark_groups([q for _, _, q in items])]
    return sorted(groups, key=lambda g: -len({article.pk for article, _, _ in g}))


def _remark(group: list, links: dict) -> Remark:
    renderings = [
        _rendering(article, analysed, quote, links[article.pk])
        for article, analysed, quote in group
    ]
    first = renderings[0]
    for rendering in renderings[1:]:
        rendering.same_words = _words(rendering.quote.text) == _words(first.quote.text)
        rendering.pieces = word_diff(first.quote.text, rendering.quote.text)
    return Remark(renderings)


def _words(text: str) -> str:
    return fold(text).strip(" .,;:!?")


def _rendering(article, analysed, quote, links) -> Rendering:
    """The quotation with the rest of its sentence(s) on each side."""
    body = article.body
    sentences = analysed.sentences
    index = quote.sentence_index or 0
    sentence_start = sentences[index].start if sentences else 0
    last = index
    while last + 1 < len(sentences) and sentences[last + 1].start < quote.end:
        last += 1
    sentence_end = max(sentences[last].end, quote.end) if sentences else quote.end
    before_start = max(sentence_start, quote.start - CONTEXT_CHARS)
    after_end = min(sentence_end, quote.end + CONTEXT_CHARS)
    return Rendering(
        article=article,
        quote=quote,
        before=body[before_start : quote.start],
        after=body[quote.end : after_end],
        more_before=before_start > sentence_start,
        more_after=after_end < sentence_end,
        # A claim about a quotation: its kind, and the speaker as the claimant
        # (a known claimant is found under any spelling of the name).
        claim_url=links.url(
            quote.start,
            quote.end,
            kind="quote",
            **({"new_claimant_name": quote.speaker} if quote.speaker else {}),
        ),
    )


class _StoryDetectionViews:
    def __init__(self, model_admin):
        self.model_admin = model_admin

    def detect(self, request, object_id):
        """POST only: run detection on the story, then show its new suggestions."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not permissions.can_propose_discrepancies(request.user):
            raise PermissionDenied
        story = self._story(request, object_id)
        if jobs.detection_runs_in_background(story):
            # Large stories take a while: a worker runs it, its job page shows progress.
            job = jobs.job_start_detection(story=story, acting_user=request.user)
            self.model_admin.message_user(
                request,
                f"{job} is {job.get_state_display().lower()}; its page shows progress "
                "and links the new suggestions.",
                messages.INFO,
            )
            return HttpResponseRedirect(job.get_absolute_url())
        report = run_detection(story, request.user)
        new, known = len(report.saved), report.already_known
        self.model_admin.message_user(
            request,
            f"{new} new suggestion{'' if new == 1 else 's'}; {known} already tracked or dismissed.",
            messages.SUCCESS,
        )
        suggestions = reverse("admin:factcheck_discrepancy_changelist")
        query = urlencode({"story__id__exact": story.pk, "status__exact": "suggested"})
        return HttpResponseRedirect(f"{suggestions}?{query}")

    def quotes(self, request, object_id):
        """Every direct quotation of the story's reports, by speaker and remark."""
        story = self._story(request, object_id)
        if not article_permissions.can_view_articles(request.user):
            raise PermissionDenied
        articles = list(Article.objects.in_story(story).side_by_side())
        model_admin = self.model_admin
        context = {
            **model_admin.admin_site.each_context(request),
            "opts": model_admin.opts,
            "original": story,
            "title": "Quotations in the reports",
            "subtitle": story.title,
            "speakers": quotations_by_speaker(articles),
            "report_count": len(articles),
            "can_draft_claims": permissions.can_draft_claims(request.user),
            "can_detect": permissions.can_propose_discrepancies(request.user),
        }
        request.current_app = model_admin.admin_site.name
        return TemplateResponse(request, "admin/factcheck/story/quotes.html", context)

    def _story(self, request, object_id):
        if not self.model_admin.has_view_permission(request):
            raise PermissionDenied
        story = self.model_admin.get_object(request, unquote(object_id))
        if story is None:
            raise Http404(f"No story with id {object_id!r}.")
        return story
