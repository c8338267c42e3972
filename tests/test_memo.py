"""Checks of the derived tables are made once per answer (analytics/memo.py), and never outlive it."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from analytics import memo, rollup, totals
from analytics.filters import Filters, Scope
from analytics.importing.engine import import_bytes
from analytics.queries import areas, segments
from tests.import_support import GOOD_ROWS, TEMPLATE, csv_bytes

BASE = Filters(pemilihan="pilkada2024")


def test_a_query_checks_each_derived_table_once(sample_rw, monkeypatch):
    con = sample_rw
    areas.area_metrics(con, BASE, Scope.everything(), "kecamatan")  # builds everything once
    calls = {"rollup": 0, "totals": 0, "versions": 0}
    for module, name, key in ((rollup, "_checked_source", "rollup"), (totals, "_checked_current", "totals"),
                              (rollup, "_read_versions", "versions")):
        original = getattr(module, name)

        def counted(*args, _original=original, _key=key):
            calls[_key] += 1
            return _original(*args)

        monkeypatch.setattr(module, name, counted)
    # segment_by_area calls area_metrics: one answer, one check of each, one reading of the versions.
    segments.segment_by_area(con, replace(BASE, mulai=dt.date(2024, 10, 1)), Scope.everything(), "kelurahan")
    assert calls == {"rollup": 1, "totals": 1, "versions": 1}
    segments.segment_by_area(con, BASE, Scope.everything(), "kecamatan")
    assert calls == {"rollup": 2, "totals": 2, "versions": 2}  # a new answer checks again


def test_nothing_is_remembered_between_answers(sample_rw):
    con = sample_rw
    before = areas.area_metrics(con, BASE, Scope.everything(), "kecamatan")["kegiatan"].sum()
    import_bytes(con, csv_bytes([TEMPLATE, *GOOD_ROWS]), kind="activities", file_name="baru.csv", user="uji")
    after = areas.area_metrics(con, BASE, Scope.everything(), "kecamatan")["kegiatan"].sum()
    assert after == before + len(GOOD_ROWS)
    assert memo.remembered(con, "x", lambda: 1) == 1 and memo.remembered(con, "x", lambda: 2) == 2  # outside a call
