"""The story page, with its discrepancies: who said what, recording a new one, detection.

The articles app knows nothing of discrepancies, so its Story admin is swapped
here for a subclass; the reports side by side stay the articles app's.
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from articles.admin import StoryAdmin
from articles.analysis.anchoring import AnchorError
from articles.models import Article, Story

from .. import permissions, services
from ..forms import DiscrepancyRecordForm
from ..models import Discrepancy


def matrix(discrepancies, articles):
    """``(discrepancy, [its passage in each article, or None])`` rows, articles in order."""
    rows = []
    for discrepancy in discrepancies:
        by_article = {passage.article_id: passage for passage in discrepancy.passages.all()}
        rows.append((discrepancy, [by_article.get(article.pk) for article in articles]))
    return rows


class DiscrepanciesStoryAdmin(StoryAdmin):
    change_form_template = "admin/factcheck/story/change_form.html"

    def get_urls(self):
        # Detection's views (another module) hang off the story page too.
        from .detection import story_detection_urls

        return [
            path(
                "<path:object_id>/record-discrepancy/",
                self.admin_site.admin_view(self.record_discrepancy_view),
                name="factcheck_story_record_discrepancy",
            ),
            *story_detection_urls(self),
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        response = super().render_change_form(request, context, add, change, form_url, obj)
        if obj is not None and permissions.can_view_discrepancies(request.user):
            # Evaluated once here: the template lists the reports and the matrix's columns.
            articles = list(response.context_data["side_by_side"])
            response.context_data["side_by_side"] = articles
            response.context_data.update(self.discrepancy_context(request, obj, articles))
        return response

    def discrepancy_context(self, request, story, articles):
        may_propose = permissions.can_propose_discrepancies(request.user)
        return {
            "discrepancy_matrix": matrix(Discrepancy.objects.for_story_matrix(story), articles),
            "record_discrepancy_url": (
                reverse("admin:factcheck_story_record_discrepancy", args=[story.pk])
                if may_propose
                else None
            ),
            "detect_url": (
                reverse("admin:factcheck_story_detect", args=[story.pk]) if may_propose else None
            ),
            "quotes_url": reverse("admin:factcheck_story_quotes", args=[story.pk]),
            "discrepancies_url": (
                reverse("admin:factcheck_discrepancy_changelist")
                + f"?story__id__exact={story.pk}&status__exact=all"
            ),
        }

    def record_discrepancy_view(self, request, object_id):
        """Record a discrepancy: the question, and what each report says."""
        if not permissions.can_propose_discrepancies(request.user):
            raise PermissionDenied
        story = self.get_object(request, unquote(object_id))
        if story is None:
            raise Http404(f"No story with id {object_id!r}.")
        articles = list(Article.objects.in_story(story).side_by_side())
        if request.method == "POST":
            form = DiscrepancyRecordForm(request.POST, articles=articles)
            if form.is_valid():
                discrepancy = self._record(request, story, form)
                if discrepancy is not None:
                    self.message_user(
                        request,
                        f"“{discrepancy}” was recorded between "
                        f"{len(form.cleaned_data['passages'])} reports.",
                        messages.SUCCESS,
                    )
                    return HttpResponseRedirect(discrepancy.get_absolute_url())
        else:
            form = DiscrepancyRecordForm(articles=articles, initial=request.GET.dict())
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Record a discrepancy",
            "subtitle": story.title,
            "original": story,
            "form": form,
            "errors": form.errors,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/factcheck/story/record_discrepancy.html", context)

    def _record(self, request, story, form):
        data = form.cleaned_data
        try:
            return services.discrepancy_create(
                story=story,
                title=data["title"],
                kind=data["kind"],
                severity=data["severity"],
                notes=data["notes"],
                passages=data["passages"],
                acting_user=request.user,
            )
        except AnchorError as exc:
            # The report changed since the form checked it: say which one.
            form.add_error(None, f"A report changed while you were quoting it: {exc}")
        except services.WorkflowError as exc:
            form.add_error(None, str(exc))
        return None


admin.site.unregister(Story)
admin.site.register(Story, DiscrepanciesStoryAdmin)
