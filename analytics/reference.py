"""Load the shipped reference data (regions, elections, activity types, approximate areas) into a database."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from analytics import geography, sqlnames
from analytics.config import DATA_DIR

WILAYAH_FILES = ("kabupaten_kota", "kecamatan", "kelurahan", "nama_lain_wilayah")
APPROX_SOURCE = "perkiraan: sel Voronoi dari titik pusat kelurahan (bukan batas resmi)"


def read_csv(path: Path) -> pd.DataFrame:
    """Read a shipped CSV with every column as text, so codes like 32.71.01 keep their form."""
    return pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])


def insert_frame(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    """Insert a frame into a table by column name; DuckDB casts each value to the column's declared type."""
    known = {
        r[0]
        for r in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = $t", {"t": table}
        ).fetchall()
    }
    unknown = [c for c in frame.columns if c not in known]
    if not known or unknown:
        raise ValueError(f"Tabel {table!r} tidak ada atau tidak punya kolom {unknown}")
    # Identifiers are checked against the catalogue above; values travel in the registered frame, never in SQL.
    columns = sqlnames.idents(frame.columns, known)
    tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables "
                                        "WHERE table_type = 'BASE TABLE'").fetchall()}
    sql = f"INSERT INTO {sqlnames.ident(table, tables)} ({columns}) SELECT {columns} FROM _frame"
    con.register("_frame", frame)
    try:
        con.execute(sql)
    finally:
        con.unregister("_frame")


def load_reference(con: duckdb.DuckDBPyConnection, data_dir: Path = DATA_DIR) -> None:
    """Fill the reference tables of an empty, migrated database in one transaction."""
    con.execute("BEGIN TRANSACTION")
    try:
        for name in WILAYAH_FILES:
            insert_frame(con, name, read_csv(data_dir / "wilayah" / f"{name}.csv"))
        insert_frame(con, "pemilihan", read_csv(data_dir / "pemilihan.csv"))
        types = read_csv(data_dir / "jenis_kegiatan.csv")
        types["sinonim"] = types["sinonim"].fillna("").map(lambda s: [x.strip() for x in s.split("|") if x.strip()])
        insert_frame(con, "jenis_kegiatan", types)
        store_approximate_boundaries(con)
        con.executemany(
            "INSERT INTO sumber_data VALUES (?, ?, ?, ?)",
            [
                (
                    "wilayah",
                    "resmi",
                    "Kode dan nama kecamatan/kelurahan",
                    "Kepmendagri No. 100.1.1-6117 Tahun 2022, via cahyadsn/wilayah (MIT)",
                ),
                (
                    "kelurahan.lat/lon",
                    "turunan",
                    "Titik pusat kelurahan dihitung dari poligon batas",
                    "cahyadsn/wilayah_boundaries (MIT)",
                ),
                (
                    "kelurahan.jumlah_rw",
                    "perkiraan",
                    "Jumlah RW per kelurahan: total kota dibagi menurut luas, belum resmi",
                    None,
                ),
                ("batas_wilayah", "perkiraan", "Sel Voronoi dari titik pusat, bukan batas resmi", None),
            ],
        )
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


def store_approximate_boundaries(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)compute approximate kelurahan and kecamatan cells for areas that have no real boundary."""
    kel = con.execute(
        "SELECT kode_kelurahan, kode_kecamatan, lat, lon FROM kelurahan WHERE lat IS NOT NULL ORDER BY 1"
    ).df()
    con.execute("DELETE FROM batas_wilayah WHERE perkiraan")
    if kel.empty:
        return
    rows = []
    # Cells are computed per kab/kota: a city's outline must not stretch towards another city's points.
    for _, part in kel.groupby(kel["kode_kecamatan"].str[:5]):
        kel_cells, kec_cells = geography.approximate_cells(part)
        rows += [
            ("kelurahan", r.kode_kelurahan, geography.geometry_to_geojson(r.geometry), True, APPROX_SOURCE)
            for r in kel_cells.itertuples()
        ]
        rows += [
            ("kecamatan", r.kode_kecamatan, geography.geometry_to_geojson(r.geometry), True, APPROX_SOURCE)
            for r in kec_cells.itertuples()
        ]
    existing = {
        (t, k) for t, k in con.execute("SELECT tingkat, kode FROM batas_wilayah").fetchall()
    }
    rows = [r for r in rows if (r[0], r[1]) not in existing]
    if rows:
        con.executemany(
            "INSERT INTO batas_wilayah (tingkat, kode, geojson, perkiraan, sumber) VALUES (?, ?, ?, ?, ?)", rows
        )
