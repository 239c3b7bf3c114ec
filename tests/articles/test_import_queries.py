"""How many statements a batch import costs: a fixed few per batch, and the
same few per article however many the batch holds (issue #18)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles import services
from articles.models import Article, ArticleRevision, Outlet

pytestmark = pytest.mark.django_db

# Inside the test's transaction, so each input's transaction is a savepoint.
PER_ARTICLE = (
    1  # SAVEPOINT: the input's transaction
    + 1  # SAVEPOINT: article_import's own
    + 1  # SELECT ... FOR UPDATE: an article of that source already?
    + 1  # SAVEPOINT: the create, which a concurrent import may win
    + 1  # INSERT the article
    + 1  # INSERT its history row
    + 1  # INSERT its first revision
    + 3  # RELEASE the three savepoints
)
SQLITE = connection.vendor == "sqlite"
# Once per batch: the outlet, looked up by name once and then remembered;
# on SQLite, the planner statistics' row counts, read once after the batch.
PER_BATCH = 1 + (1 if SQLITE else 0)
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


def test_a_batch_costs_the_same_statements_per_article_and_looks_its_outlet_up_once(
    django_assert_num_queries,
):
    Outlet.objects.create(name="The Kessel Courier", slug="the-kessel-courier")

    with django_assert_num_queries(PER_BATCH + ANALYZED + 3 * PER_ARTICLE):
        services.articles_import(
            inputs=[text_file(n) for n in range(3)], outlet_name="The Kessel Courier"
        )
    # Twice the articles: twice the statements per article, the batch's own the same.
    assert import_batch(6, first=3) == PER_BATCH + ANALYZED + 6 * PER_ARTICLE
    # Two more beside nine: the statistics stand.
    assert import_batch(2, first=9) == PER_BATCH + 2 * PER_ARTICLE

    assert Article.objects.filter(outlet__name="The Kessel Courier").count() == 11
    assert ArticleRevision.objects.count() == 11
    assert Article.history.filter(history_type="+").count() == 11


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
