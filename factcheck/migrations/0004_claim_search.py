"""Full-text search structures for claims, per database (see factcheck/search.py).

PostgreSQL: a GIN index on the weighted tsvector of statement, quote and
ruling. The expression is written out here (migrations must not change when
code does) and must stay identical to ``factcheck.search.claim_search_vector``;
tests/public/test_search.py checks that the planner uses the index.

SQLite: an FTS5 table holding published claims, filled here from what is
already published. It is not a model table, so no model state changes.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

GIN_INDEX_NAME = "factcheck_claim_search"
FTS_TABLE = "factcheck_claim_fts"


def gin_index():
    return GinIndex(
        SearchVector("statement", weight="A", config="english")
        + SearchVector("quote", weight="B", config="english")
        + SearchVector("ruling", weight="C", config="english"),
        name=GIN_INDEX_NAME,
    )


def create_search(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.add_index(apps.get_model("factcheck", "Claim"), gin_index())
    elif vendor == "sqlite":
        schema_editor.execute(
            f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5("
            "statement, quote, ruling, claimant, "
            "tokenize = 'porter unicode61 remove_diacritics 2')"
        )
        schema_editor.execute(
            f"INSERT INTO {FTS_TABLE} (rowid, statement, quote, ruling, claimant) "  # noqa: S608
            "SELECT c.id, c.statement, c.quote, c.ruling, COALESCE(p.name, '') "
            "FROM factcheck_claim c LEFT JOIN factcheck_claimant p ON p.id = c.claimant_id "
            "WHERE c.status = 'published'"
        )


def drop_search(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("factcheck", "Claim"), gin_index())
    elif vendor == "sqlite":
        schema_editor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")


class Migration(migrations.Migration):
    dependencies = [
        ("factcheck", "0003_site_pages"),
    ]

    operations = [
        migrations.RunPython(create_search, drop_search),
    ]
