"""The claim workflow in the admin: buttons on the change page and bulk actions.

Every step calls its service with ``acting_user=request.user``; a refusal
(``WorkflowError``, ``PermissionDenied``) becomes a message for staff.
"""

import dataclasses

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from .. import permissions, services
from ..forms import AssignForm, CorrectionForm, staff_label
from ..models import Claim
from ..services.claims import publication_problems
from .base import refusal, run_for_each, skipped_message


@dataclasses.dataclass(frozen=True)
class Step:
    """One workflow button: its URL segment, its label and the method that runs it."""

    slug: str
    label: str
    method: str

    @property
    def key(self):
        return self.slug.replace("-", "_")

    @property
    def url_name(self):
        return f"factcheck_claim_{self.key}"


STEPS = [
    Step("submit", "Submit for review", "submit_step"),
    Step("publish", "Publish", "publish_step"),
    Step("send-back", "Send back to draft", "send_back_step"),
    Step("unpublish", "Unpublish", "unpublish_step"),
    Step("correct", "Correct", "correct_step"),
    Step("archive", "Archive", "archive_step"),
    Step("assign-to-me", "Assign to me", "assign_to_me_step"),
]


# The correction form shares the change page with the claim's own form.
CORRECTION_PREFIX = "correction"


def _plural(count, noun="claim"):
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _posted_version(request):
    try:
        return int(request.POST["version"])
    except (KeyError, ValueError):
        return None


class ClaimWorkflowMixin:
    """Mixed into :class:`ClaimAdmin`."""

    actions = ["assign_claims", "submit_claims", "publish_claims", "archive_claims"]

    def get_urls(self):
        steps = [
            path(
                f"<path:object_id>/{step.slug}/",
                self.admin_site.admin_view(self.workflow_view),
                {"step": step},
                name=step.url_name,
            )
            for step in STEPS
        ]
        return steps + super().get_urls()

    # Permissions named by the actions' ``permissions=[...]`` ----------------

    def has_submit_permission(self, request):
        return permissions.can_submit_claim(request.user)

    def has_publish_permission(self, request):
        return permissions.can_publish_claims(request.user)

    def has_assign_permission(self, request):
        return permissions.can_assign_claims(request.user)

    # The buttons ------------------------------------------------------------------

    def workflow_context(self, request, claim):
        """What the change page offers this user for this claim, asked of ``permissions``."""
        user = request.user
        status = claim.status
        editor = permissions.can_publish_claims(user)
        publish_blockers = []
        if status == Claim.Status.IN_REVIEW and editor:
            publish_blockers = publication_problems(claim)
            if not permissions.can_publish_claim(user, claim):
                publish_blockers.append("you wrote it: another editor must publish it")
        is_open = status in (Claim.Status.DRAFT, Claim.Status.IN_REVIEW)
        offered = {
            "submit": status == Claim.Status.DRAFT and permissions.can_submit_claim(user, claim),
            "publish": status == Claim.Status.IN_REVIEW and editor,
            "send_back": status == Claim.Status.IN_REVIEW and editor,
            "unpublish": status == Claim.Status.PUBLISHED and editor,
            "correct": status == Claim.Status.PUBLISHED and editor,
            "archive": is_open and editor,
            "assign_to_me": (
                claim.assignee_id != user.pk
                and status != Claim.Status.ARCHIVED
                and permissions.can_assign_claims(user)
            ),
        }
        return {
            "workflow_urls": {
                step.key: reverse(f"admin:{step.url_name}", args=[claim.pk])
                for step in STEPS
                if offered[step.key]
            },
            "publish_blockers": publish_blockers,
            "correction_form": (
                CorrectionForm(claim=claim, prefix=CORRECTION_PREFIX)
                if offered["correct"]
                else None
            ),
        }

    def workflow_view(self, request, object_id, step):
        """POST only: run ``step`` on the claim, then back to its page with a message."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_view_permission(request):
            raise PermissionDenied
        claim = self.get_object(request, unquote(object_id))
        if claim is None:
            raise Http404(f"No claim with id {object_id!r}.")
        try:
            message = getattr(self, step.method)(request, claim, _posted_version(request))
        except (services.WorkflowError, PermissionDenied) as exc:
            self.message_user(request, f"{step.label}: {refusal(exc)}.", messages.ERROR)
        else:
            self.message_user(request, message, messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:factcheck_claim_change", args=[claim.pk]))

    def submit_step(self, request, claim, version):
        services.claim_submit(claim=claim, acting_user=request.user, expected_version=version)
        return f"“{claim}” was submitted for review."

    def publish_step(self, request, claim, version):
        services.claim_publish(claim=claim, acting_user=request.user, expected_version=version)
        return f"“{claim}” was published."

    def send_back_step(self, request, claim, version):
        services.claim_send_back(
            claim=claim,
            note=request.POST.get("note", ""),
            acting_user=request.user,
            expected_version=version,
        )
        return f"“{claim}” was sent back to draft with your note."

    def unpublish_step(self, request, claim, version):
        services.claim_unpublish(
            claim=claim,
            note=request.POST.get("note", ""),
            acting_user=request.user,
            expected_version=version,
        )
        return f"“{claim}” was unpublished; the public note explains why."

    def correct_step(self, request, claim, version):
        form = CorrectionForm(request.POST, claim=claim, prefix=CORRECTION_PREFIX)
        if not form.is_valid():
            raise services.WorkflowError(
                " ".join(
                    f"{form.fields[name].label}: {error}"
                    for name, errors in form.errors.items()
                    for error in errors
                )
            )
        rating, ruling = form.cleaned_data["rating"], form.cleaned_data["ruling"]
        services.claim_correct(
            claim=claim,
            note=form.cleaned_data["note"],
            rating=rating if rating is not None and rating != claim.rating else None,
            ruling=ruling if ruling.strip() and ruling != claim.ruling else None,
            acting_user=request.user,
            expected_version=version,
        )
        return f"“{claim}” was corrected; the note is published with it."

    def archive_step(self, request, claim, version):
        services.claim_archive(claim=claim, acting_user=request.user, expected_version=version)
        return f"“{claim}” was archived."

    def assign_to_me_step(self, request, claim, version):
        services.claim_assign(
            claim=claim, assignee=request.user, acting_user=request.user, expected_version=version
        )
        return f"“{claim}” is now assigned to you."

    # Bulk actions -----------------------------------------------------------------

    def _report(self, request, done, skipped, done_message):
        """``done_message(count_text)`` for what was done; the reasons for the rest."""
        if done:
            self.message_user(request, done_message(_plural(len(done))), messages.SUCCESS)
        if skipped:
            self.message_user(request, skipped_message(skipped), messages.WARNING)

    @admin.action(description="Submit selected claims for review", permissions=["submit"])
    def submit_claims(self, request, queryset):
        done, skipped = run_for_each(
            queryset, lambda claim: services.claim_submit(claim=claim, acting_user=request.user)
        )
        self._report(request, done, skipped, lambda n: f"Submitted {n} for review.")

    @admin.action(description="Publish selected claims", permissions=["publish"])
    def publish_claims(self, request, queryset):
        done, skipped = run_for_each(
            queryset, lambda claim: services.claim_publish(claim=claim, acting_user=request.user)
        )
        self._report(request, done, skipped, lambda n: f"Published {n}.")

    @admin.action(description="Archive selected claims", permissions=["publish"])
    def archive_claims(self, request, queryset):
        done, skipped = run_for_each(
            queryset, lambda claim: services.claim_archive(claim=claim, acting_user=request.user)
        )
        self._report(request, done, skipped, lambda n: f"Archived {n}.")

    @admin.action(description="Assign selected claims to…", permissions=["assign"])
    def assign_claims(self, request, queryset):
        """An intermediate page picks the assignee, then each claim is assigned."""
        if "apply" in request.POST:
            form = AssignForm(request.POST)
            if form.is_valid():
                assignee = form.cleaned_data["assignee"]
                done, skipped = run_for_each(
                    queryset,
                    lambda claim: services.claim_assign(
                        claim=claim, assignee=assignee, acting_user=request.user
                    ),
                )
                to = f"to {staff_label(assignee)}" if assignee else "to nobody"
                self._report(request, done, skipped, lambda n: f"Assigned {n} {to}.")
                return None
        else:
            form = AssignForm()
        context = {
            **self.admin_site.each_context(request),
            "title": "Assign claims",
            "opts": self.opts,
            "claims": queryset,
            "form": form,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "media": self.media + form.media,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/factcheck/claim/assign.html", context)
