"""
Watching reports imported from a URL for later edits.

Outlets edit articles after publication without saying so. A *watch round*
(``manage.py watch_articles``, or the ``articles.tasks.watch_articles`` task in
the worker) fetches every report that is due again, on the schedule of
:mod:`articles.schedule`:

- with the import's own fetcher (:func:`articles.importers.fetch.fetch_url`):
  its timeout, size cap and refusal of private addresses, on every redirect;
- conditionally: the ``ETag`` and ``Last-Modified`` of the last answer are
  sent back, and a 304 changes nothing but the schedule;
- a page that answers is parsed and imported through
  :func:`articles.services.article_import` like any re-import: a changed body
  becomes a new revision and sends ``article_revised`` (which is how the
  fact-check side notices published work whose report changed), an
  unchanged one writes no revision, and fields staff corrected by hand stay
  as corrected.

A failure (timeout, 404 or 410, a refused address, a page that no longer
parses) is recorded on the report's :class:`~articles.models.ArticleWatch`
with its reason and backs off; it never stops the round. Nothing is held open
while a page is fetched: each report's result is written in its own short
transaction afterwards.

Staff pause watching per report or per outlet (:func:`article_watch_pause`,
:func:`outlet_watch_pause`), with history.
"""

from __future__ import annotations

import dataclasses
import datetime
import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from . import permissions, schedule, services
from .importers import ImportRefused, parse_document
from .importers.fetch import fetch_url
from .models import Article, ArticleWatch, Outlet

logger = logging.getLogger(__name__)

Result = ArticleWatch.Result

_RESULT_OF_STATUS = {
    services.Status.REVISED: Result.REVISED,
    services.Status.UPDATED: Result.UPDATED,
    services.Status.UNCHANGED: Result.UNCHANGED,
}
_LABELS = {
    Result.NOT_MODIFIED: "not modified",
    Result.UNCHANGED: "unchanged",
    Result.UPDATED: "metadata updated",
    Result.REVISED: "new revision",
    Result.FAILED: "failed",
}


@dataclasses.dataclass
class WatchOutcome:
    """What one check of one report found."""

    article: Article
    result: str
    next_check_at: datetime.datetime | None
    reason: str = ""
    revision_number: int | None = None

    def __str__(self):
        line = f"{_LABELS[self.result]:<16} article {self.article.pk} {self.article.source}"
        if self.revision_number is not None:
            line += f" (revision {self.revision_number})"
        if self.reason:
            line += f": {self.reason}"
        if self.next_check_at is None:
            return f"{line}; no longer watched (older than {schedule.MAX_AGE.days} days)"
        return f"{line}; next check {self.next_check_at:%Y-%m-%d %H:%M} UTC"


@dataclasses.dataclass
class WatchReport:
    outcomes: list[WatchOutcome] = dataclasses.field(default_factory=list)

    def count(self, result):
        return sum(1 for outcome in self.outcomes if outcome.result == result)

    def counts(self) -> dict[str, int]:
        return {result.value: self.count(result) for result in Result}

    def summary(self):
        return (
            f"{len(self.outcomes)} checked: "
            f"{self.count(Result.REVISED)} with a new revision, "
            f"{self.count(Result.UPDATED)} metadata updated, "
            f"{self.count(Result.UNCHANGED)} unchanged, "
            f"{self.count(Result.NOT_MODIFIED)} not modified, "
            f"{self.count(Result.FAILED)} failed"
        )


# Rounds and checks ------------------------------------------------------------


def watch_round(*, articles=None, acting_user=None, now=None, on_outcome=None) -> WatchReport:
    """Check every report due at ``now`` (default: the current time), or each
    of ``articles`` (a queryset) whether due or not. Paused reports and
    reports of paused outlets are skipped either way.

    ``on_outcome`` is called with each :class:`WatchOutcome` as it comes.
    Must not run inside a transaction: pages are fetched between writes.
    """
    now = now or timezone.now()
    if articles is None:
        queryset = Article.objects.due_for_watch(now)
    else:
        queryset = articles.watched().order_by("pk")
    report = WatchReport()
    # Ids first: a round may take minutes, and rows are read afresh one by one.
    for pk in list(queryset.values_list("pk", flat=True)):
        article = Article.objects.select_related("outlet").filter(pk=pk).first()
        if article is None:
            continue  # deleted since the round started
        outcome = article_watch_check(article=article, acting_user=acting_user, now=now)
        report.outcomes.append(outcome)
        if on_outcome:
            on_outcome(outcome)
    logger.info("Watch round: %s.", report.summary())
    return report


def article_watch_check(*, article: Article, acting_user=None, now=None) -> WatchOutcome:
    """Fetch one report again and import what changed; record the result.

    ``now`` is when the check counts as made, for its schedule; the revision
    an import writes carries the real time.
    """
    watch = ArticleWatch.objects.filter(article=article).first() or ArticleWatch(article=article)
    revision_number = None
    try:
        fetched = fetch_url(
            article.source,
            timeout=settings.IMPORT_FETCH_TIMEOUT,
            max_bytes=settings.IMPORT_MAX_BYTES,
            allow_private=settings.IMPORT_ALLOW_PRIVATE_URLS,
            etag=watch.etag,
            last_modified=watch.last_modified,
        )
        if fetched.not_modified:
            result = Result.NOT_MODIFIED
        else:
            outcome = _reimport(article, fetched, acting_user)
            result = _RESULT_OF_STATUS[outcome.status]
            if outcome.revision is not None:
                revision_number = outcome.revision.number
            watch.etag, watch.last_modified = fetched.etag, fetched.last_modified
    except ImportRefused as exc:
        return _record_failure(watch, str(exc), now or timezone.now())
    except Exception as exc:
        # One report's fault (a receiver of article_revised that raised, a
        # database error in its transaction, which rolled back) must not stop
        # the others: it is logged with its traceback and backs off like any
        # failure.
        logger.exception("Watching article %s failed.", article.pk)
        return _record_failure(watch, f"internal error: {type(exc).__name__}: {exc}", now)

    now = now or timezone.now()
    watch.checked_at = now
    watch.result = result
    watch.error = ""
    watch.failures = 0
    if result == Result.REVISED:
        watch.revised_at = now
    watch.next_check_at = schedule.next_check(imported_at=article.imported_at, now=now)
    _save(watch)
    return WatchOutcome(article, result, watch.next_check_at, revision_number=revision_number)


def _reimport(article, fetched, acting_user):
    """The fetched page through the import service, as the report it is."""
    parsed = parse_document(
        fetched.data,
        name=article.source,
        format=article.format,
        url=fetched.url,
        max_bytes=settings.IMPORT_MAX_BYTES,
    )
    if len(parsed) != 1:
        raise ImportRefused(f"the page now reads as {len(parsed)} articles, not one")
    # The report keeps its outlet: it may have been named at import (--outlet).
    return services.article_import(
        parsed=parsed[0],
        acting_user=acting_user,
        outlet_name=article.outlet.name if article.outlet_id else "",
    )


def _record_failure(watch, reason, now):
    now = now or timezone.now()
    watch.checked_at = now
    watch.result = Result.FAILED
    watch.error = reason
    watch.failures += 1
    watch.next_check_at = schedule.next_check(
        imported_at=watch.article.imported_at, now=now, failures=watch.failures
    )
    _save(watch)
    logger.info("Watching article %s failed: %s", watch.article_id, reason)
    return WatchOutcome(watch.article, Result.FAILED, watch.next_check_at, reason=reason)


def _save(watch):
    fields = {
        field.name: getattr(watch, field.name)
        for field in ArticleWatch._meta.concrete_fields
        if field.name not in ("id", "article")
    }
    try:
        with transaction.atomic():
            ArticleWatch.objects.update_or_create(article_id=watch.article_id, defaults=fields)
    except IntegrityError:
        # A concurrent round created the row first (or the article is gone).
        ArticleWatch.objects.filter(article_id=watch.article_id).update(**fields)


# Pausing ------------------------------------------------------------------------


@transaction.atomic
def article_watch_pause(*, article: Article, paused: bool, acting_user) -> Article:
    """Pause (or, with ``paused=False``, resume) watching one report.

    Recorded in the article's history. A resumed report is checked at its
    next due time, or in the next round if that has passed.
    """
    permissions.require(permissions.can_pause_article_watch(acting_user))
    article = Article.objects.select_for_update().get(pk=article.pk)
    if article.watch_paused != paused:
        article.watch_paused = paused
        article._history_user = acting_user
        article._change_reason = "watching paused" if paused else "watching resumed"
        # Not updated_at: pausing is no edit of the metadata an open form holds.
        article.save(update_fields=["watch_paused"])
    return article


@transaction.atomic
def outlet_watch_pause(*, outlet: Outlet, paused: bool, acting_user) -> Outlet:
    """Pause (or resume) watching every report of ``outlet``, with history."""
    permissions.require(permissions.can_pause_outlet_watch(acting_user))
    outlet = Outlet.objects.select_for_update().get(pk=outlet.pk)
    if outlet.watch_paused != paused:
        outlet.watch_paused = paused
        outlet._history_user = acting_user
        outlet._change_reason = "watching paused" if paused else "watching resumed"
        outlet.save(update_fields=["watch_paused"])
    return outlet


# Describing ---------------------------------------------------------------------


def watch_description(article: Article) -> str:
    """Where watching ``article`` stands, in a sentence for staff."""
    if not article.is_watchable:
        return "Not watched: only reports imported from a web page are fetched again."
    if article.watch_paused:
        return "Paused for this report."
    if article.outlet_id and article.outlet.watch_paused:
        return f"Paused for every report of {article.outlet}."
    state = ArticleWatch.objects.filter(article=article).first()
    if state is None:
        due = schedule.first_check(imported_at=article.imported_at)
        return f"Not checked yet; first check {_when(due)}." if due else _RETIRED
    last = f"Last checked {_when(state.checked_at)}: {state.get_result_display().lower()}"
    if state.error:
        last += f" ({state.error}; {state.failures} failed in a row)"
    if state.next_check_at is None:
        return f"{last}. {_RETIRED}"
    return f"{last}. Next check {_when(state.next_check_at)}."


_RETIRED = f"No longer watched: older than {schedule.MAX_AGE.days} days."


def _when(moment):
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}"
