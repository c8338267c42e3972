"""Build (once) and reuse the benchmark's synthetic national database: real schema, invented data, N activities."""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path

import duckdb
import numpy as np

from analytics import db, sqlnames
from analytics.bench import activities as act
from analytics.bench import geography, population
from analytics.config import DATA_DIR, ROOT
from analytics.reference import insert_frame, read_csv, store_approximate_boundaries

GENERATOR_VERSION = "2"
# The polygons' own version: a database of the same generator with older polygons gets new ones in place (a minute
# nationally) instead of being generated anew (half an hour at 100M rows). 1: tiny squares round each point, which do
# not tile the land (a national map was a scatter of 1-pixel dots); 2: the Voronoi cells an office without boundary
# files gets (analytics/reference.py), which tile it as real areas do.
BOUNDARY_VERSION = "2"
DEFAULT_DIR = ROOT / "bench"
# Share of activity rows per election: most outreach in the database belongs to the newest campaign.
ELECTION_SHARE = {"pemilu2024": 0.3, "pilkada2024": 0.7}
MAIN_ELECTION = "pilkada2024"


def db_name(rows: int, seed: int, scale: str) -> str:
    """File name of a cached benchmark database: rows, seed and scale make it unique."""
    return f"nasional-{rows}-s{seed}{'' if scale == 'national' else '-' + scale}.duckdb"


def ensure(rows: int, *, seed: int = 2024, scale: str = "national", directory: Path = DEFAULT_DIR,
           log=print) -> Path:
    """The cached database for these arguments: generated first if missing or made by another generator, brought up
    to the current schema by the migrations (as a user's file would be) if only the schema is older."""
    path = Path(directory) / db_name(rows, seed, scale)
    state = current_state(path, rows, seed, scale) if path.exists() else None
    if state == "current":
        return path
    started = time.perf_counter()
    if state is None:
        log(f"Membuat basis data benchmark {path} ({rows:,} baris kegiatan)…")
        generate(path, rows, seed=seed, scale=scale, log=log)
    else:
        con = db.connect(path)
        try:
            if state == "older schema":
                log(f"Memperbarui skema basis data benchmark {path}…")
                db.migrate(con)
            if _boundary_version(con) != BOUNDARY_VERSION:
                log(f"Membuat ulang batas wilayah basis data benchmark {path}…")
                _replace_boundaries(con)
        finally:
            con.close()
    log(f"Selesai dalam {time.perf_counter() - started:,.1f} detik.")
    return path


def is_current(path: Path, rows: int, seed: int, scale: str) -> bool:
    """Whether a cached file matches the current schema, generator version and arguments."""
    return current_state(path, rows, seed, scale) == "current"


def current_state(path: Path, rows: int, seed: int, scale: str) -> str | None:
    """"current", "older schema" (same generator and arguments, migrations to apply), "older boundaries" (polygons
    of an older BOUNDARY_VERSION to replace) or None (generate anew)."""
    try:
        con = db.connect(path, read_only=True)
    except duckdb.Error:
        return None
    try:
        version = db.schema_version(con)
        info = dict(con.execute("SELECT kunci, nilai FROM dataset_info WHERE kunci LIKE 'bench_%'").fetchall())
    except duckdb.Error:
        return None
    finally:
        con.close()
    wanted = {"bench_versi_generator": GENERATOR_VERSION, "bench_baris": str(rows), "bench_seed": str(seed),
              "bench_skala": scale}
    if not all(info.get(k) == v for k, v in wanted.items()) or version > db.latest_version():
        return None
    if version < db.latest_version():
        return "older schema"
    return "current" if info.get("bench_versi_batas") == BOUNDARY_VERSION else "older boundaries"


def generate(path: Path, rows: int, *, seed: int = 2024, scale: str = "national", log=print) -> Path:
    """Write a new benchmark database at `path` (built under a temporary name, then moved into place)."""
    path = Path(path)
    tmp = path.with_name(path.name + ".sedang-dibuat")
    for leftover in (tmp, Path(str(tmp) + ".wal")):
        leftover.unlink(missing_ok=True)
    con = db.connect(tmp)
    try:
        db.migrate(con)
        _fill(con, rows, seed, scale, log)
        con.execute("CHECKPOINT")
    finally:
        con.close()
    Path(str(path) + ".wal").unlink(missing_ok=True)
    os.replace(tmp, path)
    return path


def _fill(con: duckdb.DuckDBPyConnection, rows: int, seed: int, scale: str, log) -> None:
    rng = np.random.default_rng(seed)
    # Elections and activity types come from the shipped reference files, exactly as load_reference reads them.
    elections = read_csv(DATA_DIR / "pemilihan.csv")
    types = read_csv(DATA_DIR / "jenis_kegiatan.csv")
    types["sinonim"] = types["sinonim"].fillna("").map(lambda s: [x.strip() for x in s.split("|") if x.strip()])
    geo = geography.make_geography(rng, scale)
    kel = geo.kelurahan
    codes = list(elections["kode_pemilihan"])
    voters = population.make_voters(kel, codes, rng)
    turnout = population.make_turnout(voters, kel, rng)
    schools = population.make_schools(kel, rng)
    targets = population.make_targets(geo.kabupaten_kota, geo.kecamatan, rng)

    con.execute("BEGIN TRANSACTION")
    try:
        insert_frame(con, "pemilihan", elections)
        insert_frame(con, "jenis_kegiatan", types)
        insert_frame(con, "kabupaten_kota", geo.kabupaten_kota)
        insert_frame(con, "kecamatan", geo.kecamatan)
        insert_frame(con, "kelurahan", kel)
        import_id = con.execute(
            "INSERT INTO imports (jenis, nama_file, pengguna, catatan) VALUES ('sampel', $f, 'jangkau-bench', $c) "
            "RETURNING import_id",
            {"f": db_name(rows, seed, scale), "c": "Data sintetis berskala nasional untuk benchmark; bukan data KPU."},
        ).fetchone()[0]
        for name, frame in (("voters", voters), ("schools", schools), ("targets", targets), ("turnout", turnout)):
            insert_frame(con, name, frame.assign(import_id=import_id))
        _store_boundaries(con)
        _info(con, rows, seed, scale)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    log(f"  wilayah: {len(geo.kabupaten_kota)} kab/kota, {len(geo.kecamatan)} kecamatan, {len(kel)} kelurahan; "
        f"{len(turnout):,} TPS; {len(schools):,} sekolah")

    windows = [
        (dt.date.fromisoformat(r.sosialisasi_mulai), dt.date.fromisoformat(r.sosialisasi_selesai) - dt.timedelta(days=1),
         ELECTION_SHARE.get(r.kode_pemilihan, 0.1))
        for r in elections.itertuples()
    ]
    counts = act.daily_counts(rows, windows, rng)
    main = voters[voters["kode_pemilihan"] == MAIN_ELECTION]
    places = act.make_places(kel, main, schools, rng)
    reach = act.plan_reach(rows, int(main["total"].sum()), int(main["pemula"].sum()), int(main["disabilitas"].sum()))
    log(f"  peserta per baris x{reach.people:.3f}, pemula x{reach.first:.3f}, disabilitas x{reach.disabled:.3f}")
    written = 0
    started = time.perf_counter()
    # Each week's batch commits on its own: 100M rows never sit in memory, and a crash loses one batch, not all.
    insert = None
    for batch in act.batches(counts, places, import_id, seed, reach=reach):
        if insert is None:
            # Column names are the generator's own fixed list, checked against the table's.
            known = {r[0] for r in con.execute("SELECT column_name FROM information_schema.columns "
                                               "WHERE table_name = 'activities'").fetchall()}
            insert = f"INSERT INTO activities ({sqlnames.idents(batch.column_names, known)}) SELECT * FROM _batch"
        con.register("_batch", batch)
        try:
            con.execute(insert)
        finally:
            con.unregister("_batch")
        written += batch.num_rows
        if written // 5_000_000 != (written - batch.num_rows) // 5_000_000:
            log(f"  {written:,} baris kegiatan ({written / (time.perf_counter() - started):,.0f} baris/detik)")
    con.execute("UPDATE imports SET baris_diterima = $n WHERE import_id = $i", {"n": written, "i": import_id})


def _store_boundaries(con: duckdb.DuckDBPyConnection) -> None:
    """Polygons for every kelurahan and kecamatan: the Voronoi cells of the kelurahan points, per kab/kota, that a KPU
    office without boundary files gets (kecamatan: the union of their kelurahan's), so the maps tile the land and
    carry tens of vertices per kecamatan as real areas do, not a dot per area (about a minute nationally)."""
    con.execute("DELETE FROM batas_wilayah")
    store_approximate_boundaries(con)
    con.execute("INSERT OR REPLACE INTO dataset_info VALUES ('bench_versi_batas', $v)", {"v": BOUNDARY_VERSION})


def _replace_boundaries(con: duckdb.DuckDBPyConnection) -> None:
    """_store_boundaries in a database made with older polygons, in one transaction."""
    con.execute("BEGIN TRANSACTION")
    try:
        _store_boundaries(con)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


def _boundary_version(con: duckdb.DuckDBPyConnection) -> str | None:
    row = con.execute("SELECT nilai FROM dataset_info WHERE kunci = 'bench_versi_batas'").fetchone()
    return row[0] if row else None


def _info(con: duckdb.DuckDBPyConnection, rows: int, seed: int, scale: str) -> None:
    info = {
        "sintetis": "ya", "pemilihan_utama": MAIN_ELECTION, "sampel_wilayah": "Indonesia (sintetis, benchmark)",
        "sampel_seed": str(seed), "bench_baris": str(rows), "bench_seed": str(seed), "bench_skala": scale,
        "bench_versi_generator": GENERATOR_VERSION,
    }
    con.executemany("INSERT OR REPLACE INTO dataset_info VALUES (?, ?)", sorted(info.items()))
    con.executemany(
        "INSERT OR REPLACE INTO sumber_data VALUES (?, 'sintetis', ?, NULL)",
        [(name, "Dikarang untuk benchmark berskala nasional") for name in
         ("wilayah", "voters", "turnout", "schools", "targets", "activities", "batas_wilayah")],
    )
