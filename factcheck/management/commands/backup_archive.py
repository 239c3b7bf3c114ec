from django.core import serializers
from django.core.management import call_command
from django.core.management.base import BaseCommand

from factcheck import archive_json

# Everything that is the newsroom's work: articles with revisions, claims,
# citations, sources, discrepancies, jobs, their history tables, admin log,
# users and groups. Content types and permissions are left out on purpose:
# every migrated database has them, and rows refer to them by natural key.
EXCLUDED = [
    "contenttypes",
    "auth.permission",
    "sessions",
    "django_tasks_database",
    "django_tasks_db",
]


class Command(BaseCommand):
    help = (
        "Export the whole archive to a JSON file (.json, or .json.gz to compress), "
        "with natural keys so it restores into any freshly migrated database."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="Output file, e.g. backup-2026-11-22.json.gz")

    def handle(self, *args, path, **options):
        excluded = [label for label in EXCLUDED if _installed(label)]
        serializers.register_serializer(archive_json.FORMAT, "factcheck.archive_json")
        call_command(
            "dumpdata",
            format=archive_json.FORMAT,
            exclude=excluded,
            natural_foreign=True,
            natural_primary=True,
            indent=1,
            output=path,
            verbosity=0,
        )
        self.stdout.write(f"Archive written to {path}")


def _installed(label):
    from django.apps import apps

    app_label = label.split(".", 1)[0]
    return any(config.label == app_label for config in apps.get_app_configs())
