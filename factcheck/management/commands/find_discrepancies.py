import json as jsonlib

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from articles.models import Story
from factcheck.services.detection import story_find_discrepancies


class Command(BaseCommand):
    help = (
        "Find candidate discrepancies between the reports of a story, best first. "
        "--save stores new ones as suggestions for editors to confirm or dismiss."
    )

    def add_arguments(self, parser):
        parser.add_argument("--story", required=True, help="Story slug.")
        parser.add_argument("--json", action="store_true", help="Print candidates as JSON.")
        parser.add_argument("--save", action="store_true", help="Store new suggestions.")
        parser.add_argument("--user", help="Username recorded on saved suggestions.")

    def handle(self, *args, story, json: bool, save: bool, user, **options):
        try:
            target = Story.objects.get(slug=story)
        except Story.DoesNotExist as exc:
            raise CommandError(f"No story with slug {story!r}.") from exc
        acting_user = None
        if user:
            try:
                acting_user = get_user_model().objects.get(username=user)
            except get_user_model().DoesNotExist as exc:
                raise CommandError(f"No user named {user!r}.") from exc

        report = story_find_discrepancies(story=target, save=save, acting_user=acting_user)

        if json:
            self.stdout.write(_dumps([c.as_json() for c in report.candidates]))
        else:
            for rank, candidate in enumerate(report.candidates, start=1):
                self.stdout.write(
                    f"{rank:>3}. [{candidate.kind}] {candidate.score:.2f} {candidate.title}"
                )
                self.stdout.write(f"     {candidate.explanation}")
        if save:
            self.stderr.write(
                f"{len(report.saved)} new suggestion(s) saved; "
                f"{report.already_known} already tracked or dismissed."
            )


def _dumps(value):
    return jsonlib.dumps(value, ensure_ascii=False, indent=2)
