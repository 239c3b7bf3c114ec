"""Checked before: the claims and external fact-checks that read like a
statement, on the claim and tip pages and live under the claim form's
statement as it is typed; and the links between claims of one statement.

Every read is :func:`factcheck.search.similar_claims` (what the user may see
only); every write is a service of :mod:`factcheck.services.links`.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from .. import permissions, services
from ..models import Claim, Stance
from ..search import similar_claims
from .base import refusal

# How many rows the panel and the live list show.
SIMILAR_SHOWN = 10
# The live list waits for this much of a statement: a word or two finds everything.
LIVE_MIN_CHARS = 12


def checked_before(request, text, *, claim=None, linked=None):
    """The panel's context: the similar rows, and which are linked to
    ``claim`` (``linked``: those claims, if read already)."""
    rows = similar_claims(text, user=request.user, exclude=claim, limit=SIMILAR_SHOWN)
    if claim is not None and linked is None:
        linked = Claim.objects.linked_to(claim).values_list("pk", flat=True)
    return {
        "similar_rows": rows,
        "similar_linked": {getattr(c, "pk", c) for c in linked or ()},
        "similar_for": claim,
        "can_link": claim is not None and permissions.can_link_claims(request.user),
    }


class CheckedBeforeClaimAdmin:
    """Mixed into the claim admin: the live list's endpoint, link, unlink and
    cite-a-linked-claim buttons, and the panels on the change page."""

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}"
        view = self.admin_site.admin_view
        return [
            path("similar/", view(self.similar_view), name=f"{name}_similar"),
            path("<path:object_id>/link/", view(self.link_view), name=f"{name}_link"),
            path("<path:object_id>/unlink/", view(self.unlink_view), name=f"{name}_unlink"),
            path("<path:object_id>/cite-claim/", view(self.cite_view), name=f"{name}_cite_claim"),
            *super().get_urls(),
        ]

    def similar_view(self, request):
        """GET ``?statement=…[&claim=<id>]``: the list of similar rows, as an
        HTML fragment for the form's script (staff who may see claims)."""
        if not permissions.can_see_similar_claims(request.user):
            raise PermissionDenied
        text = request.GET.get("statement", "")[:2000]
        claim = None
        if request.GET.get("claim", "").isdigit():
            claim = Claim.objects.filter(pk=request.GET["claim"]).first()
        context = {"similar_rows": [], "live": True}
        if len(text.strip()) >= LIVE_MIN_CHARS:
            context.update(checked_before(request, text, claim=claim))
        return TemplateResponse(request, "admin/factcheck/includes/similar_list.html", context)

    def _posted_pair(self, request, object_id):
        if request.method != "POST":
            return None, None
        if not self.has_view_permission(request):
            raise PermissionDenied
        claim = Claim.objects.filter(pk=object_id).first() if object_id.isdigit() else None
        other_id = request.POST.get("other", "")
        other = Claim.objects.filter(pk=other_id).first() if other_id.isdigit() else None
        if claim is None or other is None:
            raise Http404("No such claim.")
        return claim, other

    def _back(self, claim):
        return HttpResponseRedirect(
            reverse("admin:factcheck_claim_change", args=[claim.pk]) + "#checked-before"
        )

    def _pair_step(self, request, object_id, run, done, refused):
        claim, other = self._posted_pair(request, object_id)
        if claim is None:
            return HttpResponseNotAllowed(["POST"])
        try:
            run(claim, other)
        except (services.WorkflowError, PermissionDenied) as exc:
            self.message_user(request, f"{refused}: {refusal(exc)}.", messages.ERROR)
        else:
            self.message_user(request, done.format(other=other), messages.SUCCESS)
        return self._back(claim)

    def link_view(self, request, object_id):
        return self._pair_step(
            request,
            object_id,
            lambda claim, other: services.claims_link(
                claim=claim, other=other, acting_user=request.user
            ),
            "Linked to “{other}”.",
            "Not linked",
        )

    def unlink_view(self, request, object_id):
        return self._pair_step(
            request,
            object_id,
            lambda claim, other: services.claims_unlink(
                claim=claim, other=other, acting_user=request.user
            ),
            "No longer linked to “{other}”.",
            "Not unlinked",
        )

    def cite_view(self, request, object_id):
        """Cite a published linked claim as a source of this one (giving context)."""

        return self._pair_step(
            request,
            object_id,
            lambda claim, other: services.claim_cite_claim(
                claim=claim, cited=other, stance=Stance.CONTEXT, acting_user=request.user
            ),
            "Cited “{other}” as a source.",
            "Not cited",
        )

    def checked_before_context(self, request, obj):
        """Three queries: the similar claims, the external fact-checks, the linked claims."""
        linked = list(Claim.objects.linked_to(obj).for_linked_list())
        return {
            **checked_before(request, obj.statement, claim=obj, linked=linked),
            "linked_claims": linked,
            "can_cite": permissions.can_cite(request.user, obj),
        }
