from django.contrib import admin

from .. import services
from ..forms import StoryForm
from ..models import Article, Story
from .base import DeletedThroughServices, HistoryAdmin
from .filters import TagFilter


@admin.register(Story)
class StoryAdmin(DeletedThroughServices, HistoryAdmin):
    list_display = ("title", "event_date", "article_count")
    list_filter = ("event_date", TagFilter)
    search_fields = ("title", "slug", "summary")
    prepopulated_fields = {"slug": ("title",)}
    form = StoryForm
    fields = ("title", "slug", "event_date", "summary", "tag_list")
    # Meta.ordering is ignored once with_article_counts() groups the query, so
    # it is repeated here for the autocomplete and other non-changelist lists.
    ordering = ("-event_date", "title")

    def get_fields(self, request, obj=None):
        if obj is not None and not self.has_change_permission(request, obj):
            # Who may only look sees the tags as text, not an empty picker.
            return tuple("tags" if name == "tag_list" else name for name in self.fields)
        return self.fields

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if obj is not None and not self.has_change_permission(request, obj):
            # Said here too for the history's version pages, which make only these read-only.
            return (*readonly, "tags")
        return readonly

    def get_queryset(self, request):
        return super().get_queryset(request).with_article_counts()

    def save_model(self, request, obj, form, change):
        services.story_save(story=obj, acting_user=request.user)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if "tag_list" in form.changed_data:
            services.story_set_tags(
                story=form.instance, tags=form.cleaned_data["tag_list"], acting_user=request.user
            )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            article_admin = self.admin_site.get_model_admin(Article)
            context["side_by_side"] = Article.objects.in_story(obj).side_by_side()
            context["can_view_articles"] = article_admin.has_view_permission(request)
        return super().render_change_form(request, context, add, change, form_url, obj)

    @admin.display(description="articles", ordering="article_count")
    def article_count(self, story):
        return story.article_count
