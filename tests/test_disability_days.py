"""The disability counts per day and kab/kota (analytics/disability_days.py): the disability list of a view wider than
one kab/kota counts from them and gets the log's own answer; they follow imports and undos, and are rebuilt when the
log changed some other way."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from analytics import area_log, disability_days, memo, periods, rollup, totals
from analytics.filters import Filters, Scope
from analytics.importing.engine import import_bytes, undo_import
from analytics.queries import segments
from tests.import_support import GOOD_ROWS, TEMPLATE, csv_bytes
from tests.test_rollup import _same

BASE = Filters(pemilihan="pilkada2024")
KAB = "32.71"
WIDE_VIEWS = {
    "nasional": (BASE, Scope.everything()),
    "provinsi": (BASE, Scope((KAB, "32.01"))),
    "periode": (replace(BASE, mulai=dt.date(2024, 10, 1), sampai=dt.date(2024, 10, 20)), Scope.everything()),
    "jenis": (replace(BASE, jenis=("ketuk_pintu", "komunitas_disabilitas")), Scope.everything()),
    "penyelenggara": (replace(BASE, penyelenggara=("PPS",)), Scope((KAB, "31.71"))),
    "pemilu": (Filters(pemilihan="pemilu2024"), Scope.everything()),
}
LIMITS = (3, 40, None)

# Every activity that reached voters with disabilities, counted from the log, per the table's keys.
_FROM_LOG = """
SELECT a.tanggal, a.kode_kabkota, a.jenis_kegiatan, a.penyelenggara, a.import_id, count(*)
FROM activities a JOIN jenis_kegiatan j ON j.kode = a.jenis_kegiatan
WHERE j.sasaran = 'disabilitas' OR (j.ada_peserta AND a.peserta_disabilitas > 0)
GROUP BY ALL ORDER BY ALL
"""
_TABLE = f"SELECT * FROM {disability_days.TABLE} ORDER BY ALL"


def _answers(con, filters, scope) -> list:
    return [segments.disability_activities(con, filters, scope, limit=limit) for limit in LIMITS]


@pytest.mark.parametrize("view", WIDE_VIEWS)
def test_views_wider_than_one_kabkota_count_from_the_table_and_get_the_logs_answer(sample_rw, view):
    con = sample_rw
    filters, scope = WIDE_VIEWS[view]
    assert totals.by_kabkota_usable(con, filters, scope)
    got = _answers(con, filters, scope)
    with rollup.raw_only():
        want = _answers(con, filters, scope)
    _same(got, want, view)
    assert want[-1][1] > 0 or view == "pemilu", "the view should hold activities that reached disabled voters"


def test_the_count_is_read_from_the_table(sample_rw):
    con = sample_rw
    filters, scope = WIDE_VIEWS["nasional"]
    frame, total, meetings = segments.disability_activities(con, filters, scope, limit=None)
    assert total == len(frame) > 0 and meetings == int(frame["pertemuan_disabilitas"].sum()) > 0
    # Doubled in the table (and only there), the counts double: they came from it.
    con.execute(f"UPDATE {disability_days.TABLE} SET kegiatan = 2 * kegiatan")
    _, doubled, doubled_meetings = segments.disability_activities(con, filters, scope, limit=None)
    assert (doubled, doubled_meetings) == (2 * total, 2 * meetings)


def test_a_view_inside_one_kabkota_counts_from_the_log(sample_rw):
    con = sample_rw
    scope = Scope((KAB,))
    assert not totals.by_kabkota_usable(con, BASE, scope)
    _, total, _ = segments.disability_activities(con, BASE, scope, limit=5)
    con.execute(f"UPDATE {disability_days.TABLE} SET kegiatan = 2 * kegiatan")
    assert segments.disability_activities(con, BASE, scope, limit=5)[1] == total


def test_it_holds_every_activity_that_reached_disabled_voters(sample_rw):
    con = sample_rw
    assert totals.refresh(con)
    table = con.execute(_TABLE).fetchall()
    assert table == con.execute(_FROM_LOG).fetchall() and sum(r[-1] for r in table) > 100


def test_an_import_adds_its_rows_and_an_undo_deletes_them(sample_rw, monkeypatch):
    con = sample_rw
    assert totals.refresh(con)
    # Added and deleted, never built anew: a build would fail the refresh.
    monkeypatch.setattr(disability_days, "_BUILD", "SELECT error('dibangun ulang')")
    before = con.execute(_TABLE).fetchall()
    result = import_bytes(con, csv_bytes([TEMPLATE, *GOOD_ROWS]), kind="activities", file_name="baru.csv", user="uji")
    assert totals.refresh(con)
    added = con.execute(f"SELECT count(*) FROM {disability_days.TABLE} WHERE import_id = $i",
                        {"i": result.import_id}).fetchone()[0]
    assert added > 0, "the test file should hold an activity that reached disabled voters"
    assert con.execute(_TABLE).fetchall() == con.execute(_FROM_LOG).fetchall()
    filters, scope = WIDE_VIEWS["nasional"]
    got = _answers(con, filters, scope)
    with rollup.raw_only():
        _same(got, _answers(con, filters, scope), "after import")
    undo_import(con, result.import_id, user="uji")
    assert totals.refresh(con)
    assert con.execute(_TABLE).fetchall() == before


def test_rows_changed_outside_an_import_build_it_anew(sample_rw):
    con = sample_rw
    assert totals.refresh(con)
    con.execute("UPDATE activities SET peserta_disabilitas = 0 WHERE id_kegiatan IN "
                "(SELECT id_kegiatan FROM activities WHERE peserta_disabilitas > 0 ORDER BY 1 LIMIT 5)")
    con.execute("DELETE FROM activities WHERE id_kegiatan IN (SELECT id_kegiatan FROM activities ORDER BY 1 LIMIT 1)")
    filters, scope = WIDE_VIEWS["nasional"]
    got = _answers(con, filters, scope)
    with rollup.raw_only():
        _same(got, _answers(con, filters, scope), "after rows changed")
    assert con.execute(_TABLE).fetchall() == con.execute(_FROM_LOG).fetchall()


def test_a_database_of_the_previous_layout_gets_the_table_and_keeps_its_other_derived_tables(sample_rw, monkeypatch):
    con = sample_rw
    assert totals.refresh(con)
    version = rollup.recorded_version(con, totals.KELURAHAN_TABLE)
    con.execute(f"DROP TABLE {disability_days.TABLE}")
    con.execute("UPDATE rollup_versi SET versi = $v WHERE tabel = $t",
                {"v": version.removesuffix(totals._LAYOUT) + "/totals-11", "t": totals.KELURAHAN_TABLE})
    rebuilt = []
    for module in (periods, area_log):
        monkeypatch.setattr(module, "apply", lambda c, *, rebuild, _m=module.apply: (rebuilt.append(rebuild),
                                                                                    _m(c, rebuild=rebuild))[1])
    memo.forget(con, rollup._VERSIONS)
    memo.forget(con, totals.KELURAHAN_TABLE)
    filters, scope = WIDE_VIEWS["nasional"]
    assert totals.by_kabkota_usable(con, filters, scope)
    assert rebuilt == [False, False], "the per-day tables and the log by area are kept, not rebuilt"
    assert con.execute(_TABLE).fetchall() == con.execute(_FROM_LOG).fetchall()
