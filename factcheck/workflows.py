"""Each workflow declared once: its steps, the states each is taken from and
leads to, and who may take it.

The services enforce these tables (:meth:`Workflow.require`); the admin renders
its buttons from them (:meth:`Workflow.offered`) and names its bulk actions'
permissions after them. A step is added or changed here, nowhere else. What a
step needs besides its state and role (a verdict and a source before
publishing, say) stays in its service, which words the refusal.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from . import permissions
from .models import Claim, Discrepancy


class WorkflowError(Exception):
    """A workflow rule refused the change; the message tells staff why."""


def _always(user, obj):
    return True


@dataclasses.dataclass(frozen=True)
class Transition:
    """One step of a workflow.

    ``sources``: the states it is taken from. ``target``: the state it leads to
    (``None`` for a step that leaves the state alone: a correction, an
    assignment). ``allowed(user, obj)``: the role that may take it, asked of
    :mod:`factcheck.permissions` (``obj`` is ``None`` for "any of them", as for
    a bulk action). ``action``: the words of a refusal, "Cannot {action}: …".
    ``refusal``: a refusal of its own for a wrong state, replacing that one.
    ``offer_if(user, obj)``: when the button would do nothing (assigning to
    yourself what is already yours), it is not offered.
    """

    name: str
    label: str
    sources: tuple[str, ...]
    target: str | None
    allowed: Callable
    action: str
    refusal: str = ""
    offer_if: Callable = _always
    enforces_state: bool = True
    button: bool = True

    @property
    def slug(self):
        return self.name.replace("_", "-")


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


CLAIM = Workflow(
    Claim,
    [
        Transition(
            "submit",
            "Submit for review",
            (ClaimStatus.DRAFT,),
            ClaimStatus.IN_REVIEW,
            permissions.can_submit_claim,
            # The words the service has always used in this refusal.
            action="submitted for review",
        ),
        Transition(
            "publish",
            "Publish",
            (ClaimStatus.IN_REVIEW,),
            ClaimStatus.PUBLISHED,
            _editor,
            action="publish",
        ),
        Transition(
            "send_back",
            "Send back to draft",
            (ClaimStatus.IN_REVIEW,),
            ClaimStatus.DRAFT,
            _editor,
            action="sent back to draft",
        ),
        Transition(
            "unpublish",
            "Unpublish",
            (ClaimStatus.PUBLISHED,),
            ClaimStatus.DRAFT,
            _editor,
            action="unpublish",
        ),
        Transition(
            "correct",
            "Correct",
            (ClaimStatus.PUBLISHED,),
            None,
            _editor,
            action="correct",
            refusal="Only published claims are corrected; edit drafts directly.",
        ),
        Transition(
            "archive",
            "Archive",
            (ClaimStatus.DRAFT, ClaimStatus.IN_REVIEW),
            ClaimStatus.ARCHIVED,
            _editor,
            action="archived",
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
            action="confirm",
        ),
        Transition(
            "dismiss",
            "Dismiss",
            (DiscrepancyStatus.SUGGESTED,),
            DiscrepancyStatus.DISMISSED,
            _resolver,
            action="dismiss",
        ),
        Transition(
            "investigate",
            "Start investigating",
            (DiscrepancyStatus.OPEN,),
            DiscrepancyStatus.INVESTIGATING,
            permissions.can_research_discrepancy,
            action="start investigating",
        ),
        Transition(
            "resolve",
            "Resolve",
            _IN_PROGRESS,
            DiscrepancyStatus.RESOLVED,
            _resolver,
            action="resolve",
        ),
        Transition(
            "not_conflict",
            "Not a conflict",
            _IN_PROGRESS,
            DiscrepancyStatus.NOT_CONFLICT,
            _resolver,
            action="mark as not a conflict",
        ),
        Transition(
            "reopen",
            "Reopen",
            (DiscrepancyStatus.RESOLVED, DiscrepancyStatus.NOT_CONFLICT),
            DiscrepancyStatus.OPEN,
            _resolver,
            action="reopen",
        ),
        Transition(
            "merge",
            "Merge",
            (DiscrepancyStatus.SUGGESTED, DiscrepancyStatus.OPEN),
            DiscrepancyStatus.DISMISSED,
            _resolver,
            action="merge",
            # A bulk action only: it needs a discrepancy to merge into.
            button=False,
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
        ),
    ],
    wrong_state=lambda step, discrepancy: (
        f"Cannot {step.action}: “{discrepancy}” is {discrepancy.get_status_display().lower()}."
    ),
)
