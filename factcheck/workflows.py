"""Each workflow declared once: its steps, the states each is taken from and
leads to, who may take it, the service that takes it and what staff see of it.

The services enforce these tables (:meth:`Workflow.require`); the admin renders
its buttons, their forms and its bulk actions from them (:meth:`Workflow.offered`,
:mod:`factcheck.admin.workflow`) and says what each did in the words written
here. A step is added or changed here, nowhere else. What a step needs besides
its state and role (a verdict and a source before publishing, say) is checked by
its service, which words the refusal; the change page shows the same
preconditions beforehand (``blockers``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from . import permissions
from .models import Claim, Discrepancy, Tip


class WorkflowError(Exception):
    """A workflow rule refused the change; the message tells staff why."""


def _always(user, obj):
    return True


@dataclasses.dataclass(frozen=True)
class Field:
    """A text a step asks for on its form, posted as ``name`` and passed to its
    service under that name; left blank, the service's default stands.
    ``prefill``: the form starts from the object's stored value of ``name``."""

    name: str
    label: str
    rows: int = 3
    required: bool = True
    prefill: bool = False


@dataclasses.dataclass(frozen=True)
class Bulk:
    """A step as a bulk action of the changelist: its ``name`` (posted as
    ``action``), its ``description`` in the menu and its ``done`` message
    (``{count}``: "2 claims"). ``asks``: the keyword of the service that an
    intermediate page asks for first (an assignee, a discrepancy to merge into),
    under the page's ``title``, with ``verb`` on its button."""

    name: str
    description: str
    done: str
    asks: str = ""
    title: str = ""
    verb: str = ""


@dataclasses.dataclass(frozen=True)
class Transition:
    """One step of a workflow.

    ``sources``: the states it is taken from. ``target``: the state it leads to
    (``None`` for a step that leaves the state alone: a correction, an
    assignment). ``allowed(user, obj)``: the role that may take it, asked of
    :mod:`factcheck.permissions` (``obj`` is ``None`` for "any of them", as for
    a bulk action). ``action``: the step as a verb phrase, in a refusal
    ("Cannot {action}: …") and in what blocks it ("Cannot {action} yet: …"); its
    label in lower case unless given.
    ``refusal``: a refusal of its own for a wrong state, replacing that one.
    ``offer_if(user, obj)``: when the button would do nothing (assigning to
    yourself what is already yours), it is not offered.

    What the admin makes of it: ``service``, the function of
    :mod:`factcheck.services` that takes the step, called with the object (as
    ``argument``, the model's name unless given), ``acting_user``,
    ``expected_version`` and what the step's form posted: its ``fields``, or the
    form class named by ``form`` (its fields prefixed ``form_prefix``).
    ``acting_user_as``: the keyword to which the acting user is also passed
    ("assign to me"). ``done``: the message once taken (``{obj}``).
    ``blockers(user, obj)``: what stops the step now, shown with its button,
    which is then disabled. ``primary``: the button stands out; ``submit``: the
    words on the button of a step with a form, its label unless given.
    ``bulk``: the step as a bulk action.
    """

    name: str
    label: str
    sources: tuple[str, ...]
    target: str | None
    allowed: Callable
    action: str = ""
    refusal: str = ""
    offer_if: Callable = _always
    enforces_state: bool = True
    button: bool = True
    service: str = ""
    argument: str = ""
    acting_user_as: str = ""
    done: str = ""
    fields: tuple[Field, ...] = ()
    form: str = ""
    form_prefix: str = ""
    submit: str = ""
    primary: bool = False
    blockers: Callable | None = None
    bulk: Bulk | None = None

    def __post_init__(self):
        if not self.action:
            object.__setattr__(self, "action", self.label.lower())

    @property
    def slug(self):
        return self.name.replace("_", "-")

    @property
    def asks(self) -> bool:
        """Whether the step has a form of its own (a note, a resolution, a correction)."""
        return bool(self.fields or self.form)


class Workflow:
    """The steps of one model's workflow, in the order the admin shows them."""

    def __init__(self, model, transitions, wrong_state):
        self.model = model
        self.transitions = tuple(transitions)
        self._by_name = {step.name: step for step in self.transitions}
        self._wrong_state = wrong_state

    def __getitem__(self, name) -> Transition:
        return self._by_name[name]

    def __iter__(self):
        return iter(self.transitions)

    def targets(self) -> frozenset:
        """The states a step leads to: what "set the status" may offer."""
        return frozenset(step.target for step in self.transitions if step.button)

    def leading_to(self, status, obj):
        """The step that moves ``obj`` to ``status``: the one taken from its state,
        else the first (whose refusal then says why), else ``None``."""
        steps = [step for step in self.transitions if step.button and step.target == status]
        for step in steps:
            if obj.status in step.sources:
                return step
        return steps[0] if steps else None

    def may(self, name, user, obj=None) -> bool:
        return self[name].allowed(user, obj)

    def offered(self, user, obj) -> list[Transition]:
        """The steps ``user`` may take on ``obj`` now, in order."""
        return [
            step
            for step in self.transitions
            if step.button
            and obj.status in step.sources
            and step.offer_if(user, obj)
            and step.allowed(user, obj)
        ]

    def require_role(self, name, user, obj=None) -> None:
        permissions.require(self.may(name, user, obj))

    def require_state(self, name, obj) -> None:
        """Refuse, in words for staff, a step taken from a state it does not start from."""
        step = self[name]
        if step.enforces_state and obj.status not in step.sources:
            raise WorkflowError(step.refusal or self._wrong_state(step, obj))

    def require(self, name, user, obj) -> Transition:
        """The role, then the state: the order in which the services always refused."""
        self.require_role(name, user, obj)
        self.require_state(name, obj)
        return self[name]


ClaimStatus = Claim.Status
DiscrepancyStatus = Discrepancy.Status


def _editor(user, claim=None):
    return permissions.can_publish_claims(user)


def _resolver(user, discrepancy=None):
    return permissions.can_resolve_discrepancies(user)


def _not_yours(user, obj):
    return obj.assignee_id != user.pk


def _scheduler(user, claim=None):
    return permissions.can_schedule_claims(user)


def _scheduled(user, claim):
    return claim.publish_at is not None


def _review_not_requested(user, discrepancy):
    return discrepancy.review_requested_at is None


def _review_requested(user, discrepancy):
    return discrepancy.review_requested_at is not None


def publication_problems(claim: Claim) -> list[str]:
    """What stops ``claim`` from being published, in words for staff."""
    problems = []
    if claim.rating_id is None:
        problems.append("it has no verdict")
    if not claim.ruling.strip():
        problems.append("it has no ruling text")
    if not claim.citations.exists():
        problems.append("it cites no source")
    if claim.is_orphaned:
        problems.append("its passage is orphaned and must be re-quoted")
    return problems


def _publish_blockers(user, claim):
    problems = publication_problems(claim)
    if claim.created_by_id == user.pk:
        problems.append("you wrote it: another editor must publish it")
    return problems


def _resolve_blockers(user, discrepancy):
    # The resolution is written in the step's own form. Cited sources are
    # prefetched on the change page, where resolution_problems() would query.
    return [] if discrepancy.citations.all() else ["cite a source below"]


_NOTE_FOR_REVIEW = "What needs to change (internal, kept as a review comment)"

# In the order the change page shows them: the buttons, then the steps with a form.
CLAIM = Workflow(
    Claim,
    [
        Transition(
            "submit",
            "Submit for review",
            (ClaimStatus.DRAFT,),
            ClaimStatus.IN_REVIEW,
            permissions.can_submit_claim,
            service="claim_submit",
            done="“{obj}” was submitted for review.",
            # The reviewer is optional: left as it is, the editor chosen before
            # (or any editor of the desk) reviews it.
            form="factcheck.forms.SubmitForm",
            primary=True,
            bulk=Bulk(
                "submit_claims",
                "Submit selected claims for review",
                "Submitted {count} for review.",
            ),
        ),
        Transition(
            "publish",
            "Publish",
            (ClaimStatus.IN_REVIEW,),
            ClaimStatus.PUBLISHED,
            _editor,
            service="claim_publish",
            done="“{obj}” was published.",
            primary=True,
            blockers=_publish_blockers,
            bulk=Bulk("publish_claims", "Publish selected claims", "Published {count}."),
        ),
        Transition(
            "unschedule",
            "Unschedule",
            (ClaimStatus.IN_REVIEW,),
            None,
            _scheduler,
            offer_if=_scheduled,
            service="claim_unschedule",
            done="“{obj}” is no longer scheduled; it stays in review.",
        ),
        Transition(
            "assign_to_me",
            "Assign to me",
            (ClaimStatus.DRAFT, ClaimStatus.IN_REVIEW, ClaimStatus.PUBLISHED),
            None,
            lambda user, claim=None: permissions.can_assign_claims(user),
            action="assign",
            offer_if=_not_yours,
            # Any claim may be (re)assigned, archived ones too: the button is
            # simply not offered there.
            enforces_state=False,
            service="claim_assign",
            acting_user_as="assignee",
            done="“{obj}” is now assigned to you.",
            bulk=Bulk(
                "assign_claims",
                "Assign selected claims to…",
                "Assigned {count} to {assignee}.",
                asks="assignee",
                title="Assign claims",
                verb="Assign",
            ),
        ),
        Transition(
            "archive",
            "Archive",
            (ClaimStatus.DRAFT, ClaimStatus.IN_REVIEW),
            ClaimStatus.ARCHIVED,
            _editor,
            service="claim_archive",
            done="“{obj}” was archived.",
            bulk=Bulk("archive_claims", "Archive selected claims", "Archived {count}."),
        ),
        Transition(
            "send_back",
            "Send back to draft",
            (ClaimStatus.IN_REVIEW,),
            ClaimStatus.DRAFT,
            _editor,
            service="claim_send_back",
            done="“{obj}” was sent back to draft with your note.",
            fields=(Field("note", _NOTE_FOR_REVIEW),),
        ),
        Transition(
            "schedule",
            "Schedule publication",
            (ClaimStatus.IN_REVIEW,),
            None,
            _scheduler,
            action="schedule",
            service="claim_schedule",
            done="“{obj}” is scheduled to be published; it is checked again then.",
            form="factcheck.forms.ScheduleForm",
            form_prefix="schedule",
            submit="Schedule",
            blockers=_publish_blockers,
        ),
        Transition(
            "set_reviewer",
            "Choose the reviewer",
            (ClaimStatus.IN_REVIEW,),
            None,
            _editor,
            action="choose the reviewer",
            service="claim_set_reviewer",
            done="The reviewer of “{obj}” was changed.",
            form="factcheck.forms.ClaimReviewerForm",
            form_prefix="reviewer",
            submit="Set the reviewer",
        ),
        Transition(
            "correct",
            "Correct",
            (ClaimStatus.PUBLISHED,),
            None,
            _editor,
            refusal="Only published claims are corrected; edit drafts directly.",
            service="claim_correct",
            done="“{obj}” was corrected; the note is published with it.",
            # Named, not imported: the forms sit above this table.
            form="factcheck.forms.CorrectionForm",
            form_prefix="correction",
            submit="Publish the correction",
            primary=True,
        ),
        Transition(
            "unpublish",
            "Unpublish",
            (ClaimStatus.PUBLISHED,),
            ClaimStatus.DRAFT,
            _editor,
            service="claim_unpublish",
            done="“{obj}” was unpublished; the public note explains why.",
            fields=(Field("note", "Public note: why it was taken down"),),
        ),
    ],
    wrong_state=lambda step, claim: (
        f"Cannot {step.action}: the claim is {claim.get_status_display().lower()}."
    ),
)


_IN_PROGRESS = (DiscrepancyStatus.OPEN, DiscrepancyStatus.INVESTIGATING)

DISCREPANCY = Workflow(
    Discrepancy,
    [
        Transition(
            "confirm",
            "Confirm",
            (DiscrepancyStatus.SUGGESTED,),
            DiscrepancyStatus.OPEN,
            _resolver,
            service="discrepancy_confirm",
            done="“{obj}” was confirmed: it is open.",
            primary=True,
            bulk=Bulk(
                "confirm_suggestions",
                "Confirm selected suggestions",
                "Confirmed {count}: now open.",
            ),
        ),
        Transition(
            "investigate",
            "Start investigating",
            (DiscrepancyStatus.OPEN,),
            DiscrepancyStatus.INVESTIGATING,
            permissions.can_research_discrepancy,
            service="discrepancy_investigate",
            done="“{obj}” is being investigated.",
            primary=True,
        ),
        Transition(
            "resolve",
            "Resolve",
            _IN_PROGRESS,
            DiscrepancyStatus.RESOLVED,
            _resolver,
            service="discrepancy_resolve",
            done="“{obj}” was resolved.",
            fields=(
                Field(
                    "resolution",
                    "Resolution (public): which version is right, and why",
                    rows=4,
                    prefill=True,
                ),
            ),
            primary=True,
            blockers=_resolve_blockers,
        ),
        Transition(
            "not_conflict",
            "Not a conflict",
            _IN_PROGRESS,
            DiscrepancyStatus.NOT_CONFLICT,
            _resolver,
            action="mark as not a conflict",
            service="discrepancy_mark_not_conflict",
            done="“{obj}” was marked as not a conflict.",
            fields=(
                Field(
                    "resolution", "Why the reports do not really conflict (public)", prefill=True
                ),
            ),
            submit="Mark as not a conflict",
        ),
        Transition(
            "dismiss",
            "Dismiss",
            (DiscrepancyStatus.SUGGESTED,),
            DiscrepancyStatus.DISMISSED,
            _resolver,
            service="discrepancy_dismiss",
            done="“{obj}” was dismissed; detection will not suggest it again.",
            fields=(
                Field(
                    "note",
                    "Why (internal, optional): detection will not suggest it again",
                    rows=2,
                    required=False,
                ),
            ),
            bulk=Bulk("dismiss_suggestions", "Dismiss selected suggestions", "Dismissed {count}."),
        ),
        Transition(
            "reopen",
            "Reopen",
            (DiscrepancyStatus.RESOLVED, DiscrepancyStatus.NOT_CONFLICT),
            DiscrepancyStatus.OPEN,
            _resolver,
            service="discrepancy_reopen",
            done="“{obj}” was reopened.",
        ),
        Transition(
            "merge",
            "Merge",
            (DiscrepancyStatus.SUGGESTED, DiscrepancyStatus.OPEN),
            DiscrepancyStatus.DISMISSED,
            _resolver,
            # A bulk action only: it needs a discrepancy to merge into.
            button=False,
            service="discrepancy_merge",
            argument="suggestion",
            bulk=Bulk(
                "merge_suggestions",
                "Merge selected suggestions into…",
                "Merged {count} into “{into}”.",
                asks="into",
                title="Merge suggestions",
                verb="Merge",
            ),
        ),
        Transition(
            "request_review",
            "Ask for review",
            _IN_PROGRESS,
            None,
            permissions.can_research_discrepancy,
            action="ask for review",
            offer_if=_review_not_requested,
            service="discrepancy_request_review",
            done="An editor was asked to review “{obj}”.",
            form="factcheck.forms.DiscrepancyReviewForm",
            form_prefix="review",
            submit="Ask for review",
        ),
        Transition(
            "set_reviewer",
            "Choose the reviewer",
            _IN_PROGRESS,
            None,
            _resolver,
            action="choose the reviewer",
            offer_if=_review_requested,
            service="discrepancy_set_reviewer",
            done="The reviewer of “{obj}” was changed.",
            form="factcheck.forms.DiscrepancyReviewerForm",
            form_prefix="reviewer",
            submit="Set the reviewer",
        ),
        Transition(
            "assign_to_me",
            "Assign to me",
            (DiscrepancyStatus.SUGGESTED, *_IN_PROGRESS),
            None,
            permissions.can_research_discrepancy,
            action="assign",
            offer_if=_not_yours,
            enforces_state=False,
            service="discrepancy_assign",
            acting_user_as="assignee",
            done="“{obj}” is now assigned to you.",
            bulk=Bulk(
                "assign_discrepancies",
                "Assign selected discrepancies to…",
                "Assigned {count} to {assignee}.",
                asks="assignee",
                title="Assign discrepancies",
                verb="Assign",
            ),
        ),
    ],
    wrong_state=lambda step, discrepancy: (
        f"Cannot {step.action}: “{discrepancy}” is {discrepancy.get_status_display().lower()}."
    ),
)


TipStatus = Tip.Status


def _moderator(user, tip=None):
    return permissions.can_moderate_tips(user, tip)


def _no_claim_yet(user, tip):
    return tip.claim_id is None


_TIP_NOTE = Field("note", "Why (internal, optional)", rows=2, required=False)

TIP = Workflow(
    Tip,
    [
        Transition(
            "make_claim",
            "Make a claim",
            (TipStatus.NEW, TipStatus.ACCEPTED),
            TipStatus.ACCEPTED,
            permissions.can_make_claim_from_tip,
            action="make a claim of it",
            offer_if=_no_claim_yet,
            service="tip_make_claim",
            done="A draft claim was made of “{obj}”.",
            form="factcheck.forms.TipClaimForm",
            form_prefix="claim",
            submit="Draft the claim",
            primary=True,
        ),
        Transition(
            "accept",
            "Accept",
            (TipStatus.NEW,),
            TipStatus.ACCEPTED,
            _moderator,
            service="tip_accept",
            done="“{obj}” was accepted: it is worth checking.",
            bulk=Bulk("accept_tips", "Accept selected tips", "Accepted {count}."),
        ),
        Transition(
            "duplicate",
            "Duplicate",
            (TipStatus.NEW,),
            TipStatus.DUPLICATE,
            _moderator,
            action="mark as a duplicate",
            service="tip_mark_duplicate",
            done="“{obj}” was marked as a duplicate.",
            fields=(_TIP_NOTE,),
            submit="Mark as a duplicate",
        ),
        Transition(
            "reject",
            "Reject",
            (TipStatus.NEW,),
            TipStatus.REJECTED,
            _moderator,
            service="tip_reject",
            done="“{obj}” was rejected.",
            fields=(_TIP_NOTE,),
            bulk=Bulk("reject_tips", "Reject selected tips", "Rejected {count}."),
        ),
        Transition(
            "reopen",
            "Reopen",
            (TipStatus.ACCEPTED, TipStatus.DUPLICATE, TipStatus.REJECTED),
            TipStatus.NEW,
            _moderator,
            offer_if=_no_claim_yet,
            service="tip_reopen",
            done="“{obj}” is back in the queue.",
        ),
    ],
    wrong_state=lambda step, tip: (
        f"Cannot {step.action}: the tip is {tip.get_status_display().lower()}."
    ),
)
