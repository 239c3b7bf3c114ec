"""
Import throughput: ``files`` plain-text and ``files`` HTML articles made from
synthetic text (the HTML pages with a cookie banner, navigation, a sidebar and
a footer around the article), imported in batches of ``BATCH`` files
through ``articles.services.articles_import`` (as a folder, an upload or a
job imports them: one transaction per chunk of files, a savepoint per file),
against the extractor alone (``parse_text`` / ``parse_html``) on the same
inputs.

Each round imports the files under new names, so every import creates an
article and its revision as a first import does. Median and p95 are per file
(a batch's time over its files), and so is the ratio (median import over
median extraction); ``queries`` is per file in a batch. The JSON adds the
throughput of each in files per second.
"""

from __future__ import annotations

import datetime
from html import escape

from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.importers.html import parse_html
from articles.importers.plaintext import parse_text
from articles.models import Article, Outlet
from articles.services import ImportInput, Status, articles_import

from . import archive, synthetic
from .report import Measure, Stats, Target, now

# The targets: a text import within 2× the extractor, HTML within 1.3×.
MAX_RATIO = {"text": 2.0, "html": 1.3}
BATCH = 10
PREFIX = "bench-import/"
OUTLETS = ("The Kessel Courier", "Northgate Evening Post", "Saltmarsh Ledger")


def documents(count: int, *, seed: int = 7):
    """``[(headline, outlet, byline, date, body)]`` for ``count`` articles."""
    made = []
    for number, (_source, body, date) in enumerate(
        synthetic.make_story(count, seed=seed, sentences_per_article=32)
    ):
        day = date + datetime.timedelta(days=number % 3)
        made.append(
            (
                f"Officials open the new harbour tunnel, report {number}",
                OUTLETS[number % len(OUTLETS)],
                f"{synthetic.FIRST[number % 15]} {synthetic.LAST[number % 14]}",
                day,
                body,
            )
        )
    return made


def as_text(headline, outlet, byline, day, body) -> str:
    return (
        f"{headline}\n\nBy {byline}\n{outlet}\n{day:%B} {day.day}, {day.year}\n\n{body}\n\n"
        "Share this:\n\nClick to share on Facebook (Opens in new window)\n\nLeave a Comment\n"
    )


def as_html(headline, outlet, byline, day, body) -> str:
    paragraphs = "\n".join(f"        <p>{escape(p)}</p>" for p in body.split("\n\n"))
    nav = "".join(
        f'<li><a href="/{section.lower()}">{section}</a></li>'
        for section in ("News", "Business", "Sport", "Opinion", "Weather", "Subscribe")
    )
    related = "".join(
        f'<li><a href="/news/{n}">Council debates the {topic} budget again</a></li>'
        for n, topic in enumerate(synthetic.TOPICS[:8])
    )
    return f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
  <meta charset="utf-8">
  <title>{escape(headline)} | {escape(outlet)}</title>
  <meta property="og:site_name" content="{escape(outlet)}">
  <meta property="og:title" content="{escape(headline)}">
  <meta property="article:published_time" content="{day.isoformat()}T09:30:00+00:00">
  <meta name="author" content="{escape(byline)}">
</head>
<body>
  <div class="cookie-banner">We use cookies to improve your experience.
    <button>Accept all</button></div>
  <header class="site-header"><a class="logo" href="/">{escape(outlet)}</a>
    <nav class="main-nav"><ul>{nav}</ul></nav></header>
  <main>
    <article class="story">
      <h1>{escape(headline)}</h1>
      <p class="byline">By <a href="/authors/1">{escape(byline)}</a></p>
      <div class="story-body">
{paragraphs}
      </div>
    </article>
    <aside class="most-read"><h2>Most read</h2><ol>{related}</ol></aside>
  </main>
  <footer><p>© {day.year} {escape(outlet)}. All rights reserved.</p>
    <ul><li><a href="/about">About us</a></li><li><a href="/privacy">Privacy</a></li>
    <li><a href="/terms">Terms</a></li><li><a href="/contact">Contact</a></li></ul></footer>
</body>
</html>
"""


FORMATS = {
    "text": (as_text, parse_text, "txt"),
    "html": (as_html, parse_html, "html"),
}


def run(*, files: int, rounds: int) -> list[Measure]:
    user = get_user_model().objects.get(username=archive.SUPERUSER)
    outlets_before = set(Outlet.objects.values_list("pk", flat=True))
    made = documents(files)
    measures = []
    try:
        for kind, (render, extractor, extension) in FORMATS.items():
            inputs = [render(*document) for document in made]
            measures.append(_measure(kind, inputs, extractor, extension, rounds=rounds, user=user))
    finally:
        _remove_imported(outlets_before)
    return measures


def _measure(kind, inputs, extractor, extension, *, rounds, user) -> Measure:
    extract, imported = [], []
    # Round 0 warms both paths up (trafilatura's first use, the ORM's caches)
    # and counts the queries of each batch; the others are timed.
    most_queries = 0
    for round_number in range(rounds + 1):
        names = [f"{PREFIX}{kind}/r{round_number}/{n:04d}.{extension}" for n in range(len(inputs))]
        for name, document in zip(names, inputs, strict=True):
            start = now()
            extractor(document, source=name)
            if round_number:
                extract.append(now() - start)
        items = [
            ImportInput.from_bytes(name, document.encode())
            for name, document in zip(names, inputs, strict=True)
        ]
        for first in range(0, len(items), BATCH):
            batch = items[first : first + BATCH]
            if round_number == 0:
                with CaptureQueriesContext(connection) as context:
                    report = articles_import(inputs=batch, acting_user=user)
                most_queries = max(most_queries, -(-len(context) // len(batch)))
            else:
                start = now()
                report = articles_import(inputs=batch, acting_user=user)
                imported.append((now() - start) / len(batch))
            for outcome in report.outcomes:
                if outcome.status != Status.CREATED:
                    raise RuntimeError(f"{outcome.name}: {outcome.status} {outcome.reason}")
    floor, stats = Stats.of(extract), Stats.of(imported)
    return Measure.from_stats(
        "imports",
        f"{kind} file, batches of {BATCH} (floor: the extractor alone)",
        stats,
        floor_ms=floor.median_ms,
        queries=most_queries,
        target=Target(max_ratio=MAX_RATIO[kind]),
        extra={
            "files": len(inputs),
            "rounds": rounds,
            "batch": BATCH,
            "files_per_s": round(len(imported) / sum(imported), 1),
            "extractor_files_per_s": round(len(extract) / sum(extract), 1),
            "floor_p95_ms": round(floor.p95_ms, 3),
        },
    )


def _remove_imported(outlets_before):
    """Take the imported articles (and outlets the imports created) out of the
    archive again, history rows included, so a kept archive stays as built."""
    Article.objects.filter(source__startswith=PREFIX).delete()
    Article.history.filter(source__startswith=PREFIX).delete()
    new_outlets = Outlet.objects.exclude(pk__in=outlets_before)
    new_ids = list(new_outlets.values_list("pk", flat=True))
    new_outlets.delete()
    Outlet.history.filter(id__in=new_ids).delete()
