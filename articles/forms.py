"""Forms for the articles app."""

import datetime

from django import forms
from django.conf import settings
from django.contrib.admin.widgets import AutocompleteSelect, FilteredSelectMultiple
from django.utils.text import capfirst

from .importers import ImportRefused
from .models import Article, Outlet, Story, Tag
from .services import CORRECTABLE_FIELDS, ImportInput, tag_problems


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field that takes several files and cleans to a list of them."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single_file_clean = super().clean
        if isinstance(data, list | tuple):
            if not data:
                return [single_file_clean(None, initial)]
            return [single_file_clean(item, initial) for item in data]
        return [single_file_clean(data, initial)]


def upload_input(upload) -> ImportInput:
    """An uploaded file as an import input.

    An upload over the import limit is refused without being read, so a huge
    file is never held in memory just to be turned down.
    """
    limit = settings.IMPORT_MAX_BYTES
    if upload.size > limit:
        reason = f"too large ({upload.size:,} bytes; the limit is {limit:,} bytes)"

        def refuse():
            raise ImportRefused(reason)

        return ImportInput(name=upload.name, load=refuse)
    return ImportInput.from_bytes(upload.name, upload.read())


class ArticleImportForm(forms.Form):
    FORMAT_CHOICES = [
        ("auto", "Automatic (from the file name and content)"),
        *Article.Format.choices,
    ]

    files = MultipleFileField(
        # The importer explains what is wrong with an empty file, alongside the
        # other files' results, instead of the form refusing the whole upload.
        allow_empty_file=True,
        help_text="Plain text, HTML or JSON files. Select several at once to import them together.",
    )
    story = forms.ModelChoiceField(
        queryset=Story.objects.all(),
        required=False,
        help_text="The story every imported article belongs to.",
    )
    new_story_slug = forms.SlugField(
        required=False,
        max_length=200,
        label="Or a new story",
        help_text="A slug such as city-budget-vote; the story is created when it does not exist.",
    )
    outlet_name = forms.CharField(
        required=False,
        max_length=200,
        label="Outlet",
        help_text="The outlet of every file; leave empty to use what each file says.",
    )
    format = forms.ChoiceField(choices=FORMAT_CHOICES, initial="auto")

    def __init__(self, *args, admin_site, **kwargs):
        super().__init__(*args, **kwargs)
        story = self.fields["story"]
        # A search box over the stories, as on the article form, not a list of them all.
        story.widget = AutocompleteSelect(
            Article._meta.get_field("story"), admin_site, choices=story.choices
        )

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("story") and cleaned_data.get("new_story_slug"):
            raise forms.ValidationError(
                "Pick an existing story or give a new story slug, not both."
            )
        return cleaned_data

    def import_inputs(self) -> list[ImportInput]:
        return [upload_input(upload) for upload in self.cleaned_data["files"]]


class ArticleMetadataForm(forms.ModelForm):
    """The article change form: metadata corrected by hand, saved through
    :func:`articles.services.article_correct`, and whether it is watched.

    ``edit_token`` carries the article's ``updated_at`` as the form was built;
    a post whose token is no longer current is refused with a message, so a
    stale form never overwrites a newer import or correction.
    """

    outlet_name = forms.CharField(
        label="Outlet",
        required=False,
        max_length=Outlet._meta.get_field("name").max_length,
        help_text=(
            "Its name, in any case: an outlet of that name is used, or created as an "
            "import would. Empty for none."
        ),
    )
    edit_token = forms.CharField(widget=forms.HiddenInput)
    release = forms.MultipleChoiceField(
        label="Let imports update again",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=(
            "Fields corrected by hand, which imports and watch rounds leave alone. "
            "Tick one to let the next import take the source's value again."
        ),
    )

    class Meta:
        model = Article
        fields = (
            "headline",
            "byline",
            "dateline",
            "published_on",
            "published_at",
            "story",
            "language",
            "url",
            "watch_paused",
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        article = self.instance
        if article.pk:
            self.fields["outlet_name"].initial = article.outlet.name if article.outlet else ""
            self.fields["edit_token"].initial = article.updated_at.isoformat()
        corrected = set(article.corrected_fields)
        self.fields["release"].choices = [
            (name, capfirst(Article._meta.get_field(name).verbose_name))
            for name in CORRECTABLE_FIELDS
            if name in corrected
        ]
        for name in corrected:
            field = self.fields.get("outlet_name" if name == "outlet" else name)
            if field is not None:
                field.help_text = " ".join(
                    filter(None, [field.help_text, "Corrected by hand: imports leave it as it is."])
                )

    def clean_edit_token(self):
        token = self.cleaned_data["edit_token"]
        try:
            loaded = datetime.datetime.fromisoformat(token)
        except ValueError as exc:
            raise forms.ValidationError("The form is damaged: reload the page.") from exc
        current = Article.objects.filter(pk=self.instance.pk).values_list("updated_at", flat=True)
        if self.instance.pk and current.first() != loaded:
            raise forms.ValidationError(
                "This article was changed (by an import, a watch round or another person) "
                "after you opened it. Nothing was saved: reload the page to see the current "
                "version and make your correction again."
            )
        return loaded

    def corrections(self) -> dict:
        """The corrected fields' new values, for ``article_correct``."""
        changes = {
            name: self.cleaned_data[name]
            for name in self.changed_data
            if name in CORRECTABLE_FIELDS and name != "outlet"
        }
        if "outlet_name" in self.changed_data:
            changes["outlet"] = self.cleaned_data["outlet_name"]
        if "story" in self.changed_data:
            changes["story"] = self.cleaned_data["story"]
        if self.cleaned_data.get("release"):
            changes["release"] = self.cleaned_data["release"]
        return changes


# Tags ------------------------------------------------------------------------------


def tag_list_field(help_text: str) -> forms.ModelMultipleChoiceField:
    """The tags of a claim or story on its admin form, saved by the service that
    sets them (the model's ``tags`` has a through table, so it is no form field
    of its own). The admin's two-box picker, which filters as one types."""
    return forms.ModelMultipleChoiceField(
        label="Tags",
        queryset=Tag.objects.all(),
        required=False,
        widget=FilteredSelectMultiple("tags", is_stacked=False),
        help_text=help_text,
    )


def tag_list_initial(form) -> None:
    """Show the tags ``form``'s instance is filed under: read when the field is
    shown or its change checked, not for a page that shows them as text."""
    if form.instance.pk is not None and "tag_list" in form.fields:
        form.initial.setdefault("tag_list", form.instance.tags.all())


class TagForm(forms.ModelForm):
    """A tag's name and slug, checked as :func:`~articles.services.tag_create`
    and ``tag_update`` check them, so the errors show on the form."""

    class Meta:
        model = Tag
        fields = ["name", "slug"]
        help_texts = {
            "slug": "Its name in the public list’s address (?tag=…). Empty: made from the name."
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:  # Not for who may only look.
            self.fields["slug"].required = False

    def clean(self):
        cleaned = super().clean()
        name = cleaned.get("name")
        if name:
            for problem in tag_problems(name=name, slug=cleaned.get("slug", ""), tag=self.instance):
                self.add_error(None, problem)
        return cleaned

    def validate_unique(self):
        # clean() said it in words, case-insensitively for names.
        pass


class StoryForm(forms.ModelForm):
    tag_list = tag_list_field("Topics the story is filed under.")

    class Meta:
        model = Story
        fields = ["title", "slug", "event_date", "summary"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        tag_list_initial(self)
