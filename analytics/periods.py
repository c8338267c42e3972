"""Per-day tables for views with a period (kegiatan_harian_kelurahan, sekolah_harian): a month of the whole country
reads about a million rows grouped by place and day, stored by date, instead of the area-sorted daily rollup.

They are brought up to date from the rollup with the whole-window totals (analytics/totals.py calls apply, records
their version and decides when they may be read); this module holds their layout, their upkeep and the fragments that
read them."""

from __future__ import annotations

import datetime as dt

import duckdb

from analytics import db, memo, rollup
from analytics.filters import ACTIVITY_AREA_WHERE, Filters, Scope, activity_area_params

PLACE_DAY_TABLE = "kegiatan_harian_kelurahan"  # one row per day and place (as the rollup keys it) with an activity
SCHOOL_DAY_TABLE = "sekolah_harian"  # one row per day, place, school, type and organiser with a school visit
NUMBER_TABLE = "kelurahan_nomor"  # each kelurahan's number in PLACE_DAY_TABLE (no_kelurahan), built with it
# The place-days summed per calendar month and per week piece (a Monday-to-Sunday week cut at month ends), so that a
# period reads whole months and weeks from here and only the days at its ends from PLACE_DAY_TABLE (PLACE_SPANS).
PLACE_SPAN_TABLE = "kegiatan_rentang_kelurahan"

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
CREATE OR REPLACE TABLE {PLACE_SPAN_TABLE} (
    tingkat VARCHAR NOT NULL, mulai DATE NOT NULL, selesai DATE NOT NULL, induk_mulai DATE, induk_selesai DATE,
    kode_kabkota VARCHAR NOT NULL, kode_kecamatan VARCHAR, kode_kelurahan VARCHAR,
    no_kelurahan INTEGER, import_id INTEGER NOT NULL, kegiatan BIGINT NOT NULL, dijangkau BIGINT NOT NULL,
    pemula_dijangkau BIGINT NOT NULL, disabilitas_dijangkau BIGINT NOT NULL, perempuan_dijangkau BIGINT NOT NULL,
    rumah_dikunjungi BIGINT, terakhir DATE NOT NULL, rw_dikunjungi HUGEINT NOT NULL
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
# A place-day's week piece (its Monday-to-Sunday week cut to its calendar month, so that pieces nest in months) and
# its month; span_params' _piece computes the same in Python.
_DAY_PIECE_START = "greatest(date_trunc('week', d.tanggal), date_trunc('month', d.tanggal))::DATE"
_DAY_PIECE_END = "least(date_trunc('week', d.tanggal)::DATE + 6, last_day(d.tanggal))"
_DAY_MONTH_START = "date_trunc('month', d.tanggal)::DATE"
_DAY_MONTH_END = "last_day(d.tanggal)"
# Place-days of the imports `{imports}` (a condition on d.import_id) summed per week piece (whose parent is the
# month) and per month (no parent); `terakhir` is the last day with an activity.
_SPAN_SUMS = """d.kode_kabkota, d.kode_kecamatan, d.kode_kelurahan, any_value(d.no_kelurahan), d.import_id,
       sum(d.kegiatan)::BIGINT, sum(d.dijangkau)::BIGINT, sum(d.pemula_dijangkau)::BIGINT,
       sum(d.disabilitas_dijangkau)::BIGINT, sum(d.perempuan_dijangkau)::BIGINT, sum(d.rumah_dikunjungi)::BIGINT,
       max(d.tanggal), bit_or(d.rw_dikunjungi)"""
_PLACE_SPANS_OF = f"""
INSERT INTO {PLACE_SPAN_TABLE}
SELECT * FROM (
    SELECT 'minggu', {_DAY_PIECE_START}, {_DAY_PIECE_END}, {_DAY_MONTH_START}, {_DAY_MONTH_END}, {_SPAN_SUMS}
    FROM {PLACE_DAY_TABLE} d WHERE {{imports}}
    GROUP BY 2, 3, 4, 5, d.kode_kabkota, d.kode_kecamatan, d.kode_kelurahan, d.import_id
    UNION ALL
    SELECT 'bulan', {_DAY_MONTH_START}, {_DAY_MONTH_END}, NULL::DATE, NULL::DATE, {_SPAN_SUMS}
    FROM {PLACE_DAY_TABLE} d WHERE {{imports}}
    GROUP BY 2, 3, d.kode_kabkota, d.kode_kecamatan, d.kode_kelurahan, d.import_id
) ORDER BY 2, 1, 6, 7, 8
"""
_BUILD = (_PLACE_DAYS_OF.format(imports="true"), _SCHOOL_DAYS_OF.format(imports="true"),
          _PLACE_SPANS_OF.format(imports="true"))
# One import's rows: the imports in the rollup and not yet in the place table (both day tables are written together,
# so the place table's imports are both's), then the place table's imports not yet in the span table
# (db.imports_missing says which).
_ADD_DAYS = (_PLACE_DAYS_OF.format(imports="r.import_id = $import_id"),
             _SCHOOL_DAYS_OF.format(imports="r.import_id = $import_id"))
_ADD_SPANS = _PLACE_SPANS_OF.format(imports="d.import_id = $import_id")
# Imports here that the rollup no longer has (undone).
_UNDONE = f"import_id NOT IN (SELECT DISTINCT import_id FROM {rollup.TABLE})"
_DROP = (f"DELETE FROM {SCHOOL_DAY_TABLE} WHERE {_UNDONE}", f"DELETE FROM {PLACE_DAY_TABLE} WHERE {_UNDONE}",
         f"DELETE FROM {PLACE_SPAN_TABLE} WHERE {_UNDONE}")
# The tables add up to the rollup, the spans twice (each activity is in one week piece and one month), and every
# kelurahan of the list has its number; else rows changed some other way than by imports, or the list did: build them
# again.
_IN_STEP = f"""
SELECT (SELECT coalesce(sum(kegiatan), 0) FROM {PLACE_DAY_TABLE}) = (SELECT coalesce(sum(kegiatan), 0) FROM {rollup.TABLE})
   AND (SELECT coalesce(sum(kegiatan), 0) FROM {PLACE_SPAN_TABLE})
       = 2 * (SELECT coalesce(sum(kegiatan), 0) FROM {rollup.TABLE})
   AND (SELECT coalesce(sum(kegiatan), 0) FROM {SCHOOL_DAY_TABLE})
       = (SELECT coalesce(sum(kegiatan), 0) FROM {rollup.TABLE} WHERE id_sekolah IS NOT NULL)
   AND NOT EXISTS (SELECT kode_kelurahan FROM kelurahan EXCEPT SELECT kode_kelurahan FROM {NUMBER_TABLE})
"""
_TABLES = (NUMBER_TABLE, PLACE_DAY_TABLE, SCHOOL_DAY_TABLE, PLACE_SPAN_TABLE)


def apply(con: duckdb.DuckDBPyConnection, *, rebuild: bool) -> bool:
    """Bring the tables in step with the (current) rollup; the caller holds a transaction. Rows of imports the
    rollup no longer has are deleted and the imports it gained are added (the rows of an import: a fraction of a
    second, where a build reads the whole rollup, ~6 s at 10M activities). Built anew when `rebuild` (an older
    layout), when a table is missing, or when they do not add up to the rollup afterwards. Returns whether they were
    built anew (so the kelurahan numbered anew, which analytics/type_days.py keys by)."""
    if not rebuild and db.tables_present(con, _TABLES) == len(_TABLES):
        for statement in _DROP:
            con.execute(statement)
        for import_id in db.imports_missing(con, rollup.TABLE, PLACE_DAY_TABLE):
            for statement in _ADD_DAYS:
                con.execute(statement, {"import_id": import_id})
        for import_id in db.imports_missing(con, PLACE_DAY_TABLE, PLACE_SPAN_TABLE):
            con.execute(_ADD_SPANS, {"import_id": import_id})
        if con.execute(_IN_STEP).fetchone()[0]:
            return False
    con.execute(_SCHEMA)
    for statement in (_NUMBERS, *_BUILD):
        con.execute(statement)
    return True


# Whether every kelurahan's RW fit in the bits (checked when a view asks; the RW counts are reference data).
RW_FIT = f"SELECT coalesce(max(jumlah_rw), 0) <= {MAX_RW} FROM kelurahan"


def rw_fit(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether every kelurahan's RW fit in the bits of rw_dikunjungi (asked once per query call)."""
    return memo.remembered(con, "rw_fit", lambda: bool(con.execute(RW_FIT).fetchone()[0]))

# The days of the chosen election's window and period.
_WINDOW_WHERE = """
    a.tanggal BETWEEN p.sosialisasi_mulai AND p.sosialisasi_selesai
    AND ($mulai IS NULL OR a.tanggal >= $mulai) AND ($sampai IS NULL OR a.tanggal <= $sampai) AND """
# School visits of the window and period with every activity filter but RW (types and organisers are keys here).
SCHOOL_DAYS = f"""
    SELECT a.* FROM {SCHOOL_DAY_TABLE} a JOIN pemilihan p ON p.kode_pemilihan = $pemilihan
    WHERE {_WINDOW_WHERE}{ACTIVITY_AREA_WHERE}
    AND ($jenis IS NULL OR list_contains($jenis, a.jenis_kegiatan))
    AND ($org IS NULL OR list_contains($org, a.penyelenggara))"""
# The same place-days for views that only sum them (and take the last day): whole months and week pieces inside the
# period from PLACE_SPAN_TABLE, the days at its ends from PLACE_DAY_TABLE (span_params says which days). A day counts
# once: through its month when the month lies inside the period and window, else through its week piece when that
# does, else itself. A month of the whole country then reads ~90.000 month rows at 10M activities instead of ~1M
# place-days. `tanggal` is the last day with an activity of the row (the headline figures' "a week ago" is read as the
# period cut at that cut-off, not from days). The bounds are bound values, so the tables' zone maps skip every other
# day.
_SUMMED = ("a.kode_kabkota, a.kode_kecamatan, a.kode_kelurahan, a.no_kelurahan, a.kegiatan, a.dijangkau, "
           "a.pemula_dijangkau, a.disabilitas_dijangkau, a.perempuan_dijangkau, a.rumah_dikunjungi")
_ENDS = f"""
    SELECT {_SUMMED}, a.tanggal, a.rw_dikunjungi FROM {PLACE_DAY_TABLE} a
    WHERE a.tanggal BETWEEN {{first}} AND {{last}} AND {ACTIVITY_AREA_WHERE}"""
PLACE_SPANS = (_ENDS.format(first="$dari", last="$hari_awal_sampai") + "\n    UNION ALL"
               + _ENDS.format(first="$hari_akhir_dari", last="$hingga") + f"""
    UNION ALL
    SELECT {_SUMMED}, a.terakhir AS tanggal, a.rw_dikunjungi FROM {PLACE_SPAN_TABLE} a
    WHERE a.mulai >= $rentang_dari AND a.selesai <= $rentang_hingga
    AND NOT coalesce(a.induk_mulai >= $dari AND a.induk_selesai <= $hingga, false) AND {ACTIVITY_AREA_WHERE}""")

_WINDOW = "SELECT sosialisasi_mulai, sosialisasi_selesai FROM pemilihan WHERE kode_pemilihan = $e"


def span_params(con: duckdb.DuckDBPyConnection, filters: Filters, scope: Scope) -> dict[str, object]:
    """PLACE_SPANS' parameters: the areas, and the filters' period cut to the election's window, split into the days
    read from month and week rows ($rentang_dari … $rentang_hingga) and the days before and after them, read day by
    day. Every bound is None for an election not in `pemilihan` (no rows, as the raw log gives)."""
    bound = {k: v for k, v in activity_area_params(filters, scope).items() if k != "pemilihan"}
    names = ("dari", "hari_awal_sampai", "hari_akhir_dari", "hingga", "rentang_dari", "rentang_hingga")
    lo, hi = period(con, filters)
    if lo is None or hi is None:
        return {**bound, **dict.fromkeys(names)}
    # The pieces inside lo … hi run from the first piece starting on or after lo to the last ending on or before hi.
    inner_lo = lo if _piece(lo)[0] == lo else _piece(lo)[1] + dt.timedelta(days=1)
    inner_hi = hi if _piece(hi)[1] == hi else _piece(hi)[0] - dt.timedelta(days=1)
    # Days before inner_lo, then after inner_hi (never the same day twice when no piece fits: inner_lo > inner_hi).
    first_end = min(hi, inner_lo - dt.timedelta(days=1))
    last_start = max(inner_lo, inner_hi + dt.timedelta(days=1))
    return {**bound, **dict(zip(names, (lo, first_end, last_start, hi, inner_lo, inner_hi)))}


def period(con: duckdb.DuckDBPyConnection, filters: Filters) -> tuple[dt.date | None, dt.date | None]:
    """The filters' period cut to the election's outreach window (first and last day), both None for an election
    not in `pemilihan`. Bound as values they filter a scan directly (and let a table stored by date skip row
    groups), where a join to `pemilihan` costs a nested-loop join over every row."""
    window = memo.remembered(con, ("window", filters.pemilihan),
                             lambda: con.execute(_WINDOW, {"e": filters.pemilihan}).fetchone())
    if window is None:
        return None, None
    return max(window[0], filters.mulai or window[0]), min(window[1], filters.sampai or window[1])


def _piece(day: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last day of `day`'s week piece: its Monday-to-Sunday week cut to its month (as _DAY_PIECE_START
    and _DAY_PIECE_END compute it in SQL)."""
    monday = day - dt.timedelta(days=day.weekday())
    return max(monday, day.replace(day=1)), min(monday + dt.timedelta(days=6), month_end(day))


def month_end(day: dt.date) -> dt.date:
    """The last day of `day`'s calendar month."""
    return (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
