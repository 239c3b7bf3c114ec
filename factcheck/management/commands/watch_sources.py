from django.core.management.base import BaseCommand, CommandError

from factcheck import tasks
from factcheck.models import Source
from factcheck.services import source_watch_round


class Command(BaseCommand):
    help = (
        "Run one watch round of cited sources: fetch again every cited web source that is "
        "due (the import's safety rules), flag a page that fails as dead and one whose text "
        "changed as changed (keeping the new text as a snapshot), and tell the editors. "
        "Prints one line per source."
    )

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group()
        which.add_argument("--all", action="store_true", help="Check every cited web source now.")
        which.add_argument(
            "--source",
            type=int,
            action="append",
            metavar="ID",
            help="Check this source now, due or not (repeatable).",
        )
        which.add_argument(
            "--enqueue",
            action="store_true",
            help=(
                "Queue a round in the task worker instead; each round there queues the next "
                "(SOURCE_WATCH_INTERVAL)."
            ),
        )

    def handle(self, *args, all, source, enqueue, **options):
        if enqueue:
            result = tasks.source_watch_round_enqueue()
            if result is None:
                self.stdout.write("A source watch round is already queued in the worker.")
            else:
                self.stdout.write(f"Source watch round queued in the worker (task {result.id}).")
            return
        sources = None
        if all:
            sources = Source.objects.all()
        elif source:
            missing = set(source) - set(
                Source.objects.filter(pk__in=source).values_list("pk", flat=True)
            )
            if missing:
                raise CommandError(f"No source with id {min(missing)}.")
            sources = Source.objects.filter(pk__in=source)
        checks = source_watch_round(
            sources=sources,
            on_check=lambda check: self.stdout.write(
                self.style.ERROR(str(check)) if check.result == "dead" else str(check)
            ),
        )
        flagged = sum(1 for check in checks if check.result in ("dead", "changed"))
        self.stdout.write(f"Source watch round: {len(checks)} checked, {flagged} flagged.")
