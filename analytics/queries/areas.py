"""Per-area figures (kecamatan or kelurahan): outreach, coverage, DPT, turnout and the target that applies."""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd

from analytics import facts, frames, periods, totals
from analytics.filters import TYPE_WHERE, Filters, Scope, area_params, params, school_day_params, type_params
from analytics.memo import once_per_answer
from analytics.queries.overview import FILTERED_AREAS, counted_activities

# Identifiers per level, from this allow-list only (never from user input).
LEVELS = {
    "kecamatan": ("kode_kecamatan", "kecamatan"),
    "kelurahan": ("kode_kelurahan", "kelurahan"),
}
SEGMENTS = ("semua", "pemula", "disabilitas", "perempuan")
# Where a level's effective targets are stored: per kelurahan, or per kecamatan (a kecamatan can have its own).
_TARGET_TABLES = {"kecamatan": facts.KECAMATAN_TABLE, "kelurahan": facts.TABLE}
# Where a level's whole-window outreach totals are stored.
_TOTAL_TABLES = {"kecamatan": totals.KECAMATAN_TABLE, "kelurahan": totals.KELURAHAN_TABLE}

# Turnout counts of a set of kelurahan rows `{a}` (per-TPS sums or facts), added up per area.
_TURNOUT_SUMS = """sum({a}.terdaftar)::BIGINT AS terdaftar, sum({a}.memilih)::BIGINT AS memilih,
           sum({a}.terdaftar_perempuan)::BIGINT AS terdaftar_perempuan,
           sum({a}.memilih_perempuan)::BIGINT AS memilih_perempuan,
           sum({a}.terdaftar_laki_laki)::BIGINT AS terdaftar_laki_laki,
           sum({a}.memilih_laki_laki)::BIGINT AS memilih_laki_laki,
           sum({a}.terdaftar_disabilitas)::BIGINT AS terdaftar_disabilitas,
           sum({a}.memilih_disabilitas)::BIGINT AS memilih_disabilitas"""

# Shared by both paths: the areas, the filtered activities (rollup or raw log) and everything counted from them.
_HEAD = """
WITH w AS ({areas}),
a AS ({activities}),
places AS (
    SELECT DISTINCT w.{code} AS kode, w.{name} AS nama, w.kode_kecamatan, w.kecamatan, w.kode_kabkota FROM w
),
act AS (
    SELECT a.{code} AS kode,
           sum(a.kegiatan)::BIGINT AS kegiatan,
           coalesce(sum(a.jumlah_peserta) FILTER (WHERE a.ada_peserta), 0)::BIGINT AS dijangkau,
           coalesce(sum(a.peserta_pemula) FILTER (WHERE a.ada_peserta), 0)::BIGINT AS pemula_dijangkau,
           coalesce(sum(a.peserta_disabilitas) FILTER (WHERE a.ada_peserta), 0)::BIGINT AS disabilitas_dijangkau,
           coalesce(sum(a.peserta_perempuan) FILTER (WHERE a.ada_peserta), 0)::BIGINT AS perempuan_dijangkau,
           coalesce(sum(a.rumah_dikunjungi), 0)::BIGINT AS rumah_dikunjungi,
           max(a.tanggal) AS kegiatan_terakhir
    FROM a WHERE a.{code} IS NOT NULL GROUP BY 1
),
-- The RW of v_rw (1 … jumlah_rw) without generating them: counted by a sum; a visited RW exists if rw <= jumlah_rw.
rw_all AS (SELECT w.{code} AS kode, sum(w.jumlah_rw)::BIGINT AS rw_total FROM w GROUP BY 1),
rw_seen AS (
    SELECT k.{code} AS kode, count(*)::BIGINT AS rw_dikunjungi
    FROM (SELECT DISTINCT kode_kelurahan, rw FROM a WHERE rw IS NOT NULL) x
    JOIN kelurahan k USING (kode_kelurahan) WHERE x.rw <= k.jumlah_rw GROUP BY 1
),
visited AS (SELECT DISTINCT id_sekolah FROM a WHERE id_sekolah IS NOT NULL),"""

# Schools, DPT, TPS results and targets from the raw tables (when the facts tables cannot be used).
_RAW_FIGURES = """
sch AS (
    SELECT w.{code} AS kode, count(*)::BIGINT AS sekolah_total, count(v.id_sekolah)::BIGINT AS sekolah_dikunjungi
    FROM schools s JOIN w USING (kode_kelurahan) LEFT JOIN visited v USING (id_sekolah) GROUP BY 1
),
dpt AS (
    SELECT w.{code} AS kode, sum(v.total)::BIGINT AS dpt, sum(v.perempuan)::BIGINT AS dpt_perempuan,
           sum(v.pemula)::BIGINT AS dpt_pemula,
           sum(v.disabilitas)::BIGINT AS dpt_disabilitas, sum(v.jumlah_tps)::BIGINT AS jumlah_tps
    FROM voters v JOIN w USING (kode_kelurahan) WHERE v.kode_pemilihan = $pemilihan GROUP BY 1
),
-- TPS rows summed per kelurahan first (a semi-join keeps only the chosen ones), then per area.
tps AS (
    SELECT t.kode_kelurahan,
           sum(t.terdaftar_total) AS terdaftar, sum(t.memilih_total) AS memilih,
           sum(t.terdaftar_perempuan) AS terdaftar_perempuan, sum(t.memilih_perempuan) AS memilih_perempuan,
           sum(t.terdaftar_laki_laki) AS terdaftar_laki_laki, sum(t.memilih_laki_laki) AS memilih_laki_laki,
           sum(t.terdaftar_disabilitas) AS terdaftar_disabilitas, sum(t.memilih_disabilitas) AS memilih_disabilitas
    FROM turnout t
    WHERE t.kode_pemilihan = $pemilihan AND t.kode_kelurahan IN (SELECT kode_kelurahan FROM w)
    GROUP BY 1
),
res AS (
    SELECT w.{code} AS kode,
           {turnout_sums_t}
    FROM tps t JOIN w USING (kode_kelurahan) GROUP BY 1
),
-- Targets marked utama per area code and segment (the highest when several bodies set one for the same area).
tset AS (
    SELECT t.kode_wilayah,
           max(t.target_persen) FILTER (WHERE t.segmen = 'semua') AS semua,
           max(t.target_persen) FILTER (WHERE t.segmen = 'pemula') AS pemula,
           max(t.target_persen) FILTER (WHERE t.segmen = 'disabilitas') AS disabilitas,
           max(t.target_persen) FILTER (WHERE t.segmen = 'perempuan') AS perempuan
    FROM targets t WHERE t.kode_pemilihan = $pemilihan AND t.utama GROUP BY 1
),
-- The target that applies to an area: the most specific one (its own, its kecamatan's, its city's). Three
-- equality joins: a join on `kode_wilayah IN (three columns)` runs as a nested loop (4 s nationally).
tgt AS (
    SELECT p.kode,
           coalesce(own.semua, kec.semua, kab.semua)::DOUBLE AS target_semua,
           coalesce(own.pemula, kec.pemula, kab.pemula)::DOUBLE AS target_pemula,
           coalesce(own.disabilitas, kec.disabilitas, kab.disabilitas)::DOUBLE AS target_disabilitas,
           coalesce(own.perempuan, kec.perempuan, kab.perempuan)::DOUBLE AS target_perempuan
    FROM places p
    LEFT JOIN tset own ON own.kode_wilayah = p.kode
    LEFT JOIN tset kec ON kec.kode_wilayah = p.kode_kecamatan
    LEFT JOIN tset kab ON kab.kode_wilayah = p.kode_kabkota
)"""

# The same figures from the facts tables (analytics/facts.py): per-kelurahan sums added up per area (NULL stays
# NULL where no kelurahan of the area has DPT or results, as the raw joins give), and the area's effective target.
# The areas `w` are the election's facts rows themselves (facts.AREA_ROWS, on every path that reads the facts), so
# they are summed as they are: joining the facts table back to them (83.000 rows nationally) cost ~25 ms.
_FACT_SUMS = """
fk AS (
    SELECT f.{code} AS kode, sum(f.sekolah_total)::BIGINT AS sekolah_total,
           sum(f.dpt)::BIGINT AS dpt, sum(f.dpt_perempuan)::BIGINT AS dpt_perempuan,
           sum(f.dpt_pemula)::BIGINT AS dpt_pemula, sum(f.dpt_disabilitas)::BIGINT AS dpt_disabilitas,
           sum(f.jumlah_tps)::BIGINT AS jumlah_tps,
           {turnout_sums_f}
    FROM w f GROUP BY 1
),
tgt AS (
    SELECT t.{code} AS kode, t.target_semua, t.target_pemula, t.target_disabilitas, t.target_perempuan
    FROM {targets} t WHERE t.kode_pemilihan = $pemilihan
)"""

_FACT_REST = """
sch AS (SELECT fk.kode, fk.sekolah_total, seen.sekolah_dikunjungi FROM fk LEFT JOIN seen USING (kode)),
dpt AS (SELECT kode, dpt, dpt_perempuan, dpt_pemula, dpt_disabilitas, jumlah_tps FROM fk),
res AS (
    SELECT kode, terdaftar, memilih, terdaftar_perempuan, memilih_perempuan, terdaftar_laki_laki,
           memilih_laki_laki, terdaftar_disabilitas, memilih_disabilitas
    FROM fk
)"""

# Outreach columns of a row set `{a}`, zero where the area had no activity (both the CTE and the lean paths).
_OUTREACH = """       coalesce({a}.kegiatan, 0) AS kegiatan,
       coalesce({a}.dijangkau, 0) AS dijangkau,
       coalesce({a}.pemula_dijangkau, 0) AS pemula_dijangkau,
       coalesce({a}.disabilitas_dijangkau, 0) AS disabilitas_dijangkau,
       coalesce({a}.perempuan_dijangkau, 0) AS perempuan_dijangkau,
       coalesce({a}.rumah_dikunjungi, 0) AS rumah_dikunjungi,
"""
_OUTREACH_ACT = _OUTREACH.format(a="act")
_OUTREACH_T = _OUTREACH.format(a="t")

_TAIL = """
SELECT p.kode, p.nama, p.kode_kecamatan, p.kecamatan,
""" + _OUTREACH_ACT + """       act.kegiatan_terakhir,
       coalesce(rw_all.rw_total, 0) AS rw_total,
       coalesce(rw_seen.rw_dikunjungi, 0) AS rw_dikunjungi,
       coalesce(sch.sekolah_total, 0) AS sekolah_total,
       coalesce(sch.sekolah_dikunjungi, 0) AS sekolah_dikunjungi,
       dpt.dpt, dpt.dpt_perempuan, dpt.dpt_pemula, dpt.dpt_disabilitas, dpt.jumlah_tps,
       res.terdaftar, res.memilih, res.terdaftar_perempuan, res.memilih_perempuan,
       res.terdaftar_laki_laki, res.memilih_laki_laki, res.terdaftar_disabilitas, res.memilih_disabilitas,
       tgt.target_semua, tgt.target_pemula, tgt.target_disabilitas, tgt.target_perempuan
FROM places p
LEFT JOIN act USING (kode) LEFT JOIN rw_all USING (kode) LEFT JOIN rw_seen USING (kode)
LEFT JOIN sch USING (kode) LEFT JOIN dpt USING (kode) LEFT JOIN res USING (kode) LEFT JOIN tgt USING (kode)
"""

# A school is visited when a filtered activity names it; it counts in the area it stands in.
_SEEN = """
seen AS (
    SELECT w.{code} AS kode, count(*)::BIGINT AS sekolah_dikunjungi
    FROM visited v JOIN schools s USING (id_sekolah) JOIN w USING (kode_kelurahan) GROUP BY 1
),"""
_FACT_FIGURES = _FACT_SUMS + "," + _SEEN + _FACT_REST

# The default view (the election's whole window, any areas): outreach, RW and schools visited from the
# whole-window totals (analytics/totals.py) instead of the activities; the rest from the facts, as above.
_TOTALS_HEAD = """
WITH w AS ({areas}),
places AS (
    SELECT DISTINCT w.{code} AS kode, w.{name} AS nama, w.kode_kecamatan, w.kecamatan, w.kode_kabkota FROM w
),
tot AS (SELECT t.{code} AS kode, t.* FROM {totals} t WHERE t.kode_pemilihan = $pemilihan),
act AS (
    SELECT kode, kegiatan, dijangkau, pemula_dijangkau, disabilitas_dijangkau, perempuan_dijangkau,
           rumah_dikunjungi, kegiatan_terakhir
    FROM tot WHERE kegiatan IS NOT NULL
),
rw_all AS (SELECT w.{code} AS kode, sum(w.jumlah_rw)::BIGINT AS rw_total FROM w GROUP BY 1),
rw_seen AS (SELECT kode, rw_dikunjungi FROM tot WHERE rw_dikunjungi IS NOT NULL),
seen AS (SELECT kode, sekolah_dikunjungi FROM tot WHERE sekolah_dikunjungi IS NOT NULL),"""

# Schools, DPT, turnout and targets of one kelurahan from its facts row `f` (every kelurahan has one), and schools
# visited from `{seen}`.
_KELURAHAN_FACTS = """       coalesce(f.sekolah_total, 0) AS sekolah_total,
       coalesce({seen}.sekolah_dikunjungi, 0) AS sekolah_dikunjungi,
       f.dpt, f.dpt_perempuan, f.dpt_pemula, f.dpt_disabilitas, f.jumlah_tps,
       f.terdaftar, f.memilih, f.terdaftar_perempuan, f.memilih_perempuan,
       f.terdaftar_laki_laki, f.memilih_laki_laki, f.terdaftar_disabilitas, f.memilih_disabilitas,
       f.target_semua, f.target_pemula, f.target_disabilitas, f.target_perempuan
"""

# The default view per kelurahan: each row of the areas already is one kelurahan, and the totals and the facts
# hold one row per kelurahan, so one equi-join gives the answer the CTEs above give (their group-bys and seven joins
# of 83.000 rows took ~0,25 s nationally). The areas are the election's facts rows under the area filters and scope
# (every kelurahan has one, with its names and RW count): they stand for v_wilayah's rows, which saves joining its
# three tables and then the facts (facts.AREA_ROWS); `w f` names them f, as _KELURAHAN_FACTS reads them.
_TOTALS_KELURAHAN_SQL = """
WITH w AS (""" + facts.AREA_ROWS + """)
SELECT f.kode_kelurahan AS kode, f.kelurahan AS nama, f.kode_kecamatan, f.kecamatan,
""" + _OUTREACH_T + """       t.kegiatan_terakhir,
       coalesce(f.jumlah_rw, 0)::BIGINT AS rw_total,
       coalesce(t.rw_dikunjungi, 0) AS rw_dikunjungi,
""" + _KELURAHAN_FACTS.replace("{seen}", "t") + """FROM w f
LEFT JOIN {totals} t ON t.kode_pemilihan = $pemilihan AND t.kode_kelurahan = f.kode_kelurahan
"""

# An activity type or organiser chosen over the whole window (totals.by_type_usable): outreach, RW and schools
# visited (act, rw_seen, visited) per `{code}` from the per-type totals (1,2M, 1,5M and 0,1M rows at 10M activities,
# where the rollup keeps ~9M); the rest from the facts, as _FACTS_SQL. Each per-type row sums activities of one place,
# type and organiser, so summing rows gives what `act` sums from the rollup, and distinct RW and schools are the same.
_TYPED_OUTREACH = """
act AS (
    SELECT a.{code} AS kode,
           sum(a.kegiatan)::BIGINT AS kegiatan,
           sum(a.dijangkau)::BIGINT AS dijangkau,
           sum(a.pemula_dijangkau)::BIGINT AS pemula_dijangkau,
           sum(a.disabilitas_dijangkau)::BIGINT AS disabilitas_dijangkau,
           sum(a.perempuan_dijangkau)::BIGINT AS perempuan_dijangkau,
           coalesce(sum(a.rumah_dikunjungi), 0)::BIGINT AS rumah_dikunjungi,
           max(a.kegiatan_terakhir) AS kegiatan_terakhir
    FROM """ + totals.TYPE_TABLE + """ a
    WHERE a.kode_pemilihan = $pemilihan AND a.{code} IS NOT NULL AND """ + TYPE_WHERE + """
    GROUP BY 1
),
rw_seen AS (
    SELECT k.{code} AS kode, count(*)::BIGINT AS rw_dikunjungi
    FROM (SELECT DISTINCT a.kode_kelurahan, a.rw FROM """ + totals.RW_TYPE_TABLE + """ a
          WHERE a.kode_pemilihan = $pemilihan AND """ + TYPE_WHERE + """) x
    JOIN kelurahan k USING (kode_kelurahan) WHERE x.rw <= k.jumlah_rw GROUP BY 1
),
visited AS (
    SELECT DISTINCT a.id_sekolah FROM """ + totals.SCHOOL_TYPE_TABLE + """ a
    WHERE a.kode_pemilihan = $pemilihan AND """ + TYPE_WHERE + """
),"""
# A period chosen (and no type, organiser or RW: totals.by_period_usable): outreach, RW and schools visited per
# `{code}` from the per-day place and school tables (analytics/periods.py), stored by date: a month of the whole
# country is ~1M place-days at 10M activities where the rollup (stored by area) keeps ~1,7M rows among its ~9M. A
# kelurahan's RW visited in the period are the bits of its days together; each place-day sums that day's activities
# of the place, so summing rows gives what `act` sums from the rollup.
_PERIOD_SUMS = """
           sum(d.kegiatan)::BIGINT AS kegiatan,
           sum(d.dijangkau)::BIGINT AS dijangkau,
           sum(d.pemula_dijangkau)::BIGINT AS pemula_dijangkau,
           sum(d.disabilitas_dijangkau)::BIGINT AS disabilitas_dijangkau,
           sum(d.perempuan_dijangkau)::BIGINT AS perempuan_dijangkau,
           coalesce(sum(d.rumah_dikunjungi), 0)::BIGINT AS rumah_dikunjungi,
           max(d.tanggal) AS kegiatan_terakhir"""
# Per kecamatan: the sums grouped by its code (7.000 groups), RW from each kelurahan's bits grouped by its number.
_PERIOD_OUTREACH = """
act AS (
    SELECT d.{code} AS kode,""" + _PERIOD_SUMS + """
    FROM (""" + periods.PLACE_SPANS + """) d WHERE d.{code} IS NOT NULL GROUP BY 1
),
rw_seen AS (
    SELECT n.{code} AS kode, sum(x.rw_dikunjungi)::BIGINT AS rw_dikunjungi
    FROM (SELECT d.no_kelurahan, bit_count(bit_or(d.rw_dikunjungi)) AS rw_dikunjungi
          FROM (""" + periods.PLACE_SPANS + """) d WHERE d.no_kelurahan IS NOT NULL GROUP BY 1) x
    JOIN """ + periods.NUMBER_TABLE + """ n USING (no_kelurahan) GROUP BY 1
),
visited AS (SELECT DISTINCT a.id_sekolah FROM (""" + periods.SCHOOL_DAYS + """) a),"""


def _lean_sql(outreach: str) -> str:
    """area_metrics' SQL with `outreach` (CTEs act, rw_seen and visited per `{code}`) and the facts."""
    return """
WITH w AS ({areas}),
places AS (
    SELECT DISTINCT w.{code} AS kode, w.{name} AS nama, w.kode_kecamatan, w.kecamatan, w.kode_kabkota FROM w
),""" + outreach + """
rw_all AS (SELECT w.{code} AS kode, sum(w.jumlah_rw)::BIGINT AS rw_total FROM w GROUP BY 1),""" + _FACT_FIGURES + _TAIL


def _lean_kelurahan_sql(outreach: str, rw_in_act: bool = False) -> str:
    """The same per kelurahan, as _TOTALS_KELURAHAN_SQL does for the default view: each row of the areas is one
    kelurahan and the facts hold one row per kelurahan, so equi-joins give what the CTEs' group-bys and joins give
    (~0,25 s nationally). Outreach, RW and schools visited hold at most one row per kelurahan each and are joined to
    the areas directly (putting them side by side first by one grouping of their rows was measured ~10-20 ms slower
    nationally on 2026-12-07). `rw_in_act`: act already holds rw_dikunjungi (no rw_seen)."""
    rw_join = "" if rw_in_act else "\nLEFT JOIN rw_seen ON rw_seen.kode = f.kode_kelurahan"
    return """
WITH w AS (""" + facts.AREA_ROWS + """),""" + outreach + _SEEN.rstrip(",") + """
SELECT f.kode_kelurahan AS kode, f.kelurahan AS nama, f.kode_kecamatan, f.kecamatan,
""" + _OUTREACH_ACT + """       act.kegiatan_terakhir,
       coalesce(f.jumlah_rw, 0)::BIGINT AS rw_total,
       coalesce(""" + ("act" if rw_in_act else "rw_seen") + """.rw_dikunjungi, 0) AS rw_dikunjungi,
""" + _KELURAHAN_FACTS.replace("{seen}", "seen") + """FROM w f
LEFT JOIN act ON act.kode = f.kode_kelurahan
LEFT JOIN seen ON seen.kode = f.kode_kelurahan""" + rw_join + """
"""


# Per kelurahan: sums and RW in one pass grouped by the kelurahan's number.
_PERIOD_OUTREACH_KELURAHAN = """
act AS (
    SELECT n.kode_kelurahan AS kode, x.* EXCLUDE (no_kelurahan)
    FROM (SELECT d.no_kelurahan,""" + _PERIOD_SUMS + """,
                 bit_count(bit_or(d.rw_dikunjungi))::BIGINT AS rw_dikunjungi
          FROM (""" + periods.PLACE_SPANS + """) d WHERE d.no_kelurahan IS NOT NULL GROUP BY 1) x
    JOIN """ + periods.NUMBER_TABLE + """ n USING (no_kelurahan)
),
""" + _PERIOD_OUTREACH[_PERIOD_OUTREACH.index("visited AS"):]
_TYPED_SQL = _lean_sql(_TYPED_OUTREACH)
_TYPED_KELURAHAN_SQL = _lean_kelurahan_sql(_TYPED_OUTREACH)
_PERIOD_SQL = _lean_sql(_PERIOD_OUTREACH)
_PERIOD_KELURAHAN_SQL = _lean_kelurahan_sql(_PERIOD_OUTREACH_KELURAHAN, rw_in_act=True)
_RAW_SQL = _HEAD + _RAW_FIGURES + _TAIL
_FACTS_SQL = _HEAD + _FACT_FIGURES + _TAIL
_TOTALS_SQL = _TOTALS_HEAD + _FACT_SUMS + "," + _FACT_REST + _TAIL

# Turnout and targets only (no activities): what the Partisipasi page's comparisons need, from the facts tables.
# The election's facts rows under the area filters are the areas themselves (facts.AREA_ROWS: every kelurahan has
# one, with its names), so the turnout sums group them directly, without v_wilayah's join of three tables or a
# second join back to the facts (nationally per kecamatan ~31 -> ~12 ms).
_TURNOUT_SQL = """
WITH w AS (""" + facts.AREA_ROWS + """),
fk AS (
    SELECT w.{code} AS kode, w.{name} AS nama, w.kode_kecamatan, w.kecamatan, {turnout_sums_w}
    FROM w GROUP BY ALL
),
tgt AS (
    SELECT t.{code} AS kode, t.target_semua, t.target_pemula, t.target_disabilitas, t.target_perempuan
    FROM {targets} t WHERE t.kode_pemilihan = $pemilihan
)
SELECT fk.kode, fk.nama, fk.kode_kecamatan, fk.kecamatan,
       fk.terdaftar, fk.memilih, fk.terdaftar_perempuan, fk.memilih_perempuan,
       fk.terdaftar_laki_laki, fk.memilih_laki_laki, fk.terdaftar_disabilitas, fk.memilih_disabilitas,
       tgt.target_semua, tgt.target_pemula, tgt.target_disabilitas, tgt.target_perempuan
FROM fk LEFT JOIN tgt USING (kode)
ORDER BY fk.kode
"""

# Columns of area_turnout: area_metrics' names, turnout counts, targets and turnout rates, in its order.
TURNOUT_COLUMNS = [
    "kode", "nama", "kode_kecamatan", "kecamatan",
    "terdaftar", "memilih", "terdaftar_perempuan", "memilih_perempuan",
    "terdaftar_laki_laki", "memilih_laki_laki", "terdaftar_disabilitas", "memilih_disabilitas",
    "target_semua", "target_pemula", "target_disabilitas", "target_perempuan",
    "partisipasi_persen", "partisipasi_perempuan_persen", "partisipasi_laki_laki_persen",
    "partisipasi_disabilitas_persen", "selisih_target_persen",
]


def _sql(template: str, level: str, activities: str | None = None, areas: str = FILTERED_AREAS) -> str:
    """`template` with the level's identifiers and tables (allow-listed here, never from input) filled in; `areas`
    gives the kelurahan under the filters (v_wilayah's rows, or the election's facts rows where those are current:
    the same kelurahan with the columns these statements read, without joining three tables)."""
    code, name = LEVELS[level]
    return template.format(areas=areas, activities=activities, code=code, name=name,
                           targets=_TARGET_TABLES[level], totals=_TOTAL_TABLES[level],
                           turnout_sums_t=_TURNOUT_SUMS.format(a="t"), turnout_sums_f=_TURNOUT_SUMS.format(a="f"),
                           turnout_sums_w=_TURNOUT_SUMS.format(a="w"))


def _ratio(num: pd.Series, den: pd.Series, scale: float) -> pd.Series:
    """scale × num / den rounded to 2 decimals (Float64), missing where either is missing or den is not positive.
    Computed on numpy floats (the same operations, in the same order, as on Float64 columns, ~4× faster)."""
    n, d = _floats(num), _floats(den)
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = np.where(d > 0, scale * n / d, np.nan).round(2)
    # NaN is missing, as pd.array(rate, dtype="Float64") has it; built from values and mask without its checks.
    return pd.Series(pd.arrays.FloatingArray(rate, np.isnan(rate)), index=num.index, copy=False)


def _floats(column: pd.Series) -> np.ndarray:
    """A column's values as float64, NaN where missing. A numpy column is converted as it is: asking for NaN in
    place of missing values first looks for them (~2,4 ms of the ~14,5 ms of area_metrics' rates for the country's
    83.000 kelurahan), and an integer column has none, a float column has them as NaN already."""
    if isinstance(column.dtype, np.dtype) and column.dtype.kind in "iuf":
        return column.to_numpy(dtype="float64")
    return column.to_numpy(dtype="float64", na_value=np.nan)


def _metrics_sql(con: duckdb.DuckDBPyConnection, filters: Filters, scope: Scope,
                 level: str) -> tuple[str, dict[str, object]]:
    """area_metrics' SQL for this view (the fastest source that gives the raw tables' answer) and its parameters."""
    if not facts.available(con, filters.pemilihan):
        return _sql(_RAW_SQL, level, counted_activities(con)), params(filters, scope)
    if totals.usable(con, filters, scope, level):
        # No activity conditions in this SQL (DuckDB refuses unused parameters): areas and election only.
        return (_sql(_TOTALS_KELURAHAN_SQL if level == "kelurahan" else _TOTALS_SQL, level, areas=facts.AREA_ROWS),
                {**area_params(filters, scope), "pemilihan": filters.pemilihan})
    if totals.by_type_usable(con, filters):
        return (_sql(_TYPED_KELURAHAN_SQL if level == "kelurahan" else _TYPED_SQL, level, areas=facts.AREA_ROWS),
                type_params(filters, scope))
    if totals.by_period_usable(con, filters, scope):
        # $jenis and $org stay (None here): the school table's conditions name them.
        return (_sql(_PERIOD_KELURAHAN_SQL if level == "kelurahan" else _PERIOD_SQL, level, areas=facts.AREA_ROWS),
                {**school_day_params(filters, scope), **periods.span_params(con, filters, scope)})
    return _sql(_FACTS_SQL, level, counted_activities(con), facts.AREA_ROWS), params(filters, scope)


# The reach scatter's columns of area_metrics per kelurahan: handing pandas 7 of its 35 columns (83.000 rows for the
# whole country) saves ~60 ms of conversion.
_REACH_SQL = "SELECT kode, nama, kecamatan, dpt, dijangkau, terdaftar, memilih FROM ({metrics}) m"


@once_per_answer
def reach_and_turnout(con: duckdb.DuckDBPyConnection, filters: Filters, scope: Scope) -> pd.DataFrame:
    """Per kelurahan: area_metrics' names, DPT, people reached, registered voters, voters, and its two rates of them
    (dijangkau_per_1000, partisipasi_persen), the same values."""
    sql, bound = _metrics_sql(con, filters, scope, "kelurahan")
    frame = frames.frame(con, _REACH_SQL.format(metrics=sql), bound, order_by="kode")
    frame["dijangkau_per_1000"] = _ratio(frame["dijangkau"], frame["dpt"], 1000)
    frame["partisipasi_persen"] = _ratio(frame["memilih"], frame["terdaftar"], 100)
    return frame


@once_per_answer
def area_metrics(con: duckdb.DuckDBPyConnection, filters: Filters, scope: Scope, level: str) -> pd.DataFrame:
    """One row per kecamatan or kelurahan in the filters and scope, with outreach, coverage, DPT, turnout and
    targets; rates in percent (or per 1,000 voters) are added as columns ending in _persen / _per_1000."""
    sql, bound = _metrics_sql(con, filters, scope, level)
    frame = frames.frame(con, sql, bound, order_by="kode")
    frame["dijangkau_per_1000"] = _ratio(frame["dijangkau"], frame["dpt"], 1000)
    frame["rw_cakupan_persen"] = _ratio(frame["rw_dikunjungi"], frame["rw_total"], 100)
    frame["sekolah_cakupan_persen"] = _ratio(frame["sekolah_dikunjungi"], frame["sekolah_total"], 100)
    frame["pemula_dijangkau_persen"] = _ratio(frame["pemula_dijangkau"], frame["dpt_pemula"], 100)
    frame["disabilitas_dijangkau_persen"] = _ratio(frame["disabilitas_dijangkau"], frame["dpt_disabilitas"], 100)
    frame["perempuan_dijangkau_persen"] = _ratio(frame["perempuan_dijangkau"], frame["dpt_perempuan"], 100)
    return _add_turnout_rates(frame)


@once_per_answer
def area_turnout(con: duckdb.DuckDBPyConnection, filters: Filters, scope: Scope, level: str) -> pd.DataFrame:
    """area_metrics' TURNOUT_COLUMNS (names, turnout counts, targets, turnout rates), the same values, without
    the outreach figures: read from the facts tables it skips the activities altogether."""
    if not facts.available(con, filters.pemilihan):
        return area_metrics(con, filters, scope, level)[TURNOUT_COLUMNS]
    bound = {**area_params(filters, scope), "pemilihan": filters.pemilihan}
    return _add_turnout_rates(frames.frame(con, _sql(_TURNOUT_SQL, level), bound))


def _add_turnout_rates(frame: pd.DataFrame) -> pd.DataFrame:
    """Turnout rates in percent and the gap to the target (one code path, so both functions agree exactly)."""
    frame["partisipasi_persen"] = _ratio(frame["memilih"], frame["terdaftar"], 100)
    frame["partisipasi_perempuan_persen"] = _ratio(frame["memilih_perempuan"], frame["terdaftar_perempuan"], 100)
    frame["partisipasi_laki_laki_persen"] = _ratio(frame["memilih_laki_laki"], frame["terdaftar_laki_laki"], 100)
    frame["partisipasi_disabilitas_persen"] = _ratio(
        frame["memilih_disabilitas"], frame["terdaftar_disabilitas"], 100
    )
    frame["selisih_target_persen"] = (frame["partisipasi_persen"] - frame["target_semua"].astype("Float64")).round(2)
    return frame
