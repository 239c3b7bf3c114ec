"""A claim's citations and appearances on its change page, and the new citations
and passages of a discrepancy on its own.

A claim's have two inlines each: rows already saved (their source or passage fixed, so
no per-row widget queries) and new rows, which the claim admin hands to
``services.citation_add`` and ``services.appearance_add``.
"""

from django.contrib import admin

from articles.models import Article

from .. import permissions
from ..forms import (
    AppearanceAddForm,
    CitationAddForm,
    CitationForm,
    DiscrepancyCitationAddForm,
    DiscrepancyPassageAddForm,
    ReportChoiceField,
)
from ..models import Citation, ClaimAppearance, DiscrepancyCitation, DiscrepancyPassage


class ClaimInline(admin.TabularInline):
    extra = 0

    def has_view_permission(self, request, obj=None):
        return permissions.can_view_claims(request.user)


class NewRowsInline(ClaimInline):
    """Blank rows only: shown to those who may add, hidden from everyone else."""

    extra = 1

    def get_queryset(self, request):
        return super().get_queryset(request).none()

    def has_view_permission(self, request, obj=None):
        return self.has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CitationInline(ClaimInline):
    model = Citation
    form = CitationForm
    fields = ("source", "stance", "excerpt", "note")
    readonly_fields = ("source",)
    verbose_name_plural = "cited sources"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return permissions.can_cite(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return permissions.can_cite(request.user, obj)


class NewCitationInline(NewRowsInline):
    model = Citation
    form = CitationAddForm
    fields = ("source", "stance", "excerpt", "note")
    autocomplete_fields = ("source",)
    verbose_name = "citation"
    verbose_name_plural = "cite a source"

    def has_add_permission(self, request, obj=None):
        return permissions.can_cite(request.user, obj)


class AppearanceInline(ClaimInline):
    model = ClaimAppearance
    fields = ("article_title", "quote", "anchor_status")
    readonly_fields = fields
    verbose_name_plural = "appearances in other reports"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("article__outlet")

    @admin.display(description="article")
    def article_title(self, appearance):
        article = appearance.article
        outlet = f"{article.outlet}: " if article.outlet else ""
        return f"{outlet}{article.headline or f'article {article.pk}'}"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return permissions.can_edit_claim(request.user, obj)


class NewAppearanceInline(NewRowsInline):
    model = ClaimAppearance
    form = AppearanceAddForm
    fields = ("article", "quote", "prefix", "suffix")
    autocomplete_fields = ("article",)
    verbose_name = "appearance"
    verbose_name_plural = "add an appearance in another report"

    def has_add_permission(self, request, obj=None):
        return permissions.can_edit_claim(request.user, obj)


# A discrepancy's: new rows only, each saved by its service ----------------------------


class NewDiscrepancyCitationInline(NewRowsInline):
    model = DiscrepancyCitation
    form = DiscrepancyCitationAddForm
    fields = ("source", "stance", "excerpt", "note")
    autocomplete_fields = ("source",)
    verbose_name = "citation"
    verbose_name_plural = "cite a source for the resolution"

    def has_add_permission(self, request, obj=None):
        return permissions.can_research_discrepancy(request.user, obj)


class NewPassageInline(NewRowsInline):
    model = DiscrepancyPassage
    form = DiscrepancyPassageAddForm
    fields = ("article", "quote", "prefix", "suffix")
    verbose_name = "passage"
    verbose_name_plural = "add a passage from another report"

    def has_add_permission(self, request, obj=None):
        return permissions.can_research_discrepancy(request.user, obj)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        if obj is not None:
            # The story's other reports; the passages are prefetched with the discrepancy.
            present = [passage.article_id for passage in obj.passages.all()]
            formset.form.base_fields["article"] = ReportChoiceField(
                Article.objects.in_story(obj.story_id).side_by_side().exclude(pk__in=present),
                label="Report",
            )
        return formset
