"""
Writes for the articles app. Every import, from the command line, the admin
form or a background job, goes through :func:`articles_import`, which records
who did it. Tags, shared with the fact-check app, are written here too.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import itertools
import logging
import operator
import tomllib
from collections.abc import Callable, Iterable
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, InterfaceError, OperationalError, transaction
from django.db.models import Case, Q, Value, When
from django.utils import timezone
from django.utils.text import slugify

from . import permissions
from .analysis import text
from .importers import EXTENSIONS, ImportRefused, ParsedArticle, parse_document, printable
from .importers.fetch import fetch_url
from .models import Article, ArticleRevision, Outlet, Story, Tag
from .signals import (
    article_refiled,
    article_revised,
    articles_imported,
    report_metadata_changed,
    tag_relabelled,
)

logger = logging.getLogger(__name__)

# Metadata an import may update on an existing article without a new revision.
METADATA_FIELDS = (
    "headline",
    "byline",
    "dateline",
    "published_on",
    "published_at",
    "language",
    "url",
    "format",
)


class Status:
    CREATED = "created"
    REVISED = "revised"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    FAILED = "failed"


@dataclasses.dataclass
class Outcome:
    """What happened to one input (or one article of a JSON file).

    ``reason`` is one printable line, whatever the input held; ``internal``
    marks a failure of the CMS itself rather than a refusal of the input.
    """

    name: str
    status: str
    article: Article | None = None
    revision: ArticleRevision | None = None
    reason: str = ""
    internal: bool = False

    def __post_init__(self):
        self.reason = printable(self.reason, limit=500)

    @property
    def display_name(self):
        """The file name or URL as one safe line (a name may hold a newline)."""
        return printable(self.name)

    def __str__(self):
        if self.status == Status.FAILED:
            if self.internal:
                return f"failed     internal error importing {self.display_name}: {self.reason}"
            return f"failed     {self.display_name}: {self.reason}"
        label = {
            Status.CREATED: "created",
            Status.REVISED: "new revision",
            Status.UPDATED: "updated",
            Status.UNCHANGED: "unchanged",
        }[self.status]
        title = printable(self.article.display_title)
        return f"{label:<10} {self.display_name} → article {self.article.pk}: {title}"


@dataclasses.dataclass
class ImportReport:
    outcomes: list[Outcome] = dataclasses.field(default_factory=list)

    def count(self, status):
        return sum(1 for outcome in self.outcomes if outcome.status == status)

    @property
    def failed(self):
        return [outcome for outcome in self.outcomes if outcome.status == Status.FAILED]

    def summary(self):
        return (
            f"{self.count(Status.CREATED)} created, "
            f"{self.count(Status.REVISED)} updated with a new revision, "
            f"{self.count(Status.UPDATED)} metadata updated, "
            f"{self.count(Status.UNCHANGED)} unchanged, "
            f"{self.count(Status.FAILED)} failed"
        )


# Inputs ----------------------------------------------------------------------


@dataclasses.dataclass
class ImportInput:
    """One document to import: a file, an upload or a URL.

    ``load`` returns ``(data, url)`` and may raise :class:`ImportRefused`.
    """

    name: str
    load: Callable[[], tuple[bytes, str]]

    @classmethod
    def from_path(cls, path: Path):
        def load():
            try:
                size = path.stat().st_size
                if size > settings.IMPORT_MAX_BYTES:
                    raise ImportRefused(
                        f"too large ({size:,} bytes; the limit is "
                        f"{settings.IMPORT_MAX_BYTES:,} bytes)"
                    )
                return path.read_bytes(), ""
            except FileNotFoundError as exc:
                raise ImportRefused("no such file") from exc
            except IsADirectoryError as exc:
                raise ImportRefused("is a folder") from exc
            except PermissionError as exc:
                raise ImportRefused("permission denied") from exc

        return cls(name=path.name, load=load)

    @classmethod
    def from_bytes(cls, name: str, data: bytes):
        return cls(name=name, load=lambda: (data, ""))

    @classmethod
    def from_url(cls, url: str):
        def load():
            fetched = fetch_url(
                url,
                timeout=settings.IMPORT_FETCH_TIMEOUT,
                max_bytes=settings.IMPORT_MAX_BYTES,
                allow_private=settings.IMPORT_ALLOW_PRIVATE_URLS,
            )
            return fetched.data, fetched.url

        return cls(name=url, load=load)


def is_url(value: str) -> bool:
    return value.lower().startswith(("http://", "https://"))


def inputs_from_folder(folder: Path) -> list[ImportInput]:
    """Every article file in ``folder`` (not recursive), in name order.

    Metadata files named ``manifest.*`` are not articles.
    """
    return [
        ImportInput.from_path(path)
        for path in sorted(folder.iterdir())
        if path.is_file()
        and path.suffix.lower() in EXTENSIONS
        and not path.name.lower().startswith("manifest.")
    ]


@dataclasses.dataclass
class StorySpec:
    """A story to file articles under, by slug; the rest is used only to create it."""

    slug: str
    title: str = ""
    summary: str = ""
    event_date: object = None

    def __post_init__(self):
        slug = slugify(self.slug)
        if not slug:
            raise ImportRefused(f"{self.slug!r} is not a usable story slug")
        self.slug = slug


def read_manifest(folder: Path) -> StorySpec | None:
    """The story a folder's files belong to, from its ``manifest.toml``."""
    path = folder / "manifest.toml"
    if not path.exists():
        return None
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ImportRefused(f"{path.name}: not valid TOML ({exc})") from exc
    story = data.get("story")
    if not isinstance(story, dict) or not story.get("slug"):
        raise ImportRefused(f"{path.name}: needs a [story] table with at least a slug")
    return StorySpec(
        slug=story["slug"],
        title=story.get("title", ""),
        summary=story.get("summary", ""),
        event_date=story.get("event_date"),
    )


# Services ----------------------------------------------------------------------


@transaction.atomic
def story_get_or_create(*, spec: StorySpec, acting_user=None) -> Story:
    """The story with ``spec.slug``, created from the spec when missing."""
    story = Story.objects.filter(slug=spec.slug).first()
    if story is not None:
        return story
    story = Story(
        slug=spec.slug,
        title=spec.title or spec.slug.replace("-", " ").capitalize(),
        summary=spec.summary,
        event_date=spec.event_date,
    )
    story._history_user = acting_user
    story.save()
    return story


def outlet_get_or_create(*, name: str, acting_user=None) -> Outlet:
    name = name.strip()
    outlet = Outlet.objects.filter(name__iexact=name).first()
    if outlet is None:
        outlet = Outlet(name=name, slug=_unique_slug(Outlet, name))
        outlet._history_user = acting_user
        try:
            # A savepoint: a concurrent import may create the same outlet first.
            with transaction.atomic():
                outlet.save()
        except IntegrityError:
            outlet = Outlet.objects.get(name__iexact=name)
    return outlet


def _unique_slug(model, value):
    base = slugify(value)[:190] or model._meta.model_name
    slug, n = base, 2
    while model.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


class BatchLookups:
    """Outlets, stories and articles an import has already found, by name,
    slug and source, so that fifty files of one outlet look it up once.

    :meth:`prefetch` finds what a chunk of inputs names, one query per table;
    what is missing is created, and then remembered, by the input that needs
    it. Only what is stored is kept: when an input is rolled back,
    :meth:`forget` drops what was found or created since the last input that
    was stored (:meth:`keep`), since the input may have created it. Articles
    found by :meth:`prefetch` are locked for the chunk's transaction and are
    handed out once each.
    """

    def __init__(self):
        self.outlets: dict[str, Outlet] = {}
        self.stories: dict[str, Story] = {}
        # By source; None for a source prefetched that has no article yet.
        self.articles: dict[str, Article | None] = {}
        self._since_kept: list[tuple[dict, str]] = []

    def prefetch(self, *, outlet_names: Iterable[str], story_slugs: Iterable[str], sources):
        """Look up, in one query each, the outlets (by name, case aside, as
        :func:`outlet_get_or_create` does), stories and articles a chunk names."""
        names = sorted({name.strip() for name in outlet_names if name.strip()} - set(self.outlets))
        if names:
            self.outlets.update(_outlets_named(names))
        slugs = set(story_slugs) - set(self.stories)
        if slugs:
            self.stories.update(
                {story.slug: story for story in Story.objects.filter(slug__in=slugs)}
            )
        self.articles = dict.fromkeys(sources)
        for part in itertools.batched(self.articles, 500):
            found = Article.objects.select_for_update().filter(source__in=part).order_by()
            self.articles.update({article.source: article for article in found})

    def article(self, source: str) -> Article | None:
        """The article imported from ``source``, locked, or None."""
        if source in self.articles:
            return self.articles.pop(source)
        return Article.objects.select_for_update().filter(source=source).first()

    def outlet(self, name: str, acting_user) -> Outlet:
        # The name as written: the database decides what matches it, case aside.
        key = name.strip()
        if key not in self.outlets:
            self.outlets[key] = outlet_get_or_create(name=name, acting_user=acting_user)
            self._since_kept.append((self.outlets, key))
        return self.outlets[key]

    def story(self, spec: StorySpec, acting_user) -> Story:
        if spec.slug not in self.stories:
            self.stories[spec.slug] = story_get_or_create(spec=spec, acting_user=acting_user)
            self._since_kept.append((self.stories, spec.slug))
        return self.stories[spec.slug]

    def keep(self):
        """The input was stored: what it found stays found."""
        self._since_kept.clear()

    def forget(self):
        """The input was rolled back: what it found may have gone with it."""
        for table, key in self._since_kept:
            table.pop(key, None)
        self._since_kept.clear()


def _outlets_named(names: list[str]) -> dict[str, Outlet]:
    """For each name, the outlet ``name__iexact`` finds first (by name, as
    ``.first()`` orders them), in one query: the database says which name each
    row matches, so that "matches" means what it means to the database."""
    matched = {
        f"matches_{n}": Case(When(name__iexact=name, then=Value(True)), default=Value(False))
        for n, name in enumerate(names)
    }
    named = functools.reduce(operator.or_, (Q(name__iexact=name) for name in names))
    found = {}
    for outlet in Outlet.objects.filter(named).annotate(**matched).order_by("name"):
        for n, name in enumerate(names):
            if getattr(outlet, f"matches_{n}"):
                found.setdefault(name, outlet)
        for attribute in matched:
            delattr(outlet, attribute)
    return found


def article_import(
    *,
    parsed: ParsedArticle,
    acting_user=None,
    story: Story | None = None,
    story_spec: StorySpec | None = None,
    outlet_name: str = "",
    lookups: BatchLookups | None = None,
    pending: list | None = None,
) -> Outcome:
    """Create or update one article from a parsed input, in one transaction.

    An article is the same one when its ``source`` (file name or URL) matches.
    A changed body becomes a new revision (flagged trivial when only whitespace
    or punctuation changed) and ``article_revised`` is sent inside the same
    transaction, so what its receivers write (claims moved onto the new text)
    is stored with the revision or not at all; changed metadata alone is
    updated in place; an unchanged re-import writes nothing.

    The article goes in ``story``, else in the story ``story_spec`` (or the
    parsed article) names, created in this transaction when missing: a failed
    import leaves no empty story behind. ``lookups``: the outlets, stories
    and articles the batch has already found (:class:`BatchLookups`).

    ``pending``, given by :func:`articles_import` inside a chunk's transaction
    and an input's savepoint: a new article is not saved here but appended to
    it with its first revision, ``(article, revision)``, for the chunk to
    insert with the others (see :func:`_insert_created`); both have their keys
    once it has.
    """
    # Inside a chunk the input's savepoint is this article's: no second one.
    with transaction.atomic(savepoint=pending is None):
        return _article_import(
            parsed=parsed,
            acting_user=acting_user,
            story=story,
            story_spec=story_spec,
            outlet_name=outlet_name,
            lookups=lookups or BatchLookups(),
            pending=pending,
        )


def _article_import(*, parsed, acting_user, story, story_spec, outlet_name, lookups, pending):
    parsed = _fit_to_columns(parsed)
    now = timezone.now()
    article = lookups.article(parsed.source)
    # What staff corrected by hand (article_correct) stays as corrected: an
    # outlet they corrected is not even looked up, so no unused outlet appears.
    corrected = set(article.corrected_fields) if article is not None else set()
    outlet_name = outlet_name or parsed.outlet
    outlet = (
        lookups.outlet(outlet_name, acting_user)
        if outlet_name and "outlet" not in corrected
        else None
    )
    if story is None:
        spec = story_spec or (StorySpec(slug=parsed.story) if parsed.story else None)
        if spec is not None:
            story = lookups.story(spec, acting_user)
    body_hash = text.content_hash(parsed.body)

    if article is None:
        if pending is not None:
            # Inserted with the chunk: a concurrent import of the same source
            # that wins makes the chunk store its inputs one by one.
            return _article_create(parsed, outlet, story, body_hash, acting_user, now, pending)
        try:
            # A savepoint, so that losing a race to a concurrent import of the
            # same source turns into an update instead of a failed transaction.
            with transaction.atomic():
                return _article_create(parsed, outlet, story, body_hash, acting_user, now)
        except IntegrityError:
            article = Article.objects.select_for_update().get(source=parsed.source)

    corrected = set(article.corrected_fields)
    changed = {
        field: getattr(parsed, field)
        for field in METADATA_FIELDS
        if field not in corrected and getattr(parsed, field) != getattr(article, field)
    }
    if outlet is not None and article.outlet_id != outlet.pk:
        changed["outlet"] = outlet
    if story is not None and article.story_id != story.pk:
        changed["story"] = story
    body_changed = article.content_hash != body_hash
    if not changed and not body_changed:
        return Outcome(name=parsed.source, status=Status.UNCHANGED, article=article)

    filed_was = (article.outlet_id, article.story_id)
    for field, value in changed.items():
        setattr(article, field, value)
    revision = previous = None
    if body_changed:
        previous = article.revisions.order_by("-number").first()
        revision = ArticleRevision.objects.create(
            article=article,
            number=previous.number + 1 if previous else 1,
            body=parsed.body,
            raw_input=parsed.raw_input,
            content_hash=body_hash,
            is_trivial=previous is not None and text.is_trivial_change(previous.body, parsed.body),
            created_at=now,
            created_by=acting_user,
        )
        article.body = parsed.body
        article.raw_input = parsed.raw_input
        article.content_hash = body_hash
    article.updated_at = now
    article._history_user = acting_user
    article._change_reason = "re-import with a new revision" if body_changed else "re-import"
    article.save()
    _refiled(article, *filed_was)

    if revision is not None:
        article_revised.send(sender=Article, article=article, revision=revision, previous=previous)
        return Outcome(parsed.source, Status.REVISED, article=article, revision=revision)
    return Outcome(parsed.source, Status.UPDATED, article=article)


def _fit_to_columns(parsed: ParsedArticle) -> ParsedArticle:
    """Metadata longer than its column is shortened at a word, marked with an
    ellipsis (a page may list fifty authors); an identity too long to store is
    refused, since shortening it would merge different articles."""
    if len(parsed.source) > Article._meta.get_field("source").max_length:
        raise ImportRefused("the file name or URL is too long to identify the article")
    changes = {}
    for field in ("headline", "byline", "dateline", "outlet", "language", "url"):
        value = getattr(parsed, field)
        limit = (
            (Outlet if field == "outlet" else Article)
            ._meta.get_field("name" if field == "outlet" else field)
            .max_length
        )
        if len(value) > limit:
            if field in ("url", "language"):
                changes[field] = ""  # a cut URL or language tag would be wrong, not short
            else:
                changes[field] = value[: limit - 1].rsplit(" ", 1)[0] + "…"
    if parsed.published_at is not None and parsed.published_at.utcoffset():
        # The same instant in UTC: ISO 8601 and Python allow offsets up to
        # ±23:59, PostgreSQL refuses any past ±15:59 (an import then failed
        # with a database error).
        changes["published_at"] = parsed.published_at.astimezone(datetime.UTC)
    return dataclasses.replace(parsed, **changes) if changes else parsed


def _article_create(parsed, outlet, story, body_hash, acting_user, now, pending=None):
    article = Article(
        outlet=outlet,
        story=story,
        body=parsed.body,
        raw_input=parsed.raw_input,
        source=parsed.source,
        content_hash=body_hash,
        imported_at=now,
        imported_by=acting_user,
        updated_at=now,
        **{field: getattr(parsed, field) for field in METADATA_FIELDS},
    )
    article._history_user = acting_user
    article._change_reason = "import"
    revision = ArticleRevision(
        article=article,
        number=1,
        body=parsed.body,
        raw_input=parsed.raw_input,
        content_hash=body_hash,
        created_at=now,
        created_by=acting_user,
    )
    if pending is None:
        article.save()
        revision.save()
    else:
        pending.append((article, revision))
    return Outcome(parsed.source, Status.CREATED, article=article, revision=revision)


def _insert_created(pending: list[tuple[Article, ArticleRevision]]) -> None:
    """A chunk's new articles, their history rows and their first revisions,
    one bulk insert each.

    What saving each would have done besides: ``post_save`` of a new article
    writes its history row (written here as simple-history writes it, with
    the instance's ``_history_user`` and ``_change_reason``) and nothing else
    (the fact-check app's receiver ignores a new article; tests/articles/
    test_import_batches.py fails when a receiver is added); a new revision
    has no receivers.
    """
    articles = [article for article, _revision in pending]
    Article.objects.bulk_create(articles)
    if any(article.pk is None for article in articles):
        raise DatabaseError("the database returned no keys for the articles inserted")
    Article.history.bulk_history_create(articles)
    ArticleRevision.objects.bulk_create([revision for _article, revision in pending])


# Inputs written in one transaction: a bad input costs only its savepoint, and
# the database going away loses at most this many inputs' work. A chunk ends
# early once its parsed text reaches CHUNK_CHARACTERS, so that fifty large
# uploads are not all held in memory at once.
CHUNK_INPUTS = 50
CHUNK_CHARACTERS = 16 * 1024 * 1024


def articles_import(
    *,
    inputs: Iterable[ImportInput],
    acting_user=None,
    story: Story | None = None,
    story_spec: StorySpec | None = None,
    outlet_name: str = "",
    format: str = "auto",
    on_progress: Callable[[int, Outcome], None] | None = None,
) -> ImportReport:
    """Import many inputs; one bad input never stops the others.

    Inputs go in chunks of :data:`CHUNK_INPUTS` (fewer when they are large:
    :data:`CHUNK_CHARACTERS`). Every input of a chunk is read and parsed
    completely before anything is written; then the chunk is written in one
    transaction, each input in a savepoint of its own, all of it or none of
    it: a JSON feed whose third article is refused stores none of the feed.
    The outlets, stories and articles the chunk names are looked up once for
    it, and its new articles, their history and first revisions are inserted
    together at its end; should that fail (a concurrent import stored one of
    them first), the chunk is rolled back and its inputs stored one by one,
    each in its own transaction, so that each gets the outcome it would
    alone. ``on_progress`` hears of each input once its chunk is stored.

    A refused input gets a one-line reason; an unexpected error inside one
    input is rolled back, logged with its traceback and reported as an
    internal error, and the batch goes on. A chunk the database rolls back
    to settle a race with another import (a deadlock) is stored again one
    input at a time. Only the database itself going
    away (``OperationalError``, ``InterfaceError``) stops the batch: the
    chunks before it are stored whole, the one it interrupted not at all, and
    running the same import again finishes the batch. ``story_spec`` names a
    story created with the first article stored in it (see
    :func:`article_import`).
    """
    report = ImportReport()
    options = {
        "acting_user": acting_user,
        "story": story,
        "story_spec": story_spec,
        "outlet_name": outlet_name,
    }
    position = 0
    for chunk in _parsed_chunks(inputs, format=format):
        for outcomes in _store_chunk(chunk, **options):
            position += 1
            report.outcomes.extend(outcomes)
            if on_progress:
                on_progress(position, outcomes[-1])
    articles_imported.send(sender=articles_import, report=report)
    return report


def _parsed_chunks(inputs: Iterable[ImportInput], *, format: str):
    """``[(input, its parsed articles or its failure)]``, a chunk at a time."""
    chunk, characters = [], 0
    for item in inputs:
        parsed = _parse_input(item, format=format)
        chunk.append((item, parsed))
        if not isinstance(parsed, Outcome):
            characters += sum(len(article.body) + len(article.raw_input) for article in parsed)
        if len(chunk) == CHUNK_INPUTS or characters >= CHUNK_CHARACTERS:
            yield chunk
            chunk, characters = [], 0
    if chunk:
        yield chunk


class _ChunkNotInserted(Exception):
    """The bulk insert of a chunk's new articles failed; the chunk is rolled back."""


def _store_chunk(chunk, **options) -> list[list[Outcome]]:
    """Each input's outcomes, for ``chunk``'s ``(input, parsed articles or
    failure)`` pairs, stored in one transaction (see :func:`articles_import`)."""
    sources = [
        parsed.source
        for _item, articles in chunk
        if not isinstance(articles, Outcome)
        for parsed in articles
    ]
    if len(set(sources)) < len(sources):
        # A source twice: the second is an update of the first, which must be
        # stored before it is looked up.
        return _store_one_by_one(chunk, **options)
    if not sources:
        return [[failure] for _item, failure in chunk]
    lookups = BatchLookups()
    pending = []
    try:
        with transaction.atomic():
            lookups.prefetch(**_named_in(chunk, **options), sources=sources)
            results = [
                [articles]
                if isinstance(articles, Outcome)
                else _store_input(item, articles, lookups=lookups, pending=pending, **options)
                for item, articles in chunk
            ]
            if pending:
                try:
                    _insert_created(pending)
                except (OperationalError, InterfaceError):
                    raise
                except Exception as exc:
                    raise _ChunkNotInserted from exc
    except OperationalError as exc:
        if not _lost_a_race(exc):
            raise
        # Two imports creating the same new outlets in another order wait on
        # each other until PostgreSQL ends one: that one's chunk is rolled
        # back whole and stored again in transactions of one input each,
        # which hold nothing while they wait.
        logger.warning(
            "A chunk of %d inputs was rolled back by the database (%s); storing them one by one.",
            len(chunk),
            printable(exc),
        )
        return _store_one_by_one(chunk, **options)
    except _ChunkNotInserted as exc:
        logger.warning(
            "Inserting %d new articles together failed (%s: %s); storing their inputs one by one.",
            len(pending),
            type(exc.__cause__).__name__,
            printable(exc.__cause__),
        )
        # An input that failed wrote nothing, and keeps its outcome.
        again = [
            (item, outcomes[0]) if outcomes[0].status == Status.FAILED else (item, articles)
            for (item, articles), outcomes in zip(chunk, results, strict=True)
        ]
        return _store_one_by_one(again, **options)
    return results


# SQLSTATEs of a transaction the database ended to settle a race with
# another (a deadlock, a serialisation failure): run again, it goes through.
RACE_LOST = frozenset({"40P01", "40001"})


def _lost_a_race(exc: OperationalError) -> bool:
    return getattr(exc.__cause__, "sqlstate", None) in RACE_LOST


def _store_one_by_one(chunk, **options) -> list[list[Outcome]]:
    """Each input in its own transaction, every article saved by itself."""
    lookups = BatchLookups()
    return [
        [articles]
        if isinstance(articles, Outcome)
        else _store_input(item, articles, lookups=lookups, **options)
        for item, articles in chunk
    ]


def _named_in(chunk, *, story, story_spec, outlet_name, **options) -> dict:
    """The outlet names and story slugs ``chunk``'s articles will look up."""
    outlet_names, story_slugs = set(), set()
    for _item, articles in chunk:
        for parsed in [] if isinstance(articles, Outcome) else articles:
            try:
                fitted = _fit_to_columns(parsed)
            except ImportRefused:
                continue  # refused again when stored
            outlet_names.add(outlet_name or fitted.outlet)
            if story is None:
                story_slugs.add(story_spec.slug if story_spec else slugify(parsed.story))
    story_slugs.discard("")
    return {"outlet_names": outlet_names, "story_slugs": story_slugs}


def _parse_input(item: ImportInput, *, format: str) -> list[ParsedArticle] | Outcome:
    """The articles one input holds, or its failure; nothing is written."""
    try:
        data, url = item.load()
        return parse_document(
            data, name=item.name, format=format, url=url, max_bytes=settings.IMPORT_MAX_BYTES
        )
    except ImportRefused as exc:
        return Outcome(name=item.name, status=Status.FAILED, reason=str(exc))
    except (OperationalError, InterfaceError):
        raise  # the database is gone: no later input could be stored either
    except Exception as exc:
        return _internal_error(item, exc)


def _store_input(
    item: ImportInput,
    articles: list[ParsedArticle],
    *,
    lookups: BatchLookups,
    pending: list | None = None,
    **options,
) -> list[Outcome]:
    """One input's outcomes: one per article stored, or one failure, in a
    transaction (a savepoint in a chunk's) of its own. In a chunk, its new
    articles join ``pending`` only once the whole input is stored."""
    own = [] if pending is not None else None
    try:
        with transaction.atomic():
            outcomes = [
                _import_article(
                    parsed,
                    position,
                    several=len(articles) > 1,
                    lookups=lookups,
                    pending=own,
                    **options,
                )
                for position, parsed in enumerate(articles, start=1)
            ]
    except ImportRefused as exc:
        lookups.forget()
        return [Outcome(name=item.name, status=Status.FAILED, reason=str(exc))]
    except (OperationalError, InterfaceError):
        raise  # the database is gone: no later input could be stored either
    except Exception as exc:
        lookups.forget()
        return [_internal_error(item, exc)]
    lookups.keep()
    if own:
        pending.extend(own)
    return outcomes


def _internal_error(item: ImportInput, exc: Exception) -> Outcome:
    logger.error("Internal error importing %s", printable(item.name), exc_info=exc)
    first_line = (str(exc).strip().splitlines() or [""])[0]
    reason = f"{type(exc).__name__}: {first_line}" if first_line else type(exc).__name__
    return Outcome(name=item.name, status=Status.FAILED, reason=reason, internal=True)


def _import_article(parsed: ParsedArticle, position: int, *, several: bool, **options) -> Outcome:
    try:
        return article_import(parsed=parsed, **options)
    except ImportRefused as exc:
        # Refused while being stored: the whole input is rolled back with it.
        raise ImportRefused(f"article {position}: {exc}" if several else str(exc)) from exc


# Corrections by hand ------------------------------------------------------------

# Metadata staff may correct; each field corrected is then left alone by imports.
CORRECTABLE_FIELDS = (
    "outlet",
    "headline",
    "byline",
    "dateline",
    "published_on",
    "published_at",
    "language",
    "url",
)


# ``story=KEEP`` (the default) leaves the article in its story.
KEEP = object()


class StaleArticleEdit(Exception):
    """The article was written after the form was opened; nothing was saved."""

    def __init__(self, article: Article, changed_by=None):
        self.article = article
        who = f" by {changed_by}" if changed_by else ""
        when = f" at {timezone.localtime(article.updated_at):%H:%M}"
        super().__init__(
            f"This article was changed{who}{when} after you opened it (by an import, a "
            "watch round or another person). Nothing was saved: reload the page to see "
            "the current version and make your correction again."
        )


@transaction.atomic
def article_correct(
    *,
    article: Article,
    acting_user,
    expected_updated_at,
    story=KEEP,
    outlet: str | None = None,
    release: Iterable[str] = (),
    **changes,
) -> Article:
    """Correct an article's metadata by hand, in one transaction with history.

    ``changes`` are any of the :data:`CORRECTABLE_FIELDS` but the outlet;
    ``outlet`` is a name, looked up or created as an import does (an empty name
    leaves the article without one). ``story`` files the article elsewhere; it
    is no correction of the source and is not kept from imports. Every field
    whose value changes is recorded in ``corrected_fields``, and later imports
    and watch rounds leave it as corrected, until it is named in ``release``:
    then the next import may update it again (a field corrected in the same
    call stays corrected).

    Refused with :class:`StaleArticleEdit` when the article was written since
    ``expected_updated_at`` (its ``updated_at`` when the form was built): a
    stale form never overwrites a newer import or correction.
    """
    permissions.require(
        permissions.can_edit_article_metadata(acting_user),
        "You may not correct article metadata.",
    )
    unknown = (set(changes) | set(release)) - set(CORRECTABLE_FIELDS)
    if unknown:
        raise TypeError(f"not correctable: {', '.join(sorted(unknown))}")
    current = Article.objects.select_for_update().get(pk=article.pk)
    if current.updated_at != expected_updated_at:
        latest = current.history.order_by("-history_date").first()
        raise StaleArticleEdit(current, latest.history_user if latest else None)

    if outlet is not None:
        name = outlet.strip()
        if len(name) > Outlet._meta.get_field("name").max_length:
            raise ValidationError({"outlet": "An outlet name has at most 200 characters."})
        changes["outlet"] = (
            outlet_get_or_create(name=name, acting_user=acting_user) if name else None
        )
    corrected = [
        field for field, value in changes.items() if _stored(current, field) != _key(value)
    ]
    refiled = story is not KEEP and current.story_id != _key(story)
    released = sorted((set(release) & set(current.corrected_fields)) - set(corrected))
    if not corrected and not refiled and not released:
        return current
    filed_was = (current.outlet_id, current.story_id)
    for field in corrected:
        setattr(current, field, changes[field])
    if refiled:
        current.story = story
    current.clean_fields(exclude=[f.name for f in Article._meta.fields if f.name not in corrected])
    current.corrected_fields = sorted(
        (set(current.corrected_fields) | set(corrected)) - set(released)
    )
    current.updated_at = timezone.now()
    current._history_user = acting_user
    reasons = []
    if corrected or refiled:
        fields = corrected + (["story"] if refiled else [])
        reasons.append("corrected by hand: " + ", ".join(fields))
    if released:
        reasons.append("imports may update again: " + ", ".join(released))
    current._change_reason = "; ".join(reasons)
    current.save()
    _refiled(current, *filed_was)
    _announce_metadata_change(current)
    return current


def _refiled(article, outlet_was, story_was) -> None:
    if (article.outlet_id, article.story_id) != (outlet_was, story_was):
        article_refiled.send(
            sender=Article, article=article, outlet_was=outlet_was, story_was=story_was
        )


def _stored(article, field):
    return article.outlet_id if field == "outlet" else getattr(article, field)


def _key(value):
    """A row by its key, any other value as it is: compares what is stored."""
    return value.pk if isinstance(value, Outlet | Story) else value


# Stories and outlets as staff edit them ---------------------------------------------


def _announce_metadata_change(instance) -> None:
    transaction.on_commit(
        lambda: report_metadata_changed.send(sender=type(instance), instance=instance)
    )


@transaction.atomic
def story_save(*, story: Story, acting_user, change_reason: str = "") -> Story:
    """Create or update a story as staff edited it (the admin form), with
    history; the public pages that show it refresh once it commits."""
    adding = story.pk is None
    permissions.require(
        permissions.can_edit_stories(acting_user, adding=adding),
        "You may not add stories." if adding else "You may not change stories.",
    )
    story._history_user = acting_user
    story._change_reason = change_reason or ("added by hand" if adding else "edited by hand")
    story.save()
    _announce_metadata_change(story)
    return story


@transaction.atomic
def outlet_save(*, outlet: Outlet, acting_user, change_reason: str = "") -> Outlet:
    """Create or update an outlet as staff edited it, with history; the public
    pages that name it refresh once it commits."""
    adding = outlet.pk is None
    permissions.require(
        permissions.can_add_outlets(acting_user)
        if adding
        else permissions.can_edit_outlets(acting_user),
        "You may not add outlets." if adding else "You may not change outlets.",
    )
    outlet._history_user = acting_user
    outlet._change_reason = change_reason or ("added by hand" if adding else "edited by hand")
    outlet.save()
    _announce_metadata_change(outlet)
    return outlet


@transaction.atomic
def record_delete(*, instance: Story | Outlet | Article, acting_user) -> None:
    """Delete a story (its articles stay, unfiled), an outlet with no articles
    or an article no claim or passage cites (the database refuses the others),
    with history."""
    permissions.require(
        permissions.can_delete(acting_user, type(instance)),
        f"You may not delete {type(instance)._meta.verbose_name_plural}.",
    )
    instance._history_user = acting_user
    instance.delete()
    _announce_metadata_change(instance)


# Tags -----------------------------------------------------------------------------


def tag_problems(*, name: str, slug: str, tag: Tag | None = None) -> list[str]:
    """Why ``name`` and ``slug`` cannot name a tag (``tag`` being the one edited),
    in words for staff; empty when they can. The admin's form says the same
    before the service refuses."""
    problems = []
    if not slugify(name):
        problems.append("A tag’s name needs at least one letter or digit.")
    others = Tag.objects.exclude(pk=tag.pk) if tag is not None and tag.pk else Tag.objects.all()
    same = others.filter(name__iexact=name.strip()).first()
    if same is not None:
        problems.append(f"“{same.name}” is already a tag.")
    elif slug and others.filter(slug=slug).exists():
        problems.append(f"Another tag already has the address name “{slug}”.")
    return problems


def _tag_saved(tag: Tag, *, acting_user, reason: str) -> Tag:
    problems = tag_problems(name=tag.name, slug=tag.slug, tag=tag)
    if problems:
        raise ValidationError(problems)
    renamed = tag.pk is not None
    tag._history_user = acting_user
    tag._change_reason = reason
    tag.save()
    if renamed:
        tag_relabelled.send(sender=Tag, tag=tag)
        # A published claim may show it: the public pages refresh once it commits.
        _announce_metadata_change(tag)
    return tag


@transaction.atomic
def tag_create(*, name: str, acting_user, slug: str = "") -> Tag:
    """A new tag; its slug (the public filter's value) is made from the name
    unless given. Refused, writing nothing, when the name or slug is taken."""
    permissions.require(permissions.can_add_tags(acting_user), "You may not add tags.")
    name = name.strip()
    tag = Tag(name=name, slug=slug.strip() or slugify(name)[:100])
    return _tag_saved(tag, acting_user=acting_user, reason="added")


@transaction.atomic
def tag_update(*, tag: Tag, acting_user, name: str | None = None, slug: str | None = None) -> Tag:
    """Rename a tag or change its slug, with history; the claims and stories
    filed under it keep it."""
    permissions.require(permissions.can_edit_tags(acting_user), "You may not change tags.")
    if name is not None:
        tag.name = name.strip()
    if slug is not None:
        tag.slug = slug.strip() or slugify(tag.name)[:100]
    return _tag_saved(tag, acting_user=acting_user, reason="edited")


@transaction.atomic
def tag_delete(*, tag: Tag, acting_user) -> None:
    """Delete a tag and take it off every claim and story, each removal in the
    history of its through table."""
    permissions.require(permissions.can_delete(acting_user, Tag), "You may not delete tags.")
    tag_relabelled.send(sender=Tag, tag=tag)
    # One by one, so that each removal is recorded with who made it (a
    # cascade would delete them without the acting user).
    for relation in (tag.story_tags, tag.claim_tags):
        for row in relation.all():
            row._history_user = acting_user
            row.delete()
    tag._history_user = acting_user
    tag.delete()
    _announce_metadata_change(tag)


def tags_replace(*, rows, owner: dict, tags: Iterable[Tag], acting_user) -> tuple[list, list]:
    """Make the through rows ``rows`` (a related manager, e.g. ``story.story_tags``)
    hold exactly ``tags``, each added or removed row recorded in the through
    table's history with ``acting_user``. ``owner`` is the field naming the
    owner (``{"story": story}``). Returns ``(added, removed)`` tags, by name.

    Shared by stories here and claims in the fact-check app; the caller is
    atomic and checks permissions."""
    wanted = {tag.pk: tag for tag in tags}
    current = {row.tag_id: row for row in rows.select_related("tag")}
    removed = [row.tag for pk, row in current.items() if pk not in wanted]
    added = [tag for pk, tag in wanted.items() if pk not in current]
    for pk, row in current.items():
        if pk not in wanted:
            row._history_user = acting_user
            row.delete()
    for tag in added:
        row = rows.model(tag=tag, **owner)
        row._history_user = acting_user
        row.save()
    return (
        sorted(added, key=lambda tag: tag.name.casefold()),
        sorted(removed, key=lambda tag: tag.name.casefold()),
    )


def tags_change_reason(added, removed) -> str:
    """``tags: added X, Y; removed Z`` for the owner's history."""
    parts = []
    if added:
        parts.append("added " + ", ".join(tag.name for tag in added))
    if removed:
        parts.append("removed " + ", ".join(tag.name for tag in removed))
    return "tags: " + "; ".join(parts)


@transaction.atomic
def story_set_tags(*, story: Story, tags: Iterable[Tag], acting_user) -> Story:
    """File ``story`` under exactly ``tags``; the story's history says what
    changed, the through table's who added or removed each."""
    permissions.require(permissions.can_edit_stories(acting_user), "You may not change stories.")
    added, removed = tags_replace(
        rows=story.story_tags, owner={"story": story}, tags=tags, acting_user=acting_user
    )
    if added or removed:
        story_save(
            story=story, acting_user=acting_user, change_reason=tags_change_reason(added, removed)
        )
    return story
