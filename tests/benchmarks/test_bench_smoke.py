"""``make bench`` end to end at a tiny size, so the benchmark cannot silently rot.

It runs in a subprocess because it configures Django itself, pointed at its
own scratch database (a temporary SQLite file here, or a scratch PostgreSQL
database when ``DATABASE_URL`` names PostgreSQL).
"""

import json
import os
import subprocess
import sys
import uuid
from numbers import Number
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SECTIONS = {"archive", "public", "admin", "feeds", "imports", "detection", "similar"}


def run_bench(tmp_path):
    results = tmp_path / "bench-results.json"
    if os.environ.get("DATABASE_URL", "").startswith(("postgres", "pgsql")):
        scratch = f"bench_smoke_{uuid.uuid4().hex[:8]}"
    else:
        scratch = str(tmp_path / "bench.sqlite3")
    completed = subprocess.run(  # noqa: S603 (our own interpreter and module)
        [
            sys.executable,
            "-m",
            "benchmarks",
            "--claims=60",
            "--articles=20",
            "--stories=2",
            "--repeats=2",
            "--import-files=2",
            "--import-rounds=1",
            "--detection-sizes=5,10",
            f"--scratch={scratch}",
            f"--json={results}",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-4000:]
    return completed.stdout, json.loads(results.read_text()), scratch


def test_bench_prints_one_table_and_writes_every_section_to_json(tmp_path):
    stdout, results, scratch = run_bench(tmp_path)

    assert "median ms" in stdout and "floor ms" in stdout and "queries" in stdout
    assert set(results["sections"]) == SECTIONS
    assert (
        results["meta"]["clock"] == "wall"
    )  # unless --clock cpu (tests/benchmarks/test_report.py)
    assert results["archive"]["rows"]["claims"] == 60
    timed = [
        measure
        for name, measures in results["sections"].items()
        if name != "archive"
        for measure in measures
        if measure["samples"]
    ]
    for measure in timed:
        assert isinstance(measure["median_ms"], Number), measure
        assert isinstance(measure["p95_ms"], Number), measure
        assert measure["p95_ms"] >= measure["median_ms"] > 0, measure
    for measure in results["sections"]["public"] + results["sections"]["admin"]:
        assert isinstance(measure["queries"], int), measure
        assert measure["queries"] > 0 or "from the page cache" in measure["measure"], measure
    floored = [m for m in results["sections"]["public"] if m["target"]]
    # The six pages, and the deep, kept-count and broad-search pages of #18.
    assert len(floored) == 12
    for measure in floored:
        assert measure["floor_ms"] > 0 and measure["ratio"] > 0, measure
        assert isinstance(measure["ok"], bool), measure
        # The framework floor was measured in the same run, and both ratios follow.
        assert measure["framework_ms"] > 0, measure
        expected = (measure["median_ms"] - measure["framework_ms"]) / measure["floor_ms"]
        beyond = measure["beyond_framework_in_sql_floors"]
        # The JSON rounds to the microsecond: on a floor of a few dozen
        # microseconds that alone moves the quotient by a percent or more.
        rounding = 0.0005 / measure["floor_ms"]
        assert abs(beyond - expected) < (0.01 + rounding) * abs(expected) + 0.01, measure
        budget = 1.5 * measure["framework_ms"] + 2 * measure["floor_ms"]
        assert abs(measure["budget_ms"] - budget) < 0.01, measure
    (changelist,) = [m for m in results["sections"]["admin"] if m["peer_ms"] is not None]
    assert changelist["peer_ms"] > 0 and changelist["target"].startswith("≤1.5× peer")
    assert changelist["extra"]["peer_queries"] > 0
    # The targets table: printed, and in the JSON, one row per measure with a target.
    assert "Targets" in stdout and "met?" in stdout
    assert {row["measure"] for row in results["targets"]} >= {m["measure"] for m in floored}
    assert all(row["met"] in (True, False) for row in results["targets"])
    assert any(m["measure"].startswith("growth") for m in results["sections"]["detection"])
    feeds = results["sections"]["feeds"]
    (full_read,) = [m for m in feeds if m["measure"].startswith("ClaimReview feed: full read,")]
    # 80% of the 60 claims are published: every one is an item of the feed.
    assert full_read["extra"]["elements"] >= 40
    assert full_read["extra"]["pages"] == 1
    peaks = [m for m in feeds if "peak memory" in m["measure"]]
    assert len(peaks) == 4
    assert all(m["extra"]["peak_mib"] > 0 and isinstance(m["ok"], bool) for m in peaks)
    similar = results["sections"]["similar"]
    assert len(similar) == 2
    assert all(m["queries"] > 0 and isinstance(m["ok"], bool) for m in similar)
    # The scratch database is dropped afterwards.
    assert not Path(scratch).exists()
