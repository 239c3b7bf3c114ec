from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from articles import tasks, watch
from articles.models import Article


class Command(BaseCommand):
    help = (
        "Run one watch round: fetch again every report imported from a URL that is due "
        "a check (conditional requests, the import's safety rules), and import what "
        "changed as a new revision. Prints one line per report and a total."
    )

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group()
        which.add_argument(
            "--all", action="store_true", help="Check every watched report now, due or not."
        )
        which.add_argument(
            "--article",
            type=int,
            action="append",
            metavar="ID",
            help="Check this report now, due or not (repeatable).",
        )
        which.add_argument(
            "--enqueue",
            action="store_true",
            help=(
                "Queue a round in the task worker instead of running one here; each round "
                "there queues the next (WATCH_ROUND_INTERVAL)."
            ),
        )
        parser.add_argument("--user", help="Username recorded on the revisions a round writes.")

    def handle(self, *args, all, article, enqueue, user, **options):
        if enqueue:
            result = tasks.watch_round_enqueue()
            if result is None:
                self.stdout.write("A watch round is already queued in the worker.")
            else:
                self.stdout.write(f"Watch round queued in the worker (task {result.id}).")
            return
        articles = None
        if all:
            articles = Article.objects.all()
        elif article:
            articles = Article.objects.filter(pk__in=article)
            self._explain_skipped(article)
        report = watch.watch_round(
            articles=articles,
            acting_user=self._user(user),
            on_outcome=lambda outcome: self.stdout.write(
                self.style.ERROR(str(outcome))
                if outcome.result == watch.Result.FAILED
                else str(outcome)
            ),
        )
        self.stdout.write(f"Watch round: {report.summary()}.")

    def _explain_skipped(self, ids):
        found = {a.pk: a for a in Article.objects.select_related("outlet").filter(pk__in=ids)}
        watched = set(Article.objects.filter(pk__in=ids).watched().values_list("pk", flat=True))
        for pk in ids:
            if pk not in found:
                raise CommandError(f"No article with id {pk}.")
            if pk not in watched:
                reason = watch.watch_description(found[pk])
                self.stdout.write(f"{'skipped':<16} article {pk}: {reason}")

    def _user(self, username):
        if not username:
            return None
        try:
            return get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist as exc:
            raise CommandError(f"No user named {username!r}.") from exc
