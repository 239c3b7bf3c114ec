"""SQLite's planner statistics are kept by the CMS itself (factcheck.dbstats)."""

import io

import pytest
from django.core.management import call_command
from django.db import connection

from articles import services as article_services
from factcheck import dbstats
from tests.conftest import SEEDS

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL keeps its own"),
]


def analysed():
    """``{table: rows}`` as the planner last saw them."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if not cursor.fetchone():
            return {}
        cursor.execute("SELECT tbl, stat FROM sqlite_stat1")
        return {table: int(stat.split()[0]) for table, stat in cursor.fetchall()}


def forget():
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if cursor.fetchone():
            cursor.execute("DELETE FROM sqlite_stat1")


def test_an_import_batch_leaves_statistics_for_the_articles_it_stored():
    forget()

    article_services.articles_import(inputs=article_services.inputs_from_folder(SEEDS))

    assert analysed().get("articles_article") == 3


def test_analyze_covers_every_table_with_rows(django_user_model):
    forget()
    django_user_model.objects.create(username="someone")

    dbstats.analyze()

    stats = analysed()
    assert stats["auth_user"] == 1
    assert stats["factcheck_rating"] > 0  # the default scale, installed after migrate


def test_rebuild_search_index_refreshes_the_statistics(django_user_model):
    forget()
    django_user_model.objects.create(username="someone")

    call_command("rebuild_search_index", stdout=io.StringIO())

    assert analysed()["auth_user"] == 1


def test_an_import_batch_reanalyses_only_the_articles_tables_it_doubled(django_user_model):
    article_services.articles_import(inputs=article_services.inputs_from_folder(SEEDS))
    django_user_model.objects.create(username="someone")
    dbstats.analyze()
    before = analysed()

    # Told of three rows added to a table of three: doubled, analysed again. Nothing
    # else is, however much this connection read or wrote elsewhere.
    assert dbstats.refresh_grown({"articles_article": 3, "auth_user": 0}) == ["articles_article"]
    # One row beside three: the statistics stand.
    assert dbstats.refresh_grown({"articles_article": 1}) == []
    assert analysed()["auth_user"] == before["auth_user"]
