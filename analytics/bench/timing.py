"""Timing helpers: warm runs of one call, percentiles, peak memory, and running a phase in a fresh process."""

from __future__ import annotations

import multiprocessing
import resource
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np


@dataclass(frozen=True)
class Timing:
    """Wall-clock times of the timed runs, in milliseconds."""

    times_ms: list[float]

    @property
    def p50_ms(self) -> float:
        return round(float(np.percentile(self.times_ms, 50)), 2)

    @property
    def p95_ms(self) -> float:
        return round(float(np.percentile(self.times_ms, 95)), 2)


# A fixed pure-Python workload: the machine's speed of the moment. The same code measured twice as slowly on
# 2026-12-07 as on 2026-12-06 (the unchanged pandas twins too); with this beside each run, a slow day can be told
# from a slower commit.
_PROBE_N = 3_000_000


def speed_probe_ms(repeats: int = 3) -> float:
    """The best of `repeats` timings of a fixed pure-Python loop, in ms: lower is a faster machine."""
    best = float("inf")
    for _ in range(max(1, repeats)):
        started = time.perf_counter()
        sum(i * i for i in range(_PROBE_N))
        best = min(best, time.perf_counter() - started)
    return round(best * 1000, 1)


def time_call(call: Callable[[], object], *, runs: int, warmup: int, budget_s: float | None = None,
              min_runs: int = 3) -> tuple[Timing, object]:
    """Call `warmup` times untimed, then up to `runs` timed times (fewer, but at least `min_runs`, once the timed
    runs exceed `budget_s`). Returns the timing and the last result."""
    result = None
    for _ in range(warmup):
        started = time.perf_counter()
        result = call()
        # One warm-up of a slow query already warms the caches; more would only cost time.
        if budget_s is not None and time.perf_counter() - started > budget_s / 10:
            break
    times: list[float] = []
    spent = 0.0
    for _ in range(runs):
        started = time.perf_counter()
        result = call()
        elapsed = time.perf_counter() - started
        times.append(elapsed * 1000)
        spent += elapsed
        if budget_s is not None and spent > budget_s and len(times) >= min_runs:
            break
    return Timing(times), result


def peak_rss_mb() -> float:
    """This process's peak resident memory so far, in MB. Read from VmHWM (the peak of this process's own memory
    since it started): ru_maxrss carries over the peak of the process it was forked from, so a phase started by a
    benchmark that had just generated a 100M-row database reported that one's ~4 GB."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)  # kB
    except (OSError, ValueError, IndexError):
        pass
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)  # Linux reports kilobytes


def in_fresh_process(fn: Callable, *args, isolate: bool = True, **kwargs):
    """Run `fn` in a new Python process, so that its peak memory is its own and nothing is cached from before.

    `isolate=False` runs it here instead (tests: faster, and peak memory then includes everything before)."""
    if not isolate:
        return fn(*args, **kwargs)
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
        return pool.submit(fn, *args, **kwargs).result()
