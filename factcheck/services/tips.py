"""Reader tips: received from the public form, moderated, made into claims.

:func:`tip_receive` stores what a reader sent (the public form has checked it
for bots and floods first) and tells the desk. The moderation steps are the
:data:`factcheck.workflows.TIP` table's; :func:`tip_make_claim` drafts the
claim through :func:`~factcheck.services.claims.claim_create` and keeps the
link. The tipster's contact details stay on the tip: they are copied nowhere,
not into the claim's notes nor into any notification.
"""

from __future__ import annotations

import unicodedata

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F

from articles.analysis.anchoring import AnchorError
from articles.models import Article

from .. import permissions
from ..models import Claim, Event, Tip
from ..models.tips import CONTACT_EMAIL_MAX, CONTACT_NAME_MAX, SEEN_AT_MAX, STATEMENT_MAX
from ..workflows import TIP, WorkflowError
from . import notifications
from .claims import claim_create

# Newlines and tabs are text; every other control character is not, nor are
# the bidirectional overrides that disguise text, nor the replacement
# character that undecodable bytes become.
_ALLOWED_CONTROLS = {"\n", "\t"}
_BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


class StaleTip(WorkflowError):
    def __init__(self, tip):
        super().__init__(
            f"“{tip}” was changed by someone else after you opened it. "
            "Nothing was saved: reload the page and try again."
        )


def plain_text_problem(text: str) -> str:
    """Why ``text`` is not plain text a reader typed, or ``""``."""
    for char in text:
        if char == "\ufffd":
            return "This looks like binary data, not text."
        if char in _BIDI_CONTROLS or (
            char not in _ALLOWED_CONTROLS and unicodedata.category(char) in ("Cc", "Cs")
        ):
            return "Plain text only: remove the control characters."
    return ""


def clean_text(text: str, *, limit: int, label: str, required: bool = True) -> str:
    """``text`` with its newlines normalised and ends stripped; refused when it
    is empty (and ``required``), longer than ``limit`` or not plain text."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if required and not text:
        raise WorkflowError(f"{label}: write something.")
    if len(text) > limit:
        raise WorkflowError(f"{label}: at most {limit} characters, please ({len(text)} sent).")
    problem = plain_text_problem(text)
    if problem:
        raise WorkflowError(f"{label}: {problem}")
    return text


def moderators() -> list:
    """Who hears of a new tip: the staff who may moderate it."""
    staff = permissions.staff_with("factcheck.change_tip").order_by("pk")
    return [user for user in staff if permissions.can_moderate_tips(user)]


@transaction.atomic
def tip_receive(
    *, statement: str, seen_at: str, contact_name: str = "", contact_email: str = ""
) -> Tip:
    """Store a reader's tip in the moderation queue and tell the desk.

    The public sends it, so there is no acting user; the checks of
    :func:`clean_text` hold whatever form called this.
    """
    contact_email = contact_email.strip()
    if contact_email:
        if len(contact_email) > CONTACT_EMAIL_MAX:
            raise WorkflowError("E-mail: that address is too long.")
        try:
            validate_email(contact_email)
        except ValidationError as exc:
            raise WorkflowError("E-mail: enter a valid address, or leave it empty.") from exc
    tip = Tip(
        statement=clean_text(statement, limit=STATEMENT_MAX, label="The claim"),
        seen_at=clean_text(seen_at, limit=SEEN_AT_MAX, label="Where you saw it"),
        contact_name=clean_text(
            contact_name, limit=CONTACT_NAME_MAX, label="Name", required=False
        ).replace("\n", " "),
        contact_email=contact_email,
    )
    tip._change_reason = "received"
    tip.save()
    notifications.notify(event=Event.TIP_RECEIVED, obj=tip, recipients=moderators())
    return tip


def _save(tip, *, acting_user, reason, expected_version=None):
    expected = tip.version if expected_version is None else expected_version
    moved = Tip.objects.filter(pk=tip.pk, version=expected).update(version=F("version") + 1)
    if not moved:
        raise StaleTip(tip)
    tip.version = expected + 1
    tip.handled_by = acting_user
    tip._history_user = acting_user
    tip._change_reason = reason
    tip.save()


def _transition(tip, step, *, acting_user, note="", expected_version=None):
    """Take ``step`` of :data:`factcheck.workflows.TIP` on ``tip``."""
    TIP.require(step, acting_user, tip)
    if note.strip():
        tip.note = "\n\n".join(filter(None, [tip.note, note.strip()]))
    tip.status = TIP[step].target
    _save(tip, acting_user=acting_user, reason=TIP[step].action, expected_version=expected_version)
    return tip


@transaction.atomic
def tip_accept(*, tip: Tip, acting_user, expected_version=None) -> Tip:
    """New → accepted: worth checking; the claim may be made of it later."""
    return _transition(tip, "accept", acting_user=acting_user, expected_version=expected_version)


@transaction.atomic
def tip_mark_duplicate(*, tip: Tip, acting_user, note: str = "", expected_version=None) -> Tip:
    """New → duplicate: the desk has it already (another tip, a claim)."""
    return _transition(
        tip, "duplicate", acting_user=acting_user, note=note, expected_version=expected_version
    )


@transaction.atomic
def tip_reject(*, tip: Tip, acting_user, note: str = "", expected_version=None) -> Tip:
    """New → rejected: not checkable, off topic, abuse."""
    return _transition(
        tip, "reject", acting_user=acting_user, note=note, expected_version=expected_version
    )


@transaction.atomic
def tip_reopen(*, tip: Tip, acting_user, expected_version=None) -> Tip:
    """Back to new: moderated by mistake. A tip that led to a claim stays with it."""
    TIP.require("reopen", acting_user, tip)
    if tip.claim_id is not None:
        raise WorkflowError(f"Cannot reopen: “{tip}” led to a claim already.")
    return _transition(tip, "reopen", acting_user=acting_user, expected_version=expected_version)


@transaction.atomic
def tip_make_claim(
    *,
    tip: Tip,
    article: Article,
    quote: str,
    acting_user,
    statement: str = "",
    prefix: str = "",
    suffix: str = "",
    expected_version=None,
) -> Claim:
    """Draft a claim from ``tip`` on the passage ``quote`` of ``article`` (a claim
    is always anchored to what a report says), and accept the tip with the link.

    The statement defaults to the reader's words. Nothing is written when the
    passage is not in the article.
    """
    TIP.require("make_claim", acting_user, tip)
    if tip.claim_id is not None:
        raise WorkflowError(f"Cannot make a claim of it: “{tip}” led to a claim already.")
    try:
        claim = claim_create(
            article=article,
            quote=quote,
            prefix=prefix,
            suffix=suffix,
            statement=statement.strip() or tip.statement,
            notes=f"Suggested by a reader (tip #{tip.pk}).",
            acting_user=acting_user,
        )
    except AnchorError as exc:
        raise WorkflowError(f"Passage: {exc}") from exc
    tip.claim = claim
    _transition(tip, "make_claim", acting_user=acting_user, expected_version=expected_version)
    return claim
