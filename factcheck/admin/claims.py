"""Claims in the admin: the list, the add and change forms, their inlines.

Every write goes through :mod:`factcheck.services`; the workflow buttons and
bulk actions come from the table :data:`factcheck.workflows.CLAIM` (:mod:`.workflow`).
"""

from django.contrib import admin, messages
from django.contrib.admin.views.main import ORDER_VAR, PAGE_VAR, SEARCH_VAR, ChangeList
from django.db.models import F
from django.utils.html import format_html

from articles.admin.filters import TagFilter
from articles.analysis.text import first_sentence, truncate_chars

from .. import permissions, services
from ..exports import Column
from ..forms import (
    AppearanceAddForm,
    CitationAddForm,
    ClaimAddForm,
    ClaimChangeForm,
    staff_label,
)
from ..models import Citation, Claim
from ..search import staff_search_claims, staff_search_walk
from ..services.claims import CORRECTION_FIELDS, EDITABLE_FIELDS
from ..workflows import CLAIM
from .base import FactcheckHistoryAdmin, SavedThroughServices
from .deadlines import deadline_cell
from .exports import CSVExportMixin
from .filters import (
    AssignedToMeFilter,
    ClaimantNameFilter,
    DeadlineFilter,
    PassageFilter,
    StoryNameFilter,
)
from .inlines import AppearanceInline, CitationInline, NewAppearanceInline, NewCitationInline
from .paginators import CappedCountPaginator, EstimatedCountPaginator
from .passages import passage_in_context
from .similar import CheckedBeforeClaimAdmin
from .widgets import AssigneeAutocomplete
from .workflow import WorkflowAdminMixin


def rating_badge(rating):
    if rating is None:
        return format_html('<span class="rating-badge rating--none">{}</span>', "No verdict")
    return format_html('<span class="rating-badge {}">{}</span>', rating.css_class, rating.label)


STATUS_LABELS = dict(Claim.Status.choices)


def _name(user):
    return staff_label(user) if user else None


# The changelist's CSV export: the desk's view of each claim, internal fields too.
EXPORT_COLUMNS = (
    Column("id", lambda claim: claim.pk),
    Column("status", lambda claim: claim.get_status_display()),
    Column("statement", lambda claim: claim.statement),
    Column("quote", lambda claim: claim.quote),
    Column("claimant", lambda claim: claim.claimant.name if claim.claimant_id else None),
    Column("kind", lambda claim: claim.get_kind_display()),
    Column("claimed_on", lambda claim: claim.claimed_on),
    Column("verdict", lambda claim: claim.rating.label if claim.rating_id else None),
    Column("ruling", lambda claim: claim.ruling),
    Column("outlet", lambda claim: claim.article.outlet.name if claim.article.outlet_id else None),
    Column("headline", lambda claim: claim.article.headline),
    Column("article_url", lambda claim: claim.article.url),
    Column("story", lambda claim: claim.article.story.title if claim.article.story_id else None),
    Column("assignee", lambda claim: _name(claim.assignee)),
    Column("priority", lambda claim: claim.get_priority_display()),
    Column("due_at", lambda claim: claim.due_at),
    Column("reviewer", lambda claim: _name(claim.reviewer)),
    Column("passage", lambda claim: claim.get_anchor_status_display()),
    Column("notes", lambda claim: claim.notes),
    Column("created_at", lambda claim: claim.created_at),
    Column("updated_at", lambda claim: claim.updated_at),
    Column("first_published_at", lambda claim: claim.first_published_at),
    Column("published_at", lambda claim: claim.published_at),
)


class ClaimChangeList(ChangeList):
    """The claims changelist, its page of rows read with what its columns show
    and no more (``for_admin_changelist``, issue #18)."""

    def get_results(self, request):
        super().get_results(request)
        # A list of one page is the filtered queryset itself; a longer one, the
        # page's rows read by key (KeysFirstPaginator). Either is narrowed here,
        # before the page reads it, so the export and the actions, which read
        # this ChangeList's queryset, still get whole claims.
        self.result_list = self.result_list.for_admin_changelist()


@admin.register(Claim)
class ClaimAdmin(
    CheckedBeforeClaimAdmin,
    CSVExportMixin,
    AssigneeAutocomplete,
    SavedThroughServices,
    WorkflowAdminMixin,
    FactcheckHistoryAdmin,
):
    workflow = CLAIM
    action_form_template = "admin/factcheck/claim/assign.html"
    # The rows written by factcheck.admin.rows; named here, not found by the
    # model's template path, so another admin of claims keeps Django's rows.
    change_list_template = "admin/factcheck/claim/change_list_rows.html"
    list_display = (
        "statement_text",
        "status_badge",
        "verdict",
        "article_and_outlet",
        "story",
        "claimant",
        "assignee_name",
        "priority",
        "deadline",
        "passage_status",
    )
    list_filter = (
        AssignedToMeFilter,
        DeadlineFilter,
        "status",
        "rating",
        "article__outlet",
        StoryNameFilter,
        ClaimantNameFilter,
        ("assignee", admin.RelatedOnlyFieldListFilter),
        PassageFilter,
        TagFilter,
    )
    # What get_search_results looks in (factcheck.search.staff_search_claims).
    search_fields = (
        "statement",
        "quote",
        "claimant__name",
        "claimant__aliases__name",
        "article__headline",
    )
    search_help_text = (
        "Words or “quoted phrases” in the statement, the quoted passage, the claimant’s "
        "names or the headline; every word must match. Newest first, the matches are "
        "counted up to 1,000; sorted by a column, every match is counted."
    )
    autocomplete_fields = ("article", "claimant")
    list_per_page = 50
    # One count per page, from the planner's estimate on a large PostgreSQL
    # table; no second count of the whole table beside a filtered one.
    paginator = EstimatedCountPaginator
    show_full_result_count = False
    # Claim.get_absolute_url is this admin page; a link to it from itself helps no one.
    view_on_site = False
    form = ClaimChangeForm
    add_form = ClaimAddForm
    # What the claim says, on the add and the change page alike.
    CLAIM_FIELDS = (
        "statement",
        "claim_reviewed",
        ("claimant", "new_claimant_name"),
        "kind",
        "claimed_on",
        "tag_list",
    )
    add_fieldsets = (
        (
            "Passage",
            {
                "fields": ("article", "passage", ("context_before", "context_after")),
                "description": "The exact words of the article the claim is about.",
            },
        ),
        ("Claim", {"fields": CLAIM_FIELDS}),
        ("Desk", {"fields": ("priority", "assignee", "notes")}),
    )
    fieldsets = (
        ("Claim", {"fields": CLAIM_FIELDS}),
        ("Verdict", {"fields": ("rating", "ruling")}),
        (
            "Passage",
            {
                "fields": ("article", "passage", ("context_before", "context_after")),
                "classes": ("collapse",),
                "description": "Change the passage only to quote other words of the article.",
            },
        ),
        (
            "Desk",
            {
                "fields": (
                    ("priority", "due_at"),
                    "assignee",
                    "notes",
                    "created_by",
                    "reviewer",
                    "version",
                )
            },
        ),
    )
    # For those who may only look: model fields, no form-only ones.
    view_fieldsets = (
        (
            "Claim",
            {"fields": ("statement", "claim_reviewed", "claimant", "kind", "claimed_on", "tags")},
        ),
        ("Verdict", {"fields": ("rating", "ruling")}),
        ("Passage", {"fields": ("article", "quote")}),
        ("Desk", {"fields": ("priority", "due_at", "assignee", "notes", "created_by", "reviewer")}),
    )
    readonly_fields = ("article", "created_by", "reviewer")
    # The form's hidden ``version`` is the one it was built from; the claim's
    # own is moved on by the services only, so the model field stays off the form.
    exclude = ("version",)
    inlines = [CitationInline, NewCitationInline, AppearanceInline, NewAppearanceInline]
    own_actions = ("export_selected",)
    export_columns = EXPORT_COLUMNS

    def get_queryset(self, request):
        # Whole claims: the change form, the actions and the CSV export start
        # here. The page of the changelist narrows its rows (ClaimChangeList).
        return Claim.objects.for_admin_list()

    def get_changelist(self, request, **kwargs):
        return ClaimChangeList

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = self.add_form
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return self.add_fieldsets
        if not self.has_change_permission(request, obj):
            return self.view_fieldsets
        return self.fieldsets

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        if obj.is_published:
            # Published verdicts change only through a correction, with a public note.
            return (*self.readonly_fields, *CORRECTION_FIELDS)
        return self.readonly_fields

    def get_inlines(self, request, obj):
        # Citations and appearances hang off a saved claim.
        return self.inlines if obj is not None else []

    def get_changeform_initial_data(self, request):
        """``?article=<id>&quote=…`` prefills the add form (links from an article's text)."""
        initial = super().get_changeform_initial_data(request)
        if "quote" in initial:
            initial["passage"] = initial.pop("quote")
        return initial

    # Permissions: asked of factcheck.permissions ---------------------------------

    def has_view_permission(self, request, obj=None):
        return permissions.can_view_claims(request.user)

    def has_add_permission(self, request):
        return permissions.can_draft_claims(request.user)

    def has_change_permission(self, request, obj=None):
        return permissions.can_edit_claim(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        # A claim ever published is unpublished (with a public note), never deleted.
        return permissions.can_delete_claim(request.user, obj)

    def has_export_permission(self, request):
        return permissions.can_export_claims(request.user)

    # Saving: through the services --------------------------------------------------

    def save_model(self, request, obj, form, change):
        claimant = form.cleaned_data.get("claimant")
        if form.cleaned_data.get("new_claimant_name"):
            claimant = services.claimant_find_or_create(
                name=form.cleaned_data["new_claimant_name"], acting_user=request.user
            )
        if not change:
            claim = services.claim_create(
                article=form.cleaned_data["article"],
                statement=form.cleaned_data["statement"],
                claim_reviewed=form.cleaned_data["claim_reviewed"],
                claimant=claimant,
                kind=form.cleaned_data["kind"],
                claimed_on=form.cleaned_data["claimed_on"],
                priority=form.cleaned_data["priority"],
                assignee=form.cleaned_data["assignee"],
                notes=form.cleaned_data["notes"],
                acting_user=request.user,
                **form.passage_kwargs(),
            )
            if form.cleaned_data["tag_list"]:
                services.claim_set_tags(
                    claim=claim, tags=form.cleaned_data["tag_list"], acting_user=request.user
                )
            # The admin carries on with ``obj`` (log entry, redirect): make it the stored claim.
            obj.pk = claim.pk
            obj.refresh_from_db()
            self.warn(request, form)
            return
        changes = {
            name: form.cleaned_data[name] for name in form.changed_data if name in EDITABLE_FIELDS
        }
        if form.cleaned_data.get("new_claimant_name"):
            changes["claimant"] = claimant
        requote = form.passage_kwargs() if form.requotes() else {}
        expected_version = form.cleaned_data["version"]
        if changes or requote:
            services.claim_update(
                claim=obj,
                expected_version=expected_version,
                acting_user=request.user,
                **requote,
                **changes,
            )
            expected_version = obj.version
        if "tag_list" in form.changed_data:
            services.claim_set_tags(
                claim=obj,
                tags=form.cleaned_data["tag_list"],
                expected_version=expected_version,
                acting_user=request.user,
            )
        self.warn(request, form)

    def warn(self, request, form):
        """Saved, but worth a second look: said beside the admin's "saved" message."""
        for warning in form.warnings:
            self.message_user(request, warning, messages.WARNING)

    def save_formset(self, request, form, formset, change):
        claim = form.instance
        if issubclass(formset.form, (CitationAddForm, AppearanceAddForm)):
            add = self._cite if issubclass(formset.form, CitationAddForm) else self._appear
            # The admin's change message reads what a formset's save() would have set.
            formset.new_objects = [
                add(request, claim, row.cleaned_data)
                for row in formset.extra_forms
                if row.has_changed()
            ]
            formset.changed_objects, formset.deleted_objects = [], []
            return
        # Rows already made: citations are edited or removed, appearances removed.
        cited = issubclass(formset.model, Citation)
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for row in formset.initial_forms:
            if formset.can_delete and formset._should_delete_form(row):
                if cited:
                    services.citation_remove(citation=row.instance, acting_user=request.user)
                else:
                    services.appearance_remove(appearance=row.instance, acting_user=request.user)
                formset.deleted_objects.append(row.instance)
            elif cited and row.has_changed():
                services.citation_update(
                    citation=row.instance,
                    acting_user=request.user,
                    **{name: row.cleaned_data[name] for name in row.changed_data},
                )
                formset.changed_objects.append((row.instance, row.changed_data))

    def save_related(self, request, form, formsets, change):
        # New rows first, so that one save may cite a new source for a published
        # claim and remove its last old one.
        form.save_m2m()
        for formset in sorted(
            formsets, key=lambda f: not issubclass(f.form, (CitationAddForm, AppearanceAddForm))
        ):
            self.save_formset(request, form, formset, change=change)

    def delete_model(self, request, obj):
        services.claim_delete(claim=obj, acting_user=request.user)

    def _cite(self, request, claim, data):
        return services.citation_add(
            claim=claim,
            source=data["source"],
            stance=data["stance"],
            excerpt=data["excerpt"],
            note=data["note"],
            acting_user=request.user,
        )

    def _appear(self, request, claim, data):
        return services.appearance_add(
            claim=claim,
            article=data["article"],
            quote=data["quote"],
            prefix=data["prefix"],
            suffix=data["suffix"],
            acting_user=request.user,
        )

    # Pages -----------------------------------------------------------------------------

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context.update(self.workflow_context(request, obj))
            context["passage"] = passage_in_context(obj)
            context["updates"] = obj.updates.select_related(
                "old_rating", "new_rating", "created_by"
            )
            context["review_comments"] = obj.review_comments.select_related("author")
            context["verdict"] = rating_badge(obj.rating)
            context.update(self.checked_before_context(request, obj))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        # The page's rows by key from the plain list queryset, so the filters
        # and the search run once, for the keys.
        if self._walks_search(request):
            # Newest first: the newest matches are walked up to the cap, and
            # the page and the (capped) count read from that one walk.
            return CappedCountPaginator(
                queryset, per_page, orphans, allow_empty_first_page, rows=self.get_queryset(request)
            )
        # Sorted by a column, a search reads the count with the page's keys
        # (measured: 0.08 s at 100,000 claims, where the covering indexes
        # count the other filters in a few milliseconds).
        page = None
        if request.GET.get(SEARCH_VAR, "").strip():
            try:
                page = int(request.GET.get(PAGE_VAR, 1))
            except ValueError:
                page = None
        return self.paginator(
            queryset,
            per_page,
            orphans,
            allow_empty_first_page,
            rows=self.get_queryset(request),
            page_hint=page,
        )

    def get_search_results(self, request, queryset, search_term):
        # Without joins that repeat a claim (so without the DISTINCT the admin
        # would add over whole rows). In the default order, newest first, the
        # matches are tested row by row along the order's index and the walk
        # stops at the page; sorted by a column no index walks, every match is
        # found through the trigram indexes and sorted.
        if self._walks_search(request):
            return staff_search_walk(queryset, search_term), False
        return staff_search_claims(queryset, search_term), False

    def _walks_search(self, request) -> bool:
        """A search in the default order (most recently updated first)."""
        return bool(request.GET.get(SEARCH_VAR, "").strip()) and not request.GET.get(ORDER_VAR)

    # Columns -------------------------------------------------------------------------

    @admin.display(description="statement", ordering="statement")
    def statement_text(self, claim):
        return str(claim)

    @admin.display(description="status", ordering="status")
    def status_badge(self, claim):
        # From a dict made once: get_status_display() builds one on every call.
        return format_html(
            '<span class="status-badge status--{}">{}</span>',
            claim.status,
            STATUS_LABELS.get(claim.status, claim.status),
        )

    @admin.display(description="verdict", ordering="rating__order")
    def verdict(self, claim):
        return rating_badge(claim.rating)

    @admin.display(description="article", ordering="article__headline")
    def article_and_outlet(self, claim):
        article = claim.article
        # The body is deferred on this list: an untitled report is named by its opening.
        title = truncate_chars(article.headline, 60) or first_sentence(
            claim.article_opening, limit=60
        )
        return format_html(
            '{}<span class="list-meta">{}</span>', title, article.outlet or "Unknown outlet"
        )

    @admin.display(description="story", ordering="article__story__title")
    def story(self, claim):
        story = claim.article.story
        return truncate_chars(story.title, 30) if story else "—"

    @admin.display(description="assignee", ordering="assignee__username")
    def assignee_name(self, claim):
        return staff_label(claim.assignee) if claim.assignee else "—"

    @admin.display(description="due", ordering=F("due_at").asc(nulls_last=True))
    def deadline(self, claim):
        return deadline_cell(claim)

    @admin.display(description="passage", ordering="anchor_status")
    def passage_status(self, claim):
        return format_html(
            '<span class="anchor-badge anchor--{}">{}</span>',
            claim.anchor_status,
            "Needs review" if claim.is_orphaned else "Anchored",
        )
