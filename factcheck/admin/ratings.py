from django.contrib import admin
from django.utils.html import format_html

from ..models import Rating
from .base import FactcheckHistoryAdmin


@admin.register(Rating)
class RatingAdmin(FactcheckHistoryAdmin):
    """The rating scale, in scale order.

    Only superusers edit it: the roles give fact-checkers and editors
    ``view_rating`` and nothing more, so Django's own permission checks suffice.
    """

    list_display = ("label", "badge", "value", "definition", "is_active")
    list_display_links = ("label",)
    ordering = ("order", "label")
    prepopulated_fields = {"slug": ("label",)}
    fields = ("label", "slug", "definition", "colour", "value", "order", "is_active")

    @admin.display(description="colour", ordering="colour")
    def badge(self, rating):
        return format_html(
            '<span class="rating-badge {}">{}</span>', rating.css_class, rating.get_colour_display()
        )
