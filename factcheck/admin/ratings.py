from django.contrib import admin
from django.db import transaction
from django.utils.html import format_html

from .. import services
from ..models import Rating
from ..services.public_pages import RATING_FIELDS
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

    def save_model(self, request, obj, form, change):
        fields = {name: form.cleaned_data[name] for name in RATING_FIELDS}
        if change:
            changes = {name: fields[name] for name in form.changed_data if name in fields}
            if changes:
                services.rating_update(rating=obj, acting_user=request.user, **changes)
            return
        rating = services.rating_create(acting_user=request.user, **fields)
        obj.pk = rating.pk
        obj.refresh_from_db()

    def delete_model(self, request, obj):
        services.rating_delete(rating=obj, acting_user=request.user)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for rating in queryset:
                services.rating_delete(rating=rating, acting_user=request.user)

    @admin.display(description="colour", ordering="colour")
    def badge(self, rating):
        return format_html(
            '<span class="rating-badge {}">{}</span>', rating.css_class, rating.get_colour_display()
        )
