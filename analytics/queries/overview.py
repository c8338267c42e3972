"""Queries of the overview page: headline figures with their weekly change, and weekly activity."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields

import duckdb
import pandas as pd

from analytics import area_log, disability_days, facts, periods, rollup, totals
from analytics.filters import (
    ACTIVITY_AREA_WHERE,
    ACTIVITY_WHERE,
    AREA_WHERE,
    TYPE_WHERE,
    Filters,
    Scope,
    activity_area_params,
    one_kabkota,
    params,
    school_day_params,
    type_params,
)
from analytics.memo import once_per_answer

# Activities of the chosen election (its outreach window), after every filter and the viewer's scope.
_ACTIVITIES_FROM = """
    SELECT a.*, j.ada_peserta
    FROM {source} a
    JOIN jenis_kegiatan j ON j.kode = a.jenis_kegiatan
    JOIN pemilihan p ON p.kode_pemilihan = $pemilihan
    WHERE a.tanggal BETWEEN p.sosialisasi_mulai AND p.sosialisasi_selesai AND {where}
"""
# Raw rows, for queries that list or locate single activities: the log itself (stored by date), or the same rows
# stored by area (analytics/area_log.py) for views narrowed by area (totals.by_area_log_usable).
FILTERED_ACTIVITIES = _ACTIVITIES_FROM.format(source="activities", where=ACTIVITY_WHERE)
AREA_LOG_ACTIVITIES = _ACTIVITIES_FROM.format(source=area_log.TABLE, where=ACTIVITY_WHERE)
# Activities that reached voters with disabilities, per day and kab/kota (analytics/disability_days.py), each row
# standing for `kegiatan` of them: for views that totals.by_kabkota_usable allows.
DISABILITY_DAY_ACTIVITIES = _ACTIVITIES_FROM.format(source=disability_days.SOURCE, where=ACTIVITY_WHERE)


def counted_activities(con: duckdb.DuckDBPyConnection) -> str:
    """FILTERED_ACTIVITIES for queries that only count and sum: rows of the daily rollup (or of the raw log when
    the rollup cannot be used), each standing for `kegiatan` activities, so count(*) is written sum(kegiatan)."""
    return _ACTIVITIES_FROM.format(source=rollup.source(con), where=ACTIVITY_WHERE)


def counted_by_kabkota(con: duckdb.DuckDBPyConnection, filters: Filters, scope: Scope) -> str:
    """counted_activities for queries that group by nothing finer than kab/kota (no kecamatan, kelurahan, RW or
    school): the per kab/kota and day table for views not kept inside one kab/kota (totals.by_kabkota_usable), a few
    million rows at 100M activities where the daily rollup keeps ~70M. Same answer either way."""
    if totals.by_kabkota_usable(con, filters, scope):
        return _ACTIVITIES_FROM.format(source=totals.KABKOTA_DAILY_SOURCE, where=ACTIVITY_WHERE)
    return counted_activities(con)


# Kelurahan inside the area filters and the scope: the denominators (DPT, RW, schools) come from these.
FILTERED_AREAS = f"SELECT * FROM v_wilayah w WHERE {AREA_WHERE}"

# DPT, RW and schools of the areas `w` (CTEs dpt, rw and schools_all): RW 1 … jumlah_rw exist (v_rw), so they are
# counted by a sum, and a visited RW exists when rw <= jumlah_rw.
_AREA_TOTALS = """dpt AS (
    SELECT sum(v.total)::BIGINT AS dpt, sum(v.pemula)::BIGINT AS pemula, sum(v.disabilitas)::BIGINT AS disabilitas
    FROM voters v JOIN w USING (kode_kelurahan) WHERE v.kode_pemilihan = $pemilihan
),
rw AS (SELECT coalesce(sum(jumlah_rw), 0)::BIGINT AS total FROM w),
schools_all AS (SELECT count(*) AS total FROM schools s JOIN w USING (kode_kelurahan))"""

# Both cut-off dates in one pass over the activities: everything shown, and everything up to a week before the
# newest activity shown (the tiles' "change since last week"). Two passes cost twice as much at national scale.
# An RW or school counts as visited by a cut-off when its first visit is on or before it.
_KPI_SQL = """
WITH a AS ({activities}),
w AS ({areas}),
cut AS (SELECT (max(tanggal) - INTERVAL 7 DAY)::DATE AS minggu_lalu FROM a),
""" + _AREA_TOTALS + """,
rw_first AS (SELECT kode_kelurahan, rw, min(tanggal) AS pertama FROM a WHERE rw IS NOT NULL GROUP BY ALL),
rw_visited AS (
    SELECT count(*) AS n, count(*) FILTER (WHERE x.pertama <= cut.minggu_lalu) AS n_lalu
    FROM rw_first x JOIN kelurahan k USING (kode_kelurahan), cut WHERE x.rw <= k.jumlah_rw
),
school_first AS (
    SELECT a.id_sekolah, min(a.tanggal) AS pertama FROM a JOIN schools s USING (id_sekolah)
    JOIN w ON w.kode_kelurahan = s.kode_kelurahan GROUP BY 1
),
schools_visited AS (
    SELECT count(*) AS n, count(*) FILTER (WHERE x.pertama <= cut.minggu_lalu) AS n_lalu FROM school_first x, cut
),
totals AS (
    SELECT coalesce(sum(kegiatan), 0)::BIGINT AS kegiatan,
           coalesce(sum(jumlah_peserta) FILTER (WHERE ada_peserta), 0)::BIGINT AS dijangkau,
           coalesce(sum(peserta_pemula) FILTER (WHERE ada_peserta), 0)::BIGINT AS pemula_dijangkau,
           coalesce(sum(peserta_disabilitas) FILTER (WHERE ada_peserta), 0)::BIGINT AS disabilitas_dijangkau,
           coalesce(sum(peserta_perempuan) FILTER (WHERE ada_peserta), 0)::BIGINT AS perempuan_dijangkau,
           coalesce(sum(rumah_dikunjungi), 0)::BIGINT AS rumah_dikunjungi,
           max(tanggal) AS terakhir,
           coalesce(sum(kegiatan) FILTER (WHERE tanggal <= cut.minggu_lalu), 0)::BIGINT AS kegiatan_lalu,
           coalesce(sum(jumlah_peserta) FILTER (WHERE ada_peserta AND tanggal <= cut.minggu_lalu), 0)::BIGINT
               AS dijangkau_lalu,
           coalesce(sum(peserta_pemula) FILTER (WHERE ada_peserta AND tanggal <= cut.minggu_lalu), 0)::BIGINT
               AS pemula_dijangkau_lalu,
           coalesce(sum(peserta_disabilitas) FILTER (WHERE ada_peserta AND tanggal <= cut.minggu_lalu), 0)::BIGINT
               AS disabilitas_dijangkau_lalu,
           coalesce(sum(peserta_perempuan) FILTER (WHERE ada_peserta AND tanggal <= cut.minggu_lalu), 0)::BIGINT
               AS perempuan_dijangkau_lalu,
           coalesce(sum(rumah_dikunjungi) FILTER (WHERE tanggal <= cut.minggu_lalu), 0)::BIGINT
               AS rumah_dikunjungi_lalu,
           max(tanggal) FILTER (WHERE tanggal <= cut.minggu_lalu) AS terakhir_lalu
    FROM a, cut
)
SELECT t.kegiatan, t.dijangkau, t.pemula_dijangkau, t.disabilitas_dijangkau, t.perempuan_dijangkau,
       t.rumah_dikunjungi, t.terakhir, rv.n, rw.total, sv.n, sa.total, dpt.dpt, dpt.pemula, dpt.disabilitas,
       t.kegiatan_lalu, t.dijangkau_lalu, t.pemula_dijangkau_lalu, t.disabilitas_dijangkau_lalu,
       t.perempuan_dijangkau_lalu, t.rumah_dikunjungi_lalu, t.terakhir_lalu, rv.n_lalu, rw.total, sv.n_lalu,
       sa.total, dpt.dpt, dpt.pemula, dpt.disabilitas
FROM totals t, rw_visited rv, rw, schools_visited sv, schools_all sa, dpt
"""


# The same figures for a period (no type, organiser or RW: totals.by_period_usable) from the per-day place and school
# tables (analytics/periods.py). Outreach is summed from month and week rows and the days at the period's ends
# (periods.PLACE_SPANS: ~90.000 rows for a month of the whole country at 10M activities, where its place-days are
# ~1,1M), a kelurahan's RW visited are the bits of its rows together, a school is visited when a visit of it falls in
# the period. The sums are taken over all rows at once and only the RW bits are grouped by kelurahan (rows with a bit
# set): grouping every sum by kelurahan cost ~13 and ~36 ms more in the two statements for October nationally.
_PERIOD_PLACES_SQL = f"""
WITH d AS ({periods.PLACE_SPANS}),{{areas}}
rw_per_place AS (
    SELECT bit_count(bit_or(rw_dikunjungi)) AS rw FROM d
    WHERE rw_dikunjungi <> 0 AND no_kelurahan IS NOT NULL GROUP BY no_kelurahan
),
sums AS (
    SELECT coalesce(sum(kegiatan), 0)::BIGINT AS kegiatan, coalesce(sum(dijangkau), 0)::BIGINT AS dijangkau,
           coalesce(sum(pemula_dijangkau), 0)::BIGINT AS pemula_dijangkau,
           coalesce(sum(disabilitas_dijangkau), 0)::BIGINT AS disabilitas_dijangkau,
           coalesce(sum(perempuan_dijangkau), 0)::BIGINT AS perempuan_dijangkau,
           coalesce(sum(rumah_dikunjungi), 0)::BIGINT AS rumah_dikunjungi, max(tanggal) AS terakhir,
           (SELECT coalesce(sum(rw), 0)::BIGINT FROM rw_per_place) AS rw
    FROM d
){{schools}}{{area_figures}}
SELECT t.kegiatan, t.dijangkau, t.pemula_dijangkau, t.disabilitas_dijangkau, t.perempuan_dijangkau,
       t.rumah_dikunjungi, t.terakhir, t.rw{{school_columns}}{{area_columns}}
FROM sums t{{school_tables}}{{area_tables}}
"""
# Schools visited in the period, and by "a week ago" (a week before its newest place-day): a school's first visit in
# the period on or before that day. One pass for both, so the figures of a week ago need no schools of their own.
_PERIOD_SCHOOLS = f""",
school_first AS (
    SELECT a.id_sekolah, min(a.tanggal) AS pertama FROM ({periods.SCHOOL_DAYS}) a GROUP BY a.id_sekolah
),
schools_visited AS (
    SELECT count(*) AS n, count(*) FILTER (WHERE v.pertama <= (SELECT terakhir - INTERVAL 7 DAY FROM sums)) AS n_lalu
    FROM school_first v JOIN schools s USING (id_sekolah) JOIN w ON w.kode_kelurahan = s.kode_kelurahan
)"""
# The period's figures with those of its areas (RW, schools, DPT), which the cut at "a week ago" leaves as they are:
# summed from the election's facts rows (one per kelurahan) where they are current, else from the raw tables.
_AREA_FIGURES_RAW = ",\n" + _AREA_TOTALS
_AREA_FIGURES_FACTS = """,
area_figures AS (
    SELECT coalesce(sum(jumlah_rw), 0)::BIGINT AS rw_total, coalesce(sum(sekolah_total), 0)::BIGINT AS sekolah_total,
           sum(dpt)::BIGINT AS dpt, sum(dpt_pemula)::BIGINT AS pemula, sum(dpt_disabilitas)::BIGINT AS disabilitas
    FROM w
)"""
_PERIOD_NOW_SQL = {
    False: _PERIOD_PLACES_SQL.format(
        areas=f"\nw AS ({FILTERED_AREAS}),", schools=_PERIOD_SCHOOLS, school_columns=", sv.n, sv.n_lalu",
        school_tables=", schools_visited sv", area_figures=_AREA_FIGURES_RAW,
        area_columns=", rw.total, sa.total, dpt.dpt, dpt.pemula, dpt.disabilitas",
        area_tables=", rw, schools_all sa, dpt"),
    True: _PERIOD_PLACES_SQL.format(
        areas=f"\nw AS ({facts.AREA_ROWS}),", schools=_PERIOD_SCHOOLS, school_columns=", sv.n, sv.n_lalu",
        school_tables=", schools_visited sv", area_figures=_AREA_FIGURES_FACTS,
        area_columns=", f.rw_total, f.sekolah_total, f.dpt, f.pemula, f.disabilitas", area_tables=", area_figures f"),
}
# "A week ago" is the same place figures for the period cut at the cut-off (Filters.until): spans cannot tell a day
# before the cut-off from one after it inside a month, but the period up to the cut-off is a period too. Its areas
# and schools come with the period's (above).
_PERIOD_BEFORE_SQL = _PERIOD_PLACES_SQL.format(areas="", schools="", school_columns="", school_tables="",
                                               area_figures="", area_columns="", area_tables="")


def _values_of_period(con: duckdb.DuckDBPyConnection, filters: Filters,
                      scope: Scope) -> tuple[KpiValues, KpiValues]:
    """What _values gives for a period (totals.by_period_usable), from the per-day place and school tables."""
    by_facts = facts.available(con, filters.pemilihan)
    (kegiatan, dijangkau, pemula, disabilitas, perempuan, rumah, terakhir, rw_n, school_n, school_before, rw_total,
     school_total, dpt, dpt_pemula, dpt_disabilitas) = con.execute(_PERIOD_NOW_SQL[by_facts],
                                                                   _period_params(con, filters, scope)).fetchone()
    now = KpiValues(kegiatan, dijangkau, pemula, disabilitas, perempuan, rumah, terakhir, rw_n, rw_total, school_n,
                    school_total, dpt, dpt_pemula, dpt_disabilitas)
    if terakhir is None:
        return now, now  # nothing shown: overview_kpis shows no change
    before = filters.until(terakhir - dt.timedelta(days=7))
    (*sums, last, rw_before) = con.execute(_PERIOD_BEFORE_SQL, periods.span_params(con, before, scope)).fetchone()
    week_ago = KpiValues(*sums, last, rw_before, rw_total, school_before, school_total, dpt, dpt_pemula,
                         dpt_disabilitas)
    return now, week_ago


def _period_params(con: duckdb.DuckDBPyConnection, filters: Filters, scope: Scope) -> dict[str, object]:
    return {**school_day_params(filters, scope), **periods.span_params(con, filters, scope)}


@dataclass(frozen=True)
class KpiValues:
    """Headline figures for one cut-off date."""

    kegiatan: int
    dijangkau: int
    pemula_dijangkau: int
    disabilitas_dijangkau: int
    perempuan_dijangkau: int
    rumah_dikunjungi: int
    terakhir: dt.date | None
    rw_dikunjungi: int
    rw_total: int
    sekolah_dikunjungi: int
    sekolah_total: int
    dpt: int | None
    dpt_pemula: int | None
    dpt_disabilitas: int | None


@dataclass(frozen=True)
class OverviewKpis:
    """Headline figures as of the last activity shown, the same a week earlier, and days to election day."""

    as_of: dt.date | None
    now: KpiValues
    week_ago: KpiValues
    election_day: dt.date
    days_to_election: int  # negative once election day has passed


# The default view (the election's whole window) from the whole-window tables (analytics/totals.py): the figures
# now per place logged, RW and schools by their first visit; the week before is "now" minus the last seven days,
# read from the log itself (below), where the date order of the rows lets DuckDB skip all but the last weeks.
# With a type or organiser chosen, the same from the per-type tables: one RW or school counts once, at the first
# visit among its rows of the chosen types and organisers.
_WINDOW_TEMPLATE = """
WITH t AS ({places}),
w AS ({areas}),
now AS (
    SELECT coalesce(sum(kegiatan), 0)::BIGINT AS kegiatan, coalesce(sum(dijangkau), 0)::BIGINT AS dijangkau,
           coalesce(sum(pemula_dijangkau), 0)::BIGINT AS pemula_dijangkau,
           coalesce(sum(disabilitas_dijangkau), 0)::BIGINT AS disabilitas_dijangkau,
           coalesce(sum(perempuan_dijangkau), 0)::BIGINT AS perempuan_dijangkau,
           coalesce(sum(rumah_dikunjungi), 0)::BIGINT AS rumah_dikunjungi, max(kegiatan_terakhir) AS terakhir
    FROM t
),
cut AS (SELECT (terakhir - INTERVAL 7 DAY)::DATE AS minggu_lalu FROM now),
{area_totals},
rw_visited AS (
    SELECT count(*) AS n, count(*) FILTER (WHERE a.pertama <= cut.minggu_lalu) AS n_lalu FROM ({rw_first}) a, cut
),
schools_visited AS (
    SELECT count(*) AS n, count(*) FILTER (WHERE x.pertama <= cut.minggu_lalu) AS n_lalu
    FROM ({school_first}) x JOIN w USING (kode_kelurahan), cut
)
SELECT now.kegiatan, now.dijangkau, now.pemula_dijangkau, now.disabilitas_dijangkau, now.perempuan_dijangkau,
       now.rumah_dikunjungi, now.terakhir, rv.n, rw.total, sv.n, sa.total, dpt.dpt, dpt.pemula, dpt.disabilitas,
       cut.minggu_lalu, rv.n_lalu, sv.n_lalu
FROM now, cut, rw_visited rv, rw, schools_visited sv, schools_all sa, dpt
"""
_WHOLE_WINDOW = dict(
    places=f"SELECT * FROM {totals.AREA_TABLE} a WHERE a.kode_pemilihan = $pemilihan AND {ACTIVITY_AREA_WHERE}",
    rw_first=f"SELECT a.pertama FROM {totals.RW_TABLE} a WHERE a.kode_pemilihan = $pemilihan AND {ACTIVITY_AREA_WHERE}",
    school_first=f"SELECT x.kode_kelurahan, x.pertama FROM {totals.SCHOOL_TABLE} x WHERE x.kode_pemilihan = $pemilihan",
)
# rw_jenis keeps RW beyond the kelurahan's count (the rollup does too): they are not counted, as in _KPI_SQL.
_TYPED_WINDOW = dict(
    places=f"SELECT * FROM {totals.TYPE_TABLE} a WHERE a.kode_pemilihan = $pemilihan AND {TYPE_WHERE}",
    rw_first=f"""
        SELECT min(a.pertama) AS pertama FROM {totals.RW_TYPE_TABLE} a JOIN kelurahan k USING (kode_kelurahan)
        WHERE a.kode_pemilihan = $pemilihan AND {TYPE_WHERE} AND a.rw <= k.jumlah_rw
        GROUP BY a.kode_kelurahan, a.rw""",
    school_first=f"""
        SELECT s.kode_kelurahan, min(a.pertama) AS pertama FROM {totals.SCHOOL_TYPE_TABLE} a
        JOIN schools s USING (id_sekolah)
        WHERE a.kode_pemilihan = $pemilihan AND {TYPE_WHERE} GROUP BY s.id_sekolah, s.kode_kelurahan""",
)
# The areas and their DPT, RW and schools: from the election's facts rows where they are current (one per kelurahan,
# with its names and these counts; the period's sums above), else from v_wilayah and the raw tables. Same figures;
# the facts spare joining voters and schools to the areas (~15-20 ms for the whole country).
_AREA_TOTALS_FACTS = _AREA_FIGURES_FACTS.removeprefix(",\n") + """,
dpt AS (SELECT dpt, pemula, disabilitas FROM area_figures),
rw AS (SELECT rw_total AS total FROM area_figures),
schools_all AS (SELECT sekolah_total AS total FROM area_figures)"""
_AREAS = {False: {"areas": FILTERED_AREAS, "area_totals": _AREA_TOTALS},
          True: {"areas": facts.AREA_ROWS, "area_totals": _AREA_TOTALS_FACTS}}
_WHOLE_WINDOW_SQL = {by_facts: _WINDOW_TEMPLATE.format(**_WHOLE_WINDOW, **_AREAS[by_facts]) for by_facts in _AREAS}
_TYPED_WINDOW_SQL = {by_facts: _WINDOW_TEMPLATE.format(**_TYPED_WINDOW, **_AREAS[by_facts]) for by_facts in _AREAS}
# The last seven days of the view (after the cut-off), summed as _KPI_SQL sums them.
# What was logged after the cut-off (a week before the newest activity), and the newest activity on or before it.
# Read from the source that skips the most: the per kab/kota and day table where it applies (small, stored by
# date); else the raw log for the whole country (stored by date: the days after the cut-off are its last few row
# groups) and the rollup for a province or a kab/kota (stored by kecamatan: that area's row groups). Same answer.
_TAIL_FROM = """
WITH a AS ({activities} AND a.tanggal > $cut)
SELECT coalesce(sum(kegiatan), 0)::BIGINT, coalesce(sum(jumlah_peserta) FILTER (WHERE ada_peserta), 0)::BIGINT,
       coalesce(sum(peserta_pemula) FILTER (WHERE ada_peserta), 0)::BIGINT,
       coalesce(sum(peserta_disabilitas) FILTER (WHERE ada_peserta), 0)::BIGINT,
       coalesce(sum(peserta_perempuan) FILTER (WHERE ada_peserta), 0)::BIGINT,
       coalesce(sum(rumah_dikunjungi), 0)::BIGINT
FROM a
"""
# The newest activity on or before the cut-off: looked for in the month before it first (a few row groups), and
# in the whole window only when that month has none.
_LAST_FROM = "WITH a AS ({activities} AND a.tanggal <= $cut AND a.tanggal > $floor) SELECT max(tanggal) FROM a"
_LAST_ANY_FROM = "WITH a AS ({activities} AND a.tanggal <= $cut) SELECT max(tanggal) FROM a"
_LATEST = {
    source: tuple(sql.format(activities=_ACTIVITIES_FROM.format(source=source, where=ACTIVITY_WHERE))
                  for sql in (_TAIL_FROM, _LAST_FROM, _LAST_ANY_FROM))
    for source in (rollup.RAW, rollup.TABLE, totals.KABKOTA_DAILY_SOURCE)
}


# One kab/kota's rows are a few row groups of the rollup (sorted by area): one pass over them is faster than the
# three lookups of the whole-window path (47 vs 77 ms for a kecamatan at 10M). Tests switch this off to exercise the
# whole-window path on the one-city sample.
SINGLE_KABKOTA_FROM_ROLLUP = True


def _values_whole_window(con: duckdb.DuckDBPyConnection, filters: Filters, scope: Scope,
                         typed: bool = False) -> tuple[KpiValues, KpiValues]:
    """What _values gives, for the election's whole window, from the whole-window tables (the per-type ones when
    `typed`: a type or organiser chosen)."""
    by_facts = facts.available(con, filters.pemilihan)
    sql, bound = ((_TYPED_WINDOW_SQL[by_facts], type_params(filters, scope)) if typed
                  else (_WHOLE_WINDOW_SQL[by_facts], activity_area_params(filters, scope)))
    (kegiatan, dijangkau, pemula, disabilitas, perempuan, rumah, terakhir, rw_n, rw_total, school_n, school_total,
     dpt, dpt_pemula, dpt_disabilitas, cut, rw_before, school_before) = con.execute(sql, bound).fetchone()
    now = KpiValues(kegiatan, dijangkau, pemula, disabilitas, perempuan, rumah, terakhir, rw_n, rw_total, school_n,
                    school_total, dpt, dpt_pemula, dpt_disabilitas)
    if terakhir is None:
        return now, now  # nothing shown: overview_kpis shows no change
    bound = {**params(filters, scope), "cut": cut}
    # This path runs only while the rollup and these tables are current (totals.usable), so every source gives the
    # same answer; the per kab/kota and day table, stored by date, is the smallest where it applies.
    if totals.by_kabkota_usable(con, filters, scope):
        source = totals.KABKOTA_DAILY_SOURCE
    else:
        source = rollup.RAW if bound["kab_min"] is None else rollup.TABLE
    tail_sql, last_sql, last_any_sql = _LATEST[source]
    tail = con.execute(tail_sql, bound).fetchone()
    last = con.execute(last_sql, {**bound, "floor": cut - dt.timedelta(days=31)}).fetchone()[0]
    if last is None:
        last = con.execute(last_any_sql, bound).fetchone()[0]
    sums = [value - later for value, later in zip((kegiatan, dijangkau, pemula, disabilitas, perempuan, rumah), tail)]
    week_ago = KpiValues(*sums, last, rw_before, rw_total, school_before, school_total, dpt, dpt_pemula,
                         dpt_disabilitas)
    return now, week_ago


def _values(con: duckdb.DuckDBPyConnection, filters: Filters, scope: Scope) -> tuple[KpiValues, KpiValues]:
    """The figures of everything shown, and of what had been done a week before its newest activity."""
    if not (SINGLE_KABKOTA_FROM_ROLLUP and one_kabkota(filters, scope)):
        if totals.usable(con, filters, scope, "semua"):
            return _values_whole_window(con, filters, scope)
        if (filters.jenis or filters.penyelenggara) and totals.by_type_usable(con, filters):
            return _values_whole_window(con, filters, scope, typed=True)
    if totals.by_period_usable(con, filters, scope):
        return _values_of_period(con, filters, scope)
    sql = _KPI_SQL.format(activities=counted_activities(con), areas=FILTERED_AREAS)
    row = con.execute(sql, params(filters, scope)).fetchone()
    half = len(fields(KpiValues))
    return KpiValues(*row[:half]), KpiValues(*row[half:])


@once_per_answer
def overview_kpis(
    con: duckdb.DuckDBPyConnection, filters: Filters, scope: Scope, today: dt.date | None = None
) -> OverviewKpis:
    """Headline figures for the filters and scope, with the change over the week before the last activity."""
    today = today or dt.date.today()
    election_day = con.execute(
        "SELECT tanggal FROM pemilihan WHERE kode_pemilihan = $e", {"e": filters.pemilihan}
    ).fetchone()[0]
    now, week_ago = _values(con, filters, scope)
    # "Last week" is measured back from the newest activity shown, so a finished campaign still has one. With no
    # activity shown there is no change: both are the same figures.
    as_of = now.terakhir if filters.sampai is None else min(filters.sampai, now.terakhir or filters.sampai)
    if now.terakhir is None:
        week_ago = now
    return OverviewKpis(as_of, now, week_ago, election_day, (election_day - today).days)


_WEEKLY_SQL = """
WITH a AS ({activities})
SELECT date_trunc('week', a.tanggal)::DATE AS minggu,
       a.jenis_kegiatan,
       sum(a.kegiatan)::BIGINT AS kegiatan,
       coalesce(sum(a.jumlah_peserta) FILTER (WHERE a.ada_peserta), 0)::BIGINT AS dijangkau
FROM a
GROUP BY ALL
ORDER BY minggu, jenis_kegiatan
"""


@once_per_answer
def weekly_activity(con: duckdb.DuckDBPyConnection, filters: Filters, scope: Scope) -> pd.DataFrame:
    """Activities and people reached per week (Monday) and activity type: minggu, jenis_kegiatan, kegiatan, dijangkau."""
    return con.execute(_WEEKLY_SQL.format(activities=counted_by_kabkota(con, filters, scope)),
                       params(filters, scope)).df()
