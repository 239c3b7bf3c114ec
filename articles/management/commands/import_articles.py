from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from articles import services
from articles.importers import FORMATS, ImportRefused
from articles.models import Story


class Command(BaseCommand):
    help = (
        "Import articles from files, folders or URLs. A folder imports every .txt, .html, "
        ".htm and .json file in it (not manifest.*); its manifest.toml, when present, "
        "names the story they belong to."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH_OR_URL")
        parser.add_argument("--story", help="Story slug for every article; created when missing.")
        parser.add_argument("--outlet", default="", help="Outlet name for every article.")
        parser.add_argument("--format", default="auto", choices=("auto", *FORMATS))
        parser.add_argument("--user", help="Username recorded as the importer.")
        parser.add_argument(
            "--progress",
            action="store_true",
            default=None,
            help="Show a progress bar (default: when importing many files on a terminal).",
        )
        parser.add_argument("--no-progress", dest="progress", action="store_false")

    def handle(self, *args, paths, story, outlet, format, user, progress, **options):
        inputs = []
        manifest = None
        for value in paths:
            if services.is_url(value):
                inputs.append(services.ImportInput.from_url(value))
                continue
            path = Path(value)
            if path.is_dir():
                try:
                    manifest = manifest or services.read_manifest(path)
                except ImportRefused as exc:
                    raise CommandError(f"{path}: {exc}") from exc
                inputs.extend(services.inputs_from_folder(path))
            else:
                inputs.append(services.ImportInput.from_path(path))
        if not inputs:
            raise CommandError("Nothing to import: no article files in " + ", ".join(paths))

        try:
            spec = services.StorySpec(slug=story) if story else manifest
        except ImportRefused as exc:
            raise CommandError(str(exc)) from exc

        if progress is None:
            progress = len(inputs) >= 10 and self.stderr.isatty()
        total = len(inputs)
        finished = 0

        def on_progress(position, outcome):
            nonlocal finished
            finished = position
            if outcome.status == services.Status.FAILED:
                if progress:
                    self.stderr.write("\r\033[K", ending="")
                self.stderr.write(self.style.ERROR(str(outcome)))
            elif options["verbosity"] >= 1:
                if progress:
                    self.stdout.write("\r\033[K", ending="")
                self.stdout.write(str(outcome))
            if progress:
                filled = round(30 * position / total)
                bar = "#" * filled + "-" * (30 - filled)
                self.stderr.write(f"\r[{bar}] {position}/{total}", ending="")
                self.stderr.flush()

        try:
            # The story is created with the first article stored in it, so a
            # failed import leaves no empty story.
            report = services.articles_import(
                inputs=inputs,
                acting_user=self._user(user),
                story_spec=spec,
                outlet_name=outlet,
                format=format,
                on_progress=on_progress,
            )
            target_story = Story.objects.filter(slug=spec.slug).first() if spec else None
        except DatabaseError as exc:
            if progress:
                self.stderr.write("")
            raise CommandError(
                f"Database error after {finished} of {total} inputs: {exc}\n"
                "Each article is stored whole or not at all; running the same import "
                "again finishes it and leaves the articles already stored as they are."
            ) from exc
        if progress:
            self.stderr.write("")
        if target_story is not None:
            self.stdout.write(f"Story: {target_story.title} ({target_story.slug})")
        self.stdout.write(report.summary())
        if report.failed:
            raise CommandError(f"{len(report.failed)} of {total} inputs failed to import.")

    def _user(self, username):
        if not username:
            return None
        try:
            return get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist as exc:
            raise CommandError(f"No user named {username!r}.") from exc
