"""Scoring the engine's ranked candidates against a story's annotations.

A candidate matches a gold discrepancy when its passages from two (or more)
of that item's reports contain that report's phrase. Text is compared folded
(case, whitespace and quotation marks do not matter: a quote
candidate's passage holds the quoted words without their marks). A conflict candidate is
any candidate that is not a single-source detail; it is real when it matches a
gold discrepancy, and a known false positive when it instead covers an
"agreements" item (the same fact in other words). A single-source candidate
is real when its passage, in the annotated report, contains a gold
single-source phrase.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter

from articles.analysis.text import fold

RECALL_AT = (5, 10, 15)
CONFLICTS_JUDGED = 10


_QUOTE_MARKS = re.compile(r"[\"'\u2018\u2019\u201c\u201d\u00ab\u00bb]")


def folded(text: str) -> str:
    """Text as matching compares it: folded case and whitespace, quotation
    marks and apostrophes left out (a quote passage holds the words only)."""
    return " ".join(_QUOTE_MARKS.sub("", fold(text)).split())


def _passages_by_report(candidate, report_of) -> dict[str, list[str]]:
    by_report: dict[str, list[str]] = {}
    for passage in candidate.passages:
        by_report.setdefault(report_of[passage.article], []).append(folded(passage.text))
    return by_report


def covers(candidate, phrases: dict[str, str], report_of) -> bool:
    """Whether the candidate's passages hold the phrases of two of the reports."""
    by_report = _passages_by_report(candidate, report_of)
    hits = sum(
        1
        for report, phrase in phrases.items()
        if any(folded(phrase) in text for text in by_report.get(report, ()))
    )
    return hits >= 2


def judged(story, candidate, report_of) -> str:
    """How the annotations judge one candidate, for ``--show``: the id of the
    gold discrepancy it matches ("d3"), of the agreement it wrongly flags
    ("known a2"), of the single-source detail it names ("s4"), or ""."""
    if candidate.kind == "single_source":
        return next(
            (s.id for s in story.single_source if single_matches(candidate, s, report_of)), ""
        )
    for item in story.discrepancies:
        if covers(candidate, item.phrases, report_of):
            return item.id
    for item in story.agreements:
        if covers(candidate, item.phrases, report_of):
            return f"known {item.id}"
    return ""


def single_matches(candidate, single, report_of) -> bool:
    phrase = folded(single.phrase)
    return any(
        report_of[p.article] == single.report and phrase in folded(p.text)
        for p in candidate.passages
    )


@dataclasses.dataclass
class Score:
    """Counts for one story (or summed over several): ratios come last."""

    stories: int = 0
    gold: int = 0
    found: dict[int, int] = dataclasses.field(default_factory=lambda: dict.fromkeys(RECALL_AT, 0))
    conflicts_judged: int = 0
    conflicts_real: int = 0
    conflicts_known_false: int = 0
    singles: int = 0
    singles_real: int = 0
    candidates: int = 0
    seconds: float = 0.0
    gold_by_kind: Counter = dataclasses.field(default_factory=Counter)
    found_by_kind: Counter = dataclasses.field(default_factory=Counter)  # at the largest k
    judged_by_kind: Counter = dataclasses.field(default_factory=Counter)
    real_by_kind: Counter = dataclasses.field(default_factory=Counter)
    missed: list = dataclasses.field(default_factory=list)  # (story, item id, what)

    def add(self, other: Score) -> None:
        for field in dataclasses.fields(self):
            mine, theirs = getattr(self, field.name), getattr(other, field.name)
            if isinstance(mine, dict):  # Counters too
                for key, value in theirs.items():
                    mine[key] = mine.get(key, 0) + value
            else:
                setattr(self, field.name, mine + theirs)

    def recall(self, k) -> float | None:
        return self.found[k] / self.gold if self.gold else None

    def conflict_precision(self) -> float | None:
        return self.conflicts_real / self.conflicts_judged if self.conflicts_judged else None

    def single_precision(self) -> float | None:
        return self.singles_real / self.singles if self.singles else None

    def as_json(self) -> dict:
        return {
            "stories": self.stories,
            "gold_discrepancies": self.gold,
            "found_at": {str(k): v for k, v in self.found.items()},
            "recall_at": {str(k): self.recall(k) for k in RECALL_AT},
            "top_conflicts_judged": self.conflicts_judged,
            "top_conflicts_real": self.conflicts_real,
            "top_conflicts_known_false": self.conflicts_known_false,
            "top_conflict_precision": self.conflict_precision(),
            "single_source": self.singles,
            "single_source_real": self.singles_real,
            "single_source_precision": self.single_precision(),
            "candidates": self.candidates,
            "seconds": round(self.seconds, 3),
            "by_kind": {
                kind: {
                    "gold": self.gold_by_kind[kind],
                    f"found_at_{RECALL_AT[-1]}": self.found_by_kind[kind],
                    "top_conflicts_judged": self.judged_by_kind[kind],
                    "top_conflicts_real": self.real_by_kind[kind],
                }
                for kind in sorted(set(self.gold_by_kind) | set(self.judged_by_kind))
            },
            "missed_at_15": [list(m) for m in self.missed],
        }


def score_story(story, candidates, report_of, seconds=0.0) -> Score:
    """Score ranked ``candidates`` for ``story``; ``report_of`` maps a
    passage's article id to the report id the annotations use."""
    score = Score(stories=1, gold=len(story.discrepancies), seconds=seconds)
    score.candidates = len(candidates)
    for item in story.discrepancies:
        score.gold_by_kind[item.kind] += 1
        ranks = [n for n, c in enumerate(candidates) if covers(c, item.phrases, report_of)]
        first = ranks[0] if ranks else None
        for k in RECALL_AT:
            score.found[k] += first is not None and first < k
        if first is not None and first < RECALL_AT[-1]:
            score.found_by_kind[item.kind] += 1
        else:
            score.missed.append((story.slug, item.id, item.what))
    conflicts = [c for c in candidates if c.kind != "single_source"][:CONFLICTS_JUDGED]
    for candidate in conflicts:
        score.conflicts_judged += 1
        score.judged_by_kind[candidate.kind] += 1
        if any(covers(candidate, item.phrases, report_of) for item in story.discrepancies):
            score.conflicts_real += 1
            score.real_by_kind[candidate.kind] += 1
        elif any(covers(candidate, item.phrases, report_of) for item in story.agreements):
            score.conflicts_known_false += 1
    for candidate in candidates:
        if candidate.kind != "single_source":
            continue
        score.singles += 1
        score.singles_real += any(
            single_matches(candidate, single, report_of) for single in story.single_source
        )
    return score
