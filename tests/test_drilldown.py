"""Wilayah page queries and figures, checked against plain SQL on the same sample."""

from __future__ import annotations

import pandas as pd

from analytics.figures import drilldown as figures
from analytics.filters import Filters, Scope
from analytics.queries import drilldown, options
from analytics.queries.areas import area_metrics

ALL = Scope.everything()
CAMPAIGN = Filters("pilkada2024")


def test_rw_coverage_lists_every_rw_and_counts_activities(sample_con):
    rw = drilldown.rw_coverage(sample_con, CAMPAIGN, ALL)
    assert len(rw) == sample_con.execute("SELECT count(*) FROM v_rw").fetchone()[0]
    expected = sample_con.execute(
        "SELECT count(*) FROM activities WHERE rw IS NOT NULL AND tanggal BETWEEN '2024-07-01' AND '2024-11-27'"
    ).fetchone()[0]
    assert rw["kegiatan"].sum() == expected
    never = rw[rw["kegiatan"] == 0]
    assert 0 < len(never) < len(rw)
    assert never["kegiatan_terakhir"].isna().all()


def test_rw_filter_and_single_kelurahan(sample_con):
    one = Filters("pilkada2024", kecamatan=("32.71.03",), kelurahan=("32.71.03.1006",), rw=(1, 2))
    rw = drilldown.rw_coverage(sample_con, one, ALL)
    assert rw["rw"].tolist() == [1, 2]
    assert set(rw["kode_kelurahan"]) == {"32.71.03.1006"}
    log, total = drilldown.activity_log(sample_con, one, ALL)
    assert total == len(log)
    assert set(log["rw"].dropna()) <= {1, 2}


def test_activity_log_is_newest_first_and_counts_everything(sample_con):
    log, total = drilldown.activity_log(sample_con, CAMPAIGN, ALL, limit=50)
    assert len(log) == 50
    assert total == sample_con.execute("SELECT count(*) FROM activities").fetchone()[0]
    assert log["tanggal"].is_monotonic_decreasing


def test_activity_log_reads_only_the_newest_days_and_still_gives_the_newest_rows(sample_con):
    # The limits cut inside a day, at a day's edge, and beyond everything; the whole list is the reference.
    everything, total = drilldown.activity_log(sample_con, CAMPAIGN, ALL, limit=None)
    per_day = everything.groupby("tanggal").size().sort_index(ascending=False).cumsum()
    edge = int(per_day.iloc[2])  # exactly the three newest days
    for limit in (1, 7, edge, edge + 1, 1_000, total, total + 5):
        log, counted = drilldown.activity_log(sample_con, CAMPAIGN, ALL, limit=limit)
        assert counted == total
        pd.testing.assert_frame_equal(log, everything.head(limit).reset_index(drop=True), check_dtype=False)


def test_activity_points_are_binned_and_capped(sample_con):
    pts = drilldown.activity_points(sample_con, CAMPAIGN, ALL, cap=100)
    assert len(pts) == 100
    raw = sample_con.execute("SELECT count(*) FROM activities WHERE lat IS NOT NULL").fetchone()[0]
    everything = drilldown.activity_points(sample_con, CAMPAIGN, ALL)
    assert everything["kegiatan"].sum() == raw
    assert (everything["lat"].round(3) == everything["lat"]).all()


def test_breakdown_adds_up_to_the_activity_count(sample_con):
    parts = drilldown.breakdown(sample_con, CAMPAIGN, ALL)
    assert parts["kegiatan"].sum() == sample_con.execute("SELECT count(*) FROM activities").fetchone()[0]
    assert set(parts["penyelenggara"]) == {"KPU", "PPK", "PPS"}


def test_every_query_respects_the_scope(sample_con):
    scope = Scope(("32.71.05",))
    assert set(drilldown.rw_coverage(sample_con, CAMPAIGN, scope)["kode_kecamatan"]) == {"32.71.05"}
    log, _ = drilldown.activity_log(sample_con, CAMPAIGN, scope)
    assert set(log["kecamatan"]) == {"Bogor Utara"}
    breakdown = drilldown.breakdown(sample_con, CAMPAIGN, scope)
    direct = sample_con.execute("SELECT count(*) FROM activities WHERE kode_kecamatan = '32.71.05'").fetchone()[0]
    assert breakdown["kegiatan"].sum() == direct
    # Asking for another kecamatan through the filters cannot widen the scope.
    other = Filters("pilkada2024", kecamatan=("32.71.01",))
    assert drilldown.activity_log(sample_con, other, scope)[1] == 0
    assert drilldown.activity_points(sample_con, other, scope).empty
    assert area_metrics(sample_con, other, scope, "kelurahan").empty


def test_area_metrics_kelurahan_sum_to_kecamatan(sample_con):
    kel = area_metrics(sample_con, CAMPAIGN, ALL, "kelurahan")
    kec = area_metrics(sample_con, CAMPAIGN, ALL, "kecamatan")
    assert len(kel) == 68 and len(kec) == 6
    assert kel["dpt"].sum() == kec["dpt"].sum() == 815_249
    assert kel["rw_total"].sum() == 802
    assert kel.groupby("kode_kecamatan")["rw_dikunjungi"].sum().tolist() == kec["rw_dikunjungi"].tolist()
    # Kecamatan-wide activities (PPK posts) count at kecamatan level but belong to no kelurahan.
    assert kec["kegiatan"].sum() >= kel["kegiatan"].sum()
    assert (kec["target_semua"] == 90).all()


def test_rw_grid_marks_never_visited_cells(sample_con):
    rw = drilldown.rw_coverage(sample_con, Filters("pilkada2024", kecamatan=("32.71.05",)), ALL)
    fig = figures.rw_grid(rw, "id")
    heat = fig.data[0]
    assert list(heat.y) == rw["kelurahan"].drop_duplicates().tolist()
    never = int((rw["kegiatan"] == 0).sum())
    assert sum(list(row).count("×") for row in heat.text) == never
    assert heat.colorscale[0][1] == figures.NEVER
    assert any("belum pernah" in h for row in heat.customdata for h in row if h)


def test_breakdown_bars_by_organiser(sample_con):
    parts = drilldown.breakdown(sample_con, CAMPAIGN, ALL)
    types = options.activity_types(sample_con)
    fig = figures.breakdown_bars(parts, types, "id")
    assert [t.name for t in fig.data] == ["KPU", "PPK", "PPS"]
    assert "Ketuk Pintu Pemilih" in list(fig.data[2].y)
    assert sum(sum(t.x) for t in fig.data) == parts["kegiatan"].sum()
    english = figures.breakdown_bars(parts, types, "en")
    assert "Door to door" in list(english.data[2].y)


def test_tables_format_the_indonesian_way():
    from analytics import tables

    frame = pd.DataFrame({"n": [1234567], "p": [63.94], "d": [pd.Timestamp("2024-11-27")], "s": ["x"]})
    shown = tables.display(frame, {"n": ("col.dpt", "int"), "p": ("col.rw_cakupan", "percent"),
                                   "d": ("col.tanggal", "date"), "s": ("col.lokasi", "text")}, "id")
    assert shown.iloc[0].tolist() == ["1.234.567", "63,9 %", "27 Nov 2024", "x"]
    assert list(shown.columns) == ["DPT", "Cakupan RW", "Tanggal", "Lokasi"]


def test_tables_write_missing_and_repeated_values_of_every_column_type():
    from analytics import tables

    frame = pd.DataFrame({
        "n": pd.array([1234567, None, 1234567], dtype="Int64"), "f": [2.0, float("nan"), 1e6],
        "p": pd.array([63.94, None, 63.94], dtype="Float64"),
        "d": pd.to_datetime(["2024-11-27", None, "2024-11-27"]),
        "w": pd.to_datetime(["2024-11-27 08:05", "2024-11-28 17:30", None]),
        "s": pd.array(["x", None, "x"], dtype="string[pyarrow]"),
    })
    columns = {"n": ("col.dpt", "int"), "f": ("col.dijangkau", "decimal"), "p": ("col.rw_cakupan", "percent"),
               "d": ("col.tanggal", "date"), "w": ("col.terakhir", "datetime"), "s": ("col.lokasi", "text")}
    shown = tables.display(frame, columns, "id")
    assert [list(row) for row in shown.itertuples(index=False)] == [
        ["1.234.567", "2,0", "63,9 %", "27 Nov 2024", "27 Nov 2024 08:05", "x"],
        ["–", "–", "–", "–", "28 Nov 2024 17:30", ""],
        ["1.234.567", "1.000.000,0", "63,9 %", "27 Nov 2024", "–", "x"],
    ]
    assert tables.display(frame, {"n": ("col.dpt", "int")}, "en").iloc[0, 0] == "1,234,567"


def test_unvisited_rw_are_the_rw_without_activity_with_their_total(sample_con):
    rw = drilldown.rw_coverage(sample_con, CAMPAIGN, ALL)
    never = rw.loc[rw["kegiatan"] == 0, ["kode_kecamatan", "kecamatan", "kode_kelurahan", "kelurahan", "rw"]]
    everything, total = drilldown.unvisited_rw(sample_con, CAMPAIGN, ALL, limit=None)
    assert total == len(never) > 10
    pd.testing.assert_frame_equal(everything, never.reset_index(drop=True))
    first, first_total = drilldown.unvisited_rw(sample_con, CAMPAIGN, ALL, limit=10)
    assert first_total == total
    pd.testing.assert_frame_equal(first, everything.head(10))


def test_the_unvisited_rw_total_counts_only_rw_that_exist_and_pass_the_rw_filter(sample_rw):
    con = sample_rw
    kel, rws = con.execute("SELECT kode_kelurahan, jumlah_rw FROM kelurahan WHERE jumlah_rw >= 3 "
                           "ORDER BY 1 LIMIT 1").fetchone()
    # A visit to an RW that does not exist (beyond jumlah_rw, as a direct write can store) visits nothing.
    con.execute("INSERT INTO activities (tanggal, jenis_kegiatan, kode_kabkota, kode_kecamatan, kode_kelurahan, rw, "
                "penyelenggara, jumlah_peserta, peserta_pemula, peserta_disabilitas, peserta_perempuan, import_id) "
                "SELECT DATE '2024-10-02', 'sosialisasi_rw', left($k, 5), left($k, 8), $k, r, 'PPS', 10, 0, 0, 0, "
                "min(import_id) FROM imports, (VALUES ($n + 5)) v(r) GROUP BY r", {"k": kel, "n": rws})
    from analytics import rollup

    rollup.rebuild(con)
    for filters in (CAMPAIGN, Filters("pilkada2024", rw=(1, 1, 2, rws + 5)),
                    Filters("pilkada2024", kelurahan=(kel,), rw=(rws, rws + 5)),
                    Filters("pilkada2024", kelurahan=(kel,))):
        rw = drilldown.rw_coverage(con, filters, ALL)
        never = rw.loc[rw["kegiatan"] == 0, ["kode_kecamatan", "kecamatan", "kode_kelurahan", "kelurahan", "rw"]]
        everything, total = drilldown.unvisited_rw(con, filters, ALL, limit=None)
        assert total == len(never), filters
        # An empty answer has no values to give its text columns a dtype.
        pd.testing.assert_frame_equal(everything, never.reset_index(drop=True), check_dtype=total > 0)
        first, first_total = drilldown.unvisited_rw(con, filters, ALL, limit=3)
        assert first_total == total and len(first) == min(3, total)
