"""Correcting a report's metadata by hand: one service with history and a
stale-edit check, an admin form that calls it, and imports that leave what was
corrected alone."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from articles import services
from articles.forms import ArticleMetadataForm
from articles.importers import ParsedArticle
from articles.models import Article, Outlet
from tests.factories import OutletFactory, StoryFactory, UserFactory

pytestmark = pytest.mark.django_db

BODY = "The council approved the budget on Tuesday.\n\nIt passed by 7 votes to 2."


def reimport(**overrides):
    values = {
        "body": BODY,
        "raw_input": BODY,
        "format": "text",
        "source": "budget.txt",
        "headline": "",
        "byline": "",
        "outlet": "",
    }
    values.update(overrides)
    return services.article_import(parsed=ParsedArticle(**values), acting_user=None)


@pytest.fixture
def article(db):
    """A report as many come in: no outlet, no headline, no date."""
    return reimport().article


def correct(article, user, **changes):
    article.refresh_from_db()
    return services.article_correct(
        article=article, acting_user=user, expected_updated_at=article.updated_at, **changes
    )


# The service ------------------------------------------------------------------------


def test_a_fact_checker_corrects_headline_byline_dateline_and_dates(article, fact_checker):
    moment = datetime.datetime(2026, 1, 13, 9, 30, tzinfo=datetime.UTC)

    corrected = correct(
        article,
        fact_checker,
        headline="Council passes budget",
        byline="Jane Doe",
        dateline="SPRINGFIELD",
        published_on=datetime.date(2026, 1, 13),
        published_at=moment,
    )

    stored = Article.objects.get(pk=article.pk)
    assert (stored.headline, stored.byline, stored.dateline) == (
        "Council passes budget",
        "Jane Doe",
        "SPRINGFIELD",
    )
    assert (stored.published_on, stored.published_at) == (datetime.date(2026, 1, 13), moment)
    assert stored.corrected_fields == sorted(
        ["headline", "byline", "dateline", "published_on", "published_at"]
    )
    assert corrected.updated_at == stored.updated_at > article.updated_at
    entry = stored.history.latest("history_date")
    assert entry.history_user == fact_checker
    assert entry.history_change_reason == (
        "corrected by hand: headline, byline, dateline, published_on, published_at"
    )
    assert stored.body == BODY


def test_the_outlet_is_found_by_name_in_any_case_as_an_import_finds_it(article, editor):
    existing = OutletFactory(name="Town Crier", slug="town-crier")

    correct(article, editor, outlet="  town crier ")

    assert Article.objects.get(pk=article.pk).outlet == existing
    assert Outlet.objects.count() == 1


def test_a_new_outlet_name_creates_the_outlet_with_history(article, editor):
    correct(article, editor, outlet="River Times")

    outlet = Article.objects.get(pk=article.pk).outlet
    assert (outlet.name, outlet.slug) == ("River Times", "river-times")
    assert outlet.history.get().history_user == editor


def test_a_reimport_leaves_corrected_fields_and_updates_the_others(article, editor):
    correct(article, editor, headline="Council passes budget", outlet="Town Crier")

    outcome = reimport(headline="BUDGET", byline="By A. Reporter", outlet="Daily Wire")

    assert outcome.status == services.Status.UPDATED
    stored = Article.objects.select_related("outlet").get(pk=article.pk)
    assert stored.headline == "Council passes budget"
    assert stored.outlet.name == "Town Crier"
    assert stored.byline == "By A. Reporter"  # never corrected, so the source's word
    assert stored.corrected_fields == ["headline", "outlet"]
    # The outlet the source names is not even looked up: no unused outlet.
    assert not Outlet.objects.filter(name="Daily Wire").exists()


def test_a_reimport_with_a_new_text_still_keeps_the_corrected_fields(article, editor):
    correct(article, editor, headline="Council passes budget")
    new_body = BODY.replace("7 votes to 2", "8 votes to 1")

    outcome = reimport(body=new_body, raw_input=new_body, headline="BUDGET")

    assert outcome.status == services.Status.REVISED
    stored = Article.objects.get(pk=article.pk)
    assert (stored.headline, stored.body) == ("Council passes budget", new_body)


def test_a_released_correction_is_updated_by_the_next_import_again(article, editor):
    correct(article, editor, headline="Council passes budget", byline="Jane Doe")

    correct(article, editor, release=["headline"])
    reimport(headline="Council passes the budget", byline="Someone else")

    stored = Article.objects.get(pk=article.pk)
    assert (stored.headline, stored.byline) == ("Council passes the budget", "Jane Doe")
    assert stored.corrected_fields == ["byline"]
    reasons = [entry.history_change_reason for entry in stored.history.order_by("history_date")]
    assert "imports may update again: headline" in reasons


def test_a_field_corrected_and_released_at_once_stays_corrected(article, editor):
    correct(article, editor, headline="Council passes budget", release=["headline"])

    assert Article.objects.get(pk=article.pk).corrected_fields == ["headline"]


def test_a_stale_correction_never_overwrites_a_newer_import(article, editor):
    opened_at = article.updated_at
    reimport(headline="Council passes budget at last")

    with pytest.raises(services.StaleArticleEdit, match="changed .* after you opened it"):
        services.article_correct(
            article=article,
            acting_user=editor,
            expected_updated_at=opened_at,
            headline="Council passes budget",
        )

    stored = Article.objects.get(pk=article.pk)
    assert stored.headline == "Council passes budget at last"
    assert stored.corrected_fields == []


def test_values_that_do_not_change_record_no_correction(article, editor):
    correct(article, editor, headline="", byline="")

    stored = Article.objects.get(pk=article.pk)
    assert stored.corrected_fields == []
    assert stored.history.count() == 1


def test_moving_to_another_story_is_no_correction_of_the_source(article, editor):
    story = StoryFactory()

    correct(article, editor, story=story)

    stored = Article.objects.get(pk=article.pk)
    assert stored.story == story
    assert stored.corrected_fields == []
    assert stored.history.latest("history_date").history_change_reason == (
        "corrected by hand: story"
    )


def test_staff_who_may_only_view_articles_may_not_correct_them(article):
    viewer = UserFactory(username="viewer")

    with pytest.raises(PermissionDenied):
        correct(article, viewer, headline="Council passes budget")

    assert Article.objects.get(pk=article.pk).headline == ""


def test_an_invalid_value_is_refused_and_nothing_is_written(article, editor):
    with pytest.raises(ValidationError):
        correct(article, editor, headline="Council passes budget", url="not a url")

    stored = Article.objects.get(pk=article.pk)
    assert (stored.headline, stored.url, stored.corrected_fields) == ("", "", [])


def test_a_field_that_cannot_be_corrected_is_refused(article, editor):
    with pytest.raises(TypeError, match="not correctable: body"):
        correct(article, editor, body="Rewritten")


# The admin form ---------------------------------------------------------------------


def form_data(article, **changes):
    """The change form as the browser posts it back, with ``changes`` typed in."""
    article.refresh_from_db()
    data = {
        "headline": article.headline,
        "byline": article.byline,
        "dateline": article.dateline,
        "published_on": article.published_on or "",
        "published_at_0": "",
        "published_at_1": "",
        "outlet_name": article.outlet.name if article.outlet else "",
        "story": article.story_id or "",
        "language": article.language,
        "url": article.url,
        "edit_token": article.updated_at.isoformat(),
    }
    if article.watch_paused:
        data["watch_paused"] = "on"
    data.update(changes)
    return data


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def test_a_fact_checker_corrects_a_report_from_the_admin(client, article, fact_checker):
    client.force_login(fact_checker)

    response = client.post(
        change_url(article),
        form_data(article, headline="Council passes budget", outlet_name="Town Crier"),
    )

    assert response.status_code == 302
    stored = Article.objects.select_related("outlet").get(pk=article.pk)
    assert (stored.headline, stored.outlet.name) == ("Council passes budget", "Town Crier")
    assert stored.corrected_fields == ["headline", "outlet"]
    entry = stored.history.latest("history_date")
    assert (entry.history_user, entry.history_change_reason) == (
        fact_checker,
        "corrected by hand: headline, outlet",
    )


def test_the_form_says_which_fields_imports_leave_alone(client, article, fact_checker):
    correct(article, fact_checker, headline="Council passes budget")
    client.force_login(fact_checker)

    response = client.get(change_url(article))

    form = response.context["adminform"].form
    assert "Corrected by hand" in form.fields["headline"].help_text
    assert "Corrected by hand" not in form.fields["byline"].help_text


def test_the_form_hands_a_corrected_field_back_to_imports(client, article, fact_checker):
    client.force_login(fact_checker)
    assert 'name="release"' not in client.get(change_url(article)).content.decode()
    correct(article, fact_checker, headline="Council passes budget", dateline="SPRINGFIELD")

    page = client.get(change_url(article))
    choices = page.context["adminform"].form.fields["release"].choices
    response = client.post(change_url(article), form_data(article, release=["dateline"]))

    assert choices == [("headline", "Headline"), ("dateline", "Dateline")]
    assert response.status_code == 302
    assert Article.objects.get(pk=article.pk).corrected_fields == ["headline"]


def test_a_stale_form_is_refused_with_the_reason_and_saves_nothing(client, article, editor):
    client.force_login(editor)
    stale = form_data(article, headline="Council passes budget")
    reimport(headline="Council passes budget at last")

    response = client.post(change_url(article), stale)

    assert response.status_code == 200
    assert "after you opened it" in response.content.decode()
    assert Article.objects.get(pk=article.pk).headline == "Council passes budget at last"


def test_a_write_between_the_forms_check_and_the_save_is_refused_too(
    client, article, editor, monkeypatch
):
    client.force_login(editor)
    stale = form_data(article, headline="Council passes budget")
    reimport(headline="Council passes budget at last")
    # As if the import had landed just after the form's own check.
    monkeypatch.setattr(
        ArticleMetadataForm,
        "clean_edit_token",
        lambda form: datetime.datetime.fromisoformat(form.cleaned_data["edit_token"]),
    )

    response = client.post(change_url(article), stale, follow=True)

    messages = [str(m) for m in response.context["messages"]]
    assert any("after you opened it" in m for m in messages)
    assert Article.objects.get(pk=article.pk).headline == "Council passes budget at last"


def test_pausing_from_the_form_goes_through_the_service(client, article, fact_checker):
    client.force_login(fact_checker)

    client.post(change_url(article), form_data(article, watch_paused="on"))

    stored = Article.objects.get(pk=article.pk)
    assert stored.watch_paused is True
    assert stored.corrected_fields == []
    assert stored.history.latest("history_date").history_change_reason == "watching paused"


def test_the_change_page_says_where_watching_stands(client, article, fact_checker):
    url_report = services.article_import(
        parsed=ParsedArticle(
            body=BODY, raw_input=BODY, format="html", source="https://news.example.org/budget"
        ),
        acting_user=None,
    ).article
    client.force_login(fact_checker)

    from_file = client.get(change_url(article)).content.decode()
    from_url = client.get(change_url(url_report)).content.decode()

    assert "Not watched: only reports imported from a web page are fetched again." in from_file
    assert "Not checked yet; first check" in from_url


def test_staff_who_may_only_view_see_the_stored_outlet_without_a_form(client, article, editor):
    correct(article, editor, outlet="Town Crier")
    viewer = UserFactory(username="viewer")
    viewer.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="articles", codename="view_article")
    )
    client.force_login(viewer)

    response = client.get(change_url(article))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Town Crier" in content
    assert 'name="edit_token"' not in content
