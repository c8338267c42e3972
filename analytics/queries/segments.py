"""Queries of the Pemula & Disabilitas page: schools to visit, segment reach per area, disability outreach."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from analytics import periods, totals
from analytics.filters import Filters, Scope, params, school_day_params
from analytics.memo import once_per_answer
from analytics.newest import NEWER_PER_DAY, OLDEST_DAY_NEEDED, newest_rows
from analytics.queries.areas import area_metrics, area_turnout
from analytics.queries.overview import AREA_LOG_ACTIVITIES, FILTERED_ACTIVITIES, FILTERED_AREAS, counted_activities

# A school counts as visited when a filtered activity names it (activities.id_sekolah), as in area_metrics.
# `visits` per school from the activities (rollup or raw log), or from the per-day school table.
_SCHOOLS_FROM = """
WITH w AS ({areas}),
visits AS ({visits})
SELECT s.id_sekolah, s.nama, s.jenjang,
       w.kode_kecamatan, w.kecamatan, s.kode_kelurahan, w.kelurahan, s.rw,
       s.siswa_kelas_akhir,
       coalesce(v.kunjungan, 0) AS kunjungan,
       coalesce(v.siswa_dijangkau, 0) AS siswa_dijangkau,
       coalesce(v.pemula_dijangkau, 0) AS pemula_dijangkau,
       v.kunjungan_terakhir,
       v.id_sekolah IS NOT NULL AS dikunjungi
FROM schools s
JOIN w USING (kode_kelurahan)
LEFT JOIN visits v USING (id_sekolah)
ORDER BY dikunjungi, w.kecamatan, w.kelurahan, s.nama, s.id_sekolah
"""
_VISITS_FROM_ACTIVITIES = """
    SELECT a.id_sekolah,
           sum(a.kegiatan)::BIGINT AS kunjungan,
           coalesce(sum(a.jumlah_peserta) FILTER (WHERE a.ada_peserta), 0)::BIGINT AS siswa_dijangkau,
           coalesce(sum(a.peserta_pemula) FILTER (WHERE a.ada_peserta), 0)::BIGINT AS pemula_dijangkau,
           max(a.tanggal) AS kunjungan_terakhir
    FROM ({activities}) a WHERE a.id_sekolah IS NOT NULL GROUP BY 1"""
# The per-day school table (analytics/periods.py: ~0,6M rows at 10M activities, where the rollup keeps ~9M) serves
# any view without an RW filter (totals.by_school_day_usable); its reach sums already count participants only where
# the type has them.
_VISITS_FROM_DAYS = """
    SELECT a.id_sekolah, sum(a.kegiatan)::BIGINT AS kunjungan, sum(a.siswa_dijangkau)::BIGINT AS siswa_dijangkau,
           sum(a.pemula_dijangkau)::BIGINT AS pemula_dijangkau, max(a.tanggal) AS kunjungan_terakhir
    FROM (""" + periods.SCHOOL_DAYS + """) a GROUP BY 1"""
_SCHOOLS_FROM_DAYS_SQL = _SCHOOLS_FROM.format(areas=FILTERED_AREAS, visits=_VISITS_FROM_DAYS)
_SCHOOLS_SQL = _SCHOOLS_FROM.replace("{visits}", _VISITS_FROM_ACTIVITIES)


@once_per_answer
def schools(con: duckdb.DuckDBPyConnection, filters: Filters, scope: Scope) -> pd.DataFrame:
    """Every school in the filtered areas with its visits, students and first-time voters reached; unvisited first."""
    if totals.by_school_day_usable(con, filters, scope):
        return con.execute(_SCHOOLS_FROM_DAYS_SQL, school_day_params(filters, scope)).df()
    sql = _SCHOOLS_SQL.format(areas=FILTERED_AREAS, activities=counted_activities(con))
    return con.execute(sql, params(filters, scope)).df()


# Columns of area_metrics this page uses; everything is computed there, once.
_AREA_COLUMNS = [
    "kode", "nama", "kode_kecamatan", "kecamatan",
    "sekolah_total", "sekolah_dikunjungi", "sekolah_cakupan_persen",
    "dpt_pemula", "pemula_dijangkau", "pemula_dijangkau_persen",
    "dpt_disabilitas", "disabilitas_dijangkau", "disabilitas_dijangkau_persen",
    "terdaftar", "memilih", "partisipasi_persen",
    "terdaftar_disabilitas", "memilih_disabilitas", "partisipasi_disabilitas_persen",
    "target_disabilitas",
]


@once_per_answer
def segment_by_area(con: duckdb.DuckDBPyConnection, filters: Filters, scope: Scope,
                    level: str = "kecamatan") -> pd.DataFrame:
    """Per kecamatan or kelurahan: schools visited of all, first-time and disabled voters reached against the DPT,
    and (once results exist) turnout of voters with disabilities and of all voters, with the disabilitas target."""
    frame = area_metrics(con, filters, scope, level)[_AREA_COLUMNS].copy()
    frame["sekolah_belum"] = frame["sekolah_total"] - frame["sekolah_dikunjungi"]
    frame["selisih_target_disabilitas"] = (
        frame["partisipasi_disabilitas_persen"] - frame["target_disabilitas"].astype("Float64")
    ).round(2)
    return frame


@dataclass(frozen=True)
class Turnout:
    """Turnout of all voters and of voters with disabilities over the selected areas (form C.Hasil)."""

    terdaftar: int
    memilih: int
    terdaftar_disabilitas: int | None  # None when no TPS in the selection recorded voters with disabilities
    memilih_disabilitas: int | None
    target_disabilitas: float | None  # None when no target, or the areas have different ones

    @property
    def partisipasi_persen(self) -> float | None:
        return 100 * self.memilih / self.terdaftar if self.terdaftar else None

    @property
    def partisipasi_disabilitas_persen(self) -> float | None:
        if not self.terdaftar_disabilitas or self.memilih_disabilitas is None:
            return None
        return 100 * self.memilih_disabilitas / self.terdaftar_disabilitas


@once_per_answer
def turnout(con: duckdb.DuckDBPyConnection, filters: Filters, scope: Scope) -> Turnout | None:
    """Turnout totals over the filtered areas, summed per kecamatan as segment_by_area gives them; None before
    results are imported."""
    # Only turnout columns are needed: area_turnout gives segment_by_area's values without counting activities.
    rows = area_turnout(con, filters, scope, "kecamatan")
    if rows.empty or rows["terdaftar"].isna().all():
        return None

    def total(col: str) -> int | None:
        values = rows[col].dropna()
        return int(values.sum()) if len(values) else None

    # Rates are sums over sums (never averaged rates); a single shared target is the one to show.
    targets = rows["target_disabilitas"].dropna().unique()
    return Turnout(
        terdaftar=total("terdaftar") or 0,
        memilih=total("memilih") or 0,
        terdaftar_disabilitas=total("terdaftar_disabilitas"),
        memilih_disabilitas=total("memilih_disabilitas"),
        target_disabilitas=float(targets[0]) if len(targets) == 1 else None,
    )


# Meetings with disability organisations (types whose sasaran is 'disabilitas'), and any other counted activity
# that logged participants with disabilities.
# The newest rows by a top-N, names joined to those only. The counts come from one grouped scan that also finds the
# oldest day still needed for the newest `limit` rows; the list then reads only those days (the log is stored by
# date). A window count over the selection kept every matching row of the country in memory.
# The rows come from the log itself, or (a view narrowed by area: totals.by_area_log_usable) from the log stored by
# area, where that area's rows are a few row groups.
_DISABILITY_MATCH_FROM = """
    SELECT a.*, j.sasaran = 'disabilitas' AS pertemuan_disabilitas
    FROM ({activities}) a
    JOIN jenis_kegiatan j ON j.kode = a.jenis_kegiatan
    WHERE (j.sasaran = 'disabilitas' OR (a.ada_peserta AND a.peserta_disabilitas > 0))
"""
_DISABILITY_FROM = """
WITH top AS (
    SELECT * FROM ({match}) d
    ORDER BY d.tanggal DESC, d.pertemuan_disabilitas DESC, d.id_kegiatan DESC
    LIMIT $limit
)
SELECT a.id_kegiatan, a.tanggal, a.jenis_kegiatan, j.nama AS jenis, j.nama_en AS jenis_en,
       a.pertemuan_disabilitas,
       a.kode_kecamatan, kc.nama AS kecamatan, a.kode_kelurahan, kl.nama AS kelurahan, a.rw,
       a.lokasi, a.penyelenggara, a.jumlah_peserta AS peserta, a.peserta_disabilitas
FROM top a
JOIN jenis_kegiatan j ON j.kode = a.jenis_kegiatan
LEFT JOIN kecamatan kc ON kc.kode_kecamatan = a.kode_kecamatan
LEFT JOIN kelurahan kl ON kl.kode_kelurahan = a.kode_kelurahan
ORDER BY a.tanggal DESC, a.pertemuan_disabilitas DESC, a.id_kegiatan DESC
"""
# Matching activities in all, meetings among them, and the oldest day with fewer than `limit` matches after it.
_DISABILITY_COUNT_FROM = """
WITH d AS (
    SELECT tanggal, count(*) AS n, count(*) FILTER (WHERE pertemuan_disabilitas) AS pertemuan
    FROM ({match}) m GROUP BY 1
),
""" + NEWER_PER_DAY + """
SELECT coalesce(sum(n), 0)::BIGINT, coalesce(sum(pertemuan), 0)::BIGINT, """ + OLDEST_DAY_NEEDED + """
FROM c
"""
# Per source (False: the log, True: the log stored by area): the count, every row, the rows since a day.
_DISABILITY_SQL = {
    area: (_DISABILITY_COUNT_FROM.format(match=match), _DISABILITY_FROM.format(match=match),
           _DISABILITY_FROM.format(match=match + " AND a.tanggal >= $since"))
    for area, match in ((False, _DISABILITY_MATCH_FROM.format(activities=FILTERED_ACTIVITIES)),
                        (True, _DISABILITY_MATCH_FROM.format(activities=AREA_LOG_ACTIVITIES)))
}


@once_per_answer
def disability_activities(con: duckdb.DuckDBPyConnection, filters: Filters, scope: Scope,
                          limit: int | None = 50_000) -> tuple[pd.DataFrame, int, int]:
    """Meetings with disability organisations and other activities that reached voters with disabilities, newest
    first (at most `limit`; None = all); with how many there are in all and how many of those are meetings."""
    bound = params(filters, scope)
    count_sql, every_sql, since_sql = _DISABILITY_SQL[totals.by_area_log_usable(con, filters, scope)]
    total, meetings, since = con.execute(count_sql, {**bound, "limit": limit}).fetchone()
    frame = newest_rows(con, every_sql, since_sql, bound, limit, since)
    return frame, int(total), int(meetings)
