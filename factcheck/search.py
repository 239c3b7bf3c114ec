"""
Full-text search over claims, behind one function, :func:`search_claims`.

- PostgreSQL: a stored ``tsvector`` of statement, quote and ruling (weighted
  in that order; the generated column ``search_document`` of migration 0010,
  GIN-indexed) matched with ``websearch_to_tsquery``, ranked by ``ts_rank``.
- SQLite: an FTS5 table ``factcheck_claim_fts`` (statement, quote, ruling,
  claimant) whose rowid is the claim's id, ranked by ``bm25``. It holds
  published claims only and is kept in step by the claim services through
  :func:`index_claim` and :func:`unindex_claim`; ``manage.py
  rebuild_search_index`` refills it. It is a separate table, not triggers on
  the claim table, because SQLite's schema editor rebuilds model tables on
  many migrations and would drop the triggers with them.
- Anything else: ``icontains`` on every term, statement matches first.

Callers pass a queryset that is already limited to what may be shown, so
search only ever narrows it.
"""

import dataclasses
import functools
import operator
import re

from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVectorField,
)
from django.db import connection, connections
from django.db.models import Case, Expression, IntegerField, Q, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import StrIndex, Upper
from django.db.models.lookups import GreaterThan
from django.utils.text import smart_split, unescape_string_literal

from articles.analysis import similarity

FTS_TABLE = "factcheck_claim_fts"
SEARCH_CONFIG = "english"
# Column weights for bm25, in the FTS table's column order.
FTS_WEIGHTS = (10.0, 5.0, 1.0, 3.0)

_TERM = re.compile(r"\w+", re.UNICODE)


def search_terms(q: str) -> list[str]:
    """The words of a query, without operators or punctuation."""
    return _TERM.findall(q)


def fts5_match(q: str) -> str:
    """An FTS5 query matching every word of ``q``. Each word is quoted, so user
    input can never be read as FTS5 syntax (``AND``, ``NEAR``, ``col:``, ``*``)."""
    return " ".join(f'"{term}"' for term in search_terms(q))


def search_claims(queryset, q: str, *, cap: int | None = None):
    """``queryset`` narrowed to claims matching ``q``, best match first.

    Rows carry ``search_rank`` (its sense depends on the database; the order is
    what matters). A blank query returns the queryset unchanged.

    With ``cap``, only the newest ``cap + 1`` matches are ranked: a common
    word matches a tenth of a million claims, and ranking them all took
    154 ms (``make bench``). They are found by walking the date index until
    enough match (or, for a rare word, from the text index), so the work is
    bounded whatever the word; a search holding ``cap + 1`` rows has more
    matches than ``cap`` (:func:`capped`).
    """
    # PostgreSQL refuses NUL in text; nothing else in the words needs cleaning.
    q = (q or "").replace("\x00", " ").strip()
    if not q:
        return queryset
    if cap is not None:
        queryset = queryset.filter(pk__in=newest_matches(queryset, q, cap))
    return _matching(queryset, q)


def newest_matches(queryset, q: str, cap: int) -> list[int]:
    """The keys of the newest ``cap + 1`` claims of ``queryset`` matching
    ``q``, in one query: the page's rows, its count and its facets then
    read these few claims, not the search again."""
    newest = _matches(queryset, q).order_by("-published_at", "-pk")
    return list(newest.values_list("pk", flat=True)[: cap + 1])


def _matches(queryset, q):
    """``queryset`` narrowed to the matches, unranked: a subquery needs no
    join of its own to the search table (whose raw SQL names the outer table)."""
    if connection.vendor == "postgresql":
        query = SearchQuery(q, search_type="websearch", config=SEARCH_CONFIG)
        return queryset.alias(search_document=SearchDocument()).filter(search_document=query)
    match = fts5_match(q) if connection.vendor == "sqlite" else ""
    if not match:
        return plain_search(queryset, q)
    return queryset.filter(
        pk__in=RawSQL(  # noqa: S611 (constant SQL; the user's words are a parameter)
            f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s",  # noqa: S608
            [match],
        )
    )


def capped(count: int, cap: int) -> bool:
    """Whether a search's ``count`` of rows was cut at ``cap``."""
    return count > cap


def _matching(queryset, q):
    if connection.vendor == "postgresql":
        return _search_postgresql(queryset, q)
    if connection.vendor == "sqlite":
        return _search_sqlite(queryset, q)
    return plain_search(queryset, q)


class SearchDocument(Expression):
    """The claim's stored search document (PostgreSQL's ``search_document``
    column, migration 0010), in whatever alias the claim table has in the
    query at hand."""

    output_field = SearchVectorField()

    def as_sql(self, compiler, connection):
        table = compiler.quote_name(compiler.query.get_initial_alias())
        return f"{table}.{connection.ops.quote_name('search_document')}", []


def _search_postgresql(queryset, q):
    query = SearchQuery(q, search_type="websearch", config=SEARCH_CONFIG)
    document = SearchDocument()
    # Matched through the GIN index on the column, ranked from the column: no
    # document is parsed again at query time.
    return (
        queryset.alias(search_document=document)
        .annotate(search_rank=SearchRank(document, query))
        .filter(search_document=query)
        .order_by("-search_rank", "-published_at", "-pk")
    )


def _search_sqlite(queryset, q):
    match = fts5_match(q)
    if not match:
        return plain_search(queryset, q)
    table = connection.ops.quote_name(FTS_TABLE)
    claim_table = connection.ops.quote_name(queryset.model._meta.db_table)
    weights = ", ".join(str(weight) for weight in FTS_WEIGHTS)
    # A join, not a correlated subquery: SQLite runs the MATCH once, starting
    # from the FTS index, and looks each hit up by primary key. bm25 is lower
    # for better matches.
    return queryset.extra(  # noqa: S610 (constant SQL; the user's words are a parameter)
        select={"search_rank": f"bm25({table}, {weights})"},
        tables=[FTS_TABLE],
        where=[f"{table}.rowid = {claim_table}.id", f"{table} MATCH %s"],
        params=[match],
    ).order_by("search_rank", "-published_at", "-pk")


def plain_search(queryset, q):
    """The fallback: every word in the statement, quote, ruling or claimant name."""
    terms = search_terms(q) or [q]
    condition = Q()
    for term in terms:
        condition &= (
            Q(statement__icontains=term)
            | Q(quote__icontains=term)
            | Q(ruling__icontains=term)
            | Q(claimant__name__icontains=term)
        )
    in_statement = Q()
    for term in terms:
        in_statement &= Q(statement__icontains=term)
    return (
        queryset.filter(condition)
        .annotate(
            search_rank=Case(
                When(in_statement, then=Value(0)), default=Value(1), output_field=IntegerField()
            )
        )
        .order_by("search_rank", "-published_at", "-pk")
    )


# The SQLite index ---------------------------------------------------------------


def _uses_fts():
    return connection.vendor == "sqlite"


def index_claim(claim) -> None:
    """Put ``claim`` in the SQLite search index if it is published, else take it out.

    Called by the claim services after every change the public can see. A no-op
    on PostgreSQL, whose GIN index follows the table by itself.
    """
    if not _uses_fts():
        return
    unindex_claim(claim)
    if claim.status != "published":
        return
    claimant = claim.claimant.name if claim.claimant_id else ""
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {FTS_TABLE} (rowid, statement, quote, ruling, claimant) "  # noqa: S608
            "VALUES (%s, %s, %s, %s, %s)",
            [claim.pk, claim.statement, claim.quote, claim.ruling, claimant],
        )


def unindex_claim(claim) -> None:
    """Take ``claim`` out of the SQLite search index (no-op elsewhere)."""
    if not _uses_fts():
        return
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [claim.pk])  # noqa: S608


def rebuild_index() -> int:
    """Refill the SQLite index from the published claims; returns how many it holds.

    On PostgreSQL there is nothing to rebuild and the count of published claims
    is returned.
    """
    from .models import Claim

    published = Claim.objects.published()
    if not _uses_fts():
        return published.count()
    claim_table = Claim._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {FTS_TABLE}")  # noqa: S608
        cursor.execute(
            f"INSERT INTO {FTS_TABLE} (rowid, statement, quote, ruling, claimant) "  # noqa: S608
            f"SELECT c.id, c.statement, c.quote, c.ruling, COALESCE(p.name, '') "
            f"FROM {claim_table} c LEFT JOIN factcheck_claimant p ON p.id = c.claimant_id "
            "WHERE c.status = %s",
            ["published"],
        )
    return published.count()


# Staff search (the claims changelist) -------------------------------------------
#
# Staff look for words anywhere in any claim, published or not, by substring
# ("tunn" finds "tunnel"), in the statement, the quoted passage, the
# claimant's name or aliases and the article's headline. A substring match
# over every claim read each row: 0.2 s at 100,000 claims (make bench). The
# claim's own text is matched through a trigram index instead, PostgreSQL's
# pg_trgm (migration 0008) or an FTS5 trigram table on SQLite kept in step by
# triggers; names and headlines, in much smaller tables, are matched there and
# joined back by key.

STAFF_FTS_TABLE = "factcheck_claim_text"
# Trigram indexes answer a substring of at least three characters.
TRIGRAM = 3
# Constant SQL: the staff table's name written out.
_STAFF_TRIGGERS = {
    "factcheck_claim_text_insert": (
        "AFTER INSERT ON factcheck_claim BEGIN "
        "INSERT INTO factcheck_claim_text (rowid, statement, quote) "
        "VALUES (new.id, new.statement, new.quote); END"
    ),
    "factcheck_claim_text_delete": (
        "AFTER DELETE ON factcheck_claim BEGIN "
        "INSERT INTO factcheck_claim_text (factcheck_claim_text, rowid, statement, quote) "
        "VALUES ('delete', old.id, old.statement, old.quote); END"
    ),
    "factcheck_claim_text_update": (
        "AFTER UPDATE OF statement, quote ON factcheck_claim BEGIN "
        "INSERT INTO factcheck_claim_text (factcheck_claim_text, rowid, statement, quote) "
        "VALUES ('delete', old.id, old.statement, old.quote); "
        "INSERT INTO factcheck_claim_text (rowid, statement, quote) "
        "VALUES (new.id, new.statement, new.quote); END"
    ),
}


def staff_search_terms(q: str) -> list[str]:
    """The admin's reading of a search: words, or "quoted phrases", all required."""
    terms = []
    for bit in smart_split(q.replace("\x00", " ")):
        if bit[:1] in "\"'" and bit[-1:] == bit[:1] and len(bit) > 1:
            bit = unescape_string_literal(bit)
        if bit.strip():
            terms.append(bit.strip())
    return terms


def staff_search_claims(queryset, q: str):
    """``queryset`` narrowed to claims containing every term of ``q`` in their
    statement, quote, claimant's name or alias, or article's headline.

    Each term is the union of four sets of claim keys, each found through an
    index: one ``OR`` across them would make PostgreSQL read every claim.
    """
    from articles.models import Article

    from .models import Claim, Claimant, ClaimantAlias

    claims = Claim.objects.order_by()
    for term in staff_search_terms(q):
        named = Claimant.objects.filter(name__icontains=term).values("pk")
        aliased = ClaimantAlias.objects.filter(name__icontains=term).values("claimant_id")
        headlined = Article.objects.filter(headline__icontains=term).values("pk")
        keys = (
            claims.filter(_claim_text_contains(term))
            .values("pk")
            .union(
                claims.filter(claimant_id__in=named).values("pk"),
                claims.filter(claimant_id__in=aliased).values("pk"),
                claims.filter(article_id__in=headlined).values("pk"),
            )
        )
        queryset = queryset.filter(pk__in=keys)
    return queryset


def staff_search_walk(queryset, q: str):
    """The claims of :func:`staff_search_claims`, matched row by row instead
    of through the indexes, so that the database walks ``queryset`` in its
    own order and stops at the first page.

    For a common word (one claim in ten) the newest page of matches is found
    after a few hundred claims, where the indexed union collects every match
    first (110,000 at a million claims, 0.9 s on SQLite and 3.8 s on
    PostgreSQL, ``make bench``) only to sort them and keep fifty. Each term
    is a substring test (``STRPOS``/``INSTR`` over upper case, which no index
    can answer, so the planner does not trade the walk for the union) or a
    claimant, alias or headline found by name in its own small table. A rare
    word walks the whole table: :func:`staff_search_claims` remains for the
    orderings no index walks (the admin falls back to it there).
    """
    from articles.models import Article

    from .models import Claimant, ClaimantAlias

    for term in staff_search_terms(q):
        needle = Upper(Value(term))
        named = Claimant.objects.filter(name__icontains=term).values("pk")
        aliased = ClaimantAlias.objects.filter(name__icontains=term).values("claimant_id")
        headlined = Article.objects.filter(headline__icontains=term).values("pk")
        queryset = queryset.filter(
            Q(GreaterThan(StrIndex(Upper("statement"), needle), 0))
            | Q(GreaterThan(StrIndex(Upper("quote"), needle), 0))
            | Q(claimant_id__in=named)
            | Q(claimant_id__in=aliased)
            | Q(article_id__in=headlined)
        )
    return queryset


def _claim_text_contains(term):
    if connection.vendor == "sqlite" and len(term) >= TRIGRAM:
        # A phrase of the trigram tokenizer matches the term as a substring, in
        # any case. Quoted, with its own quotes doubled, it is never FTS syntax.
        phrase = '"' + term.replace('"', '""') + '"'
        return Q(
            pk__in=RawSQL(  # noqa: S611 (constant SQL; the words are a parameter)
                "SELECT rowid FROM factcheck_claim_text WHERE factcheck_claim_text MATCH %s",
                [phrase],
            )
        )
    # PostgreSQL: UPPER(column) LIKE UPPER(%term%), which the trigram indexes
    # of migration 0008 answer. Shorter terms, and other databases, scan.
    return Q(statement__icontains=term) | Q(quote__icontains=term)


def staff_index_ensure(using="default") -> bool:
    """SQLite: create the staff search table's triggers where missing, and
    refill the table if any were (its rows may have changed without them).
    Returns whether it refilled. Run after every migrate: SQLite rebuilds a
    model's table on many migrations, and its triggers go with it."""
    if connections[using].vendor != "sqlite":
        return False
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE name = %s", [STAFF_FTS_TABLE])
        if not cursor.fetchone():
            return False  # Before migration 0008.
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'factcheck_claim'"
        )
        present = {name for (name,) in cursor.fetchall()}
        missing = [name for name in _STAFF_TRIGGERS if name not in present]
        for name in missing:
            cursor.execute(f"CREATE TRIGGER {name} {_STAFF_TRIGGERS[name]}")
        if missing:
            cursor.execute(
                f"INSERT INTO {STAFF_FTS_TABLE} ({STAFF_FTS_TABLE}) VALUES ('rebuild')"  # noqa: S608
            )
    return bool(missing)


def staff_index_rebuild(using="default") -> None:
    """SQLite: refill the staff search table from the claims (and restore its
    triggers); ``manage.py rebuild_search_index`` runs it."""
    if not staff_index_ensure(using) and connections[using].vendor == "sqlite":
        with connections[using].cursor() as cursor:
            cursor.execute(
                "INSERT INTO factcheck_claim_text (factcheck_claim_text) VALUES ('rebuild')"
            )


def staff_index_suspend(using="default") -> None:
    """SQLite: drop the staff search triggers, for a bulk load that then calls
    :func:`staff_index_ensure` once (one refill instead of one per row)."""
    if connections[using].vendor != "sqlite":
        return
    with connections[using].cursor() as cursor:
        for name in _STAFF_TRIGGERS:
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")


# Similar claims ("checked before") ----------------------------------------------
#
# A statement being written, or a claim or tip on its page, against every claim
# staff may see and the external fact-checks imported as ClaimReview. A claim
# found again is seldom worded the same, so candidates are whatever shares any
# significant word (an OR, never an AND), found through the indexes that
# exist: PostgreSQL's search document (migration 0010), best ts_rank first;
# SQLite's staff trigram table (the words' stems as substrings), best bm25
# first. At most SIMILAR_CANDIDATES of them are then ranked by
# articles.analysis.similarity and cut at its threshold. pg_trgm's similarity
# does not rank them: measured, it gives a rewording of "The bridge cost $4
# million" 0.42 and the unrelated "The tunnel cost $9 billion" 0.42.

SIMILAR_CANDIDATES = 60


@dataclasses.dataclass(frozen=True)
class Similar:
    """One row of a "checked before" list: a claim of ours or an external
    fact-check (exactly one is set), and how alike it reads (0–1)."""

    score: float
    claim: object = None
    external: object = None

    @property
    def statement(self):
        return self.claim.statement if self.claim is not None else self.external.claim_reviewed


def similar_claims(text: str, *, user, exclude=None, limit: int = 10) -> list[Similar]:
    """Claims and external fact-checks that read like ``text``, most alike first.

    Claims in any state and story, each with its verdict, story and outlet
    loaded, if ``user`` may see claims; external fact-checks if they may see
    those. ``exclude``: a claim (or its key) left out, the one on the page.
    Two queries, whatever is found: the claims, the external fact-checks.
    """
    from . import permissions
    from .models import Claim, ExternalFactCheck

    text = (text or "").replace("\x00", " ")
    terms = similarity.significant_terms(text)
    if not terms:
        return []
    found = []
    if permissions.can_view_claims(user):
        claims = Claim.objects.all()
        if exclude is not None:
            claims = claims.exclude(pk=getattr(exclude, "pk", exclude))
        rows = (
            Claim.objects.filter(pk__in=_similar_claim_keys(claims, terms))
            .select_related("rating", "article__story", "article__outlet")
            .only(
                "statement",
                "status",
                "slug",
                "rating__label",
                "rating__colour",
                "rating__slug",
                "article__story__title",
                "article__story__slug",
                "article__headline",
                "article__outlet__name",
            )
        )
        found += [(claim.pk, claim.statement, "claim", claim) for claim in rows]
    if permissions.can_view_external_fact_checks(user):
        reviews = ExternalFactCheck.objects.filter(_any_stem("claim_reviewed", terms)).order_by(
            "-date_published", "-pk"
        )
        found += [
            (review.pk, review.claim_reviewed, "external", review)
            for review in reviews.defer("raw")[:SIMILAR_CANDIDATES]
        ]
    by_key = {(kind, pk): obj for pk, _, kind, obj in found}
    ranked = similarity.rank(text, [((kind, pk), statement) for pk, statement, kind, _ in found])
    return [
        Similar(score, **{"claim" if key[0] == "claim" else "external": by_key[key]})
        for score, key in ranked[:limit]
    ]


def _any_stem(field, terms):
    condition = Q()
    for term in terms:
        condition |= Q(**{f"{field}__icontains": similarity.stem_prefix(term)})
    return condition


def _similar_claim_keys(claims, terms):
    """A subquery: keys of at most SIMILAR_CANDIDATES of ``claims`` sharing a
    term, best first."""
    if connection.vendor == "postgresql":
        query = functools.reduce(
            operator.or_, (SearchQuery(term, config=SEARCH_CONFIG) for term in terms)
        )
        document = SearchDocument()
        return (
            claims.alias(search_document=document)
            .filter(search_document=query)
            .annotate(similar_rank=SearchRank(document, query))
            .order_by("-similar_rank", "-pk")
            .values("pk")[:SIMILAR_CANDIDATES]
        )
    if connection.vendor == "sqlite":
        stems = [similarity.stem_prefix(term) for term in terms]
        # Stems as quoted phrases of the trigram table: substrings, in any
        # case, never FTS syntax (a term is letters and digits only).
        match = "{statement} : (" + " OR ".join(f'"{stem}"' for stem in stems) + ")"
        hits = RawSQL(  # noqa: S611 (constant SQL; the words are a parameter)
            "SELECT rowid FROM factcheck_claim_text WHERE factcheck_claim_text MATCH %s "
            "ORDER BY bm25(factcheck_claim_text) LIMIT %s",
            [match, SIMILAR_CANDIDATES + 1],
        )
        return claims.filter(pk__in=hits).values("pk")
    return (
        claims.filter(_any_stem("statement", terms))
        .order_by("-pk")
        .values("pk")[:SIMILAR_CANDIDATES]
    )
