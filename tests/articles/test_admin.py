import datetime
import json

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles import services
from articles.importers import ParsedArticle
from articles.models import Article, Outlet
from tests.factories import ArticleFactory, OutletFactory, StoryFactory, UserFactory

BODY = "The council approved the budget on Tuesday.\n\nIt passed by 7 votes to 2."


def import_text(*, source, body, acting_user, headline="Council approves budget", **kwargs):
    """Import one plain-text article the way every import does, through the service."""
    parsed = ParsedArticle(
        body=body,
        raw_input=kwargs.pop("raw_input", body),
        format=kwargs.pop("format", "text"),
        source=source,
        headline=headline,
        byline="Jane Doe",
        published_on=datetime.date(2026, 1, 13),
    )
    return services.article_import(parsed=parsed, acting_user=acting_user, **kwargs)


def listed(response):
    """The objects a changelist shows, as their display strings."""
    return {str(obj) for obj in response.context["cl"].result_list}


@pytest.fixture
def viewer(db):
    """Staff who may read articles but not import or change them."""
    user = UserFactory(username="viewer")
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="articles",
            codename__in=["view_article", "view_outlet", "view_story"],
        )
    )
    return user


# Changelists: content and query counts -------------------------------------------


@pytest.mark.parametrize("rows", [3, 10])
def test_article_changelist_lists_every_article_in_constant_queries(
    client, fact_checker, django_assert_num_queries, rows
):
    articles = ArticleFactory.create_batch(rows)
    client.force_login(fact_checker)

    # 1 session, 2 user, 3-4 the user's own and group permissions,
    # 5 outlet filter choices (stories are typed, not listed),
    # 6 filtered count, 7 unfiltered count (the "N total" link),
    # 8 the page of articles with outlet, story and revision counts joined,
    # 9 date hierarchy bounds, 10 date hierarchy days.
    # 11 the header's unread notifications.
    with django_assert_num_queries(11):
        response = client.get(reverse("admin:articles_article_changelist"))

    assert response.status_code == 200
    assert listed(response) == {article.headline for article in articles}
    content = response.content.decode()
    for article in articles:
        assert article.headline in content
        assert article.outlet.name in content
        assert article.story.title in content


@pytest.mark.parametrize("rows", [3, 10])
def test_outlet_changelist_lists_outlets_with_article_counts_in_constant_queries(
    client, fact_checker, django_assert_num_queries, rows
):
    outlets = OutletFactory.create_batch(rows, domain="example.org", language="en")
    ArticleFactory.create_batch(2, outlet=outlets[0])
    client.force_login(fact_checker)

    # 1 session, 2 user, 3-4 permissions, 5 filtered count, 6 unfiltered count,
    # 7 the page of outlets with their article counts.
    # 8 the header's unread notifications.
    with django_assert_num_queries(8):
        response = client.get(reverse("admin:articles_outlet_changelist"))

    assert listed(response) == {outlet.name for outlet in outlets}
    rows_by_name = {outlet.name: outlet for outlet in response.context["cl"].result_list}
    assert rows_by_name[outlets[0].name].article_count == 2
    assert rows_by_name[outlets[1].name].article_count == 0
    content = response.content.decode()
    assert 'class="field-article_count">2<' in content
    assert "example.org" in content


@pytest.mark.parametrize("rows", [3, 10])
def test_story_changelist_lists_stories_with_article_counts_in_constant_queries(
    client, fact_checker, django_assert_num_queries, rows
):
    stories = StoryFactory.create_batch(rows)
    ArticleFactory.create_batch(3, story=stories[0])
    client.force_login(fact_checker)

    # 1 session, 2 user, 3-4 permissions, 5 the tag filter's choices, 6 filtered
    # count, 7 unfiltered count, 8 the page of stories with their article counts,
    # 9 the header's unread notifications.
    with django_assert_num_queries(9):
        response = client.get(reverse("admin:articles_story_changelist"))

    assert listed(response) == {story.title for story in stories}
    content = response.content.decode()
    assert 'class="field-article_count">3<' in content
    for story in stories:
        assert story.title in content


# Search and filters ----------------------------------------------------------------


def test_article_search_looks_in_headline_byline_body_and_source(client, fact_checker):
    drums = ArticleFactory(headline="Leaders meet", body="They played a drum duet.")
    byline = ArticleFactory(headline="Second report", byline="Kim Nam-jun")
    source = ArticleFactory(headline="Third report", source="korea-bizwire-duet.txt")
    ArticleFactory(headline="Unrelated")
    client.force_login(fact_checker)
    url = reverse("admin:articles_article_changelist")

    assert listed(client.get(url, {"q": "drum"})) == {drums.headline}
    assert listed(client.get(url, {"q": "nam-jun"})) == {byline.headline}
    assert listed(client.get(url, {"q": "bizwire"})) == {source.headline}
    assert listed(client.get(url, {"q": "duet"})) == {drums.headline, source.headline}


def test_article_filters_by_outlet_story_format_and_date(client, fact_checker):
    early = ArticleFactory(headline="Early", published_on=datetime.date(2026, 1, 12))
    json_one = ArticleFactory(headline="From a feed", format=Article.Format.JSON)
    same_story = ArticleFactory(headline="Same story", story=early.story)
    client.force_login(fact_checker)
    url = reverse("admin:articles_article_changelist")

    assert listed(client.get(url, {"outlet__id__exact": early.outlet_id})) == {"Early"}
    assert listed(client.get(url, {"story__id__exact": early.story_id})) == {
        "Early",
        same_story.headline,
    }
    # A story is typed, not picked from every story: a link's key shows its title.
    by_title = client.get(url, {"story": early.story.title.upper()})
    assert listed(by_title) == {"Early", same_story.headline}
    by_key = client.get(url, {"story__id__exact": early.story_id}).content.decode()
    assert f'name="story" value="{early.story.title}"' in by_key
    assert f">{json_one.story.title}</a>" not in by_key
    assert listed(client.get(url, {"story__id__exact": "x"})) == set()
    assert listed(client.get(url, {"format__exact": "json"})) == {json_one.headline}
    by_day = client.get(
        url, {"published_on__year": 2026, "published_on__month": 1, "published_on__day": 12}
    )
    assert listed(by_day) == {"Early"}


def test_outlet_search_matches_name_and_domain(client, fact_checker):
    OutletFactory(name="Korea Bizwire", domain="koreabizwire.com")
    OutletFactory(name="Daily Example", domain="example.org")
    client.force_login(fact_checker)
    url = reverse("admin:articles_outlet_changelist")

    assert listed(client.get(url, {"q": "bizwire"})) == {"Korea Bizwire"}
    assert listed(client.get(url, {"q": "example.org"})) == {"Daily Example"}


def test_story_search_and_event_date_filter(client, fact_checker):
    StoryFactory(title="Drum duet in Nara", event_date=datetime.date(2026, 1, 13))
    StoryFactory(title="Budget vote", event_date=datetime.date(2025, 11, 2))
    client.force_login(fact_checker)
    url = reverse("admin:articles_story_changelist")

    assert listed(client.get(url, {"q": "nara"})) == {"Drum duet in Nara"}
    in_2025 = client.get(url, {"event_date__gte": "2025-01-01", "event_date__lt": "2026-01-01"})
    assert listed(in_2025) == {"Budget vote"}


# Article pages -----------------------------------------------------------------------


def test_article_change_page_shows_body_revisions_and_diff_links(client, fact_checker, editor):
    article = import_text(source="budget.txt", body=BODY, acting_user=fact_checker).article
    import_text(source="budget.txt", body=BODY.replace("approved", "rejected"), acting_user=editor)
    import_text(
        source="budget.txt",
        body=BODY.replace("approved", "rejected").replace("Tuesday.", "Tuesday!"),
        acting_user=editor,
    )
    client.force_login(fact_checker)

    response = client.get(reverse("admin:articles_article_change", args=[article.pk]))

    content = response.content.decode()
    assert "<p>The council rejected the budget on Tuesday!</p>" in content
    assert "<p>It passed by 7 votes to 2.</p>" in content
    revisions = list(response.context["revisions"])
    assert [(r.number, r.created_by, r.is_trivial) for r in revisions] == [
        (3, editor, True),
        (2, editor, False),
        (1, fact_checker, False),
    ]
    assert "Trivial (whitespace or punctuation only)" in content
    for number in (2, 3):
        diff_url = reverse("admin:articles_article_revision_diff", args=[article.pk, number])
        assert f'href="{diff_url}"' in content
    first_diff = reverse("admin:articles_article_revision_diff", args=[article.pk, 1])
    assert first_diff not in content
    assert reverse("admin:articles_article_raw_input", args=[article.pk]) in content


def test_diff_view_highlights_the_changed_words(client, fact_checker, editor):
    article = import_text(source="budget.txt", body=BODY, acting_user=fact_checker).article
    import_text(source="budget.txt", body=BODY.replace("approved", "rejected"), acting_user=editor)
    client.force_login(fact_checker)

    response = client.get(reverse("admin:articles_article_revision_diff", args=[article.pk, 2]))

    content = response.content.decode()
    assert (
        'The council <del class="diff-delete">approved</del>'
        '<ins class="diff-insert">rejected</ins> the budget on Tuesday.'
    ) in content
    assert "Revision 2 compared with revision 1" in content


def test_diff_view_of_the_first_revision_is_not_found(client, fact_checker):
    article = import_text(source="budget.txt", body=BODY, acting_user=fact_checker).article
    client.force_login(fact_checker)

    response = client.get(reverse("admin:articles_article_revision_diff", args=[article.pk, 1]))

    assert response.status_code == 404


def test_raw_input_view_shows_the_input_escaped(client, fact_checker):
    raw = '<html><body><script>alert(1)</script><p>Budget &amp; "votes"</p></body></html>'
    article = import_text(
        source="page.html", body=BODY, raw_input=raw, format="html", acting_user=fact_checker
    ).article
    client.force_login(fact_checker)

    response = client.get(reverse("admin:articles_article_raw_input", args=[article.pk]))

    content = response.content.decode()
    assert "<script>alert(1)</script>" not in content
    assert (
        '<pre class="raw-input">&lt;html&gt;&lt;body&gt;&lt;script&gt;alert(1)&lt;/script&gt;'
        "&lt;p&gt;Budget &amp;amp; &quot;votes&quot;&lt;/p&gt;&lt;/body&gt;&lt;/html&gt;</pre>"
    ) in content


def test_editor_changes_article_metadata_but_not_its_text(client, editor):
    article = import_text(source="budget.txt", body=BODY, acting_user=editor).article
    client.force_login(editor)

    response = client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        {
            "headline": "Council passes budget",
            "byline": "Jane Doe",
            "dateline": "SPRINGFIELD",
            "published_on": "2026-01-13",
            "language": "en",
            "url": "",
            "outlet_name": "",
            "edit_token": article.updated_at.isoformat(),
            "body": "Rewritten body",
        },
    )

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.headline == "Council passes budget"
    assert article.dateline == "SPRINGFIELD"
    assert article.body == BODY
    assert article.history.first().history_user == editor


def test_staff_who_may_only_view_articles_cannot_change_their_metadata(client, viewer):
    article = import_text(source="budget.txt", body=BODY, acting_user=None).article
    client.force_login(viewer)

    response = client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        {
            "headline": "Changed",
            "byline": "",
            "published_on": "2026-01-13",
            "edit_token": article.updated_at.isoformat(),
        },
    )

    assert response.status_code == 403
    article.refresh_from_db()
    assert article.headline == "Council approves budget"


def test_article_history_cannot_be_reverted_even_by_an_editor(client, editor):
    article = import_text(source="budget.txt", body=BODY, acting_user=editor).article
    import_text(source="budget.txt", body=BODY, headline="Renamed", acting_user=editor)
    first = article.history.earliest()
    client.force_login(editor)
    url = reverse("admin:articles_article_simple_history", args=[article.pk, first.history_id])

    assert client.get(url).status_code == 200
    response = client.post(url, {"headline": "Council approves budget"})

    assert response.status_code == 403
    article.refresh_from_db()
    assert article.headline == "Renamed"


# Story page ------------------------------------------------------------------------------


def test_story_page_shows_its_articles_side_by_side_in_reading_order(
    client, fact_checker, django_assert_num_queries
):
    story = StoryFactory(title="Drum duet in Nara")
    later = ArticleFactory(
        story=story,
        outlet=OutletFactory(name="Korea Bizwire"),
        headline="A surprise jam session",
        byline="Kim Min-ji",
        dateline="NARA, JAPAN & SEOUL",
        published_on=datetime.date(2026, 1, 14),
    )
    earlier = ArticleFactory(
        story=story,
        outlet=OutletFactory(name="Daily Example"),
        headline="",
        body="Leaders played the drums together. More text follows.",
        byline="",
        published_on=datetime.date(2026, 1, 13),
    )
    ArticleFactory(headline="Another story's report")
    client.force_login(fact_checker)
    # The content type is cached per process; start cold so the count does not
    # depend on which tests ran first.
    ContentType.objects.clear_cache()

    # 1 session, 2 user, 3 the story, 4-5 permissions, 6 the story's content
    # type (for the change form's links), 7 the story's articles with outlets,
    # 8 its discrepancies with their passages (the fact-check app's matrix on this page),
    # 9 its tags, as text for someone who may only look, 10 the header's unread
    # notifications.
    with django_assert_num_queries(10):
        response = client.get(reverse("admin:articles_story_change", args=[story.pk]))

    content = response.content.decode()
    section = content[content.index('class="side-by-side"') :]
    assert section.index("Daily Example") < section.index("Korea Bizwire")
    assert "Leaders played the drums together." in section
    assert "A surprise jam session" in section
    assert "Kim Min-ji" in section
    assert "NARA, JAPAN &amp; SEOUL" in section
    for article in (earlier, later):
        assert reverse("admin:articles_article_change", args=[article.pk]) in section
    assert "Another story&#x27;s report" not in content


# Import page -------------------------------------------------------------------------------


def test_import_page_imports_uploaded_files_and_reports_failures(client, fact_checker):
    feed = [
        {
            "headline": "Budget passes",
            "outlet": "Daily Example",
            "published_on": "2026-01-13",
            "body": "The council passed the budget.\n\nThe vote was 7 to 2.",
        }
    ]
    files = [
        SimpleUploadedFile(
            "budget.txt",
            b"The city council approved the 2026 budget on Tuesday by seven votes to two.\n\n"
            b"The mayor welcomed the vote and thanked the council.\n",
            content_type="text/plain",
        ),
        SimpleUploadedFile("feed.json", json.dumps(feed).encode(), "application/json"),
        SimpleUploadedFile("empty.txt", b"", content_type="text/plain"),
        SimpleUploadedFile("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "text/plain"),
    ]
    client.force_login(fact_checker)

    response = client.post(
        reverse("admin:articles_article_import"),
        {"files": files, "new_story_slug": "city-budget", "format": "auto"},
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert (
        "Import finished: 2 created, 0 updated with a new revision, 0 metadata updated, "
        "0 unchanged, 2 failed."
    ) in content
    assert "Could not import empty.txt: the file is empty" in content
    assert "Could not import photo.txt: binary data, not a text, HTML or JSON document" in content
    results = content[content.index('id="import-results-heading"') :]
    assert '<th scope="row">empty.txt</th>' in results
    imported = Article.objects.filter(source__in=["budget.txt", "feed.json#1"])
    assert {a.source for a in imported} == {"budget.txt", "feed.json#1"}
    for article in imported:
        assert article.imported_by == fact_checker
        assert article.story.slug == "city-budget"
        assert reverse("admin:articles_article_change", args=[article.pk]) in content
    assert Article.objects.get(source="feed.json#1").outlet.name == "Daily Example"


def test_import_page_applies_the_chosen_story_and_outlet(client, editor):
    story = StoryFactory(title="Budget vote")
    client.force_login(editor)

    client.post(
        reverse("admin:articles_article_import"),
        {
            "files": [SimpleUploadedFile("vote.txt", b"The budget passed by 7 votes to 2.\n")],
            "story": story.pk,
            "outlet_name": "City Gazette",
            "format": "text",
        },
    )

    article = Article.objects.get(source="vote.txt")
    assert article.story == story
    assert article.outlet.name == "City Gazette"
    assert article.format == "text"


def test_import_page_refuses_a_file_over_the_limit_without_reading_it(
    client, fact_checker, settings
):
    settings.IMPORT_MAX_BYTES = 100
    client.force_login(fact_checker)

    response = client.post(
        reverse("admin:articles_article_import"),
        {"files": [SimpleUploadedFile("long.txt", b"word " * 50)], "format": "auto"},
    )

    assert (
        "Could not import long.txt: too large (250 bytes; the limit is 100 bytes)"
        in response.content.decode()
    )
    assert not Article.objects.exists()


def test_import_form_refuses_an_existing_story_and_a_new_slug_together(client, fact_checker):
    story = StoryFactory()
    client.force_login(fact_checker)

    response = client.post(
        reverse("admin:articles_article_import"),
        {
            "files": [SimpleUploadedFile("vote.txt", b"The budget passed.\n")],
            "story": story.pk,
            "new_story_slug": "another-story",
            "format": "auto",
        },
    )

    assert "Pick an existing story or give a new story slug, not both." in (
        response.content.decode()
    )
    assert not Article.objects.exists()


def test_fact_checker_sees_and_opens_the_import_page(client, fact_checker):
    client.force_login(fact_checker)

    changelist = client.get(reverse("admin:articles_article_changelist"))
    page = client.get(reverse("admin:articles_article_import"))

    assert reverse("admin:articles_article_import") in changelist.content.decode()
    assert page.status_code == 200
    assert '<input type="file" name="files" multiple' in page.content.decode()


def test_import_form_finds_stories_by_search(client, fact_checker):
    StoryFactory(title="City budget vote")
    StoryFactory(title="Drum duet in Nara")
    client.force_login(fact_checker)

    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "articles", "model_name": "article", "field_name": "story", "term": "budget"},
    )

    assert [result["text"] for result in response.json()["results"]] == ["City budget vote"]


def test_staff_without_the_import_permission_get_403(client, viewer):
    client.force_login(viewer)

    changelist = client.get(reverse("admin:articles_article_changelist"))
    page = client.get(reverse("admin:articles_article_import"))
    post = client.post(
        reverse("admin:articles_article_import"),
        {"files": [SimpleUploadedFile("vote.txt", b"The budget passed.\n")], "format": "auto"},
    )

    assert changelist.status_code == 200
    assert "Import articles" not in changelist.content.decode()
    assert page.status_code == 403
    assert post.status_code == 403
    assert not Article.objects.exists()


# Outlet permissions ----------------------------------------------------------------------


def outlet_form(outlet, **changes):
    return {
        "name": outlet.name,
        "slug": outlet.slug,
        "homepage": "",
        "domain": outlet.domain,
        "language": outlet.language,
        "notes": "",
        **changes,
    }


def test_fact_checker_cannot_change_an_outlet(client, fact_checker):
    outlet = OutletFactory(name="Daily Example")
    client.force_login(fact_checker)

    response = client.post(
        reverse("admin:articles_outlet_change", args=[outlet.pk]),
        outlet_form(outlet, name="Renamed"),
    )

    assert response.status_code == 403
    assert Outlet.objects.get(pk=outlet.pk).name == "Daily Example"


def test_editor_changes_an_outlet(client, editor):
    outlet = OutletFactory(name="Daily Example")
    client.force_login(editor)

    response = client.post(
        reverse("admin:articles_outlet_change", args=[outlet.pk]),
        outlet_form(outlet, name="The Daily Example", domain="example.org"),
    )

    assert response.status_code == 302
    outlet.refresh_from_db()
    assert (outlet.name, outlet.domain) == ("The Daily Example", "example.org")
    assert outlet.history.first().history_user == editor


def test_fact_checker_cannot_revert_an_outlet_through_its_history(client, fact_checker, editor):
    outlet = OutletFactory(name="Daily Example")
    client.force_login(editor)
    client.post(
        reverse("admin:articles_outlet_change", args=[outlet.pk]),
        outlet_form(outlet, name="The Daily Example"),
    )
    original = outlet.history.earliest()
    client.force_login(fact_checker)

    response = client.post(
        reverse("admin:articles_outlet_simple_history", args=[outlet.pk, original.history_id]),
        {},
    )

    assert response.status_code == 403
    assert Outlet.objects.get(pk=outlet.pk).name == "The Daily Example"
