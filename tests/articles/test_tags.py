"""Tags: the newsroom's topics, their services and history, stories filed under them."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from articles import services
from articles.models import StoryTag, Tag
from tests.factories import StoryFactory

pytestmark = pytest.mark.django_db

TAGS = reverse("admin:articles_tag_changelist")
ADD_TAG = reverse("admin:articles_tag_add")
STORIES = reverse("admin:articles_story_changelist")


def story_url(story):
    return reverse("admin:articles_story_change", args=[story.pk])


def tag_names(story):
    return sorted(tag.name for tag in story.tags.all())


# Services ---------------------------------------------------------------------------


def test_a_new_tag_gets_its_slug_from_its_name_and_a_history(editor):
    tag = services.tag_create(name="  Public transport ", acting_user=editor)

    assert (tag.name, tag.slug) == ("Public transport", "public-transport")
    record = tag.history.get()
    assert (record.history_type, record.history_user, record.history_change_reason) == (
        "+",
        editor,
        "added",
    )


@pytest.mark.parametrize(
    ("name", "slug", "problem"),
    [
        ("budget", "", "“Budget” is already a tag."),
        ("City money", "budget", "Another tag already has the address name “budget”."),
        ("!!!", "", "A tag’s name needs at least one letter or digit."),
    ],
)
def test_a_tag_that_would_repeat_another_or_has_no_name_is_refused(editor, name, slug, problem):
    services.tag_create(name="Budget", acting_user=editor)

    with pytest.raises(ValidationError) as refused:
        services.tag_create(name=name, slug=slug, acting_user=editor)

    assert refused.value.messages == [problem]
    assert list(Tag.objects.values_list("name", flat=True)) == ["Budget"]


def test_renaming_a_tag_keeps_its_claims_and_stories_and_records_it(editor):
    tag = services.tag_create(name="Budget", acting_user=editor)
    story = StoryFactory()
    services.story_set_tags(story=story, tags=[tag], acting_user=editor)

    services.tag_update(tag=tag, name="City budget", slug="city-budget", acting_user=editor)

    assert tag_names(story) == ["City budget"]
    assert [record.name for record in tag.history.order_by("history_date")] == [
        "Budget",
        "City budget",
    ]


def test_fact_checkers_use_tags_but_only_editors_make_them(fact_checker, editor):
    with pytest.raises(PermissionDenied):
        services.tag_create(name="Budget", acting_user=fact_checker)
    tag = services.tag_create(name="Budget", acting_user=editor)
    with pytest.raises(PermissionDenied):
        services.tag_update(tag=tag, name="Money", acting_user=fact_checker)
    with pytest.raises(PermissionDenied):
        services.tag_delete(tag=tag, acting_user=fact_checker)
    assert Tag.objects.get().name == "Budget"


def test_filing_a_story_records_each_tag_and_the_story_says_what_changed(editor):
    budget = services.tag_create(name="Budget", acting_user=editor)
    roads = services.tag_create(name="Roads", acting_user=editor)
    story = StoryFactory()

    services.story_set_tags(story=story, tags=[budget, roads], acting_user=editor)
    services.story_set_tags(story=story, tags=[roads], acting_user=editor)

    assert tag_names(story) == ["Roads"]
    through = StoryTag.history.order_by("history_date", "history_id")
    assert [(row.history_type, row.tag.name) for row in through] == [
        ("+", "Budget"),
        ("+", "Roads"),
        ("-", "Budget"),
    ]
    assert {row.history_user for row in through} == {editor}
    assert list(
        story.history.order_by("-history_date").values_list("history_change_reason", flat=True)[:2]
    ) == ["tags: removed Budget", "tags: added Budget, Roads"]


def test_deleting_a_tag_unfiles_its_stories_with_history(editor):
    tag = services.tag_create(name="Budget", acting_user=editor)
    story = StoryFactory()
    services.story_set_tags(story=story, tags=[tag], acting_user=editor)

    services.tag_delete(tag=tag, acting_user=editor)

    assert tag_names(story) == []
    assert StoryTag.history.filter(history_type="-").get().history_user == editor
    assert Tag.history.filter(history_type="-").get().name == "Budget"


# Admin ------------------------------------------------------------------------------


def test_an_editor_adds_a_tag_in_the_admin(client, editor):
    client.force_login(editor)

    client.post(ADD_TAG, {"name": "Elections", "slug": "", "_save": "Save"})

    tag = Tag.objects.get()
    assert (tag.name, tag.slug) == ("Elections", "elections")
    assert tag.history.get().history_user == editor


def test_a_tag_repeating_another_is_an_error_on_the_form(client, editor):
    services.tag_create(name="Elections", acting_user=editor)
    client.force_login(editor)

    response = client.post(ADD_TAG, {"name": "ELECTIONS", "slug": "", "_save": "Save"})

    assert "“Elections” is already a tag." in response.content.decode()
    assert Tag.objects.count() == 1


def test_the_tag_list_counts_claims_and_stories(client, editor):
    tag = services.tag_create(name="Budget", acting_user=editor)
    for story in StoryFactory.create_batch(2):
        services.story_set_tags(story=story, tags=[tag], acting_user=editor)
    client.force_login(editor)

    content = client.get(TAGS).content.decode()

    assert 'class="field-story_count">2<' in content
    assert 'class="field-claim_count">0<' in content


def test_deleting_a_tag_in_the_admin_goes_through_the_service(client, editor):
    tag = services.tag_create(name="Budget", acting_user=editor)
    story = StoryFactory()
    services.story_set_tags(story=story, tags=[tag], acting_user=editor)
    client.force_login(editor)

    client.post(reverse("admin:articles_tag_delete", args=[tag.pk]), {"post": "yes"})

    assert not Tag.objects.exists()
    assert StoryTag.history.filter(history_type="-").get().history_user == editor


def test_an_editor_files_a_story_under_tags_on_its_page(client, editor):
    budget = services.tag_create(name="Budget", acting_user=editor)
    roads = services.tag_create(name="Roads", acting_user=editor)
    story = StoryFactory(title="Bridge", slug="bridge")
    client.force_login(editor)

    client.post(
        story_url(story),
        {
            "title": "Bridge",
            "slug": "bridge",
            "event_date": "",
            "summary": "",
            "tag_list": [budget.pk, roads.pk],
            "_continue": "Save",
        },
    )

    assert tag_names(story) == ["Budget", "Roads"]
    form = client.get(story_url(story)).context["adminform"].form
    assert set(form["tag_list"].value()) == {budget.pk, roads.pk}
    assert {row.history_user for row in StoryTag.history.all()} == {editor}


def test_the_story_changelist_filters_by_tag(client, editor):
    budget = services.tag_create(name="Budget", acting_user=editor)
    tagged, _ = StoryFactory(title="Tagged"), StoryFactory(title="Untagged")
    services.story_set_tags(story=tagged, tags=[budget], acting_user=editor)
    client.force_login(editor)

    response = client.get(STORIES, {"tag": "budget"})

    assert [str(story) for story in response.context["cl"].result_list] == ["Tagged"]
    assert response.context["cl"].result_count == 1
