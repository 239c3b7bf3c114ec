from django.contrib import admin
from django.db.models import Count

from articles.admin.base import DeletedThroughServices

from .. import permissions, services
from ..forms import ClaimantAliasForm, ClaimantAliasFormSet, ClaimantForm
from ..models import Claimant, ClaimantAlias
from ..services.claims import CLAIMANT_FIELDS
from .base import FactcheckHistoryAdmin, RefusalsAsMessages


class ClaimantAliasInline(admin.TabularInline):
    model = ClaimantAlias
    form = ClaimantAliasForm
    formset = ClaimantAliasFormSet
    extra = 1
    verbose_name = "other spelling"
    verbose_name_plural = "other spellings of the name"


@admin.register(Claimant)
class ClaimantAdmin(DeletedThroughServices, RefusalsAsMessages, FactcheckHistoryAdmin):
    delete_service = staticmethod(services.claimant_delete)
    form = ClaimantForm
    list_display = ("name", "kind", "description", "alias_names", "claim_count")
    list_filter = ("kind",)
    search_fields = ("name", "aliases__name", "description")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [ClaimantAliasInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(claim_count=Count("claims", distinct=True))
            .prefetch_related("aliases")
        )

    def has_add_permission(self, request):
        return permissions.can_add_claimants(request.user)

    def has_change_permission(self, request, obj=None):
        return permissions.can_edit_claimants(request.user)

    def save_model(self, request, obj, form, change):
        fields = {name: form.cleaned_data[name] for name in CLAIMANT_FIELDS}
        if change:
            changes = {name: fields[name] for name in form.changed_data if name in fields}
            if changes:
                services.claimant_update(claimant=obj, acting_user=request.user, **changes)
            return
        claimant = services.claimant_create(acting_user=request.user, **fields)
        # The admin carries on with ``obj`` (inlines, log entry, redirect).
        obj.pk = claimant.pk
        obj.refresh_from_db()

    def save_formset(self, request, form, formset, change):
        """The other spellings, each added, corrected or removed by its service."""
        claimant = form.instance
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for row in formset.initial_forms:
            if formset.can_delete and formset._should_delete_form(row):
                services.claimant_remove_alias(alias=row.instance, acting_user=request.user)
                formset.deleted_objects.append(row.instance)
            elif row.has_changed():
                services.claimant_update_alias(
                    alias=row.instance, name=row.cleaned_data["name"], acting_user=request.user
                )
                formset.changed_objects.append((row.instance, row.changed_data))
        for row in formset.extra_forms:
            if row.has_changed() and not formset._should_delete_form(row):
                formset.new_objects.append(
                    services.claimant_add_alias(
                        claimant=claimant, name=row.cleaned_data["name"], acting_user=request.user
                    )
                )

    @admin.display(description="other spellings")
    def alias_names(self, claimant):
        return ", ".join(alias.name for alias in claimant.aliases.all()) or "—"

    @admin.display(description="claims", ordering="claim_count")
    def claim_count(self, claimant):
        return claimant.claim_count
