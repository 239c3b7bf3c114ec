"""Archived copies of cited web sources, and the watch of their live pages.

When a web source is first cited, the background worker fetches it with the
article importer's fetcher (http and https only, private addresses refused on
every redirect and on the socket, the size cap and the deadline) and keeps a
:class:`~factcheck.models.SourceSnapshot`: the answer as a WARC record, the
text a reader reads and its SHA-256. Staff refresh it from the source's page;
every refresh is a new snapshot.

A watch round (``manage.py watch_sources``, or the ``watch_sources`` task)
fetches every cited web source that is due again. A page that fails (an error
status, no answer, a refused address) is flagged *dead* and retried later and
later, as a failing report is (:func:`articles.schedule.backoff`); a page
whose text hash differs from the last good snapshot is flagged *changed* and
the new text kept as a snapshot. Editors who may see the work citing it are
notified once per flag. Pages are fetched outside any transaction; what was
found is written in one short transaction afterwards.
"""

from __future__ import annotations

import dataclasses
import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from articles import schedule
from articles.importers import ImportRefused
from articles.importers.archive import content_hash, extract_text, warc_record
from articles.importers.fetch import Fetched, FetchFailed, fetch_url

from .. import permissions
from ..models import Source, SourceSnapshot, SourceWatch
from ..workflows import WorkflowError
from . import notifications

logger = logging.getLogger(__name__)

Reason = SourceSnapshot.Reason
Flag = SourceWatch.Flag

_TAKE_TASK = "factcheck.tasks.take_source_snapshot"

# Sent with every archived copy, to the public and to staff: someone else's
# page must not run in the site's origin (a sandbox is a unique origin with no
# script; nothing is loaded; the browser never sniffs text into HTML).
ARCHIVE_HEADERS = {
    "Content-Security-Policy": "sandbox; default-src 'none'; style-src 'unsafe-inline'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Resource-Policy": "same-origin",
}


def archive_headers(response):
    """``response`` with the headers that keep an archived copy inert."""
    for name, value in ARCHIVE_HEADERS.items():
        response[name] = value
    return response


@dataclasses.dataclass(frozen=True)
class _Answer:
    """What one fetch of a source brought: the page, or why not."""

    fetched_at: datetime.datetime
    fetched: Fetched | None = None
    error: str = ""
    status: int | None = None

    @property
    def text(self) -> str:
        return extract_text(self.fetched.data, self.fetched.content_type)


def _fetch(url: str) -> _Answer:
    fetched_at = timezone.now()
    try:
        fetched = fetch_url(
            url,
            timeout=settings.IMPORT_FETCH_TIMEOUT,
            max_bytes=settings.IMPORT_MAX_BYTES,
            allow_private=settings.IMPORT_ALLOW_PRIVATE_URLS,
        )
    except FetchFailed as exc:
        return _Answer(fetched_at, error=str(exc), status=exc.status)
    except ImportRefused as exc:
        return _Answer(fetched_at, error=str(exc))
    return _Answer(fetched_at, fetched=fetched, status=fetched.status)


def _enqueue_take(*, source_id: int, reason: str, user_id: int | None = None) -> None:
    try:
        # Named, not imported: factcheck.tasks imports the services.
        import_string(_TAKE_TASK).enqueue(source_id=source_id, reason=reason, user_id=user_id)
    except Exception:
        logger.exception("Snapshot of source %s could not be queued.", source_id)


def source_snapshot_on_citation(*, source: Source) -> None:
    """Called by the services that cite a source, inside their transaction:
    a web source cited for the first time is archived by the worker once the
    citation commits (a rolled back citation archives nothing)."""
    if not settings.SOURCE_ARCHIVE_ON_CITATION or not source.url:
        return
    if SourceSnapshot.objects.filter(source=source).exists():
        return
    source_id = source.pk
    transaction.on_commit(lambda: _enqueue_take(source_id=source_id, reason=Reason.CITED))


@transaction.atomic
def source_snapshot_refresh(*, source: Source, acting_user) -> None:
    """Ask the worker for a new archived copy of ``source``; the earlier
    snapshots are kept."""
    permissions.require(permissions.can_refresh_source_snapshots(acting_user))
    if not source.url:
        raise WorkflowError("This source has no URL to archive.")
    source_id, user_id = source.pk, acting_user.pk
    transaction.on_commit(
        lambda: _enqueue_take(source_id=source_id, reason=Reason.REFRESHED, user_id=user_id)
    )


def source_snapshot_take(*, source: Source, reason: str, acting_user=None) -> SourceSnapshot:
    """Fetch ``source``'s address now and keep what came as a new snapshot:
    the WARC record, the text and its hash, or the error (with the HTTP status
    of an error answer). ``acting_user`` is who asked (``None``: the system,
    at first citation).

    Not atomic as a whole, deliberately: the fetch may take up to
    ``IMPORT_FETCH_TIMEOUT`` and holds no transaction; the row is written in
    one transaction afterwards.
    """
    if acting_user is not None:
        permissions.require(permissions.can_refresh_source_snapshots(acting_user))
    if not source.url:
        raise WorkflowError("This source has no URL to archive.")
    answer = _fetch(source.url)
    with transaction.atomic():
        snapshot = _store(source, answer, reason=reason, acting_user=acting_user)
        watch = SourceWatch.objects.select_for_update().filter(source=source).first()
        if watch is None:
            # Watched from now on, a first check one interval after the copy.
            SourceWatch.objects.create(source=source, next_check_at=_next_check(answer.fetched_at))
    logger.info("Snapshot %s of source %s: %s.", snapshot.pk, source.pk, snapshot.error or "kept")
    return snapshot


def _latest_good(source) -> SourceSnapshot | None:
    return SourceSnapshot.objects.for_listing().succeeded().filter(source=source).first()


def _store(source, answer: _Answer, *, reason, acting_user, text=None) -> SourceSnapshot:
    snapshot = SourceSnapshot(
        source=source,
        url=source.url,
        fetched_at=answer.fetched_at,
        reason=reason,
        requested_by=acting_user,
        status=answer.status,
        error=answer.error,
    )
    if answer.fetched is not None:
        fetched = answer.fetched
        snapshot.text = answer.text if text is None else text
        snapshot.text_sha256 = content_hash(snapshot.text, fetched.data)
        snapshot.final_url = fetched.url[:1000]
        snapshot.content_type = fetched.content_type[:200]
        snapshot.warc = warc_record(fetched, fetched_at=answer.fetched_at)
        previous = _latest_good(source)
        snapshot.changed = previous is not None and previous.text_sha256 != snapshot.text_sha256
    snapshot.save()
    return snapshot


def _next_check(now, failures: int = 0) -> datetime.datetime:
    every = datetime.timedelta(seconds=settings.SOURCE_WATCH_INTERVAL)
    return now + schedule.backoff(every, failures)


# The watch of live pages --------------------------------------------------------------


@dataclasses.dataclass
class SourceCheck:
    """What one check of one source found: ``result`` is ``ok``, ``changed``
    or ``dead``."""

    source: Source
    result: str
    reason: str = ""

    def __str__(self):
        line = f"{self.result:<8} source {self.source.pk} {self.source.url}"
        return f"{line}: {self.reason}" if self.reason else line


def source_watch_round(*, sources=None, now=None, on_check=None) -> list[SourceCheck]:
    """Check every cited web source due at ``now``, or each of ``sources``
    (a queryset) whether due or not. Must not run inside a transaction."""
    now = now or timezone.now()
    queryset = Source.objects.due_for_watch(now)
    if sources is not None:
        queryset = sources.exclude(url="").cited().order_by("pk")
    checks = []
    # Ids first: a round may take minutes, and rows are read afresh one by one.
    for pk in list(queryset.values_list("pk", flat=True)):
        source = Source.objects.filter(pk=pk).first()
        if source is None:
            continue
        try:
            check = source_watch_check(source=source, now=now)
        except Exception as exc:
            # One source's fault must not stop the round.
            logger.exception("Watching source %s failed.", pk)
            check = SourceCheck(source, "error", f"internal error: {type(exc).__name__}: {exc}")
        checks.append(check)
        if on_check:
            on_check(check)
    logger.info("Source watch round: %s checked.", len(checks))
    return checks


def source_watch_check(*, source: Source, now=None) -> SourceCheck:
    """Fetch ``source``'s live page once and record what it says: dead,
    changed (a new snapshot is kept) or as archived."""
    answer = _fetch(source.url)
    now = now or answer.fetched_at
    with transaction.atomic():
        watch = SourceWatch.objects.select_for_update().filter(source=source).first()
        watch = watch or SourceWatch(source=source)
        watch.checked_at = now
        if answer.fetched is None:
            check = _dead(source, watch, answer, now)
        else:
            check = _alive(source, watch, answer, now)
        watch.save()
    return check


def _dead(source, watch, answer, now) -> SourceCheck:
    watch.failures += 1
    watch.error = answer.error
    watch.next_check_at = _next_check(now, watch.failures)
    if watch.flag != Flag.DEAD:
        watch.flag, watch.flagged_at = Flag.DEAD, now
        notifications.notify_source_flagged(source=source, flag=Flag.DEAD, detail=answer.error)
    return SourceCheck(source, Flag.DEAD, answer.error)


def _alive(source, watch, answer, now) -> SourceCheck:
    watch.failures, watch.error = 0, ""
    watch.next_check_at = _next_check(now)
    if watch.flag == Flag.DEAD:
        # It answers again; whether it says the same is decided below.
        watch.flag, watch.flagged_at = "", None
    text = answer.text
    previous = _latest_good(source)
    if previous is not None and previous.text_sha256 == content_hash(text, answer.fetched.data):
        return SourceCheck(source, "ok")
    snapshot = _store(source, answer, reason=Reason.WATCH, acting_user=None, text=text)
    if not snapshot.changed:
        return SourceCheck(source, "ok", "first archived copy kept")
    watch.flag, watch.flagged_at = Flag.CHANGED, now
    detail = f"its text differs from the copy archived {previous.fetched_at:%Y-%m-%d %H:%M} UTC"
    notifications.notify_source_flagged(source=source, flag=Flag.CHANGED, detail=detail)
    return SourceCheck(source, Flag.CHANGED, detail)


@transaction.atomic
def source_flag_clear(*, source: Source, acting_user) -> None:
    """Mark ``source``'s dead or changed flag as seen to; the next check that
    finds it dead or changed flags it again."""
    permissions.require(permissions.can_clear_source_flags(acting_user))
    SourceWatch.objects.filter(source=source).update(flag="", flagged_at=None)
    logger.info("Flag of source %s cleared by %s.", source.pk, acting_user)
