"""
A realistic synthetic archive, bulk-inserted into the scratch database.

:func:`build` writes, for an :class:`ArchiveSize`:

- staff (a superuser, fact-checkers and editors in their role groups), outlets,
  the default rating scale (through the set-up service), claimants and sources;
- ``stories`` stories of ``articles`` reports in all, each with the one
  revision an import leaves, their text from :mod:`benchmarks.synthetic`;
- ``claims`` claims anchored to sentences of their article's body, 80% of
  them published with ``published_at`` spread over three years, the rest
  drafts, in review or archived; one article carries 50 claims (the admin's
  article page is measured on it); citations of sources, appearances in other
  reports of the story, and a correction note on a few published claims;
- three discrepancies per story, with a passage in two or three of its
  reports; about a third are public (resolved or not a conflict) with a cited
  source;
- the search indexes, through the functions ``rebuild_search_index`` and
  ``migrate`` call.

It is written a chunk of stories at a time, so memory stays flat at any size:
the small tables with ``bulk_create``, the three big ones (claims, citations,
appearances) with one ``executemany`` each per chunk (see :class:`_Table`),
their secondary indexes dropped during the load and built again after.
Nothing goes through the services, whose history rows and permission checks
would make a million claims take hours. The run is seeded, so two builds of
one size hold the same rows.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import json
import random
import re
import time

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils.text import slugify

from articles.analysis import text
from articles.analysis.anchoring import make_anchor
from articles.analysis.fingerprint import discrepancy_fingerprint
from articles.models import Article, ArticleRevision, Outlet, Story
from factcheck import dbstats, roles, services
from factcheck.models import (
    Citation,
    Claim,
    Claimant,
    ClaimAppearance,
    ClaimUpdate,
    Discrepancy,
    DiscrepancyCitation,
    DiscrepancyPassage,
    Rating,
    Source,
    Stance,
)
from factcheck.search import rebuild_index, staff_index_ensure, staff_index_suspend
from factcheck.services.setup import ratings_install_default

from . import synthetic
from .scratch import MARKER_TABLE

# The archive's last day; every date is before it, so two builds are identical.
END = datetime.datetime(2026, 3, 1, 12, tzinfo=datetime.UTC)
SPAN_DAYS = 3 * 365
SUPERUSER = "bench-admin"
SHOWCASE_CLAIMS = 50
# Their secondary indexes are dropped while loading and built again after.
BULK_TABLES = ("factcheck_claim", "factcheck_citation", "factcheck_claimappearance")
DISCREPANCIES_PER_STORY = 3
# Stories written per transaction and bulk_create round.
CHUNK_STORIES = 50

OUTLET_NAMES = "Herald Gazette Times Post Courier Chronicle Observer Ledger".split()
ORG_SUFFIXES = "Council Authority Board Office Union Trust".split()
SOURCE_KINDS = [kind for kind, _ in Source.Kind.choices]
CLAIM_KINDS = [kind for kind, _ in Claim.Kind.choices]
DISCREPANCY_KINDS = [kind for kind, _ in Discrepancy.Kind.choices]
STANCES = [stance for stance, _ in Stance.choices]
# Published verdicts lean false, as a fact-checker's archive does.
RATING_WEIGHTS = {
    "true": 12,
    "mostly-true": 14,
    "half-true": 18,
    "mostly-false": 20,
    "false": 26,
    "misquoted": 5,
    "unproven": 5,
}
UNPUBLISHED_STATUSES = (("draft", 0.5), ("in_review", 0.3), ("archived", 0.2))
DISCREPANCY_STATUSES = (
    ("suggested", 0.30),
    ("open", 0.15),
    ("investigating", 0.10),
    ("resolved", 0.25),
    ("not_conflict", 0.08),
    ("dismissed", 0.12),
)
_SENTENCE = re.compile(r"[^\s][^.!?]*[.!?]+[”\"]?")


class ArchiveMismatch(Exception):
    """A kept scratch database holds something other than the archive asked for."""


@dataclasses.dataclass(frozen=True)
class ArchiveSize:
    claims: int = 100_000
    articles: int = 10_000
    stories: int = 1_000
    seed: int = 0
    published_share: float = 0.8

    def __post_init__(self):
        if self.stories < 1 or self.articles < 2 * self.stories or self.claims < 2:
            raise ValueError("need at least one story, two articles per story and two claims")

    def as_dict(self) -> dict:
        return dataclasses.asdict(self)

    @property
    def showcase_claims(self) -> int:
        """Claims on the article whose admin page is measured."""
        return min(SHOWCASE_CLAIMS, self.claims // 2)


@dataclasses.dataclass
class Built:
    size: ArchiveSize
    reused: bool = False
    seconds: dict[str, float] = dataclasses.field(default_factory=dict)
    rows: dict[str, int] = dataclasses.field(default_factory=dict)

    @property
    def total_seconds(self) -> float:
        return sum(self.seconds.values())


def showcase_source() -> str:
    """The source of the article carrying :data:`SHOWCASE_CLAIMS` claims."""
    return _article_source(0, 0)


def _article_source(story, number):
    return f"bench/story-{story:06d}/report-{number:04d}.txt"


# The marker table ------------------------------------------------------------------


def recorded_parameters() -> dict | None:
    """The size of the complete archive in this database, or None."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT parameters FROM {MARKER_TABLE} WHERE complete = 1")  # noqa: S608
        row = cursor.fetchone()
    return json.loads(row[0]) if row else None


def _record(size: ArchiveSize, *, complete: bool) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {MARKER_TABLE}")  # noqa: S608
        cursor.execute(
            f"INSERT INTO {MARKER_TABLE} (parameters, complete) VALUES (%s, %s)",  # noqa: S608
            [json.dumps(size.as_dict(), sort_keys=True), int(complete)],
        )


# Building ------------------------------------------------------------------------


class _Stopwatch:
    def __init__(self, built):
        self.built = built

    @contextlib.contextmanager
    def __call__(self, phase):
        start = time.perf_counter()
        try:
            yield
        finally:
            self.built.seconds[phase] = self.built.seconds.get(phase, 0.0) + (
                time.perf_counter() - start
            )


@contextlib.contextmanager
def _stored_timestamps():
    """Let bulk_create store the timestamps given, not ``now()``, for auto_now fields."""
    switched = []
    for model in (Discrepancy, DiscrepancyCitation, Source, Story):
        for field in model._meta.concrete_fields:
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                switched.append((field, field.auto_now, field.auto_now_add))
                field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, auto_now, auto_now_add in switched:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add


def build(size: ArchiveSize, *, reuse: bool = False, log=None) -> Built:
    """Fill the (migrated) scratch database with the archive; ``reuse`` keeps a
    complete archive of the same size that is already there."""
    log = log or (lambda message: None)
    if reuse and recorded_parameters() == size.as_dict():
        log("archive: reusing the complete archive already in the scratch database")
        # Migrations may just have rewritten a table (PostgreSQL's generated
        # column, say); autovacuum would analyse it within minutes.
        _analyze()
        return Built(size, reused=True, rows=count_rows())
    if Article.objects.exists():
        raise ArchiveMismatch(
            f"the kept archive is not a complete one of this size ({recorded_parameters()}); "
            "run without --reuse to build it again"
        )
    built = Built(size)
    stopwatch = _Stopwatch(built)
    _record(size, complete=False)
    with _stored_timestamps():
        generator = _Generator(size, stopwatch)
        with stopwatch("reference data"), transaction.atomic():
            generator.reference_data()
        with stopwatch("dropping indexes"):
            indexes = _drop_indexes(BULK_TABLES)
            # The staff search table is filled once at the end, not row by row.
            staff_index_suspend()
        for first in range(0, size.stories, CHUNK_STORIES):
            with transaction.atomic():
                generator.stories(range(first, min(first + CHUNK_STORIES, size.stories)))
            log(
                f"archive: {min(first + CHUNK_STORIES, size.stories):,}/{size.stories:,} stories, "
                f"{generator.claims_made:,} claims, {built.total_seconds:.0f} s"
            )
    with stopwatch("rebuilding indexes"):
        _create_indexes(indexes)
    with stopwatch("search index"), transaction.atomic():
        _reset_sequences()
        rebuild_index()
        staff_index_ensure()
        # Written past the services: each verdict's count of published claims.
        services.published_verdicts_recount()
    with stopwatch("analyze"):
        _analyze()
    _record(size, complete=True)
    built.rows = count_rows()
    return built


def _drop_indexes(tables) -> list[str]:
    """Drop the secondary indexes of ``tables``; returns the SQL that recreates them.

    Building an index once over loaded rows is several times faster than
    keeping it up to date row by row (above all PostgreSQL's GIN index for
    search, which parses three text columns per row). Primary keys and unique
    constraints stay, so the load is still checked.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT i.indexname, i.indexdef FROM pg_indexes i "
                "WHERE i.schemaname = current_schema() AND i.tablename = ANY(%s) "
                "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
                [list(tables)],
            )
        else:
            placeholders = ", ".join(["%s"] * len(tables))
            cursor.execute(
                "SELECT name, sql FROM sqlite_master "  # noqa: S608 (placeholders only)
                f"WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ({placeholders})",
                list(tables),
            )
        found = cursor.fetchall()
        for name, _ in found:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    return [definition for _, definition in found]


def _create_indexes(definitions) -> None:
    with connection.cursor() as cursor:
        for definition in definitions:
            cursor.execute(definition)


def _analyze():
    """Statistics for the planner, as the CMS keeps them: SQLite is analysed
    the way ``migrate`` and ``rebuild_search_index`` do (:mod:`factcheck.dbstats`),
    PostgreSQL the way autovacuum would within minutes of a load."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    else:
        dbstats.analyze()
        # The planner reads statistics when it opens the schema.
        connection.close()


def count_rows() -> dict[str, int]:
    return {
        "stories": Story.objects.count(),
        "articles": Article.objects.count(),
        "claims": Claim.objects.count(),
        "published claims": Claim.objects.published().count(),
        "citations": Citation.objects.count(),
        "appearances": ClaimAppearance.objects.count(),
        "sources": Source.objects.count(),
        "claimants": Claimant.objects.count(),
        "discrepancies": Discrepancy.objects.count(),
        "discrepancy passages": DiscrepancyPassage.objects.count(),
    }


def _sentences(body):
    return [(m.start(), m.end()) for m in _SENTENCE.finditer(body)]


def _weighted(rng, pairs):
    roll, total = rng.random(), 0.0
    for value, weight in pairs:
        total += weight
        if roll < total:
            return value
    return pairs[-1][0]


class _Table:
    """Rows of one of the big tables, written with one ``executemany`` per chunk.

    ``bulk_create`` builds a model instance and runs every field's conversion
    for each row: 0.3 to 0.7 ms a claim on the benchmark machine, which makes a
    million claims with their citations take most of an hour. Rows here are
    plain tuples with ids assigned in advance (the table starts empty); only
    dates and times need the backend's own conversion, and columns left out
    take the model field's default.
    """

    def __init__(self, model):
        self.model = model
        fields = model._meta.concrete_fields
        self.names = [field.attname for field in fields]
        self.defaults = {field.attname: field.get_default() for field in fields}
        self.adapters = [_adapter(field) for field in fields]
        table = connection.ops.quote_name(model._meta.db_table)
        columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
        placeholders = ", ".join(["%s"] * len(fields))
        self.sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608
        self.rows = []
        self.next_id = (model.objects.aggregate(last=models.Max("pk"))["last"] or 0) + 1

    def add(self, **values) -> int:
        """Queue a row; returns its id."""
        values[self.model._meta.pk.attname] = pk = self.next_id
        self.next_id += 1
        row = []
        for name, adapt in zip(self.names, self.adapters, strict=True):
            value = values[name] if name in values else self.defaults[name]
            row.append(value if adapt is None or value is None else adapt(value))
        self.rows.append(row)
        return pk

    def flush(self) -> None:
        if self.rows:
            with connection.cursor() as cursor:
                cursor.executemany(self.sql, self.rows)
        self.rows = []


def _adapter(field):
    if isinstance(field, models.DateTimeField):
        return connection.ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return connection.ops.adapt_datefield_value
    return None


def _reset_sequences():
    # Ids were given explicitly; PostgreSQL's sequences must catch up with them.
    statements = connection.ops.sequence_reset_sql(no_style(), [Claim, Citation, ClaimAppearance])
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


class _Generator:
    def __init__(self, size: ArchiveSize, stopwatch):
        self.size = size
        self.stopwatch = stopwatch
        self.rng = random.Random(size.seed)
        self.claims_made = 0
        self.claims = _Table(Claim)
        self.citations = _Table(Citation)
        self.appearances = _Table(ClaimAppearance)
        others = size.articles - 1
        self.claims_per_article, self.extra_claims = divmod(
            size.claims - size.showcase_claims, others
        )
        self.article_serial = 0

    # Staff, outlets, ratings, claimants, sources --------------------------------------

    def reference_data(self):
        rng = self.rng
        User = get_user_model()
        roles.sync_roles()
        ratings_install_default()
        self.ratings = {rating.slug: rating.pk for rating in Rating.objects.all()}
        self.rating_pairs = [
            (self.ratings[slug], weight / sum(RATING_WEIGHTS.values()))
            for slug, weight in RATING_WEIGHTS.items()
            if slug in self.ratings
        ]
        users = [User(username=SUPERUSER, is_staff=True, is_superuser=True)]
        users += [User(username=f"checker{n}", is_staff=True) for n in range(12)]
        users += [User(username=f"editor{n}", is_staff=True) for n in range(4)]
        for user in users:
            user.first_name = rng.choice(synthetic.FIRST)
            user.last_name = rng.choice(synthetic.LAST)
            user.set_unusable_password()
        User.objects.bulk_create(users)
        users = {user.username: user for user in User.objects.filter(is_staff=True)}
        self.checkers = [u.pk for name, u in users.items() if name.startswith("checker")]
        self.editors = [u.pk for name, u in users.items() if name.startswith("editor")]
        Group.objects.get(name=roles.FACT_CHECKER).user_set.add(*self.checkers)
        Group.objects.get(name=roles.EDITOR).user_set.add(*self.editors)

        names = [f"The {place} {paper}" for paper in OUTLET_NAMES for place in synthetic.PLACES]
        outlets = Outlet.objects.bulk_create(
            Outlet(
                name=name,
                slug=slugify(name),
                domain=f"{slugify(name)}.example.com",
                homepage=f"https://{slugify(name)}.example.com/",
                language="en",
            )
            for name in names[:40]
        )
        self.outlets = [(outlet.pk, outlet.name) for outlet in outlets]

        claimants, keys = [], set()
        for n in range(max(5, self.size.claims // 20)):
            if n % 5 == 4:
                name = (
                    f"{synthetic.PLACES[n % 9]} {synthetic.TOPICS[(n // 9) % 20].title()} "
                    f"{ORG_SUFFIXES[(n // 180) % 6]}"
                )
                kind = Claimant.Kind.ORGANISATION
            else:
                name = (
                    f"{synthetic.FIRST[n % 15]} {chr(65 + (n // 15) % 26)}. "
                    f"{synthetic.LAST[(n // 390) % 14]}"
                )
                kind = Claimant.Kind.PERSON
            while text.name_key(name) in keys:
                name = f"{name} {n}"
            keys.add(text.name_key(name))
            claimants.append(
                Claimant(
                    name=name,
                    name_key=text.name_key(name),
                    slug=slugify(name)[:190],
                    kind=kind,
                    description=f"{rng.choice(synthetic.ADJECTIVES).title()} voice on "
                    f"{rng.choice(synthetic.TOPICS)}",
                )
            )
        self.claimants = [c.pk for c in Claimant.objects.bulk_create(claimants, batch_size=2000)]

        sources = []
        for n in range(max(10, self.size.claims // 5)):
            place, topic = rng.choice(synthetic.PLACES), rng.choice(synthetic.TOPICS)
            sources.append(
                Source(
                    title=f"{place} {topic} records, volume {n}",
                    url=f"https://records.example.org/{slugify(place)}/{topic}/{n}",
                    publisher=f"{place} {rng.choice(ORG_SUFFIXES)}",
                    kind=rng.choice(SOURCE_KINDS),
                    published_on=(END - datetime.timedelta(days=rng.randrange(SPAN_DAYS))).date(),
                    accessed_at=END,
                    created_at=END,
                )
            )
        self.sources = [s.pk for s in Source.objects.bulk_create(sources, batch_size=2000)]

    # Stories and everything in them ----------------------------------------------------

    def stories(self, numbers):
        rng, size = self.rng, self.size
        per_story, extra = divmod(size.articles, size.stories)
        with self.stopwatch("stories and articles"):
            stories, reports = [], []
            for number in numbers:
                count = per_story + (1 if number < extra else 0)
                # The showcase article needs room for its fifty passages.
                length = 64 if number == 0 else 32
                place, thing = rng.choice(synthetic.PLACES), rng.choice(synthetic.THINGS)
                event = END - datetime.timedelta(days=rng.randrange(SPAN_DAYS))
                stories.append(
                    Story(
                        title=f"The {place} {thing} opening",
                        slug=f"{slugify(place)}-{thing}-{number}",
                        summary=f"Reports of the {thing} opening in {place}.",
                        event_date=event.date(),
                        created_at=event,
                    )
                )
                story_reports = synthetic.make_story(
                    count, seed=size.seed * 1_000_003 + number, sentences_per_article=length
                )
                reports.append((number, event, story_reports))
            Story.objects.bulk_create(stories)
            articles = []
            for story, (number, event, story_reports) in zip(stories, reports, strict=True):
                for index, (_source, body, _date) in enumerate(story_reports):
                    outlet_id, outlet_name = rng.choice(self.outlets)
                    published = event + datetime.timedelta(hours=rng.randrange(72))
                    articles.append(
                        Article(
                            outlet_id=outlet_id,
                            story=story,
                            headline=f"{story.title.removeprefix('The ')}: report {index + 1} "
                            f"from {outlet_name}",
                            byline=f"{rng.choice(synthetic.FIRST)} {rng.choice(synthetic.LAST)}",
                            published_on=published.date(),
                            published_at=published if rng.random() < 0.5 else None,
                            language="en",
                            body=body,
                            raw_input=body,
                            format=Article.Format.TEXT,
                            source=_article_source(number, index),
                            url=f"https://{slugify(outlet_name)}.example.com/news/"
                            f"{story.slug}-{index}",
                            content_hash=text.content_hash(body),
                            imported_at=published + datetime.timedelta(hours=1),
                            imported_by_id=rng.choice(self.checkers),
                            updated_at=published + datetime.timedelta(hours=1),
                        )
                    )
            Article.objects.bulk_create(articles, batch_size=500)
            ArticleRevision.objects.bulk_create(
                (
                    ArticleRevision(
                        article=article,
                        number=1,
                        body=article.body,
                        raw_input=article.raw_input,
                        content_hash=article.content_hash,
                        created_at=article.imported_at,
                        created_by_id=article.imported_by_id,
                    )
                    for article in articles
                ),
                batch_size=500,
            )
        by_story = {}
        for article in articles:
            by_story.setdefault(article.story_id, []).append(article)
        sentences = {article.pk: _sentences(article.body) for article in articles}
        with self.stopwatch("claims"):
            claims = self._claims(articles, sentences)
        with self.stopwatch("citations, appearances, corrections"):
            self._around_claims(claims, by_story, sentences)
        with self.stopwatch("discrepancies"):
            self._discrepancies(stories, by_story, sentences)

    def _claims(self, articles, sentences):
        """Claims on ``articles``; returns ``[(id, status, article_id, created_at,
        rating_id, corrected_at)]`` for what hangs off them."""
        rng, size = self.rng, self.size
        made = []
        for article in articles:
            if self.article_serial == 0:
                count = size.showcase_claims
            else:
                count = self.claims_per_article + (
                    1 if self.article_serial <= self.extra_claims else 0
                )
            self.article_serial += 1
            spans = sentences[article.pk]
            picks = rng.sample(spans, count) if count <= len(spans) else rng.choices(spans, k=count)
            for start, end in picks:
                anchor = make_anchor(article.body, start, end)
                created = article.imported_at + datetime.timedelta(minutes=rng.randrange(4320))
                if rng.random() < size.published_share:
                    status = "published"
                else:
                    status = _weighted(rng, UNPUBLISHED_STATUSES)
                rated = status in ("published", "archived") or (
                    status == "in_review" and rng.random() < 0.5
                )
                rating = _weighted(rng, self.rating_pairs) if rated else None
                published_at = corrected_at = None
                if status == "published":
                    published_at = created + datetime.timedelta(minutes=rng.randrange(60, 14400))
                    if rng.random() < 0.03:
                        corrected_at = published_at + datetime.timedelta(days=rng.randint(1, 60))
                updated = (
                    corrected_at
                    or published_at
                    or created + datetime.timedelta(minutes=rng.randrange(600))
                )
                statement = anchor.quote.strip('“”" ')
                serial = self.claims.next_id
                self.claims.add(
                    article_id=article.pk,
                    slug=f"{slugify(statement)[:80].strip('-')}-{serial}",
                    statement=statement,
                    claimant_id=rng.choice(self.claimants) if rng.random() < 0.9 else None,
                    kind=rng.choice(CLAIM_KINDS),
                    claimed_on=article.published_on,
                    priority=rng.randint(1, 4),
                    status=status,
                    rating_id=rating,
                    ruling=self._ruling(rng) if rated else "",
                    notes="Check the council minutes." if rng.random() < 0.2 else "",
                    assignee_id=rng.choice(self.checkers) if rng.random() < 0.7 else None,
                    created_by_id=rng.choice(self.checkers),
                    created_at=created,
                    updated_at=updated,
                    first_published_at=published_at,
                    published_at=published_at,
                    # The one "last modified", as the services keep it.
                    public_modified_at=corrected_at or published_at,
                    anchor_status="orphaned" if rng.random() < 0.01 else "anchored",
                    anchor_method=anchor.method,
                    quote=anchor.quote,
                    start=anchor.start,
                    end=anchor.end,
                    prefix=anchor.prefix,
                    suffix=anchor.suffix,
                )
                made.append((serial, status, article.pk, created, rating, corrected_at))
        self.claims.flush()
        self.claims_made += len(made)
        return made

    @staticmethod
    def _ruling(rng):
        place, topic, other = rng.choice(synthetic.PLACES), *rng.sample(synthetic.TOPICS, 2)
        return (
            f"Records from the {place} {topic} office do not support this. "
            f"Minutes of the {rng.choice(synthetic.ADJECTIVES)} {other} committee give a "
            f"different figure, and officials confirmed it to us in {rng.randint(2020, 2026)}.\n\n"
            f"We rated it on what the documents show, not on later statements."
        )

    def _around_claims(self, claims, by_story, sentences):
        rng = self.rng
        updates = []
        article_story = {a.pk: a.story_id for story in by_story.values() for a in story}
        for claim_id, status, article_id, created, rating, corrected_at in claims:
            if status == "published":
                cited = 1 + (rng.random() < 0.5)
            elif status == "in_review":
                cited = 1
            else:
                cited = int(rng.random() < 0.3)
            for _ in range(cited):
                self.citations.add(
                    claim_id=claim_id,
                    source_id=rng.choice(self.sources),
                    stance=rng.choice(STANCES),
                    excerpt="The figures in the annex differ from those reported.",
                    note="Phoned the press office." if rng.random() < 0.1 else "",
                    created_at=created,
                )
            if rng.random() < 0.2:
                others = [a for a in by_story[article_story[article_id]] if a.pk != article_id]
                other = rng.choice(others)
                anchor = make_anchor(other.body, *rng.choice(sentences[other.pk]))
                self.appearances.add(
                    claim_id=claim_id,
                    article_id=other.pk,
                    quote=anchor.quote,
                    start=anchor.start,
                    end=anchor.end,
                    prefix=anchor.prefix,
                    suffix=anchor.suffix,
                    anchor_method=anchor.method,
                    created_at=created,
                )
            if corrected_at is not None:
                updates.append(
                    ClaimUpdate(
                        claim_id=claim_id,
                        created_at=corrected_at,
                        note="We found the full council minutes; the ruling now cites them.",
                        old_rating_id=rating,
                        new_rating_id=rating,
                        created_by_id=rng.choice(self.editors),
                    )
                )
        self.citations.flush()
        self.appearances.flush()
        ClaimUpdate.objects.bulk_create(updates, batch_size=1000)

    def _discrepancies(self, stories, by_story, sentences):
        rng = self.rng
        discrepancies, passages, citations = [], [], []
        for story in stories:
            reports = by_story[story.pk]
            seen = set()
            for _ in range(DISCREPANCIES_PER_STORY):
                chosen = rng.sample(reports, min(len(reports), rng.choice((2, 2, 3))))
                anchors = [
                    make_anchor(article.body, *rng.choice(sentences[article.pk]))
                    for article in chosen
                ]
                kind = rng.choice(DISCREPANCY_KINDS)
                fingerprint = discrepancy_fingerprint(kind, [a.quote for a in anchors])
                if fingerprint in seen:
                    continue
                seen.add(fingerprint)
                status = _weighted(rng, DISCREPANCY_STATUSES)
                created = story.created_at + datetime.timedelta(hours=rng.randrange(96))
                closed = status in ("resolved", "not_conflict")
                detected = rng.random() < 0.6
                discrepancy = Discrepancy(
                    story=story,
                    title=f"What did the reports say about the {rng.choice(synthetic.TOPICS)}?",
                    kind=kind,
                    severity=rng.randint(1, 3),
                    origin="detected" if detected else "staff",
                    score=round(rng.random(), 3) if detected else None,
                    explanation="Numbers differ between reports." if detected else "",
                    status=status,
                    resolution="The official record settles it." if closed else "",
                    fingerprint=fingerprint,
                    assignee_id=rng.choice(self.checkers) if rng.random() < 0.5 else None,
                    created_by_id=None if detected else rng.choice(self.checkers),
                    created_at=created,
                    updated_at=created + datetime.timedelta(hours=rng.randrange(48)),
                    resolved_at=created + datetime.timedelta(days=1) if closed else None,
                    resolved_by_id=rng.choice(self.editors) if closed else None,
                )
                discrepancies.append((discrepancy, list(zip(chosen, anchors, strict=True))))
        Discrepancy.objects.bulk_create([d for d, _ in discrepancies], batch_size=1000)
        for discrepancy, placed in discrepancies:
            for article, anchor in placed:
                passages.append(
                    DiscrepancyPassage(
                        discrepancy_id=discrepancy.pk,
                        article_id=article.pk,
                        quote=anchor.quote,
                        start=anchor.start,
                        end=anchor.end,
                        prefix=anchor.prefix,
                        suffix=anchor.suffix,
                        assessment=rng.choice(("", "accurate", "inaccurate"))
                        if discrepancy.status == "resolved"
                        else "",
                    )
                )
            if discrepancy.status == "resolved":
                citations.append(
                    DiscrepancyCitation(
                        discrepancy_id=discrepancy.pk,
                        source_id=rng.choice(self.sources),
                        stance=Stance.SUPPORTS,
                        excerpt="The schedule gives the date.",
                        created_at=discrepancy.resolved_at,
                    )
                )
        DiscrepancyPassage.objects.bulk_create(passages, batch_size=1000)
        DiscrepancyCitation.objects.bulk_create(citations, batch_size=1000)
