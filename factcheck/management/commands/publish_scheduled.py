"""Publish the scheduled claims whose time has come (for cron, where no task
worker runs; the worker does the same at each schedule's time)."""

from django.core.management.base import BaseCommand

from factcheck.models import Claim
from factcheck.services import claims_publish_due


class Command(BaseCommand):
    help = (
        "Publish every scheduled claim now due, checking it again first; one that "
        "fails a check is left unpublished with the reason on it."
    )

    def handle(self, *args, **options):
        report = claims_publish_due()
        for pk in report["published"]:
            self.stdout.write(f"published  claim {pk}")
        for claim in Claim.objects.filter(pk__in=report["failed"]).order_by("pk"):
            self.stdout.write(f"failed     claim {claim.pk}: {claim.schedule_failure}")
        self.stdout.write(
            f"Scheduled claims: {len(report['published'])} published, "
            f"{len(report['failed'])} failed."
        )
