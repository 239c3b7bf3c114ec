from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from articles.models import Article, Outlet, Story
from factcheck import services
from factcheck.models import Claim, Rating, SitePage, Source


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
        with transaction.atomic():
            # The post-migrate setup installed a default rating scale and site
            # pages; the archive has the newsroom's own, with their ids.
            # Their history rows go too (including the deletions just recorded).
            for model in (Rating, SitePage):
                model.objects.all().delete()
                model.history.all().delete()
            call_command("loaddata", path, verbosity=0)
            # An archive from before the counts were kept holds none.
            services.published_verdicts_recount()
        self.stdout.write(f"Archive {path} restored.")
