from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import formats, timezone
from django.utils.html import format_html

from .. import permissions, services, watch
from ..analysis import text
from ..analysis.diff import word_diff
from ..forms import ArticleImportForm, ArticleMetadataForm
from ..importers import ImportRefused
from ..models import Article, ArticleRevision
from .base import DeletedThroughServices, HistoryAdmin
from .filters import StoryTitleFilter

OUTCOME_LABELS = {
    services.Status.CREATED: "Created",
    services.Status.REVISED: "New revision",
    services.Status.UPDATED: "Metadata updated",
    services.Status.UNCHANGED: "Unchanged",
    services.Status.FAILED: "Failed",
}


@admin.register(Article)
class ArticleAdmin(DeletedThroughServices, HistoryAdmin):
    list_display = (
        "title",
        "outlet",
        "story",
        "published",
        "format",
        "revision_count",
        "imported",
    )
    list_filter = (
        "outlet",
        StoryTitleFilter,
        "published_on",
        "format",
        "watch_paused",
        "watch__result",
    )
    # Named explicitly: the changelist's bare select_related() would skip the
    # nullable outlet and story keys and fetch them once per row.
    list_select_related = ("outlet", "story")
    date_hierarchy = "published_on"
    ordering = ("-published_on", "-imported_at")
    search_fields = ("headline", "byline", "body", "source")
    autocomplete_fields = ("story",)
    form = ArticleMetadataForm
    actions = ("pause_watching", "resume_watching")
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
                    ("outlet_name", "story"),
                    "language",
                    "url",
                    "release",
                    "edit_token",
                )
            },
        ),
        ("Import", {"fields": ("source", "format", "imported_at", "imported_by", "updated_at")}),
        ("Watching for later edits", {"fields": ("watch_paused", "watch_state")}),
    )
    # For those who may only look: model fields, no form-only ones.
    view_fieldsets = (
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
        *fieldsets[1:],
    )
    # Imports own the text; the admin edits metadata only.
    readonly_fields = (
        "source",
        "format",
        "imported_at",
        "imported_by",
        "updated_at",
        "watch_state",
    )

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

    def get_fieldsets(self, request, obj=None):
        if obj is not None and not self.has_change_permission(request, obj):
            # Those who may only look see the stored outlet, not the form's fields.
            return self.view_fieldsets
        if obj is None or not obj.corrected_fields:
            # Nothing corrected by hand: nothing to hand back to imports.
            (name, options), *rest = self.fieldsets
            fields = tuple(field for field in options["fields"] if field != "release")
            return ((name, {**options, "fields": fields}), *rest)
        return self.fieldsets

    def get_form(self, request, obj=None, change=False, **kwargs):
        if not self.has_change_permission(request, obj):
            # The view-only page: the model's own form, so outlet is a plain field.
            kwargs["form"] = forms.ModelForm
        return super().get_form(request, obj, change=change, **kwargs)

    # Saving: through the services --------------------------------------------------

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # The form refuses a stale post; a write landing between that check and
        # the service's makes it raise instead, and the page says why.
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except services.StaleArticleEdit as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return HttpResponseRedirect(request.path)

    def save_model(self, request, obj, form, change):
        corrections = form.corrections()
        if corrections:
            services.article_correct(
                article=obj,
                acting_user=request.user,
                expected_updated_at=form.cleaned_data["edit_token"],
                **corrections,
            )
        if "watch_paused" in form.changed_data:
            watch.article_watch_pause(
                article=obj, paused=form.cleaned_data["watch_paused"], acting_user=request.user
            )
        obj.refresh_from_db()

    # Actions: through the services -----------------------------------------------

    @admin.action(
        permissions=["watch"], description="Pause watching the selected reports for later edits"
    )
    def pause_watching(self, request, queryset):
        self._set_watch_paused(request, queryset, paused=True)

    @admin.action(
        permissions=["watch"], description="Resume watching the selected reports for later edits"
    )
    def resume_watching(self, request, queryset):
        self._set_watch_paused(request, queryset, paused=False)

    def has_watch_permission(self, request):
        # Who may see and run the pause and resume actions.
        return permissions.can_pause_article_watch(request.user)

    def _set_watch_paused(self, request, queryset, *, paused):
        if not permissions.can_pause_article_watch(request.user):
            raise PermissionDenied
        count = 0
        for article in queryset:
            watch.article_watch_pause(article=article, paused=paused, acting_user=request.user)
            count += 1
        verb = "paused" if paused else "resumed"
        self.message_user(request, f"Watching {verb} for {count} report(s).", messages.SUCCESS)

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

    @admin.display(description="watch")
    def watch_state(self, article):
        return watch.watch_description(article)

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
