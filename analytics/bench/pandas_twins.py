"""Plain-pandas twins of the page queries, written as a typical Streamlit dashboard would: load, filter, group by."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace

import duckdb
import numpy as np
import pandas as pd

from analytics.filters import Filters, Scope
from analytics.queries.overview import KpiValues, OverviewKpis
from analytics.queries.participation import TurnoutSummary
from analytics.queries.segments import Turnout

TABLES = {
    "activities": "SELECT * FROM activities",
    "jenis": "SELECT kode, nama, nama_en, sasaran, ada_peserta, urutan FROM jenis_kegiatan",
    "pemilihan": "SELECT * FROM pemilihan",
    "wilayah": "SELECT * FROM v_wilayah",
    "rw": "SELECT kode_kecamatan, kode_kelurahan, rw FROM v_rw",
    "voters": "SELECT * FROM voters",
    "turnout": "SELECT * FROM turnout",
    "schools": "SELECT * FROM schools",
    "targets": "SELECT * FROM targets",
}


@dataclass(frozen=True)
class Frames:
    """Every table the twins read, loaded once into memory (what `st.cache_data` would hold)."""

    activities: pd.DataFrame
    jenis: pd.DataFrame
    pemilihan: pd.DataFrame
    wilayah: pd.DataFrame
    rw: pd.DataFrame
    voters: pd.DataFrame
    turnout: pd.DataFrame
    schools: pd.DataFrame
    targets: pd.DataFrame


def load(con: duckdb.DuckDBPyConnection) -> Frames:
    """Read the whole tables into DataFrames: the load a pandas dashboard pays at start and after each import."""
    return Frames(**{name: con.execute(sql).df() for name, sql in TABLES.items()})


# --- filtering, as ACTIVITY_WHERE and AREA_WHERE do -------------------------------------------------------------

def _in_scope(frame: pd.DataFrame, scope: Scope, columns: tuple[str, ...]) -> pd.Series:
    if scope.wilayah is None:
        return pd.Series(True, index=frame.index)
    allowed = list(scope.wilayah)
    mask = pd.Series(False, index=frame.index)
    for col in columns:
        mask |= frame[col].isin(allowed)
    return mask


def areas(f: Frames, filters: Filters, scope: Scope) -> pd.DataFrame:
    """Kelurahan inside the area filters and the scope (FILTERED_AREAS)."""
    w = f.wilayah
    mask = _in_scope(w, scope, ("kode_kabkota", "kode_kecamatan", "kode_kelurahan"))
    if filters.kecamatan:
        mask &= w["kode_kecamatan"].isin(filters.kecamatan)
    if filters.kelurahan:
        mask &= w["kode_kelurahan"].isin(filters.kelurahan)
    return w[mask]


def activities(f: Frames, filters: Filters, scope: Scope) -> pd.DataFrame:
    """Activities of the election's window after every filter, with the type's ada_peserta (FILTERED_ACTIVITIES)."""
    a = f.activities
    window = f.pemilihan.set_index("kode_pemilihan").loc[filters.pemilihan]
    mask = a["tanggal"].between(pd.Timestamp(window["sosialisasi_mulai"]), pd.Timestamp(window["sosialisasi_selesai"]))
    for values, col in ((filters.kecamatan, "kode_kecamatan"), (filters.kelurahan, "kode_kelurahan"),
                        (filters.rw, "rw"), (filters.jenis, "jenis_kegiatan"), (filters.penyelenggara, "penyelenggara")):
        if values:
            mask &= a[col].isin(list(values)).fillna(False).astype(bool)
    if filters.mulai:
        mask &= a["tanggal"] >= pd.Timestamp(filters.mulai)
    if filters.sampai:
        mask &= a["tanggal"] <= pd.Timestamp(filters.sampai)
    mask &= _in_scope(a, scope, ("kode_kabkota", "kode_kecamatan", "kode_kelurahan"))
    out = a[mask]
    counted = dict(zip(f.jenis["kode"], f.jenis["ada_peserta"]))
    return out.assign(ada_peserta=out["jenis_kegiatan"].map(counted).astype(bool))


def _counted(a: pd.DataFrame, col: str) -> pd.Series:
    """The column where the type counts participants, 0 elsewhere (SQL: sum(x) FILTER (WHERE ada_peserta))."""
    return a[col].where(a["ada_peserta"], 0)


def _sum(series: pd.Series) -> int | None:
    """SQL sum(): None over no values, else an int."""
    values = series.dropna()
    return int(values.sum()) if len(values) else None


# --- overview ------------------------------------------------------------------------------------------------

def _kpi_values(f: Frames, filters: Filters, scope: Scope) -> KpiValues:
    a, w = activities(f, filters, scope), areas(f, filters, scope)
    kel = w["kode_kelurahan"]
    v = f.voters[(f.voters["kode_pemilihan"] == filters.pemilihan) & f.voters["kode_kelurahan"].isin(kel)]
    seen = a.loc[a["rw"].notna(), ["kode_kelurahan", "rw"]].drop_duplicates().astype({"rw": "int64"})
    known = f.rw[["kode_kelurahan", "rw"]].astype({"rw": "int64"})
    schools = f.schools[f.schools["kode_kelurahan"].isin(kel)]
    last = a["tanggal"].max()
    return KpiValues(
        kegiatan=len(a),
        dijangkau=int(_counted(a, "jumlah_peserta").sum()),
        pemula_dijangkau=int(_counted(a, "peserta_pemula").sum()),
        disabilitas_dijangkau=int(_counted(a, "peserta_disabilitas").sum()),
        perempuan_dijangkau=int(_counted(a, "peserta_perempuan").sum()),
        rumah_dikunjungi=int(a["rumah_dikunjungi"].sum()),
        terakhir=None if pd.isna(last) else last.date(),
        rw_dikunjungi=len(seen.merge(known, on=["kode_kelurahan", "rw"])),
        rw_total=int(f.rw["kode_kelurahan"].isin(kel).sum()),
        sekolah_dikunjungi=int(a.loc[a["id_sekolah"].isin(schools["id_sekolah"]), "id_sekolah"].nunique()),
        sekolah_total=len(schools),
        dpt=_sum(v["total"]), dpt_pemula=_sum(v["pemula"]), dpt_disabilitas=_sum(v["disabilitas"]),
    )


def overview_kpis(f: Frames, filters: Filters, scope: Scope, today: dt.date | None = None) -> OverviewKpis:
    today = today or dt.date.today()
    election_day = pd.Timestamp(f.pemilihan.set_index("kode_pemilihan").loc[filters.pemilihan, "tanggal"]).date()
    now = _kpi_values(f, filters, scope)
    as_of = now.terakhir if filters.sampai is None else min(filters.sampai, now.terakhir or filters.sampai)
    week_ago = _kpi_values(f, filters.until(as_of - dt.timedelta(days=7)), scope) if as_of else now
    return OverviewKpis(as_of, now, week_ago, election_day, (election_day - today).days)


def weekly_activity(f: Frames, filters: Filters, scope: Scope) -> pd.DataFrame:
    a = activities(f, filters, scope)
    a = a.assign(minggu=a["tanggal"] - pd.to_timedelta(a["tanggal"].dt.day_of_week, unit="D"),
                 dijangkau=_counted(a, "jumlah_peserta"))
    out = a.groupby(["minggu", "jenis_kegiatan"], as_index=False).agg(
        kegiatan=("jenis_kegiatan", "size"), dijangkau=("dijangkau", "sum"))
    return out.sort_values(["minggu", "jenis_kegiatan"]).reset_index(drop=True)


# --- per area ------------------------------------------------------------------------------------------------

LEVELS = {"kecamatan": ("kode_kecamatan", "kecamatan"), "kelurahan": ("kode_kelurahan", "kelurahan")}
TURNOUT_SUMS = {
    "terdaftar_total": "terdaftar", "memilih_total": "memilih", "terdaftar_perempuan": "terdaftar_perempuan",
    "memilih_perempuan": "memilih_perempuan", "terdaftar_laki_laki": "terdaftar_laki_laki",
    "memilih_laki_laki": "memilih_laki_laki", "terdaftar_disabilitas": "terdaftar_disabilitas",
    "memilih_disabilitas": "memilih_disabilitas",
}


def _round_as_sql(values: pd.Series, decimals: int = 2) -> pd.Series:
    """DuckDB's round(): halves away from zero (pandas rounds them to even). Where a list is ordered by a rounded
    rate (lowest_tps), 219 of 480 voters must be 45,63 % as in the SQL, not 45,62 %, or ties sort differently."""
    scaled = values.astype("Float64") * 10**decimals
    return np.sign(scaled) * np.floor(np.abs(scaled) + 0.5) / 10**decimals


def _ratio(num: pd.Series, den: pd.Series, scale: float) -> pd.Series:
    num, den = num.astype("Float64"), den.astype("Float64")
    return (scale * num / den.where(den > 0)).round(2)


def _targets(f: Frames, filters: Filters, places: pd.DataFrame) -> pd.DataFrame:
    """Per place and segment: the most specific utama target (own, its kecamatan's, its kab/kota's)."""
    t = f.targets[(f.targets["kode_pemilihan"] == filters.pemilihan) & f.targets["utama"]]
    links = pd.concat([places[["kode"]].assign(kode_wilayah=places[c]) for c in ("kode", "kode_kecamatan",
                                                                               "kode_kabkota")]).drop_duplicates()
    m = links.merge(t, on="kode_wilayah")
    m = m.assign(rank=m["kode_wilayah"].str.len() * 1000 + m["target_persen"].astype(float))
    best = m.sort_values("rank").groupby(["kode", "segmen"]).tail(1)
    wide = best.pivot(index="kode", columns="segmen", values="target_persen").astype(float)
    wide = wide.reindex(columns=["semua", "pemula", "disabilitas", "perempuan"])
    return wide.add_prefix("target_").reset_index()


def area_metrics(f: Frames, filters: Filters, scope: Scope, level: str) -> pd.DataFrame:
    code, name = LEVELS[level]
    w, a = areas(f, filters, scope), activities(f, filters, scope)
    places = w[[code, name, "kode_kecamatan", "kecamatan", "kode_kabkota"]].drop_duplicates() \
        .rename(columns={code: "kode", name: "nama"}) if level == "kelurahan" else \
        w[["kode_kecamatan", "kecamatan", "kode_kabkota"]].drop_duplicates().assign(
            kode=lambda d: d["kode_kecamatan"], nama=lambda d: d["kecamatan"])
    places = places[["kode", "nama", "kode_kecamatan", "kecamatan", "kode_kabkota"]]

    counted = a.assign(**{c: _counted(a, c) for c in ("jumlah_peserta", "peserta_pemula", "peserta_disabilitas",
                                                        "peserta_perempuan")})
    act = counted[counted[code].notna()].groupby(code).agg(
        kegiatan=("tanggal", "size"), dijangkau=("jumlah_peserta", "sum"), pemula_dijangkau=("peserta_pemula", "sum"),
        disabilitas_dijangkau=("peserta_disabilitas", "sum"), perempuan_dijangkau=("peserta_perempuan", "sum"),
        rumah_dikunjungi=("rumah_dikunjungi", "sum"), kegiatan_terakhir=("tanggal", "max"))
    rw_w = f.rw.merge(w[["kode_kelurahan", code]] if code != "kode_kelurahan" else w[["kode_kelurahan"]],
                      on="kode_kelurahan", suffixes=("_rw", ""))
    rw_all = rw_w.groupby(code).size().rename("rw_total")
    seen = a.loc[a["rw"].notna(), ["kode_kelurahan", "rw"]].drop_duplicates().astype({"rw": "int64"})
    known = f.rw.astype({"rw": "int64"})
    rw_seen = seen.merge(known, on=["kode_kelurahan", "rw"]).groupby(code).size().rename("rw_dikunjungi")
    s = f.schools.merge(w[["kode_kelurahan", "kode_kecamatan"]], on="kode_kelurahan")
    visited = s["id_sekolah"].isin(a["id_sekolah"].dropna())
    sch = s.assign(v=visited).groupby(code).agg(sekolah_total=("v", "size"), sekolah_dikunjungi=("v", "sum"))
    v = f.voters[f.voters["kode_pemilihan"] == filters.pemilihan].merge(
        w[["kode_kelurahan", "kode_kecamatan"]], on="kode_kelurahan")
    dpt = v.groupby(code).agg(dpt=("total", "sum"), dpt_perempuan=("perempuan", "sum"), dpt_pemula=("pemula", "sum"),
                              dpt_disabilitas=("disabilitas", "sum"), jumlah_tps=("jumlah_tps", "sum"))
    t = f.turnout[f.turnout["kode_pemilihan"] == filters.pemilihan].drop(columns="kode_kecamatan").merge(
        w[["kode_kelurahan", "kode_kecamatan"]], on="kode_kelurahan")
    # min_count=1: a sum over no recorded values is missing (SQL NULL), not 0.
    res = t.groupby(code)[list(TURNOUT_SUMS)].sum(min_count=1).rename(columns=TURNOUT_SUMS)
    out = places.drop(columns="kode_kabkota")
    for part in (act, rw_all, rw_seen, sch, dpt, res):
        out = out.merge(part, left_on="kode", right_index=True, how="left")
    out = out.merge(_targets(f, filters, places), on="kode", how="left")
    for col in ("kegiatan", "dijangkau", "pemula_dijangkau", "disabilitas_dijangkau", "perempuan_dijangkau",
                "rumah_dikunjungi", "rw_total", "rw_dikunjungi", "sekolah_total", "sekolah_dikunjungi"):
        out[col] = out[col].fillna(0).astype("int64")
    out = out.sort_values("kode").reset_index(drop=True)
    out["dijangkau_per_1000"] = _ratio(out["dijangkau"], out["dpt"], 1000)
    out["rw_cakupan_persen"] = _ratio(out["rw_dikunjungi"], out["rw_total"], 100)
    out["sekolah_cakupan_persen"] = _ratio(out["sekolah_dikunjungi"], out["sekolah_total"], 100)
    out["pemula_dijangkau_persen"] = _ratio(out["pemula_dijangkau"], out["dpt_pemula"], 100)
    out["disabilitas_dijangkau_persen"] = _ratio(out["disabilitas_dijangkau"], out["dpt_disabilitas"], 100)
    out["perempuan_dijangkau_persen"] = _ratio(out["perempuan_dijangkau"], out["dpt_perempuan"], 100)
    out["partisipasi_persen"] = _ratio(out["memilih"], out["terdaftar"], 100)
    out["partisipasi_perempuan_persen"] = _ratio(out["memilih_perempuan"], out["terdaftar_perempuan"], 100)
    out["partisipasi_laki_laki_persen"] = _ratio(out["memilih_laki_laki"], out["terdaftar_laki_laki"], 100)
    out["partisipasi_disabilitas_persen"] = _ratio(out["memilih_disabilitas"], out["terdaftar_disabilitas"], 100)
    out["selisih_target_persen"] = (out["partisipasi_persen"] - out["target_semua"].astype("Float64")).round(2)
    return out


# --- drill-down ----------------------------------------------------------------------------------------------

def rw_coverage(f: Frames, filters: Filters, scope: Scope) -> pd.DataFrame:
    w, a = areas(f, filters, scope), activities(f, filters, scope)
    a = a[a["rw"].notna()].assign(dijangkau=lambda d: _counted(d, "jumlah_peserta"))
    seen = a.astype({"rw": "int64"}).groupby(["kode_kelurahan", "rw"], as_index=False).agg(
        kegiatan=("tanggal", "size"), dijangkau=("dijangkau", "sum"), rumah_dikunjungi=("rumah_dikunjungi", "sum"),
        kegiatan_terakhir=("tanggal", "max"))
    r = f.rw[["kode_kelurahan", "rw"]].astype({"rw": "int64"}).merge(
        w[["kode_kecamatan", "kecamatan", "kode_kelurahan", "kelurahan"]], on="kode_kelurahan")
    if filters.rw:
        r = r[r["rw"].isin(filters.rw)]
    out = r.merge(seen, on=["kode_kelurahan", "rw"], how="left")
    for col in ("kegiatan", "dijangkau", "rumah_dikunjungi"):
        out[col] = out[col].fillna(0).astype("int64")
    out = out.sort_values(["kode_kelurahan", "rw"]).reset_index(drop=True)
    return out[["kode_kecamatan", "kecamatan", "kode_kelurahan", "kelurahan", "rw", "kegiatan", "dijangkau",
                "rumah_dikunjungi", "kegiatan_terakhir"]]


def breakdown(f: Frames, filters: Filters, scope: Scope) -> pd.DataFrame:
    a = activities(f, filters, scope)
    a = a.assign(dijangkau=_counted(a, "jumlah_peserta"))
    out = a.groupby(["jenis_kegiatan", "penyelenggara"], as_index=False).agg(
        kegiatan=("tanggal", "size"), dijangkau=("dijangkau", "sum"))
    return out.sort_values(["jenis_kegiatan", "penyelenggara", "kegiatan", "dijangkau"]).reset_index(drop=True)


def _names(f: Frames) -> tuple[dict, dict]:
    kec = dict(zip(f.wilayah["kode_kecamatan"], f.wilayah["kecamatan"]))
    kel = dict(zip(f.wilayah["kode_kelurahan"], f.wilayah["kelurahan"]))
    return kec, kel


def unvisited_rw(f: Frames, filters: Filters, scope: Scope, limit: int | None = 2_000) -> tuple[pd.DataFrame, int]:
    rw = rw_coverage(f, filters, scope)
    never = rw.loc[rw["kegiatan"] == 0, ["kode_kecamatan", "kecamatan", "kode_kelurahan", "kelurahan", "rw"]]
    top = never if limit is None else never.head(limit)
    return top.reset_index(drop=True), len(never)


def activity_log(f: Frames, filters: Filters, scope: Scope, limit: int = 50_000) -> tuple[pd.DataFrame, int]:
    a = activities(f, filters, scope)
    top = a.sort_values(["tanggal", "id_kegiatan"], ascending=False).head(limit)
    kec, kel = _names(f)
    types = f.jenis.set_index("kode")
    out = pd.DataFrame({
        "id_kegiatan": top["id_kegiatan"], "tanggal": top["tanggal"], "jenis_kegiatan": top["jenis_kegiatan"],
        "nama_jenis": top["jenis_kegiatan"].map(types["nama"]), "nama_jenis_en": top["jenis_kegiatan"].map(types["nama_en"]),
        "kecamatan": top["kode_kecamatan"].map(kec), "kelurahan": top["kode_kelurahan"].map(kel),
    })
    for col in ("rw", "lokasi", "penyelenggara", "jumlah_peserta", "peserta_pemula", "peserta_disabilitas",
                "peserta_perempuan", "rumah_dikunjungi", "keterangan"):
        out[col] = top[col]
    return out.reset_index(drop=True), len(a)


# --- segments ------------------------------------------------------------------------------------------------

def schools(f: Frames, filters: Filters, scope: Scope) -> pd.DataFrame:
    w, a = areas(f, filters, scope), activities(f, filters, scope)
    a = a[a["id_sekolah"].notna()]
    a = a.assign(siswa=_counted(a, "jumlah_peserta"), pemula=_counted(a, "peserta_pemula"))
    visits = a.groupby("id_sekolah").agg(kunjungan=("tanggal", "size"), siswa_dijangkau=("siswa", "sum"),
                                         pemula_dijangkau=("pemula", "sum"), kunjungan_terakhir=("tanggal", "max"))
    s = f.schools.merge(w[["kode_kecamatan", "kecamatan", "kode_kelurahan", "kelurahan"]], on="kode_kelurahan")
    s = s.merge(visits, left_on="id_sekolah", right_index=True, how="left")
    s["dikunjungi"] = s["kunjungan"].notna()
    for col in ("kunjungan", "siswa_dijangkau", "pemula_dijangkau"):
        s[col] = s[col].fillna(0).astype("int64")
    s = s.sort_values(["dikunjungi", "kecamatan", "kelurahan", "nama", "id_sekolah"]).reset_index(drop=True)
    return s[["id_sekolah", "nama", "jenjang", "kode_kecamatan", "kecamatan", "kode_kelurahan", "kelurahan", "rw",
              "siswa_kelas_akhir", "kunjungan", "siswa_dijangkau", "pemula_dijangkau", "kunjungan_terakhir",
              "dikunjungi"]]


def school_list(f: Frames, filters: Filters, scope: Scope, limit: int = 2_000) -> tuple[pd.DataFrame, int, int]:
    every = schools(f, filters, scope)
    return every.head(limit).reset_index(drop=True), len(every), int(every["dikunjungi"].sum())


SEGMENT_COLUMNS = [
    "kode", "nama", "kode_kecamatan", "kecamatan", "sekolah_total", "sekolah_dikunjungi", "sekolah_cakupan_persen",
    "dpt_pemula", "pemula_dijangkau", "pemula_dijangkau_persen", "dpt_disabilitas", "disabilitas_dijangkau",
    "disabilitas_dijangkau_persen", "terdaftar", "memilih", "partisipasi_persen", "terdaftar_disabilitas",
    "memilih_disabilitas", "partisipasi_disabilitas_persen", "target_disabilitas",
]


def segment_by_area(f: Frames, filters: Filters, scope: Scope, level: str = "kecamatan") -> pd.DataFrame:
    out = area_metrics(f, filters, scope, level)[SEGMENT_COLUMNS].copy()
    out["sekolah_belum"] = out["sekolah_total"] - out["sekolah_dikunjungi"]
    out["selisih_target_disabilitas"] = (out["partisipasi_disabilitas_persen"]
                                         - out["target_disabilitas"].astype("Float64")).round(2)
    return out


def segment_turnout(f: Frames, filters: Filters, scope: Scope) -> Turnout | None:
    rows = segment_by_area(f, filters, scope, "kecamatan")
    if rows.empty or rows["terdaftar"].isna().all():
        return None
    targets = rows["target_disabilitas"].dropna().unique()
    return Turnout(
        terdaftar=_sum(rows["terdaftar"]) or 0, memilih=_sum(rows["memilih"]) or 0,
        terdaftar_disabilitas=_sum(rows["terdaftar_disabilitas"]), memilih_disabilitas=_sum(rows["memilih_disabilitas"]),
        target_disabilitas=float(targets[0]) if len(targets) == 1 else None,
    )


def disability_activities(f: Frames, filters: Filters, scope: Scope,
                          limit: int | None = 50_000) -> tuple[pd.DataFrame, int, int]:
    a = activities(f, filters, scope)
    types = f.jenis.set_index("kode")
    meeting = a["jenis_kegiatan"].map(types["sasaran"]) == "disabilitas"
    a = a[meeting | (a["ada_peserta"] & (a["peserta_disabilitas"] > 0))]
    kec, kel = _names(f)
    out = pd.DataFrame({
        "id_kegiatan": a["id_kegiatan"], "tanggal": a["tanggal"], "jenis_kegiatan": a["jenis_kegiatan"],
        "jenis": a["jenis_kegiatan"].map(types["nama"]), "jenis_en": a["jenis_kegiatan"].map(types["nama_en"]),
        "pertemuan_disabilitas": meeting[a.index], "kode_kecamatan": a["kode_kecamatan"],
        "kecamatan": a["kode_kecamatan"].map(kec), "kode_kelurahan": a["kode_kelurahan"],
        "kelurahan": a["kode_kelurahan"].map(kel), "rw": a["rw"], "lokasi": a["lokasi"],
        "penyelenggara": a["penyelenggara"], "peserta": a["jumlah_peserta"],
        "peserta_disabilitas": a["peserta_disabilitas"],
    })
    out = out.sort_values(["tanggal", "pertemuan_disabilitas", "id_kegiatan"], ascending=False)
    top = out if limit is None else out.head(limit)
    return top.reset_index(drop=True), len(out), int(out["pertemuan_disabilitas"].sum())


# --- participation -------------------------------------------------------------------------------------------

def _weighted(values: pd.Series, weights: pd.Series) -> float | None:
    frame = pd.DataFrame({"v": pd.to_numeric(values).astype(float), "w": pd.to_numeric(weights).astype(float)}).dropna()
    total = frame["w"].sum()
    return float((frame["v"] * frame["w"]).sum() / total) if total > 0 else None


def turnout_summary(f: Frames, filters: Filters, scope: Scope) -> TurnoutSummary:
    kel = area_metrics(f, filters, scope, "kelurahan")
    w = areas(f, filters, scope)
    t = f.turnout
    jumlah_tps = int(((t["kode_pemilihan"] == filters.pemilihan) & t["kode_kelurahan"].isin(w["kode_kelurahan"])).sum())

    def total(col: str) -> int:
        return int(pd.to_numeric(kel[col]).fillna(0).sum())

    def rate(num: float, den: float) -> float | None:
        return 100.0 * num / den if den else None

    terdaftar, memilih = total("terdaftar"), total("memilih")
    turnout = rate(memilih, terdaftar)
    target = _weighted(kel["target_semua"], kel["terdaftar"])
    return TurnoutSummary(
        jumlah_tps=jumlah_tps, terdaftar=terdaftar, memilih=memilih, partisipasi_persen=turnout,
        target_persen=target, selisih_poin=turnout - target if turnout is not None and target is not None else None,
        partisipasi_perempuan_persen=rate(total("memilih_perempuan"), total("terdaftar_perempuan")),
        target_perempuan=_weighted(kel["target_perempuan"], kel["terdaftar_perempuan"]),
        partisipasi_disabilitas_persen=rate(total("memilih_disabilitas"), total("terdaftar_disabilitas")),
        target_disabilitas=_weighted(kel["target_disabilitas"], kel["terdaftar_disabilitas"]),
    )


def turnout_change(f: Frames, filters: Filters, scope: Scope, level: str, earlier: str) -> pd.DataFrame:
    cols = ["kode", "nama", "kode_kecamatan", "kecamatan", "terdaftar", "memilih", "partisipasi_persen"]
    before = area_metrics(f, replace(filters, pemilihan=earlier), scope, level)[cols]
    now = area_metrics(f, filters, scope, level)[cols]
    out = before.merge(now, on=["kode", "nama", "kode_kecamatan", "kecamatan"], suffixes=("_sebelumnya", ""))
    out["perubahan_poin"] = (out["partisipasi_persen"] - out["partisipasi_persen_sebelumnya"]).round(2)
    return out


def turnout_gaps(f: Frames, filters: Filters, scope: Scope, level: str) -> pd.DataFrame:
    out = area_metrics(f, filters, scope, level)[
        ["kode", "nama", "kecamatan", "partisipasi_persen", "partisipasi_perempuan_persen",
         "partisipasi_laki_laki_persen", "partisipasi_disabilitas_persen"]].copy()
    out["selisih_perempuan_poin"] = (out["partisipasi_perempuan_persen"] - out["partisipasi_laki_laki_persen"]).round(2)
    out["selisih_disabilitas_poin"] = (out["partisipasi_disabilitas_persen"] - out["partisipasi_persen"]).round(2)
    return out


def outreach_vs_turnout(f: Frames, filters: Filters, scope: Scope) -> pd.DataFrame:
    return area_metrics(f, filters, scope, "kelurahan")[
        ["kode", "nama", "kecamatan", "dpt", "dijangkau", "dijangkau_per_1000", "terdaftar", "partisipasi_persen"]
    ].reset_index(drop=True)


def tps_turnout(f: Frames, filters: Filters, scope: Scope) -> pd.DataFrame:
    w = areas(f, filters, scope)
    t = f.turnout[f.turnout["kode_pemilihan"] == filters.pemilihan].drop(columns="kode_kecamatan").merge(
        w[["kode_kecamatan", "kecamatan", "kode_kelurahan", "kelurahan"]], on="kode_kelurahan")

    def pct(num: str, den: str) -> pd.Series:
        d = t[den].astype("Float64")
        return _round_as_sql(100.0 * t[num].astype("Float64") / d.where(d != 0))

    out = pd.DataFrame({
        "kode_kecamatan": t["kode_kecamatan"], "kecamatan": t["kecamatan"], "kode_kelurahan": t["kode_kelurahan"],
        "kelurahan": t["kelurahan"], "nomor_tps": t["nomor_tps"], "terdaftar": t["terdaftar_total"],
        "memilih": t["memilih_total"], "partisipasi_persen": pct("memilih_total", "terdaftar_total"),
        "terdaftar_perempuan": t["terdaftar_perempuan"], "memilih_perempuan": t["memilih_perempuan"],
        "partisipasi_perempuan_persen": pct("memilih_perempuan", "terdaftar_perempuan"),
        "terdaftar_disabilitas": t["terdaftar_disabilitas"], "memilih_disabilitas": t["memilih_disabilitas"],
        "partisipasi_disabilitas_persen": pct("memilih_disabilitas", "terdaftar_disabilitas"),
    }).sort_values(["kode_kelurahan", "nomor_tps"]).reset_index(drop=True)
    targets = area_metrics(f, filters, scope, "kelurahan")[["kode", "target_semua"]]
    out = out.merge(targets.rename(columns={"kode": "kode_kelurahan"}), on="kode_kelurahan", how="left")
    out["selisih_target_poin"] = (out["partisipasi_persen"] - out["target_semua"]).round(2)
    return out


def lowest_tps(f: Frames, filters: Filters, scope: Scope, limit: int | None = 2_000) -> tuple[pd.DataFrame, int]:
    every = tps_turnout(f, filters, scope).sort_values(["partisipasi_persen", "kode_kelurahan", "nomor_tps"],
                                                       na_position="last", kind="stable")
    top = every if limit is None else every.head(limit)
    return top.reset_index(drop=True), len(every)


# The twin of each page query function ('module.function'); functions missing here have no twin yet.
TWINS: dict[str, Callable] = {
    "overview.overview_kpis": overview_kpis,
    "overview.weekly_activity": weekly_activity,
    "areas.area_metrics": area_metrics,
    "drilldown.rw_coverage": rw_coverage,
    "drilldown.breakdown": breakdown,
    "drilldown.activity_log": activity_log,
    "drilldown.unvisited_rw": unvisited_rw,
    "segments.schools": schools,
    "segments.school_list": school_list,
    "segments.segment_by_area": segment_by_area,
    "segments.turnout": segment_turnout,
    "segments.disability_activities": disability_activities,
    "participation.turnout_summary": turnout_summary,
    "participation.turnout_change": turnout_change,
    "participation.turnout_gaps": turnout_gaps,
    "participation.outreach_vs_turnout": outreach_vs_turnout,
    "participation.tps_turnout": tps_turnout,
    "participation.lowest_tps": lowest_tps,
}



def twin_for(function: str) -> Callable | None:
    """The pandas twin of 'module.function' (a case's function may carry a '[level]' suffix), or None."""
    return TWINS.get(function.split("[", 1)[0])

