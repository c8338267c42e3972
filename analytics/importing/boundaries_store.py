"""Write imported boundaries to batas_wilayah, derive kecamatan from kelurahan, and undo a boundary import."""

from __future__ import annotations

import json

import duckdb
import geopandas as gpd
import shapely

from analytics import reference
from analytics.geography import WGS84
from analytics.importing import boundaries_shape as shape

DERIVED = "gabungan batas kelurahan"  # `sumber` of kecamatan dissolved from imported kelurahan starts with this
DERIVED_LIKE = DERIVED + " (%"


def already_imported(con: duckdb.DuckDBPyConnection, sha256: str) -> int | None:
    """The import of this same file that is still in force (not undone, none of its areas replaced since)."""
    row = con.execute(
        """
        SELECT i.import_id
        FROM imports i
        WHERE i.jenis = 'boundaries' AND i.sha256 = $s AND i.status = 'selesai'
          AND i.baris_diterima = (SELECT count(*) FROM batas_wilayah b
                                  WHERE b.import_id = i.import_id AND b.sumber NOT LIKE $derived)
        ORDER BY i.import_id DESC
        LIMIT 1
        """,
        {"s": sha256, "derived": DERIVED_LIKE},
    ).fetchone()
    return row[0] if row else None


def replaced_imports(con: duckdb.DuckDBPyConnection, level: str, codes: list[str]) -> dict[int, int]:
    """Earlier imports whose real boundaries the given areas will replace: import_id -> number of areas."""
    rows = con.execute(
        "SELECT import_id, count(*) FROM batas_wilayah WHERE tingkat = $t AND list_contains($k, kode) "
        "AND NOT perkiraan AND import_id IS NOT NULL GROUP BY 1 ORDER BY 1",
        {"t": level, "k": codes},
    ).fetchall()
    return dict(rows)


def write_areas(con: duckdb.DuckDBPyConnection, level: str, areas: dict[str, str], sumber: str, import_id: int) -> None:
    """Put real boundaries (code -> GeoJSON text) in place of whatever the areas had."""
    codes = sorted(areas)
    con.execute("DELETE FROM batas_wilayah WHERE tingkat = $t AND list_contains($k, kode)", {"t": level, "k": codes})
    con.executemany(
        "INSERT INTO batas_wilayah (tingkat, kode, geojson, perkiraan, sumber, import_id) "
        "VALUES (?, ?, ?, false, ?, ?)",
        [(level, code, areas[code], sumber, import_id) for code in codes],
    )


def derive_kecamatan(
    con: duckdb.DuckDBPyConnection, kecamatan: list[str], import_id: int | None, file_name: str | None
) -> list[str]:
    """Dissolve kelurahan into kecamatan where every kelurahan has a real boundary and no real kecamatan exists."""
    written = []
    for kec in sorted(set(kecamatan)):
        current = con.execute(
            "SELECT perkiraan, sumber FROM batas_wilayah WHERE tingkat = 'kecamatan' AND kode = $k", {"k": kec}
        ).fetchone()
        if current and not current[0] and not current[1].startswith(DERIVED):
            continue  # a kecamatan boundary from a file wins over one derived from kelurahan
        rows = con.execute(
            """
            SELECT k.kode_kelurahan, b.geojson, b.perkiraan, b.import_id, b.sumber
            FROM kelurahan k
            LEFT JOIN batas_wilayah b ON b.tingkat = 'kelurahan' AND b.kode = k.kode_kelurahan
            WHERE k.kode_kecamatan = $k
            """,
            {"k": kec},
        ).fetchall()
        if not rows or any(r[1] is None or r[2] for r in rows):
            continue  # a kecamatan dissolved from only some of its kelurahan would be too small
        geoms = [shapely.from_geojson(r[1]) for r in rows]
        crs = shape.metric_crs(gpd.GeoSeries(geoms, crs=WGS84))
        merged = shape.dissolve_kecamatan(shape.to_metric(geoms, crs), crs)
        stored = shape.to_storage([merged], crs, shape.SIMPLIFY_M["kecamatan"])[0] if merged is not None else None
        if stored is None:
            continue
        owner = import_id if import_id is not None else max(r[3] for r in rows)
        files = file_name or ", ".join(sorted({r[4] for r in rows}))
        write_areas(con, "kecamatan", {kec: shapely.to_geojson(stored)}, f"{DERIVED} ({files})", owner)
        written.append(kec)
    return written


def insert_import(
    con: duckdb.DuckDBPyConnection, *, file_name: str, sha256: str, user: str, kept: int, rejected: int, note: str
) -> int:
    """The imports row of a boundary file; returns its import_id."""
    return con.execute(
        "INSERT INTO imports (jenis, nama_file, sha256, pengguna, baris_diterima, baris_ditolak, catatan) "
        "VALUES ('boundaries', $f, $s, $u, $k, $r, $c) RETURNING import_id",
        {"f": file_name, "s": sha256, "u": user, "k": kept, "r": rejected, "c": note},
    ).fetchone()[0]


def insert_rejections(con: duckdb.DuckDBPyConnection, import_id: int, rejections: list) -> None:
    """rejected_rows for refused features: their attributes and reasons."""
    if rejections:
        con.executemany(
            "INSERT INTO rejected_rows (import_id, nomor_baris, data_asli, alasan) VALUES (?, ?, ?, ?)",
            [(import_id, r.row, json.dumps(r.cells, ensure_ascii=False), list(r.reasons)) for r in rejections],
        )


def remove_boundaries(con: duckdb.DuckDBPyConnection, import_id: int) -> int:
    """Delete an import's boundaries and fill the gaps (dissolved kecamatan, approximate cells); no transaction.

    For a general undo that runs its own transaction: call this before deleting rows by import_id elsewhere.
    Returns the batas_wilayah rows removed."""
    kecamatan = [
        r[0]
        for r in con.execute(
            "SELECT DISTINCT left(kode, 8) FROM batas_wilayah WHERE import_id = $i AND tingkat = 'kelurahan'",
            {"i": import_id},
        ).fetchall()
    ]
    removed = con.execute("SELECT count(*) FROM batas_wilayah WHERE import_id = $i", {"i": import_id}).fetchone()[0]
    con.execute("DELETE FROM batas_wilayah WHERE import_id = $i", {"i": import_id})
    # Kecamatan dissolved from these kelurahan (possibly by a later import) no longer have all their parts.
    con.execute(
        "DELETE FROM batas_wilayah WHERE tingkat = 'kecamatan' AND list_contains($k, kode) AND sumber LIKE $d",
        {"k": kecamatan, "d": DERIVED_LIKE},
    )
    # Undoing a kecamatan file can leave kecamatan whose kelurahan are all real: dissolve those again.
    without = con.execute(
        "SELECT kode_kecamatan FROM kecamatan WHERE kode_kecamatan NOT IN "
        "(SELECT kode FROM batas_wilayah WHERE tingkat = 'kecamatan' AND NOT perkiraan) ORDER BY 1"
    ).fetchall()
    derive_kecamatan(con, [r[0] for r in without], None, None)
    # Approximate cells are recomputed from the kelurahan points: the same cells the database started with.
    reference.store_approximate_boundaries(con)
    return removed


def undo_boundaries(con: duckdb.DuckDBPyConnection, import_id: int, *, user: str) -> int:
    """Undo a boundary import in one transaction and bring back approximate cells; returns the rows removed."""
    row = con.execute("SELECT jenis, status FROM imports WHERE import_id = $i", {"i": import_id}).fetchone()
    if row is None or row[0] != "boundaries":
        raise ValueError(f"Impor #{import_id} bukan impor batas wilayah.")
    if row[1] == "dibatalkan":
        return 0
    con.execute("BEGIN TRANSACTION")
    try:
        removed = remove_boundaries(con, import_id)
        con.execute(
            "UPDATE imports SET status = 'dibatalkan', dibatalkan_pada = current_localtimestamp(), "
            "dibatalkan_oleh = $u WHERE import_id = $i",
            {"u": user, "i": import_id},
        )
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return removed
