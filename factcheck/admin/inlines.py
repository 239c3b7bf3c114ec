"""A claim's citations and appearances, on its change page.

Each has two inlines: rows already saved (their source or passage fixed, so
no per-row widget queries) and new rows, which the claim admin hands to
``services.citation_add`` and ``services.appearance_add``.
"""

from django.contrib import admin

from .. import permissions
from ..forms import AppearanceAddForm, CitationAddForm, CitationForm
from ..models import Citation, ClaimAppearance


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
