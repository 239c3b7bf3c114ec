"""How many statements a batch import costs: a fixed few per chunk of fifty
files, and the same two per file however many the batch holds (issue #18)."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.text import slugify

from articles import services
from articles.models import Article, ArticleRevision, Outlet, Story

pytestmark = pytest.mark.django_db

# Inside the test's transaction, so a chunk's transaction is a savepoint.
PER_CHUNK = (
    1  # SAVEPOINT: the chunk's transaction
    + 1  # SELECT the outlets the chunk names, all at once
    + 1  # SELECT ... FOR UPDATE the articles of the chunk's sources, all at once
    + 3  # INSERT the new articles, their history rows, their first revisions
    + 1  # RELEASE the chunk's savepoint
)
PER_FILE = 2  # SAVEPOINT and RELEASE: the file's own, so that a bad file fails alone
SQLITE = connection.vendor == "sqlite"
# Once per batch on SQLite: the planner statistics' row counts, read after it.
PER_BATCH = 1 if SQLITE else 0
# On SQLite, a batch that at least doubles the articles tables re-analyses
# the three it grew (articles, their history, their revisions).
ANALYZED = 3 if SQLITE else 0


def text_file(number):
    body = (
        f"Ferry report {number}\n\nBy Mei Tanaka\nThe Kessel Courier\nMarch 4, 2026\n\n"
        f"The harbour ferry carried {number + 300} passengers on its first day. " * 3
    )
    return services.ImportInput.from_bytes(f"ferry-{number}.txt", body.encode())


def import_batch(files, first=0):
    with CaptureQueriesContext(connection) as queries:
        report = services.articles_import(
            inputs=[text_file(n) for n in range(first, first + files)],
            outlet_name="The Kessel Courier",
        )
    assert [o.status for o in report.outcomes] == [services.Status.CREATED] * files
    return len(queries)


def test_a_batch_costs_a_few_statements_per_chunk_and_two_per_file(django_assert_num_queries):
    Outlet.objects.create(name="The Kessel Courier", slug="the-kessel-courier")

    with django_assert_num_queries(PER_BATCH + ANALYZED + PER_CHUNK + 3 * PER_FILE):
        services.articles_import(
            inputs=[text_file(n) for n in range(3)], outlet_name="The Kessel Courier"
        )
    # Twice the files: two statements more per file, the chunk's the same.
    assert import_batch(6, first=3) == PER_BATCH + ANALYZED + PER_CHUNK + 6 * PER_FILE
    # Sixty files: two chunks (fifty and ten).
    assert import_batch(60, first=9) == PER_BATCH + ANALYZED + 2 * PER_CHUNK + 60 * PER_FILE

    assert Article.objects.filter(outlet__name="The Kessel Courier").count() == 69
    assert ArticleRevision.objects.count() == 69
    assert Article.history.filter(history_type="+").count() == 69


def test_large_files_make_smaller_chunks(monkeypatch, django_assert_num_queries):
    # Fifty large uploads are not held in memory at once: a chunk ends once
    # its parsed text reaches CHUNK_CHARACTERS (here, every file's). No
    # outlet is named: no chunk looks one up.
    monkeypatch.setattr(services, "CHUNK_CHARACTERS", 1)

    with django_assert_num_queries(PER_BATCH + ANALYZED + 3 * (PER_CHUNK - 1 + PER_FILE)):
        report = services.articles_import(inputs=[text_file(n) for n in range(3)])

    assert [outcome.status for outcome in report.outcomes] == [services.Status.CREATED] * 3


def test_files_naming_outlets_and_stories_look_each_up_once_per_chunk(django_assert_num_queries):
    for name in ("Daily Example", "Coast Wire"):
        Outlet.objects.create(name=name, slug=slugify(name))
    Story.objects.create(title="Budget", slug="budget")
    feed = [
        {
            "body": f"Report {n}.",
            "url": f"https://example.com/{n}",
            "story": "budget",
            "outlet": outlet,
        }
        for n, outlet in enumerate(["Daily Example", "coast wire", "DAILY EXAMPLE", "Coast Wire"])
    ]
    files = [
        services.ImportInput.from_bytes(f"feed-{n}.json", json.dumps(feed[n::2]).encode())
        for n in range(2)
    ]

    # One more than a chunk of text files: the stories, looked up once.
    with django_assert_num_queries(PER_BATCH + ANALYZED + PER_CHUNK + 1 + 2 * PER_FILE):
        report = services.articles_import(inputs=files)

    assert [outcome.status for outcome in report.outcomes] == ["created"] * 4
    assert [(a.outlet.name, a.story.slug) for a in Article.objects.order_by("source")] == [
        ("Daily Example", "budget"),
        ("Coast Wire", "budget"),
        ("Daily Example", "budget"),
        ("Coast Wire", "budget"),
    ]
    assert Outlet.objects.count() == 2


def test_an_outlet_created_by_a_failed_input_is_not_remembered_for_the_next(monkeypatch):
    real = services.article_import
    calls = []

    def fail_the_first(*, parsed, **kwargs):
        outcome = real(parsed=parsed, **kwargs)  # the outlet is created, then rolled back
        calls.append(parsed.source)
        if len(calls) == 1:
            raise services.ImportRefused("refused after writing")
        return outcome

    monkeypatch.setattr(services, "article_import", fail_the_first)
    report = services.articles_import(
        inputs=[text_file(1), text_file(2)], outlet_name="Brand New Gazette"
    )

    assert [o.status for o in report.outcomes] == [services.Status.FAILED, services.Status.CREATED]
    [article] = Article.objects.all()
    assert article.outlet.name == "Brand New Gazette"
    assert Outlet.objects.filter(name="Brand New Gazette").count() == 1
