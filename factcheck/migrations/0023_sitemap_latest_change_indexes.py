"""Indexes read from their end for the sitemap index's latest changes: the
published claims' (status, public_modified_at) and the correction notes'
created_at. At a million claims the index took seconds without them."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0004_story_tags"),
        ("factcheck", "0022_published_counts"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(
                fields=["status", "public_modified_at"], name="claim_status_modified_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="claimupdate",
            index=models.Index(fields=["created_at"], name="claimupdate_created_idx"),
        ),
    ]
