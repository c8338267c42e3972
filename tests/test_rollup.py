"""The daily rollup and the per-area facts give exactly the raw tables' answers: every page query, many filter and
scope combinations, on the Kota Bogor sample and on a small national-shape database, and after an import and its
undo."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from analytics import facts, rollup
from analytics.bench import cases, national
from analytics.filters import Filters, Scope
from analytics.importing.engine import import_bytes, undo_import
from analytics.store import open_database
from tests.import_support import GOOD_ROWS, TEMPLATE, csv_bytes


def _same(got, want, where: str) -> None:
    """Equal down to dtypes and row order (frames), fields (dataclasses) and items (lists, tuples)."""
    if isinstance(want, pd.DataFrame):
        pd.testing.assert_frame_equal(got, want, check_exact=True, obj=where)
    elif isinstance(want, (list, tuple)):
        assert len(got) == len(want), where
        for g, w in zip(got, want):
            _same(g, w, where)
    elif dataclasses.is_dataclass(want):
        assert dataclasses.asdict(got) == dataclasses.asdict(want), where
    else:
        assert got == want, where


def _views(con) -> list[cases.Variant]:
    """The benchmark's six views plus cuts the rollup must get right: a week cut in two, one RW, one activity type,
    one organiser (in a kab/kota and in a province), a kelurahan-and-kecamatan scope, a PPK (one kecamatan), the other election, an empty period."""
    base = cases.variants(con)
    views = {v.name: v for v in base}
    kab = views["kabkota"].scope.wilayah[0]
    kec = views["kecamatan"].filters.kecamatan[0]
    kel = [r[0] for r in con.execute(
        "SELECT kode_kelurahan FROM kelurahan WHERE kode_kecamatan = $k ORDER BY 1 LIMIT 2", {"k": kec}).fetchall()]
    f = Filters(pemilihan=cases.ELECTION)
    extra = [
        ("rw", replace(f, kelurahan=(kel[0],), rw=(1,)), Scope((kab,))),
        ("minggu_terpotong", replace(f, mulai=dt.date(2024, 9, 4), sampai=dt.date(2024, 10, 9)), Scope.everything()),
        ("jenis_org", replace(f, jenis=("door_to_door",), penyelenggara=("PPS",)), Scope((kab,))),
        # Several kab/kota: the activity map's kelurahan points, from the per-type totals when no period is chosen.
        ("provinsi_org", replace(f, penyelenggara=("PPS",)), views["provinsi"].scope),
        ("ppk", replace(f, mulai=dt.date(2024, 8, 14)), Scope((kec,))),
        ("kel_scope", f, Scope((kel[1], kec))),
        ("pemilu", replace(f, pemilihan=cases.EARLIER, jenis=("sosialisasi_sekolah", "door_to_door")),
         Scope.everything()),
        ("kosong", replace(f, mulai=dt.date(2020, 1, 1), sampai=dt.date(2020, 1, 2)), Scope((kab,))),
    ]
    return base + [cases.Variant(name, filters, scope, name) for name, filters, scope in extra]


def _calls(con):
    """(name, function, args, kwargs) for every query function the pages call, under every view."""
    for function, (fn, call) in cases.CALLS.items():
        if call is None:
            yield function, fn, (), {}
            continue
        for view in _views(con):
            args, kwargs = call(view)
            yield f"{function}[{view.name}]", fn, args, kwargs


def _assert_rollup_matches_raw(con) -> None:
    """Each answer three ways: rollup and facts (as the dashboard runs), facts off, and both off (raw tables)."""
    assert rollup.source(con) == rollup.TABLE, "the rollup should be in use on a writable connection"
    assert facts.available(con, cases.ELECTION), "the facts tables should be in use on a writable connection"
    for name, fn, args, kwargs in _calls(con):
        got = fn(con, *args, **kwargs)
        with facts.raw_only():
            without_facts = fn(con, *args, **kwargs)
            with rollup.raw_only():
                want = fn(con, *args, **kwargs)
        _same(got, want, name)
        _same(without_facts, want, f"{name} (facts off)")


@pytest.fixture(scope="module")
def national_db(tmp_path_factory) -> Path:
    return national.ensure(20_000, seed=11, scale="small", directory=tmp_path_factory.mktemp("bench"),
                           log=lambda _: None)


def test_rollup_answers_equal_raw_on_the_sample(sample_rw):
    _assert_rollup_matches_raw(sample_rw)


def test_rollup_answers_equal_raw_on_a_national_shape_database(national_db, tmp_path):
    path = tmp_path / "nasional.duckdb"
    shutil.copy(national_db, path)
    con = open_database(path)
    try:
        _assert_rollup_matches_raw(con)
        # Fewer rows than the log (one per day, place, type, organiser and school), the same activities.
        rolled, total = con.execute(f"SELECT count(*), sum(kegiatan) FROM {rollup.TABLE}").fetchone()
        assert total == 20_000 and rolled < total
    finally:
        con.close()


def test_points_of_several_kab_kota_are_per_kelurahan_and_of_one_kab_kota_per_cell(national_db):
    from analytics.queries import drilldown

    con = open_database(national_db, read_only=True)
    try:
        f = Filters(pemilihan="pilkada2024")
        country = drilldown.activity_points(con, f, Scope.everything(), cap=1_000_000)
        assert set(country["tingkat"]) == {"kelurahan"}
        # Every activity of the window logged in a kelurahan, once, at that kelurahan's centre.
        logged = con.execute(
            "SELECT count(*) FROM activities a, pemilihan p WHERE p.kode_pemilihan = 'pilkada2024' "
            "AND a.tanggal BETWEEN p.sosialisasi_mulai AND p.sosialisasi_selesai AND a.kode_kelurahan IS NOT NULL"
        ).fetchone()[0]
        assert country["kegiatan"].sum() == logged
        centres = set(con.execute("SELECT lat, lon FROM kelurahan").fetchall())
        assert set(zip(country["lat"], country["lon"])) <= centres
        assert not country.duplicated(["lat", "lon", "jenis_kegiatan"]).any()
        kab = con.execute("SELECT min(kode_kabkota) FROM kabupaten_kota").fetchone()[0]
        one = drilldown.activity_points(con, f, Scope((kab,)))
        assert set(one["tingkat"]) == {"sel"} and (one["lat"].round(3) == one["lat"]).all()
        assert drilldown.points_level(con, f, Scope((kab,))) == "sel"
        # Several kab/kota (two of the scope, or a kecamatan filter across two) map per kelurahan; none at all, or
        # the kelurahan of one kab/kota, per cell.
        two = tuple(r[0] for r in con.execute("SELECT kode_kabkota FROM kabupaten_kota ORDER BY 1 LIMIT 2").fetchall())
        kecs = tuple(r[0] for r in con.execute("SELECT min(kode_kecamatan) FROM kecamatan WHERE kode_kabkota IN "
                                               "(SELECT unnest($k)) GROUP BY kode_kabkota", {"k": list(two)}).fetchall())
        assert drilldown.points_level(con, f, Scope(two)) == "kelurahan"
        assert drilldown.points_level(con, replace(f, kecamatan=kecs), Scope.everything()) == "kelurahan"
        assert drilldown.points_level(con, replace(f, kecamatan=("99.99.99",)), Scope(two)) == "sel"
        assert drilldown.points_level(con, replace(f, kecamatan=kecs[:1]), Scope(two)) == "sel"
    finally:
        con.close()


def test_points_of_the_whole_country_read_the_totals_per_kelurahan_and_type(national_db, tmp_path, monkeypatch):
    # The whole window of the whole country, with or without a type: one row per kelurahan and type already
    # (kegiatan_kelurahan_jenis). An organiser, an area or a scope keep to the totals per place and organiser. Every
    # answer equals the raw log's.
    from analytics import totals
    from analytics.queries import drilldown

    path = tmp_path / "nasional.duckdb"
    shutil.copy(national_db, path)
    con = open_database(path)
    try:
        f = Filters(pemilihan="pilkada2024")
        kab = con.execute("SELECT min(kode_kabkota) FROM kabupaten_kota").fetchone()[0]
        kecs = tuple(r[0] for r in con.execute(
            "SELECT min(kode_kecamatan) FROM kecamatan GROUP BY kode_kabkota ORDER BY 1 LIMIT 2").fetchall())
        views = {
            "negeri": (f, Scope.everything(), True),
            "jenis": (replace(f, jenis=("ketuk_pintu", "sosialisasi_rw")), Scope.everything(), True),
            "pemilu": (replace(f, pemilihan="pemilu2024"), Scope.everything(), True),
            "penyelenggara": (replace(f, penyelenggara=("PPS",)), Scope.everything(), False),
            "kecamatan": (replace(f, kecamatan=kecs), Scope.everything(), False),
            "cakupan": (f, Scope((kab, kecs[1])), False),
        }
        for name, (filters, scope, whole_country) in views.items():
            assert totals.by_kelurahan_type_usable(con, filters, scope) is whole_country, name
            assert drilldown.points_level(con, filters, scope) == "kelurahan", name
            with monkeypatch.context() as m:
                if whole_country:  # the per-place totals refused: the per-kelurahan ones answer
                    m.setattr(drilldown, "_KELURAHAN_POINTS_TOTALS_SQL", "SELECT 1/0")
                got = drilldown.activity_points(con, filters, scope, cap=1_000_000)
                capped = drilldown.activity_points(con, filters, scope, cap=50)
            with rollup.raw_only():
                _same(got, drilldown.activity_points(con, filters, scope, cap=1_000_000), name)
                _same(capped, drilldown.activity_points(con, filters, scope, cap=50), f"{name}: 50")
            assert len(got) > 0 or name == "pemilu", name
    finally:
        con.close()


def test_kelurahan_points_of_a_period_equal_the_raw_log_grouped_in_pandas(national_db, tmp_path):
    # Written independently of the SQL (which the rollup and the raw log share): the whole country, a period that
    # starts before the election's window and crosses a month's end, and people reached counted only for types that
    # have participants (the synthetic log gives social-media posts none, and has no activity between the two
    # elections' windows: both are added here).
    from analytics.queries import drilldown

    path = tmp_path / "nasional.duckdb"
    shutil.copy(national_db, path)
    con = open_database(path)
    try:
        con.execute("UPDATE activities SET jumlah_peserta = 7 WHERE jenis_kegiatan = 'media_sosial'")
        con.execute("UPDATE activities SET tanggal = DATE '2024-06-25' WHERE tanggal = DATE '2024-07-02'")
        f = Filters(pemilihan="pilkada2024", mulai=dt.date(2024, 6, 20), sampai=dt.date(2024, 7, 10))
        assert rollup.source(con) == rollup.TABLE
        got = drilldown.activity_points(con, f, Scope.everything(), cap=1_000_000)
        with rollup.raw_only():
            raw = drilldown.activity_points(con, f, Scope.everything(), cap=1_000_000)
        assert set(got["tingkat"]) == {"kelurahan"}
        log = con.execute("SELECT * FROM activities").df()
        kinds = con.execute("SELECT kode AS jenis_kegiatan, ada_peserta FROM jenis_kegiatan").df()
        places = con.execute("SELECT kode_kelurahan, lat, lon, nama AS lokasi FROM kelurahan").df()
        start, end = con.execute("SELECT sosialisasi_mulai, sosialisasi_selesai FROM pemilihan "
                                 "WHERE kode_pemilihan = 'pilkada2024'").fetchone()
        day = pd.to_datetime(log["tanggal"]).dt.date
        rows = log[(day >= max(start, f.mulai)) & (day <= min(end, f.sampai)) & log["kode_kelurahan"].notna()]
        rows = rows.merge(kinds, on="jenis_kegiatan")
        rows = rows.assign(orang=rows["jumlah_peserta"].where(rows["ada_peserta"], 0).fillna(0))
        assert (~rows["ada_peserta"] & (rows["jumlah_peserta"] > 0)).any()
        assert ((day >= f.mulai) & (day < start) & log["kode_kelurahan"].notna()).any()
        want = (rows.groupby(["kode_kelurahan", "jenis_kegiatan"])
                .agg(kegiatan=("orang", "size"), dijangkau=("orang", "sum")).reset_index()
                .merge(places.dropna(subset=["lat", "lon"]), on="kode_kelurahan"))
        assert len(want) > 100
        key = ["lat", "lon", "jenis_kegiatan"]
        columns = key + ["kegiatan", "dijangkau", "lokasi"]
        want = want[columns].sort_values(key).reset_index(drop=True).astype({"kegiatan": "int64", "dijangkau": "int64"})
        for answer in (got, raw):
            pd.testing.assert_frame_equal(answer[columns].sort_values(key).reset_index(drop=True), want,
                                          check_dtype=False)
    finally:
        con.close()


def _kpis(con):
    f = Filters(pemilihan="pilkada2024")
    from analytics.queries import areas, overview

    return overview.overview_kpis(con, f, Scope.everything(), today=dt.date(2024, 12, 1)), \
        areas.area_metrics(con, f, Scope.everything(), "kelurahan")


def test_rollup_follows_an_import_and_its_undo(sample_rw):
    con = sample_rw
    before = _kpis(con)  # builds the rollup
    assert rollup.source(con) == rollup.TABLE
    result = import_bytes(con, csv_bytes([TEMPLATE, *GOOD_ROWS]), kind="activities", file_name="baru.csv", user="uji")
    assert result.rows_kept == len(GOOD_ROWS)
    after = _kpis(con)
    with rollup.raw_only():
        _same(after, _kpis(con), "after import")
    assert after[0].now.kegiatan == before[0].now.kegiatan + len(GOOD_ROWS)
    assert con.execute(f"SELECT count(*) FROM {rollup.TABLE} WHERE import_id = $i",
                       {"i": result.import_id}).fetchone()[0] > 0

    undo_import(con, result.import_id, user="uji")
    undone = _kpis(con)
    with rollup.raw_only():
        _same(undone, _kpis(con), "after undo")
    _same(undone, before, "undo restores the figures")
    assert con.execute(f"SELECT count(*) FROM {rollup.TABLE} WHERE import_id = $i",
                       {"i": result.import_id}).fetchone()[0] == 0


def test_rows_written_outside_an_import_trigger_a_rebuild(sample_rw):
    con = sample_rw
    _kpis(con)
    con.execute("DELETE FROM activities WHERE id_kegiatan IN (SELECT id_kegiatan FROM activities ORDER BY 1 LIMIT 5)")
    got = _kpis(con)
    with rollup.raw_only():
        _same(got, _kpis(con), "after a direct delete")


def test_a_read_only_connection_reads_the_raw_log(sample_con):
    # The session's sample is opened read-only: the rollup cannot be built there, and the answer is still right.
    assert rollup.source(sample_con) == rollup.RAW


def test_a_rebuild_sorts_and_matches(sample_rw):
    rollup.rebuild(sample_rw)
    assert rollup.source(sample_rw) == rollup.TABLE
    _same(_kpis(sample_rw), _raw_kpis(sample_rw), "after rebuild")


def _raw_kpis(con):
    with rollup.raw_only():
        return _kpis(con)
