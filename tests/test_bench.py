"""The benchmark: deterministic national-shape generator, every page query covered, pandas twins agree, JSON shape."""

from __future__ import annotations

import argparse
import json
import re
import shutil
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow.compute as pc
import pytest
import shapely

from analytics import db
from analytics.bench import activities as act
from analytics.bench import cases, national, population, report
from analytics.bench.cli import row_count
from analytics.bench.geography import make_geography
from analytics.bench.phases import pandas_phase
from analytics.bench.runner import run
from analytics.config import ENV_DB

ROWS = 20_000


@pytest.fixture(scope="module")
def bench_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small benchmark database (tiny geography), built once for this module."""
    return national.ensure(ROWS, seed=7, scale="small", directory=tmp_path_factory.mktemp("bench"), log=lambda _: None)


def _tables(path: Path) -> dict:
    con = db.connect(path, read_only=True)
    try:
        names = ("kabupaten_kota", "kecamatan", "kelurahan", "voters", "turnout", "schools", "targets", "activities")
        return {n: con.table(n).order("ALL").df().drop(columns=["sidik"], errors="ignore") for n in names}
    finally:
        con.close()


def test_the_generator_is_deterministic_by_seed(tmp_path, bench_db):
    again = national.generate(tmp_path / "again.duckdb", ROWS, seed=7, scale="small", log=lambda _: None)
    other = national.generate(tmp_path / "other.duckdb", ROWS, seed=8, scale="small", log=lambda _: None)
    first, second, third = _tables(bench_db), _tables(again), _tables(other)
    for name in first:
        assert first[name].equals(second[name]), name
    assert not first["activities"].equals(third["activities"])


def test_the_cached_database_is_reused_and_rebuilt_when_stale(bench_db):
    stamp = bench_db.stat().st_mtime_ns
    assert national.ensure(ROWS, seed=7, scale="small", directory=bench_db.parent, log=lambda _: None) == bench_db
    assert bench_db.stat().st_mtime_ns == stamp
    assert not national.is_current(bench_db, ROWS + 1, 7, "small")


def test_a_database_of_an_older_schema_is_migrated_not_generated_again(tmp_path, bench_db, monkeypatch):
    older = tmp_path / bench_db.name
    shutil.copy(bench_db, older)
    con = db.connect(older)
    try:
        con.execute("DELETE FROM schema_migrations WHERE versi = $v", {"v": db.latest_version()})
    finally:
        con.close()
    assert national.current_state(older, ROWS, 7, "small") == "older schema"

    def no_generating(*_args, **_kwargs):
        raise AssertionError("generated anew instead of migrated")

    monkeypatch.setattr(national, "generate", no_generating)
    assert national.ensure(ROWS, seed=7, scale="small", directory=tmp_path, log=lambda _: None) == older
    con = db.connect(older, read_only=True)
    try:
        assert db.schema_version(con) == db.latest_version()
        assert con.execute("SELECT count(*) FROM activities").fetchone()[0] == ROWS
    finally:
        con.close()


def test_a_database_of_older_polygons_gets_new_ones_not_generated_again(tmp_path, bench_db, monkeypatch):
    older = tmp_path / bench_db.name
    shutil.copy(bench_db, older)
    con = db.connect(older)
    try:
        want = con.execute("SELECT tingkat, kode, geojson FROM batas_wilayah ORDER BY 1, 2").fetchall()
        con.execute("UPDATE batas_wilayah SET geojson = '{\"type\":\"Point\",\"coordinates\":[106.8,-6.6]}'")
        con.execute("UPDATE dataset_info SET nilai = '1' WHERE kunci = 'bench_versi_batas'")
    finally:
        con.close()
    assert national.current_state(older, ROWS, 7, "small") == "older boundaries"

    def no_generating(*_args, **_kwargs):
        raise AssertionError("generated anew instead of given new polygons")

    monkeypatch.setattr(national, "generate", no_generating)
    assert national.ensure(ROWS, seed=7, scale="small", directory=tmp_path, log=lambda _: None) == older
    assert national.is_current(older, ROWS, 7, "small")
    con = db.connect(older, read_only=True)
    try:
        assert con.execute("SELECT tingkat, kode, geojson FROM batas_wilayah ORDER BY 1, 2").fetchall() == want
        assert con.execute("SELECT count(*) FROM activities").fetchone()[0] == ROWS
    finally:
        con.close()


def test_the_polygons_tile_each_kabkota_like_real_areas(bench_db):
    con = db.connect(bench_db, read_only=True)
    try:
        rows = con.execute("SELECT b.tingkat, b.kode, b.geojson FROM batas_wilayah b ORDER BY 1, 2").fetchall()
        areas = {lvl: {r[0] for r in con.execute(f"SELECT kode_{lvl} FROM {lvl}").fetchall()}
                 for lvl in ("kecamatan", "kelurahan")}
    finally:
        con.close()
    shapes = {(t, k): shapely.from_geojson(g) for t, k, g in rows}
    for level in ("kecamatan", "kelurahan"):
        assert {k for t, k in shapes if t == level} == areas[level], f"every {level} has one polygon"
    assert all(shapely.is_valid(g) and g.geom_type in ("Polygon", "MultiPolygon") for g in shapes.values())
    kelurahan = {k: g for (t, k), g in shapes.items() if t == "kelurahan"}
    for kab in sorted({k[:5] for k in kelurahan}):
        cells = [g for k, g in kelurahan.items() if k.startswith(kab)]
        # Cells of one kab/kota do not overlap (their areas add up to their union's) …
        assert sum(c.area for c in cells) == pytest.approx(shapely.union_all(cells).area, rel=1e-6), kab
    for (t, kec), shape in shapes.items():
        if t == "kecamatan":
            # … and a kecamatan is the union of its kelurahan: a map of kecamatan tiles as one of kelurahan does.
            union = shapely.union_all([g for k, g in kelurahan.items() if k.startswith(kec + ".")])
            assert shape.symmetric_difference(union).area <= 1e-4 * union.area, kec
    vertices = [shapely.get_num_coordinates(g) for (t, _), g in shapes.items() if t == "kecamatan"]
    assert np.median(vertices) > 10, "kecamatan carry real outlines, not squares"


def test_the_data_keeps_the_schema_and_its_rules(bench_db):
    # Every CHECK and foreign key held on insert (DuckDB enforces them); these are the cross-table rules.
    con = db.connect(bench_db, read_only=True)
    try:
        assert db.schema_version(con) == db.latest_version()
        assert con.execute("SELECT count(*) FROM activities").fetchone()[0] == ROWS
        outside = con.execute(
            "SELECT count(*) FROM activities a WHERE NOT EXISTS (SELECT 1 FROM pemilihan p "
            "WHERE a.tanggal BETWEEN p.sosialisasi_mulai AND p.sosialisasi_selesai)").fetchone()[0]
        assert outside == 0
        unknown = con.execute(
            "SELECT count(*) FROM activities a LEFT JOIN kelurahan k USING (kode_kelurahan) "
            "WHERE a.kode_kelurahan IS NOT NULL AND (k.kode_kelurahan IS NULL OR a.rw > k.jumlah_rw)").fetchone()[0]
        assert unknown == 0
        assert con.execute("SELECT count(*) FROM activities a LEFT JOIN schools s USING (id_sekolah) "
                           "WHERE a.id_sekolah IS NOT NULL AND s.kode_kelurahan <> a.kode_kelurahan").fetchone()[0] == 0
        types = {r[0] for r in con.execute("SELECT DISTINCT jenis_kegiatan FROM activities").fetchall()}
        assert types <= {r[0] for r in con.execute("SELECT kode FROM jenis_kegiatan").fetchall()}
        # Registered voters at the TPS add up to the kelurahan's DPT.
        assert con.execute(
            "SELECT count(*) FROM voters v JOIN (SELECT kode_pemilihan, kode_kelurahan, sum(terdaftar_total) AS t "
            "FROM turnout GROUP BY ALL) t USING (kode_pemilihan, kode_kelurahan) WHERE t.t <> v.total").fetchone()[0] == 0
        info = dict(con.execute("SELECT kunci, nilai FROM dataset_info").fetchall())
        assert info["sintetis"] == "ya" and info["bench_baris"] == str(ROWS)
    finally:
        con.close()


def _reached(con: duckdb.DuckDBPyConnection) -> dict[str, float]:
    """Participants logged in the main election's window over its DPT, per segment."""
    return dict(zip(("semua", "pemula", "disabilitas"), con.execute(
        "SELECT sum(a.jumlah_peserta) / any_value(v.total), sum(a.peserta_pemula) / any_value(v.pemula), "
        "sum(a.peserta_disabilitas) / any_value(v.disabilitas) "
        "FROM activities a, pemilihan p, (SELECT sum(total) AS total, sum(pemula) AS pemula, "
        "sum(disabilitas) AS disabilitas FROM voters WHERE kode_pemilihan = $e) v "
        "WHERE p.kode_pemilihan = $e AND a.tanggal BETWEEN p.sosialisasi_mulai AND p.sosialisasi_selesai",
        {"e": national.MAIN_ELECTION}).fetchone()))


def test_the_log_reaches_a_plausible_share_of_the_dpt(bench_db):
    # 20,000 rows of the types' usual sizes would log about twice this small geography's voters (and at 10M rows
    # nationally, 471 % of first-time voters): the generator thins them to about half, shared by both elections.
    con = db.connect(bench_db, read_only=True)
    try:
        reached = _reached(con)
    finally:
        con.close()
    share = national.ELECTION_SHARE[national.MAIN_ELECTION]
    for segment, target in act.REACH.items():
        assert 0.6 * share * target < reached[segment] < 1.4 * share * target, (segment, reached)


@pytest.mark.parametrize("rows", [1_000_000, 100_000_000])
def test_the_thinning_holds_at_national_row_counts(rows):
    # At 100M rows most rows keep their floor of one participant: the plan must allow for it, not overshoot.
    rng = np.random.default_rng(3)
    geo = make_geography(rng, "national")
    voters = population.make_voters(geo.kelurahan, [national.MAIN_ELECTION], rng)
    places = act.make_places(geo.kelurahan, voters, population.make_schools(geo.kelurahan, rng), rng)
    dpt = {"semua": voters["total"].sum(), "pemula": voters["pemula"].sum(), "disabilitas": voters["disabilitas"].sum()}
    reach = act.plan_reach(rows, *dpt.values())
    sample = 200_000
    batch = act.activity_batch(np.full(sample, np.datetime64("2024-10-01")), places, 1, rng, reach)
    logged = {"semua": "jumlah_peserta", "pemula": "peserta_pemula", "disabilitas": "peserta_disabilitas"}
    for segment, column in logged.items():
        reached = pc.sum(batch[column]).as_py() * rows / sample / dpt[segment]
        assert 0.8 * act.REACH[segment] < reached < 1.2 * act.REACH[segment], (segment, reached)


def test_national_scale_has_indonesia_s_shape():
    geo = make_geography(np.random.default_rng(1), "national")
    assert geo.kabupaten_kota["kode_provinsi"].nunique() == 38
    assert (len(geo.kabupaten_kota), len(geo.kecamatan), len(geo.kelurahan)) == (514, 7_277, 83_000)
    assert geo.kelurahan["kode_kelurahan"].is_unique
    assert geo.kelurahan["kode_kelurahan"].str.fullmatch(r"\d{2}\.\d{2}\.\d{2}\.[12]\d{3}").all()
    assert geo.kelurahan["lat"].between(-11.5, 6.5).all() and geo.kelurahan["lon"].between(94.5, 141.5).all()


def test_every_query_a_page_calls_is_benchmarked():
    called = cases.page_query_functions()
    assert {"overview.overview_kpis", "areas.area_metrics", "drilldown.rw_coverage"} <= called
    missing = called - cases.covered_functions()
    assert not missing, f"add these page queries to analytics/bench/cases.py CALLS: {sorted(missing)}"


def test_the_cases_call_the_real_query_functions(bench_db):
    con = db.connect(bench_db, read_only=True)
    try:
        built = cases.build_cases(con)
        assert {c.variant for c in built} >= {"nasional", "provinsi", "kabkota", "kecamatan", "tanggal", "jenis"}
        for case in built:
            assert case.fn.__module__.startswith("analytics.queries.")
        only = cases.build_cases(con, "weekly")
        assert only and all("weekly" in c.name for c in only)
    finally:
        con.close()


def test_pandas_twins_give_the_sql_answers(bench_db):
    result = pandas_phase(bench_db, None, 1, 0, 0.0, log=lambda _: None)
    assert len(result["queries"]) >= 60
    wrong = {q["name"]: q["pandas_difference"] for q in result["queries"] if not q["pandas_same"]}
    assert not wrong
    twinned = {q["name"].split("[")[0] for q in result["queries"]}
    assert {"overview.overview_kpis", "overview.weekly_activity", "areas.area_metrics", "drilldown.breakdown",
            "drilldown.activity_log", "drilldown.rw_coverage", "segments.segment_by_area",
            "participation.turnout_summary"} <= twinned


def test_the_json_has_the_required_shape(bench_db, tmp_path, monkeypatch):
    # The pages phase points the app at the benchmark database through the environment: restore it afterwards.
    monkeypatch.setenv(ENV_DB, str(bench_db))
    monkeypatch.setenv("STREAMLIT_LOGGER_LEVEL", "error")
    result = run(ROWS, seed=7, scale="small", directory=bench_db.parent, runs=2, warmup=0, only=r"options\.|weekly",
                 pandas_budget_s=0.0, import_rows=2_000, isolate=False, log=lambda _: None)
    out = tmp_path / "bench.json"
    report.write_json(result, out)
    doc = json.loads(out.read_text())
    assert doc["rows"] == ROWS
    assert doc["queries"] and all(
        isinstance(q["name"], str) and isinstance(q["p50_ms"], float) and isinstance(q["p95_ms"], float)
        and (q["pandas_p50_ms"] is None or isinstance(q["pandas_p50_ms"], float)) for q in doc["queries"])
    assert any(q["pandas_p50_ms"] is not None for q in doc["queries"])
    assert doc["import_rows_per_s"] is None or doc["import_rows_per_s"] > 0
    # What the Impor Data page prepares after the import was built (at 100M it once was not, unnoticed).
    assert doc["import_rows_per_s"] is None or doc["import"]["import_refreshed"] is True
    assert isinstance(doc["peak_rss_mb"], float)
    # The machine's speed at the start and end of the run, so that runs of different days can be compared.
    assert len(doc["speed_probe_ms"]) == 2 and all(isinstance(x, float) and x > 0 for x in doc["speed_probe_ms"])
    # The derived tables were built before the queries were timed, and the time is reported apart.
    assert doc["derive_ready"] is True and doc["derive_s"] >= 0 and isinstance(doc["derive_built"], bool)
    assert {p["name"] for p in doc["pages"]} == {f"pages/{p.name}" for p in (Path(__file__).parents[1] / "pages").glob("*.py")}
    assert all(isinstance(p["run_s"], float) and not p["errors"] for p in doc["pages"])
    text = report.markdown_section(doc)
    assert "Derived tables" in text
    assert f"speed probe {doc['speed_probe_ms'][0]:,.0f} / {doc['speed_probe_ms'][1]:,.0f} ms" in text
    assert "kecepatan mesin" in report.text_table(doc)
    assert "overview.weekly_activity" in text and re.search(r"\| pages/ringkasan\.py \| [\d.,]+", text)


def test_row_counts_accept_suffixes():
    assert [row_count(s) for s in ("20000", "20k", "1M", "10m", "100M", "1.5M")] == \
        [20_000, 20_000, 1_000_000, 10_000_000, 100_000_000, 1_500_000]
    with pytest.raises(argparse.ArgumentTypeError):
        row_count("banyak")


def test_a_query_timed_in_one_narrow_view_only_gets_a_row(tmp_path):
    doc = {"rows": 1000, "queries": [{"name": "drilldown.rw_coverage[kecamatan]", "function": "drilldown.rw_coverage",
                                      "variant": "kecamatan", "p50_ms": 1.0, "p95_ms": 2.0, "pandas_p50_ms": None,
                                      "speedup": None, "pandas_same": None}],
           "pages": [], "import_rows_per_s": None, "peak_rss_mb": 10.0}
    row = next(line for line in report.markdown_section(doc).splitlines() if "rw_coverage" in line)
    assert row.startswith("| `drilldown.rw_coverage` |  |  |  | 1.0 / 2.0 |")
    # It has a pandas twin that was not run here; a function without one says so instead.
    assert row.endswith("| not run |")
    doc["queries"][0].update(name="geo.boundaries[kecamatan]", function="geo.boundaries")
    row = next(line for line in report.markdown_section(doc).splitlines() if "geo.boundaries" in line)
    assert row.endswith("| no twin |")


def test_the_speed_probe_times_a_fixed_loop_and_a_run_without_it_says_nothing(monkeypatch):
    from analytics.bench import timing

    # No timed assertion (machines here are noisy): a clock that advances 0,30, 0,20 and 0,25 s over the three loops
    # gives their best, in ms.
    ticks = iter([0.0, 0.30, 1.0, 1.20, 2.0, 2.25])
    monkeypatch.setattr(timing.time, "perf_counter", lambda: next(ticks))
    monkeypatch.setattr(timing, "_PROBE_N", 1_000)
    assert timing.speed_probe_ms(repeats=3) == 200.0
    monkeypatch.undo()
    assert timing.speed_probe_ms(repeats=1) > 0
    doc = {"rows": 1000, "queries": [], "pages": [], "import_rows_per_s": None, "peak_rss_mb": 10.0}
    assert "speed probe" not in report.markdown_section(doc) and "kecepatan" not in report.text_table(doc)


def test_the_report_says_when_the_summaries_after_an_import_were_not_built():
    doc = {"rows": 1000, "queries": [], "pages": [], "import_rows_per_s": 1000.0, "peak_rss_mb": 10.0,
           "import": {"import_rows_per_s": 1000.0, "import_rows": 500, "import_s": 0.5, "import_refresh_s": 2.0,
                      "import_refreshed": True}}
    assert "not built" not in report.markdown_section(doc) and "TIDAK" not in report.text_table(doc)
    doc["import"]["import_refreshed"] = False
    assert "not built" in report.markdown_section(doc) and "TIDAK TERBANGUN" in report.text_table(doc)


def test_markdown_sections_are_replaced_in_place(tmp_path):
    doc = {"rows": 1000, "queries": [{"name": "a.b[nasional]", "function": "a.b", "variant": "nasional", "p50_ms": 1.0,
                                      "p95_ms": 2.0, "pandas_p50_ms": None, "speedup": None, "pandas_same": None}],
           "pages": [], "import_rows_per_s": None, "peak_rss_mb": 10.0}
    target = tmp_path / "BENCHMARKS.md"
    target.write_text("# B\n\nintro\n")
    report.update_markdown(target, doc)
    report.update_markdown(target, {**doc, "peak_rss_mb": 20.0})
    text = target.read_text()
    assert text.count("<!-- bench:1000:start -->") == 1 and "20 MB" in text and "intro" in text


def test_pandas_twins_round_halves_away_from_zero_as_duckdb_does():
    from analytics.bench import pandas_twins

    # 219 of 480 voters is exactly 45,625 %: pandas' round() gives 45,62, DuckDB's 45,63. The lowest-turnout list is
    # ordered by the rounded rate, so the twin must round as the SQL does or tied TPS swap places (seen at 10M).
    values = pd.Series([100.0 * 219 / 480, -100.0 * 219 / 480, 100 / 3, None], dtype="Float64")
    assert pandas_twins._round_as_sql(values).tolist()[:3] == [45.63, -45.63, 33.33]
    assert pd.isna(pandas_twins._round_as_sql(values).iloc[3])
    sql = duckdb.connect().execute("SELECT round(100.0 * 219 / 480, 2), round(-100.0 * 219 / 480, 2)").fetchone()
    assert sql == (45.63, -45.63)


def test_a_phase_reports_its_own_peak_memory_not_that_of_the_process_that_started_it():
    from analytics.bench.timing import in_fresh_process, peak_rss_mb

    ballast = np.ones(300 * 1024 * 1024 // 8)  # 300 MB held by this process while the phase starts
    assert peak_rss_mb() > 300
    assert in_fresh_process(peak_rss_mb) < 300  # a fresh interpreter with numpy needs far less
    del ballast
