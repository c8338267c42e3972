"""Import throughput: a large activities CSV in the operators' template, imported into a copy of the bench DB."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from analytics import db, totals
from analytics.bench import activities as act
from analytics.bench.timing import peak_rss_mb

TEMPLATE = ["tanggal", "jenis_kegiatan", "kecamatan", "kelurahan", "rw", "lokasi", "penyelenggara", "jumlah_peserta",
            "peserta_pemula", "peserta_disabilitas", "peserta_perempuan", "rumah_dikunjungi", "lat", "lon",
            "keterangan"]


def write_csv(con, target: Path, rows: int, seed: int) -> int:
    """Write `rows` new activities (Pilkada 2024 window, kelurahan known) in the template's columns; return rows.

    Areas are written as Kemendagri codes: at national scale names repeat across provinces, codes do not."""
    kel = con.execute("SELECT kode_kelurahan, kode_kecamatan, nama, jumlah_rw, lat, lon FROM kelurahan "
                      "ORDER BY kode_kelurahan").df()
    voters = con.execute("SELECT kode_kelurahan, total FROM voters WHERE kode_pemilihan = 'pilkada2024'").df()
    schools = con.execute("SELECT id_sekolah, nama, kode_kelurahan, rw FROM schools ORDER BY id_sekolah").df()
    names = dict(con.execute("SELECT kode, nama FROM jenis_kegiatan").fetchall())
    start, end = con.execute("SELECT sosialisasi_mulai, tanggal - 1 FROM pemilihan "
                             "WHERE kode_pemilihan = 'pilkada2024'").fetchone()
    rng = np.random.default_rng([seed, 99])
    places = act.make_places(kel, voters, schools, rng)
    span = pd.date_range(start, end, freq="D").to_numpy().astype("datetime64[D]")
    batch = act.activity_batch(span[rng.integers(0, len(span), rows * 2)], places, 0, rng)
    # Decode the dictionary columns first: school names repeat, and pandas categories must be unique.
    frame = pa.table({name: col.cast(col.type.value_type) if pa.types.is_dictionary(col.type) else col
                      for name, col in zip(batch.column_names, batch.columns)}).to_pandas()
    frame = frame[frame["kode_kelurahan"].notna()].head(rows)
    out = pd.DataFrame({
        "tanggal": pd.to_datetime(frame["tanggal"]).dt.strftime("%d/%m/%Y"),
        "jenis_kegiatan": frame["jenis_kegiatan"].astype(str).map(names),
        "kecamatan": frame["kode_kecamatan"].astype(str), "kelurahan": frame["kode_kelurahan"].astype(str),
    })
    for col in TEMPLATE[4:]:
        out[col] = frame[col].astype(object) if col not in ("lokasi", "penyelenggara", "keterangan") \
            else frame[col].astype(str).where(frame[col].notna(), "")
    out[TEMPLATE].to_csv(target, index=False)
    return len(out)


def import_phase(path: Path, workdir: Path, rows: int, seed: int, keep: bool = False, log=print) -> dict:
    """Rows per second of `analytics.importing` on a `rows`-row CSV, after a small untimed import (which pays any
    one-time cost, e.g. fingerprinting rows that were not imported through the importer)."""
    try:
        from analytics.importing.engine import import_path
    except ImportError as exc:
        return {"import_rows_per_s": None, "note": f"importer not available: {exc}"}
    workdir = Path(workdir)
    copy = workdir / f"impor-{Path(path).name}"
    small, large = workdir / "impor-kecil.csv", workdir / f"impor-{rows}.csv"
    shutil.copy(path, copy)
    try:
        con = db.connect(path, read_only=True)
        try:
            write_csv(con, small, 1_000, seed + 1)
            written = write_csv(con, large, rows, seed)
        finally:
            con.close()
        con = db.connect(copy)
        try:
            db.migrate(con)
            started = time.perf_counter()
            first = import_path(con, small, kind="activities", user="bench")
            warmup_s = time.perf_counter() - started
        finally:
            con.close()
        # Timed on a fresh connection, as an office opens its database to import: not in the process that has just
        # fingerprinted every row the generator wrote (a one-time cost no imported row has; at 100M a 97 s update
        # after which the same import took ~5,0-5,5 s instead of ~4,5-4,8 s), and with nothing of the log cached.
        # The copy and the warm-up's checkpoint leave gigabytes of dirty pages at 100M: written out now, so that the
        # timed import does not share the disk with the kernel's writeback of what the untimed steps wrote.
        os.sync()
        con = db.connect(copy)
        try:
            started = time.perf_counter()
            result = import_path(con, large, kind="activities", user="bench")
            elapsed = time.perf_counter() - started
            # What the Impor Data page does next, while the person who imported waits ("Menyiapkan ringkasan"):
            # the whole-window totals merged (or rebuilt), the per-day tables and the log by area extended by the
            # imports.
            started = time.perf_counter()
            refreshed = totals.refresh(con)
            refresh_s = time.perf_counter() - started
        finally:
            con.close()
    finally:
        if not keep:
            for leftover in (copy, Path(str(copy) + ".wal"), small, large):
                leftover.unlink(missing_ok=True)
    error = result.error or first.error
    rate = None if result.error else round(result.rows_kept / elapsed, 1)
    log(f"  impor {written:,} baris dalam {elapsed:,.1f} detik: diterima {result.rows_kept:,}, ditolak "
        f"{result.rows_rejected:,}" + (f" ({rate:,.0f} baris/detik)" if rate else f"; GALAT {error}")
        + f"; ringkasan sesudahnya {refresh_s:,.1f} detik" + ("" if refreshed else " (TIDAK TERBANGUN)"))
    return {"import_rows_per_s": rate, "import_rows": written, "import_kept": result.rows_kept,
            "import_rejected": result.rows_rejected, "import_s": round(elapsed, 2),
            "import_refresh_s": round(refresh_s, 2), "import_refreshed": refreshed,
            "import_warmup_s": round(warmup_s, 2), "import_error": error, "import_peak_rss_mb": peak_rss_mb()}
