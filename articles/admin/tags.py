from django.contrib import admin
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce

from .. import services
from ..forms import TagForm
from ..models import StoryTag, Tag
from .base import DeletedThroughServices, HistoryAdmin


def _tag_delete(*, instance, acting_user):
    services.tag_delete(tag=instance, acting_user=acting_user)


@admin.register(Tag)
class TagAdmin(DeletedThroughServices, HistoryAdmin):
    """The newsroom's topics. Claims and stories are filed under them on their own pages."""

    form = TagForm
    list_display = ("name", "slug", "claim_count", "story_count")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    fields = ("name", "slug")
    delete_service = staticmethod(_tag_delete)

    def get_queryset(self, request):
        # The stories counted in a subquery: a second join would multiply
        # each tag's claims by its stories.
        stories = (
            StoryTag.objects.filter(tag=OuterRef("pk"))
            .order_by()
            .values("tag")
            .annotate(n=Count("*"))
            .values("n")
        )
        return (
            super()
            .get_queryset(request)
            .annotate(
                claim_count=Count("claim_tags"),
                story_count=Coalesce(Subquery(stories, output_field=IntegerField()), 0),
            )
        )

    def save_model(self, request, obj, form, change):
        if change:
            services.tag_update(tag=obj, name=obj.name, slug=obj.slug, acting_user=request.user)
        else:
            created = services.tag_create(name=obj.name, slug=obj.slug, acting_user=request.user)
            # The admin carries on with ``obj`` (log entry, redirect).
            obj.pk = created.pk
            obj.slug = created.slug

    @admin.display(description="claims", ordering="claim_count")
    def claim_count(self, tag):
        return tag.claim_count

    @admin.display(description="stories", ordering="story_count")
    def story_count(self, tag):
        return tag.story_count
