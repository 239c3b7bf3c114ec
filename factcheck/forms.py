"""Forms staff fill in on the fact-check admin pages.

They validate what a person typed (a passage must be in the article, a form
must not be stale) so the errors show on the form; the writes themselves are
the services' job.
"""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.contrib.auth import get_user_model
from django.core.exceptions import NON_FIELD_ERRORS
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from articles.analysis.anchoring import AnchorError, anchor_quote
from articles.analysis.text import name_key
from articles.analysis.urlnorm import normalise_url
from articles.forms import tag_list_field, tag_list_initial
from articles.models import Article

from . import permissions
from .models import (
    Citation,
    Claim,
    Claimant,
    ClaimantAlias,
    ClaimAppearance,
    Discrepancy,
    DiscrepancyCitation,
    DiscrepancyPassage,
    Rating,
    Source,
)
from .models.claims import CLAIM_REVIEWED_ADVISED, CLAIM_REVIEWED_MAX
from .services.claims import claim_stale_edit, claimant_name_holder, claimant_name_owner
from .services.discrepancies import PassageSpec, StaleDiscrepancy
from .services.sources import source_at_url
from .workflows import DISCREPANCY

PASSAGE_HELP = (
    "Paste or type the words exactly as they appear in the article; curly or straight "
    "quotes, dashes and spacing may differ."
)
CONTEXT_HELP = (
    "Needed only when the passage occurs more than once in the article: a few words of "
    "the text just {side} it."
)
NEW_CLAIMANT_HELP = (
    "When the claimant is not in the list. A known name in another spelling finds it: "
    "“Lee Jae Myung” finds “Lee Jae-myung”."
)


def assignable_staff():
    """Who may be given claims: active staff, as :func:`services.claim_assign` requires."""
    return (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True)
        .order_by("first_name", "last_name", "username")
    )


def staff_label(user):
    name = user.get_full_name()
    return f"{name} ({user.get_username()})" if name else user.get_username()


class StaffChoiceField(forms.ModelChoiceField):
    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", assignable_staff())
        super().__init__(**kwargs)

    def label_from_instance(self, obj):
        return staff_label(obj)


def _normalise_newlines(text):
    # Browsers post textarea line breaks as CRLF; article bodies use LF.
    return text.replace("\r\n", "\n").replace("\r", "\n")


def short_form_warning(statement: str, short_form: str) -> str:
    """What to tell staff when search engines would cut the claim short
    (Google advises a claimReviewed of at most 75 characters); ``""`` when not."""
    used = short_form.strip() or statement.strip()
    if len(used) <= CLAIM_REVIEWED_ADVISED:
        return ""
    if short_form.strip():
        return (
            f"The short form is {len(used)} characters long: search engines show "
            f"{CLAIM_REVIEWED_ADVISED}. Shorten it."
        )
    return (
        f"The statement is {len(used)} characters long, more than the "
        f"{CLAIM_REVIEWED_ADVISED} search engines show: write a short form for them."
    )


class ClaimFormBase(forms.ModelForm):
    """The passage and claimant fields shared by the add and change forms.

    ``warnings`` lists what staff should know without being stopped: a
    statement longer than search engines show, with no short form.
    """

    passage = forms.CharField(
        label="Passage",
        widget=forms.Textarea(attrs={"rows": 3, "class": "vLargeTextField"}),
        help_text=PASSAGE_HELP,
    )
    context_before = forms.CharField(
        label="Text just before it",
        required=False,
        max_length=200,
        help_text=CONTEXT_HELP.format(side="before"),
    )
    context_after = forms.CharField(
        label="Text just after it",
        required=False,
        max_length=200,
        help_text=CONTEXT_HELP.format(side="after"),
    )
    new_claimant_name = forms.CharField(
        label="or a new claimant", required=False, max_length=200, help_text=NEW_CLAIMANT_HELP
    )
    tag_list = tag_list_field(
        "Topics the claim is filed under. Public once it is published: on its page, in "
        "the claims list’s filter, in ClaimReview and the feeds."
    )

    def check_passage(self, article):
        """Anchor the posted passage in ``article``: an error on the field if it cannot be."""
        passage = self.cleaned_data.get("passage")
        if article is None or not passage:
            return
        try:
            anchor_quote(article.body, **self.passage_kwargs())
        except AnchorError as exc:
            self.add_error("passage", str(exc))

    @property
    def warnings(self) -> list[str]:
        data = getattr(self, "cleaned_data", None) or {}
        statement = data.get("statement", self.instance.statement or "")
        warning = short_form_warning(
            statement, data.get("claim_reviewed", self.instance.claim_reviewed or "")
        )
        return [warning] if warning else []

    def warn_on_the_field(self):
        """Put the warning on the short form's field, where it is fixed."""
        if "claim_reviewed" in self.fields and self.warnings:
            field = self.fields["claim_reviewed"]
            field.help_text = f"{self.warnings[0]} {field.help_text}"

    def check_claimant(self):
        if self.cleaned_data.get("claimant") and self.cleaned_data.get("new_claimant_name"):
            self.add_error(
                "new_claimant_name", "Pick a claimant from the list or type a new name, not both."
            )

    def passage_kwargs(self):
        return {
            "quote": _normalise_newlines(self.cleaned_data["passage"]),
            "prefix": self.cleaned_data.get("context_before", ""),
            "suffix": self.cleaned_data.get("context_after", ""),
        }


class ClaimAddForm(ClaimFormBase):
    """A new claim on a passage of an article. Saved by ``services.claim_create``."""

    class Meta:
        model = Claim
        fields = [
            "article",
            "statement",
            "claim_reviewed",
            "claimant",
            "kind",
            "claimed_on",
            "priority",
            "assignee",
            "notes",
        ]

    def clean(self):
        cleaned = super().clean()
        self.check_passage(cleaned.get("article"))
        self.check_claimant()
        return cleaned


class ClaimChangeForm(ClaimFormBase):
    """Edits to a claim, saved by ``services.claim_update``.

    Carries the claim's ``version`` from when the page was opened; a form
    built from an older version is refused with what changed since.
    """

    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Claim
        fields = [
            "statement",
            "claim_reviewed",
            "claimant",
            "kind",
            "claimed_on",
            "priority",
            "rating",
            "ruling",
            "assignee",
            "due_at",
            "notes",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["passage"].help_text = (
            "Change it to quote other words of the article. " + PASSAGE_HELP
        )
        self.initial.setdefault("passage", self.instance.quote)
        self.initial.setdefault("version", self.instance.version)
        tag_list_initial(self)
        self.warn_on_the_field()
        if "rating" in self.fields:
            # Retired ratings stay on the claims that have them, but are not offered.
            self.fields["rating"].queryset = Rating.objects.filter(
                Q(is_active=True) | Q(pk=self.instance.rating_id)
            )

    def clean(self):
        cleaned = super().clean()
        version = cleaned.get("version")
        if version is not None and version != self.instance.version:
            raise forms.ValidationError(
                [
                    forms.ValidationError(line, code="stale")
                    for line in stale_messages(self.instance, version)
                ]
            )
        if self.requotes():
            self.check_passage(self.instance.article)
        self.check_claimant()
        return cleaned

    def _post_clean(self):
        # A stale form's values must not reach the instance: the page shows the
        # claim as it is now beside the refused form.
        if not self.has_error(NON_FIELD_ERRORS, code="stale"):
            super()._post_clean()

    def requotes(self):
        passage = self.cleaned_data.get("passage")
        return bool(passage) and _normalise_newlines(passage) != self.instance.quote


def stale_messages(claim, expected_version):
    """Why a form built from ``expected_version`` is refused: the
    :class:`~factcheck.services.StaleEdit` message, then one line per change."""
    stale = claim_stale_edit(claim, expected_version)
    lines = [str(stale)]
    for change in stale.changes:
        field = Claim._meta.get_field(change.field)
        lines.append(
            f"{str(field.verbose_name).capitalize()}: "
            f"“{_display(field, change.old)}” → “{_display(field, change.new)}”"
        )
    if stale.changed_by is not None and stale.changed_at is not None:
        when = timezone.localtime(stale.changed_at)
        lines.append(f"Last changed by {stale.changed_by} on {when:%Y-%m-%d at %H:%M}.")
    return lines


def _display(field, value):
    if value in (None, ""):
        return "—"
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if field.is_relation:
        related = field.related_model._default_manager.filter(pk=value).first()
        return related if related is not None else f"#{value} (deleted)"
    return value


class CorrectionForm(forms.Form):
    """A correction to a published claim; the note is published with it.

    The form starts from the stored values, so a short form emptied by the
    editor is a correction too (back to the statement itself)."""

    clearable = ("claim_reviewed",)

    rating = forms.ModelChoiceField(
        queryset=Rating.objects.filter(is_active=True), required=False, label="Verdict"
    )
    ruling = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False)
    claim_reviewed = forms.CharField(
        label="Short form",
        required=False,
        max_length=CLAIM_REVIEWED_MAX,
        help_text=Claim._meta.get_field("claim_reviewed").help_text,
    )
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Public correction note",
        help_text="Published, dated, with the claim.",
    )

    def __init__(self, *args, claim, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "rating": claim.rating_id,
                "ruling": claim.ruling,
                "claim_reviewed": claim.claim_reviewed,
            },
        )
        super().__init__(*args, **kwargs)
        warning = short_form_warning(claim.statement, claim.claim_reviewed)
        if warning:
            field = self.fields["claim_reviewed"]
            field.help_text = f"{warning} {field.help_text}"
        self.fields["rating"].queryset = Rating.objects.filter(
            Q(is_active=True) | Q(pk=claim.rating_id)
        )


class AssignForm(forms.Form):
    """The intermediate page of the bulk "assign" action."""

    assignee = StaffChoiceField(required=False, empty_label="Nobody (unassign)")


# Review and scheduling: the forms of workflow steps (factcheck.workflows) ----


_ANY_EDITOR = "Any editor of the desk"


class SubmitForm(forms.Form):
    """Submitting a claim for review, optionally to one editor."""

    reviewer = StaffChoiceField(
        required=False,
        empty_label=_ANY_EDITOR,
        help_text="Optional: the editor who should review it. Left as it is, the editor "
        "chosen before (if any) or any editor reviews it.",
    )

    def __init__(self, *args, claim, **kwargs):
        kwargs.setdefault("initial", {"reviewer": claim.reviewer_id})
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = permissions.claim_review_candidates(claim)


class ClaimReviewerForm(forms.Form):
    """An editor chooses, changes or clears the reviewer of a claim in review."""

    editor = StaffChoiceField(required=False, empty_label=_ANY_EDITOR, label="Reviewer")

    def __init__(self, *args, claim, **kwargs):
        kwargs.setdefault("initial", {"editor": claim.reviewer_id})
        super().__init__(*args, **kwargs)
        self.fields["editor"].queryset = permissions.claim_review_candidates(claim)


class ScheduleForm(forms.Form):
    """When the worker is to publish a claim in review."""

    when = forms.DateTimeField(
        label="Publish at",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text="In the newsroom’s time zone. Every publication check runs again then; "
        "if one fails, it is not published and the claim says why.",
    )

    def __init__(self, *args, claim, **kwargs):
        if claim.publish_at:
            kwargs.setdefault("initial", {"when": timezone.localtime(claim.publish_at)})
        super().__init__(*args, **kwargs)


class DiscrepancyReviewForm(forms.Form):
    """Asking an editor to rule on a discrepancy's finding."""

    reviewer = StaffChoiceField(required=False, empty_label=_ANY_EDITOR)

    def __init__(self, *args, discrepancy, **kwargs):
        kwargs.setdefault("initial", {"reviewer": discrepancy.reviewer_id})
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = permissions.discrepancy_review_candidates()


class DiscrepancyReviewerForm(forms.Form):
    """An editor chooses, changes or clears the reviewer of a discrepancy."""

    editor = StaffChoiceField(required=False, empty_label=_ANY_EDITOR, label="Reviewer")

    def __init__(self, *args, discrepancy, **kwargs):
        kwargs.setdefault("initial", {"editor": discrepancy.reviewer_id})
        super().__init__(*args, **kwargs)
        self.fields["editor"].queryset = permissions.discrepancy_review_candidates()


# Inline rows -----------------------------------------------------------------


class CitationAddForm(forms.ModelForm):
    """A new citation; saved by ``services.citation_add``."""

    class Meta:
        model = Citation
        fields = ["source", "stance", "excerpt", "note"]
        widgets = {
            "excerpt": forms.Textarea(attrs={"rows": 2, "cols": 32}),
            "note": forms.Textarea(attrs={"rows": 2, "cols": 24}),
        }


class CitationForm(forms.ModelForm):
    """A citation already made: its source is fixed, the rest may be edited."""

    class Meta:
        model = Citation
        fields = ["stance", "excerpt", "note"]
        widgets = CitationAddForm.Meta.widgets


class AppearanceAddForm(forms.ModelForm):
    """The claim in another report; anchored by ``services.appearance_add``."""

    class Meta:
        model = ClaimAppearance
        fields = ["article", "quote", "prefix", "suffix"]
        labels = {
            "quote": "Passage",
            "prefix": "Text just before it",
            "suffix": "Text just after it",
        }
        help_texts = {
            "quote": PASSAGE_HELP,
            "prefix": CONTEXT_HELP.format(side="before"),
            "suffix": CONTEXT_HELP.format(side="after"),
        }
        widgets = {"quote": forms.Textarea(attrs={"rows": 2, "cols": 32})}

    def clean(self):
        cleaned = super().clean()
        article, quote = cleaned.get("article"), cleaned.get("quote")
        if article is not None and quote:
            try:
                anchor_quote(
                    article.body,
                    _normalise_newlines(quote),
                    prefix=cleaned.get("prefix", ""),
                    suffix=cleaned.get("suffix", ""),
                )
            except AnchorError as exc:
                self.add_error("quote", str(exc))
        return cleaned


# Claimants -------------------------------------------------------------------


class ClaimantForm(forms.ModelForm):
    class Meta:
        model = Claimant
        fields = ["name", "slug", "kind", "description", "same_as", "notes"]

    def clean_name(self):
        name = self.cleaned_data["name"]
        mine = self.instance if self.instance.pk else None
        other = claimant_name_holder(name, claimant=mine, own_aliases=False)
        if other is not None:
            raise forms.ValidationError(
                f"“{name}” already names another claimant: {claimant_name_owner(other)}."
            )
        return name


class ClaimantAliasForm(forms.ModelForm):
    class Meta:
        model = ClaimantAlias
        fields = ["name"]

    def clean_name(self):
        name = self.cleaned_data["name"]
        owner = self.instance.claimant if self.instance.claimant_id else None
        taken = claimant_name_holder(
            name, claimant=owner, alias=self.instance if self.instance.pk else None
        )
        if taken is not None:
            raise forms.ValidationError(f"“{name}” already names {claimant_name_owner(taken)}.")
        return name


class ClaimantAliasFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        parent_key = name_key(self.instance.name or "")
        seen = set()
        for form in self.forms:
            if not form.has_changed() and not form.instance.pk:
                continue
            if self.can_delete and self._should_delete_form(form):
                continue
            name = form.cleaned_data.get("name")
            if not name:
                continue
            key = name_key(name)
            if key == parent_key:
                form.add_error("name", "This is already the claimant's name.")
            elif key in seen:
                form.add_error("name", "This spelling is listed twice.")
            seen.add(key)


class SourceForm(forms.ModelForm):
    class Meta:
        model = Source
        fields = [
            "title",
            "url",
            "publisher",
            "kind",
            "published_on",
            "archive_url",
            "accessed_at",
            "notes",
        ]
        labels = {"url": "URL"}
        help_texts = {
            "url": "Stored without tracking parameters (utm_…, fbclid…) or the part after #; "
            "a URL already a source's is refused, naming that source."
        }

    def clean_url(self):
        url = normalise_url(self.cleaned_data["url"])
        existing = source_at_url(url, exclude=self.instance)
        if existing is not None:
            raise forms.ValidationError(
                format_html(
                    'This URL is already a source: <a href="{}">{}</a>. Cite that one; '
                    "pick it in the citation's source list by its title or URL.",
                    reverse("admin:factcheck_source_change", args=[existing.pk]),
                    existing,
                ),
                code="duplicate_url",
            )
        return url


# Discrepancies ---------------------------------------------------------------


class DiscrepancyChangeForm(forms.ModelForm):
    """Edits to a discrepancy, saved by ``services.discrepancy_update``.

    Carries the ``version`` the page was opened at; a form built from an older
    version is refused, saying who changed the discrepancy since and how.
    """

    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Discrepancy
        fields = ["title", "kind", "severity", "resolution", "notes", "assignee", "due_at"]
        widgets = {
            "title": forms.TextInput(attrs={"class": "vLargeTextField"}),
            "resolution": forms.Textarea(attrs={"rows": 4, "class": "vLargeTextField"}),
            "notes": forms.Textarea(attrs={"rows": 3, "class": "vLargeTextField"}),
        }
        help_texts = {
            "resolution": "Public once resolved: which version is right, and why.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("version", self.instance.version)

    def clean(self):
        cleaned = super().clean()
        version = cleaned.get("version")
        if version is not None and version != self.instance.version:
            raise forms.ValidationError(
                [
                    forms.ValidationError(line, code="stale")
                    for line in discrepancy_stale_messages(self.instance)
                ]
            )
        return cleaned

    def _post_clean(self):
        # A stale form's values must not reach the instance: the page shows the
        # discrepancy as it is now beside the refused form.
        if not self.has_error(NON_FIELD_ERRORS, code="stale"):
            super()._post_clean()


def discrepancy_stale_messages(discrepancy):
    """Why a stale discrepancy form is refused, and who changed it last, how."""
    lines = [str(StaleDiscrepancy(discrepancy))]
    latest = discrepancy.history.select_related("history_user").order_by("-history_date").first()
    if latest is not None:
        when = timezone.localtime(latest.history_date)
        who = latest.history_user or "someone"
        what = f" ({latest.history_change_reason})" if latest.history_change_reason else ""
        lines.append(f"Last changed by {who} on {when:%Y-%m-%d at %H:%M}{what}.")
    return lines


def article_label(article):
    """A report as staff pick it from a list: outlet, date and title."""
    date = article.published_on.isoformat() if article.published_on else "undated"
    return f"{article.outlet or 'Unknown outlet'}, {date}: {article.display_title}"


class ReportChoiceField(forms.ChoiceField):
    """One of a few reports, listed once: the list is built before the form, so
    rendering a formset's rows and its empty row runs no query each."""

    def __init__(self, articles, **kwargs):
        self.articles = {str(article.pk): article for article in articles}
        choices = [("", "---------")] + [
            (pk, article_label(article)) for pk, article in self.articles.items()
        ]
        super().__init__(choices=choices, **kwargs)

    def clean(self, value):
        return self.articles.get(super().clean(value))


class DiscrepancyPassageAddForm(forms.ModelForm):
    """Another report's wording; anchored by ``services.discrepancy_add_passage``.
    The admin offers the story's reports only (:class:`ReportChoiceField`)."""

    class Meta:
        model = DiscrepancyPassage
        fields = ["article", "quote", "prefix", "suffix"]
        labels = {
            "article": "Report",
            "quote": "Passage",
            "prefix": "Text just before it",
            "suffix": "Text just after it",
        }
        help_texts = {
            "quote": PASSAGE_HELP,
            "prefix": CONTEXT_HELP.format(side="before"),
            "suffix": CONTEXT_HELP.format(side="after"),
        }
        widgets = {"quote": forms.Textarea(attrs={"rows": 2, "cols": 40})}

    def clean(self):
        cleaned = super().clean()
        article, quote = cleaned.get("article"), cleaned.get("quote")
        if article is None:
            return cleaned
        discrepancy_id = self.instance.discrepancy_id
        if (
            discrepancy_id is not None
            and DiscrepancyPassage.objects.filter(
                discrepancy_id=discrepancy_id, article=article
            ).exists()
        ):
            self.add_error("article", "This report already has a passage in this discrepancy.")
        elif quote:
            try:
                anchor_quote(
                    article.body,
                    _normalise_newlines(quote),
                    prefix=cleaned.get("prefix", ""),
                    suffix=cleaned.get("suffix", ""),
                )
            except AnchorError as exc:
                self.add_error("quote", str(exc))
        return cleaned

    def passage_spec(self):
        return PassageSpec(
            article=self.cleaned_data["article"],
            quote=_normalise_newlines(self.cleaned_data["quote"]),
            prefix=self.cleaned_data.get("prefix", ""),
            suffix=self.cleaned_data.get("suffix", ""),
        )


class DiscrepancyCitationAddForm(forms.ModelForm):
    """A source cited for the resolution; saved by ``services.discrepancy_cite``."""

    class Meta:
        model = DiscrepancyCitation
        fields = ["source", "stance", "excerpt", "note"]
        widgets = CitationAddForm.Meta.widgets


class PassageAssessForm(forms.Form):
    """One report's version judged accurate, inaccurate or unclear (``services.passage_assess``)."""

    assessment = forms.ChoiceField(
        choices=DiscrepancyPassage.Assessment.choices, required=False, label="Assessment"
    )
    note = forms.CharField(
        required=False,
        label="Internal note",
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class DiscrepancyStatusForm(forms.Form):
    """The intermediate page of the bulk "set status" action."""

    status = forms.ChoiceField(
        # The states some step of the workflow leads to, in the model's order.
        choices=[
            (status, label)
            for status, label in Discrepancy.Status.choices
            if status in DISCREPANCY.targets()
        ],
        label="New status",
        help_text=(
            "Each discrepancy moves through the step that owns it: resolving needs a "
            "resolution and a cited source, dismissing applies to suggestions only."
        ),
    )


class DiscrepancyMergeForm(forms.Form):
    """The intermediate page of the bulk "merge into…" action."""

    into = forms.ModelChoiceField(queryset=Discrepancy.objects.none(), label="Merge into")

    def __init__(self, *args, targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = targets
        self.fields["into"].label_from_instance = lambda target: (
            f"{target.story}: {target.title} ({target.get_status_display().lower()})"
        )


class DiscrepancyRecordForm(forms.Form):
    """A discrepancy staff found between a story's reports: the question, and the
    passage of each report that takes part. Saved by ``services.discrepancy_create``.

    Each article of the story gets a passage field and two optional context
    fields, named by its id; a passage that is not in its report is an error on
    that report's field.
    """

    title = forms.CharField(
        max_length=300,
        label="Question",
        help_text=Discrepancy._meta.get_field("title").help_text,
        widget=forms.TextInput(attrs={"class": "vLargeTextField"}),
    )
    kind = forms.ChoiceField(choices=Discrepancy.Kind.choices)
    severity = forms.TypedChoiceField(
        choices=Discrepancy.Severity.choices,
        coerce=int,
        initial=Discrepancy.Severity.MODERATE,
    )
    notes = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Internal: never shown to the public.",
    )

    def __init__(self, *args, articles, **kwargs):
        super().__init__(*args, **kwargs)
        self.articles = list(articles)
        for article in self.articles:
            self.fields[self.passage_name(article)] = forms.CharField(
                required=False,
                label="Passage",
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text=PASSAGE_HELP,
            )
            self.fields[f"before_{article.pk}"] = forms.CharField(
                required=False, max_length=200, label="Text just before it"
            )
            self.fields[f"after_{article.pk}"] = forms.CharField(
                required=False, max_length=200, label="Text just after it"
            )

    @staticmethod
    def passage_name(article):
        return f"passage_{article.pk}"

    def question_fields(self):
        return [self[name] for name in ("title", "kind", "severity", "notes")]

    def reports(self):
        """``(article, passage field, before field, after field)`` per report, for the template."""
        return [
            (
                article,
                self[f"passage_{article.pk}"],
                self[f"before_{article.pk}"],
                self[f"after_{article.pk}"],
            )
            for article in self.articles
        ]

    def clean(self):
        cleaned = super().clean()
        specs = []
        for article in self.articles:
            quote = _normalise_newlines(cleaned.get(self.passage_name(article), "")).strip()
            if not quote:
                continue
            spec = PassageSpec(
                article=article,
                quote=quote,
                prefix=cleaned.get(f"before_{article.pk}", ""),
                suffix=cleaned.get(f"after_{article.pk}", ""),
            )
            try:
                anchor_quote(article.body, spec.quote, prefix=spec.prefix, suffix=spec.suffix)
            except AnchorError as exc:
                self.add_error(self.passage_name(article), str(exc))
            specs.append(spec)
        minimum = 1 if cleaned.get("kind") == Discrepancy.Kind.SINGLE_SOURCE else 2
        if len(specs) < minimum:
            raise forms.ValidationError(
                "Quote the passages of at least two reports (one for a single-source detail).",
                code="too_few_passages",
            )
        cleaned["passages"] = specs
        return cleaned


# Reader tips -----------------------------------------------------------------


class TipClaimForm(forms.Form):
    """Making a draft claim of a reader's tip: the report that carries the
    statement and its passage, since a claim is always anchored to one."""

    article = forms.ModelChoiceField(
        queryset=Article.objects.all(),
        label="Article",
        help_text="The report in which the statement appears.",
    )
    passage = forms.CharField(
        label="Passage",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=PASSAGE_HELP,
    )
    context_before = forms.CharField(
        label="Text just before it",
        required=False,
        max_length=200,
        help_text=CONTEXT_HELP.format(side="before"),
    )
    statement = forms.CharField(
        label="Statement",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The checkable statement in the desk's words; the reader's to start with.",
    )

    def __init__(self, *args, tip, **kwargs):
        kwargs.setdefault("initial", {"statement": tip.statement})
        super().__init__(*args, **kwargs)
        # The claim admin's own article picker (its search fields, its permissions).
        article = self.fields["article"]
        article.widget = AutocompleteSelect(Claim._meta.get_field("article"), admin.site)
        article.widget.choices = article.choices

    def clean(self):
        cleaned = super().clean()
        article, passage = cleaned.get("article"), cleaned.get("passage")
        if article is not None and passage:
            try:
                anchor_quote(
                    article.body,
                    _normalise_newlines(passage),
                    prefix=cleaned.get("context_before", ""),
                )
            except AnchorError as exc:
                self.add_error("passage", str(exc))
        # Posted to tip_make_claim under its keywords.
        return {
            "article": article,
            "quote": _normalise_newlines(passage or ""),
            "prefix": cleaned.get("context_before", ""),
            "statement": cleaned.get("statement", ""),
        }
