"""
Figures, their targets, the printed table and the JSON file. No Django.

Every figure is a :class:`Measure`: a median and 95th percentile in
milliseconds, and where one exists the floor measured in the same run and the
ratio to it, the queries the page ran, the target and whether it was met.
"""

from __future__ import annotations

import dataclasses
import json
import math
import statistics
import time
from collections.abc import Callable


@dataclasses.dataclass
class Stats:
    median_ms: float
    p95_ms: float
    samples: int

    @classmethod
    def of(cls, seconds: list[float]) -> Stats:
        ordered = sorted(seconds)
        # Nearest rank, as benchmarks.detection computes it.
        p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
        return cls(statistics.median(ordered) * 1000, p95 * 1000, len(ordered))


def sample(
    function: Callable[[], object],
    *,
    repeats: int,
    warmup: int = 2,
    before=None,
    budget: float | None = None,
) -> Stats:
    """Time ``function`` ``repeats`` times after ``warmup`` untimed calls; ``before``
    runs untimed ahead of every call (clearing a cache, say).

    With a ``budget`` (seconds), timing stops once the samples add up to it,
    after one sample at least: a pathologically slow page is reported with
    fewer samples instead of holding the run up for hours.
    """
    for _ in range(warmup):
        if before:
            before()
        start = time.perf_counter()
        function()
        if budget is not None and time.perf_counter() - start > budget:
            break
    seconds = []
    for _ in range(repeats):
        if before:
            before()
        start = time.perf_counter()
        function()
        seconds.append(time.perf_counter() - start)
        if budget is not None and sum(seconds) > budget:
            break
    return Stats.of(seconds)


@dataclasses.dataclass
class Target:
    """What a measure must meet: a median under ``max_ms`` and/or a ratio under
    ``max_ratio`` (to its floor), or an explicit check with its own words."""

    max_ms: float | None = None
    max_ratio: float | None = None
    words: str = ""

    def describe(self) -> str:
        if self.words:
            return self.words
        parts = []
        if self.max_ratio is not None:
            parts.append(f"≤{self.max_ratio:g}× floor")
        if self.max_ms is not None:
            parts.append(f"<{self.max_ms:g} ms")
        return ", ".join(parts)


@dataclasses.dataclass
class Measure:
    section: str
    name: str
    # None for derived figures (how time grows), which have no samples of their own.
    median_ms: float | None
    p95_ms: float | None
    samples: int
    floor_ms: float | None = None
    queries: int | None = None
    target: Target | None = None
    # For measures whose target is not about time (growth with size).
    check: bool | None = None
    extra: dict = dataclasses.field(default_factory=dict)

    @classmethod
    def from_stats(cls, section, name, stats: Stats, **kwargs) -> Measure:
        return cls(section, name, stats.median_ms, stats.p95_ms, stats.samples, **kwargs)

    @property
    def ratio(self) -> float | None:
        if self.median_ms is None or self.floor_ms is None or self.floor_ms <= 0:
            return None
        return self.median_ms / self.floor_ms

    @property
    def ok(self) -> bool | None:
        if self.target is None:
            return None
        if self.check is not None:
            return self.check
        met = True
        if self.target.max_ms is not None:
            met &= self.median_ms < self.target.max_ms
        if self.target.max_ratio is not None and self.ratio is not None:
            met &= self.ratio <= self.target.max_ratio
        return met

    def as_dict(self) -> dict:
        return {
            "section": self.section,
            "measure": self.name,
            "median_ms": _rounded(self.median_ms),
            "p95_ms": _rounded(self.p95_ms),
            "samples": self.samples,
            "floor_ms": _rounded(self.floor_ms),
            "ratio": _rounded(self.ratio),
            "queries": self.queries,
            "target": self.target.describe() if self.target else None,
            "ok": self.ok,
            **({"extra": self.extra} if self.extra else {}),
        }


def _rounded(value):
    return None if value is None else round(value, 3)


def growth_exponent(sizes: list[float], times: list[float]) -> float:
    """k in time ∝ size^k between the smallest and largest size: 1 is linear, 2 quadratic."""
    if len(sizes) < 2 or sizes[0] == sizes[-1] or min(times) <= 0:
        return math.nan
    return math.log(times[-1] / times[0]) / math.log(sizes[-1] / sizes[0])


COLUMNS = (
    ("section", "<", 9),
    ("measure", "<", 52),
    ("median ms", ">", 10),
    ("p95 ms", ">", 10),
    ("floor ms", ">", 9),
    ("ratio", ">", 7),
    ("queries", ">", 7),
    ("target", "<", 22),
    ("ok?", "<", 4),
)


def _cells(measure: Measure):
    def number(value, digits=1):
        return "-" if value is None else f"{value:,.{digits}f}"

    ok = {True: "yes", False: "NO", None: ""}[measure.ok]
    return (
        measure.section,
        measure.name,
        number(measure.median_ms),
        number(measure.p95_ms),
        number(measure.floor_ms, 2),
        "-" if measure.ratio is None else _ratio(measure.ratio),
        "-" if measure.queries is None else str(measure.queries),
        measure.target.describe() if measure.target else "",
        ok,
    )


def _ratio(ratio):
    return f"{ratio:.2f}" if ratio < 100 else f"{ratio:,.0f}"


def table(measures: list[Measure]) -> str:
    """One fixed-width table of every measure."""

    def row(cells):
        return " ".join(
            f"{str(cell)[:width]:{align}{width}}"
            for cell, (_, align, width) in zip(cells, COLUMNS, strict=True)
        ).rstrip()

    lines = [row(name for name, _, _ in COLUMNS)]
    lines.append(row("-" * width for _, _, width in COLUMNS))
    lines += [row(_cells(measure)) for measure in measures]
    return "\n".join(lines)


def write_json(path: str, *, meta: dict, archive: dict, measures: list[Measure]) -> None:
    sections: dict[str, list] = {}
    for measure in measures:
        sections.setdefault(measure.section, []).append(measure.as_dict())
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(
            {"meta": meta, "archive": archive, "sections": sections},
            handle,
            indent=2,
            ensure_ascii=False,
        )
        handle.write("\n")
