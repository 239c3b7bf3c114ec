from django.contrib import admin
from django.db.models import Count

from ..forms import ClaimantAliasForm, ClaimantAliasFormSet, ClaimantForm
from ..models import Claimant, ClaimantAlias
from .base import FactcheckHistoryAdmin


class ClaimantAliasInline(admin.TabularInline):
    model = ClaimantAlias
    form = ClaimantAliasForm
    formset = ClaimantAliasFormSet
    extra = 1
    verbose_name = "other spelling"
    verbose_name_plural = "other spellings of the name"


@admin.register(Claimant)
class ClaimantAdmin(FactcheckHistoryAdmin):
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

    @admin.display(description="other spellings")
    def alias_names(self, claimant):
        return ", ".join(alias.name for alias in claimant.aliases.all()) or "—"

    @admin.display(description="claims", ordering="claim_count")
    def claim_count(self, claimant):
        return claimant.claim_count
