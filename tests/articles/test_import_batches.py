"""
A batch import writes in chunks (``articles.services.articles_import``): the
chunk's look-ups once, its new articles, their history and first revisions in
one insert each. What it stores must be what importing each file by itself
stores, row for row; a bad file fails alone; a failed insert loses nothing.
"""

import contextlib
import datetime
import logging
import threading

import pytest
from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models.signals import post_save
from django.utils import timezone

from articles import services
from articles.importers import ImportRefused, parse_document, printable
from articles.models import Article, ArticleRevision, Outlet, Story
from factcheck import services as factcheck_services
from factcheck.models import Claim
from tests.conftest import FIXTURES

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 3, 3, 9, 30, tzinfo=datetime.UTC)

# Real inputs of every format: outlets new and repeated, a feed of several
# articles with a story of its own, metadata that must be shortened.
FILES = [
    *sorted((FIXTURES / "text").glob("*.txt")),
    *sorted((FIXTURES / "html").glob("*.html")),
    FIXTURES / "json" / "feed.json",
    FIXTURES / "json" / "single.json",
]
BRIDGE = (
    "The council met on Tuesday.\n\n"
    "The mayor said the new bridge cost $4 million to build.\n\n"
    "Residents complained about the noise during construction."
)


@pytest.fixture
def frozen_clock(monkeypatch):
    # Rows two imports write compare equal only if their timestamps do.
    monkeypatch.setattr(timezone, "now", lambda: NOW)


def inputs(paths=FILES):
    return [services.ImportInput.from_path(path) for path in paths]


def text_input(name, body):
    return services.ImportInput.from_bytes(name, body.encode())


def import_each_by_itself(items, **options):
    """The reference: every article saved by ``article_import`` on its own,
    one transaction per file, as an import did before it wrote in chunks."""
    for item in items:
        with contextlib.suppress(ImportRefused), transaction.atomic():
            data, url = item.load()
            for parsed in parse_document(data, name=item.name, url=url, max_bytes=10**7):
                services.article_import(parsed=parsed, **options)


def stored():
    """Every row an import writes, with keys replaced by what they stand for
    (a source, a name, a slug), so that two imports compare equal row for row."""
    outlets = dict(Outlet.objects.values_list("pk", "name"))
    stories = dict(Story.objects.values_list("pk", "slug"))
    sources = dict(Article.objects.values_list("pk", "source"))

    def rows(queryset, *, keys=("id",)):
        found = []
        for row in queryset.values():
            for key in keys:
                row.pop(key)
            if "outlet_id" in row:
                row["outlet_id"] = outlets.get(row["outlet_id"])
            if "story_id" in row:
                row["story_id"] = stories.get(row["story_id"])
            if "article_id" in row:
                row["article_id"] = sources[row["article_id"]]
            found.append(row)
        return sorted(found, key=repr)

    return {
        "articles": rows(Article.objects.all()),
        "article history": rows(Article.history.all(), keys=("id", "history_id")),
        "revisions": rows(ArticleRevision.objects.all()),
        "outlets": rows(Outlet.objects.all()),
        "outlet history": rows(Outlet.history.all(), keys=("id", "history_id")),
        "stories": rows(Story.objects.all()),
        "story history": rows(Story.history.all(), keys=("id", "history_id")),
    }


def forget_everything():
    # Deleting writes history rows of its own: the history goes last.
    ArticleRevision.objects.all().delete()
    for model in (Article, Outlet, Story):
        model.objects.all().delete()
    for model in (Article, Outlet, Story):
        model.history.all().delete()


def lines(report):
    """What the command prints of each input, without the article ids."""
    return [str(outcome).split(" → ")[0] for outcome in report.outcomes]


# The same rows as one file at a time ---------------------------------------------------------


def test_a_batch_stores_every_file_as_importing_each_by_itself_does(frozen_clock, editor):
    spec = services.StorySpec(slug="harbour-week", title="Harbour week")

    report = services.articles_import(inputs=inputs(), acting_user=editor, story_spec=spec)

    assert [outcome.name for outcome in report.failed] == ["no_article.html"]
    created = [outcome for outcome in report.outcomes if outcome.status == "created"]
    assert len(created) == len(report.outcomes) - 1 > 10
    # Each outcome names its stored article and first revision, keys and all.
    for outcome in created:
        article = Article.objects.get(pk=outcome.article.pk)
        assert article.source == outcome.name
        assert outcome.revision.pk == article.revisions.get().pk
    history = Article.history.all()
    assert len(history) == len(created)
    assert {(row.history_type, row.history_user, row.history_change_reason) for row in history} == {
        ("+", editor, "import")
    }
    batched = stored()
    forget_everything()

    import_each_by_itself(inputs(), acting_user=editor, story_spec=spec)

    assert stored() == batched


def test_a_batch_without_a_user_or_story_files_articles_as_one_by_one(frozen_clock):
    services.articles_import(inputs=inputs())
    batched = stored()
    forget_everything()

    import_each_by_itself(inputs())

    assert stored() == batched
    assert set(Article.history.values_list("history_user", flat=True)) == {None}
    # The feed's articles are filed under the story the feed names.
    assert Story.objects.get().slug == "skerrow-harbour-dredging"


def test_re_imports_in_a_batch_revise_update_and_leave_alone_as_one_by_one(frozen_clock, editor):
    first = [text_input("bridge.txt", BRIDGE), text_input("same.txt", "Nothing changes here.")]
    services.articles_import(inputs=first, acting_user=editor)
    again = [
        text_input("bridge.txt", "Update: the cost was revised.\n\n" + BRIDGE),
        text_input("same.txt", "Nothing changes here."),
        text_input("new.txt", "A new report on the bridge."),
        text_input("new.txt", "A new report on the bridge, edited."),  # the same source twice
    ]

    report = services.articles_import(inputs=again, acting_user=editor)

    assert lines(report) == [
        "new revision bridge.txt",
        "unchanged  same.txt",
        "created    new.txt",
    ] + ["new revision new.txt"]
    bridge = Article.objects.get(source="bridge.txt")
    assert list(bridge.revisions.values_list("number", flat=True)) == [2, 1]
    assert bridge.history.first().history_change_reason == "re-import with a new revision"
    batched = stored()
    forget_everything()

    import_each_by_itself(first, acting_user=editor)
    import_each_by_itself(again, acting_user=editor)
    assert stored() == batched


def test_a_new_revision_in_a_batch_moves_the_claims_onto_it(editor, fact_checker):
    services.articles_import(inputs=[text_input("bridge.txt", BRIDGE)], acting_user=editor)
    claim = factcheck_services.claim_create(
        article=Article.objects.get(),
        quote="the new bridge cost $4 million",
        statement="The bridge cost $4 million.",
        acting_user=fact_checker,
    )
    updated = "Update: the cost was revised.\n\n" + BRIDGE

    services.articles_import(
        inputs=[text_input(f"other-{n}.txt", f"Report {n} on the vote.") for n in range(3)]
        + [text_input("bridge.txt", updated)],
        acting_user=editor,
    )

    claim = Claim.objects.get(pk=claim.pk)
    assert claim.anchored_revision == 2
    assert updated[claim.start : claim.end] == "the new bridge cost $4 million"


def test_a_new_article_has_no_post_save_receiver_the_batch_leaves_out():
    # Bulk inserts send no post_save. The chunk writes what the receivers of a
    # new article's post_save write: its history row, and for the fact-check
    # app's receiver nothing (it ignores a new article). A receiver added
    # later must be written by the batch too, or be told of it: this fails first.
    receivers = {
        f"{receiver.__module__}.{receiver.__qualname__}"
        for receiver in post_save._live_receivers(Article)[0]
    }
    assert receivers == {
        "simple_history.models.HistoricalRecords.post_save",
        "factcheck.receivers.article_saved",
    }


# One bad file ----------------------------------------------------------------------------------


def test_one_bad_file_in_a_batch_gets_its_error_and_writes_nothing_the_others_land(editor):
    # Its first article is stored, bringing a new outlet; the second's
    # identity, "<file name>#2", is one character too long to store.
    feed = (
        b'[{"body": "First.", "url": "https://example.com/1", "outlet": "Brand New Gazette"},'
        b' {"body": "Second."}]'
    )
    feed_name = "f" * 994 + ".json"
    items = [
        text_input("before.txt", "A report before the bad file."),
        services.ImportInput.from_bytes(feed_name, feed),
        text_input("empty.txt", ""),
        services.ImportInput.from_bytes(
            "gazette.json", b'{"body": "x", "outlet": "Brand New Gazette"}'
        ),
        text_input("after.txt", "A report after the bad file."),
    ]

    report = services.articles_import(inputs=items, acting_user=editor)

    assert lines(report) == [
        "created    before.txt",
        f"failed     {printable(feed_name)}: article 2: the file name or URL is too long "
        "to identify the article",
        "failed     empty.txt: the file is empty",
        "created    gazette.json#1",
        "created    after.txt",
    ]
    assert sorted(Article.objects.values_list("source", flat=True)) == [
        "after.txt",
        "before.txt",
        "gazette.json#1",
    ]
    assert ArticleRevision.objects.count() == Article.history.count() == 3
    # The outlet the failed feed created went with it; the next file made its own, once.
    [gazette] = Outlet.objects.all()
    assert gazette.name == "Brand New Gazette"
    assert list(gazette.articles.values_list("source", flat=True)) == ["gazette.json#1"]
    assert Outlet.history.count() == 1


def test_a_crash_inside_one_file_is_that_files_internal_error(monkeypatch, caplog, editor):
    real = services.article_import

    def crash_on_the_second(*, parsed, **kwargs):
        outcome = real(parsed=parsed, **kwargs)  # queued, then thrown away with the file
        if parsed.source == "2.txt":
            raise ZeroDivisionError("division by zero")
        return outcome

    monkeypatch.setattr(services, "article_import", crash_on_the_second)
    with caplog.at_level(logging.ERROR, logger="articles.services"):
        report = services.articles_import(
            inputs=[text_input(f"{n}.txt", f"Report number {n}.") for n in range(1, 4)],
            acting_user=editor,
        )

    assert lines(report) == [
        "created    1.txt",
        "failed     internal error importing 2.txt: ZeroDivisionError: division by zero",
        "created    3.txt",
    ]
    assert sorted(Article.objects.values_list("source", flat=True)) == ["1.txt", "3.txt"]
    assert ArticleRevision.objects.count() == Article.history.count() == 2
    [record] = caplog.records
    assert record.getMessage() == "Internal error importing 2.txt"


# A failed insert ------------------------------------------------------------------------------


def test_an_insert_that_fails_mid_chunk_stores_each_file_one_by_one(
    frozen_clock, monkeypatch, caplog, editor
):
    services.articles_import(inputs=[text_input("bridge.txt", BRIDGE)], acting_user=editor)
    real = services._insert_created
    attempts = []

    def taken_first(pending):
        # As a concurrent import would: the first new source is stored
        # already, so the chunk's insert breaks the unique constraint.
        attempts.append([article.source for article, _revision in pending])
        article, _revision = pending[0]
        Article.objects.create(
            source=article.source, body="x", raw_input="x", format="text", content_hash="x",
            imported_at=NOW, updated_at=NOW,
        )  # fmt: skip
        real(pending)

    monkeypatch.setattr(services, "_insert_created", taken_first)
    items = [
        text_input("a.txt", "Report A."),
        text_input("bridge.txt", "Update: the cost was revised.\n\n" + BRIDGE),
        text_input("empty.txt", ""),
        services.ImportInput.from_bytes("b.json", b'{"body": "Report B.", "outlet": "New Wire"}'),
    ]

    with caplog.at_level(logging.WARNING, logger="articles.services"):
        report = services.articles_import(inputs=items, acting_user=editor)

    assert attempts == [["a.txt", "b.json#1"]]
    [warning] = caplog.records
    assert warning.getMessage().startswith(
        "Inserting 2 new articles together failed (IntegrityError"
    )
    # Nothing the rolled back chunk wrote is left, nor anything twice.
    assert lines(report) == [
        "created    a.txt",
        "new revision bridge.txt",
        "failed     empty.txt: the file is empty",
        "created    b.json#1",
    ]
    assert list(Article.objects.get(source="bridge.txt").revisions.values_list("number")) == [
        (2,),
        (1,),
    ]
    batched = stored()
    forget_everything()
    import_each_by_itself([text_input("bridge.txt", BRIDGE)], acting_user=editor)
    import_each_by_itself([items[0], items[1], items[3]], acting_user=editor)
    assert stored() == batched


class _DeadlockDetected(Exception):
    """What the PostgreSQL driver raises when the server ends a deadlock."""

    sqlstate = "40P01"


def _deadlock() -> OperationalError:
    """The error Django raises for it: the driver's error as its cause."""
    try:
        raise OperationalError("deadlock detected") from _DeadlockDetected()
    except OperationalError as exc:
        return exc


@pytest.mark.parametrize(
    ("failure", "logged"),
    [
        # A bug in the bulk insert.
        (TypeError("a bug in the bulk insert"), "TypeError: a bug in the bulk insert"),
        # A chunk PostgreSQL ended to settle a deadlock with another import.
        (_deadlock(), "rolled back by the database"),
    ],
    ids=["bug", "deadlock"],
)
def test_a_chunk_that_fails_is_logged_and_its_files_land_one_at_a_time(
    monkeypatch, caplog, failure, logged
):
    def failing(pending):
        raise failure

    monkeypatch.setattr(services, "_insert_created", failing)
    with caplog.at_level(logging.WARNING, logger="articles.services"):
        report = services.articles_import(
            inputs=[text_input(f"{n}.txt", f"Report number {n}.") for n in range(3)]
        )

    assert [outcome.status for outcome in report.outcomes] == ["created"] * 3
    assert ArticleRevision.objects.count() == Article.history.count() == 3
    assert logged in caplog.records[0].getMessage()


def test_the_database_going_away_still_stops_the_batch(monkeypatch):
    def gone(pending):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(services, "_insert_created", gone)
    with pytest.raises(OperationalError):
        services.articles_import(inputs=[text_input("0.txt", "Report number 0.")])

    assert not Article.objects.exists()


def test_every_file_of_every_chunk_is_reported_in_order(monkeypatch):
    monkeypatch.setattr(services, "CHUNK_INPUTS", 4)
    heard = []

    report = services.articles_import(
        inputs=[text_input(f"{n:02d}.txt", f"Report number {n}.") for n in range(10)],
        on_progress=lambda position, outcome: heard.append((position, outcome.name)),
    )

    assert heard == [(n + 1, f"{n:02d}.txt") for n in range(10)]
    assert [outcome.status for outcome in report.outcomes] == ["created"] * 10
    assert Article.objects.count() == ArticleRevision.objects.count() == 10


# Two batches at once ---------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_simultaneous_batches_of_the_same_files_store_each_once(editor):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL; SQLite serialises them")
    start = threading.Barrier(2, timeout=10)
    reports = []

    def import_batch():
        try:
            start.wait()
            reports.append(
                services.articles_import(
                    inputs=[text_input(f"{n}.txt", f"Report number {n}.") for n in range(5)],
                    acting_user=editor,
                )
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=import_batch) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    statuses = sorted(tuple(o.status for o in report.outcomes) for report in reports)
    assert statuses == [("created",) * 5, ("unchanged",) * 5]
    assert Article.objects.count() == ArticleRevision.objects.count() == 5
    assert Article.history.count() == 5


def test_after_a_failed_insert_each_file_is_stored_again_by_itself(monkeypatch):
    def refuse(pending):
        raise IntegrityError("duplicate key value violates unique constraint")

    monkeypatch.setattr(services, "_insert_created", refuse)
    real = services.article_import
    calls = []

    def count(**kwargs):
        calls.append(kwargs["parsed"].source)
        return real(**kwargs)

    monkeypatch.setattr(services, "article_import", count)

    report = services.articles_import(
        inputs=[text_input("1.txt", "One."), text_input("2.txt", "Two.")]
    )

    # Once in the chunk, once more each on their own.
    assert calls == ["1.txt", "2.txt", "1.txt", "2.txt"]
    assert [outcome.status for outcome in report.outcomes] == ["created", "created"]
