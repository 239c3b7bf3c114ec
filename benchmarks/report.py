"""
Figures, their targets, the printed table and the JSON file. No Django.

Every figure is a :class:`Measure`: a median and 95th percentile in
milliseconds, and where one exists the floor measured in the same run and the
ratio to it, the queries the page ran, the target and whether it was met.

A page has up to three yardsticks, all measured in the same run:

- the SQL floor (``floor_ms``): one hand-written query fetching what it shows;
- the framework floor (``framework_ms``): a minimal view through the same
  middleware and URL resolver rendering a template of the same size from rows
  already in memory, Django's fixed cost of any response of that size;
- a peer (``peer_ms``): the same page as Django would serve it with no work of
  ours, such as a plain ``ModelAdmin`` changelist.

A page is then reported as ``(page − framework floor) ÷ SQL floor`` (what the
page costs beyond the framework, in SQL floors) and ``page ÷ framework floor``.
:func:`targets_table` lists every measure with a target and whether it is met.
"""

from __future__ import annotations

import dataclasses
import json
import math
import statistics
import time
from collections.abc import Callable

# What every timing reads: the wall clock, or (``make bench
# BENCH_ARGS="--clock cpu"``) this process's CPU time, steadier on a loaded
# machine. On SQLite the database works inside the process; on PostgreSQL
# the CPU clock leaves the server's share out.
CLOCKS = {"wall": time.perf_counter, "cpu": time.process_time}
_clock = CLOCKS["wall"]


def use_clock(name: str) -> None:
    global _clock  # noqa: PLW0603 (one setting for the run)
    _clock = CLOCKS[name]


def now() -> float:
    """Seconds on the run's clock (see :func:`use_clock`)."""
    return _clock()


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
        start = now()
        function()
        if budget is not None and now() - start > budget:
            break
    seconds = []
    for _ in range(repeats):
        if before:
            before()
        start = now()
        function()
        seconds.append(now() - start)
        if budget is not None and sum(seconds) > budget:
            break
    return Stats.of(seconds)


@dataclasses.dataclass
class Target:
    """What a measure must meet, every part given: a median under ``max_ms``;
    a ratio to its floor of at most ``max_ratio``; at most
    ``framework_factor`` × its framework floor + ``sql_factor`` × its SQL
    floor; at most ``peer_factor`` × its peer; or an explicit check with its
    own words."""

    max_ms: float | None = None
    max_ratio: float | None = None
    framework_factor: float | None = None
    sql_factor: float = 0.0
    peer_factor: float | None = None
    words: str = ""

    def describe(self) -> str:
        if self.words:
            return self.words
        parts = []
        if self.max_ratio is not None:
            parts.append(f"≤{self.max_ratio:g}× floor")
        if self.framework_factor is not None:
            sql = f" + {self.sql_factor:g}× SQL" if self.sql_factor else ""
            parts.append(f"≤{self.framework_factor:g}× fw{sql}")
        if self.peer_factor is not None:
            parts.append(f"≤{self.peer_factor:g}× peer")
        if self.max_ms is not None:
            parts.append(f"<{self.max_ms:g} ms")
        return ", ".join(parts)

    def budget_ms(self, measure: Measure) -> float | None:
        """The most the floors and the peer allow this measure, in ms (the
        tightest of them), or None when no such part applies."""
        budgets = []
        if self.framework_factor is not None and measure.framework_ms is not None:
            budgets.append(
                self.framework_factor * measure.framework_ms
                + self.sql_factor * (measure.floor_ms or 0.0)
            )
        if self.peer_factor is not None and measure.peer_ms is not None:
            budgets.append(self.peer_factor * measure.peer_ms)
        return min(budgets) if budgets else None


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
    # The framework floor and the peer (see the module's docstring).
    framework_ms: float | None = None
    peer_ms: float | None = None
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
    def beyond_framework(self) -> float | None:
        """``(median − framework floor) ÷ SQL floor``: the page's own work, in SQL floors."""
        if None in (self.median_ms, self.framework_ms, self.floor_ms) or self.floor_ms <= 0:
            return None
        return (self.median_ms - self.framework_ms) / self.floor_ms

    @property
    def framework_ratio(self) -> float | None:
        return _divide(self.median_ms, self.framework_ms)

    @property
    def peer_ratio(self) -> float | None:
        return _divide(self.median_ms, self.peer_ms)

    @property
    def budget_ms(self) -> float | None:
        return self.target.budget_ms(self) if self.target else None

    @property
    def ok(self) -> bool | None:
        if self.target is None:
            return None
        if self.check is not None:
            return self.check
        if self.median_ms is None:
            return False
        met = True
        if self.target.max_ms is not None:
            met &= self.median_ms < self.target.max_ms
        if self.target.max_ratio is not None and self.ratio is not None:
            met &= self.ratio <= self.target.max_ratio
        if self.budget_ms is not None:
            met &= self.median_ms <= self.budget_ms
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
            "framework_ms": _rounded(self.framework_ms),
            "beyond_framework_in_sql_floors": _rounded(self.beyond_framework),
            "framework_ratio": _rounded(self.framework_ratio),
            "peer_ms": _rounded(self.peer_ms),
            "peer_ratio": _rounded(self.peer_ratio),
            "budget_ms": _rounded(self.budget_ms),
            "target": self.target.describe() if self.target else None,
            "ok": self.ok,
            **({"extra": self.extra} if self.extra else {}),
        }


def _rounded(value):
    return None if value is None else round(value, 3)


def _divide(value, by):
    if value is None or by is None or by <= 0:
        return None
    return value / by


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


def _fixed_width(columns, rows) -> str:
    def row(cells):
        return " ".join(
            f"{str(cell)[:width]:{align}{width}}"
            for cell, (_, align, width) in zip(cells, columns, strict=True)
        ).rstrip()

    lines = [row(name for name, _, _ in columns)]
    lines.append(row("-" * width for _, _, width in columns))
    lines += [row(cells) for cells in rows]
    return "\n".join(lines)


def table(measures: list[Measure]) -> str:
    """One fixed-width table of every measure."""
    return _fixed_width(COLUMNS, (_cells(measure) for measure in measures))


TARGET_COLUMNS = (
    ("page", "<", 46),
    ("median", ">", 8),
    ("SQL fl.", ">", 7),
    ("fw fl.", ">", 7),
    ("(p-fw)/SQL", ">", 10),
    ("p/fw", ">", 5),
    ("peer", ">", 6),
    ("p/peer", ">", 6),
    ("budget", ">", 7),
    ("target", "<", 28),
    ("met?", "<", 6),
)


def _target_cells(measure: Measure):
    def ms(value):
        return "-" if value is None else f"{value:,.1f}"

    def times(value):
        return "-" if value is None else _ratio(value)

    return (
        f"{measure.section}: {measure.name}",
        ms(measure.median_ms),
        "-" if measure.floor_ms is None else f"{measure.floor_ms:,.2f}",
        ms(measure.framework_ms),
        times(measure.beyond_framework),
        times(measure.framework_ratio),
        ms(measure.peer_ms),
        times(measure.peer_ratio),
        ms(measure.budget_ms),
        measure.target.describe(),
        "met" if measure.ok else "MISSED",
    )


def targets_table(measures: list[Measure]) -> str:
    """Every measure with a target: its floors, ratios, budget and whether it is met.
    Times in ms; ``budget`` is what the floors or the peer allow."""
    return _fixed_width(TARGET_COLUMNS, (_target_cells(m) for m in measures if m.target))


def targets(measures: list[Measure]) -> list[dict]:
    """The targets table as JSON rows."""
    return [{**m.as_dict(), "met": m.ok} for m in measures if m.target]


def write_json(path: str, *, meta: dict, archive: dict, measures: list[Measure]) -> None:
    sections: dict[str, list] = {}
    for measure in measures:
        sections.setdefault(measure.section, []).append(measure.as_dict())
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(
            {
                "meta": meta,
                "archive": archive,
                "sections": sections,
                "targets": targets(measures),
            },
            handle,
            indent=2,
            ensure_ascii=False,
        )
        handle.write("\n")
