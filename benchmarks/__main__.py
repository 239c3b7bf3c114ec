"""
The benchmark of the whole CMS on a realistic synthetic archive: ``make bench``.

    python -m benchmarks [--claims 100000] [--articles N] [--stories N]
                         [--repeats 20] [--budget 60] [--skip imports,detection]
                         [--json bench-results.json] [--import-files 50]
                         [--import-rounds 3] [--detection-sizes 50,100,200]
                         [--detection-repeats 1] [--scratch NAME] [--keep] [--reuse]
                         [--clock wall|cpu] [--feed-peak-pages 12]

It builds the archive (:mod:`benchmarks.archive`) in a scratch database:
SQLite in a temporary folder by default, PostgreSQL when ``DATABASE_URL``
names a PostgreSQL database (then ``<name>_bench`` on that server). The
developer's own database is never opened. Then it measures, in this order:

- ``public``: the claims list (first page, the middle page, two filters, a
  full-text search), a claim page and ``/api/claims/``, each against the floor
  of one raw SQL query fetching the same rows and a framework floor, a
  bench-only view rendering those rows into a response of the same size
  through the same middleware (:mod:`benchmarks.pages`, :mod:`benchmarks.floors`);
- ``admin``: the claims changelist (plain, beside a plain ``ModelAdmin`` on
  the same table; filtered; searched) and the article page with 50 claims,
  as a superuser;
- ``feeds``: what harvesters read, uncached, with time and peak memory: the
  ClaimReview feed read whole through its ``Link`` headers and one page of
  it, the sitemap index and its largest page (:mod:`benchmarks.feeds`);
- ``imports``: text and HTML imports against the extractor alone
  (:mod:`benchmarks.imports`);
- ``detection``: discrepancy detection on stories of 50, 100 and 200 reports
  against the naive all-pairs comparison (:mod:`benchmarks.detection`);
- ``similar``: "checked before", similar claims for a reworded statement and
  the claim form's live list (:mod:`benchmarks.similar`).

It prints one table (section, measure, median ms, p95 ms, floor ms, ratio,
queries, target, ok?), then the targets table (each page's median, SQL and
framework floors, ``(page − framework) ÷ SQL`` and ``page ÷ framework``, the
admin peer, the budget they allow, met or missed; :mod:`benchmarks.report`),
and writes the same figures to the JSON file (``targets`` holds the second).

Flags:

``--claims`` (100,000), ``--articles`` (claims / 10) and ``--stories``
(articles / 10) size the archive; 80% of claims are published.
``--repeats`` is how many timed requests each page gets (after two untimed);
``--budget`` (60 s) stops timing a measure early once its samples add up to
that, so a pathologically slow page cannot hold the run up for hours.
``--clock cpu`` times this process's CPU time instead of the wall clock: on a
loaded machine the steadier figure (the database's share is in it on SQLite,
not on PostgreSQL); the JSON records which clock a run read.
``--skip`` leaves out sections: any of public, admin, feeds, imports, detection,
similar.
``--import-files`` and ``--import-rounds``: files of each format per round,
and rounds. ``--detection-sizes`` and ``--detection-repeats``: story sizes and
timed runs per size (one by default: the largest takes tens of seconds).
``--scratch``: the scratch database's file (SQLite) or name (PostgreSQL).
``--keep`` leaves it in place afterwards (SQLite: ``var/bench.sqlite3`` unless
``--scratch`` says otherwise); ``--reuse`` measures the archive kept by an
earlier run of the same size instead of building it again (new migrations are
applied first), and implies ``--keep``. The archive's planner statistics are
refreshed as the CMS keeps them (:mod:`factcheck.dbstats` on SQLite; on
PostgreSQL as autovacuum would).
``--feed-peak-pages`` (12): how many pages of the ClaimReview feed, spread
from the first to the last, are read again under ``tracemalloc`` for the full
read's peak memory; 0 traces a second read of the whole feed, which at a
million claims takes hours (:mod:`benchmarks.feeds`).
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
import warnings
from pathlib import Path

import django

from .report import (
    CLOCKS,
    Measure,
    Target,
    growth_exponent,
    table,
    targets_table,
    use_clock,
    write_json,
)
from .scratch import ScratchRefused, open_scratch

SECTIONS = ("public", "admin", "feeds", "imports", "detection", "similar")
REPO = Path(__file__).resolve().parent.parent
# How close to linear detection must grow: time ∝ size^k with k at most this.
DETECTION_MAX_EXPONENT = 1.2


def _sizes(text):
    return tuple(int(value) for value in text.split(",") if value.strip())


def parse(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="Build a synthetic archive in a scratch database and time the CMS on it.",
    )
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--articles", type=int, help="default: claims / 10")
    parser.add_argument("--stories", type=int, help="default: articles / 10")
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--budget", type=float, default=60.0, help="seconds of timing per measure")
    parser.add_argument(
        "--clock",
        choices=sorted(CLOCKS),
        default="wall",
        help="what timings read: the wall clock, or this process's CPU time (steadier on a "
        "loaded machine; on PostgreSQL it leaves the server's share out)",
    )
    parser.add_argument("--skip", default="", help=f"comma-separated: {', '.join(SECTIONS)}")
    parser.add_argument("--json", default="bench-results.json")
    parser.add_argument("--import-files", type=int, default=50)
    parser.add_argument("--import-rounds", type=int, default=3)
    parser.add_argument("--detection-sizes", type=_sizes, default=(50, 100, 200))
    parser.add_argument("--detection-repeats", type=int, default=1)
    parser.add_argument("--scratch", help="scratch SQLite file or PostgreSQL database name")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    parser.add_argument("--reuse", action="store_true", help="reuse a kept archive of this size")
    parser.add_argument(
        "--feed-peak-pages",
        type=int,
        default=None,
        help="pages of the ClaimReview feed traced for peak memory, spread from first "
        "to last (default 12; 0: trace the whole feed, read a second time)",
    )
    options = parser.parse_args(argv)
    options.articles = options.articles or max(2, options.claims // 10)
    options.stories = options.stories or max(1, options.articles // 10)
    options.skip = {name.strip() for name in options.skip.split(",") if name.strip()}
    unknown = options.skip - set(SECTIONS)
    if unknown:
        parser.error(f"--skip: unknown section(s) {', '.join(sorted(unknown))}")
    options.keep = options.keep or options.reuse
    if options.keep and options.scratch is None and not os.environ.get("DATABASE_URL"):
        options.scratch = str(REPO / "var" / "bench.sqlite3")
        Path(options.scratch).parent.mkdir(exist_ok=True)
    return options


def log(message):
    print(message, file=sys.stderr, flush=True)


def setup_django(scratch):
    """Point Django at the scratch database before anything opens a connection.

    Only the database's NAME changes: the project's other database settings
    (SQLite's journal mode and pragmas, PostgreSQL's server) are what is measured.
    """
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    from django.conf import settings

    own = settings.DATABASES["default"]
    if scratch.vendor not in own["ENGINE"]:
        raise ScratchRefused(f"DATABASE_URL says {own['ENGINE']}, the scratch is {scratch.vendor}")
    settings.DATABASES = {"default": {**own, "NAME": scratch.name}}
    # An in-process cache, cleared before each timed request: the page cache's
    # own cost is not what is measured, and its queries would hide the page's.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "benchmarks",
        }
    }
    # Hashed static file names need collectstatic's manifest, which is not
    # built here (the test suite does the same).
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    # The project's URLs plus the framework floors and the admin peer.
    settings.ROOT_URLCONF = "benchmarks.urls"
    settings.DEBUG = False
    warnings.filterwarnings("ignore", message="No directory at")
    django.setup()


def archive_measures(built) -> list[Measure]:
    if built.reused:
        return [Measure("archive", "reused from an earlier run", None, None, 0)]
    measures = [
        Measure("archive", f"build: {phase}", seconds * 1000, seconds * 1000, 1)
        for phase, seconds in built.seconds.items()
    ]
    measures.append(
        Measure(
            "archive",
            f"build: total ({built.rows['claims']:,} claims)",
            built.total_seconds * 1000,
            built.total_seconds * 1000,
            1,
            extra={"rows": built.rows},
        )
    )
    return measures


def detection_measures(*, sizes, repeats) -> list[Measure]:
    from . import detection

    rows = detection.run(sizes, repeats=repeats, naive_up_to=max(sizes))
    measures = [
        Measure(
            "detection",
            f"story of {row['articles']} reports (floor: naive all-pairs)",
            row["blocking"]["median_s"] * 1000,
            row["blocking"]["p95_s"] * 1000,
            repeats,
            floor_ms=row["naive"]["median_s"] * 1000,
            extra={"words": row["words"], "candidates": row["candidates"]},
        )
        for row in rows
    ]
    if len(rows) > 1:
        articles = [row["articles"] for row in rows]
        exponent = growth_exponent(articles, [row["blocking"]["median_s"] for row in rows])
        naive = growth_exponent(articles, [row["naive"]["median_s"] for row in rows])
        measures.append(
            Measure(
                "detection",
                f"growth {articles[0]}→{articles[-1]} reports: n^{exponent:.2f} "
                f"(naive n^{naive:.2f})",
                None,
                None,
                0,
                target=Target(words=f"n^k, k ≤ {DETECTION_MAX_EXPONENT}"),
                check=exponent <= DETECTION_MAX_EXPONENT,
                extra={"exponent": round(exponent, 3), "naive_exponent": round(naive, 3)},
            )
        )
    return measures


def main(argv=None) -> int:
    options = parse(argv)
    use_clock(options.clock)
    try:
        scratch = open_scratch(name=options.scratch, reuse=options.reuse)
    except ScratchRefused as exc:
        log(f"benchmarks: {exc}")
        return 2
    try:
        setup_django(scratch)
        from . import archive

        log(f"scratch database: {scratch.vendor} {scratch.name}")
        try:
            built, measures, meta = run(options, scratch)
        except archive.ArchiveMismatch as exc:
            log(f"benchmarks: {exc}")
            return 2
    finally:
        if "django.db" in sys.modules:
            from django.db import connections

            connections.close_all()
        if not options.keep:
            scratch.drop()
        else:
            log(f"kept the scratch database: {scratch.name}")
    print(
        f"{scratch.vendor}: {options.claims:,} claims, {options.articles:,} articles, "
        f"{options.stories:,} stories; {options.repeats} repeats"
    )
    print(table(measures))
    print()
    print("Targets (ms; fw: framework floor; budget: what the floors or the peer allow)")
    print(targets_table(measures))
    write_json(
        options.json,
        meta=meta,
        archive={"rows": built.rows, "build_seconds": built.seconds, "reused": built.reused},
        measures=measures,
    )
    failed = [m for m in measures if m.ok is False]
    log(f"{len(failed)} target(s) missed; figures written to {options.json}")
    return 0


def run(options, scratch):
    """Migrate, build (or reuse) the archive and measure; ``(built, measures, meta)``."""
    from django.core.management import call_command
    from django.db import connection

    from . import archive, imports, pages

    started = time.time()
    call_command("migrate", verbosity=0, interactive=False)
    size = archive.ArchiveSize(
        claims=options.claims, articles=options.articles, stories=options.stories
    )
    built = archive.build(size, reuse=options.reuse, log=log)
    log(f"archive: {built.rows}")
    measures = archive_measures(built)
    if "public" not in options.skip or "admin" not in options.skip:
        samples = pages.Samples.find()
        if "public" not in options.skip:
            log("measuring the public site")
            measures += pages.public_pages(
                samples, repeats=options.repeats, claims=options.claims, budget=options.budget
            )
            measures += pages.public_deep_pages(
                samples, repeats=options.repeats, claims=options.claims, budget=options.budget
            )
        if "admin" not in options.skip:
            log("measuring the admin")
            measures += pages.admin_pages(samples, repeats=options.repeats, budget=options.budget)
    if "feeds" not in options.skip:
        from . import feeds

        log("measuring the ClaimReview feed and the sitemaps")
        peak_pages = options.feed_peak_pages
        measures += feeds.run(
            repeats=options.repeats,
            budget=options.budget,
            peak_pages=feeds.PEAK_PAGES if peak_pages is None else peak_pages,
        )
    if "similar" not in options.skip:
        from . import similar

        log("measuring similar claims (checked before)")
        measures += similar.run(repeats=options.repeats, budget=options.budget)
    if "imports" not in options.skip:
        log("measuring imports")
        measures += imports.run(files=options.import_files, rounds=options.import_rounds)
    if "detection" not in options.skip:
        log("measuring detection")
        measures += detection_measures(
            sizes=options.detection_sizes, repeats=options.detection_repeats
        )
    meta = {
        "database": scratch.vendor,
        "database_version": (
            connection.Database.sqlite_version
            if scratch.vendor == "sqlite"
            else str(connection.pg_version)
        ),
        "size": size.as_dict(),
        "load_average": [round(load, 2) for load in os.getloadavg()],
        "repeats": options.repeats,
        "clock": options.clock,
        "skipped": sorted(options.skip),
        "python": platform.python_version(),
        "django": django.get_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "seconds": round(time.time() - started, 1),
    }
    return built, measures, meta


if __name__ == "__main__":
    sys.exit(main())
