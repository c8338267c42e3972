"""Queries of the Wilayah page: RW coverage, the activity log, activity points and the breakdown by type."""

from __future__ import annotations

import duckdb
import pandas as pd

from analytics import facts, periods, rollup, totals, type_days
from analytics.filters import (
    ACTIVITY_WHERE,
    AREA_WHERE,
    TYPE_WHERE,
    Filters,
    Scope,
    area_params,
    one_kabkota,
    params,
    type_params,
)
from analytics.memo import once_per_answer
from analytics.newest import NEWER_PER_DAY, OLDEST_DAY_NEEDED, newest_rows
from analytics.queries.overview import (
    AREA_LOG_ACTIVITIES,
    FILTERED_ACTIVITIES,
    FILTERED_AREAS,
    counted_activities,
    counted_by_kabkota,
)

# The Wilayah page draws the RW grid (rw_coverage) only for this many kelurahan at most; wider views get a note.
RW_GRID_MAX_KELURAHAN = 30

# The RW grid of the chosen areas; `seen` holds the visited RW's figures, from the activities or (default view)
# from the whole-window table of RW (analytics/totals.py).
_RW_SQL = """
WITH w AS ({areas}),
seen AS ({seen})
SELECT w.kode_kecamatan, w.kecamatan, w.kode_kelurahan, w.kelurahan, r.rw,
       coalesce(seen.kegiatan, 0) AS kegiatan, coalesce(seen.dijangkau, 0) AS dijangkau,
       coalesce(seen.rumah_dikunjungi, 0) AS rumah_dikunjungi, seen.kegiatan_terakhir
FROM v_rw r
JOIN w USING (kode_kelurahan)
LEFT JOIN seen USING (kode_kelurahan, rw)
WHERE $rw IS NULL OR list_contains($rw, r.rw)
ORDER BY w.kode_kelurahan, r.rw
"""
_SEEN_FROM_ACTIVITIES = """
    SELECT kode_kelurahan, rw, sum(kegiatan)::BIGINT AS kegiatan,
           coalesce(sum(jumlah_peserta) FILTER (WHERE ada_peserta), 0)::BIGINT AS dijangkau,
           coalesce(sum(rumah_dikunjungi), 0)::BIGINT AS rumah_dikunjungi,
           max(tanggal) AS kegiatan_terakhir
    FROM ({activities}) a WHERE rw IS NOT NULL GROUP BY ALL"""
# Only RW 1 … jumlah_rw are in the table; the grid (v_rw) shows no others either.
_SEEN_FROM_TOTALS = f"""
    SELECT kode_kelurahan, rw, kegiatan, dijangkau, rumah_dikunjungi, kegiatan_terakhir
    FROM {totals.RW_TABLE} WHERE kode_pemilihan = $pemilihan"""


# The same from the per-type RW totals (totals.by_type_usable): a type or organiser chosen over the whole window.
_SEEN_FROM_TYPES = """
    SELECT a.kode_kelurahan, a.rw, sum(a.kegiatan)::BIGINT AS kegiatan, sum(a.dijangkau)::BIGINT AS dijangkau,
           coalesce(sum(a.rumah_dikunjungi), 0)::BIGINT AS rumah_dikunjungi,
           max(a.kegiatan_terakhir) AS kegiatan_terakhir
    FROM """ + totals.RW_TYPE_TABLE + """ a WHERE a.kode_pemilihan = $pemilihan AND """ + TYPE_WHERE + """
    GROUP BY ALL"""


def _rw_sql(con: duckdb.DuckDBPyConnection, template: str, filters: Filters,
            scope: Scope, areas: str = FILTERED_AREAS) -> tuple[str, dict[str, object]]:
    """`template` with its visited RW from the whole-window table when the view allows, else from the activities,
    and its areas from `areas` (which may read $pemilihan: every branch binds it); and the parameters that SQL uses
    (DuckDB refuses unused ones)."""
    bound = params(filters, scope)
    if totals.usable(con, filters, scope, "kelurahan"):
        seen = _SEEN_FROM_TOTALS
        bound = {**area_params(filters, scope), "pemilihan": filters.pemilihan, "rw": bound["rw"]}
    elif totals.by_type_usable(con, filters):
        seen = _SEEN_FROM_TYPES
        bound = {**type_params(filters, scope), "rw": None}
    else:
        seen = _SEEN_FROM_ACTIVITIES.format(activities=counted_activities(con))
    return template.format(areas=areas, seen=seen), bound


@once_per_answer
def rw_coverage(con: duckdb.DuckDBPyConnection, filters: Filters, scope: Scope) -> pd.DataFrame:
    """Every known RW of the chosen areas with its activities (0 = never visited in the filtered period)."""
    sql, bound = _rw_sql(con, _RW_SQL, filters, scope)
    return con.execute(sql, bound).df()


# RW never visited in the filtered period: the RW of each kelurahan (1 … jumlah_rw) minus those visited, without
# listing every RW of the country first. The first `limit` in code order (a top-N), and how many there are from two
# counts: the RW of the areas (under the RW filter) minus those visited. A window count(*) OVER () kept every
# unvisited RW of the country (~600.000) in memory and sorted them all.
_UNVISITED_SQL = """
WITH w AS ({areas}),
seen AS ({seen}),
never AS (
    SELECT w.kode_kecamatan, w.kecamatan, w.kode_kelurahan, w.kelurahan, r.rw
    FROM v_rw r
    JOIN w USING (kode_kelurahan)
    ANTI JOIN seen USING (kode_kelurahan, rw)
    WHERE $rw IS NULL OR list_contains($rw, r.rw)
),
top AS (SELECT * FROM never ORDER BY kode_kelurahan, rw LIMIT $limit),
n AS (
    SELECT (SELECT coalesce(sum(CASE WHEN $rw IS NULL THEN w.jumlah_rw
                                     ELSE len(list_filter(list_distinct($rw), lambda x: x BETWEEN 1 AND w.jumlah_rw))
                                END), 0) FROM w)
         - (SELECT count(*) FROM seen JOIN w USING (kode_kelurahan)
            WHERE seen.rw BETWEEN 1 AND w.jumlah_rw AND ($rw IS NULL OR list_contains($rw, seen.rw))) AS total_baris
)
SELECT top.*, n.total_baris FROM top, n
ORDER BY kode_kelurahan, rw
"""


# The same without an RW filter, from each kelurahan's visited RW as bits of one number (bit rw-1, RW up to
# periods.MAX_RW): how many it has left is a subtraction, and only the kelurahan that hold the first `limit` of them
# (in code order) are spelled out RW by RW, instead of every RW of the country anti-joined with those visited.
_UNVISITED_TAIL = """
k AS (
    SELECT w.kode_kecamatan, w.kecamatan, w.kode_kelurahan, w.kelurahan, w.jumlah_rw,
           coalesce(seen_bits.bits, 0) & ((1::HUGEINT << w.jumlah_rw) - 1) AS bits
    FROM w LEFT JOIN seen_bits USING (kode_kelurahan)
    WHERE w.jumlah_rw IS NOT NULL
),
c AS (SELECT *, jumlah_rw - bit_count(bits) AS belum FROM k),
-- A kelurahan with an RW never visited gives at least one row, so the first $limit of them in code order hold the
-- first $limit rows: a top-N of kelurahan, where a running sum over all 83.000 sorted them (~25 ms nationally).
first_kel AS (SELECT * FROM c WHERE belum > 0 ORDER BY kode_kelurahan LIMIT $limit),
top AS (
    SELECT c.kode_kecamatan, c.kecamatan, c.kode_kelurahan, c.kelurahan, r.rw::SMALLINT AS rw
    FROM first_kel c, generate_series(1, c.jumlah_rw) AS r(rw)
    WHERE (c.bits >> (r.rw - 1)::INTEGER) & 1 = 0
    ORDER BY c.kode_kelurahan, r.rw LIMIT $limit
),
n AS (SELECT coalesce(sum(belum), 0)::BIGINT AS total_baris FROM c)
SELECT top.*, n.total_baris FROM top, n
ORDER BY kode_kelurahan, rw
"""
_UNVISITED_BITS_SQL = """
WITH w AS ({areas}),
seen AS ({seen}),
seen_bits AS (
    SELECT kode_kelurahan, bit_or(1::HUGEINT << (rw - 1)) AS bits
    FROM seen WHERE rw <= """ + str(periods.MAX_RW) + """ AND $rw IS NULL  -- no RW filter here (unvisited_rw)
    GROUP BY 1
),""" + _UNVISITED_TAIL
# A period (no type, organiser or RW: totals.by_period_usable): the bits from the per-day place table.
_UNVISITED_PERIOD_SQL = """
WITH w AS ({areas}),
seen_bits AS (
    SELECT n.kode_kelurahan, x.bits
    FROM (SELECT d.no_kelurahan, bit_or(d.rw_dikunjungi) AS bits
          FROM (""" + periods.PLACE_SPANS + """) d WHERE d.no_kelurahan IS NOT NULL GROUP BY 1) x
    JOIN """ + periods.NUMBER_TABLE + """ n USING (no_kelurahan)
),""" + _UNVISITED_TAIL


@once_per_answer
def unvisited_rw(con: duckdb.DuckDBPyConnection, filters: Filters, scope: Scope,
                 limit: int | None = 2_000) -> tuple[pd.DataFrame, int]:
    """RW of the chosen areas with no activity in the filtered period, in code order (at most `limit`; None = all),
    and how many there are in all: the PPS work list."""
    if limit is not None and limit < 1:
        raise ValueError("limit must be at least 1, or None for every RW")  # the total rides on the rows
    # The areas from the election's facts rows, which carry names and RW counts, rather than v_wilayah's join of
    # three tables: at 10M activities the lists of the whole country and of a province ~a quarter faster.
    by_facts = facts.available(con, filters.pemilihan)
    areas = facts.AREA_ROWS if by_facts else FILTERED_AREAS
    if (filters.mulai or filters.sampai) and totals.by_period_usable(con, filters, scope):
        sql = _UNVISITED_PERIOD_SQL.replace("{areas}", areas)
        bound = periods.span_params(con, filters, scope) | ({"pemilihan": filters.pemilihan} if by_facts else {})
    elif not filters.rw and periods.rw_fit(con):
        sql, bound = _rw_sql(con, _UNVISITED_BITS_SQL, filters, scope, areas)
    else:
        sql, bound = _rw_sql(con, _UNVISITED_SQL, filters, scope)
    frame = con.execute(sql, {**bound, "limit": limit}).df()
    total = int(frame["total_baris"].iloc[0]) if len(frame) else 0
    return frame.drop(columns="total_baris"), total


_LOG_COLUMNS = """
    a.id_kegiatan, a.tanggal, a.jenis_kegiatan, j.nama AS nama_jenis, j.nama_en AS nama_jenis_en,
    kc.nama AS kecamatan, kl.nama AS kelurahan, a.rw, a.lokasi, a.penyelenggara, a.jumlah_peserta,
    a.peserta_pemula, a.peserta_disabilitas, a.peserta_perempuan, a.rumah_dikunjungi, a.keterangan
"""

# The newest rows first (a top-N that never sorts the whole selection), names joined to those rows only. A window
# count(*) OVER () here kept every row of the country in memory (5 s at 10M).
_LOG_FROM = """
WITH a AS ({activities}),
top AS (SELECT * FROM a ORDER BY a.tanggal DESC, a.id_kegiatan DESC LIMIT $limit)
SELECT {columns}
FROM top a
JOIN jenis_kegiatan j ON j.kode = a.jenis_kegiatan
LEFT JOIN kecamatan kc ON kc.kode_kecamatan = a.kode_kecamatan
LEFT JOIN kelurahan kl ON kl.kode_kelurahan = a.kode_kelurahan
ORDER BY a.tanggal DESC, a.id_kegiatan DESC
"""
# With a limit, only the days that hold the newest `limit` activities: the log is stored by date, so DuckDB reads
# those days' row groups instead of every row of the selection (in the log stored by area: those of each kecamatan's
# rows, which are stored by date within it). Per source: every row, and the rows since a day.
_LOG_SQL = {
    area: (_LOG_FROM.format(activities=rows, columns=_LOG_COLUMNS),
           _LOG_FROM.format(activities=rows + " AND a.tanggal >= $since", columns=_LOG_COLUMNS))
    for area, rows in ((False, FILTERED_ACTIVITIES), (True, AREA_LOG_ACTIVITIES))
}
# From the rollup (or the raw log): how many activities there are in all, and the oldest day still needed for the
# newest `limit`.
_LOG_COUNT_FROM = ("WITH a AS ({activities}), d AS (SELECT tanggal, sum(kegiatan) AS n FROM a GROUP BY 1), "
                   + NEWER_PER_DAY + " SELECT coalesce(sum(n), 0)::BIGINT, " + OLDEST_DAY_NEEDED + " FROM c")


@once_per_answer
def activity_log(
    con: duckdb.DuckDBPyConnection, filters: Filters, scope: Scope, limit: int | None = 50_000
) -> tuple[pd.DataFrame, int]:
    """The newest activities of the selection (at most `limit`; None = all) and how many there are in all."""
    bound = params(filters, scope)
    total, since = con.execute(_LOG_COUNT_FROM.format(activities=counted_by_kabkota(con, filters, scope)),
                               {**bound, "limit": limit}).fetchone()
    every_sql, since_sql = _LOG_SQL[totals.by_area_log_usable(con, filters, scope)]
    return newest_rows(con, every_sql, since_sql, bound, limit, since), int(total)


# Located activities of one kab/kota in ~100 m cells, from the log stored by area when it is current (the kab/kota's
# row groups) or from the log itself.
_POINTS_FROM = """
WITH a AS ({activities} AND a.lat IS NOT NULL AND a.lon IS NOT NULL)
SELECT round(a.lat, $digits) AS lat, round(a.lon, $digits) AS lon, a.jenis_kegiatan,
       count(*)::BIGINT AS kegiatan,
       coalesce(sum(a.jumlah_peserta) FILTER (WHERE a.ada_peserta), 0)::BIGINT AS dijangkau,
       min(a.lokasi) AS lokasi  -- deterministic: the same link always shows the same label
FROM a
GROUP BY ALL
ORDER BY kegiatan DESC, lat, lon, jenis_kegiatan
LIMIT $cap
"""
_POINTS_SQL = {area: _POINTS_FROM.format(activities=rows)
               for area, rows in ((False, FILTERED_ACTIVITIES), (True, AREA_LOG_ACTIVITIES))}


# The busiest kelurahan and types of `g` (kode_kelurahan, jenis_kegiatan, kegiatan, dijangkau) at their centres. Ties
# go to the lower codes, so the busiest `$candidates` are taken before the centres are joined: a month of the country
# has ~390k groups, and joining them all to the kelurahan (and sorting them by position) cost more than grouping them.
# `$candidates` is `$cap` plus every group a kelurahan without a centre could have (_WITHOUT_CENTRE).
_AT_CENTRES = """,
top AS (SELECT * FROM g ORDER BY kegiatan DESC, kode_kelurahan, jenis_kegiatan LIMIT $candidates)
SELECT k.lat, k.lon, top.jenis_kegiatan, top.kegiatan, top.dijangkau, k.nama AS lokasi
FROM top JOIN kelurahan k USING (kode_kelurahan)
WHERE k.lat IS NOT NULL AND k.lon IS NOT NULL
ORDER BY top.kegiatan DESC, top.kode_kelurahan, top.jenis_kegiatan
LIMIT $cap
"""
# Views spanning several kab/kota: one point per kelurahan (at its centre) and type, from the rollup. At that zoom a
# kelurahan is a few pixels wide, and ~100 m cells would mean reading every located activity of the country.
# The election's window and the period are bound as dates ($dari, $hingga: periods.period) rather than joined from
# `pemilihan`, and whether a type counts people is looked up per group rather than per row: at 10M activities,
# October for the whole country (~1,6M rollup rows into ~390k groups) took ~140 ms the joined way, ~95 ms this way.
_KELURAHAN_POINTS_FROM = """
WITH s AS (
    SELECT a.kode_kelurahan, a.jenis_kegiatan, sum(a.kegiatan)::BIGINT AS kegiatan, sum(a.jumlah_peserta) AS peserta
    FROM {source} a
    WHERE a.tanggal BETWEEN $dari AND $hingga AND a.kode_kelurahan IS NOT NULL AND """ + ACTIVITY_WHERE + """
    GROUP BY ALL
),
g AS (
    SELECT s.kode_kelurahan, s.jenis_kegiatan, s.kegiatan,
           (CASE WHEN j.ada_peserta THEN coalesce(s.peserta, 0) ELSE 0 END)::BIGINT AS dijangkau
    FROM s JOIN jenis_kegiatan j ON j.kode = s.jenis_kegiatan
)""" + _AT_CENTRES
_KELURAHAN_POINTS_SQL = {source: _KELURAHAN_POINTS_FROM.format(source=source) for source in (rollup.TABLE, rollup.RAW)}
# The same points of a period from the activities per month and per day, kelurahan and type (analytics/type_days.py:
# the period's whole months, the days at its ends): grouped by the two numbers, the busiest groups taken, then their
# codes looked up. No RW there (totals.by_type_day_usable).
_KELURAHAN_POINTS_DAYS_SQL = f"""
WITH n AS (
    SELECT a.no_kelurahan, a.no_jenis, sum(a.kegiatan)::BIGINT AS kegiatan, sum(a.dijangkau)::BIGINT AS dijangkau
    FROM ({type_days.PERIOD_ROWS}) a
    GROUP BY ALL
),
busiest AS (SELECT * FROM n ORDER BY kegiatan DESC, no_kelurahan, no_jenis LIMIT $candidates),
g AS (
    SELECT k.kode_kelurahan, t.kode AS jenis_kegiatan, b.kegiatan, b.dijangkau
    FROM busiest b
    JOIN {periods.NUMBER_TABLE} k USING (no_kelurahan)
    JOIN {type_days.TYPE_NUMBER_TABLE} t USING (no_jenis)
)""" + _AT_CENTRES
# The same points of the whole country from the whole-window counts per kelurahan and type
# (totals.by_kelurahan_type_usable: one row per kelurahan and type already, nothing to group).
_KELURAHAN_POINTS_BY_TYPE_SQL = f"""
WITH g AS (
    SELECT a.kode_kelurahan, a.jenis_kegiatan, a.kegiatan, a.dijangkau
    FROM {totals.KELURAHAN_TYPE_TABLE} a
    WHERE a.kode_pemilihan = $pemilihan AND ($jenis IS NULL OR list_contains($jenis, a.jenis_kegiatan))
)""" + _AT_CENTRES
# The same points from the whole-window counts per place, type and organiser (totals.by_type_usable): ~1,2M rows at
# 10M activities instead of the rollup's ~9M.
_KELURAHAN_POINTS_TOTALS_SQL = f"""
WITH g AS (
    SELECT a.kode_kelurahan, a.jenis_kegiatan, sum(a.kegiatan)::BIGINT AS kegiatan,
           sum(a.dijangkau)::BIGINT AS dijangkau
    FROM {totals.TYPE_TABLE} a
    WHERE a.kode_pemilihan = $pemilihan AND a.kode_kelurahan IS NOT NULL AND {TYPE_WHERE}
    GROUP BY ALL
)""" + _AT_CENTRES
# How many (kelurahan, type) groups could lack a centre: kelurahan without coordinates times the types.
_WITHOUT_CENTRE = """
SELECT (SELECT count(*) FROM kelurahan WHERE lat IS NULL OR lon IS NULL) * (SELECT count(*) FROM jenis_kegiatan)
"""
# Whether the view's kelurahan lie in more than one kab/kota: from the kelurahan table alone (a kecamatan's code starts
# with its kab/kota's, as filters._kabkota_range relies on too), without joining v_wilayah's three tables.
_SEVERAL_KABKOTA_SQL = """
SELECT min(w.kode_kabkota) IS DISTINCT FROM max(w.kode_kabkota)
FROM (SELECT kode_kelurahan, kode_kecamatan, left(kode_kecamatan, 5) AS kode_kabkota FROM kelurahan) w
WHERE """ + AREA_WHERE


@once_per_answer
def points_level(con: duckdb.DuckDBPyConnection, filters: Filters, scope: Scope) -> str:
    """How activity_points groups this view: "sel" (~100 m cells of located activities) within one kab/kota,
    "kelurahan" (each kelurahan's activities at its centre) for views spanning several."""
    if one_kabkota(filters, scope):
        return "sel"
    return "kelurahan" if con.execute(_SEVERAL_KABKOTA_SQL, area_params(filters, scope)).fetchone()[0] else "sel"


@once_per_answer
def activity_points(
    con: duckdb.DuckDBPyConnection, filters: Filters, scope: Scope, cap: int = 5_000
) -> pd.DataFrame:
    """Where activities took place (lat, lon, jenis_kegiatan, kegiatan, dijangkau, lokasi, tingkat), at most `cap`
    points, busiest first: a map never receives raw rows. Binned as points_level says (`tingkat`)."""
    level = points_level(con, filters, scope)
    if level == "kelurahan":
        frame = _kelurahan_points(con, filters, scope, cap)
    else:
        sql = _POINTS_SQL[totals.by_area_log_usable(con, filters, scope)]
        frame = con.execute(sql, {**params(filters, scope), "digits": 3, "cap": cap}).df()
    return frame.assign(tingkat=level)


def _kelurahan_points(con: duckdb.DuckDBPyConnection, filters: Filters, scope: Scope, cap: int) -> pd.DataFrame:
    """activity_points per kelurahan: from the whole-window counts, the activities per day and type, the rollup or
    the raw log, whichever the filters allow."""
    limits = {"cap": cap, "candidates": cap + con.execute(_WITHOUT_CENTRE).fetchone()[0]}
    if totals.by_kelurahan_type_usable(con, filters, scope):
        bound = {k: v for k, v in params(filters, scope).items() if k in ("pemilihan", "jenis")}
        return con.execute(_KELURAHAN_POINTS_BY_TYPE_SQL, {**bound, **limits}).df()
    if totals.by_type_usable(con, filters):
        return con.execute(_KELURAHAN_POINTS_TOTALS_SQL, {**type_params(filters, scope), **limits}).df()
    if totals.by_type_day_usable(con, filters):
        sql, bound = _KELURAHAN_POINTS_DAYS_SQL, type_params(filters, scope)
        dates = type_days.month_params(*periods.period(con, filters))
    else:
        sql, bound = _KELURAHAN_POINTS_SQL[rollup.source(con)], params(filters, scope)
        dates = dict(zip(("dari", "hingga"), periods.period(con, filters)))
    bound = {k: v for k, v in bound.items() if k != "pemilihan"}
    return con.execute(sql, {**bound, **dates, **limits}).df()


_BREAKDOWN_SQL = """
WITH a AS ({activities})
SELECT a.jenis_kegiatan, a.penyelenggara, sum(a.kegiatan)::BIGINT AS kegiatan,
       coalesce(sum(a.jumlah_peserta) FILTER (WHERE a.ada_peserta), 0)::BIGINT AS dijangkau
FROM a GROUP BY ALL ORDER BY ALL
"""


@once_per_answer
def breakdown(con: duckdb.DuckDBPyConnection, filters: Filters, scope: Scope) -> pd.DataFrame:
    """Activities and people reached by type and organiser."""
    return con.execute(_BREAKDOWN_SQL.format(activities=counted_by_kabkota(con, filters, scope)),
                       params(filters, scope)).df()
