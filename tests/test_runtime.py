"""Process settings of the dashboard (analytics/runtime.py): the collector's and malloc's thresholds, set by every page
run."""

from __future__ import annotations

import gc
import sys

import pytest

from analytics import runtime


@pytest.fixture()
def thresholds():
    """Python's thresholds before the test, restored after it (they are process-wide)."""
    before = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    yield
    gc.set_threshold(*before)


def test_tune_gc_raises_the_thresholds(thresholds):
    runtime.tune_gc()
    assert gc.get_threshold() == runtime.GC_THRESHOLDS
    assert runtime.GC_THRESHOLDS[0] >= 10_000, "a national map's ~80.000 new objects should not set off 100 passes"


def test_a_dashboard_run_sets_them(thresholds, open_page, monkeypatch):
    tuned = []
    monkeypatch.setattr(runtime, "tune_malloc", lambda: tuned.append(True))
    at = open_page(None)
    assert not at.exception
    assert gc.get_threshold() == runtime.GC_THRESHOLDS
    assert tuned, "dashboard.py should set malloc's thresholds too"


class _Libc:
    """A C library's mallopt that records its calls and answers as glibc does (1: set, 0: refused)."""

    def __init__(self, answer: int = 1, glibc: bool = True):
        self.calls: list[tuple[int, int]] = []
        self.answer = answer
        if glibc:
            self.gnu_get_libc_version = lambda: b"2.36"

    def mallopt(self, param: int, value: int) -> int:
        self.calls.append((param, value))
        return self.answer


def test_tune_malloc_raises_both_thresholds():
    libc = _Libc()
    assert runtime.tune_malloc(libc) is True
    # M_MMAP_THRESHOLD is -3 and M_TRIM_THRESHOLD -1 in glibc's malloc.h.
    assert sorted(libc.calls) == [(-3, runtime.MMAP_THRESHOLD), (-1, runtime.TRIM_THRESHOLD)]
    # glibc refuses an mmap threshold above half its heap size (32 MiB on 64-bit): the chosen one must be below it,
    # and the trim threshold must keep at least one such block.
    assert 128 * 1024 < runtime.MMAP_THRESHOLD <= 32 * 1024 * 1024
    assert runtime.TRIM_THRESHOLD >= runtime.MMAP_THRESHOLD


def test_tune_malloc_says_when_nothing_was_set():
    assert runtime.tune_malloc(_Libc(answer=0)) is False
    not_glibc = _Libc(glibc=False)
    assert runtime.tune_malloc(not_glibc) is False and not not_glibc.calls, "musl's mallopt is not glibc's"
    assert runtime.tune_malloc(object()) is False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="mallopt is glibc's (Linux)")
def test_tune_malloc_on_this_machine():
    import ctypes

    libc = ctypes.CDLL(None)
    expected = hasattr(libc, "gnu_get_libc_version")
    assert runtime.tune_malloc() is expected
    assert runtime.tune_malloc() is expected, "idempotent"
