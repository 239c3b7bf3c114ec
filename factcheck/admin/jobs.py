"""Background jobs in the admin: the list, a job's page, retrying, and the
forms that start an import or a detection run in the background.

Every write goes through :mod:`factcheck.services.jobs`.
"""

from urllib.parse import urlencode

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from articles.admin.base import DeletedThroughServices
from articles.forms import ArticleImportForm
from articles.models import Article, Story

from ..models import Job
from ..services import jobs
from .base import FactcheckHistoryAdmin, refusal, skipped_message

# The badge styles of factcheck/admin.css, by job state.
STATE_BADGES = {
    Job.Status.QUEUED: "status--draft",
    Job.Status.RUNNING: "status--in_review",
    Job.Status.SUCCEEDED: "status--published",
    Job.Status.FINISHED_WITH_FAILURES: "rating--orange",
    Job.Status.FAILED: "rating--red",
    Job.STALLED: "anchor--orphaned",
}


def state_badge(job):
    return format_html(
        '<span class="status-badge {}">{}</span>', STATE_BADGES[job.state], job.get_state_display()
    )


def progress_bar(job):
    """A <progress> element with the count beside it; without a total (not
    counted yet, or detection, which cannot count) it is indeterminate."""
    if job.progress_total is None:
        if job.state == Job.Status.RUNNING:
            return mark_safe('<progress aria-label="In progress">In progress</progress>')  # noqa: S308
        return "—"
    return format_html(
        '<progress max="{}" value="{}">{} of {}</progress> {} / {}',
        job.progress_total,
        job.progress_done,
        job.progress_done,
        job.progress_total,
        job.progress_done,
        job.progress_total,
    )


class JobStateFilter(admin.SimpleListFilter):
    """The stored statuses, and "stalled", which is worked out from the heartbeat."""

    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [*Job.Status.choices, (Job.STALLED, "Stalled")]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.in_state(self.value())
        return queryset


class BackgroundImportForm(ArticleImportForm):
    """The import page's form, for many files, zip archives and URLs."""

    urls = forms.CharField(
        required=False,
        label="URLs",
        widget=forms.Textarea(attrs={"rows": 6, "cols": 80}),
        help_text="One http or https address per line; each page is fetched and imported.",
    )

    field_order = ["files", "urls", "story", "new_story_slug", "outlet_name", "format"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        files = self.fields["files"]
        files.required = False
        files.help_text = (
            "Plain text, HTML or JSON files, or .zip archives of them (a zipped folder)."
        )

    def clean_urls(self):
        urls = [line.strip() for line in self.cleaned_data["urls"].splitlines() if line.strip()]
        validate = URLValidator(schemes=["http", "https"])
        for url in urls:
            try:
                validate(url)
            except ValidationError as exc:
                raise ValidationError(f"Not an http or https address: {url}") from exc
        return urls

    def clean(self):
        cleaned_data = super().clean()
        if not self.uploads() and not cleaned_data.get("urls"):
            raise forms.ValidationError("Give at least one file or URL to import.")
        return cleaned_data

    def uploads(self):
        return [upload for upload in self.cleaned_data.get("files") or [] if upload]


class DetectionJobForm(forms.Form):
    story = forms.ModelChoiceField(queryset=Story.objects.all())

    def __init__(self, *args, admin_site, **kwargs):
        super().__init__(*args, **kwargs)
        story = self.fields["story"]
        story.widget = AutocompleteSelect(
            Article._meta.get_field("story"), admin_site, choices=story.choices
        )


@admin.register(Job)
class JobAdmin(DeletedThroughServices, FactcheckHistoryAdmin):
    delete_service = staticmethod(jobs.job_delete)
    list_display = ("job", "state", "progress", "outcome", "created_by", "created_at")
    list_display_links = ("job",)
    list_filter = (JobStateFilter, "kind")
    date_hierarchy = "created_at"
    actions = ["retry_jobs"]
    change_list_template = "admin/factcheck/job/change_list.html"
    change_form_template = "admin/factcheck/job/change_form.html"
    # Job.get_absolute_url is this page.
    view_on_site = False
    fields = (
        "kind",
        "story",
        "created_by",
        "created_at",
        "queued_at",
        "started_at",
        "heartbeat_at",
        "finished_at",
        "attempts",
        "task_id",
    )
    readonly_fields = fields

    def get_queryset(self, request):
        return Job.objects.for_listing()

    def has_module_permission(self, request):
        return jobs.can_view_jobs(request.user)

    def has_view_permission(self, request, obj=None):
        return jobs.can_view_jobs(request.user)

    def has_add_permission(self, request):
        # Jobs are started from their own forms: see start_import_view.
        return False

    def has_change_permission(self, request, obj=None):
        # A job is a record of work; only the services change it.
        return False

    def has_retry_permission(self, request):
        return jobs.can_start_import(request.user) or jobs.can_start_detection(request.user)

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            "can_start_import": jobs.can_start_import(request.user),
            "can_start_detection": jobs.can_start_detection(request.user),
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context.update(
                {
                    "job": obj,
                    "state_badge": state_badge(obj),
                    "progress_bar": progress_bar(obj),
                    "can_retry": obj.can_be_retried and jobs.can_retry_job(request.user, obj),
                    # Reload the page while a worker may still change it.
                    "refresh_seconds": None if obj.is_finished or obj.is_stalled else 5,
                    "files": obj.files.values_list("name", "size"),
                    "created_articles": Article.objects.filter(
                        pk__in=obj.created_article_ids
                    ).select_related("outlet"),
                    "suggestions_url": self._suggestions_url(obj),
                }
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.start_import_view),
                name=f"{prefix}_start_import",
            ),
            path(
                "detection/",
                self.admin_site.admin_view(self.start_detection_view),
                name=f"{prefix}_start_detection",
            ),
            path(
                "<path:object_id>/retry/",
                self.admin_site.admin_view(self.retry_view),
                name=f"{prefix}_retry",
            ),
            *super().get_urls(),
        ]

    # Columns ---------------------------------------------------------------------

    @admin.display(description="job", ordering="pk")
    def job(self, job):
        return str(job)

    @admin.display(description="state", ordering="status")
    def state(self, job):
        return state_badge(job)

    @admin.display(description="progress")
    def progress(self, job):
        return progress_bar(job)

    @admin.display(description="result")
    def outcome(self, job):
        if job.error:
            return Truncator(job.error).chars(120)
        return job.result.get("summary", "")

    # Actions ---------------------------------------------------------------------

    @admin.action(description="Retry the selected failed or stalled jobs", permissions=["retry"])
    def retry_jobs(self, request, queryset):
        done, skipped = [], []
        for job in queryset:
            try:
                jobs.job_retry(job=job, acting_user=request.user)
            except (jobs.JobRefused, PermissionDenied) as exc:
                skipped.append((job, refusal(exc)))
            else:
                done.append(job)
        if done:
            self.message_user(request, f"Queued {len(done)} job(s) again.", messages.SUCCESS)
        if skipped:
            self.message_user(request, skipped_message(skipped), messages.WARNING)

    # Views -----------------------------------------------------------------------

    def retry_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        job = self.get_object(request, unquote(object_id))
        if job is None or not self.has_view_permission(request, job):
            raise Http404(f"No job with id {object_id!r}.")
        try:
            job = jobs.job_retry(job=job, acting_user=request.user)
        except (jobs.JobRefused, PermissionDenied) as exc:
            self.message_user(request, f"Not retried: {refusal(exc)}.", messages.ERROR)
        else:
            self.message_user(
                request, f"{job} is queued again (attempt {job.attempts}).", messages.SUCCESS
            )
        return HttpResponseRedirect(reverse("admin:factcheck_job_change", args=[job.pk]))

    def start_import_view(self, request):
        if not jobs.can_start_import(request.user):
            raise PermissionDenied
        form = BackgroundImportForm(
            request.POST or None, request.FILES or None, admin_site=self.admin_site
        )
        if request.method == "POST" and form.is_valid():
            try:
                job = jobs.job_start_import(
                    acting_user=request.user,
                    files=form.uploads(),
                    urls=form.cleaned_data["urls"],
                    story=form.cleaned_data["story"],
                    new_story_slug=form.cleaned_data["new_story_slug"],
                    outlet_name=form.cleaned_data["outlet_name"],
                    format=form.cleaned_data["format"],
                )
            except jobs.JobRefused as exc:
                form.add_error(None, str(exc))
            else:
                return self._started(request, job)
        return self._start_page(request, form, "Import in the background", "Start import")

    def start_detection_view(self, request):
        if not jobs.can_start_detection(request.user):
            raise PermissionDenied
        form = DetectionJobForm(request.POST or None, admin_site=self.admin_site)
        if request.method == "POST" and form.is_valid():
            job = jobs.job_start_detection(
                story=form.cleaned_data["story"], acting_user=request.user
            )
            return self._started(request, job)
        return self._start_page(
            request, form, "Find discrepancies in the background", "Start detection"
        )

    @staticmethod
    def _suggestions_url(job):
        """The story's suggestions in the discrepancy list, after a detection job."""
        if job.kind != Job.Kind.DETECTION or job.story_id is None or not job.is_finished:
            return None
        try:
            changelist = reverse("admin:factcheck_discrepancy_changelist")
        except NoReverseMatch:
            return None
        query = urlencode({"story__id__exact": job.story_id, "status__exact": "suggested"})
        return f"{changelist}?{query}"

    def _started(self, request, job):
        self.message_user(
            request,
            f"{job} is {job.get_state_display().lower()}; this page shows its progress.",
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:factcheck_job_change", args=[job.pk]))

    def _start_page(self, request, form, title, submit_label):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": title,
            "submit_label": submit_label,
            "adminform": helpers.AdminForm(form, [(None, {"fields": list(form.fields)})], {}),
            "errors": helpers.AdminErrorList(form, []),
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/factcheck/job/start.html", context)
