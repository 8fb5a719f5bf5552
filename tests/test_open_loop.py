"""The open-loop benchmark's own arithmetic (benchmarks/open_loop.py): when learners arrive, and how latencies
are summed up. Its figures come from running it; nothing here is timed."""

import random
import statistics
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from open_loop import arrival_times, latency_summary  # noqa: E402


def test_poisson_arrivals_come_at_the_mean_period_with_exponential_gaps():
    times = arrival_times(random.Random(1), period=10, horizon=200_000)
    gaps = [b - a for a, b in zip([0.0, *times], times, strict=False)]
    assert all(0 <= t < 200_000 for t in times) and times == sorted(times)
    assert len(times) == pytest.approx(20_000, rel=0.03)
    assert statistics.mean(gaps) == pytest.approx(10, rel=0.03)
    # exponential gaps: as spread as they are long (a fixed period would have none)
    assert statistics.stdev(gaps) == pytest.approx(10, rel=0.05)


def test_periodic_arrivals_are_one_period_apart_from_a_random_phase():
    phases = set()
    for seed in range(20):
        times = arrival_times(random.Random(seed), period=10, horizon=95, arrivals="periodic")
        assert 0 <= times[0] < 10 and times[-1] < 95 <= times[-1] + 10
        assert [b - a for a, b in zip(times, times[1:], strict=False)] == pytest.approx(
            [10] * (len(times) - 1)
        )
        phases.add(round(times[0], 6))
    assert len(phases) == 20  # learners do not all arrive in step


def test_each_learner_has_its_own_schedule_and_a_seed_repeats_it():
    assert arrival_times(random.Random(3), 10, 100) == arrival_times(random.Random(3), 10, 100)
    assert arrival_times(random.Random(3), 10, 100) != arrival_times(random.Random(4), 10, 100)


def test_an_unknown_kind_of_arrivals_is_refused():
    with pytest.raises(ValueError, match="poisson or periodic"):
        arrival_times(random.Random(1), 10, 100, arrivals="bursty")


def test_latency_summary_gives_count_rate_p50_p99_and_max_in_ms():
    seconds = [n / 1000 for n in range(1, 201)]  # 1 ... 200 ms
    random.Random(2).shuffle(seconds)
    summary = latency_summary(seconds, errors=3, window=20)
    assert summary == {
        "count": 200,
        "errors": 3,
        "per_s": 10.0,
        "p50_ms": 100.0,
        "p99_ms": 198.0,
        "max_ms": 200.0,
    }


def test_latency_summary_of_nothing_has_a_count_and_no_percentiles():
    assert latency_summary([], errors=2) == {"count": 0, "errors": 2}
