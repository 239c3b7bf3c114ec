# One source per web address: stored addresses are normalised, and sources that
# then share one are merged into the oldest before the unique constraint is
# added, so that the migration succeeds on a database holding duplicates.

from collections import defaultdict

from django.db import migrations, models
from django.utils import timezone

from articles.analysis.urlnorm import normalise_url


def _record(apps, model_name, row, history_type, reason):
    """A history row as simple_history writes it (its signals do not run on
    the migration's models); no acting user: the migration made the change."""
    History = apps.get_model("factcheck", f"Historical{model_name}")
    values = {field.attname: getattr(row, field.attname) for field in row._meta.concrete_fields}
    History.objects.create(
        **values,
        history_date=timezone.now(),
        history_type=history_type,
        history_change_reason=reason,
        history_user=None,
    )


def merge_duplicate_sources(apps, schema_editor):
    """Normalise every stored address; merge the sources that share one into
    the oldest, every citation (of claims and of discrepancies) moved to it,
    blanks filled from the duplicates, all in the history tables."""
    Source = apps.get_model("factcheck", "Source")
    by_url = defaultdict(list)
    for source in Source.objects.exclude(url="").order_by("created_at", "pk"):
        by_url[normalise_url(source.url)].append(source)

    for url, (keep, *duplicates) in by_url.items():
        for model_name in ("Citation", "DiscrepancyCitation"):
            model = apps.get_model("factcheck", model_name)
            for citation in model.objects.filter(source__in=duplicates).order_by("pk"):
                was = citation.source_id
                citation.source_id = keep.pk
                citation.save(update_fields=["source"])
                _record(apps, model_name, citation, "~", f"source #{was} merged into #{keep.pk}")
        for field in ("publisher", "published_on", "archive_url", "accessed_at"):
            found = [getattr(d, field) for d in duplicates if getattr(d, field)]
            if found and not getattr(keep, field):
                setattr(keep, field, found[0])
        notes = [keep.notes, *(d.notes for d in duplicates if d.notes and d.notes not in keep.notes)]
        keep.notes = "\n\n".join(n for n in notes if n)
        for duplicate in duplicates:
            _record(apps, "Source", duplicate, "-", f"merged into #{keep.pk}")
            duplicate.delete()
        if duplicates or keep.url != url:
            keep.url = url
            keep.save()
            reason = "merged " + ", ".join(f"#{d.pk}" for d in duplicates) if duplicates else ""
            _record(apps, "Source", keep, "~", reason or "URL normalised")

    if schema_editor.connection.vendor == "postgresql":
        # PostgreSQL will not build an index on a table with deferred foreign
        # key checks pending in the transaction (the rows deleted above): run them now.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        schema_editor.execute("SET CONSTRAINTS ALL DEFERRED")


class Migration(migrations.Migration):

    dependencies = [
        ('factcheck', '0018_tips'),
    ]

    operations = [
        migrations.RunPython(merge_duplicate_sources, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='source',
            constraint=models.UniqueConstraint(condition=models.Q(('url', ''), _negated=True), fields=('url',), name='one_source_per_url'),
        ),
    ]
