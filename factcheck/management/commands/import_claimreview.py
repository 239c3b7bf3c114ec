from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from articles.importers.base import ImportRefused
from articles.importers.claimreview import ClaimReviewRefused
from articles.services import ImportInput, is_url
from factcheck.services import external_fact_checks_import


class Command(BaseCommand):
    help = (
        "Import other fact-checkers' ClaimReview as external fact-checks (never published): "
        "a ClaimReview feed or a JSON-LD document or HTML page, from a file or an address. "
        "Each source is imported whole or not at all; a review already held is updated."
    )

    def add_arguments(self, parser):
        parser.add_argument("sources", nargs="+", metavar="PATH_OR_URL")
        parser.add_argument(
            "--user", required=True, help="Username recorded as the importer (needs the right)."
        )

    def handle(self, *args, sources, user, **options):
        try:
            acting_user = get_user_model().objects.get(username=user)
        except get_user_model().DoesNotExist as exc:
            raise CommandError(f"No user named {user!r}.") from exc
        failed = 0
        for value in sources:
            source = (
                ImportInput.from_url(value) if is_url(value) else ImportInput.from_path(Path(value))
            )
            try:
                report = external_fact_checks_import(source=source, acting_user=acting_user)
            except PermissionDenied as exc:
                raise CommandError(f"{user} may not import external fact-checks.") from exc
            except ClaimReviewRefused as exc:
                failed += 1
                self.stderr.write(self.style.ERROR(f"{value}: nothing imported:"))
                for problem in exc.problems:
                    self.stderr.write(f"  {problem}")
                continue
            except ImportRefused as exc:
                failed += 1
                self.stderr.write(self.style.ERROR(f"{value}: {exc}"))
                continue
            self.stdout.write(report.summary())
        if failed:
            raise CommandError(f"{failed} of {len(sources)} sources were not imported.")
