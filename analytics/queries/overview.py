"""Queries of the overview page: headline figures with their weekly change, and weekly activity."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb
import pandas as pd

from analytics import rollup
from analytics.filters import ACTIVITY_WHERE, AREA_WHERE, Filters, Scope, params

# Activities of the chosen election (its outreach window), after every filter and the viewer's scope.
_ACTIVITIES_FROM = """
    SELECT a.*, j.ada_peserta
    FROM {source} a
    JOIN jenis_kegiatan j ON j.kode = a.jenis_kegiatan
    JOIN pemilihan p ON p.kode_pemilihan = $pemilihan
    WHERE a.tanggal BETWEEN p.sosialisasi_mulai AND p.sosialisasi_selesai AND {where}
"""
# Raw rows, for queries that list or locate single activities.
FILTERED_ACTIVITIES = _ACTIVITIES_FROM.format(source="activities", where=ACTIVITY_WHERE)


def counted_activities(con: duckdb.DuckDBPyConnection) -> str:
    """FILTERED_ACTIVITIES for queries that only count and sum: rows of the daily rollup (or of the raw log when
    the rollup cannot be used), each standing for `kegiatan` activities, so count(*) is written sum(kegiatan)."""
    return _ACTIVITIES_FROM.format(source=rollup.source(con), where=ACTIVITY_WHERE)


# Kelurahan inside the area filters and the scope: the denominators (DPT, RW, schools) come from these.
FILTERED_AREAS = f"SELECT * FROM v_wilayah w WHERE {AREA_WHERE}"

_KPI_SQL = """
WITH a AS ({activities}),
w AS ({areas}),
dpt AS (
    SELECT sum(v.total)::BIGINT AS dpt, sum(v.pemula)::BIGINT AS pemula, sum(v.disabilitas)::BIGINT AS disabilitas
    FROM voters v JOIN w USING (kode_kelurahan) WHERE v.kode_pemilihan = $pemilihan
),
-- RW 1 … jumlah_rw exist (v_rw): counted by a sum, and a visited RW exists when rw <= jumlah_rw.
rw AS (SELECT coalesce(sum(jumlah_rw), 0)::BIGINT AS total FROM w),
rw_visited AS (
    SELECT count(*) AS n FROM (SELECT DISTINCT kode_kelurahan, rw FROM a WHERE rw IS NOT NULL) x
    JOIN kelurahan k USING (kode_kelurahan) WHERE x.rw <= k.jumlah_rw
),
schools_all AS (SELECT count(*) AS total FROM schools s JOIN w USING (kode_kelurahan)),
schools_visited AS (
    SELECT count(DISTINCT a.id_sekolah) AS n FROM a JOIN schools s USING (id_sekolah)
    JOIN w ON w.kode_kelurahan = s.kode_kelurahan
),
totals AS (
    SELECT coalesce(sum(kegiatan), 0)::BIGINT AS kegiatan,
           coalesce(sum(jumlah_peserta) FILTER (WHERE ada_peserta), 0)::BIGINT AS dijangkau,
           coalesce(sum(peserta_pemula) FILTER (WHERE ada_peserta), 0)::BIGINT AS pemula_dijangkau,
           coalesce(sum(peserta_disabilitas) FILTER (WHERE ada_peserta), 0)::BIGINT AS disabilitas_dijangkau,
           coalesce(sum(peserta_perempuan) FILTER (WHERE ada_peserta), 0)::BIGINT AS perempuan_dijangkau,
           coalesce(sum(rumah_dikunjungi), 0)::BIGINT AS rumah_dikunjungi,
           max(tanggal) AS terakhir
    FROM a
)
SELECT totals.*, rw_visited.n AS rw_dikunjungi, rw.total AS rw_total, schools_visited.n AS sekolah_dikunjungi,
       schools_all.total AS sekolah_total, dpt.dpt, dpt.pemula AS dpt_pemula, dpt.disabilitas AS dpt_disabilitas
FROM totals, rw_visited, rw, schools_visited, schools_all, dpt
"""


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


def _values(con: duckdb.DuckDBPyConnection, filters: Filters, scope: Scope) -> KpiValues:
    sql = _KPI_SQL.format(activities=counted_activities(con), areas=FILTERED_AREAS)
    row = con.execute(sql, params(filters, scope)).fetchone()
    return KpiValues(*row)


def overview_kpis(
    con: duckdb.DuckDBPyConnection, filters: Filters, scope: Scope, today: dt.date | None = None
) -> OverviewKpis:
    """Headline figures for the filters and scope, with the change over the week before the last activity."""
    today = today or dt.date.today()
    election_day = con.execute(
        "SELECT tanggal FROM pemilihan WHERE kode_pemilihan = $e", {"e": filters.pemilihan}
    ).fetchone()[0]
    now = _values(con, filters, scope)
    # "Last week" is measured back from the newest activity shown, so a finished campaign still has one.
    as_of = now.terakhir if filters.sampai is None else min(filters.sampai, now.terakhir or filters.sampai)
    week_ago = _values(con, filters.until(as_of - dt.timedelta(days=7)), scope) if as_of else now
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


def weekly_activity(con: duckdb.DuckDBPyConnection, filters: Filters, scope: Scope) -> pd.DataFrame:
    """Activities and people reached per week (Monday) and activity type: minggu, jenis_kegiatan, kegiatan, dijangkau."""
    return con.execute(_WEEKLY_SQL.format(activities=counted_activities(con)), params(filters, scope)).df()
