"""Activities per day, kelurahan, type, organiser and import (kegiatan_harian_jenis): the activity map of a period in a
view wider than one kab/kota groups a month of the country here, stored by date and keyed by two small integers,
instead of grouping the area-sorted daily rollup by its text codes.

A derived table brought up to date from the rollup with the whole-window totals (analytics/totals.py calls apply,
records its version and decides when it may be read): an import's rows are added and an undo deletes them."""

from __future__ import annotations

import duckdb

from analytics import db, periods, rollup

TABLE = "kegiatan_harian_jenis"
# Each activity type's number (no_jenis) in TABLE, in code order, built with it. With the kelurahan's number
# (periods.NUMBER_TABLE, also in code order) a group is two integers: a month of the country (~1,5M rows into ~390k
# groups at 10M activities) groups in about a third of the time its two text codes take.
TYPE_NUMBER_TABLE = "jenis_nomor"

_SCHEMA = f"""
CREATE OR REPLACE TABLE {TYPE_NUMBER_TABLE} (no_jenis SMALLINT NOT NULL, kode VARCHAR NOT NULL);
CREATE OR REPLACE TABLE {TABLE} (
    tanggal DATE NOT NULL, kode_kabkota VARCHAR NOT NULL, kode_kecamatan VARCHAR, kode_kelurahan VARCHAR NOT NULL,
    no_kelurahan INTEGER NOT NULL, jenis_kegiatan VARCHAR NOT NULL, no_jenis SMALLINT NOT NULL,
    penyelenggara VARCHAR NOT NULL, import_id INTEGER NOT NULL, kegiatan BIGINT NOT NULL, dijangkau BIGINT NOT NULL
);
"""
_NUMBERS = f"""
INSERT INTO {TYPE_NUMBER_TABLE}
SELECT row_number() OVER (ORDER BY kode), kode FROM jenis_kegiatan ORDER BY 1
"""
# Rollup rows logged in a kelurahan, of the imports `{imports}` (a condition on r.import_id). People reached are
# summed only where the type counts participants (jenis_kegiatan.ada_peserta), as every page query sums them.
# Stored by date, so that a period reads only its days.
_ROWS_OF = f"""
INSERT INTO {TABLE}
SELECT r.tanggal, r.kode_kabkota, r.kode_kecamatan, r.kode_kelurahan, any_value(n.no_kelurahan), r.jenis_kegiatan,
       any_value(t.no_jenis), r.penyelenggara, r.import_id, sum(r.kegiatan)::BIGINT,
       coalesce(sum(r.jumlah_peserta) FILTER (WHERE j.ada_peserta), 0)::BIGINT
FROM {rollup.TABLE} r
JOIN jenis_kegiatan j ON j.kode = r.jenis_kegiatan
JOIN {TYPE_NUMBER_TABLE} t ON t.kode = r.jenis_kegiatan
JOIN {periods.NUMBER_TABLE} n ON n.kode_kelurahan = r.kode_kelurahan
WHERE r.kode_kelurahan IS NOT NULL AND {{imports}}
GROUP BY r.tanggal, r.kode_kabkota, r.kode_kecamatan, r.kode_kelurahan, r.jenis_kegiatan, r.penyelenggara,
         r.import_id
ORDER BY r.tanggal, r.kode_kabkota, r.kode_kecamatan, r.kode_kelurahan
"""
_BUILD = _ROWS_OF.format(imports="true")
# One import's rows (db.imports_missing says which).
_ADD = _ROWS_OF.format(imports="r.import_id = $import_id")
_DROP = f"DELETE FROM {TABLE} WHERE import_id NOT IN (SELECT DISTINCT import_id FROM {rollup.TABLE})"
# After adding and dropping, the table holds every rollup activity logged in a numbered kelurahan; else rows changed
# outside an import, or an import brought a type not numbered yet (the join above dropped its rows): build it anew.
# Every kelurahan of the list is numbered (analytics/periods.py renumbers them when it grows); a code missing from the
# list has no centre to be mapped at either way.
_IN_STEP = f"""
SELECT (SELECT coalesce(sum(kegiatan), 0) FROM {TABLE})
       = (SELECT coalesce(sum(kegiatan), 0) FROM {rollup.TABLE}
          WHERE kode_kelurahan IN (SELECT kode_kelurahan FROM {periods.NUMBER_TABLE}))
"""
_TABLES = (TYPE_NUMBER_TABLE, TABLE)


def apply(con: duckdb.DuckDBPyConnection, *, rebuild: bool) -> None:
    """Bring the table in step with the (current) rollup and the kelurahan numbers of the per-day tables
    (analytics/periods.py, applied first; the caller holds a transaction): drop undone imports, add new ones. Built
    anew when `rebuild` (an older layout, or the kelurahan were numbered anew), when a table is missing, or when it
    does not hold what the rollup holds afterwards."""
    if not rebuild and db.tables_present(con, _TABLES) == len(_TABLES):
        con.execute(_DROP)
        for import_id in db.imports_missing(con, rollup.TABLE, TABLE):
            con.execute(_ADD, {"import_id": import_id})
        if con.execute(_IN_STEP).fetchone()[0]:
            return
    con.execute(_SCHEMA)
    con.execute(_NUMBERS)
    con.execute(_BUILD)
