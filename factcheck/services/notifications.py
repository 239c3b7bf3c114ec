"""Notifications: telling staff what happened to their work.

The workflow services call one function here per event, inside their own
transaction. :func:`notify` writes one :class:`Notification` per recipient,
its text built from fields that recipient may see (never internal notes), and
one :class:`Delivery` per e-mail and per desk webhook. The deliveries are
queued for the background worker when the transaction commits, so a rolled
back action tells nobody; the worker sends each with retries
(:func:`delivery_attempt`), recording every attempt on the row.

Nobody is told of their own action. Webhooks carry only what the public may
see: a published claim's statement and public address, otherwise the kind of
object, its number and its admin address.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string

from articles.importers import ImportRefused
from articles.importers.fetch import post_url
from articles.models import Story

from .. import permissions
from ..models import (
    Channel,
    Citation,
    Claim,
    Delivery,
    Discrepancy,
    DiscrepancyCitation,
    Event,
    Job,
    Notification,
    NotificationPreference,
    Source,
    Tip,
    Webhook,
)
from ..models.notifications import DEFAULT_PREFERENCES, USER_CHANNELS

logger = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Factcheck-Signature"
TITLE_QUOTE_CHARS = 120


# Who may see what ---------------------------------------------------------------


def can_see(user, obj) -> bool:
    """Whether ``user`` may see ``obj`` in the admin: a notification about it
    goes only to those who may."""
    if not (user and user.is_active and user.is_staff):
        return False
    if isinstance(obj, Claim):
        return permissions.can_view_claims(user)
    if isinstance(obj, Discrepancy):
        return permissions.can_view_discrepancies(user)
    if isinstance(obj, Job):
        # Imported here: the jobs service notifies through this module.
        from .jobs import can_view_jobs

        return can_view_jobs(user)
    if isinstance(obj, Story):
        return user.has_perm("articles.view_story")
    if isinstance(obj, Tip):
        return permissions.can_view_tips(user)
    if isinstance(obj, Source):
        # Through the work that cites it: a source is no one's business alone.
        return permissions.can_view_source_snapshots(user) and (
            (permissions.can_view_claims(user) and Citation.objects.filter(source=obj).exists())
            or (
                permissions.can_view_discrepancies(user)
                and DiscrepancyCitation.objects.filter(source=obj).exists()
            )
        )
    return False


def review_recipients(obj) -> list:
    """Who is asked to review ``obj`` once submitted: its chosen reviewer, else
    the desk's editors who may rule on it (:mod:`factcheck.permissions`)."""
    if isinstance(obj, Discrepancy):
        return permissions.discrepancy_reviewers(obj)
    return permissions.claim_reviewers(obj)


# Preferences --------------------------------------------------------------------


def preferences_for(user) -> dict[tuple[str, str], bool]:
    """``(event, channel) → on`` for every event and user channel, defaults
    filled in where the user has not chosen."""
    chosen = {
        (event, channel): enabled
        for event, channel, enabled in NotificationPreference.objects.filter(user=user).values_list(
            "event", "channel", "enabled"
        )
    }
    return {
        (event, channel): chosen.get((event, channel), event in DEFAULT_PREFERENCES[channel])
        for event in Event.values
        for channel in USER_CHANNELS
    }


@transaction.atomic
def preferences_update(*, acting_user, user, choices: dict[tuple[str, str], bool]) -> None:
    """Store ``user``'s choices, ``(event, channel) → on``; one's own only."""
    permissions.require(
        acting_user.is_authenticated and acting_user.pk == user.pk,
        "You may only change your own notification preferences.",
    )
    for (event, channel), enabled in choices.items():
        if event not in Event.values or channel not in USER_CHANNELS:
            raise ValueError(f"Unknown notification preference: {event} by {channel}")
        NotificationPreference.objects.update_or_create(
            user=user, event=event, channel=channel, defaults={"enabled": bool(enabled)}
        )


# Reading and marking read ----------------------------------------------------------


def unread_count(user) -> int:
    if not (user and user.is_authenticated):
        return 0
    return Notification.objects.for_user(user).unread().count()


@transaction.atomic
def notification_open(*, notification: Notification, acting_user) -> str:
    """Mark ``notification`` read and return where it leads; its recipient only."""
    permissions.require(notification.recipient_id == acting_user.pk)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
    return notification.url or reverse("admin:index")


@transaction.atomic
def notifications_mark_read(*, acting_user, notifications=None) -> int:
    """Mark the user's notifications (all of them, or those given) read."""
    queryset = Notification.objects.filter(recipient=acting_user, read_at__isnull=True)
    if notifications is not None:
        queryset = queryset.filter(pk__in=[n.pk for n in notifications])
    return queryset.update(read_at=timezone.now())


# The desk's webhooks ------------------------------------------------------------------


def _require_superuser(user) -> None:
    permissions.require(
        bool(user and user.is_active and user.is_superuser),
        "Only the superuser configures the desk's webhooks.",
    )


@transaction.atomic
def webhook_save(*, webhook: Webhook, acting_user) -> Webhook:
    """Create or change a desk webhook (superuser only)."""
    _require_superuser(acting_user)
    unknown = set(webhook.events) - set(Event.values)
    if unknown:
        raise ValueError(f"Unknown events: {', '.join(sorted(unknown))}")
    webhook.full_clean()
    webhook.save()
    logger.info("Webhook %s (%s) saved by %s.", webhook.pk, webhook.name, acting_user)
    return webhook


@transaction.atomic
def webhook_delete(*, webhook: Webhook, acting_user) -> None:
    _require_superuser(acting_user)
    logger.info("Webhook %s (%s) deleted by %s.", webhook.pk, webhook.name, acting_user)
    webhook.delete()


# Writing them --------------------------------------------------------------------


def _name(user) -> str:
    if user is None:
        return "The system"
    return user.get_full_name() or user.get_username()


def _quote(text: str) -> str:
    text = " ".join(text.split())
    if len(text) > TITLE_QUOTE_CHARS:
        text = text[: TITLE_QUOTE_CHARS - 1].rstrip() + "…"
    return f"“{text}”"


def _admin_url(obj) -> str:
    if isinstance(obj, Story):
        return reverse("admin:articles_story_change", args=[obj.pk])
    if isinstance(obj, Source):
        return reverse("admin:factcheck_source_change", args=[obj.pk])
    return obj.get_absolute_url()


def _public_url(obj) -> str:
    """The public page of a published claim; empty for anything not public."""
    if isinstance(obj, Claim) and obj.is_published:
        return settings.SITE_URL + reverse("public:claim_detail", args=[obj.slug])
    return ""


def _subject(obj) -> str:
    if isinstance(obj, Claim):
        return f"the claim {_quote(obj.statement)}"
    if isinstance(obj, Discrepancy):
        return f"the discrepancy {_quote(obj.title)}"
    if isinstance(obj, Story):
        return f"the story {_quote(obj.title)}"
    if isinstance(obj, Tip):
        # The reader's claim only: who sent it stays on the tip's page.
        return f"the reader tip {_quote(obj.statement)}"
    if isinstance(obj, Source):
        return f"the source {_quote(obj.title)}"
    return f"job #{obj.pk} ({obj.get_kind_display().lower()})"


def message(event, obj, recipient, *, acting_user=None, note: str = "", detail: str = ""):
    """``(title, body)`` of a notification to ``recipient``, from fields they
    may see: the statement or title, who acted, and the reviewer's note only
    for those who may read review comments. Never a claim's internal notes."""
    subject = _subject(obj)
    actor = _name(acting_user)
    label = Event(event).label
    if event == Event.ASSIGNED:
        body = f"{actor} assigned you {subject}."
    elif event == Event.SUBMITTED:
        body = f"{actor} submitted {subject} for review."
    elif event == Event.SENT_BACK:
        body = f"{actor} sent {subject} back to draft."
        if note and recipient.has_perm("factcheck.view_reviewcomment"):
            body += f"\n\nTheir note:\n{note}"
    elif event == Event.PUBLISHED:
        body = f"{actor} published {subject}."
    elif event == Event.REPORT_CHANGED:
        body = (
            f"A report under {subject} changed after publication. The public keeps the "
            "published text until an editor accepts the new one or keeps the old."
        )
    elif event == Event.DETECTION_READY:
        body = f"Detection stored {detail} on {subject}, to confirm or dismiss."
    elif event == Event.JOB_FAILED and isinstance(obj, Claim):
        body = f"The scheduled publication of {subject} did not happen: {detail}."
    elif event == Event.TIP_RECEIVED:
        body = f"A reader suggested checking {subject.removeprefix('the reader tip ')}."
    elif event == Event.SOURCE_DEAD:
        body = f"The live page of {subject} no longer answers: {detail}. The archived copy stays."
    elif event == Event.SOURCE_CHANGED:
        body = f"The live page of {subject} changed: {detail}. Both copies are kept."
    elif event == Event.JOB_FINISHED:
        body = f"{subject[0].upper()}{subject[1:]} finished: {detail}"
    else:
        body = f"{subject[0].upper()}{subject[1:]} failed: {detail}"
    # The subject without its article: "Published: the claim “…”" → "Published: claim “…”".
    return f"{label}: {subject.removeprefix('the ')}"[:300], body


def webhook_payload(event, obj) -> dict:
    """The JSON a desk webhook receives: public-safe fields only. ``text`` is
    what Slack-compatible receivers show."""
    kind = obj._meta.model_name
    public_url = _public_url(obj)
    admin_url = settings.SITE_URL + _admin_url(obj)
    label = Event(event).label
    if public_url:
        text = f"{label}: {_quote(obj.statement)} {public_url}"
    else:
        text = f"{label}: {obj._meta.verbose_name} #{obj.pk} {admin_url}"
    payload = {
        "event": str(event),
        "text": text,
        "object": {"type": kind, "id": obj.pk},
        "admin_url": admin_url,
    }
    if public_url:
        payload["object"]["statement"] = obj.statement
        payload["public_url"] = public_url
    return payload


@transaction.atomic
def notify(*, event, obj, recipients, acting_user=None, note: str = "", detail: str = ""):
    """Tell ``recipients`` about ``event`` on ``obj`` by the channels each
    chose, and post it to the desk's webhooks that want it.

    Skips the actor, inactive users and anyone who may not see ``obj``. The
    e-mails and webhook posts go out from the worker once the caller's
    transaction commits. Returns the notifications written.
    """
    written, deliveries, seen, told = [], [], set(), []
    for user in recipients:
        if user is None or user.pk in seen:
            continue
        seen.add(user.pk)
        if acting_user is not None and user.pk == acting_user.pk:
            continue
        if can_see(user, obj):
            told.append(user)
    # Every recipient's choices for this event in one query, not one each.
    chosen = {
        (user_id, channel): enabled
        for user_id, channel, enabled in NotificationPreference.objects.filter(
            user__in=told, event=event
        ).values_list("user_id", "channel", "enabled")
    }
    for user in told:
        in_admin, by_email = (
            chosen.get((user.pk, channel), event in DEFAULT_PREFERENCES[channel])
            for channel in (Channel.ADMIN, Channel.EMAIL)
        )
        by_email = by_email and bool(user.email)
        if not (in_admin or by_email):
            continue
        title, body = message(event, obj, user, acting_user=acting_user, note=note, detail=detail)
        notification = Notification.objects.create(
            recipient=user,
            event=event,
            title=title,
            body=body,
            url=_admin_url(obj),
            in_admin=in_admin,
        )
        written.append(notification)
        if by_email:
            deliveries.append(
                Delivery(channel=Channel.EMAIL, event=event, notification=notification)
            )
    hooks = [hook for hook in Webhook.objects.filter(is_active=True) if hook.wants(event)]
    if hooks:
        payload = webhook_payload(event, obj)
        deliveries += [
            Delivery(channel=Channel.WEBHOOK, event=event, webhook=hook, payload=payload)
            for hook in hooks
        ]
    for delivery in deliveries:
        delivery.save()
    ids = [delivery.pk for delivery in deliveries]
    if ids:
        transaction.on_commit(lambda: [_enqueue(delivery_id) for delivery_id in ids])
    return written


# The events, as the workflow services name them ----------------------------------------


def notify_assigned(*, obj, acting_user):
    """``obj`` (a claim or discrepancy) was given to its current assignee."""
    return notify(event=Event.ASSIGNED, obj=obj, recipients=[obj.assignee], acting_user=acting_user)


def notify_submitted(*, obj, acting_user):
    """``obj`` (a claim, or a discrepancy's finding) awaits review."""
    return notify(
        event=Event.SUBMITTED,
        obj=obj,
        recipients=review_recipients(obj),
        acting_user=acting_user,
    )


def notify_sent_back(*, claim, acting_user, note: str):
    return notify(
        event=Event.SENT_BACK,
        obj=claim,
        recipients=[claim.created_by, claim.assignee],
        acting_user=acting_user,
        note=note,
    )


def notify_published(*, obj, acting_user):
    """A claim was published, or a discrepancy closed with a public finding."""
    return notify(
        event=Event.PUBLISHED,
        obj=obj,
        recipients=[obj.created_by, obj.assignee],
        acting_user=acting_user,
    )


def notify_schedule_failed(*, claim, editor, reason: str):
    """The worker could not publish ``claim`` at its time: the editor who
    scheduled it and its assignee are told why (it stays in review)."""
    return notify(
        event=Event.JOB_FAILED,
        obj=claim,
        recipients=[editor, claim.assignee],
        acting_user=None,
        detail=reason,
    )


def notify_report_changed(*, work, acting_user=None):
    """A report under published ``work`` changed: its assignee and whoever may
    decide (the editors who may publish it) are told."""
    if isinstance(work, Claim):
        deciders = permissions.staff_with("factcheck.publish_claim").order_by("pk")
    else:
        deciders = permissions.staff_with("factcheck.resolve_discrepancy").order_by("pk")
    deciders = [user for user in deciders if permissions.can_review_report_changes(user)]
    # One import can flag the work twice (its text, then the report's
    # headline): whoever has not yet opened the first is not told again.
    waiting = set(
        Notification.objects.unread()
        .filter(event=Event.REPORT_CHANGED, url=_admin_url(work))
        .values_list("recipient_id", flat=True)
    )
    recipients = [user for user in [work.assignee, *deciders] if user and user.pk not in waiting]
    return notify(
        event=Event.REPORT_CHANGED, obj=work, recipients=recipients, acting_user=acting_user
    )


def notify_job_done(*, job: Job, result: dict | None = None, error: str = ""):
    """A background job finished or failed: whoever started it is told. A
    detection run that stored suggestions says so, about its story."""
    if error:
        return notify(
            event=Event.JOB_FAILED, obj=job, recipients=[job.created_by], detail=error[:500]
        )
    result = result or {}
    saved = result.get("counts", {}).get("saved", 0)
    if job.kind == Job.Kind.DETECTION and saved and job.story is not None:
        return notify(
            event=Event.DETECTION_READY,
            obj=job.story,
            recipients=[job.created_by],
            detail=f"{saved} new suggestion{'s' if saved != 1 else ''}",
        )
    return notify(
        event=Event.JOB_FINISHED,
        obj=job,
        recipients=[job.created_by],
        detail=str(result.get("summary") or "done."),
    )


# Delivering them (in the worker) -------------------------------------------------------


def _enqueue(delivery_id: int, *, delay: float = 0) -> None:
    try:
        # Named, not imported: factcheck.tasks imports the services.
        task = import_string("factcheck.tasks.deliver_notification")
        if delay and task.get_backend().supports_defer:
            task = task.using(run_after=timezone.now() + timedelta(seconds=delay))
        task.enqueue(delivery_id=delivery_id)
    except Exception as exc:
        logger.exception("Delivery %s could not be queued.", delivery_id)
        Delivery.objects.filter(pk=delivery_id).update(
            status=Delivery.Status.FAILED, last_error=f"Could not be queued: {exc}"
        )


def sign(secret: str, body: bytes) -> str:
    """The signature header's value: ``sha256=`` and the body's HMAC-SHA256 in hex."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def _send_email(delivery: Delivery) -> None:
    notification = delivery.notification
    link = settings.SITE_URL + notification.get_absolute_url()
    send_mail(
        subject=notification.title,
        message=f"{notification.body}\n\n{link}\n",
        from_email=None,
        recipient_list=[notification.recipient.email],
    )


def _send_webhook(delivery: Delivery) -> None:
    hook = delivery.webhook
    body = json.dumps(delivery.payload, sort_keys=True, separators=(",", ":")).encode()
    post_url(
        hook.url,
        data=body,
        headers={
            "Content-Type": "application/json",
            "X-Factcheck-Event": delivery.event,
            "X-Factcheck-Delivery": str(delivery.pk),
            SIGNATURE_HEADER: sign(hook.secret, body),
        },
        timeout=settings.NOTIFICATIONS_WEBHOOK_TIMEOUT,
        allow_private=settings.NOTIFICATIONS_WEBHOOK_ALLOW_PRIVATE,
    )


def _is_permanent(exc: Exception) -> bool:
    # A refused address (private, not http) stays refused: no point retrying.
    return isinstance(exc, ImportRefused) and str(exc).startswith("refused:")


def delivery_attempt(*, delivery_id: int) -> str | None:
    """Try one pending delivery once; on failure queue the next attempt after
    a growing delay, until ``NOTIFICATIONS_MAX_ATTEMPTS``. Returns its status."""
    now = timezone.now()
    claimed = Delivery.objects.filter(pk=delivery_id, status=Delivery.Status.PENDING).update(
        attempts=F("attempts") + 1, last_attempt_at=now
    )
    if not claimed:
        return None
    delivery = Delivery.objects.select_related("notification__recipient", "webhook").get(
        pk=delivery_id
    )
    try:
        if delivery.channel == Channel.EMAIL:
            _send_email(delivery)
        else:
            _send_webhook(delivery)
    except Exception as exc:
        error = str(exc) or type(exc).__name__
        final = _is_permanent(exc) or delivery.attempts >= settings.NOTIFICATIONS_MAX_ATTEMPTS
        status = Delivery.Status.FAILED if final else Delivery.Status.PENDING
        Delivery.objects.filter(pk=delivery_id).update(status=status, last_error=error[:2000])
        logger.warning("Delivery %s attempt %s failed: %s", delivery_id, delivery.attempts, error)
        if not final:
            delay = settings.NOTIFICATIONS_RETRY_DELAY * 2 ** (delivery.attempts - 1)
            _enqueue(delivery_id, delay=delay)
        return status
    Delivery.objects.filter(pk=delivery_id).update(
        status=Delivery.Status.SENT, sent_at=timezone.now(), last_error=""
    )
    return Delivery.Status.SENT


def notify_source_flagged(*, source: Source, flag: str, detail: str):
    """A cited source's live page was found dead or changed: the editors who
    may rule on the work citing it, and the assignees of the claims that cite
    it, are told (each only if they may see that work)."""
    event = Event.SOURCE_DEAD if flag == "dead" else Event.SOURCE_CHANGED
    editors = permissions.staff_with("factcheck.publish_claim").order_by("pk")
    assignees = [
        claim.assignee
        for claim in Claim.objects.filter(citations__source=source)
        .select_related("assignee")
        .distinct()
        .order_by("pk")
    ]
    return notify(event=event, obj=source, recipients=[*editors, *assignees], detail=detail)
