"""Activities per day and per month, kelurahan, type, organiser and import (kegiatan_harian_jenis,
kegiatan_bulanan_jenis): the activity map of a period in a view wider than one kab/kota groups the period's whole
months and the days at its ends here, stored by date and keyed by two small integers, instead of grouping the
area-sorted daily rollup by its text codes.

Derived tables brought up to date from the rollup with the whole-window totals (analytics/totals.py calls apply,
records their version and decides when they may be read): an import's rows are added and an undo deletes them."""

from __future__ import annotations

import datetime as dt

import duckdb

from analytics import db, periods, rollup
from analytics.filters import TYPE_WHERE

TABLE = "kegiatan_harian_jenis"
# Each activity type's number (no_jenis) in TABLE, in code order, built with it. With the kelurahan's number
# (periods.NUMBER_TABLE, also in code order) a group is two integers: a month of the country (~1,5M rows into ~390k
# groups at 10M activities) groups in about a third of the time its two text codes take.
TYPE_NUMBER_TABLE = "jenis_nomor"
# TABLE's rows summed per calendar month (`bulan`, its first day), same keys: a month of the whole country is ~450k
# rows here against ~1,5M days at 10M activities, and grouping them per kelurahan and type takes about half the time.
# Months only, no weeks: per kelurahan, type and organiser a week rarely has more than one day of activity, so week
# rows would be nearly as many as the days they sum.
MONTH_TABLE = "kegiatan_bulanan_jenis"

_SCHEMA = f"""
CREATE OR REPLACE TABLE {TYPE_NUMBER_TABLE} (no_jenis SMALLINT NOT NULL, kode VARCHAR NOT NULL);
CREATE OR REPLACE TABLE {TABLE} (
    tanggal DATE NOT NULL, kode_kabkota VARCHAR NOT NULL, kode_kecamatan VARCHAR, kode_kelurahan VARCHAR NOT NULL,
    no_kelurahan INTEGER NOT NULL, jenis_kegiatan VARCHAR NOT NULL, no_jenis SMALLINT NOT NULL,
    penyelenggara VARCHAR NOT NULL, import_id INTEGER NOT NULL, kegiatan BIGINT NOT NULL, dijangkau BIGINT NOT NULL
);
CREATE OR REPLACE TABLE {MONTH_TABLE} (
    bulan DATE NOT NULL, kode_kabkota VARCHAR NOT NULL, kode_kecamatan VARCHAR, kode_kelurahan VARCHAR NOT NULL,
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
# TABLE's rows of `{days}` (a condition on d) summed per month, stored by month.
_MONTHS_OF = f"""
INSERT INTO {MONTH_TABLE}
SELECT date_trunc('month', d.tanggal)::DATE, d.kode_kabkota, d.kode_kecamatan, d.kode_kelurahan,
       any_value(d.no_kelurahan), d.jenis_kegiatan, any_value(d.no_jenis), d.penyelenggara, d.import_id,
       sum(d.kegiatan)::BIGINT, sum(d.dijangkau)::BIGINT
FROM {TABLE} d
WHERE {{days}}
GROUP BY 1, d.kode_kabkota, d.kode_kecamatan, d.kode_kelurahan, d.jenis_kegiatan, d.penyelenggara, d.import_id
ORDER BY 1, d.kode_kabkota, d.kode_kecamatan, d.kode_kelurahan
"""
# Built one month at a time: each statement groups one month of days (~1,5M rows at 10M activities, ~7M at 100M)
# rather than all of them at once (~51M at 100M) within the import's memory limit.
_BUILD_MONTH = _MONTHS_OF.format(days="d.tanggal BETWEEN $mulai AND last_day($mulai)")
_MONTHS = f"SELECT DISTINCT date_trunc('month', tanggal)::DATE FROM {TABLE} ORDER BY 1"
# One import's rows (db.imports_missing says which): from the rollup into TABLE, then from TABLE into MONTH_TABLE.
_ADD = _ROWS_OF.format(imports="r.import_id = $import_id")
_ADD_MONTHS = _MONTHS_OF.format(days="d.import_id = $import_id")
_UNDONE = f"import_id NOT IN (SELECT DISTINCT import_id FROM {rollup.TABLE})"
_DROP = (f"DELETE FROM {TABLE} WHERE {_UNDONE}", f"DELETE FROM {MONTH_TABLE} WHERE {_UNDONE}")
# After adding and dropping, the tables hold every rollup activity logged in a numbered kelurahan; else rows changed
# outside an import, or an import brought a type not numbered yet (the join above dropped its rows): build them anew.
# Every kelurahan of the list is numbered (analytics/periods.py renumbers them when it grows); a code missing from the
# list has no centre to be mapped at either way.
_IN_STEP = f"""
SELECT (SELECT coalesce(sum(kegiatan), 0) FROM {TABLE})
       = (SELECT coalesce(sum(kegiatan), 0) FROM {rollup.TABLE}
          WHERE kode_kelurahan IN (SELECT kode_kelurahan FROM {periods.NUMBER_TABLE}))
   AND (SELECT coalesce(sum(kegiatan), 0) FROM {MONTH_TABLE}) = (SELECT coalesce(sum(kegiatan), 0) FROM {TABLE})
"""
_TABLES = (TYPE_NUMBER_TABLE, TABLE, MONTH_TABLE)


def apply(con: duckdb.DuckDBPyConnection, *, rebuild: bool) -> None:
    """Bring the tables in step with the (current) rollup and the kelurahan numbers of the per-day tables
    (analytics/periods.py, applied first; the caller holds a transaction): drop undone imports, add new ones. Built
    anew when `rebuild` (an older layout, or the kelurahan were numbered anew), when a table is missing, or when they
    do not hold what the rollup holds afterwards."""
    if not rebuild and db.tables_present(con, _TABLES) == len(_TABLES):
        for statement in _DROP:
            con.execute(statement)
        for import_id in db.imports_missing(con, rollup.TABLE, TABLE):
            con.execute(_ADD, {"import_id": import_id})
        for import_id in db.imports_missing(con, TABLE, MONTH_TABLE):
            con.execute(_ADD_MONTHS, {"import_id": import_id})
        if con.execute(_IN_STEP).fetchone()[0]:
            return
    con.execute(_SCHEMA)
    con.execute(_NUMBERS)
    con.execute(_BUILD)
    for (month,) in con.execute(_MONTHS).fetchall():
        con.execute(_BUILD_MONTH, {"mulai": month})


# The days of a period read from TABLE, then its whole months from MONTH_TABLE (month_params binds the bounds): each
# day once. The bounds are bound values, so both tables' zone maps skip every other day or month.
# Any area, scope, type and organiser apply (TYPE_WHERE).
_DAYS = f"""
    SELECT a.no_kelurahan, a.no_jenis, a.kegiatan, a.dijangkau FROM {TABLE} a
    WHERE a.tanggal BETWEEN {{first}} AND {{last}} AND {TYPE_WHERE}"""
PERIOD_ROWS = (_DAYS.format(first="$dari", last="$hari_awal_sampai") + "    UNION ALL"
               + _DAYS.format(first="$hari_akhir_dari", last="$hingga") + f"""    UNION ALL
    SELECT a.no_kelurahan, a.no_jenis, a.kegiatan, a.dijangkau FROM {MONTH_TABLE} a
    WHERE a.bulan BETWEEN $bulan_dari AND $bulan_hingga AND {TYPE_WHERE}""")


def month_params(lo: dt.date | None, hi: dt.date | None) -> dict[str, dt.date | None]:
    """PERIOD_ROWS' bounds for the period lo … hi: the whole months inside it ($bulan_dari … $bulan_hingga, their
    first days) and the days before and after them ($dari … $hari_awal_sampai, $hari_akhir_dari … $hingga). A period
    without a whole month reads its days once (the second range empty); None everywhere reads nothing."""
    names = ("dari", "hari_awal_sampai", "hari_akhir_dari", "hingga", "bulan_dari", "bulan_hingga")
    if lo is None or hi is None:
        return dict.fromkeys(names)
    one_day = dt.timedelta(days=1)
    first = lo if lo.day == 1 else periods.month_end(lo) + one_day  # the first whole month's first day
    # The last whole month's first day: hi's month when hi is its last day, else the month before.
    last = hi.replace(day=1) if hi == periods.month_end(hi) else (hi.replace(day=1) - one_day).replace(day=1)
    if first > last:
        return dict(zip(names, (lo, hi, hi + one_day, hi, None, None)))
    end = periods.month_end(last)  # the last whole month's last day
    return dict(zip(names, (lo, first - one_day, end + one_day, hi, first, last)))
