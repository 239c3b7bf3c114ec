"""The claim workflow in the admin: buttons on the change page and bulk actions.

Every step calls its service with ``acting_user=request.user``; a refusal
(``WorkflowError``, ``PermissionDenied``) becomes a message for staff.
"""

from django.contrib import admin
from django.contrib.admin import helpers
from django.template.response import TemplateResponse

from .. import services
from ..forms import AssignForm, CorrectionForm, staff_label
from ..services.claims import publication_problems
from ..workflows import CLAIM
from .base import run_for_each
from .workflow import WorkflowAdminMixin, bulk_step, steps

STEPS = steps(CLAIM)


# The correction form shares the change page with the claim's own form.
CORRECTION_PREFIX = "correction"


class ClaimWorkflowMixin(WorkflowAdminMixin):
    """Mixed into :class:`ClaimAdmin`: the buttons and bulk actions of :data:`CLAIM`."""

    workflow = CLAIM
    actions = ["assign_claims", "submit_claims", "publish_claims", "archive_claims"]

    # The buttons ------------------------------------------------------------------

    def workflow_context(self, request, claim):
        """What the change page offers this user for this claim, asked of the table."""
        offered = self.offered_steps(request, claim)
        publish_blockers = []
        if offered["publish"]:
            publish_blockers = publication_problems(claim)
            if claim.created_by_id == request.user.pk:
                publish_blockers.append("you wrote it: another editor must publish it")
        return {
            "workflow_urls": self.workflow_urls(offered, claim),
            "publish_blockers": publish_blockers,
            "correction_form": (
                CorrectionForm(claim=claim, prefix=CORRECTION_PREFIX)
                if offered["correct"]
                else None
            ),
        }

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
        short_form = form.cleaned_data["claim_reviewed"].strip()
        services.claim_correct(
            claim=claim,
            note=form.cleaned_data["note"],
            rating=rating if rating is not None and rating != claim.rating else None,
            ruling=ruling if ruling.strip() and ruling != claim.ruling else None,
            claim_reviewed=short_form if short_form != claim.claim_reviewed else None,
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

    submit_claims = bulk_step(
        "submit",
        description="Submit selected claims for review",
        service="claim_submit",
        argument="claim",
        done=lambda n: f"Submitted {n} for review.",
    )
    publish_claims = bulk_step(
        "publish",
        description="Publish selected claims",
        service="claim_publish",
        argument="claim",
        done=lambda n: f"Published {n}.",
    )
    archive_claims = bulk_step(
        "archive",
        description="Archive selected claims",
        service="claim_archive",
        argument="claim",
        done=lambda n: f"Archived {n}.",
    )

    @admin.action(description="Assign selected claims to…", permissions=["assign_to_me"])
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
