"""Settings of a process that serves dashboard pages: the cyclic garbage collector's thresholds and glibc's malloc."""

from __future__ import annotations

import ctypes
import gc
import sys

# Python's defaults (700, 10, 10) run a young collection every 700 new container objects. A national map's
# polygons are ~80.000 lists and dicts built at once (one per coordinate pair), and a page run builds several such
# answers: with the defaults the collector ran a hundred young passes per map and, every few maps, a full pass over
# the whole heap, which made the slowest twentieth of national map calls take twice their median (10M activities:
# p50 ~75 ms, p95 130-200 ms; with these thresholds p50 ~65 ms, p95 75-92 ms). Cycles are still collected, a little
# later; the young generation holds at most 50.000 objects (a few MB) before a pass.
GC_THRESHOLDS = (50_000, 20, 20)

# glibc serves every allocation above M_MMAP_THRESHOLD (128 KiB until a large block is freed) with a fresh mmap and
# unmaps it on free, and gives the heap's free top back to the system above M_TRIM_THRESHOLD. A national answer is
# made of such blocks: one column of the country's 83.000 kelurahan is 650 KB, and DuckDB's own buffers (it uses the
# system allocator here) are 256 KB. Each new block then costs a page fault per 4 KB touched: computing the ten rates
# of area_metrics per kelurahan took ~2 ms each instead of ~0,5. Served from the heap (blocks up to 4 MiB, up to 64 MiB
# of free heap kept) the whole-country views ran 10-30 % faster at 10M activities (run by run in one process:
# area_metrics per kelurahan for a month ~225 -> ~160 ms p50), for ~70 MB more resident memory.
MMAP_THRESHOLD = 4 * 1024 * 1024
TRIM_THRESHOLD = 64 * 1024 * 1024
_M_TRIM_THRESHOLD = -1  # mallopt's parameter numbers (glibc's malloc.h)
_M_MMAP_THRESHOLD = -3


def tune() -> None:
    """Every setting of this module, for a dashboard process (dashboard.py at every run; cheap and idempotent). The
    benchmark's query and pandas processes call it too, so that they run as the dashboard does."""
    tune_gc()
    tune_malloc()


def tune_gc() -> None:
    """Set the collector's thresholds for a dashboard process."""
    gc.set_threshold(*GC_THRESHOLDS)


def tune_malloc(libc: object | None = None) -> bool:
    """Raise glibc's mmap and trim thresholds (MMAP_THRESHOLD, TRIM_THRESHOLD); whether they were set. Elsewhere
    (macOS, Windows, musl: no `mallopt` or no glibc) nothing changes and the answers are the same, only slower."""
    if libc is None:
        if not sys.platform.startswith("linux"):
            return False
        try:
            libc = ctypes.CDLL(None)
        except OSError:
            return False
    mallopt = getattr(libc, "mallopt", None)
    if mallopt is None or getattr(libc, "gnu_get_libc_version", None) is None:
        return False
    # mallopt returns 1 on success, 0 for a value glibc refuses.
    return bool(mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD)) & bool(mallopt(_M_TRIM_THRESHOLD, TRIM_THRESHOLD))
