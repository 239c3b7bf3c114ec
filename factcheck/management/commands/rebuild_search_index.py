"""Refill the claim search index from the published claims."""

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from factcheck import dbstats
from factcheck.search import rebuild_index, staff_index_rebuild
from factcheck.signals import announce_public_change


class Command(BaseCommand):
    help = (
        "Rebuild the full-text indexes of claims (SQLite's FTS5 tables: published "
        "claims for the public, every claim for staff) and "
        "refresh SQLite's query statistics. "
        "PostgreSQL keeps its GIN index up to date by itself; there it only reports."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            count = rebuild_index()
            staff_index_rebuild()
            announce_public_change()
        dbstats.analyze()
        if connection.vendor == "sqlite":
            self.stdout.write(self.style.SUCCESS(f"Indexed {count} published claim(s)."))
        else:
            self.stdout.write(
                f"{connection.vendor}: the database maintains its own index "
                f"({count} published claim(s)); nothing to rebuild."
            )
