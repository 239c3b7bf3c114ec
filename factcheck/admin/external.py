"""Other fact-checkers' reviews: searchable, read-only, imported from ClaimReview."""

import json

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import Truncator

from articles.admin.base import DeletedThroughServices
from articles.importers.base import ImportRefused
from articles.importers.claimreview import ClaimReviewRefused
from articles.services import ImportInput

from .. import permissions, services
from ..models import ExternalFactCheck
from .base import FactcheckHistoryAdmin


class ClaimReviewImportForm(forms.Form):
    file = forms.FileField(
        required=False,
        help_text="A ClaimReview feed (JSON), a JSON-LD document or a saved HTML page.",
    )
    url = forms.URLField(
        label="or address",
        required=False,
        max_length=1000,
        assume_scheme="https",
        help_text="A feed or a fact-check page, fetched now (public addresses only).",
    )

    def clean(self):
        cleaned = super().clean()
        upload, url = cleaned.get("file"), cleaned.get("url")
        if bool(upload) == bool(url):
            raise forms.ValidationError("Give either a file or an address, not both.")
        if upload and upload.size > settings.IMPORT_MAX_BYTES:
            self.add_error(
                "file",
                f"The file has {upload.size:,} bytes; the limit is {settings.IMPORT_MAX_BYTES:,}.",
            )
        return cleaned

    def import_input(self) -> ImportInput:
        upload = self.cleaned_data["file"]
        if upload:
            return ImportInput.from_bytes(upload.name, upload.read())
        return ImportInput.from_url(self.cleaned_data["url"])


@admin.register(ExternalFactCheck)
class ExternalFactCheckAdmin(DeletedThroughServices, FactcheckHistoryAdmin):
    delete_service = staticmethod(services.external_fact_check_delete)
    list_display = (
        "statement",
        "claimant_name",
        "rating_text",
        "publisher_name",
        "date_published",
        "imported_at",
    )
    search_fields = ("claim_reviewed", "claimant_name", "publisher_name", "rating_text", "url")
    date_hierarchy = "date_published"
    list_per_page = 50
    change_list_template = "admin/factcheck/externalfactcheck/change_list.html"
    fieldsets = (
        (None, {"fields": ("claim_reviewed", "claimant_name", "review_link", "date_published")}),
        ("Rating", {"fields": ("rating_text", "rating_value", "best_rating", "worst_rating")}),
        ("Publisher", {"fields": ("publisher_name", "publisher_url")}),
        ("Import", {"fields": ("imported_from", "imported_at", "imported_by", "raw_json")}),
    )
    readonly_fields = (
        "claim_reviewed",
        "claimant_name",
        "review_link",
        "date_published",
        "rating_text",
        "rating_value",
        "best_rating",
        "worst_rating",
        "publisher_name",
        "publisher_url",
        "imported_from",
        "imported_at",
        "imported_by",
        "raw_json",
    )

    def get_queryset(self, request):
        # The review as received can be large and only its own page shows it.
        return super().get_queryset(request).defer("raw")

    def has_module_permission(self, request):
        return permissions.can_view_external_fact_checks(request.user)

    def has_view_permission(self, request, obj=None):
        return permissions.can_view_external_fact_checks(request.user)

    def has_add_permission(self, request):
        # Reviews come in through the import form only: see import_view.
        return False

    def has_change_permission(self, request, obj=None):
        # What the publisher said, kept as imported; a re-import updates it.
        return False

    def has_delete_permission(self, request, obj=None):
        return permissions.can_delete(request.user, ExternalFactCheck)

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            "can_import": permissions.can_import_external_fact_checks(request.user),
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra_context)

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path("import/", self.admin_site.admin_view(self.import_view), name=f"{prefix}_import"),
            *super().get_urls(),
        ]

    def import_view(self, request):
        if not permissions.can_import_external_fact_checks(request.user):
            raise PermissionDenied
        problems = []
        if request.method == "POST":
            form = ClaimReviewImportForm(request.POST, request.FILES)
            if form.is_valid():
                try:
                    report = services.external_fact_checks_import(
                        source=form.import_input(), acting_user=request.user
                    )
                except ClaimReviewRefused as exc:
                    form.add_error(None, "Nothing was imported: fix these and import again.")
                    problems = exc.problems
                except ImportRefused as exc:
                    form.add_error(None, f"Nothing was imported: {exc}")
                else:
                    self.message_user(request, f"Imported {report.summary()}.", messages.SUCCESS)
                    return HttpResponseRedirect(
                        reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist")
                    )
        else:
            form = ClaimReviewImportForm()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Import ClaimReview",
            "adminform": helpers.AdminForm(form, [(None, {"fields": list(form.fields)})], {}),
            "errors": helpers.AdminErrorList(form, []),
            "problems": problems,
        }
        return TemplateResponse(request, "admin/factcheck/externalfactcheck/import.html", context)

    @admin.display(description="claim reviewed", ordering="claim_reviewed")
    def statement(self, fact_check):
        return Truncator(fact_check.claim_reviewed).chars(120)

    @admin.display(description="review")
    def review_link(self, fact_check):
        return format_html(
            '<a href="{}" rel="noopener noreferrer" target="_blank">{}</a>',
            fact_check.url,
            fact_check.url,
        )

    @admin.display(description="ClaimReview as received")
    def raw_json(self, fact_check):
        return format_html(
            "<pre>{}</pre>", json.dumps(fact_check.raw, indent=2, ensure_ascii=False)
        )
