"""
Fuzzing the real import path: mutated copies of the test fixtures and the
seeds, generated feeds and texts, each through ``articles_import`` on the
test database. Whatever arrives must be imported whole, or refused with one
printable line and nothing stored; never an internal error, never a crash.

The mutations are seeded, so a failure names the seed and the mutant and
reproduces: ``FUZZ_SEED=... FUZZ_MUTANTS=... pytest tests/articles/test_import_fuzz.py``.
A longer run is the same test with a larger ``FUZZ_MUTANTS``.

Parsing must also be linear in the input's size. That is measured as a ratio,
not against a clock: the CPU time of a pathological input eight times larger
must stay well below the 64 times a quadratic parser would take.
"""

import json
import os
import random
import time
from pathlib import Path

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles import services
from articles.importers import ImportRefused, parse_document, printable
from articles.models import Article, ArticleRevision, Outlet, Story

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SEEDS = Path(__file__).resolve().parent.parent.parent / "seeds"
SEED = int(os.environ.get("FUZZ_SEED", "20261202"))
MUTANTS = int(os.environ.get("FUZZ_MUTANTS", "160"))
LIMIT = 1_000_000

# Values found at the edges of what the models can hold, in every spelling an
# importer reads: dates, offsets, numbers, characters no column can store.
EDGE_MOMENTS = [
    "9999-12-31T23:59:59-05:00",
    "0001-01-01T00:00:00+05:00",
    "9999-12-31T23:59:59Z",
    "0001-01-01",
    "9999-12-31",
    "2026-01-13T10:00:00+99:99",
    "2026-01-13T10:00:00-24:00",
    "2026-02-30",
    "Tue, 31 Dec 9999 23:59:59 -0500",
]
EDGE_STRINGS = [
    "\x00",
    "\ud800",
    "\udfff",
    "\n",
    "\r\n",
    "\u2028",
    "\u202e",
    "\x1b[31m",
    "-",
    "_",
    " ",
    "https://example.com/a\x00b",
    "https://example.com/\nb",
    "javascript:alert(1)",
    "x" * 1200,
]
EDGE_TOKENS = [
    b"1" * 5000,
    b"[" * 3000,
    b'{"a":' * 3000,
    b"\x00",
    b"\xed\xa0\x80",  # a surrogate in UTF-8 bytes
    b"\\udfff",
    b"\xff\xfe",
    b"+99:99",
    b"-",
]


def fixture_files():
    paths = sorted(FIXTURES.rglob("*.*")) + sorted(SEEDS.glob("*.txt"))
    return [(path.name, path.read_bytes()) for path in paths]


# Mutations -------------------------------------------------------------------------------------


def truncate(rng, name, data):
    return data[: rng.randrange(len(data) + 1)]


def flip_bytes(rng, name, data):
    data = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        if data:
            data[rng.randrange(len(data))] = rng.randrange(256)
    return bytes(data)


def insert_token(rng, name, data):
    at = rng.randrange(len(data) + 1)
    return data[:at] + rng.choice(EDGE_TOKENS) + data[at:]


def repeat_span(rng, name, data):
    start = rng.randrange(len(data) + 1)
    span = data[start : start + rng.randint(1, 200)]
    return data[:start] + span * rng.randint(2, 400) + data[start:]


def edge_field(rng, name, data):
    """A JSON field set to an edge value, or a field name that breaks lines."""
    try:
        feed = json.loads(data)
    except ValueError:
        return insert_token(rng, name, data)
    items = feed if isinstance(feed, list) else [feed]
    item = rng.choice(items) if items else None
    if not isinstance(item, dict):
        return insert_token(rng, name, data)
    field = rng.choice(
        ["published_at", "published_on", "url", "story", "headline", "byline", "body", "outlet"]
    )
    if field.startswith("published"):
        item[field] = rng.choice(EDGE_MOMENTS)
    elif rng.random() < 0.2:
        item[rng.choice(EDGE_STRINGS) + field] = "x"
    else:
        item[field] = "Text " + rng.choice(EDGE_STRINGS) + " more"
    return json.dumps(feed, ensure_ascii=rng.random() < 0.5).encode("utf-8", "surrogatepass")


def edge_metadata(rng, name, data):
    """A date, canonical URL or JSON-LD block at an edge, in a page or a text."""
    moment = rng.choice(EDGE_MOMENTS).encode()
    if name.endswith((".html", ".htm")):
        tag = rng.choice(
            [
                b'<meta property="article:published_time" content="' + moment + b'">',
                b'<script type="application/ld+json">{"datePublished": "' + moment + b'"}</script>',
                b'<script type="application/ld+json">' + b"[" * 5000 + b"</script>",
                b'<link rel="canonical" href="https://example.com/a\x01b">',
            ]
        )
        at = data.find(b"</head>")
        return data[:at] + tag + data[at:] if at >= 0 else tag + data
    lines = data.split(b"\n")
    lines.insert(min(1, len(lines)), rng.choice([b"Published ", b"Updated: ", b""]) + moment)
    return b"\n".join(lines)


MUTATIONS = [truncate, flip_bytes, insert_token, repeat_span, edge_field, edge_metadata]


def mutants(count, seed):
    rng = random.Random(seed)
    files = fixture_files()
    for number in range(count):
        name, data = rng.choice(files)
        mutation = rng.choice(MUTATIONS)
        yield f"{number}-{mutation.__name__}-{name}", mutation(rng, name, data)


# The invariant ---------------------------------------------------------------------------------


def stored():
    return (
        Article.objects.count(),
        ArticleRevision.objects.count(),
        Outlet.objects.count(),
        Story.objects.count(),
        Article.history.count(),
    )


def assert_imported_whole_or_refused_cleanly(name, data, why=""):
    before = stored()

    report = services.articles_import(inputs=[services.ImportInput.from_bytes(name, data)])

    context = f"{why} {name!r}"
    assert report.outcomes, context
    for outcome in report.outcomes:
        line = str(outcome)
        assert not outcome.internal, f"{context}: {line}"
        assert line == printable(line, limit=len(line) + 1), f"{context}: not one safe line"
    if report.failed:
        assert len(report.outcomes) == 1, context
        assert stored() == before, f"{context}: a refused input left rows behind"
        return
    for outcome in report.outcomes:
        article = Article.objects.get(pk=outcome.article.pk)
        assert article.body.strip(), context
        assert article.revisions.exists(), context
        if article.published_at is not None:
            timezone.localtime(article.published_at)  # shown without overflowing


def test_mutated_fixtures_import_whole_or_are_refused_cleanly(settings):
    settings.IMPORT_MAX_BYTES = LIMIT
    for name, data in mutants(MUTANTS, SEED):
        assert_imported_whole_or_refused_cleanly(name, data, why=f"FUZZ_SEED={SEED}")


# Generated feeds and texts ---------------------------------------------------------------------

ANY_CHARACTER = st.characters(codec=None, categories=None)
FIELD_TEXT = st.one_of(st.text(ANY_CHARACTER, max_size=40), st.sampled_from(EDGE_STRINGS))
MOMENT = st.one_of(
    st.sampled_from(EDGE_MOMENTS),
    st.builds(
        lambda moment, minutes: (
            f"{moment.isoformat()}{'+' if minutes >= 0 else '-'}"
            f"{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
        ),
        st.datetimes(),
        st.integers(-99 * 60, 99 * 60),
    ),
)
ARTICLE = st.fixed_dictionaries(
    {"body": st.text(ANY_CHARACTER, min_size=1, max_size=200)},
    optional={
        "headline": FIELD_TEXT,
        "byline": FIELD_TEXT,
        "outlet": FIELD_TEXT,
        "url": st.one_of(FIELD_TEXT, st.just("https://example.com/report")),
        "story": st.one_of(FIELD_TEXT, st.from_regex(r"[-_a-z0-9]{1,20}", fullmatch=True)),
        "published_at": MOMENT,
        "published_on": st.one_of(st.sampled_from(EDGE_MOMENTS), st.dates().map(str)),
        "language": FIELD_TEXT,
    },
)
GENERATED = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@GENERATED
@given(st.lists(ARTICLE, min_size=1, max_size=4))
def test_generated_feeds_import_whole_or_are_refused_cleanly(feed):
    data = json.dumps(feed, ensure_ascii=False).encode("utf-8", "surrogatepass")
    assert_imported_whole_or_refused_cleanly("generated.json", data)


@GENERATED
@given(
    st.text(ANY_CHARACTER, max_size=80),
    st.sampled_from(["", "Published ", "Updated: ", "By "]),
    MOMENT,
    st.text(ANY_CHARACTER, min_size=1, max_size=400),
)
def test_generated_texts_import_whole_or_are_refused_cleanly(headline, label, moment, body):
    text = f"{headline}\n{label}{moment}\n{body}\n"
    data = text.encode("utf-8", "surrogatepass")
    assert_imported_whole_or_refused_cleanly("generated.txt", data)


# Linear time -----------------------------------------------------------------------------------

LINE = "The council approved the budget by seven votes to two on Tuesday."
PARA = "<p>" + LINE + "</p>"


def _feed(n):
    return json.dumps([{"body": LINE, "url": f"https://example.com/{i}"} for i in range(n)])


PATHOLOGICAL = {
    "identical lines": (lambda n: (LINE + "\n") * n, 1500),
    "identical headline lines": (lambda n: ("Council Passes The Budget Today\n") * n, 1500),
    "blank-separated paragraphs": (lambda n: (LINE + "\n\n") * n, 1500),
    "one long line": (lambda n: (LINE + " ") * n, 1500),
    "date lines": (lambda n: "Published 2026-01-13 10:00 +09:00\n" * n, 1500),
    "byline lines": (lambda n: "By Jane Doe and John Roe\n" * n, 1500),
    "closing punctuation": (lambda n: LINE + ".)" * (30 * n) + "\nnext line", 1500),
    "wrapped text": (lambda n: (LINE[:60] + "\n") * n, 1500),
    "json feed": (lambda n: _feed(n), 400),
    "json escapes": (lambda n: json.dumps({"body": LINE + '\\"\u2028' * (20 * n)}), 1500),
    "html paragraphs": (lambda n: f"<html><body><article>{PARA * n}</article></body></html>", 300),
    "html nesting": (lambda n: "<div>" * n + PARA + "</div>" * n, 300),
    "html meta tags": (
        lambda n: (
            f"<html><head>{'<meta name=pubdate content=2026-01-13>' * n}</head>"
            f"<body><article>{PARA * 5}</article></body></html>"
        ),
        300,
    ),
    "html json-ld": (
        lambda n: (
            "<html><head>"
            + '<script type="application/ld+json">{"datePublished": "2026-01-13"}</script>' * n
            + f"</head><body><article>{PARA * 5}</article></body></html>"
        ),
        300,
    ),
}
GROWTH = 8
# Linear parsing takes about 8 times as long for 8 times the input; quadratic
# parsing 64 times. The margin absorbs caches, allocation and a busy machine.
MAX_RATIO = 20


def _parse_seconds(text, name):
    data = text.encode("utf-8", "surrogatepass")
    best = float("inf")
    for _ in range(3):
        started = time.process_time()
        try:
            parse_document(data, name=name, max_bytes=10 * LIMIT)
        except ImportRefused:
            pass
        best = min(best, time.process_time() - started)
    return best


@pytest.mark.parametrize("case", sorted(PATHOLOGICAL))
def test_parsing_time_grows_linearly_with_the_input(case):
    make, n = PATHOLOGICAL[case]
    name = "input.html" if case.startswith("html") else "input.json" if "json" in case else "a.txt"
    small = _parse_seconds(make(n), name)
    # Too quick to measure: grow the base until it takes some 20 milliseconds.
    while small < 0.02 and n < 10**6:
        n *= 4
        small = _parse_seconds(make(n), name)
    large = _parse_seconds(make(GROWTH * n), name)

    assert large / small < MAX_RATIO, (
        f"{case}: {GROWTH}x the input took {large / small:.1f}x the time "
        f"({small * 1000:.1f} ms for {len(make(n)):,} characters)"
    )
