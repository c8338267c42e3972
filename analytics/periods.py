"""Per-day tables for views with a period (kegiatan_harian_kelurahan, sekolah_harian): a month of the whole country
reads about a million rows grouped by place and day, stored by date, instead of the area-sorted daily rollup.

They are brought up to date from the rollup with the whole-window totals (analytics/totals.py calls apply, records
their version and decides when they may be read); this module holds their layout, their upkeep and the fragments that
read them."""

from __future__ import annotations

import duckdb

from analytics import memo, rollup
from analytics.filters import ACTIVITY_AREA_WHERE

PLACE_DAY_TABLE = "kegiatan_harian_kelurahan"  # one row per day and place (as the rollup keys it) with an activity
SCHOOL_DAY_TABLE = "sekolah_harian"  # one row per day, place, school, type and organiser with a school visit
NUMBER_TABLE = "kelurahan_nomor"  # each kelurahan's number in PLACE_DAY_TABLE (no_kelurahan), built with it

# RW visited on a day are kept as bits of one number (bit rw-1): a period's RW per kelurahan are the bit_or of its
# days, counted by bit_count, without a row per RW. A HUGEINT holds bits 0 … 126, and (1 << jumlah_rw) - 1 must fit
# as the mask of a kelurahan's RW: databases with a kelurahan of more RW keep to the rollup (RW_FIT).
MAX_RW = 126

# Kelurahan are also numbered 1 … n in code order (no_kelurahan): grouping a month of the country's place-days by an
# integer of known range is about twice as fast as grouping by the 13-character code. Rows are keyed by import too, so
# that an import adds its own rows and an undo deletes them (apply): the tables follow imports without a rebuild.
_SCHEMA = f"""
CREATE OR REPLACE TABLE {NUMBER_TABLE} (
    no_kelurahan INTEGER NOT NULL, kode_kelurahan VARCHAR NOT NULL, kode_kecamatan VARCHAR NOT NULL
);
CREATE OR REPLACE TABLE {PLACE_DAY_TABLE} (
    tanggal DATE NOT NULL, kode_kabkota VARCHAR NOT NULL, kode_kecamatan VARCHAR, kode_kelurahan VARCHAR,
    no_kelurahan INTEGER, import_id INTEGER NOT NULL, kegiatan BIGINT NOT NULL, dijangkau BIGINT NOT NULL,
    pemula_dijangkau BIGINT NOT NULL, disabilitas_dijangkau BIGINT NOT NULL, perempuan_dijangkau BIGINT NOT NULL,
    rumah_dikunjungi BIGINT, rw_dikunjungi HUGEINT NOT NULL
);
CREATE OR REPLACE TABLE {SCHOOL_DAY_TABLE} (
    tanggal DATE NOT NULL, kode_kabkota VARCHAR NOT NULL, kode_kecamatan VARCHAR, kode_kelurahan VARCHAR,
    id_sekolah VARCHAR NOT NULL, jenis_kegiatan VARCHAR NOT NULL, penyelenggara VARCHAR NOT NULL,
    import_id INTEGER NOT NULL, kegiatan BIGINT NOT NULL, siswa_dijangkau BIGINT NOT NULL,
    pemula_dijangkau BIGINT NOT NULL
);
"""
_NUMBERS = f"""
INSERT INTO {NUMBER_TABLE}
SELECT row_number() OVER (ORDER BY kode_kelurahan), kode_kelurahan, kode_kecamatan FROM kelurahan
ORDER BY 1
"""

# Rollup rows of the imports `{imports}` (a condition on r.import_id). Reach sums only where the type counts
# participants (jenis_kegiatan.ada_peserta), as every page query sums them; an RW counts where it exists
# (1 … jumlah_rw, as v_rw and the headline figures count RW). Stored by date, so a period reads only its days.
_PLACE_DAYS_OF = f"""
INSERT INTO {PLACE_DAY_TABLE}
SELECT r.tanggal, r.kode_kabkota, r.kode_kecamatan, r.kode_kelurahan, any_value(n.no_kelurahan), r.import_id,
       sum(r.kegiatan)::BIGINT,
       coalesce(sum(r.jumlah_peserta) FILTER (WHERE j.ada_peserta), 0)::BIGINT,
       coalesce(sum(r.peserta_pemula) FILTER (WHERE j.ada_peserta), 0)::BIGINT,
       coalesce(sum(r.peserta_disabilitas) FILTER (WHERE j.ada_peserta), 0)::BIGINT,
       coalesce(sum(r.peserta_perempuan) FILTER (WHERE j.ada_peserta), 0)::BIGINT,
       sum(r.rumah_dikunjungi)::BIGINT,
       coalesce(bit_or(1::HUGEINT << (r.rw - 1)) FILTER (WHERE r.rw <= k.jumlah_rw AND r.rw <= {MAX_RW}), 0)
FROM {rollup.TABLE} r
JOIN jenis_kegiatan j ON j.kode = r.jenis_kegiatan
LEFT JOIN kelurahan k ON k.kode_kelurahan = r.kode_kelurahan
LEFT JOIN {NUMBER_TABLE} n ON n.kode_kelurahan = r.kode_kelurahan
WHERE {{imports}}
GROUP BY r.tanggal, r.kode_kabkota, r.kode_kecamatan, r.kode_kelurahan, r.import_id
ORDER BY r.tanggal, r.kode_kabkota, r.kode_kecamatan, r.kode_kelurahan
"""
_SCHOOL_DAYS_OF = f"""
INSERT INTO {SCHOOL_DAY_TABLE}
SELECT r.tanggal, r.kode_kabkota, r.kode_kecamatan, r.kode_kelurahan, r.id_sekolah, r.jenis_kegiatan,
       r.penyelenggara, r.import_id, sum(r.kegiatan)::BIGINT,
       coalesce(sum(r.jumlah_peserta) FILTER (WHERE j.ada_peserta), 0)::BIGINT,
       coalesce(sum(r.peserta_pemula) FILTER (WHERE j.ada_peserta), 0)::BIGINT
FROM {rollup.TABLE} r JOIN jenis_kegiatan j ON j.kode = r.jenis_kegiatan
WHERE r.id_sekolah IS NOT NULL AND {{imports}}
GROUP BY ALL
ORDER BY r.tanggal, r.kode_kabkota, r.kode_kecamatan, r.kode_kelurahan, r.id_sekolah
"""
# Imports in the rollup and not yet here (both tables are written together, so the place table's imports are both's).
_NEW = (f"r.import_id IN (SELECT DISTINCT import_id FROM {rollup.TABLE} "
        f"EXCEPT SELECT DISTINCT import_id FROM {PLACE_DAY_TABLE})")
_BUILD = (_PLACE_DAYS_OF.format(imports="true"), _SCHOOL_DAYS_OF.format(imports="true"))
_ADD = (_PLACE_DAYS_OF.format(imports=_NEW), _SCHOOL_DAYS_OF.format(imports=_NEW))
# Imports here that the rollup no longer has (undone).
_UNDONE = f"import_id NOT IN (SELECT DISTINCT import_id FROM {rollup.TABLE})"
_DROP = (f"DELETE FROM {SCHOOL_DAY_TABLE} WHERE {_UNDONE}", f"DELETE FROM {PLACE_DAY_TABLE} WHERE {_UNDONE}")
# Both tables add up to the rollup (else rows changed some other way than by imports: build them again).
_IN_STEP = f"""
SELECT (SELECT coalesce(sum(kegiatan), 0) FROM {PLACE_DAY_TABLE}) = (SELECT coalesce(sum(kegiatan), 0) FROM {rollup.TABLE})
   AND (SELECT coalesce(sum(kegiatan), 0) FROM {SCHOOL_DAY_TABLE})
       = (SELECT coalesce(sum(kegiatan), 0) FROM {rollup.TABLE} WHERE id_sekolah IS NOT NULL)
"""
_LISTED = ("SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'main' "
           f"AND table_name IN ('{NUMBER_TABLE}', '{PLACE_DAY_TABLE}', '{SCHOOL_DAY_TABLE}')")


def apply(con: duckdb.DuckDBPyConnection, *, rebuild: bool) -> None:
    """Bring both tables in step with the (current) rollup; the caller holds a transaction. Rows of imports the
    rollup no longer has are deleted and the imports it gained are added (the rows of an import: a fraction of a
    second, where a build reads the whole rollup, ~6 s at 10M activities). Built anew when `rebuild` (an older
    layout), when a table is missing, or when they do not add up to the rollup afterwards."""
    if not rebuild and con.execute(_LISTED).fetchone()[0] == 3:
        for statement in (*_DROP, *_ADD):
            con.execute(statement)
        if con.execute(_IN_STEP).fetchone()[0]:
            return
    con.execute(_SCHEMA)
    for statement in (_NUMBERS, *_BUILD):
        con.execute(statement)


# Whether every kelurahan's RW fit in the bits (checked when a view asks; the RW counts are reference data).
RW_FIT = f"SELECT coalesce(max(jumlah_rw), 0) <= {MAX_RW} FROM kelurahan"


def rw_fit(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether every kelurahan's RW fit in the bits of rw_dikunjungi (asked once per query call)."""
    return memo.remembered(con, "rw_fit", lambda: bool(con.execute(RW_FIT).fetchone()[0]))

# The days of the chosen election's window and period, in the areas and scope (no type, organiser or RW: the place
# table is summed over them; totals.by_period_usable sends such views to the rollup).
_WINDOW_WHERE = """
    a.tanggal BETWEEN p.sosialisasi_mulai AND p.sosialisasi_selesai
    AND ($mulai IS NULL OR a.tanggal >= $mulai) AND ($sampai IS NULL OR a.tanggal <= $sampai) AND """
PLACE_DAYS = f"""
    SELECT a.* FROM {PLACE_DAY_TABLE} a JOIN pemilihan p ON p.kode_pemilihan = $pemilihan
    WHERE {_WINDOW_WHERE}{ACTIVITY_AREA_WHERE}"""
# School visits of the window and period with every activity filter but RW (types and organisers are keys here).
SCHOOL_DAYS = f"""
    SELECT a.* FROM {SCHOOL_DAY_TABLE} a JOIN pemilihan p ON p.kode_pemilihan = $pemilihan
    WHERE {_WINDOW_WHERE}{ACTIVITY_AREA_WHERE}
    AND ($jenis IS NULL OR list_contains($jenis, a.jenis_kegiatan))
    AND ($org IS NULL OR list_contains($org, a.penyelenggara))"""
