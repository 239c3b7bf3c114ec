"""PostgreSQL: trigram indexes for the public list's typed names.

Past a hundred stories or claimants the list's filters take a typed name
(``factcheck.public.filters.PublicChoiceField``), looked up as the exact
slug, the exact name in any case or a name containing it: ``UPPER(name)
LIKE UPPER('%…%')``, which read all 50,000 claimants of a million-claim
archive (66 ms on every page filtered by one; a story's title 26 ms).
pg_trgm's GIN indexes on the very expressions Django compares answer the
equality and the ``LIKE`` (1.3 and 0.3 ms); the staff search's claimant
names go through the same index. pg_trgm is migration 0008's. SQLite:
nothing (a scan of the small tables there is what it was).
"""

from django.db import migrations

INDEXES = (
    ("claimant_name_trgm", "factcheck_claimant", "name"),
    ("story_title_trgm", "articles_story", "title"),
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, column in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (UPPER({column}) gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _, _ in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0004_story_tags"),
        ("factcheck", "0023_sitemap_latest_change_indexes"),
    ]

    operations = [
        migrations.RunPython(create, drop),
    ]
