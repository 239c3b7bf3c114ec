"""Indexes for the filters and orderings of the public site and the claims admin,
found by ``make bench`` (benchmarks/) on an archive of 100,000 and 1,000,000 claims.

Each is declared in ``Claim.Meta.indexes`` too, so the model state and the
database agree (and SQLite's table rebuilds keep them).

- ``status, -published_at, -id`` replaces ``status, -published_at``: the
  public lists' order exactly (ties broken by id), and on PostgreSQL the keys
  of a deep page from the index alone.
- ``rating`` of published claims (a partial index): the verdict counts beside
  every public list and the count of a list filtered by verdict, read from
  the index alone on PostgreSQL. Partial rather than ``status, rating``: SQLite
  without statistics would take a covering index led by ``status`` for the
  verdict counts under a search too, and probe the search index once for
  every published claim (seconds) instead of starting from the matches.
- ``claimant, status`` and ``article, status``: "has a published claim" for the
  claimant, story and outlet choices of the public filters, and those filters.
- ``updated_at, id`` and ``status, updated_at, id``: the admin changelist's
  default order (``-updated_at, -pk``), unfiltered and by status, read
  backwards so the first page stops after 50 rows instead of sorting them all.
- ``updated_at`` where the passage is orphaned: the dashboard's and the
  changelist's "needs review" lists (a few rows; a partial index stays small).
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("factcheck", "0005_jobs"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="claim", name="factcheck_c_status_ea34a8_idx"),
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(
                fields=["status", "-published_at", "-id"], name="claim_public_order_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(
                fields=["rating"],
                condition=models.Q(status="published"),
                name="claim_published_rating_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(fields=["claimant", "status"], name="claim_claimant_status_idx"),
        ),
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(fields=["article", "status"], name="claim_article_status_idx"),
        ),
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(fields=["updated_at", "id"], name="claim_updated_idx"),
        ),
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(
                fields=["status", "updated_at", "id"], name="claim_status_updated_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(
                fields=["updated_at"],
                condition=models.Q(anchor_status="orphaned"),
                name="claim_orphaned_idx",
            ),
        ),
    ]
