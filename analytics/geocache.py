"""Map polygons kept ready in DuckDB: each area's extent (batas_ukuran) and its shape simplified for a view
(batas_tampilan), so a map of the country reads ~1 MB of text instead of parsing and simplifying every polygon."""

from __future__ import annotations

import contextlib
import contextvars
import threading

import duckdb
import numpy as np
import pyarrow as pa
import shapely

from analytics import rollup

EXTENT_TABLE = "batas_ukuran"  # one row per batas_wilayah row: bounding box, area, approximate or not
VIEW_TABLE = "batas_tampilan"  # one row per area and view tolerance that a map has shown: the simplified GeoJSON
# A view's shapes are stored once drawn; when this many rows are held, the next view empties the table first (each
# map adds one row per area it draws, so this is thousands of views, or a few times every polygon there is).
MAX_VIEW_ROWS = 1_000_000

_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS rollup_versi (tabel VARCHAR PRIMARY KEY, versi VARCHAR NOT NULL);
CREATE OR REPLACE TABLE {EXTENT_TABLE} (
    tingkat VARCHAR NOT NULL, kode VARCHAR NOT NULL, xmin DOUBLE NOT NULL, ymin DOUBLE NOT NULL,
    xmax DOUBLE NOT NULL, ymax DOUBLE NOT NULL, luas DOUBLE NOT NULL, perkiraan BOOLEAN NOT NULL
);
CREATE OR REPLACE TABLE {VIEW_TABLE} (
    tingkat VARCHAR NOT NULL, kode VARCHAR NOT NULL, toleransi DOUBLE NOT NULL, geojson VARCHAR NOT NULL
);
"""
# Changes whenever a polygon is added, removed or replaced by an import (each carries its import_id) or an undo;
# reads two small columns of ~90.000 rows, about a millisecond.
_VERSION = ("SELECT concat_ws('-', count(*), coalesce(sum(import_id), 0), coalesce(max(import_id), 0), "
            "count(*) FILTER (WHERE perkiraan)) FROM batas_wilayah")
_SOURCE = "SELECT tingkat, kode, geojson, perkiraan FROM batas_wilayah ORDER BY tingkat, kode"
_INSERT_EXTENTS = f"INSERT INTO {EXTENT_TABLE} SELECT * FROM _batas_ukuran_baru"
_INSERT_VIEWS = f"INSERT INTO {VIEW_TABLE} SELECT * FROM _batas_tampilan_baru"
_VIEW_ROWS = f"SELECT count(*) FROM {VIEW_TABLE}"
_CLEAR_VIEWS = f"DELETE FROM {VIEW_TABLE}"

_use_cache: contextvars.ContextVar[bool] = contextvars.ContextVar("use_geocache", default=True)
_building = threading.Lock()
_storing = threading.Lock()


def bypassed() -> contextlib.AbstractContextManager[None]:
    """Within this block boundaries are computed from batas_wilayah alone (tests compare both ways)."""
    return rollup.switched_off(_use_cache)


def ready(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the extents match batas_wilayah (built now, in a transaction of their own, if they lag); False on a
    read-only connection or inside the caller's transaction, where the maps compute everything instead."""
    if not _use_cache.get():
        return False
    try:
        if rollup.recorded_version(con, EXTENT_TABLE) == con.execute(_VERSION).fetchone()[0]:
            return True
        return rollup.apply_alone(con, _building, _build)
    except duckdb.Error:
        return False


def _build(con: duckdb.DuckDBPyConnection) -> None:
    """Extents of every polygon, the view table emptied (its shapes may be of polygons since replaced)."""
    version = con.execute(_VERSION).fetchone()[0]
    rows = con.execute(_SOURCE).fetchall()
    geoms = shapely.from_geojson(np.asarray([r[2] for r in rows], dtype=object)) if rows else np.array([])
    box = shapely.bounds(geoms) if rows else np.zeros((0, 4))
    frame = pa.table({
        "tingkat": [r[0] for r in rows], "kode": [r[1] for r in rows],
        "xmin": box[:, 0], "ymin": box[:, 1], "xmax": box[:, 2], "ymax": box[:, 3],
        "luas": shapely.area(geoms) if rows else np.zeros(0), "perkiraan": [bool(r[3]) for r in rows],
    })
    con.execute(_SCHEMA)
    _insert(con, "_batas_ukuran_baru", frame, _INSERT_EXTENTS)
    con.execute("INSERT OR REPLACE INTO rollup_versi VALUES ($t, $v)", {"t": EXTENT_TABLE, "v": version})


def store(con: duckdb.DuckDBPyConnection, level: str, tolerance: float, codes: list[str], texts: list[str]) -> bool:
    """Keep shapes simplified for a view, in a transaction of their own; False when they could not be (another
    session storing, a read-only connection): the map is drawn all the same."""
    if not codes:
        return True
    frame = pa.table({"tingkat": [level] * len(codes), "kode": codes,
                      "toleransi": np.full(len(codes), tolerance), "geojson": texts})

    def write(c: duckdb.DuckDBPyConnection) -> None:
        if c.execute(_VIEW_ROWS).fetchall()[0][0] + len(codes) > MAX_VIEW_ROWS:  # all fetched before register()
            c.execute(_CLEAR_VIEWS)
        _insert(c, "_batas_tampilan_baru", frame, _INSERT_VIEWS)

    return rollup.apply_alone(con, _storing, write)


def _insert(con: duckdb.DuckDBPyConnection, name: str, frame: pa.Table, sql: str) -> None:
    """Run `sql` (an INSERT … SELECT FROM `name`) with `frame` registered as `name` for that statement only."""
    con.register(name, frame)
    try:
        con.execute(sql)
    finally:
        con.unregister(name)
