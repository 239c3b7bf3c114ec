"""Two imports of the same file at once: one article, one revision, no error to either."""

import threading

import pytest
from django.db import connection

from articles import services
from articles.models import Article, ArticleRevision

pytestmark = pytest.mark.django_db(transaction=True)

BODY = b"The council approved the budget on Tuesday by seven votes to two."


def test_simultaneous_imports_of_one_file_make_one_article(editor):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL; SQLite serialises them")
    start = threading.Barrier(4, timeout=10)
    outcomes = []

    def import_once():
        try:
            start.wait()
            report = services.articles_import(
                inputs=[services.ImportInput.from_bytes("budget.txt", BODY)], acting_user=editor
            )
            outcomes.extend(report.outcomes)
        finally:
            connection.close()

    threads = [threading.Thread(target=import_once) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(o.status for o in outcomes) == ["created", "unchanged", "unchanged", "unchanged"]
    assert Article.objects.count() == 1
    assert ArticleRevision.objects.count() == 1


def test_simultaneous_imports_naming_one_new_outlet_share_it(editor):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL; SQLite serialises them")
    start = threading.Barrier(4, timeout=10)
    outcomes = []

    def import_one(n):
        body = f"HARBOUR CITY (Coast Wire) — Report number {n} on the budget vote.".encode()
        try:
            start.wait()
            report = services.articles_import(
                inputs=[services.ImportInput.from_bytes(f"report-{n}.txt", body)],
                acting_user=editor,
            )
            outcomes.extend(report.outcomes)
        finally:
            connection.close()

    threads = [threading.Thread(target=import_one, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert [o.status for o in outcomes] == ["created"] * 4
    assert {a.outlet.name for a in Article.objects.select_related("outlet")} == {"Coast Wire"}
