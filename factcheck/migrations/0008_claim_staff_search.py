"""Substring search of claims for staff, through an index (factcheck/search.py).

PostgreSQL: pg_trgm's GIN indexes on ``UPPER(statement)`` and ``UPPER(quote)``,
the very expressions Django's ``icontains`` compares, so ``LIKE '%word%'``
is answered from the index. Creating the extension needs a role allowed to;
on a managed server where the application's role is not, create it once by
hand (``CREATE EXTENSION pg_trgm``) and this migration finds it there.

SQLite: an FTS5 table with the trigram tokenizer over the same two columns,
reading its text from the claim table (external content), filled here. Its
triggers are created after every migrate by ``staff_index_ensure``, since
SQLite drops a table's triggers whenever a migration rebuilds the table.
"""

from django.db import migrations

STAFF_FTS_TABLE = "factcheck_claim_text"
TRIGRAM_COLUMNS = ("statement", "quote")


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for column in TRIGRAM_COLUMNS:
            schema_editor.execute(
                f"CREATE INDEX claim_{column}_trgm ON factcheck_claim "
                f"USING gin (UPPER({column}) gin_trgm_ops)"
            )
    elif vendor == "sqlite":
        schema_editor.execute(
            f"CREATE VIRTUAL TABLE {STAFF_FTS_TABLE} USING fts5("
            "statement, quote, content = 'factcheck_claim', content_rowid = 'id', "
            "tokenize = 'trigram')"
        )
        schema_editor.execute(
            f"INSERT INTO {STAFF_FTS_TABLE} ({STAFF_FTS_TABLE}) VALUES ('rebuild')"
        )


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        for column in TRIGRAM_COLUMNS:
            schema_editor.execute(f"DROP INDEX IF EXISTS claim_{column}_trgm")
    elif vendor == "sqlite":
        for suffix in ("insert", "delete", "update"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {STAFF_FTS_TABLE}_{suffix}")
        schema_editor.execute(f"DROP TABLE IF EXISTS {STAFF_FTS_TABLE}")


class Migration(migrations.Migration):
    dependencies = [
        ("factcheck", "0007_claim_status_rating_index"),
    ]

    operations = [
        migrations.RunPython(create, drop),
    ]
