import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles import services
from articles.importers import ImportRefused, ParsedArticle
from articles.models import Article, ArticleRevision, Outlet, Story
from articles.signals import article_revised

pytestmark = pytest.mark.django_db

BODY = "The council approved the budget on Tuesday.\n\nIt passed by 7 votes to 2."


def parsed(**overrides):
    values = {
        "body": BODY,
        "raw_input": BODY,
        "format": "text",
        "source": "council.txt",
        "headline": "Council passes budget",
        "outlet": "Town Crier",
        "published_on": datetime.date(2026, 3, 3),
    }
    values.update(overrides)
    return ParsedArticle(**values)


def test_first_import_creates_article_revision_and_outlet(editor):
    outcome = services.article_import(parsed=parsed(), acting_user=editor)

    assert outcome.status == services.Status.CREATED
    article = Article.objects.get()
    assert article.headline == "Council passes budget"
    assert article.outlet.name == "Town Crier"
    assert article.imported_by == editor
    assert [r.number for r in article.revisions.all()] == [1]
    assert article.revisions.get().created_by == editor


def test_a_time_with_any_offset_python_reads_is_stored_as_its_instant(editor):
    # ISO 8601 allows offsets to ±23:59; PostgreSQL refuses any past ±15:59,
    # and such an import failed with a database error (found by the fuzzer).
    odd = datetime.timezone(datetime.timedelta(hours=16))
    moment = datetime.datetime(2000, 1, 1, 12, 0, tzinfo=odd)

    outcome = services.article_import(parsed=parsed(published_at=moment), acting_user=editor)

    assert outcome.status == services.Status.CREATED
    article = Article.objects.get()
    assert article.published_at == moment
    assert article.published_at == datetime.datetime(1999, 12, 31, 20, 0, tzinfo=datetime.UTC)


def test_import_records_acting_user_in_history(editor):
    services.article_import(parsed=parsed(), acting_user=editor)

    entry = Article.history.get()
    assert entry.history_user == editor
    assert entry.history_change_reason == "import"


def test_unchanged_reimport_writes_nothing(editor):
    services.article_import(parsed=parsed(), acting_user=editor)

    with CaptureQueriesContext(connection) as queries:
        outcome = services.article_import(parsed=parsed(), acting_user=editor)

    assert outcome.status == services.Status.UNCHANGED
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert writes == []
    assert Article.history.count() == 1
    assert ArticleRevision.objects.count() == 1


def test_changed_body_keeps_old_text_as_revision(editor):
    services.article_import(parsed=parsed(), acting_user=editor)
    new_body = BODY.replace("7 votes to 2", "8 votes to 1")

    outcome = services.article_import(
        parsed=parsed(body=new_body, raw_input=new_body), acting_user=editor
    )

    assert outcome.status == services.Status.REVISED
    article = Article.objects.get()
    assert article.body == new_body
    revisions = list(article.revisions.order_by("number"))
    assert [r.body for r in revisions] == [BODY, new_body]
    assert revisions[1].is_trivial is False


def test_whitespace_and_punctuation_change_is_marked_trivial(editor):
    services.article_import(parsed=parsed(), acting_user=editor)
    new_body = BODY.replace("Tuesday.", "Tuesday!").replace("7 votes", "7  votes")

    outcome = services.article_import(parsed=parsed(body=new_body), acting_user=editor)

    assert outcome.revision.is_trivial is True


def test_change_of_a_letter_is_not_trivial(editor):
    services.article_import(parsed=parsed(), acting_user=editor)
    new_body = BODY.replace("budget", "budgets")

    outcome = services.article_import(parsed=parsed(body=new_body), acting_user=editor)

    assert outcome.revision.is_trivial is False


def test_metadata_change_updates_without_revision(editor):
    services.article_import(parsed=parsed(), acting_user=editor)

    outcome = services.article_import(parsed=parsed(byline="Jo Bloggs"), acting_user=editor)

    assert outcome.status == services.Status.UPDATED
    assert Article.objects.get().byline == "Jo Bloggs"
    assert ArticleRevision.objects.count() == 1


def test_revision_is_announced_with_the_one_it_replaces(editor):
    received = []

    def receiver(sender, article, revision, previous, **kwargs):
        received.append((article.pk, previous.number, revision.number))

    article_revised.connect(receiver)
    try:
        services.article_import(parsed=parsed(), acting_user=editor)
        services.article_import(parsed=parsed(body=BODY + "\n\nMore."), acting_user=editor)
    finally:
        article_revised.disconnect(receiver)

    assert received == [(Article.objects.get().pk, 1, 2)]


def test_a_failing_revision_receiver_undoes_the_revision(editor):
    """Receivers run inside the import's transaction: what they write (claims
    moved onto the new text) is stored with the revision or not at all."""
    services.article_import(parsed=parsed(), acting_user=editor)

    def receiver(**kwargs):
        raise RuntimeError("re-anchoring failed")

    article_revised.connect(receiver)
    try:
        with pytest.raises(RuntimeError):
            services.article_import(parsed=parsed(body=BODY + "\n\nMore."), acting_user=editor)
    finally:
        article_revised.disconnect(receiver)

    assert Article.objects.get().body == BODY
    assert list(ArticleRevision.objects.values_list("number", flat=True)) == [1]


def test_outlet_is_matched_case_insensitively(editor):
    services.article_import(parsed=parsed(), acting_user=editor)
    services.article_import(
        parsed=parsed(source="other.txt", outlet="TOWN CRIER"), acting_user=editor
    )

    assert Outlet.objects.count() == 1


def test_outlet_override_wins_over_parsed_outlet(editor):
    services.article_import(parsed=parsed(), acting_user=editor, outlet_name="Daily Planet")

    assert Article.objects.get().outlet.name == "Daily Planet"


def test_story_is_created_from_slug_when_missing(editor):
    story = services.story_get_or_create(
        spec=services.StorySpec(slug="budget-vote"), acting_user=editor
    )

    assert story.title == "Budget vote"
    assert services.story_get_or_create(spec=services.StorySpec(slug="budget-vote")) == story


def test_json_story_slug_puts_article_in_story(editor):
    services.article_import(parsed=parsed(story="budget-vote"), acting_user=editor)

    assert Article.objects.get().story == Story.objects.get(slug="budget-vote")


def test_failed_input_does_not_stop_the_others(editor):
    report = services.articles_import(
        inputs=[
            services.ImportInput.from_bytes("empty.txt", b""),
            services.ImportInput.from_bytes("good.txt", b"A plain paragraph of news text."),
        ],
        acting_user=editor,
    )

    assert [o.status for o in report.outcomes] == ["failed", "created"]
    assert report.failed[0].reason == "the file is empty"
    assert Article.objects.count() == 1


def test_display_title_skips_a_section_label_but_headline_stays_empty(editor):
    body = "TL;DR\n\nThe council approved the new budget on Tuesday. It passed."
    outcome = services.article_import(
        parsed=parsed(body=body, raw_input=body, headline=""), acting_user=editor
    )

    assert outcome.article.headline == ""
    assert outcome.article.display_title == "The council approved the new budget on Tuesday."


def test_metadata_longer_than_its_column_is_shortened_at_a_word(editor):
    authors = ", ".join(f"Reporter Number{n}" for n in range(60))

    outcome = services.article_import(
        parsed=parsed(byline=authors, outlet="Outlet " * 60, url="https://x.org/" + "a" * 2000),
        acting_user=editor,
    )

    article = Article.objects.get(pk=outcome.article.pk)
    assert len(article.byline) <= 300
    assert article.byline.endswith("…")
    assert article.byline.startswith("Reporter Number0, Reporter Number1")
    assert len(article.outlet.name) <= 200
    assert article.url == ""


def test_an_identity_too_long_to_store_is_refused(editor):
    with pytest.raises(ImportRefused, match="too long to identify"):
        services.article_import(parsed=parsed(source="x" * 1200), acting_user=editor)
