"""PostgreSQL: the claim's search document as a stored column.

Migration 0004 indexed an expression, so the GIN index found the matches but
ranking them (``ts_rank``) parsed each match's three text columns again:
the floor of a two-word search was 267 ms at a million claims, the page
445 ms (``make bench``). The same weighted document is now a generated
column, ``search_document``, kept by PostgreSQL itself and indexed under the
old index's name; ranking reads it. It is not a model field (SQLite has its
FTS5 table instead): ``factcheck.search`` refers to it by name. SQLite: nothing.
"""

from django.db import migrations

DOCUMENT = (
    "setweight(to_tsvector('english'::regconfig, COALESCE(statement, '')), 'A') || "
    "setweight(to_tsvector('english'::regconfig, COALESCE(quote, '')), 'B') || "
    "setweight(to_tsvector('english'::regconfig, COALESCE(ruling, '')), 'C')"
)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS factcheck_claim_search")
    schema_editor.execute(
        "ALTER TABLE factcheck_claim ADD COLUMN search_document tsvector "
        f"GENERATED ALWAYS AS ({DOCUMENT}) STORED"
    )
    schema_editor.execute(
        "CREATE INDEX factcheck_claim_search ON factcheck_claim USING gin (search_document)"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS factcheck_claim_search")
    schema_editor.execute("ALTER TABLE factcheck_claim DROP COLUMN search_document")
    schema_editor.execute(
        f"CREATE INDEX factcheck_claim_search ON factcheck_claim USING gin (({DOCUMENT}))"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("factcheck", "0009_rating_published_claims"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
