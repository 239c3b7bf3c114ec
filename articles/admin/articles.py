from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import formats, timezone
from django.utils.html import format_html

from .. import permissions, services, text
from ..diff import word_diff
from ..forms import ArticleImportForm
from ..importers import ImportRefused
from ..models import Article, ArticleRevision
from .base import HistoryAdmin
from .filters import StoryTitleFilter

OUTCOME_LABELS = {
    services.Status.CREATED: "Created",
    services.Status.REVISED: "New revision",
    services.Status.UPDATED: "Metadata updated",
    services.Status.UNCHANGED: "Unchanged",
    services.Status.FAILED: "Failed",
}


@admin.register(Article)
class ArticleAdmin(HistoryAdmin):
    list_display = (
        "title",
        "outlet",
        "story",
        "published",
        "format",
        "revision_count",
        "imported",
    )
    list_filter = ("outlet", StoryTitleFilter, "published_on", "format")
    # Named explicitly: the changelist's bare select_related() would skip the
    # nullable outlet and story keys and fetch them once per row.
    list_select_related = ("outlet", "story")
    date_hierarchy = "published_on"
    ordering = ("-published_on", "-imported_at")
    search_fields = ("headline", "byline", "body", "source")
    autocomplete_fields = ("outlet", "story")
    change_list_template = "admin/articles/article/change_list.html"
    # get_absolute_url is this admin page; a "View on site" link would loop back.
    view_on_site = False
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "headline",
                    "byline",
                    "dateline",
                    ("published_on", "published_at"),
                    ("outlet", "story"),
                    "language",
                    "url",
                )
            },
        ),
        ("Import", {"fields": ("source", "format", "imported_at", "imported_by", "updated_at")}),
    )
    # Imports own the text; the admin edits metadata only.
    readonly_fields = ("source", "format", "imported_at", "imported_by", "updated_at")

    def get_queryset(self, request):
        # The explicit ordering survives the GROUP BY of with_revision_counts().
        return (
            Article.objects.for_listing()
            .with_revision_counts()
            .order_by(*self.get_ordering(request))
        )

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name=f"{prefix}_import",
            ),
            path(
                "<path:object_id>/raw/",
                self.admin_site.admin_view(self.raw_input_view),
                name=f"{prefix}_raw_input",
            ),
            path(
                "<path:object_id>/revisions/<int:number>/diff/",
                self.admin_site.admin_view(self.revision_diff_view),
                name=f"{prefix}_revision_diff",
            ),
            *super().get_urls(),
        ]

    def has_add_permission(self, request):
        # Articles only come in through imports: see import_view.
        return False

    def has_view_permission(self, request, obj=None):
        return permissions.can_view_articles(request.user) or self.has_change_permission(
            request, obj
        )

    def has_change_permission(self, request, obj=None):
        return permissions.can_edit_article_metadata(request.user)

    def revert_disabled(self, request, obj=None):
        # History leaves out the body, so a reverted row would pair an old
        # content hash and format with the current text.
        return True

    def save_model(self, request, obj, form, change):
        obj.updated_at = timezone.now()
        obj._change_reason = "metadata edited in the admin"
        super().save_model(request, obj, form, change)

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            "can_import": permissions.can_import_articles(request.user),
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["body_paragraphs"] = text.paragraphs(obj.body)
            context["revisions"] = (
                ArticleRevision.objects.for_article(obj)
                .select_related("created_by")
                .defer("body", "raw_input")
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    @admin.display(description="title", ordering="headline")
    def title(self, article):
        return article.display_title

    @admin.display(description="published", ordering="published_on")
    def published(self, article):
        return article.published_on

    @admin.display(description="revisions", ordering="revision_count")
    def revision_count(self, article):
        return article.revision_count

    @admin.display(description="imported", ordering="imported_at")
    def imported(self, article):
        # The date alone keeps the column narrow next to long titles; the time
        # is in the tooltip.
        moment = timezone.localtime(article.imported_at)
        return format_html(
            '<time datetime="{}" title="{}">{}</time>',
            moment.isoformat(),
            formats.date_format(moment, "DATETIME_FORMAT"),
            formats.date_format(moment, "SHORT_DATE_FORMAT"),
        )

    # Views -----------------------------------------------------------------

    def raw_input_view(self, request, object_id):
        article = self._get_article_or_404(request, object_id)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Raw input: {article.display_title}",
            "article": article,
        }
        return TemplateResponse(request, "admin/articles/article/raw_input.html", context)

    def revision_diff_view(self, request, object_id, number):
        article = self._get_article_or_404(request, object_id)
        revisions = {
            revision.number: revision
            for revision in ArticleRevision.objects.for_article(article)
            .filter(number__in=(number - 1, number))
            .select_related("created_by")
        }
        if number not in revisions or number - 1 not in revisions:
            raise Http404(f"Article {article.pk} has no revision {number} to compare.")
        previous, revision = revisions[number - 1], revisions[number]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Revision {number} compared with revision {number - 1}",
            "subtitle": article.display_title,
            "article": article,
            "revision": revision,
            "previous": previous,
            "pieces": word_diff(previous.body, revision.body),
        }
        return TemplateResponse(request, "admin/articles/article/revision_diff.html", context)

    def import_view(self, request):
        if not permissions.can_import_articles(request.user):
            raise PermissionDenied
        outcomes = None
        if request.method == "POST":
            form = ArticleImportForm(request.POST, request.FILES, admin_site=self.admin_site)
            if form.is_valid():
                outcomes = self._import(request, form)
        else:
            form = ArticleImportForm(admin_site=self.admin_site)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Import articles",
            "adminform": helpers.AdminForm(form, [(None, {"fields": list(form.fields)})], {}),
            "errors": helpers.AdminErrorList(form, []),
            "media": self.media + form.media,
            "outcomes": outcomes,
        }
        return TemplateResponse(request, "admin/articles/article/import.html", context)

    def _import(self, request, form):
        """Run the import service on a valid form; None when the story is refused."""
        story = form.cleaned_data["story"]
        slug = form.cleaned_data["new_story_slug"]
        if slug:
            try:
                story = services.story_get_or_create(
                    spec=services.StorySpec(slug=slug), acting_user=request.user
                )
            except ImportRefused as exc:
                form.add_error("new_story_slug", str(exc))
                return None
        report = services.articles_import(
            inputs=form.import_inputs(),
            acting_user=request.user,
            story=story,
            outlet_name=form.cleaned_data["outlet_name"],
            format=form.cleaned_data["format"],
        )
        level = messages.WARNING if report.failed else messages.SUCCESS
        self.message_user(request, f"Import finished: {report.summary()}.", level)
        for outcome in report.failed:
            self.message_user(
                request,
                f"Could not import {outcome.display_name}: {outcome.reason}",
                messages.ERROR,
            )
        return [(OUTCOME_LABELS[outcome.status], outcome) for outcome in report.outcomes]

    def _get_article_or_404(self, request, object_id):
        if not self.has_view_permission(request):
            raise PermissionDenied
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404(f"No article with id {object_id!r}.")
        return article
