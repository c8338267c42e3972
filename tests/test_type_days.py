"""The activities per day, kelurahan and type (analytics/type_days.py): the activity map of a period in a view wider
than one kab/kota reads them and gets the log's own answer; they follow imports and undos, and are built anew when
the log, the types or the kelurahan numbers changed some other way."""

from __future__ import annotations

import calendar
import datetime as dt
import shutil
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from analytics import area_log, disability_days, memo, periods, rollup, totals, type_days
from analytics.bench import national
from analytics.filters import Filters, Scope
from analytics.importing.engine import import_bytes, undo_import
from analytics.queries import drilldown
from analytics.store import open_database
from tests.import_support import GOOD_ROWS, TEMPLATE, csv_bytes

OCTOBER = Filters(pemilihan="pilkada2024", mulai=dt.date(2024, 10, 1), sampai=dt.date(2024, 10, 31))

# Every activity logged in a kelurahan, counted from the log per the table's keys; people reached only where the
# type has participants.
_FROM_LOG = """
SELECT a.tanggal, a.kode_kelurahan, a.jenis_kegiatan, a.penyelenggara, a.import_id, count(*),
       coalesce(sum(a.jumlah_peserta) FILTER (WHERE j.ada_peserta), 0)
FROM activities a JOIN jenis_kegiatan j ON j.kode = a.jenis_kegiatan
WHERE a.kode_kelurahan IS NOT NULL
GROUP BY ALL ORDER BY ALL
"""
_TABLE = (f"SELECT tanggal, kode_kelurahan, jenis_kegiatan, penyelenggara, import_id, kegiatan, dijangkau "
          f"FROM {type_days.TABLE} ORDER BY ALL")
# The numbers agree with the codes they stand for.
_NUMBERS_AGREE = f"""
SELECT count(*) FROM {type_days.TABLE} d
LEFT JOIN {periods.NUMBER_TABLE} n USING (no_kelurahan) LEFT JOIN {type_days.TYPE_NUMBER_TABLE} t USING (no_jenis)
WHERE n.kode_kelurahan IS DISTINCT FROM d.kode_kelurahan OR t.kode IS DISTINCT FROM d.jenis_kegiatan
"""


# The same per month.
_MONTHS_FROM_LOG = """
SELECT date_trunc('month', a.tanggal)::DATE, a.kode_kelurahan, a.jenis_kegiatan, a.penyelenggara, a.import_id,
       count(*), coalesce(sum(a.jumlah_peserta) FILTER (WHERE j.ada_peserta), 0)
FROM activities a JOIN jenis_kegiatan j ON j.kode = a.jenis_kegiatan
WHERE a.kode_kelurahan IS NOT NULL
GROUP BY ALL ORDER BY ALL
"""
_MONTHS = (f"SELECT bulan, kode_kelurahan, jenis_kegiatan, penyelenggara, import_id, kegiatan, dijangkau "
           f"FROM {type_days.MONTH_TABLE} ORDER BY ALL")
_MONTH_NUMBERS_AGREE = _NUMBERS_AGREE.replace(type_days.TABLE, type_days.MONTH_TABLE)


def _holds_the_log(con) -> None:
    assert con.execute(_TABLE).fetchall() == con.execute(_FROM_LOG).fetchall()
    assert con.execute(_NUMBERS_AGREE).fetchone()[0] == 0
    assert con.execute(_MONTHS).fetchall() == con.execute(_MONTHS_FROM_LOG).fetchall()
    assert con.execute(_MONTH_NUMBERS_AGREE).fetchone()[0] == 0


@pytest.fixture(scope="module")
def national_db(tmp_path_factory) -> Path:
    return national.ensure(20_000, seed=11, scale="small", directory=tmp_path_factory.mktemp("bench"),
                           log=lambda _: None)


@pytest.fixture()
def national_rw(national_db, tmp_path):
    path = tmp_path / "nasional.duckdb"
    shutil.copy(national_db, path)
    con = open_database(path)
    yield con
    con.close()


def _wide_views(con) -> dict[str, tuple[Filters, Scope]]:
    kabkota = [r[0] for r in con.execute("SELECT kode_kabkota FROM kabupaten_kota ORDER BY 1").fetchall()]
    # A province office's scope lists its kab/kota (Scope takes no province codes).
    province = [r[0] for r in con.execute("SELECT kode_kabkota FROM kabupaten_kota WHERE kode_provinsi = "
                                          "(SELECT min(kode_provinsi) FROM kabupaten_kota) ORDER BY 1").fetchall()]
    return {
        "nasional": (OCTOBER, Scope.everything()),
        "minggu_terpotong": (replace(OCTOBER, mulai=dt.date(2024, 9, 4), sampai=dt.date(2024, 10, 9)),
                             Scope.everything()),
        # Whole months with days before, after, and both; days of one month only.
        "bulan_lalu_hari": (replace(OCTOBER, mulai=dt.date(2024, 9, 1), sampai=dt.date(2024, 10, 9)),
                            Scope.everything()),
        "hari_lalu_bulan": (replace(OCTOBER, mulai=dt.date(2024, 8, 20)), Scope.everything()),
        "hari_bulan_hari": (replace(OCTOBER, mulai=dt.date(2024, 7, 31), sampai=dt.date(2024, 10, 1)),
                            Scope.everything()),
        "hari_saja": (replace(OCTOBER, mulai=dt.date(2024, 10, 3), sampai=dt.date(2024, 10, 17)), Scope.everything()),
        "provinsi_jenis": (replace(OCTOBER, jenis=("ketuk_pintu", "sosialisasi_sekolah")), Scope(tuple(province))),
        "dua_kabkota_pps": (replace(OCTOBER, penyelenggara=("PPS",)), Scope(tuple(kabkota[:2]))),
        "pemilu": (Filters(pemilihan="pemilu2024", sampai=dt.date(2023, 12, 31)), Scope.everything()),
    }


def _points(con, filters, scope, cap=5_000):
    return drilldown.activity_points(con, filters, scope, cap=cap)


def test_the_table_holds_every_activity_logged_in_a_kelurahan(sample_rw):
    con = sample_rw
    assert totals.refresh(con)
    _holds_the_log(con)
    assert con.execute(f"SELECT sum(kegiatan) FROM {type_days.TABLE}").fetchone()[0] > 1_000


def test_points_of_a_period_in_wide_views_read_the_table_and_equal_the_raw_log(national_rw):
    con = national_rw
    for name, (filters, scope) in _wide_views(con).items():
        assert drilldown.points_level(con, filters, scope) == "kelurahan", name
        assert totals.by_type_day_usable(con, filters) and not totals.by_type_usable(con, filters), name
        for cap in (7, 5_000):
            got = _points(con, filters, scope, cap)
            with rollup.raw_only():
                want = _points(con, filters, scope, cap)
            pd.testing.assert_frame_equal(got, want, check_exact=True, obj=f"{name}, cap {cap}")
        assert len(want) > 7 or name == "pemilu", name


def test_the_points_come_from_the_tables(national_rw):
    con = national_rw
    scope = Scope.everything()
    days = replace(OCTOBER, mulai=dt.date(2024, 10, 2))  # no whole month: read day by day
    before = {"bulan": _points(con, OCTOBER, scope), "hari": _points(con, days, scope)}
    # A whole month is read from the month rows, days from the day rows.
    con.execute(f"UPDATE {type_days.MONTH_TABLE} SET kegiatan = 2 * kegiatan")
    assert _points(con, OCTOBER, scope)["kegiatan"].tolist() == (2 * before["bulan"]["kegiatan"]).tolist()
    pd.testing.assert_frame_equal(_points(con, days, scope), before["hari"])
    con.execute(f"UPDATE {type_days.TABLE} SET kegiatan = 3 * kegiatan")
    assert _points(con, days, scope)["kegiatan"].tolist() == (3 * before["hari"]["kegiatan"]).tolist()
    # With an RW chosen the tables (which have no RW) are not read.
    assert not totals.by_type_day_usable(con, replace(OCTOBER, rw=(1,)))


@pytest.mark.parametrize("lo, hi", [
    (dt.date(2024, 10, 1), dt.date(2024, 10, 31)), (dt.date(2024, 10, 2), dt.date(2024, 10, 31)),
    (dt.date(2024, 10, 1), dt.date(2024, 10, 30)), (dt.date(2024, 10, 5), dt.date(2024, 10, 5)),
    (dt.date(2024, 1, 31), dt.date(2024, 3, 1)), (dt.date(2024, 1, 31), dt.date(2024, 2, 29)),
    (dt.date(2023, 12, 15), dt.date(2024, 2, 10)), (dt.date(2023, 6, 1), dt.date(2024, 11, 30)),
])
def test_a_period_is_split_into_whole_months_and_its_other_days_each_day_once(lo, hi):
    # Written independently of month_params: every day of lo … hi is counted once, through its month when the
    # whole calendar month lies inside, else as a day.
    b = type_days.month_params(lo, hi)
    days = [lo + dt.timedelta(days=i) for i in range((hi - lo).days + 1)]
    covered = [d for d in days if b["dari"] <= d <= b["hari_awal_sampai"] or b["hari_akhir_dari"] <= d <= b["hingga"]]
    months = set() if b["bulan_dari"] is None else {d.replace(day=1) for d in days
                                                    if b["bulan_dari"] <= d.replace(day=1) <= b["bulan_hingga"]}
    whole = {d for d in days if d.day == 1 and d.replace(day=calendar.monthrange(d.year, d.month)[1]) <= hi}
    assert months == whole
    assert sorted(covered + [d for d in days if d.replace(day=1) in months]) == days
    assert type_days.month_params(None, None) == dict.fromkeys(b)


def test_the_busiest_points_skip_kelurahan_without_a_centre(national_rw):
    # Written independently of the SQL: the busiest (kelurahan, type) groups of the period, ties to the lower codes,
    # without the kelurahan that have no coordinates. The activities of ten of the busiest kelurahan move here to new
    # kelurahan without a centre (added to the list, as a reference update would: numbered anew), and one activity
    # is deleted so that the derived tables see the change.
    con = national_rw
    filters, scope, cap = OCTOBER, Scope.everything(), 25
    first = _points(con, filters, scope, cap)
    gone = [r[0] for r in con.execute(
        "SELECT kode_kelurahan FROM kelurahan WHERE (lat, lon) IN (SELECT (unnest($lat), unnest($lon))) "
        "ORDER BY 1 LIMIT 10", {"lat": first["lat"].tolist(), "lon": first["lon"].tolist()}).fetchall()]
    moved = {code: code[:9] + "9" + code[10:] for code in gone}
    for old, new in moved.items():
        con.execute("INSERT INTO kelurahan SELECT * REPLACE ($new AS kode_kelurahan, nama || ' Baru' AS nama, "
                    "'kelurahan' AS jenis, NULL AS lat, NULL AS lon) FROM kelurahan WHERE kode_kelurahan = $old",
                    {"old": old, "new": new})
        con.execute("UPDATE activities SET kode_kelurahan = $new WHERE kode_kelurahan = $old", {"old": old, "new": new})
    con.execute("DELETE FROM activities WHERE id_kegiatan = (SELECT min(id_kegiatan) FROM activities)")
    log = con.execute("""
        SELECT a.kode_kelurahan, a.jenis_kegiatan, count(*) AS kegiatan, k.lat, k.lon
        FROM activities a JOIN kelurahan k USING (kode_kelurahan)
        WHERE a.tanggal BETWEEN DATE '2024-10-01' AND DATE '2024-10-31' GROUP BY ALL""").df()
    assert log["kode_kelurahan"].isin(list(moved.values())).any()
    want = (log.dropna(subset=["lat", "lon"])
            .sort_values(["kegiatan", "kode_kelurahan", "jenis_kegiatan"], ascending=[False, True, True]).head(cap))
    got = _points(con, filters, scope, cap)
    with rollup.raw_only():
        raw = _points(con, filters, scope, cap)
    for answer in (got, raw):
        assert len(answer) == cap
        assert answer["jenis_kegiatan"].tolist() == want["jenis_kegiatan"].tolist()
        assert answer["kegiatan"].tolist() == want["kegiatan"].tolist()
        assert answer["lat"].tolist() == want["lat"].tolist()
    assert not set(first["lat"]) <= set(got["lat"]), "some of the busiest kelurahan should have lost their centre"
    _holds_the_log(con)


def test_an_import_adds_its_rows_and_an_undo_deletes_them(sample_rw, monkeypatch):
    con = sample_rw
    assert totals.refresh(con)
    # Added and deleted, never built anew: a build would fail the refresh.
    monkeypatch.setattr(type_days, "_BUILD", "SELECT error('dibangun ulang')")
    monkeypatch.setattr(type_days, "_BUILD_MONTH", "SELECT error('dibangun ulang')")
    before = con.execute(_TABLE).fetchall(), con.execute(_MONTHS).fetchall()
    result = import_bytes(con, csv_bytes([TEMPLATE, *GOOD_ROWS]), kind="activities", file_name="baru.csv", user="uji")
    assert totals.refresh(con)
    for table in (type_days.TABLE, type_days.MONTH_TABLE):
        added = con.execute(f"SELECT sum(kegiatan) FROM {table} WHERE import_id = $i",
                            {"i": result.import_id}).fetchone()[0]
        assert added == len(GOOD_ROWS), table
    _holds_the_log(con)
    undo_import(con, result.import_id, user="uji")
    assert totals.refresh(con)
    assert (con.execute(_TABLE).fetchall(), con.execute(_MONTHS).fetchall()) == before


def test_rows_changed_outside_an_import_build_it_anew(national_rw):
    con = national_rw
    assert totals.refresh(con)
    con.execute("UPDATE activities SET jumlah_peserta = jumlah_peserta + 1 WHERE id_kegiatan IN "
                "(SELECT id_kegiatan FROM activities WHERE tanggal >= DATE '2024-10-01' ORDER BY 1 LIMIT 5)")
    con.execute("DELETE FROM activities WHERE id_kegiatan IN (SELECT id_kegiatan FROM activities "
                "WHERE tanggal >= DATE '2024-10-01' ORDER BY 1 LIMIT 3)")
    got = _points(con, OCTOBER, Scope.everything())
    with rollup.raw_only():
        pd.testing.assert_frame_equal(got, _points(con, OCTOBER, Scope.everything()), check_exact=True)
    _holds_the_log(con)


def test_a_new_activity_type_numbers_the_types_anew(national_rw):
    con = national_rw
    assert totals.refresh(con)
    # A code that sorts first moves every other type's number; its activities are re-typed from an existing one.
    con.execute("INSERT INTO jenis_kegiatan SELECT * REPLACE ('aa_baru' AS kode) FROM jenis_kegiatan "
                "WHERE kode = 'ketuk_pintu'")
    con.execute("UPDATE activities SET jenis_kegiatan = 'aa_baru' WHERE id_kegiatan IN "
                "(SELECT id_kegiatan FROM activities WHERE jenis_kegiatan = 'ketuk_pintu' "
                "AND tanggal >= DATE '2024-10-01' ORDER BY 1 LIMIT 50)")
    con.execute("DELETE FROM activities WHERE id_kegiatan = (SELECT min(id_kegiatan) FROM activities)")
    got = _points(con, OCTOBER, Scope.everything())
    assert "aa_baru" in set(got["jenis_kegiatan"])
    with rollup.raw_only():
        pd.testing.assert_frame_equal(got, _points(con, OCTOBER, Scope.everything()), check_exact=True)
    _holds_the_log(con)


def test_kelurahan_numbered_anew_build_it_anew(national_rw, monkeypatch):
    con = national_rw
    assert totals.refresh(con)
    rebuilt = []
    monkeypatch.setattr(type_days, "apply", lambda c, *, rebuild, _m=type_days.apply: (rebuilt.append(rebuild),
                                                                                      _m(c, rebuild=rebuild))[1])
    # The per-day tables lose their kelurahan numbers: they are built anew, numbering the kelurahan again.
    con.execute(f"DROP TABLE {periods.NUMBER_TABLE}")
    con.execute("UPDATE rollup_versi SET versi = 'lama' || versi WHERE tabel = $t", {"t": totals.KELURAHAN_TABLE})
    memo.forget(con, rollup._VERSIONS)
    memo.forget(con, totals.KELURAHAN_TABLE)
    assert totals.by_type_day_usable(con, OCTOBER)
    assert rebuilt == [True]
    _holds_the_log(con)


@pytest.mark.parametrize("layout, dropped", [("/totals-12", type_days.TABLE), ("/totals-14", type_days.MONTH_TABLE)])
def test_a_database_of_a_previous_layout_gets_the_tables_and_keeps_its_other_derived_tables(
        sample_rw, monkeypatch, layout, dropped):
    con = sample_rw
    assert totals.refresh(con)
    version = rollup.recorded_version(con, totals.KELURAHAN_TABLE)
    con.execute(f"DROP TABLE {dropped}")
    con.execute("UPDATE rollup_versi SET versi = $v WHERE tabel = $t",
                {"v": version.removesuffix(totals._LAYOUT) + layout, "t": totals.KELURAHAN_TABLE})
    rebuilt = []
    for module in (periods, area_log, disability_days):
        monkeypatch.setattr(module, "apply", lambda c, *, rebuild, _m=module.apply: (rebuilt.append(rebuild),
                                                                                    _m(c, rebuild=rebuild))[1])
    memo.forget(con, rollup._VERSIONS)
    memo.forget(con, totals.KELURAHAN_TABLE)
    assert totals.by_type_day_usable(con, OCTOBER)
    assert rebuilt == [False, False, False], "the other derived tables are kept, not rebuilt"
    _holds_the_log(con)


def test_a_kelurahan_added_to_the_list_numbers_them_anew(national_rw):
    # A reference update adds a kelurahan (its code sorts among the others): the per-day tables number the list
    # anew, and the activities per type are built anew with them, even though no activity changed.
    con = national_rw
    assert totals.refresh(con)
    code = con.execute("SELECT min(kode_kelurahan) FROM kelurahan").fetchone()[0]
    added = code[:9] + "9" + code[10:]
    con.execute("INSERT INTO kelurahan SELECT * REPLACE ($new AS kode_kelurahan, nama || ' Baru' AS nama, "
                "'kelurahan' AS jenis) FROM kelurahan WHERE kode_kelurahan = $old", {"old": code, "new": added})
    con.execute("BEGIN")
    assert periods.apply(con, rebuild=False), "the kelurahan should have been numbered anew"
    con.execute("COMMIT")
    numbers = con.execute(f"SELECT kode_kelurahan FROM {periods.NUMBER_TABLE} ORDER BY no_kelurahan").fetchall()
    assert numbers == con.execute("SELECT kode_kelurahan FROM kelurahan ORDER BY 1").fetchall()
    con.execute("BEGIN")
    assert not periods.apply(con, rebuild=False), "nothing changed since"
    con.execute("COMMIT")
