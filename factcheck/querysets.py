"""Reads for the fact-check domain. Views, feeds, the API and the admin start here."""

import datetime

from django.apps import apps
from django.db import models
from django.db.models.functions import Coalesce, Greatest, Length, Substr
from django.utils import timezone
from django.utils.text import smart_split, unescape_string_literal

from articles.analysis.urlnorm import normalise_url
from articles.models import Article, Outlet, Story, Tag

from .choices import AnchorStatus, ClaimStatus, DiscrepancyStatus


def latest_of(queryset, field: str):
    """The latest ``field`` of ``queryset``'s rows, or ``None``: the first row
    read backwards from the end of an index on it, where SQLite answers a
    ``MAX()`` under a filter by reading every matching row."""
    return (
        queryset.filter(**{f"{field}__isnull": False})
        .order_by(f"-{field}")
        .values_list(field, flat=True)
        .first()
    )


def _model(name):
    """One of the domain's models. Its module imports this one for its
    manager, so the model is looked up in the app registry, not imported:
    no import loop."""
    return apps.get_model("factcheck", name)


def due_bounds(now=None):
    """``(now, start of today, start of tomorrow, start of next week)`` in the
    current time zone: the edges of "overdue", "due today" and "due this week"
    (a week starts on Monday)."""
    now = now or timezone.now()
    today = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    tomorrow = _local_midnight(today, 1)
    next_week = _local_midnight(today, 7 - today.weekday())
    return now, today, tomorrow, next_week


def _local_midnight(day, days):
    # Added on the calendar, then placed in the zone again: a day across a
    # change of clocks is not 24 hours long.
    moment = day.replace(tzinfo=None) + datetime.timedelta(days=days)
    return timezone.make_aware(moment, timezone.get_current_timezone())


class DueQuerySetMixin:
    """Deadlines of work in progress (``open_work``): work already done is
    never overdue, whatever its due date said."""

    def overdue(self, now=None):
        now, *_ = due_bounds(now)
        return self.open_work().filter(due_at__lt=now)

    def due_today(self, now=None):
        _, today, tomorrow, _ = due_bounds(now)
        return self.open_work().filter(due_at__gte=today, due_at__lt=tomorrow)

    def due_this_week(self, now=None):
        """Due from today to the end of Sunday: what is still to do this week."""
        _, today, _, next_week = due_bounds(now)
        return self.open_work().filter(due_at__gte=today, due_at__lt=next_week)

    def without_deadline(self):
        return self.filter(due_at__isnull=True)

    def by_deadline(self):
        """Soonest due first, those with no due date last."""
        return self.order_by(models.F("due_at").asc(nulls_last=True), "pk")


class PassageQuerySet(models.QuerySet):
    """Reads shared by every kind of anchored passage."""

    def orphaned(self):
        return self.filter(anchor_status=AnchorStatus.ORPHANED)

    def report_changed(self):
        """Passages under published work whose report changed (or lost them)
        after publication, awaiting an editor: oldest change first."""
        return self.filter(report_changed_at__isnull=False).order_by("report_changed_at", "pk")


class ClaimQuerySet(DueQuerySetMixin, PassageQuerySet):
    def published(self):
        """The only claims the public may ever see."""
        return self.filter(status=ClaimStatus.PUBLISHED)

    def with_report_changed(self):
        """Claims whose own passage, or one of their appearances, changed or
        was lost in a report after publication and awaits an editor."""
        appearances = self.model.appearances.rel.related_model.objects.filter(
            claim=models.OuterRef("pk"), report_changed_at__isnull=False
        )
        return self.filter(models.Q(report_changed_at__isnull=False) | models.Exists(appearances))

    def for_admin_list(self):
        return self.select_related(
            "article__outlet", "article__story", "claimant", "rating", "assignee", "reviewer"
        ).defer("article__body", "article__raw_input")

    def for_admin_changelist(self):
        """The rows of the claims changelist: the columns its cells read and no
        more (issue #18). A claim carries six long texts (statement, quote,
        ruling, notes and the passage's context) and the list shows the
        statement alone; the article, its outlet and story, the claimant, the
        verdict and the assignee come in the same query, each with the one or
        two fields shown, and ``article_opening`` names an untitled report.

        Only for showing a page of the list: a claim read here loads any other
        field with a query of its own. It narrows any claims read, the
        changelist's filtered ones included: the joins of another list
        (``for_admin_list``'s reviewer, say) are dropped.
        """
        return (
            self.select_related(None)
            .select_related("article__outlet", "article__story", "claimant", "rating", "assignee")
            .only(
                "statement",
                "status",
                "priority",
                "due_at",
                "anchor_status",
                "article__headline",
                "article__outlet__name",
                "article__story__title",
                "claimant__name",
                "rating__label",
                "rating__colour",
                "assignee__username",
                "assignee__first_name",
                "assignee__last_name",
            )
            .with_article_opening()
        )

    def with_article_opening(self, length=120):
        """``article_opening``: the start of the article's text, for a title when it
        has no headline, without loading the whole body. A subquery rather than a
        join, so that counting these claims (the changelist does on every page)
        reads the claims alone."""
        opening = (
            Article.objects.filter(pk=models.OuterRef("article_id"))
            .order_by()
            .values(opening=Substr("body", 1, length))
        )
        return self.annotate(article_opening=models.Subquery(opening))

    def admin_search(self, q):
        """Claims matching every word of ``q`` (a quoted phrase counts as one) in
        the statement, the quote, the claimant's name or another spelling of it,
        or the article's headline: what the changelist's search box looks in.

        Names and headlines are matched in subqueries, not joins, so a claimant
        with several spellings never repeats a claim and the list needs no
        DISTINCT over every column (nor does its count).
        """
        Claimant = _model("Claimant")

        claims = self
        for term in smart_split(q):
            if term[0] in "\"'" and term[0] == term[-1]:
                term = unescape_string_literal(term)
            claimants = Claimant.objects.filter(
                models.Q(name__icontains=term) | models.Q(aliases__name__icontains=term)
            ).values("pk")
            articles = Article.objects.filter(headline__icontains=term).values("pk")
            claims = claims.filter(
                models.Q(statement__icontains=term)
                | models.Q(quote__icontains=term)
                | models.Q(claimant__in=claimants)
                | models.Q(article__in=articles)
            )
        return claims

    def for_admin_detail(self):
        """One claim for its admin page, which shows the passage in its article's text."""
        return self.select_related(
            "article__outlet",
            "article__story",
            "claimant",
            "rating",
            "assignee",
            "created_by",
            "reviewer",
            "scheduled_by",
        ).defer("article__raw_input")

    def assigned_to(self, user):
        return self.filter(assignee=user)

    def open_work(self):
        return self.filter(status__in=[ClaimStatus.DRAFT, ClaimStatus.IN_REVIEW])

    def scheduled(self):
        """Claims in review with a time set to publish them, soonest first."""
        return self.filter(status=ClaimStatus.IN_REVIEW, publish_at__isnull=False).order_by(
            "publish_at", "pk"
        )

    def awaiting_review_by(self, user):
        """Claims in review that await ``user``'s ruling: chosen for them, or for
        no one in particular (the desk), never their own; longest waiting first,
        each with ``submitted_at``: when it was last submitted."""
        Claim = _model("Claim")

        submitted = (
            Claim.history.model.objects.filter(
                id=models.OuterRef("pk"), history_change_reason="submitted for review"
            )
            .order_by("-history_date")
            .values("history_date")[:1]
        )
        return (
            self.filter(status=ClaimStatus.IN_REVIEW)
            .filter(models.Q(reviewer=user) | models.Q(reviewer__isnull=True))
            .exclude(created_by=user)
            .annotate(submitted_at=models.Subquery(submitted))
            .order_by(models.F("submitted_at").asc(nulls_first=True), "pk")
        )

    def sent_back_to(self, user):
        """Drafts of ``user``'s (written by or assigned to them) that an editor sent
        back, most recent first, each with ``sent_back_at`` and its ``review_notes``
        (newest first, with their authors) prefetched. A claim unpublished since
        its last note went back for another reason and is left out."""
        ReviewComment = _model("ReviewComment")

        last_note = (
            ReviewComment.objects.filter(claim=models.OuterRef("pk"))
            .order_by("-created_at")
            .values("created_at")[:1]
        )
        return (
            self.filter(status=ClaimStatus.DRAFT)
            .filter(models.Q(created_by=user) | models.Q(assignee=user))
            .annotate(sent_back_at=models.Subquery(last_note))
            .filter(sent_back_at__isnull=False)
            .exclude(unpublished_at__gt=models.F("sent_back_at"))
            .prefetch_related(
                models.Prefetch(
                    "review_comments",
                    queryset=ReviewComment.objects.select_related("author").order_by("-created_at"),
                    to_attr="review_notes",
                )
            )
            .order_by("-sent_back_at", "-pk")
        )

    def on_article(self, article):
        return self.filter(article=article).order_by("start")

    def status_counts(self):
        """``{status: count}`` for every status, zero included, in one query."""
        counts = dict.fromkeys(ClaimStatus.values, 0)
        # COUNT(*), not COUNT(id): PostgreSQL can then answer from an index alone.
        counts.update(self.order_by().values_list("status").annotate(n=models.Count("*")))
        return counts

    # The public site. Each of these follows published(): they shape rows, they
    # never widen what is visible. ``only()`` loads public fields alone, so an
    # internal field cannot reach a template without a query-count test noticing.

    PUBLIC_ROW_FIELDS = (
        "slug",
        "statement",
        "claim_reviewed",
        "kind",
        "claimed_on",
        "ruling",
        "first_published_at",
        "published_at",
        "public_modified_at",
        "rating__label",
        "rating__slug",
        "rating__definition",
        "rating__colour",
        "rating__value",
        "rating__order",
        "claimant__name",
        "claimant__slug",
        "claimant__kind",
        "claimant__description",
        "claimant__same_as",
        "article__headline",
        "article__url",
        "article__published_on",
        "article__published_at",
        "article__outlet__name",
        "article__outlet__slug",
        "article__story__title",
        "article__story__slug",
        "article__source",
        # The report as published with the claim (AnchoredPassage.shown).
        "shown_outlet",
        "shown_headline",
        "shown_published_on",
        "shown_at",
    )
    SHOWN_PASSAGE_FIELDS = (
        "quote",
        "prefix",
        "suffix",
        "shown_quote",
        "shown_prefix",
        "shown_suffix",
    )

    def for_public_listing(self):
        """Rows for public lists, feeds, the sitemap and the API: newest first, in one
        query. ``public_modified_at`` is the claim's one "last modified"."""
        return (
            self.select_related("rating", "claimant", "article__outlet", "article__story")
            .only(*self.PUBLIC_ROW_FIELDS)
            .order_by("-published_at", "-pk")
        )

    def with_tags(self):
        """Prefetch each claim's tags, by name (one more query, whatever their number)."""
        return self.prefetch_related(
            models.Prefetch("tags", queryset=Tag.objects.only("name", "slug").order_by("name"))
        )

    def tag_counts(self) -> list[tuple[Tag, int]]:
        """``[(tag, count)]`` of these claims under each tag that has any, by
        name, in one query (with each tag's name and slug: the public list
        shows them as links). Grouped from the claims themselves, as
        :meth:`verdict_counts`, so that a search's filters apply as they are."""
        rows = (
            self.filter(tags__isnull=False)
            .order_by()
            .values_list("tags", "tags__name", "tags__slug")
            .annotate(n=models.Count("*"))
            .order_by("tags__name")
        )
        return [(Tag(pk=pk, name=name, slug=slug), n) for pk, name, slug, n in rows]

    def ever_published(self):
        """Claims the public has seen: published ones, and those retracted since
        (the ClaimReview feed lists those as deleted)."""
        return self.filter(public_modified_at__isnull=False)

    def in_feed_order(self):
        """By the one "last modified", oldest first, then key: a reader of the
        feed resumes where it stopped, and a change moves a claim to the end.
        The (public_modified_at, id) index serves it."""
        return self.order_by("public_modified_at", "pk")

    def modified_since(self, when):
        return self.filter(public_modified_at__gte=when)

    def latest_public_change(self):
        """The latest ``public_modified_at`` of these claims, or ``None``."""
        return latest_of(self, "public_modified_at")

    # What a ClaimReview prints of a claim (factcheck.public.jsonld), for the
    # feed, which reads thousands of them: no story, no passage text.
    CLAIMREVIEW_FIELDS = (
        "slug",
        "statement",
        "claim_reviewed",
        "claimed_on",
        "ruling",
        "first_published_at",
        "public_modified_at",
        "rating__label",
        "rating__definition",
        "rating__value",
        "claimant__name",
        "claimant__kind",
        "claimant__description",
        "claimant__same_as",
        "article__headline",
        "article__url",
        "article__source",
        "article__published_on",
        "article__outlet__name",
        "shown_outlet",
        "shown_headline",
        "shown_published_on",
        "shown_at",
    )

    def for_claimreview(self):
        """Rows for the ClaimReview feed, with the other reports carrying each
        claim and its tags: three queries whatever their number, and only what the
        ClaimReview prints, so that a page of a thousand reads fast."""
        return (
            self.select_related("rating", "claimant", "article__outlet")
            .only(*self.CLAIMREVIEW_FIELDS)
            .with_public_appearances(passages=False)
            .with_tags()
        )

    def with_public_appearances(self, *, passages=True):
        """Prefetch the other reports carrying each claim (one more query);
        with ``passages=False``, the reports without the quoted passages."""
        ClaimAppearance = _model("ClaimAppearance")

        appearances = (
            ClaimAppearance.objects.select_related("article__outlet")
            .only(
                "claim_id",
                *(ClaimQuerySet.SHOWN_PASSAGE_FIELDS if passages else ()),
                "shown_outlet",
                "shown_headline",
                "shown_published_on",
                "shown_at",
                "article__headline",
                "article__url",
                "article__source",
                "article__published_on",
                "article__outlet__name",
            )
            .order_by(models.F("article__published_on").asc(nulls_last=True), "pk")
        )
        return self.prefetch_related(models.Prefetch("appearances", queryset=appearances))

    def for_public_page(self):
        """One claim's public page: the row plus its passage, appearances, sources,
        correction notes and tags (four more queries, whatever their number)."""
        Citation = _model("Citation")
        ClaimUpdate = _model("ClaimUpdate")

        citations = (
            Citation.objects.select_related("source__claim")
            .only(
                "claim_id",
                "stance",
                "excerpt",
                "source__title",
                "source__url",
                "source__publisher",
                "source__kind",
                "source__published_on",
                "source__archive_url",
                # A fact-check of ours cited: linked while it is published only.
                "source__claim",
                "source__claim__slug",
                "source__claim__status",
            )
            .annotate(**_latest_public_snapshot())
            .order_by("pk")
        )
        updates = (
            ClaimUpdate.objects.select_related("old_rating", "new_rating")
            .only(
                "claim_id",
                "created_at",
                "note",
                "old_rating__label",
                "old_rating__colour",
                "new_rating__label",
                "new_rating__colour",
            )
            .order_by("created_at", "pk")
        )
        return (
            self.for_public_listing()
            .only(*self.PUBLIC_ROW_FIELDS, *self.SHOWN_PASSAGE_FIELDS)
            .with_public_appearances()
            .with_tags()
            .prefetch_related(
                models.Prefetch("citations", queryset=citations),
                models.Prefetch("updates", queryset=updates),
            )
            # "Readers asked us to check this": whether a tip led to it, nothing of the tip.
            .annotate(
                asked_by_readers=models.Exists(
                    _model("Tip").objects.filter(claim=models.OuterRef("pk"))
                )
            )
        )

    def retracted(self):
        """Claims taken down after publication: their address answers 410 with the
        dated note. Only the note and its date are loaded; the row may be a draft
        again, being rewritten, so nothing else of it is public."""
        return (
            self.exclude(status=ClaimStatus.PUBLISHED)
            .filter(unpublished_at__isnull=False)
            .only("slug", "unpublished_at", "unpublish_note")
        )

    def verdict_counts(self):
        """``{rating_id: count}`` over these claims, in one query. COUNT(*), not
        COUNT(id), so that PostgreSQL can count published claims from the index
        of their ratings alone."""
        return dict(self.order_by().values_list("rating").annotate(n=models.Count("*")))

    def in_story(self, story):
        return self.filter(article__story=story)

    def linked_to(self, claim):
        """The claims linked to ``claim`` (:class:`~factcheck.models.ClaimLink`),
        from either side of each link: the union of two indexed reads of the
        links, then the claims by key. Two ``IN`` subqueries joined by ``OR``
        made PostgreSQL read every claim (0.6 s at a million claims); no join
        that could repeat a claim."""
        links = _model("ClaimLink").objects
        either_side = (
            links.filter(first=claim)
            .values_list("second", flat=True)
            .union(links.filter(second=claim).values_list("first", flat=True))
        )
        return self.filter(pk__in=either_side)

    def for_linked_list(self):
        """Rows of a list of linked claims: the statement, the state and
        verdict, the story and outlet (one query)."""
        return (
            self.select_related("rating", "article__story", "article__outlet")
            .only(
                "statement",
                "slug",
                "status",
                "published_at",
                "rating__label",
                "rating__colour",
                "rating__slug",
                "article__headline",
                "article__story__title",
                "article__story__slug",
                "article__outlet__name",
            )
            .order_by("article__story__title", "pk")
        )


class ClaimLinkQuerySet(models.QuerySet):
    def between(self, claim, other):
        """The link of these two claims, if any (a pair is stored in key order)."""
        first, second = sorted((getattr(claim, "pk", claim), getattr(other, "pk", other)))
        return self.filter(first_id=first, second_id=second)

    def involving(self, claim):
        return self.filter(models.Q(first=claim) | models.Q(second=claim))


class PublishedCountQuerySet(models.QuerySet):
    def counts_of(self, slice_: str, key: int) -> dict:
        """``{rating_id: count}`` of one outlet's, story's or claimant's
        published claims, as kept, in one query."""
        return dict(self.filter(slice=slice_, key=key).values_list("rating_id", "claims"))

    def holding(self, slice_: str):
        """The kept counts of ``slice_`` with a claim in them: each outlet's,
        story's or claimant's verdicts that it has published claims of."""
        return self.filter(slice=slice_, claims__gt=0)


class SourceQuerySet(models.QuerySet):
    def with_url(self, url: str):
        """Sources stored at ``url`` however it is written (none for a blank one):
        stored addresses are normalised (:func:`articles.analysis.urlnorm.normalise_url`)."""
        url = normalise_url(url)
        return self.filter(url=url) if url else self.none()

    def cited(self):
        """Sources a claim or a discrepancy cites."""
        Citation = _model("Citation")
        DiscrepancyCitation = _model("DiscrepancyCitation")
        return self.filter(
            models.Exists(Citation.objects.filter(source=models.OuterRef("pk")))
            | models.Exists(DiscrepancyCitation.objects.filter(source=models.OuterRef("pk")))
        )

    def due_for_watch(self, now):
        """Cited web sources whose live page is due a check at ``now`` (never
        checked yet, or their time has come), in order."""
        return (
            self.exclude(url="")
            .cited()
            .filter(models.Q(watch__isnull=True) | models.Q(watch__next_check_at__lte=now))
            .order_by("pk")
        )

    def flagged(self):
        """Sources whose live page was found dead or changed, not yet seen to."""
        return self.filter(watch__flag__gt="")


class DiscrepancyQuerySet(DueQuerySetMixin, models.QuerySet):
    OPEN_STATUSES = (
        DiscrepancyStatus.SUGGESTED,
        DiscrepancyStatus.OPEN,
        DiscrepancyStatus.INVESTIGATING,
    )

    def public(self):
        """Discrepancies the public may see: resolved ones, never suggestions."""
        return self.filter(status__in=[DiscrepancyStatus.RESOLVED, DiscrepancyStatus.NOT_CONFLICT])

    def unresolved(self):
        return self.filter(status__in=self.OPEN_STATUSES)

    def open_work(self):
        return self.unresolved()

    def awaiting_review_by(self, user):
        """Open or investigated discrepancies whose finding was put to ``user``
        or to any editor, longest waiting first."""
        return (
            self.filter(
                status__in=[DiscrepancyStatus.OPEN, DiscrepancyStatus.INVESTIGATING],
                review_requested_at__isnull=False,
            )
            .filter(models.Q(reviewer=user) | models.Q(reviewer__isnull=True))
            .order_by("review_requested_at", "pk")
        )

    def for_admin_list(self):
        return self.select_related("story", "assignee", "reviewer")

    def open_counts_by_story(self):
        """``[{story__title, story__slug, story_id, suggested, open, investigating}]``."""
        return (
            self.unresolved()
            .order_by()
            .values("story_id", "story__title", "story__slug")
            .annotate(
                suggested=models.Count("pk", filter=models.Q(status=DiscrepancyStatus.SUGGESTED)),
                open=models.Count("pk", filter=models.Q(status=DiscrepancyStatus.OPEN)),
                investigating=models.Count(
                    "pk", filter=models.Q(status=DiscrepancyStatus.INVESTIGATING)
                ),
                total=models.Count("pk"),
            )
            .order_by("-total", "story__title")
        )

    def known_fingerprints(self, story):
        return set(self.filter(story=story).values_list("fingerprint", flat=True))

    # The admin. Staff see every discrepancy; the default lists leave out
    # dismissed suggestions, which are kept only so detection never repeats them.

    def not_dismissed(self):
        return self.exclude(status=DiscrepancyStatus.DISMISSED)

    def assigned_to(self, user):
        return self.filter(assignee=user)

    def in_story(self, story):
        return self.filter(story=story)

    def with_passage_counts(self):
        """``passage_count``, as a subquery: a search across passage quotes joins
        the passages too, and a joined count would multiply with it."""
        DiscrepancyPassage = _model("DiscrepancyPassage")

        counts = (
            DiscrepancyPassage.objects.filter(discrepancy=models.OuterRef("pk"))
            .order_by()
            .values("discrepancy")
            .annotate(n=models.Count("pk"))
            .values("n")
        )
        return self.annotate(
            passage_count=Coalesce(models.Subquery(counts), 0, output_field=models.IntegerField())
        )

    def with_side_by_side_passages(self):
        """Prefetch each discrepancy's passages in reading order, with their report
        and outlet (one more query). Article bodies are not loaded: each passage
        keeps its own context, and ``article_opening`` names an untitled report."""
        DiscrepancyPassage = _model("DiscrepancyPassage")

        passages = (
            DiscrepancyPassage.objects.select_related("article__outlet")
            .defer("article__body", "article__raw_input")
            .annotate(
                article_opening=Substr("article__body", 1, 120),
                article_length=Length("article__body"),
            )
            .order_by(models.F("article__published_on").asc(nulls_last=True), "article_id")
        )
        return self.prefetch_related(models.Prefetch("passages", queryset=passages))

    def for_admin_detail(self):
        """One discrepancy for its admin page: the row with its story, staff and
        ``story_report_count``, its passages side by side, its cited sources (two
        more queries)."""
        DiscrepancyCitation = _model("DiscrepancyCitation")

        citations = DiscrepancyCitation.objects.select_related("source").order_by("pk")
        reports = (
            Article.objects.filter(story=models.OuterRef("story"))
            .order_by()
            .values("story")
            .annotate(n=models.Count("pk"))
            .values("n")
        )
        return (
            self.select_related(
                "story", "assignee", "created_by", "resolved_by", "merged_into", "reviewer"
            )
            .annotate(
                story_report_count=Coalesce(
                    models.Subquery(reports), 0, output_field=models.IntegerField()
                )
            )
            .with_side_by_side_passages()
            .prefetch_related(models.Prefetch("citations", queryset=citations))
        )

    def for_story_matrix(self, story):
        """A story's discrepancies, dismissed ones aside, each with the
        ``(article_id, quote, anchor_status)`` of its passages (one more query)."""
        DiscrepancyPassage = _model("DiscrepancyPassage")

        passages = DiscrepancyPassage.objects.only(
            "discrepancy_id", "article_id", "quote", "anchor_status"
        ).order_by("pk")
        return (
            self.in_story(story)
            .not_dismissed()
            .only("title", "kind", "status", "severity", "story_id", "updated_at")
            .prefetch_related(models.Prefetch("passages", queryset=passages))
            .order_by("-severity", "-updated_at", "pk")
        )

    def on_article(self, article):
        """Discrepancies with a passage in ``article``, in one query: a discrepancy
        has at most one passage per report, so each row carries that passage as
        ``passage_quote``, ``passage_start`` and ``passage_anchor_status``. Open
        ones first, then the most severe, then the latest."""
        return (
            self.filter(passages__article=article)
            .annotate(
                passage_quote=models.F("passages__quote"),
                passage_start=models.F("passages__start"),
                passage_anchor_status=models.F("passages__anchor_status"),
            )
            .order_by(
                models.Case(
                    models.When(status__in=self.OPEN_STATUSES, then=0),
                    default=1,
                    output_field=models.IntegerField(),
                ),
                "-severity",
                "-updated_at",
                "pk",
            )
        )

    def for_public_story(self):
        """Public discrepancies with their passages (quote in limited context, the
        report and its outlet, as published), cited sources and dated update
        notes; internal fields are not loaded."""
        DiscrepancyCitation = _model("DiscrepancyCitation")
        DiscrepancyPassage = _model("DiscrepancyPassage")
        DiscrepancyUpdate = _model("DiscrepancyUpdate")

        passages = (
            DiscrepancyPassage.objects.select_related("article__outlet")
            .only(
                "discrepancy_id",
                *ClaimQuerySet.SHOWN_PASSAGE_FIELDS,
                "shown_outlet",
                "shown_headline",
                "shown_published_on",
                "shown_at",
                "assessment",
                "article__headline",
                "article__url",
                "article__source",
                "article__published_on",
                "article__published_at",
                "article__outlet__name",
            )
            .order_by(models.F("article__published_on").asc(nulls_last=True), "pk")
        )
        citations = (
            DiscrepancyCitation.objects.select_related("source__claim")
            .only(
                "discrepancy_id",
                "stance",
                "excerpt",
                "source__title",
                "source__url",
                "source__publisher",
                "source__kind",
                "source__published_on",
                "source__archive_url",
                "source__claim",
                "source__claim__slug",
                "source__claim__status",
            )
            .order_by("pk")
        )
        updates = DiscrepancyUpdate.objects.only("discrepancy_id", "created_at", "note").order_by(
            "created_at", "pk"
        )
        return (
            self.public()
            .only("story_id", "title", "kind", "status", "resolution", "resolved_at")
            .prefetch_related(
                models.Prefetch("passages", queryset=passages),
                models.Prefetch("citations", queryset=citations),
                models.Prefetch("updates", queryset=updates),
            )
            .order_by("resolved_at", "pk")
        )


def public_stories():
    """Stories the public may see: those with a published claim or a public
    discrepancy. A story holding only drafts stays private, since its title
    alone tells what the desk is looking into."""
    Discrepancy = _model("Discrepancy")

    return Story.objects.filter(
        models.Q(
            models.Exists(articles_with_published_claims().filter(story=models.OuterRef("pk")))
        )
        | models.Q(models.Exists(Discrepancy.objects.public().filter(story=models.OuterRef("pk"))))
    )


def public_stories_by_change():
    """:func:`public_stories` with ``public_modified_at``: when what the story's
    page shows last changed, as far as it is dated (a published claim's one
    "last modified", a discrepancy's finding or later note), or else when the
    story was made. For the sitemap's ``lastmod``."""
    Claim = _model("Claim")
    Discrepancy = _model("Discrepancy")
    DiscrepancyUpdate = _model("DiscrepancyUpdate")

    def latest(queryset, field):
        return models.Subquery(
            queryset.order_by().values(latest=models.Func(field, function="MAX"))[:1],
            output_field=models.DateTimeField(),
        )

    public = Discrepancy.objects.public()
    claims = latest(
        Claim.objects.published().filter(article__story=models.OuterRef("pk")),
        "public_modified_at",
    )
    findings = latest(public.filter(story=models.OuterRef("pk")), "resolved_at")
    notes = latest(
        DiscrepancyUpdate.objects.filter(
            discrepancy__in=public, discrepancy__story=models.OuterRef("pk")
        ),
        "created_at",
    )
    # Never before the story was made (a claim refiled into a newer story
    # does not date its page earlier), and never NULL: SQLite's GREATEST is
    # NULL when one of its arguments is.
    return public_stories().annotate(
        public_modified_at=Greatest(
            "created_at",
            Coalesce(claims, "created_at"),
            Coalesce(findings, "created_at"),
            Coalesce(notes, "created_at"),
        )
    )


def public_stories_latest_change():
    """The latest ``public_modified_at`` of :func:`public_stories_by_change`
    without working it out for every story (a million claims in ten thousand
    stories took seconds): the latest of each of its parts over all public
    stories, each the first row from the end of an index. A published claim,
    a public discrepancy or its note belongs to a public story by definition."""
    Claim = _model("Claim")
    Discrepancy = _model("Discrepancy")
    DiscrepancyUpdate = _model("DiscrepancyUpdate")

    public = Discrepancy.objects.public()
    parts = [
        # Exists, not a join: the claims stay the table read, from the index's end.
        Claim.objects.published()
        .filter(
            models.Exists(
                Article.objects.filter(pk=models.OuterRef("article_id"), story__isnull=False)
            )
        )
        .latest_public_change(),
        latest_of(public, "resolved_at"),
        latest_of(DiscrepancyUpdate.objects.filter(discrepancy__in=public), "created_at"),
        latest_of(public_stories(), "created_at"),
    ]
    return max(filter(None, parts), default=None)


def public_reports():
    """The one rule for which reports (articles) the public may see listed.

    A report is public when published work cites it: a published claim's own
    passage or one of its appearances, or a passage of a public discrepancy;
    or when an editor has marked it public (:class:`~factcheck.models.PublicReport`,
    through ``report_set_public``). Importing a report never makes it public.

    It lives here, not on the articles app's ArticleQuerySet, because the rule
    is made of fact-check tables and the articles app never imports this one.
    The result is an ArticleQuerySet, so ``public_reports().in_story(story)``
    and the other article reads chain on it.
    """
    Claim = _model("Claim")
    ClaimAppearance = _model("ClaimAppearance")
    Discrepancy = _model("Discrepancy")
    DiscrepancyPassage = _model("DiscrepancyPassage")
    PublicReport = _model("PublicReport")

    published_claims = Claim.objects.published()
    return Article.objects.filter(
        models.Exists(published_claims.filter(article=models.OuterRef("pk")))
        | models.Exists(
            ClaimAppearance.objects.filter(
                article=models.OuterRef("pk"), claim__in=published_claims
            )
        )
        | models.Exists(
            DiscrepancyPassage.objects.filter(
                article=models.OuterRef("pk"), discrepancy__in=Discrepancy.objects.public()
            )
        )
        | models.Exists(PublicReport.objects.filter(article=models.OuterRef("pk"), is_public=True))
    )


def outlets_with_published_claims():
    """Outlets with a published claim, read from the counts kept per outlet
    (:class:`~factcheck.models.PublishedCount`; a claim is published only
    with a verdict, and every published claim with one is counted there).

    Asked of the articles instead (each outlet's articles probed for a
    published claim), PostgreSQL read all 2,500 articles of each of 40
    outlets through a bitmap before probing the first: 24–55 ms on every
    list page at a million claims, against 0.3 ms from the kept counts.
    """
    PublishedCount = _model("PublishedCount")

    return Outlet.objects.filter(
        models.Exists(
            PublishedCount.objects.holding(PublishedCount.Slice.OUTLET).filter(
                key=models.OuterRef("pk")
            )
        )
    )


def articles_with_published_claims():
    """Articles carrying a published claim, for "stories (or outlets) with
    published claims": ``Exists(articles_with_published_claims().filter(story=…))``.

    Each article asks after its own claims, which the (article, status) index
    answers. Joined the other way round (claims, then their article's story),
    SQLite without statistics walks every published claim once per story.
    """
    Claim = _model("Claim")

    return Article.objects.filter(
        models.Exists(Claim.objects.published().filter(article=models.OuterRef("pk")))
    )


def _latest_public_snapshot():
    """The newest good archived copy of each citation's source, as
    ``archive_snapshot_id`` and ``archive_snapshot_at``: no query of its own."""
    latest = (
        _model("SourceSnapshot")
        .objects.succeeded()
        .filter(source=models.OuterRef("source_id"))
        .order_by("-fetched_at", "-pk")
    )
    return {
        "archive_snapshot_id": models.Subquery(latest.values("pk")[:1]),
        "archive_snapshot_at": models.Subquery(latest.values("fetched_at")[:1]),
    }
