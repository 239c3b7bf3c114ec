"""Each outlet's, story's and claimant's number of published claims of each
verdict (``PublishedCount``): the public list's verdict counts under one of
those filters, read from a few rows instead of counting the slice's claims.
Filled here from the claims."""

import django.db.models.deletion
from django.db import migrations, models


def count(apps, schema_editor):
    Claim = apps.get_model("factcheck", "Claim")
    PublishedCount = apps.get_model("factcheck", "PublishedCount")
    published = Claim.objects.filter(status="published", rating__isnull=False).order_by()
    rows = []
    for slice_, field in (
        ("outlet", "article__outlet"),
        ("story", "article__story"),
        ("claimant", "claimant"),
    ):
        grouped = (
            published.filter(**{f"{field}__isnull": False})
            .values_list(field, "rating")
            .annotate(n=models.Count("*"))
        )
        rows.extend(
            PublishedCount(slice=slice_, key=key, rating_id=rating_id, claims=n)
            for key, rating_id, n in grouped
        )
    PublishedCount.objects.bulk_create(rows, batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("factcheck", "0021_source_snapshots"),
    ]

    operations = [
        migrations.CreateModel(
            name="PublishedCount",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "slice",
                    models.CharField(
                        choices=[
                            ("outlet", "Outlet"),
                            ("story", "Story"),
                            ("claimant", "Claimant"),
                        ],
                        max_length=8,
                    ),
                ),
                ("key", models.BigIntegerField()),
                ("claims", models.PositiveIntegerField(default=0)),
                (
                    "rating",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="factcheck.rating",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("slice", "key", "rating"), name="published_count_once"
                    )
                ],
            },
        ),
        migrations.RunPython(count, migrations.RunPython.noop),
    ]
