"""Benchmark: discrepancy detection on synthetic stories of growing size.

Run with ``make bench-detection`` (or ``python -m benchmarks.detection``).
Prints one row per story size: the blocking engine's time (median and 95th
percentile over repeats), the naive all-pairs comparison's, and how time grows
with story size.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import time

from articles.analysis.detection.engine import ArticleInput, detect

from .synthetic import make_story


def _inputs(size, seed):
    return [
        ArticleInput(id=i, source=source, body=body, reference_date=date)
        for i, (source, body, date) in enumerate(make_story(size, seed=seed))
    ]


def _time(function, repeats):
    samples, cpu = [], []
    for _ in range(repeats):
        start, start_cpu = time.perf_counter(), time.process_time()
        function()
        samples.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    samples.sort()
    return {
        "median_s": statistics.median(samples),
        "p95_s": samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))],
        # CPU time of this process: what one core spends, whatever else the
        # machine is doing (wall time on a loaded machine says little).
        "cpu_s": statistics.median(cpu),
    }


def run(sizes=(50, 100, 200), repeats=3, naive_up_to=200):
    rows = []
    for size in sizes:
        articles = _inputs(size, seed=size)
        words = sum(len(a.body.split()) for a in articles)
        row = {"articles": size, "words": words, "candidates": len(detect(articles))}
        row["blocking"] = _time(lambda articles=articles: detect(articles), repeats)
        if size <= naive_up_to:
            row["naive"] = _time(lambda articles=articles: detect(articles, naive=True), 1)
        rows.append(row)
    base = rows[0]
    for row in rows:
        row["growth_vs_smallest"] = row["blocking"]["median_s"] / base["blocking"]["median_s"]
        row["cpu_growth_vs_smallest"] = row["blocking"]["cpu_s"] / base["blocking"]["cpu_s"]
        row["size_ratio"] = row["articles"] / base["articles"]
        # Growth as a power of size: n^exponent (the target is at most 1.3).
        row["cpu_exponent"] = (
            math.log(row["cpu_growth_vs_smallest"]) / math.log(row["size_ratio"])
            if row["size_ratio"] > 1
            else None
        )
    return rows


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="50,100,200")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--json", help="Also write the figures to this file.")
    options = parser.parse_args(argv)
    rows = run(tuple(int(s) for s in options.sizes.split(",")), options.repeats)
    header = (
        f"{'articles':>8} {'words':>8} {'cands':>6} {'median s':>9} {'p95 s':>8} "
        f"{'cpu s':>7} {'naive s':>8} {'growth':>7} {'size x':>7} {'cpu n^k':>7}"
    )
    lines = [header]
    for row in rows:
        naive = row.get("naive", {}).get("median_s")
        lines.append(
            f"{row['articles']:>8} {row['words']:>8} {row['candidates']:>6} "
            f"{row['blocking']['median_s']:>9.3f} {row['blocking']['p95_s']:>8.3f} "
            f"{row['blocking']['cpu_s']:>7.3f} "
            f"{(f'{naive:.3f}' if naive else '-'):>8} {row['growth_vs_smallest']:>7.2f} "
            f"{row['size_ratio']:>7.1f} "
            f"{(f'{row["cpu_exponent"]:.2f}' if row['cpu_exponent'] else '-'):>7}"
        )
    print("\n".join(lines))  # noqa: T201
    if options.json:
        with open(options.json, "w", encoding="utf-8") as handle:
            json.dump({"detection": rows}, handle, indent=2)


if __name__ == "__main__":
    main()
