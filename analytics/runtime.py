"""Settings of a process that serves dashboard pages: the thresholds of Python's cyclic garbage collector."""

from __future__ import annotations

import gc

# Python's defaults (700, 10, 10) run a young collection every 700 new container objects. A national map's
# polygons are ~80.000 lists and dicts built at once (one per coordinate pair), and a page run builds several such
# answers: with the defaults the collector ran a hundred young passes per map and, every few maps, a full pass over
# the whole heap, which made the slowest twentieth of national map calls take twice their median (10M activities:
# p50 ~75 ms, p95 130-200 ms; with these thresholds p50 ~65 ms, p95 75-92 ms). Cycles are still collected, a little
# later; the young generation holds at most 50.000 objects (a few MB) before a pass.
GC_THRESHOLDS = (50_000, 20, 20)


def tune_gc() -> None:
    """Set the collector's thresholds for a dashboard process (dashboard.py at every run; cheap and idempotent). The
    benchmark's query process calls it too, so that it times queries as the dashboard runs them."""
    gc.set_threshold(*GC_THRESHOLDS)
