"""Queries of the Pemula & Disabilitas page: schools to visit, segment reach per area, disability outreach."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from analytics import facts, frames, periods, totals
from analytics.filters import TYPE_WHERE, Filters, Scope, params, school_day_params, type_params
from analytics.memo import once_per_answer
from analytics.newest import NEWER_PER_DAY, OLDEST_DAY_NEEDED, newest_rows
from analytics.queries.areas import area_metrics, area_turnout
from analytics.queries.overview import (
    AREA_LOG_ACTIVITIES,
    DISABILITY_DAY_ACTIVITIES,
    FILTERED_ACTIVITIES,
    FILTERED_AREAS,
    counted_activities,
)

# A school counts as visited when a filtered activity names it (activities.id_sekolah), as in area_metrics.
# `visits` per school from the activities (rollup or raw log), or from the per-day school table.
_SCHOOL_ROWS = """
WITH w AS ({areas}),
visits AS ({visits}),
s AS (
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
)"""
_SCHOOL_ORDER = " ORDER BY dikunjungi, kecamatan, kelurahan, nama, id_sekolah"
_SCHOOLS_FROM = _SCHOOL_ROWS + " SELECT * FROM s" + _SCHOOL_ORDER
# The first `limit` in that order (a top-N: only the rows on screen become a frame; ~41.000 schools nationally cost
# ~50 ms to hand to pandas), with how many schools there are and how many were visited riding on every row.
_SCHOOL_TOP_FROM = (_SCHOOL_ROWS + ", top AS (SELECT * FROM s" + _SCHOOL_ORDER + " LIMIT $limit), "
                    "n AS (SELECT count(*) AS total_baris, count(*) FILTER (WHERE dikunjungi) AS dikunjungi_baris "
                    "FROM s) SELECT top.*, n.total_baris, n.dikunjungi_baris FROM top, n" + _SCHOOL_ORDER)
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
# Per statement (the areas from the facts rows or v_wilayah; every school or the first `limit`): visits from the
# per-day school table, or from the activities. The facts rows (facts.AREA_ROWS) save joining v_wilayah's three
# tables: nationally the first 2.000 schools took ~47 ms from v_wilayah, ~27 ms from the facts.
_AREAS = {True: facts.AREA_ROWS, False: FILTERED_AREAS}
_STATEMENTS = ((False, _SCHOOLS_FROM), (True, _SCHOOL_TOP_FROM))
_SCHOOLS_FROM_DAYS_SQL = {(by_facts, top): template.format(areas=areas, visits=_VISITS_FROM_DAYS)
                          for by_facts, areas in _AREAS.items() for top, template in _STATEMENTS}
# The election's whole window, any type or organiser (totals.by_type_usable): the visits per school, type and
# organiser of the whole window (sekolah_jenis, ~0,1M rows at 10M activities) summed per school.
_VISITS_FROM_TYPES = """
    SELECT a.id_sekolah, sum(a.kegiatan)::BIGINT AS kunjungan, sum(a.siswa_dijangkau)::BIGINT AS siswa_dijangkau,
           sum(a.pemula_dijangkau)::BIGINT AS pemula_dijangkau, max(a.kegiatan_terakhir) AS kunjungan_terakhir
    FROM """ + totals.SCHOOL_TYPE_TABLE + """ a WHERE a.kode_pemilihan = $pemilihan AND """ + TYPE_WHERE + """
    GROUP BY 1"""
_SCHOOLS_FROM_TYPES_SQL = {(by_facts, top): template.format(areas=areas, visits=_VISITS_FROM_TYPES)
                           for by_facts, areas in _AREAS.items() for top, template in _STATEMENTS}
_SCHOOLS_SQL = {(by_facts, top): template.replace("{visits}", _VISITS_FROM_ACTIVITIES).replace("{areas}", areas)
                for by_facts, areas in _AREAS.items() for top, template in _STATEMENTS}


def _schools_sql(con: duckdb.DuckDBPyConnection, filters: Filters, scope: Scope,
                 top: bool) -> tuple[str, dict[str, object]]:
    key = (facts.available(con, filters.pemilihan), top)
    if totals.by_type_usable(con, filters):
        return _SCHOOLS_FROM_TYPES_SQL[key], type_params(filters, scope)
    if totals.by_school_day_usable(con, filters, scope):
        return _SCHOOLS_FROM_DAYS_SQL[key], school_day_params(filters, scope)
    return _SCHOOLS_SQL[key].format(activities=counted_activities(con)), params(filters, scope)


@once_per_answer
def schools(con: duckdb.DuckDBPyConnection, filters: Filters, scope: Scope) -> pd.DataFrame:
    """Every school in the filtered areas with its visits, students and first-time voters reached; unvisited first."""
    sql, bound = _schools_sql(con, filters, scope, top=False)
    return frames.frame(con, sql, bound)


@once_per_answer
def school_list(con: duckdb.DuckDBPyConnection, filters: Filters, scope: Scope,
                limit: int = 2_000) -> tuple[pd.DataFrame, int, int]:
    """The first `limit` rows of `schools` (unvisited first), how many schools there are and how many were visited:
    what the page shows. The download asks `schools` for every row."""
    if limit < 1:
        raise ValueError("limit must be at least 1")  # the counts ride on the rows
    sql, bound = _schools_sql(con, filters, scope, top=True)
    frame = frames.frame(con, sql, {**bound, "limit": limit})
    if frame.empty:
        return frame.drop(columns=["total_baris", "dikunjungi_baris"]), 0, 0
    total, visited = int(frame["total_baris"].iloc[0]), int(frame["dikunjungi_baris"].iloc[0])
    return frame.drop(columns=["total_baris", "dikunjungi_baris"]), total, visited


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
# Matching activities in all, meetings among them, and the oldest day with fewer than `limit` matches after it, from
# their counts per day d(tanggal, n, pertemuan).
_DISABILITY_COUNTS = NEWER_PER_DAY + """
SELECT coalesce(sum(n), 0)::BIGINT, coalesce(sum(pertemuan), 0)::BIGINT, """ + OLDEST_DAY_NEEDED + """
FROM c
"""
_DISABILITY_COUNT_FROM = """
WITH d AS (
    SELECT tanggal, count(*) AS n, count(*) FILTER (WHERE pertemuan_disabilitas) AS pertemuan
    FROM ({match}) m GROUP BY 1
),
""" + _DISABILITY_COUNTS
# The same counts from the matching activities counted per day and kab/kota (analytics/disability_days.py), for a
# province or the whole country: a few hundred thousand rows at 10M activities instead of a scan of the log.
_DISABILITY_COUNT_BY_DAY = """
WITH d AS (
    SELECT a.tanggal, sum(a.kegiatan) AS n,
           coalesce(sum(a.kegiatan) FILTER (WHERE j.sasaran = 'disabilitas'), 0) AS pertemuan
    FROM (""" + DISABILITY_DAY_ACTIVITIES + """) a
    JOIN jenis_kegiatan j ON j.kode = a.jenis_kegiatan
    GROUP BY 1
),
""" + _DISABILITY_COUNTS
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
    if totals.by_kabkota_usable(con, filters, scope):
        count_sql = _DISABILITY_COUNT_BY_DAY
    total, meetings, since = con.execute(count_sql, {**bound, "limit": limit}).fetchone()
    frame = newest_rows(con, every_sql, since_sql, bound, limit, since)
    return frame, int(total), int(meetings)
