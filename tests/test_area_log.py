"""The log stored by area (analytics/area_log.py): views narrowed by area read it and get the log's own answers; it
follows imports and undos by appending and deleting rows, and is sorted anew when too much was appended or the log
changed some other way."""

from __future__ import annotations

from dataclasses import replace

import pytest

from analytics import area_log, rollup, totals
from analytics.filters import Filters, Scope
from analytics.importing.engine import import_bytes, undo_import
from analytics.queries import drilldown, segments
from tests.import_support import GOOD_ROWS, TEMPLATE, csv_bytes
from tests.test_rollup import _same

BASE = Filters(pemilihan="pilkada2024")
KAB = "32.71"
KEC = "32.71.03"
KEL = "32.71.03.1001"
AREA_VIEWS = {
    "kab_scope": (BASE, Scope((KAB,))),
    "ppk": (BASE, Scope((KEC,))),
    "kecamatan": (replace(BASE, kecamatan=(KEC,)), Scope.everything()),
    "kelurahan_rw": (replace(BASE, kelurahan=(KEL,), rw=(1, 2)), Scope((KAB,))),
    "jenis": (replace(BASE, jenis=("ketuk_pintu", "komunitas_disabilitas")), Scope((KAB, "31.71"))),
}


def _answers(con, filters, scope) -> list:
    return [drilldown.activity_log(con, filters, scope, limit=limit) for limit in (5, 300, None)] + \
        [segments.disability_activities(con, filters, scope, limit=limit) for limit in (3, None)] + \
        [drilldown.activity_points(con, filters, scope)]


def _sorted_state(con) -> tuple[int, int]:
    return con.execute(f"SELECT count(*) FILTER (WHERE terurut), count(*) FILTER (WHERE NOT terurut) "
                       f"FROM {area_log.TABLE}").fetchone()


@pytest.mark.parametrize("view", AREA_VIEWS)
def test_views_narrowed_by_area_read_the_log_by_area_and_get_the_logs_answer(sample_rw, view, monkeypatch):
    con = sample_rw
    filters, scope = AREA_VIEWS[view]
    assert totals.by_area_log_usable(con, filters, scope)
    got = _answers(con, filters, scope)
    with rollup.raw_only():
        assert not totals.by_area_log_usable(con, filters, scope)
        want = _answers(con, filters, scope)
    _same(got, want, view)
    # And the log by area is what answered: with the log itself emptied, the answers stay.
    con.execute("CREATE TABLE kopi AS SELECT * FROM activities")
    monkeypatch.setattr(rollup, "_checked_source", lambda c: rollup.TABLE)  # the rollup stays in use meanwhile
    con.execute("DELETE FROM activities")
    try:
        _same(_answers(con, filters, scope), want, f"{view}: the log by area only")
    finally:
        con.execute("INSERT INTO activities SELECT * FROM kopi")


def test_the_whole_country_reads_the_log_itself(sample_rw):
    assert not totals.by_area_log_usable(sample_rw, BASE, Scope.everything())


def test_it_holds_every_activity_sorted_by_area(sample_rw):
    con = sample_rw
    assert totals.refresh(con)
    table = con.execute(f"SELECT * EXCLUDE (terurut) FROM {area_log.TABLE} ORDER BY id_kegiatan").fetchall()
    log = con.execute("SELECT * EXCLUDE (sidik) FROM activities ORDER BY id_kegiatan").fetchall()
    assert table == log and len(log) > 1000
    stored = con.execute(f"SELECT kode_kabkota, kode_kecamatan, tanggal, id_kegiatan FROM {area_log.TABLE}").fetchall()
    assert stored == sorted(stored, key=lambda r: (r[0], r[1] is None, r[1] or "", r[2], r[3]))
    assert _sorted_state(con)[1] == 0


def test_an_import_appends_its_rows_and_an_undo_deletes_them(sample_rw):
    con = sample_rw
    assert totals.refresh(con)
    sorted_rows = _sorted_state(con)[0]
    result = import_bytes(con, csv_bytes([TEMPLATE, *GOOD_ROWS]), kind="activities", file_name="baru.csv", user="uji")
    assert totals.refresh(con)  # the import page, once the import has committed
    assert _sorted_state(con) == (sorted_rows, len(GOOD_ROWS))  # a few rows: appended, not sorted in
    filters, scope = AREA_VIEWS["kab_scope"]
    got = _answers(con, filters, scope)
    with rollup.raw_only():
        _same(got, _answers(con, filters, scope), "after import")
    undo_import(con, result.import_id, user="uji")
    assert totals.refresh(con)
    assert _sorted_state(con) == (sorted_rows, 0)


def test_too_many_appended_rows_sort_the_table_anew(sample_rw, monkeypatch):
    con = sample_rw
    assert totals.refresh(con)
    monkeypatch.setattr(area_log, "_ROW_GROUP", 0)
    monkeypatch.setattr(area_log, "RESORT_SHARE", 0.0)
    import_bytes(con, csv_bytes([TEMPLATE, *GOOD_ROWS]), kind="activities", file_name="baru.csv", user="uji")
    assert totals.refresh(con)
    total = con.execute("SELECT count(*) FROM activities").fetchone()[0]
    assert _sorted_state(con) == (total, 0)


def test_rows_changed_outside_an_import_sort_it_anew(sample_rw):
    con = sample_rw
    assert totals.refresh(con)
    con.execute("DELETE FROM activities WHERE id_kegiatan IN (SELECT id_kegiatan FROM activities ORDER BY 1 LIMIT 5)")
    filters, scope = AREA_VIEWS["ppk"]
    got = _answers(con, filters, scope)
    with rollup.raw_only():
        _same(got, _answers(con, filters, scope), "after a direct delete")
    assert _sorted_state(con) == (con.execute("SELECT count(*) FROM activities").fetchone()[0], 0)
