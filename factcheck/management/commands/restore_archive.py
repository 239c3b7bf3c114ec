import gzip
import json
import tempfile
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from articles.models import Article, Outlet, Story
from factcheck import archive_json, services
from factcheck.models import Citation, Claim, DiscrepancyCitation, Rating, SitePage, Source


class Command(BaseCommand):
    help = (
        "Restore an archive written by backup_archive into a freshly migrated, empty "
        "database (run `migrate` first). Refuses a database that already holds work."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="Archive file (.json or .json.gz)")

    def handle(self, *args, path, **options):
        holding = [
            str(model._meta.verbose_name_plural)
            for model in (Article, Story, Outlet, Claim, Source, get_user_model())
            if model.objects.exists()
        ]
        if holding:
            raise CommandError(
                "This database already holds " + ", ".join(holding) + ": restore into a "
                "freshly migrated, empty database so nothing is overwritten or mixed."
            )
        objects = _read(path)
        # An archive from before one source per URL may hold an address twice.
        merges = archive_json.merge_duplicate_sources(objects)
        with tempfile.TemporaryDirectory() as scratch:
            fixture = Path(scratch) / "archive.json"
            fixture.write_text(json.dumps(objects), encoding="utf-8")
            with transaction.atomic():
                # The post-migrate setup installed a default rating scale and site
                # pages; the archive has the newsroom's own, with their ids.
                # Their history rows go too (including the deletions just recorded).
                for model in (Rating, SitePage):
                    model.objects.all().delete()
                    model.history.all().delete()
                call_command("loaddata", str(fixture), verbosity=0)
                _record_merges(merges)
                # An archive from before the counts were kept holds none.
                services.published_verdicts_recount()
        self.stdout.write(f"Archive {path} restored.")
        folded = sum(len(m.duplicates) for m in merges)
        if folded:
            self.stdout.write(
                f"{folded} duplicate source(s) of the same address merged into "
                f"{sum(1 for m in merges if m.duplicates)}, every citation kept."
            )


def _read(path):
    opener = gzip.open if str(path).endswith(".gz") else open
    try:
        with opener(path, "rt", encoding="utf-8") as archive:
            objects = json.load(archive)
    except FileNotFoundError:
        raise CommandError(f"No archive at {path}.") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise CommandError(f"{path} is not an archive written by backup_archive: {error}") from None
    if not isinstance(objects, list):
        raise CommandError(f"{path} is not an archive written by backup_archive.")
    return objects


def _record_merges(merges):
    """The history rows that migration 0019 writes for the same change: the
    duplicates deleted, each citation moved, the kept source changed. No
    acting user: the restore made the change."""
    models = {"factcheck.citation": Citation, "factcheck.discrepancycitation": DiscrepancyCitation}
    for merge in merges:
        for label, pks in merge.moved.items():
            for citation in models[label].objects.filter(pk__in=pks).order_by("pk"):
                citation._change_reason = f"source merged into #{merge.keep} on restore"
                citation.save(update_fields=["source"])
        # A deletion entry, as simple_history writes one, for each duplicate:
        # its row as archived (read by the deserializer, for the natural keys).
        for found in serializers.deserialize("json", json.dumps(merge.rows)):
            Source.history.create(
                **_values(found.object),
                history_date=timezone.now(),
                history_type="-",
                history_change_reason=f"merged into #{merge.keep} on restore",
            )
        keep = Source.objects.get(pk=merge.keep)
        keep._change_reason = (
            "merged " + ", ".join(f"#{pk}" for pk in merge.duplicates) + " on restore"
            if merge.duplicates
            else "URL normalised on restore"
        )
        keep.save()


def _values(source):
    return {f.attname: getattr(source, f.attname) for f in Source._meta.concrete_fields}
