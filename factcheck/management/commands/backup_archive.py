import contextlib

from django.core import serializers
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS, connections, transaction

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
        with one_snapshot():
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


@contextlib.contextmanager
def one_snapshot(using=DEFAULT_DB_ALIAS):
    """Every query inside reads the database as it was at the first one.

    dumpdata reads each model in a query of its own; without this, a row
    committed meanwhile (an editor's save, a worker's import) is in the tables
    read after it and missing from those read before, and the archive restores
    a state the newsroom never had.
    """
    connection = connections[using]
    if connection.in_atomic_block:
        # Already one transaction (a caller's): it has its own isolation.
        yield
    elif connection.vendor == "postgresql":
        with transaction.atomic(using=using):
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield
    elif connection.vendor == "sqlite":
        # The settings begin every transaction IMMEDIATE, which would hold the
        # write lock for the whole dump. A deferred one only reads, and in WAL
        # mode it sees one snapshot while writers carry on.
        mode = connection.transaction_mode
        connection.ensure_connection()
        connection.transaction_mode = "DEFERRED"
        try:
            with transaction.atomic(using=using):
                connection.transaction_mode = mode
                yield
        finally:
            connection.transaction_mode = mode
    else:
        with transaction.atomic(using=using):
            yield


def _installed(label):
    from django.apps import apps

    app_label = label.split(".", 1)[0]
    return any(config.label == app_label for config in apps.get_app_configs())
