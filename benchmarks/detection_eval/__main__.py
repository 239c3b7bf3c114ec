"""Detection measured on the annotated corpus of real reports: ``make eval-detection``.

    python -m benchmarks.detection_eval [--corpus DIR]... [--split dev] [--json FILE]
                                        [--missed] [--story SLUG]

Reads every story under ``benchmarks/detection_corpus/stories/`` (or under
each ``--corpus DIR``), checks its annotations, runs the engine on its reports
(plain Python, :func:`articles.analysis.detection.engine.detect`) and prints, for each
half of the corpus (dev, heldout, seed): one row per story, one row per kind
of discrepancy and the half's totals. Columns: gold discrepancies; recall at
5, 10 and 15 (the share of them matched by one of the first k candidates);
the top 10 conflict candidates (every kind but single-source): how many, how
many real, how many known false positives (they flag an "agreements" item),
their precision; the single-source list: how long, how many annotated,
precision; seconds spent in the engine. See :mod:`.matching` for the rules.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time

from articles.analysis.detection.engine import ArticleInput, detect

from .corpus import DEFAULT_CORPUS, SPLITS, CorpusError, load_story, story_folders
from .matching import RECALL_AT, Score, judged, score_story


def outlet_name(outlet: str) -> str:
    """The outlet's name from a corpus ``outlet`` description ("CBC News
    (Canada), drawing on Xinhua; headline removed" gives "CBC News"): what the
    CMS passes the engine, which keeps the description's cleaning notes and
    the agencies it draws on out of the analysis."""
    return re.split(r";|,| \(", outlet, maxsplit=1)[0].strip() or outlet


def article_inputs(story) -> list[ArticleInput]:
    return [
        ArticleInput(
            id=n,
            source=report.id,
            body=report.body,
            reference_date=report.published or story.event_date,
            label=outlet_name(report.outlet),
        )
        for n, report in enumerate(story.reports)
    ]


def evaluate(story) -> tuple[Score, list]:
    inputs = article_inputs(story)
    start = time.process_time()
    candidates = detect(inputs)
    seconds = time.process_time() - start
    report_of = {n: report.id for n, report in enumerate(story.reports)}
    return score_story(story, candidates, report_of, seconds), candidates


def _ratio(value) -> str:
    return "-" if value is None else f"{100 * value:.0f}%"


HEADER = (
    f"{'':<34} {'gold':>4} "
    + " ".join(f"{'R@' + str(k):>5}" for k in RECALL_AT)
    + f" {'top10':>5} {'real':>4} {'known':>5} {'P@10':>5}"
    + f" {'single':>6} {'real':>4} {'P':>5} {'secs':>6}"
)


def row(name, score: Score) -> str:
    return (
        f"{name[:34]:<34} {score.gold:>4} "
        + " ".join(f"{_ratio(score.recall(k)):>5}" for k in RECALL_AT)
        + f" {score.conflicts_judged:>5} {score.conflicts_real:>4}"
        + f" {score.conflicts_known_false:>5} {_ratio(score.conflict_precision()):>5}"
        + f" {score.singles:>6} {score.singles_real:>4} {_ratio(score.single_precision()):>5}"
        + f" {score.seconds:>6.2f}"
    )


def kind_rows(score: Score) -> list[str]:
    lines = []
    for kind in sorted(set(score.gold_by_kind) | set(score.judged_by_kind)):
        gold, found = score.gold_by_kind[kind], score.found_by_kind[kind]
        judged, real = score.judged_by_kind[kind], score.real_by_kind[kind]
        lines.append(
            f"  kind {kind:<12} gold {gold:>3}, found in top {RECALL_AT[-1]}: {found:>3}"
            f" ({_ratio(found / gold if gold else None)}); in top conflicts:"
            f" {judged:>3}, real {real:>3} ({_ratio(real / judged if judged else None)})"
        )
    return lines


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--corpus",
        action="append",
        help=f"a folder of story folders (repeatable; default {DEFAULT_CORPUS})",
    )
    parser.add_argument("--split", choices=SPLITS, action="append", help="only these halves")
    parser.add_argument("--story", action="append", help="only these story slugs")
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument(
        "--skip-invalid",
        action="store_true",
        help="evaluate the valid stories when some are refused (a corpus being written)",
    )
    parser.add_argument("--missed", action="store_true", help="list discrepancies not in top 15")
    parser.add_argument(
        "--show",
        type=int,
        default=0,
        help=(
            "print each story's top N candidates, each with the gold item it matches (d…),"
            " the agreement it wrongly flags (known a…) or the detail it names (s…)"
        ),
    )
    options = parser.parse_args(argv)
    try:
        folders = story_folders(options.corpus or [DEFAULT_CORPUS])
    except CorpusError as error:
        print(f"eval-detection: {error}", file=sys.stderr)  # noqa: T201
        return 2
    stories, refused = [], []
    for folder in folders:
        try:
            stories.append(load_story(folder))
        except CorpusError as error:
            refused.append(str(error))
    for error in refused:
        print(f"eval-detection: {error}", file=sys.stderr)  # noqa: T201
    if refused and not options.skip_invalid:
        return 2
    if options.split:
        stories = [s for s in stories if s.split in options.split]
    if options.story:
        stories = [s for s in stories if s.slug in options.story]
    if not stories:
        print("eval-detection: no stories to evaluate", file=sys.stderr)  # noqa: T201
        return 2

    output, figures = [], {"halves": {}, "stories": {}}
    for half in SPLITS:
        members = [s for s in stories if s.split == half]
        if not members:
            continue
        total = Score()
        output += [f"== {half} ({len(members)} stories)", HEADER]
        for story in members:
            score, candidates = evaluate(story)
            total.add(score)
            output.append(row(story.slug, score))
            figures["stories"][story.slug] = {"split": half, **score.as_json()}
            if options.show:
                report_of = {n: report.id for n, report in enumerate(story.reports)}
                for n, c in enumerate(candidates[: options.show]):
                    verdict = judged(story, c, report_of)
                    output.append(
                        f"    {n + 1:>2}. {verdict:<8} [{c.kind}] {c.score:.2f} {c.title}"
                    )
        output.append(row(f"ALL {half}", total))
        output += kind_rows(total)
        if options.missed:
            output += [f"  missed {slug} {item}: {what}" for slug, item, what in total.missed]
        output.append("")
        figures["halves"][half] = total.as_json()
    print("\n".join(output))  # noqa: T201
    if options.json:
        with open(options.json, "w", encoding="utf-8") as handle:
            json.dump(figures, handle, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
