"""Activities that reached voters with disabilities, counted per day, kab/kota, type, organiser and import
(kegiatan_disabilitas_harian): the disability list's counts for a province or the whole country read a few hundred
thousand rows here instead of every row of the log.

A derived table brought up to date with the whole-window totals (analytics/totals.py calls apply, records its version
and decides when it may be read): an import's rows are added and an undo deletes them."""

from __future__ import annotations

import duckdb

from analytics import db

TABLE = "kegiatan_disabilitas_harian"

# An activity counts as segments.disability_activities lists it: a meeting with a disability organisation (a type
# whose sasaran is 'disabilitas'), or an activity of a type with participants that reached any voter with a
# disability. Which types those are is reference data loaded with the database (jenis_kegiatan), like the
# ada_peserta the per-day tables of analytics/periods.py sum by.
_MATCH = "(j.sasaran = 'disabilitas' OR (j.ada_peserta AND a.peserta_disabilitas > 0))"
_SCHEMA = f"""
CREATE OR REPLACE TABLE {TABLE} (
    tanggal DATE NOT NULL, kode_kabkota VARCHAR NOT NULL, jenis_kegiatan VARCHAR NOT NULL,
    penyelenggara VARCHAR NOT NULL, import_id INTEGER NOT NULL, kegiatan BIGINT NOT NULL
)
"""
# The matching rows of the imports `{imports}` (a condition on a.import_id); stored by date, so that a period reads
# only its days.
_ROWS_OF = f"""
INSERT INTO {TABLE}
SELECT a.tanggal, a.kode_kabkota, a.jenis_kegiatan, a.penyelenggara, a.import_id, count(*)::BIGINT
FROM activities a JOIN jenis_kegiatan j ON j.kode = a.jenis_kegiatan
WHERE {_MATCH} AND {{imports}}
GROUP BY ALL
ORDER BY 1, 2
"""
_BUILD = _ROWS_OF.format(imports="true")
# One import's rows (db.imports_missing says which).
_ADD = _ROWS_OF.format(imports="a.import_id = $import_id")
_DROP = f"DELETE FROM {TABLE} WHERE import_id NOT IN (SELECT DISTINCT import_id FROM activities)"
# After adding and dropping, the table counts what the log holds (else rows changed outside an import).
_IN_STEP = f"""
SELECT (SELECT coalesce(sum(kegiatan), 0) FROM {TABLE})
       = (SELECT count(*) FROM activities a JOIN jenis_kegiatan j ON j.kode = a.jenis_kegiatan WHERE {_MATCH})
"""

# The table shaped like an activity row, each standing for `kegiatan` activities, for the disability list's count
# (segments.disability_activities): the columns every filter it can serve reads (totals.by_kabkota_usable: none by
# kecamatan, kelurahan or RW).
SOURCE = (f"(SELECT d.tanggal, d.kode_kabkota, NULL::VARCHAR AS kode_kecamatan, NULL::VARCHAR AS kode_kelurahan, "
          f"NULL::SMALLINT AS rw, d.jenis_kegiatan, d.penyelenggara, d.kegiatan FROM {TABLE} d)")


def apply(con: duckdb.DuckDBPyConnection, *, rebuild: bool) -> None:
    """Bring the table in step with `activities` (caller holds a transaction): drop undone imports, add new ones;
    built anew when `rebuild`, when it is missing, or when it does not count what the log holds afterwards."""
    if not rebuild and db.tables_present(con, [TABLE]):
        con.execute(_DROP)
        for import_id in db.imports_missing(con, "activities", TABLE):
            con.execute(_ADD, {"import_id": import_id})
        if con.execute(_IN_STEP).fetchone()[0]:
            return
    con.execute(_SCHEMA)
    con.execute(_BUILD)
