"""The whole-window totals (analytics/totals.py): used only where they give exactly the rollup's answer, kept in
step with imports and undos, built for a database made before they existed, and refused for views cut by area
while a school visit crosses kelurahan."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import duckdb
import pytest

from analytics import rollup, totals
from analytics.filters import Filters, Scope
from analytics.importing.engine import import_bytes, undo_import
from analytics.queries import areas, drilldown, overview, participation, segments
from tests.import_support import GOOD_ROWS, TEMPLATE, csv_bytes
from tests.test_rollup import _same

ELECTION = "pilkada2024"
KAB = "32.71"
KEC = "32.71.03"  # Bogor Tengah
KEL = "32.71.03.1001"  # Gudang
BASE = Filters(pemilihan=ELECTION)
VIEWS = {
    "kota": (BASE, Scope.everything()),
    "kab_scope": (BASE, Scope((KAB,))),
    "ppk": (BASE, Scope((KEC,))),
    "kecamatan": (replace(BASE, kecamatan=(KEC,)), Scope.everything()),
    "kelurahan": (replace(BASE, kelurahan=(KEL,)), Scope.everything()),
    "kel_scope": (BASE, Scope((KEL, "32.71.05"))),
    "pemilu": (replace(BASE, pemilihan="pemilu2024"), Scope.everything()),
}


@pytest.fixture(autouse=True)
def whole_window_for_one_city(monkeypatch):
    # The sample is one city; the dashboard reads a single kab/kota's headline figures from the rollup, faster there.
    monkeypatch.setattr(overview, "SINGLE_KABKOTA_FROM_ROLLUP", False)


def _answers(con, filters: Filters, scope: Scope) -> list:
    return [areas.area_metrics(con, filters, scope, "kecamatan"), areas.area_metrics(con, filters, scope, "kelurahan"),
            segments.segment_by_area(con, filters, scope, "kecamatan"),
            participation.outreach_vs_turnout(con, filters, scope),
            overview.overview_kpis(con, filters, scope, today=dt.date(2024, 12, 1)),
            drilldown.rw_coverage(con, filters, scope), drilldown.unvisited_rw(con, filters, scope, limit=50)]


def _assert_equal_to_rollup(con, where: str) -> None:
    for name, (filters, scope) in VIEWS.items():
        got = _answers(con, filters, scope)
        with rollup.raw_only():  # no rollup: no totals either, the activities themselves
            _same(got, _answers(con, filters, scope), f"{where}: {name}")


@pytest.mark.parametrize(("filters", "level", "expected"), [
    (BASE, "kelurahan", True),
    (BASE, "kecamatan", True),
    (replace(BASE, kecamatan=(KEC,)), "kecamatan", True),
    (replace(BASE, kelurahan=(KEL,)), "kelurahan", True),
    # A kecamatan's totals include activities logged without a kelurahan, which a kelurahan filter leaves out.
    (replace(BASE, kelurahan=(KEL,)), "kecamatan", False),
    (replace(BASE, mulai=dt.date(2024, 9, 1)), "kelurahan", False),
    (replace(BASE, sampai=dt.date(2024, 11, 1)), "kelurahan", False),
    (replace(BASE, jenis=("door_to_door",)), "kelurahan", False),
    (replace(BASE, penyelenggara=("PPS",)), "kelurahan", False),
    (replace(BASE, kelurahan=(KEL,), rw=(1,)), "kelurahan", False),
    # Headline figures: the place-level table holds activities logged at every level.
    (replace(BASE, kelurahan=(KEL,)), "semua", True),
    (replace(BASE, jenis=("door_to_door",)), "semua", False),
])
def test_used_only_for_the_whole_window(sample_rw, filters, level, expected):
    assert totals.usable(sample_rw, filters, Scope.everything(), level) is expected


@pytest.mark.parametrize(("filters", "scope", "expected"), [
    (BASE, Scope.everything(), True),
    (replace(BASE, mulai=dt.date(2024, 9, 1), jenis=("door_to_door",), penyelenggara=("PPS",)), Scope.everything(),
     True),
    (BASE, Scope((KAB, "32.01")), True),
    # One kab/kota stays on the rollup (a few row groups there); finer areas are not in the table at all.
    (BASE, Scope((KAB,)), False),
    (BASE, Scope((KEC,)), False),
    (replace(BASE, kecamatan=(KEC,)), Scope.everything(), False),
    (replace(BASE, kelurahan=(KEL,)), Scope.everything(), False),
    (replace(BASE, kelurahan=(KEL,), rw=(1,)), Scope.everything(), False),
])
def test_the_kabkota_daily_table_serves_views_wider_than_one_kabkota(sample_rw, filters, scope, expected):
    assert totals.by_kabkota_usable(sample_rw, filters, scope) is expected
    if expected:
        got = (overview.weekly_activity(sample_rw, filters, scope), drilldown.breakdown(sample_rw, filters, scope),
               drilldown.activity_log(sample_rw, filters, scope, limit=20))
        with rollup.raw_only():
            want = (overview.weekly_activity(sample_rw, filters, scope), drilldown.breakdown(sample_rw, filters, scope),
                    drilldown.activity_log(sample_rw, filters, scope, limit=20))
        _same(list(got), list(want), "kab/kota daily table")
    with rollup.raw_only():
        assert not totals.by_kabkota_usable(sample_rw, filters, scope)


def test_the_kabkota_daily_table_holds_every_activity(sample_rw):
    assert totals.by_kabkota_usable(sample_rw, BASE, Scope.everything())  # builds the tables
    table = sample_rw.execute(f"SELECT sum(kegiatan), sum(jumlah_peserta) FROM {totals.KABKOTA_DAILY_TABLE}").fetchone()
    raw = sample_rw.execute("SELECT count(*), sum(jumlah_peserta) FROM activities").fetchone()
    assert table == raw


@pytest.mark.parametrize(("filters", "expected"), [
    (BASE, True),
    (replace(BASE, jenis=("door_to_door",), penyelenggara=("PPS",), kecamatan=(KEC,)), True),
    (replace(BASE, mulai=dt.date(2024, 9, 1)), False),
    (replace(BASE, sampai=dt.date(2024, 11, 1)), False),
    (replace(BASE, kelurahan=(KEL,), rw=(1,)), False),
])
def test_the_per_type_table_serves_the_whole_window_with_any_type_or_organiser(sample_rw, filters, expected):
    assert totals.by_type_usable(sample_rw, filters) is expected
    with rollup.raw_only():
        assert not totals.by_type_usable(sample_rw, filters)


_RAW_WINDOW = ("FROM activities a JOIN jenis_kegiatan j ON j.kode = a.jenis_kegiatan JOIN pemilihan p "
               "ON p.kode_pemilihan = $e WHERE a.tanggal BETWEEN p.sosialisasi_mulai AND p.sosialisasi_selesai")


def test_the_per_type_tables_hold_every_activity_of_the_window(sample_rw):
    con = sample_rw
    # A media activity with a number in jumlah_peserta (the type counts no participants: nobody was reached), and
    # one logged for a kecamatan only.
    con.execute("INSERT INTO activities (tanggal, jenis_kegiatan, kode_kabkota, kode_kecamatan, kode_kelurahan, "
                "penyelenggara, jumlah_peserta, peserta_pemula, peserta_disabilitas, peserta_perempuan, import_id) "
                "SELECT DATE '2024-10-02', 'media', $kab, $kec, $kel, 'KPU', 500, 0, 0, 0, min(import_id) FROM imports "
                "UNION ALL SELECT DATE '2024-10-03', 'sosialisasi_rw', $kab, $kec, NULL, 'PPK', 30, 5, 1, 12, "
                "min(import_id) FROM imports", {"kab": KAB, "kec": KEC, "kel": KEL})
    rollup.rebuild(con)
    assert totals.by_type_usable(con, BASE)  # builds the tables
    e = {"e": ELECTION}
    keys = "kode_kabkota, kode_kecamatan, kode_kelurahan"
    table = con.execute(f"SELECT * EXCLUDE (kode_pemilihan) FROM {totals.TYPE_TABLE} WHERE kode_pemilihan = $e "
                        "ORDER BY ALL", e).fetchall()
    raw = con.execute(
        f"SELECT {keys}, jenis_kegiatan, penyelenggara, count(*), "
        "coalesce(sum(jumlah_peserta) FILTER (WHERE j.ada_peserta), 0), "
        "coalesce(sum(peserta_pemula) FILTER (WHERE j.ada_peserta), 0), "
        "coalesce(sum(peserta_disabilitas) FILTER (WHERE j.ada_peserta), 0), "
        "coalesce(sum(peserta_perempuan) FILTER (WHERE j.ada_peserta), 0), sum(rumah_dikunjungi), max(a.tanggal) "
        + _RAW_WINDOW + " GROUP BY ALL ORDER BY ALL", e).fetchall()
    assert table == raw and len(raw) > 100
    assert (KAB, KEC, KEL, "media", "KPU", 1, 0, 0, 0, 0, None, dt.date(2024, 10, 2)) in table
    assert any(r[2] is None and r[3] == "sosialisasi_rw" and r[4] == "PPK" for r in table)
    rw = con.execute(f"SELECT * EXCLUDE (kode_pemilihan) FROM {totals.RW_TYPE_TABLE} WHERE kode_pemilihan = $e "
                     "ORDER BY ALL", e).fetchall()
    assert rw == con.execute(
        f"SELECT {keys}, rw, jenis_kegiatan, penyelenggara, count(*), "
        "coalesce(sum(jumlah_peserta) FILTER (WHERE j.ada_peserta), 0), sum(rumah_dikunjungi), max(a.tanggal), "
        "min(a.tanggal) " + _RAW_WINDOW + " AND rw IS NOT NULL GROUP BY ALL ORDER BY ALL", e).fetchall() and len(rw) > 100
    schools = con.execute(f"SELECT * EXCLUDE (kode_pemilihan) FROM {totals.SCHOOL_TYPE_TABLE} "
                          "WHERE kode_pemilihan = $e ORDER BY ALL", e).fetchall()
    assert schools == con.execute(
        f"SELECT {keys}, id_sekolah, jenis_kegiatan, penyelenggara, count(*), "
        "coalesce(sum(jumlah_peserta) FILTER (WHERE j.ada_peserta), 0), "
        "coalesce(sum(peserta_pemula) FILTER (WHERE j.ada_peserta), 0), max(a.tanggal), min(a.tanggal) "
        + _RAW_WINDOW + " AND id_sekolah IS NOT NULL GROUP BY ALL ORDER BY ALL", e).fetchall()
    assert len(schools) > 10


@pytest.mark.parametrize("filters", [
    replace(BASE, jenis=("ketuk_pintu",)),
    replace(BASE, penyelenggara=("PPS",), kecamatan=(KEC,)),
    replace(BASE, jenis=("sosialisasi_sekolah", "sosialisasi_rw"), kelurahan=(KEL,)),
])
def test_a_type_or_organiser_over_the_whole_window_reads_the_per_type_tables(sample_rw, filters, monkeypatch):
    con = sample_rw
    # RW beyond the kelurahan's count (its jumlah_rw lowered after the import) are kept but never counted as visited.
    con.execute("INSERT INTO activities (tanggal, jenis_kegiatan, kode_kabkota, kode_kecamatan, kode_kelurahan, rw, "
                "penyelenggara, jumlah_peserta, peserta_pemula, peserta_disabilitas, peserta_perempuan, import_id) "
                "SELECT DATE '2024-10-02', t.jenis, $kab, $kec, $kel, k.jumlah_rw + 1, 'PPS', 20, 2, 1, 9, "
                "(SELECT min(import_id) FROM imports) FROM kelurahan k, (VALUES ('ketuk_pintu'), ('sosialisasi_rw')) "
                "t(jenis) WHERE k.kode_kelurahan = $kel", {"kab": KAB, "kec": KEC, "kel": KEL})
    rollup.rebuild(con)

    def kpis(scope: Scope) -> overview.OverviewKpis:
        return overview.overview_kpis(con, filters, scope, today=dt.date(2024, 12, 1))

    got = [areas.area_metrics(con, filters, Scope.everything(), level) for level in ("kecamatan", "kelurahan")]
    got += [drilldown.unvisited_rw(con, filters, Scope((KAB,)), limit=50), drilldown.rw_coverage(con, filters,
                                                                                                 Scope((KEC,))),
            segments.schools(con, filters, Scope((KAB,))), kpis(Scope.everything()), kpis(Scope((KEC, KEL)))]
    with rollup.raw_only():
        want = [areas.area_metrics(con, filters, Scope.everything(), level) for level in ("kecamatan", "kelurahan")]
        want += [drilldown.unvisited_rw(con, filters, Scope((KAB,)), limit=50),
                 drilldown.rw_coverage(con, filters, Scope((KEC,))), segments.schools(con, filters, Scope((KAB,))),
                 kpis(Scope.everything()), kpis(Scope((KEC, KEL)))]
    _same(got, want, str(filters))
    # The tiles' week-earlier figures differ from now's in this sample: the cut-off is exercised, not vacuous.
    assert want[5].week_ago.kegiatan < want[5].now.kegiatan
    # And they are what answered: with the rollup's text refused, the answers stay.
    monkeypatch.setattr(areas, "counted_activities", lambda con: "(SELECT 1/0)")
    monkeypatch.setattr(segments, "counted_activities", lambda con: "(SELECT 1/0)")
    monkeypatch.setattr(overview, "counted_activities", lambda con: "(SELECT 1/0)")
    assert totals.by_type_usable(con, filters)
    _same([areas.area_metrics(con, filters, Scope.everything(), "kelurahan"),
           segments.schools(con, filters, Scope((KAB,))), kpis(Scope.everything())],
          [want[1], want[4], want[5]], "per-type tables only")


def test_a_scope_listing_a_kelurahan_keeps_kecamatan_figures_on_the_rollup(sample_rw):
    assert totals.usable(sample_rw, BASE, Scope((KEL, KEC)), "kelurahan")
    assert not totals.usable(sample_rw, BASE, Scope((KEL, KEC)), "kecamatan")
    assert totals.usable(sample_rw, BASE, Scope((KEC,)), "kecamatan")


def test_answers_equal_the_rollup_and_follow_an_import_and_its_undo(sample_rw):
    con = sample_rw
    _assert_equal_to_rollup(con, "sample")
    assert con.execute(f"SELECT sum(kegiatan) FROM {totals.KELURAHAN_TABLE} WHERE kode_pemilihan = $e",
                       {"e": ELECTION}).fetchone()[0] > 1000
    before = areas.area_metrics(con, BASE, Scope.everything(), "kecamatan")["kegiatan"].sum()
    result = import_bytes(con, csv_bytes([TEMPLATE, *GOOD_ROWS]), kind="activities", file_name="baru.csv", user="uji")
    assert result.rows_kept == len(GOOD_ROWS)
    assert totals.usable(con, BASE, Scope.everything(), "kecamatan")
    after = areas.area_metrics(con, BASE, Scope.everything(), "kecamatan")["kegiatan"].sum()
    assert after > before  # the import's rows fall inside the Pilkada window
    _assert_equal_to_rollup(con, "after import")
    undo_import(con, result.import_id, user="uji")
    assert areas.area_metrics(con, BASE, Scope.everything(), "kecamatan")["kegiatan"].sum() == before
    _assert_equal_to_rollup(con, "after undo")


def test_an_import_leaves_the_rebuild_to_refresh_or_the_first_view(sample_rw):
    con = sample_rw
    assert totals.refresh(con)
    built = rollup.recorded_version(con, totals.KELURAHAN_TABLE)
    import_bytes(con, csv_bytes([TEMPLATE, *GOOD_ROWS]), kind="activities", file_name="baru.csv", user="uji")
    # The import commits with the rollup only (it stays fast); the totals still carry the old version ...
    assert rollup.recorded_version(con, totals.KELURAHAN_TABLE) == built
    # ... until the import page refreshes them (or the first view does).
    assert totals.refresh(con)
    assert rollup.recorded_version(con, totals.KELURAHAN_TABLE) != built
    _assert_equal_to_rollup(con, "refreshed")


def test_the_headline_figures_of_the_default_view_skip_the_log_but_its_last_week(sample_rw):
    # A week-old view: the last seven days are read from the log, the rest from the tables.
    con = sample_rw
    kpis = overview.overview_kpis(con, BASE, Scope.everything(), today=dt.date(2024, 12, 1))
    assert kpis.week_ago.kegiatan < kpis.now.kegiatan
    assert kpis.week_ago.terakhir <= kpis.now.terakhir - dt.timedelta(days=7)
    assert kpis.week_ago.rw_dikunjungi <= kpis.now.rw_dikunjungi


def test_a_database_made_before_the_totals_gets_them_on_first_use(sample_rw):
    con = sample_rw
    rollup.source(con)  # the rollup is current
    con.execute(f"DROP TABLE IF EXISTS {totals.KELURAHAN_TABLE}")
    con.execute(f"DROP TABLE IF EXISTS {totals.KECAMATAN_TABLE}")
    # An older layout of a table (fewer columns) is replaced, not filled.
    con.execute(f"DROP TABLE IF EXISTS {totals.RW_TABLE}")
    con.execute(f"CREATE TABLE {totals.RW_TABLE} (kode_pemilihan VARCHAR, kode_kelurahan VARCHAR, rw SMALLINT)")
    con.execute("DELETE FROM rollup_versi WHERE tabel = $t", {"t": totals.KELURAHAN_TABLE})
    assert totals.usable(con, BASE, Scope.everything(), "kelurahan")
    assert con.execute(f"SELECT count(*) FROM {totals.KELURAHAN_TABLE}").fetchone()[0] > 0
    _assert_equal_to_rollup(con, "rebuilt")


def test_a_school_visit_logged_in_another_kelurahan_sends_area_cuts_to_the_rollup(sample_rw):
    con = sample_rw
    # A visit to a school of Bogor Tengah, logged for a kelurahan of Bogor Utara: in a view of Bogor Tengah alone
    # the school is not visited (the activity is outside the view); in the whole city it is.
    school = con.execute("SELECT id_sekolah FROM schools WHERE kode_kelurahan LIKE '32.71.03.%' "
                         "ORDER BY 1 LIMIT 1").fetchone()[0]
    other = con.execute("SELECT kode_kelurahan FROM kelurahan WHERE kode_kecamatan = '32.71.05' "
                        "ORDER BY 1 LIMIT 1").fetchone()[0]
    con.execute("DELETE FROM activities WHERE id_sekolah = $s", {"s": school})
    con.execute("""INSERT INTO activities (tanggal, jenis_kegiatan, kode_kabkota, kode_kecamatan, kode_kelurahan,
                   lokasi, penyelenggara, jumlah_peserta, peserta_pemula, peserta_disabilitas, peserta_perempuan,
                   id_sekolah, import_id)
                   SELECT DATE '2024-10-15', 'sosialisasi_sekolah', '32.71', '32.71.05', $k, 'Aula', 'PPK',
                          40, 30, 0, 20, $s, min(import_id) FROM imports""", {"k": other, "s": school})
    rollup.rebuild(con)
    assert not totals.usable(con, BASE, Scope((KEC,)), "kelurahan")
    assert totals.usable(con, BASE, Scope.everything(), "kelurahan")
    _assert_equal_to_rollup(con, "crossing visit")
    whole = areas.area_metrics(con, BASE, Scope.everything(), "kecamatan").set_index("kode")
    ppk = areas.area_metrics(con, BASE, Scope((KEC,)), "kecamatan").set_index("kode")
    assert whole.loc[KEC, "sekolah_dikunjungi"] == ppk.loc[KEC, "sekolah_dikunjungi"] + 1


def test_a_failed_build_is_not_tried_again_for_the_same_data(sample_rw, monkeypatch):
    con = sample_rw
    rollup.source(con)
    con.execute("DELETE FROM rollup_versi WHERE tabel = $t", {"t": totals.KELURAHAN_TABLE})
    attempts = []

    def broken(c) -> None:
        attempts.append(1)
        raise duckdb.Error("rusak")

    monkeypatch.setattr(totals, "apply", broken)
    assert not totals.usable(con, BASE, Scope.everything(), "kelurahan")
    assert not totals.usable(con, BASE, Scope.everything(), "semua")
    assert len(attempts) == 1  # every query would otherwise pay for another failing rebuild
    _assert_equal_to_rollup(con, "failed build")
