"""The per-day place and school tables (analytics/periods.py): they hold every activity of the rollup, views with a
period read them and get exactly the raw log's answers, and views they cannot serve keep to the rollup."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import replace

import pytest

from analytics import facts, periods, rollup, totals
from analytics.filters import Filters, Scope
from analytics.importing.engine import import_bytes, undo_import
from analytics.queries import areas, drilldown, overview, participation, segments
from tests.import_support import GOOD_ROWS, TEMPLATE, csv_bytes
from tests.test_rollup import _same

ELECTION = "pilkada2024"
KAB = "32.71"
KEC = "32.71.03"
KEL = "32.71.03.1001"
BASE = Filters(pemilihan=ELECTION)
OCTOBER = replace(BASE, mulai=dt.date(2024, 10, 1), sampai=dt.date(2024, 10, 31))
# Views with a period over more than one kab/kota's worth of areas (the sample is one city: no scope, or the city
# and a code of another province).
PERIOD_VIEWS = {
    "oktober": (OCTOBER, Scope.everything()),
    "sejak_september": (replace(BASE, mulai=dt.date(2024, 9, 14)), Scope.everything()),
    "sampai_oktober": (replace(BASE, sampai=dt.date(2024, 10, 9)), Scope((KAB, "31.71"))),
    "kecamatan": (replace(OCTOBER, kecamatan=(KEC, "32.71.05", "31.71.01")), Scope((KAB, "31.71"))),
    "kosong": (replace(BASE, mulai=dt.date(2020, 1, 1), sampai=dt.date(2020, 1, 2)), Scope.everything()),
    "pemilu": (replace(BASE, pemilihan="pemilu2024", mulai=dt.date(2024, 1, 1)), Scope.everything()),
}


def _answers(con, filters: Filters, scope: Scope) -> list:
    return [areas.area_metrics(con, filters, scope, "kecamatan"), areas.area_metrics(con, filters, scope, "kelurahan"),
            segments.segment_by_area(con, filters, scope, "kelurahan"),
            participation.outreach_vs_turnout(con, filters, scope),
            overview.overview_kpis(con, filters, scope, today=dt.date(2024, 12, 1)),
            drilldown.unvisited_rw(con, filters, scope, limit=40), drilldown.unvisited_rw(con, filters, scope, limit=None),
            segments.schools(con, filters, scope)]


@pytest.mark.parametrize("view", PERIOD_VIEWS)
def test_a_period_reads_the_day_tables_and_gets_the_raw_answer(sample_rw, view, monkeypatch):
    con = sample_rw
    filters, scope = PERIOD_VIEWS[view]
    assert totals.by_period_usable(con, filters, scope)
    got = _answers(con, filters, scope)
    with rollup.raw_only():
        want = _answers(con, filters, scope)
    _same(got, want, view)
    # And the day tables are what answered: with the rollup's text refused, the answers stay.
    broken = "(SELECT 1/0)"
    monkeypatch.setattr(areas, "counted_activities", lambda con: broken)
    monkeypatch.setattr(overview, "counted_activities", lambda con: broken)
    monkeypatch.setattr(segments, "counted_activities", lambda con: broken)
    _same(_answers(con, filters, scope), want, f"{view}: day tables only")


@pytest.mark.parametrize("view", PERIOD_VIEWS)
def test_a_period_without_the_facts_reads_the_raw_areas_and_gets_the_same_answer(sample_rw, view):
    # The headline figures of a period take DPT, RW and schools from the facts rows where they are current, else
    # from the region tables: both give the raw log's answer, "a week ago" included.
    con = sample_rw
    filters, scope = PERIOD_VIEWS[view]
    with rollup.raw_only():
        want = overview.overview_kpis(con, filters, scope, today=dt.date(2024, 12, 1))
    with facts.raw_only():
        assert totals.by_period_usable(con, filters, scope) and not facts.available(con, ELECTION)
        got = overview.overview_kpis(con, filters, scope, today=dt.date(2024, 12, 1))
    _same(got, want, view)
    if want.now.kegiatan:  # not "kosong" or "pemilu", which show no activity
        assert want.now != want.week_ago, "the view should have a week before its newest activity to compare"


@pytest.mark.parametrize(("filters", "scope", "expected"), [
    (OCTOBER, Scope.everything(), True),
    (BASE, Scope.everything(), True),  # usable, though the whole-window totals answer the default view first
    (replace(OCTOBER, kecamatan=(KEC,)), Scope.everything(), False),  # one kab/kota: its rollup row groups
    (OCTOBER, Scope((KAB,)), False),
    (replace(OCTOBER, jenis=("ketuk_pintu",)), Scope.everything(), False),
    (replace(OCTOBER, penyelenggara=("PPS",)), Scope.everything(), False),
    (replace(OCTOBER, kelurahan=(KEL,), rw=(1,)), Scope((KAB, "31.71")), False),
])
def test_the_day_tables_serve_periods_without_type_organiser_or_rw(sample_rw, filters, scope, expected):
    assert totals.by_period_usable(sample_rw, filters, scope) is expected
    with rollup.raw_only():
        assert not totals.by_period_usable(sample_rw, filters, scope)


def test_school_days_serve_any_view_wider_than_a_kabkota_without_rw(sample_rw):
    con = sample_rw
    for filters in (BASE, OCTOBER, replace(OCTOBER, jenis=("sosialisasi_sekolah",), penyelenggara=("PPK",))):
        assert totals.by_school_day_usable(con, filters, Scope.everything())
        got = segments.schools(con, filters, Scope.everything())
        with rollup.raw_only():
            _same(got, segments.schools(con, filters, Scope.everything()), str(filters))
    assert not totals.by_school_day_usable(con, replace(BASE, kelurahan=(KEL,), rw=(2,)), Scope.everything())
    assert not totals.by_school_day_usable(con, BASE, Scope((KAB,)))


def test_the_day_tables_hold_every_activity(sample_rw):
    con = sample_rw
    assert totals.refresh(con)
    day = con.execute(f"SELECT sum(kegiatan), sum(dijangkau), sum(rumah_dikunjungi) FROM {periods.PLACE_DAY_TABLE}"
                      ).fetchone()
    raw = con.execute("SELECT count(*), coalesce(sum(jumlah_peserta) FILTER (WHERE j.ada_peserta), 0), "
                      "sum(rumah_dikunjungi) FROM activities a JOIN jenis_kegiatan j ON j.kode = a.jenis_kegiatan"
                      ).fetchone()
    assert day == raw and raw[0] > 1000
    # RW visited on a day: the bits of each place and day are its distinct RW (1 … jumlah_rw).
    bits = con.execute(f"SELECT sum(bit_count(rw_dikunjungi)) FROM {periods.PLACE_DAY_TABLE}").fetchone()[0]
    distinct = con.execute("SELECT count(*) FROM (SELECT DISTINCT tanggal, a.kode_kelurahan, rw FROM activities a "
                           "JOIN kelurahan k USING (kode_kelurahan) WHERE rw <= k.jumlah_rw)").fetchone()[0]
    assert bits == distinct > 100
    numbered = con.execute(f"SELECT count(*), count(DISTINCT no_kelurahan) FROM {periods.NUMBER_TABLE}").fetchone()
    assert numbered == (con.execute("SELECT count(*) FROM kelurahan").fetchone()[0],) * 2
    schools = con.execute(f"SELECT sum(kegiatan) FROM {periods.SCHOOL_DAY_TABLE}").fetchone()[0]
    assert schools == con.execute("SELECT count(*) FROM activities WHERE id_sekolah IS NOT NULL").fetchone()[0] > 10


def _spans_answers(con, filters: Filters, scope: Scope) -> list:
    return [areas.area_metrics(con, filters, scope, "kecamatan"), areas.area_metrics(con, filters, scope, "kelurahan"),
            drilldown.unvisited_rw(con, filters, scope, limit=None)]


def test_periods_cut_anywhere_read_months_weeks_and_days_and_get_the_raw_answer(sample_rw):
    # Seeded periods of every shape: within a week, across a month's end, whole months (with weeks before, after or
    # both), over the window's ends (Pilkada 2024: 1 July … 27 November), a single day, open at either end.
    con = sample_rw
    rng = random.Random(7)
    periods_cut = [(dt.date(2024, 10, 1), dt.date(2024, 10, 31)), (dt.date(2024, 9, 30), dt.date(2024, 11, 3)),
                   (dt.date(2024, 6, 1), dt.date(2024, 7, 31)), (dt.date(2024, 11, 25), dt.date(2024, 12, 31)),
                   (dt.date(2024, 10, 16), dt.date(2024, 10, 16)), (None, dt.date(2024, 8, 31)),
                   (dt.date(2024, 8, 5), None), (dt.date(2024, 9, 9), dt.date(2024, 11, 17)),
                   (dt.date(2024, 8, 12), dt.date(2024, 10, 31)), (dt.date(2024, 10, 1), dt.date(2024, 11, 10))]
    for _ in range(6):
        start = dt.date(2024, 6, 20) + dt.timedelta(days=rng.randrange(170))
        periods_cut.append((start, start + dt.timedelta(days=rng.randrange(75))))
    for mulai, sampai in periods_cut:
        view = replace(BASE, mulai=mulai, sampai=sampai)
        assert totals.by_period_usable(con, view, Scope.everything())
        got = _spans_answers(con, view, Scope.everything())
        with rollup.raw_only():
            _same(got, _spans_answers(con, view, Scope.everything()), f"{mulai} … {sampai}")


def test_a_whole_month_is_read_from_its_month_rows_and_a_cut_one_from_weeks_and_days(sample_rw):
    con = sample_rw
    assert totals.refresh(con)
    spans = f"SELECT count(*), coalesce(sum(kegiatan), 0) FROM ({periods.PLACE_SPANS}) d"
    rows = f"SELECT count(*), coalesce(sum(kegiatan), 0) FROM {periods.PLACE_SPAN_TABLE} WHERE " + "{where}"
    days = f"SELECT count(*), coalesce(sum(kegiatan), 0) FROM {periods.PLACE_DAY_TABLE} WHERE " + "{where}"
    month = con.execute(spans, periods.span_params(con, OCTOBER, Scope.everything())).fetchone()
    assert month == con.execute(rows.format(where="tingkat = 'bulan' AND mulai = DATE '2024-10-01'")).fetchone()
    assert month[1] == con.execute(days.format(where="tanggal BETWEEN '2024-10-01' AND '2024-10-31'")).fetchone()[1]
    # 3 … 20 October: the days of Thursday 3 … Sunday 6, the weeks of 7 and 14 October (no whole month).
    cut = replace(BASE, mulai=dt.date(2024, 10, 3), sampai=dt.date(2024, 10, 20))
    got = con.execute(spans, periods.span_params(con, cut, Scope.everything())).fetchone()
    weeks = con.execute(rows.format(where="tingkat = 'minggu' AND mulai IN ('2024-10-07', '2024-10-14')")).fetchone()
    ends = con.execute(days.format(where="tanggal BETWEEN '2024-10-03' AND '2024-10-06'")).fetchone()
    assert got == (weeks[0] + ends[0], weeks[1] + ends[1]) and weeks[0] > 0 and ends[0] > 0
    # Every activity lies in one week piece and one month; pieces never cross a month's end.
    assert con.execute(f"SELECT sum(kegiatan) FROM {periods.PLACE_SPAN_TABLE}").fetchone()[0] == \
        2 * con.execute("SELECT count(*) FROM activities").fetchone()[0]
    assert con.execute(f"SELECT count(*) FROM {periods.PLACE_SPAN_TABLE} WHERE tingkat = 'minggu' AND "
                       "(month(mulai) <> month(selesai) OR selesai - mulai > 6 OR terakhir NOT BETWEEN mulai AND selesai)"
                       ).fetchone()[0] == 0


def test_a_kelurahan_with_more_rw_than_the_bits_hold_keeps_to_the_rollup(sample_rw, monkeypatch):
    con = sample_rw
    assert con.execute(periods.RW_FIT).fetchone()[0]  # the sample's kelurahan have at most a few dozen RW
    # A kelurahan of more than MAX_RW RW (reference data; DuckDB cannot update a referenced row in a test):
    monkeypatch.setattr(periods, "RW_FIT", "SELECT coalesce(max(jumlah_rw), 0) <= 3 FROM kelurahan")
    assert not totals.by_period_usable(con, OCTOBER, Scope.everything())
    got = _answers(con, OCTOBER, Scope.everything()) + [drilldown.unvisited_rw(con, BASE, Scope.everything())]
    with rollup.raw_only():
        want = _answers(con, OCTOBER, Scope.everything()) + [drilldown.unvisited_rw(con, BASE, Scope.everything())]
    _same(got, want, "a kelurahan of more RW than the bits hold")


def test_the_unvisited_rw_list_without_an_rw_filter_equals_the_rw_by_rw_answer(sample_rw, monkeypatch):
    # The bits path spells out only the kelurahan holding the first `limit` RW; the old statement lists every RW.
    con = sample_rw
    views = [(BASE, Scope.everything()), (BASE, Scope((KEC,))), (replace(BASE, jenis=("ketuk_pintu",)),
                                                                  Scope((KAB,))),
             (replace(BASE, mulai=dt.date(2024, 10, 1)), Scope((KAB,)))]
    got = [drilldown.unvisited_rw(con, f, s, limit=limit) for f, s in views for limit in (1, 7, 500, None)]
    monkeypatch.setattr(periods, "RW_FIT", "SELECT false")
    want = [drilldown.unvisited_rw(con, f, s, limit=limit) for f, s in views for limit in (1, 7, 500, None)]
    _same(got, want, "bits and RW by RW")
    assert got[0][1] == len(got[3][0]) > 0 and len(got[0][0]) == 1


def test_the_day_tables_follow_an_import_and_its_undo_without_a_rebuild(sample_rw, monkeypatch):
    con = sample_rw
    assert totals.refresh(con)
    # From here on a full build would fail: an import and its undo only add and delete that import's rows.
    monkeypatch.setattr(periods, "_BUILD", ("SELECT 1/0",))
    result = import_bytes(con, csv_bytes([TEMPLATE, *GOOD_ROWS]), kind="activities", file_name="baru.csv", user="uji")
    assert result.rows_kept == len(GOOD_ROWS)
    assert totals.refresh(con)  # what the import page does once the import has committed
    count = f"SELECT count(*), coalesce(sum(kegiatan), 0) FROM {periods.PLACE_DAY_TABLE} WHERE import_id = $i"
    assert con.execute(count, {"i": result.import_id}).fetchone()[1] == len(GOOD_ROWS)
    spans = f"SELECT count(*), coalesce(sum(kegiatan), 0) FROM {periods.PLACE_SPAN_TABLE} WHERE import_id = $i"
    assert con.execute(spans, {"i": result.import_id}).fetchone()[1] == 2 * len(GOOD_ROWS)
    view = replace(BASE, mulai=dt.date(2024, 7, 1))
    got = _answers(con, view, Scope.everything())
    with rollup.raw_only():
        _same(got, _answers(con, view, Scope.everything()), "after import")
    undo_import(con, result.import_id, user="uji")
    got = _answers(con, OCTOBER, Scope.everything())  # the first view after the undo brings the tables in step
    assert con.execute(count, {"i": result.import_id}).fetchone() == (0, 0)
    assert con.execute(spans, {"i": result.import_id}).fetchone() == (0, 0)
    with rollup.raw_only():
        _same(got, _answers(con, OCTOBER, Scope.everything()), "after undo")


def test_rows_changed_outside_an_import_rebuild_the_day_tables(sample_rw):
    con = sample_rw
    assert totals.refresh(con)
    con.execute("DELETE FROM activities WHERE id_kegiatan IN (SELECT id_kegiatan FROM activities ORDER BY 1 LIMIT 5)")
    got = _answers(con, OCTOBER, Scope.everything())
    with rollup.raw_only():
        _same(got, _answers(con, OCTOBER, Scope.everything()), "after a direct delete")
    assert totals.by_period_usable(con, OCTOBER, Scope.everything())
    assert con.execute(f"SELECT sum(kegiatan) FROM {periods.PLACE_DAY_TABLE}").fetchone()[0] == \
        con.execute("SELECT count(*) FROM activities").fetchone()[0]
