from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from articles.analysis.urlnorm import normalise_url
from factcheck import services
from factcheck.models import Source


class Command(BaseCommand):
    help = (
        "Merge sources whose URLs are the same once normalised into the oldest, every "
        "citation kept, and store the other URLs normalised. Lists what it would do; "
        "--apply does it (needed after the normalisation rules change)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--apply", action="store_true", help="Merge and rewrite, with history.")
        parser.add_argument(
            "--user", help="Username recorded in the history (needed with --apply)."
        )

    def handle(self, *args, apply: bool, user, **options):
        acting_user = None
        if apply:
            if not user:
                raise CommandError("--apply needs --user: the history names who merged.")
            try:
                acting_user = get_user_model().objects.get(username=user)
            except get_user_model().DoesNotExist as exc:
                raise CommandError(f"No user named {user!r}.") from exc

        sources = list(Source.objects.exclude(url=""))
        groups = services.source_duplicate_groups(sources)
        merged = {d.pk for _, duplicates in groups for d in duplicates} | {k.pk for k, _ in groups}
        rewrites = [s for s in sources if s.pk not in merged and normalise_url(s.url) != s.url]

        for keep, duplicates in groups:
            self.stdout.write(f"{normalise_url(keep.url)}: keep #{keep.pk} “{keep}”")
            for duplicate in duplicates:
                cited = duplicate.citations.count() + duplicate.discrepancy_citations.count()
                self.stdout.write(f"    merge #{duplicate.pk} “{duplicate}”, {cited} citation(s)")
            if apply:
                services.sources_merge(keep=keep, duplicates=duplicates, acting_user=acting_user)
        for source in rewrites:
            self.stdout.write(f"#{source.pk}: {source.url} -> {normalise_url(source.url)}")
            if apply:
                services.source_update(source=source, acting_user=acting_user, url=source.url)

        done = "merged" if apply else "to merge"
        rewritten = "rewritten" if apply else "to rewrite"
        self.stderr.write(
            f"{sum(len(d) for _, d in groups)} duplicate source(s) {done} into {len(groups)}; "
            f"{len(rewrites)} URL(s) {rewritten}."
            + ("" if apply else " Nothing changed: run again with --apply --user NAME.")
        )
