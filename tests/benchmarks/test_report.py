"""The bench's clock (``--clock``): the timings read the wall clock, or this
process's CPU time, which a sleep (a wait on another process, say) does not
spend."""

import time

import pytest

from benchmarks import report


@pytest.fixture
def clock():
    yield report.use_clock
    report.use_clock("wall")


def waits():
    time.sleep(0.02)


def test_on_the_wall_clock_a_wait_counts(clock):
    clock("wall")

    stats = report.sample(waits, repeats=3, warmup=0)

    assert stats.samples == 3
    assert stats.median_ms >= 20


def test_on_the_cpu_clock_a_wait_does_not(clock):
    clock("cpu")

    stats = report.sample(waits, repeats=3, warmup=0)

    assert stats.samples == 3
    # A sleep spends (next to) no CPU time, however loaded the machine.
    assert stats.median_ms < 10


def test_an_unknown_clock_is_refused(clock):
    with pytest.raises(KeyError):
        clock("sundial")
