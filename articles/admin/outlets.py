from django.contrib import admin

from ..models import Outlet
from .base import HistoryAdmin


@admin.register(Outlet)
class OutletAdmin(HistoryAdmin):
    list_display = ("name", "domain", "language", "article_count")
    search_fields = ("name", "domain")
    prepopulated_fields = {"slug": ("name",)}
    fields = ("name", "slug", "homepage", "domain", "language", "notes")
    # Meta.ordering is ignored once with_article_counts() groups the query.
    ordering = ("name",)

    def get_queryset(self, request):
        return super().get_queryset(request).with_article_counts()

    @admin.display(description="articles", ordering="article_count")
    def article_count(self, outlet):
        return outlet.article_count
