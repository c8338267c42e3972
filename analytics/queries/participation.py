"""Turnout after election day: per TPS, per area against targets, change between elections, and its link to reach."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import duckdb
import numpy as np
import pandas as pd

from analytics import facts, frames
from analytics.filters import Filters, Scope, area_params
from analytics.memo import once_per_answer
from analytics.queries.areas import area_metrics, area_turnout, reach_and_turnout
from analytics.queries.overview import FILTERED_AREAS

Z_95 = 1.959963984540054  # two-sided 95 % quantile of the standard normal

# A TPS's turnout rate (turnout t).
_TPS_RATE = "round(100.0 * t.memilih_total / nullif(t.terdaftar_total, 0), 2)"
# One row per TPS of the selection (turnout t, areas w) with its rates; `rate` is the turnout rate's expression.
_TPS_COLUMNS_WITH = """
SELECT w.kode_kecamatan, w.kecamatan, t.kode_kelurahan, w.kelurahan, t.nomor_tps,
       t.terdaftar_total AS terdaftar,
       t.memilih_total AS memilih,
       {rate} AS partisipasi_persen,
       t.terdaftar_perempuan, t.memilih_perempuan,
       round(100.0 * t.memilih_perempuan / nullif(t.terdaftar_perempuan, 0), 2) AS partisipasi_perempuan_persen,
       t.terdaftar_disabilitas, t.memilih_disabilitas,
       round(100.0 * t.memilih_disabilitas / nullif(t.terdaftar_disabilitas, 0), 2)
           AS partisipasi_disabilitas_persen"""
_TPS_COLUMNS = _TPS_COLUMNS_WITH.format(rate=_TPS_RATE)
_TPS_COLUMNS_RATED = _TPS_COLUMNS_WITH.format(rate="t.partisipasi_persen")  # rows that carry their rate already

_TPS_SQL = f"""
WITH w AS ({FILTERED_AREAS})
{_TPS_COLUMNS}
FROM turnout t
JOIN w USING (kode_kelurahan)
WHERE t.kode_pemilihan = $pemilihan
ORDER BY t.kode_kelurahan, t.nomor_tps
"""

# The same rows with the target each TPS takes from its kelurahan (the most specific one, as area_metrics decides)
# read from the facts table: last, as the merge below adds it on the raw path. The areas are the election's facts
# rows (facts.AREA_ROWS: one per kelurahan, with its names and targets), which saves joining v_wilayah's three tables.
_TPS_FACTS_SQL = f"""
WITH w AS ({facts.AREA_ROWS})
{_TPS_COLUMNS},
       w.target_semua
FROM turnout t
JOIN w USING (kode_kelurahan)
WHERE t.kode_pemilihan = $pemilihan
ORDER BY t.kode_kelurahan, t.nomor_tps
"""

# Per kelurahan of the selection: what turnout_summary adds up, and its TPS with results (from the facts table).
_SUMMARY_FACTS_SQL = f"""
SELECT f.tps_hasil, f.terdaftar, f.memilih, f.terdaftar_perempuan, f.memilih_perempuan,
       f.terdaftar_disabilitas, f.memilih_disabilitas, f.target_semua, f.target_perempuan, f.target_disabilitas
FROM ({facts.AREA_ROWS}) f
ORDER BY f.kode_kelurahan
"""

_OTHER_ELECTIONS_SQL = f"""
WITH w AS ({FILTERED_AREAS})
SELECT p.kode_pemilihan AS kode, p.nama, p.tanggal
FROM pemilihan p
WHERE p.kode_pemilihan <> $pemilihan
  AND EXISTS (SELECT 1 FROM turnout t JOIN w USING (kode_kelurahan) WHERE t.kode_pemilihan = p.kode_pemilihan)
ORDER BY p.tanggal DESC
"""


@dataclass(frozen=True)
class TurnoutSummary:
    """Turnout of the whole selection: counts, rates in percent, and the targets they are measured against."""

    jumlah_tps: int
    terdaftar: int
    memilih: int
    partisipasi_persen: float | None
    target_persen: float | None
    selisih_poin: float | None
    partisipasi_perempuan_persen: float | None
    target_perempuan: float | None
    partisipasi_disabilitas_persen: float | None
    target_disabilitas: float | None

    @property
    def has_results(self) -> bool:
        """Whether any turnout rows exist for the selection (none before results are imported)."""
        return self.jumlah_tps > 0


def _bound(filters: Filters, scope: Scope) -> dict[str, object]:
    """Parameters of the SQL here: the area filters, the scope and the election (DuckDB refuses unused ones)."""
    return {**area_params(filters, scope), "pemilihan": filters.pemilihan}


def _rate(num: float, den: float) -> float | None:
    # Not rounded: rounding here and again for display turns 64.0500… into 64,0 instead of 64,1.
    return 100.0 * num / den if den else None


def _weighted(values: pd.Series, weights: pd.Series) -> float | None:
    """Mean of `values` weighted by `weights`, over rows where both are known; None if there are none."""
    frame = pd.DataFrame({"v": pd.to_numeric(values).astype(float), "w": pd.to_numeric(weights).astype(float)})
    frame = frame.dropna()
    total = frame["w"].sum()
    return float((frame["v"] * frame["w"]).sum() / total) if total > 0 else None


# TPS with results in the chosen areas (when the facts tables cannot be used).
_TPS_COUNT_SQL = (f"WITH w AS ({FILTERED_AREAS}) SELECT count(*) FROM turnout t JOIN w USING (kode_kelurahan) "
                  "WHERE t.kode_pemilihan = $pemilihan")


@once_per_answer
def turnout_summary(con: duckdb.DuckDBPyConnection, filters: Filters, scope: Scope) -> TurnoutSummary:
    """Turnout of the selected areas, their target, the gap in points, and women's and disabled voters' turnout."""
    if facts.available(con, filters.pemilihan):
        # One row per kelurahan in area_metrics' order: the weighted means below add up in the same order.
        kel = frames.frame(con, _SUMMARY_FACTS_SQL, _bound(filters, scope))  # 83.000 rows nationally: via Arrow
        jumlah_tps = int(kel["tps_hasil"].sum())
    else:
        kel = area_metrics(con, filters, scope, "kelurahan")
        jumlah_tps = int(con.execute(_TPS_COUNT_SQL, _bound(filters, scope)).fetchone()[0])

    def total(col: str) -> int:
        return int(pd.to_numeric(kel[col]).fillna(0).sum())

    terdaftar, memilih = total("terdaftar"), total("memilih")
    turnout = _rate(memilih, terdaftar)
    # Areas can have different targets: weighting each by its registered voters gives the turnout the selection
    # reaches when every area meets its own target.
    target = _weighted(kel["target_semua"], kel["terdaftar"])
    return TurnoutSummary(
        jumlah_tps=jumlah_tps,
        terdaftar=terdaftar,
        memilih=memilih,
        partisipasi_persen=turnout,
        target_persen=target,
        selisih_poin=turnout - target if turnout is not None and target is not None else None,
        partisipasi_perempuan_persen=_rate(total("memilih_perempuan"), total("terdaftar_perempuan")),
        target_perempuan=_weighted(kel["target_perempuan"], kel["terdaftar_perempuan"]),
        partisipasi_disabilitas_persen=_rate(total("memilih_disabilitas"), total("terdaftar_disabilitas")),
        target_disabilitas=_weighted(kel["target_disabilitas"], kel["terdaftar_disabilitas"]),
    )


@once_per_answer
def tps_turnout(con: duckdb.DuckDBPyConnection, filters: Filters, scope: Scope) -> pd.DataFrame:
    """One row per TPS with results in the selected areas: names, counts, turnout rates and the target that applies."""
    if facts.available(con, filters.pemilihan):
        frame = con.execute(_TPS_FACTS_SQL, _bound(filters, scope)).df()
    else:
        frame = con.execute(_TPS_SQL, _bound(filters, scope)).df()
        # A TPS has no target of its own: it takes its kelurahan's (the most specific one, as area_metrics decides).
        targets = area_metrics(con, filters, scope, "kelurahan")[["kode", "target_semua"]]
        frame = frame.merge(targets.rename(columns={"kode": "kode_kelurahan"}), on="kode_kelurahan", how="left")
    frame["selisih_target_poin"] = (frame["partisipasi_persen"] - frame["target_semua"]).round(2)
    return frame


# The TPS the page lists first: lowest turnout first (no turnout last), at most $limit. The order needs only the
# TPS's own counts, so the top rows are picked from turnout alone (a semi-join keeps the chosen areas) and only they
# are joined with names and targets: joining all ~820,000 TPS of the country first cost ~3x as much.
_LOWEST_TPS_SQL = f"""
WITH w AS ({facts.AREA_ROWS}),
top AS (
    SELECT t.*, {_TPS_RATE} AS partisipasi_persen
    FROM turnout t SEMI JOIN w USING (kode_kelurahan)
    WHERE t.kode_pemilihan = $pemilihan
    ORDER BY partisipasi_persen ASC NULLS LAST, t.kode_kelurahan, t.nomor_tps
    LIMIT $limit
)
{_TPS_COLUMNS_RATED},
       w.target_semua
FROM top t
JOIN w USING (kode_kelurahan)
ORDER BY t.partisipasi_persen ASC NULLS LAST, t.kode_kelurahan, t.nomor_tps
"""
# How many TPS with results the selection has: the facts table counts them per kelurahan.
_TPS_TOTAL_FACTS_SQL = f"SELECT coalesce(sum(f.tps_hasil), 0) FROM ({facts.AREA_ROWS}) f"
_LOWEST_ORDER = ["partisipasi_persen", "kode_kelurahan", "nomor_tps"]


@once_per_answer
def lowest_tps(con: duckdb.DuckDBPyConnection, filters: Filters, scope: Scope,
               limit: int | None = 2_000) -> tuple[pd.DataFrame, int]:
    """tps_turnout's rows ordered from the lowest turnout, at most `limit` (None = all), and how many TPS there are:
    a province has ~50,000 TPS and a page shows only the first."""
    if facts.available(con, filters.pemilihan):
        bound = _bound(filters, scope)
        frame = con.execute(_LOWEST_TPS_SQL, {**bound, "limit": limit}).df()
        total = int(con.execute(_TPS_TOTAL_FACTS_SQL, bound).fetchone()[0])
        frame["selisih_target_poin"] = (frame["partisipasi_persen"] - frame["target_semua"]).round(2)
        return frame, total
    every = tps_turnout(con, filters, scope).sort_values(_LOWEST_ORDER, na_position="last", kind="stable")
    top = every if limit is None else every.head(limit)
    return top.reset_index(drop=True), len(every)


@once_per_answer
def turnout_change(
    con: duckdb.DuckDBPyConnection, filters: Filters, scope: Scope, level: str, earlier: str
) -> pd.DataFrame:
    """Per kecamatan or kelurahan: turnout in the `earlier` election and in the chosen one, and the change in points."""
    cols = ["kode", "nama", "kode_kecamatan", "kecamatan", "terdaftar", "memilih", "partisipasi_persen"]
    before = area_turnout(con, replace(filters, pemilihan=earlier), scope, level)[cols]
    now = area_turnout(con, filters, scope, level)[cols]
    frame = before.merge(now, on=["kode", "nama", "kode_kecamatan", "kecamatan"], suffixes=("_sebelumnya", ""))
    frame["perubahan_poin"] = (frame["partisipasi_persen"] - frame["partisipasi_persen_sebelumnya"]).round(2)
    return frame


@once_per_answer
def turnout_gaps(con: duckdb.DuckDBPyConnection, filters: Filters, scope: Scope, level: str) -> pd.DataFrame:
    """Per area: women's minus men's turnout, and disabled voters' minus all voters' turnout, in points."""
    frame = area_turnout(con, filters, scope, level)[
        ["kode", "nama", "kecamatan", "partisipasi_persen", "partisipasi_perempuan_persen",
         "partisipasi_laki_laki_persen", "partisipasi_disabilitas_persen"]
    ].copy()
    frame["selisih_perempuan_poin"] = (
        frame["partisipasi_perempuan_persen"] - frame["partisipasi_laki_laki_persen"]
    ).round(2)
    frame["selisih_disabilitas_poin"] = (
        frame["partisipasi_disabilitas_persen"] - frame["partisipasi_persen"]
    ).round(2)
    return frame


@once_per_answer
def outreach_vs_turnout(con: duckdb.DuckDBPyConnection, filters: Filters, scope: Scope) -> pd.DataFrame:
    """Per kelurahan: people reached per 1,000 voters (with the sidebar's activity filters) and turnout."""
    return reach_and_turnout(con, filters, scope)[
        ["kode", "nama", "kecamatan", "dpt", "dijangkau", "dijangkau_per_1000", "terdaftar", "partisipasi_persen"]
    ].reset_index(drop=True)


@once_per_answer
def other_elections(con: duckdb.DuckDBPyConnection, filters: Filters, scope: Scope) -> pd.DataFrame:
    """Elections other than the chosen one with turnout rows in the selected areas (kode, nama, tanggal), newest first."""
    return con.execute(_OTHER_ELECTIONS_SQL, _bound(filters, scope)).df()


def _floats(values) -> np.ndarray:
    """Values as floats, NaN where missing or not a number. A Series is converted as it is: read value by value,
    the 83.000 kelurahan of the country's scatter took ~35 ms a column."""
    series = values if isinstance(values, pd.Series) else pd.Series(list(values), dtype="object")
    return pd.to_numeric(series, errors="coerce").to_numpy(dtype=float, na_value=np.nan)


def correlation(x, y) -> dict[str, float | int | None]:
    """Pearson r with a 95 % confidence interval (Fisher's z) and the least-squares line of y on x.

    Pairs with a missing value are dropped; with fewer than 4 pairs, or no spread, every figure but n is None."""
    xs, ys = _floats(x), _floats(y)
    if len(xs) != len(ys):
        raise ValueError("x and y must have the same length")
    keep = np.isfinite(xs) & np.isfinite(ys)
    xs, ys = xs[keep], ys[keep]
    n = int(len(xs))
    empty = {"n": n, "r": None, "ci_low": None, "ci_high": None, "slope": None, "intercept": None}
    # Fisher's z needs n > 3; a constant variable has no correlation at all.
    if n < 4 or np.ptp(xs) == 0 or np.ptp(ys) == 0:
        return empty
    r = float(np.clip(np.corrcoef(xs, ys)[0, 1], -1.0, 1.0))
    if abs(r) == 1.0:
        low = high = r  # a perfect line: the interval collapses (atanh would be infinite)
    else:
        z, half = math.atanh(r), Z_95 / math.sqrt(n - 3)
        low, high = math.tanh(z - half), math.tanh(z + half)
    slope, intercept = np.polyfit(xs, ys, 1)
    return {"n": n, "r": r, "ci_low": low, "ci_high": high, "slope": float(slope), "intercept": float(intercept)}
