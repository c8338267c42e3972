"""Process settings of the dashboard (analytics/runtime.py): the collector's thresholds are set by every page run."""

from __future__ import annotations

import gc

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


def test_a_dashboard_run_sets_them(thresholds, open_page):
    at = open_page(None)
    assert not at.exception
    assert gc.get_threshold() == runtime.GC_THRESHOLDS
