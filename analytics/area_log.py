"""The outreach log stored by area (activities_wilayah): lists of a province's, a kab/kota's or a kecamatan's own
activities (the activity log, the disability list, the activity map) read that area's row groups instead of the
whole log, which is stored by date.

A derived copy of `activities` (without the fingerprint), brought up to date with the whole-window totals
(analytics/totals.py calls apply, records its version and decides when it may be read): an import's rows are
appended (sorted among themselves) and an undo deletes them; the whole table is sorted anew once the rows appended
since the last sort are more than a twentieth of it."""

from __future__ import annotations

import duckdb

from analytics import db

TABLE = "activities_wilayah"

# Every column of `activities` a page query reads (all but the fingerprint `sidik`), and `terurut`: written by the
# last full sort (true) or appended since (false).
_COLUMNS = ("id_kegiatan, tanggal, jenis_kegiatan, kode_kabkota, kode_kecamatan, kode_kelurahan, rw, lokasi, "
            "penyelenggara, jumlah_peserta, peserta_pemula, peserta_disabilitas, peserta_perempuan, rumah_dikunjungi, "
            "id_sekolah, lat, lon, keterangan, import_id")
# Area first (a kab/kota's or kecamatan's rows are a few row groups; a province's kab/kota codes are contiguous), then
# the day (a kecamatan's newest days are its last rows).
_ORDER = "kode_kabkota, kode_kecamatan, tanggal, id_kegiatan"
_BUILD = f"CREATE OR REPLACE TABLE {TABLE} AS SELECT {_COLUMNS}, true AS terurut FROM activities ORDER BY {_ORDER}"
# One import's rows (db.imports_missing says which are in the log and not here yet), and the imports here no
# longer in the log (undone).
_ADD = f"INSERT INTO {TABLE} SELECT {_COLUMNS}, false FROM activities WHERE import_id = $import_id ORDER BY {_ORDER}"
_DROP = f"DELETE FROM {TABLE} WHERE import_id NOT IN (SELECT DISTINCT import_id FROM activities)"
# After adding and dropping: the rows match the log's in number and sum (else rows changed outside an import), and
# how many were appended since the last sort.
_STATE = f"""
SELECT (SELECT count(*) FROM {TABLE}) = (SELECT count(*) FROM activities)
       AND (SELECT coalesce(sum(jumlah_peserta), 0) FROM {TABLE})
           = (SELECT coalesce(sum(jumlah_peserta), 0) FROM activities),
       (SELECT count(*) FROM {TABLE} WHERE NOT terurut), (SELECT count(*) FROM {TABLE})
"""
# Appended rows, once more than this share of the table (and more than a row group), trigger a full sort: until
# then a kecamatan's list reads its sorted row groups and every appended one.
RESORT_SHARE = 0.05
_ROW_GROUP = 122_880


def apply(con: duckdb.DuckDBPyConnection, *, rebuild: bool) -> None:
    """Bring the table in step with `activities` (caller holds a transaction): drop undone imports, append new ones,
    sort the whole table anew when `rebuild`, when it is missing or out of step, or when too much was appended."""
    if not rebuild and db.tables_present(con, [TABLE]):
        con.execute(_DROP)
        for import_id in db.imports_missing(con, "activities", TABLE):
            con.execute(_ADD, {"import_id": import_id})
        in_step, appended, rows = con.execute(_STATE).fetchone()
        if in_step and (appended <= _ROW_GROUP or appended <= RESORT_SHARE * rows):
            return
    con.execute(_BUILD)
