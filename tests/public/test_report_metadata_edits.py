"""Staff edits to stories, outlets and report metadata go through the
articles services, and the public pages that show them follow at once: the
page cache does not keep serving the old name."""

import pytest
from django.urls import reverse

from articles.models import Outlet, Story


@pytest.fixture
def public_story(desk):
    claim = desk.publish()
    return claim.article.story


def story_page(client, story):
    return client.get(reverse("public:story_detail", args=[story.slug])).content.decode()


def test_a_story_renamed_in_the_admin_is_renamed_on_its_public_page(
    client, public_story, editor, django_capture_on_commit_callbacks
):
    assert public_story.title in story_page(client, public_story)  # now cached
    client.force_login(editor)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:articles_story_change", args=[public_story.pk]),
            {
                "title": "Council budget: the final vote",
                "slug": public_story.slug,
                "event_date": "",
                "summary": public_story.summary,
            },
        )

    assert response.status_code == 302
    client.logout()
    assert "Council budget: the final vote" in story_page(client, public_story)
    latest = Story.history.filter(id=public_story.pk).first()
    assert (latest.history_user, latest.history_change_reason) == (editor, "edited by hand")


def test_an_outlet_renamed_in_the_admin_refreshes_the_public_pages(
    client, public_story, editor, django_capture_on_commit_callbacks
):
    outlet = public_story.articles.get().outlet
    story_page(client, public_story)
    client.force_login(editor)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:articles_outlet_change", args=[outlet.pk]),
            {
                "name": "The Harbour Gazette",
                "slug": outlet.slug,
                "homepage": "",
                "domain": "",
                "language": "",
                "notes": "",
            },
        )

    assert response.status_code == 302
    assert Outlet.history.filter(id=outlet.pk).first().history_user == editor
    client.logout()
    # The story page lists its reports by their current outlet.
    assert "The Harbour Gazette" in story_page(client, public_story)


def test_a_fact_checker_may_add_a_story_but_not_an_outlet(client, fact_checker):
    client.force_login(fact_checker)

    added = client.post(
        reverse("admin:articles_story_add"),
        {"title": "Bridge closure", "slug": "bridge-closure", "event_date": "", "summary": ""},
    )
    refused = client.post(
        reverse("admin:articles_outlet_add"),
        {"name": "Daily Example", "slug": "daily-example"},
    )

    assert added.status_code == 302
    assert Story.history.get(slug="bridge-closure").history_user == fact_checker
    assert refused.status_code == 403
    assert not Outlet.objects.filter(slug="daily-example").exists()


def test_deleting_stories_with_the_bulk_action_goes_through_the_service(client, superuser):
    stories = [Story.objects.create(title=f"Story {n}", slug=f"story-x{n}") for n in range(2)]
    client.force_login(superuser)

    response = client.post(
        reverse("admin:articles_story_changelist"),
        {"action": "delete_selected", "_selected_action": [s.pk for s in stories], "post": "yes"},
    )

    assert response.status_code == 302
    assert not Story.objects.filter(pk__in=[s.pk for s in stories]).exists()
    deleted = Story.history.filter(history_type="-")
    assert {row.history_user for row in deleted} == {superuser}
