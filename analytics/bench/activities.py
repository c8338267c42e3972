"""Synthetic outreach log at national scale, generated week by week as Arrow tables (vectorised, seeded)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa

# Activity types: share of rows, participants (low, high), shares of women / first-time / disabled participants.
TYPES = {
    "ketuk_pintu":           (0.34, (20, 160), 0.56, 0.012, 0.008),
    "media_sosial":          (0.24, (0, 0), 0.0, 0.0, 0.0),
    "sosialisasi_rw":        (0.14, (25, 120), 0.52, 0.02, 0.01),
    "ormas":                 (0.08, (20, 90), 0.6, 0.05, 0.01),
    "sosialisasi_sekolah":   (0.06, (40, 420), 0.5, 0.35, 0.01),
    "gerebek_pasar":         (0.05, (40, 220), 0.6, 0.03, 0.005),
    "komunitas_disabilitas": (0.04, (12, 60), 0.5, 0.05, 0.75),
    "jalan_sehat":           (0.03, (300, 1500), 0.55, 0.03, 0.01),
    "media":                 (0.02, (12, 40), 0.5, 0.0, 0.0),
}
TYPE_CODES = np.array(list(TYPES))
# What the whole log adds up to, counting repeat visits, against the main election's DPT: about half of all voters,
# and somewhat less of the first-time and disabled voters. Without this, N rows of the types' usual sizes reach
# many times the DPT at 10M rows and more (a first-time "coverage" of 471 % is a wrong picture on screen).
REACH = {"semua": 0.5, "pemula": 0.45, "disabilitas": 0.35}
VENUES = np.array([
    "Balai warga", "Aula kantor desa/kelurahan", "Masjid", "Gereja", "Posyandu", "Lapangan", "Pos ronda",
    "Rumah ketua RW", "Pasar", "Alun-alun", "Gedung serbaguna", "Kantor PPK", "Kantor KPU", "Instagram",
    "TikTok", "Facebook", "Rumah warga (RT 01–04)", "Rumah warga (RT 05–08)",
])
NOTES = np.array([
    "Dokumentasi terlampir", "Bersama ketua RW", "Dengan juru bahasa isyarat", "Dibagikan stiker dan brosur",
    "Cuaca hujan, peserta sedikit", "Bersama Bhabinkamtibmas", "Unggahan: ajakan ke TPS", "Unggahan: cek DPT online",
])


@dataclass(frozen=True)
class Places:
    """What activities are drawn from: kelurahan (with weights) and schools."""

    kel_code: np.ndarray
    kec_code: np.ndarray
    kab_code: np.ndarray
    kel_kec: np.ndarray  # index into kec_code for each kelurahan
    kel_kab: np.ndarray  # index into kab_code for each kelurahan
    kel_rw: np.ndarray
    kel_lat: np.ndarray
    kel_lon: np.ndarray
    kel_weight: np.ndarray  # cumulative, for drawing
    school_id: np.ndarray
    school_name: np.ndarray
    school_kel: np.ndarray
    school_rw: np.ndarray
    school_weight: np.ndarray  # cumulative


def make_places(kel: pd.DataFrame, voters: pd.DataFrame, schools: pd.DataFrame, rng: np.random.Generator) -> Places:
    """Kelurahan weighted by voters times a very uneven local effort; schools likewise (some never visited)."""
    kec_code, kel_kec = np.unique(kel["kode_kecamatan"].to_numpy(), return_inverse=True)
    kab_code, kel_kab = np.unique(kel["kode_kecamatan"].str[:5].to_numpy(), return_inverse=True)
    dpt = voters.groupby("kode_kelurahan")["total"].max().reindex(kel["kode_kelurahan"]).fillna(1000).to_numpy()
    # Effort differs by kecamatan (PPK) and by kelurahan (PPS): a long tail of very active and very quiet areas.
    effort = rng.lognormal(0, 0.7, len(kec_code))[kel_kec] * rng.lognormal(0, 0.5, len(kel))
    weight = np.cumsum(dpt * effort)
    index = {k: i for i, k in enumerate(kel["kode_kelurahan"])}
    school_kel = schools["kode_kelurahan"].map(index).to_numpy()
    school_weight = np.cumsum(rng.lognormal(0, 1.0, len(schools)) * (rng.random(len(schools)) < 0.8))
    return Places(
        kel_code=kel["kode_kelurahan"].to_numpy(), kec_code=kec_code, kab_code=kab_code, kel_kec=kel_kec,
        kel_kab=kel_kab, kel_rw=kel["jumlah_rw"].to_numpy(), kel_lat=kel["lat"].to_numpy(),
        kel_lon=kel["lon"].to_numpy(), kel_weight=weight / weight[-1], school_id=schools["id_sekolah"].to_numpy(),
        school_name=schools["nama"].to_numpy(), school_kel=school_kel, school_rw=schools["rw"].to_numpy(),
        school_weight=school_weight / school_weight[-1],
    )


@dataclass(frozen=True)
class Reach:
    """How the types' usual sizes are thinned so that N rows reach a plausible share of the DPT."""

    people: float = 1.0  # chance that each of a row's usual participants is logged (at least one remains)
    first: float = 1.0  # multiplier on the types' first-time shares
    disabled: float = 1.0  # multiplier on the types' disabled shares


def _column(i: int) -> np.ndarray:
    return np.array([t[i] for t in TYPES.values()])


def _participants(kind: np.ndarray, keep: float, rng: np.random.Generator) -> np.ndarray:
    """Participants per row: the type's usual range thinned by `keep`; types that count people log at least one."""
    low, high = np.array([t[1] for t in TYPES.values()]).T
    people = rng.binomial(rng.integers(low[kind], high[kind] + 1), keep)
    return np.where(low[kind] > 0, np.maximum(people, 1), 0)


def _expected_people(keep: float) -> np.ndarray:
    """Expected participants per row of each type at `keep`: E[max(1, Binomial(U, keep))] for U uniform on the range."""
    out = []
    for _, (low, high), *_ in TYPES.values():
        usual = np.arange(low, high + 1)
        # max(1, X) adds one exactly when X = 0, which has probability (1 - keep) ** U.
        out.append(0.0 if low == 0 else float(np.mean(usual * keep + (1 - keep) ** usual)))
    return np.array(out)


def plan_reach(rows: int, dpt: int, dpt_first: int, dpt_disabled: int) -> Reach:
    """The thinning that makes `rows` rows reach about REACH of the DPT (exact expectations, so no sampling noise)."""
    shares = _column(0) / _column(0).sum()
    target = REACH["semua"] * dpt / rows
    low, high = 0.0, 1.0
    if shares @ _expected_people(1.0) <= target:
        low = 1.0
    # Participants per row grow with keep (monotone); at 100M rows the floor of one person carries much of the
    # total, so a plain ratio would overshoot. Bisection finds the keep that hits the target.
    for _ in range(50):
        if low == 1.0:
            break
        mid = (low + high) / 2
        low, high = (mid, high) if shares @ _expected_people(mid) < target else (low, mid)
    keep = low
    people = _expected_people(keep) * shares
    first = min(1.0, REACH["pemula"] * dpt_first / (rows * (people @ _column(3))))
    disabled = min(1.0, REACH["disabilitas"] * dpt_disabled / (rows * (people @ _column(4))))
    return Reach(people=float(keep), first=float(first), disabled=float(disabled))


def daily_counts(rows: int, windows: list[tuple[dt.date, dt.date, float]], rng: np.random.Generator) -> pd.Series:
    """Rows per day: each window gets its share, growing towards its end (election day), fewer on Sundays."""
    days, weights = [], []
    for start, end, share in windows:
        span = pd.date_range(start, end, freq="D")
        ramp = 0.3 + np.linspace(0, 1, len(span)) ** 1.6
        ramp = ramp * np.where(span.day_of_week == 6, 0.6, 1.0)
        days.append(span)
        weights.append(share * ramp / ramp.sum())
    index = days[0].append(days[1:]) if len(days) > 1 else days[0]
    counts = rng.multinomial(rows, np.concatenate(weights) / np.concatenate(weights).sum())
    return pd.Series(counts, index=index.date).groupby(level=0).sum().sort_index()


def _dictionary(indices: np.ndarray, values: np.ndarray, mask: np.ndarray | None = None) -> pa.DictionaryArray:
    # Dictionary-encoded strings: millions of rows share a few thousand values, without Python string objects.
    return pa.DictionaryArray.from_arrays(pa.array(indices.astype(np.int32), mask=mask), pa.array(values))


def activity_batch(days: np.ndarray, p: Places, import_id: int, rng: np.random.Generator,
                   reach: Reach = Reach()) -> pa.Table:
    """One batch of activities on the given days (one entry per row), rows shuffled as operators' files arrive."""
    n = len(days)
    days = days[rng.permutation(n)]
    shares = _column(0)
    kind = rng.choice(len(TYPES), size=n, p=shares / shares.sum())
    code = TYPE_CODES[kind]
    kel = np.minimum(np.searchsorted(p.kel_weight, rng.random(n)), len(p.kel_code) - 1)
    school = code == "sosialisasi_sekolah"
    pick = np.minimum(np.searchsorted(p.school_weight, rng.random(n)), len(p.school_id) - 1)
    kel = np.where(school, p.school_kel[pick], kel)
    # PPK posts and KPU media meetings belong to a kecamatan or the kab/kota, not a kelurahan.
    no_kel = (code == "media") | ((code == "media_sosial") & (rng.random(n) < 0.3))
    no_kec = code == "media"
    rw_logged = (code == "ketuk_pintu") | (code == "sosialisasi_rw")
    # Low-numbered RW are visited more often: a realistic long tail of RW never reached.
    rw = np.where(school, p.school_rw[pick], 1 + (rng.random(n) ** 1.7 * p.kel_rw[kel]).astype(np.int16))
    rw_mask = ~(rw_logged | school) | no_kel

    people = _participants(kind, reach.people, rng)
    door = code == "ketuk_pintu"
    rumah = np.where(door, np.maximum(people // 2, 1), 0)
    women = rng.binomial(people, _column(2)[kind])
    first = rng.binomial(people, _column(3)[kind] * reach.first)
    disabled = rng.binomial(people, _column(4)[kind] * reach.disabled)

    org = np.full(n, "PPS", dtype=object)
    u = rng.random(n)
    org[np.isin(code, ["gerebek_pasar", "jalan_sehat"])] = "PPK"
    org[(code == "ormas") & (u < 0.5)] = "PPK"
    org[(code == "komunitas_disabilitas")] = np.where(u[code == "komunitas_disabilitas"] < 0.4, "KPU", "PPK")
    org[(code == "gerebek_pasar") & (u < 0.3)] = "KPU"
    org[school & (u < 0.15)] = "KPU"
    org[code == "media"] = "KPU"
    org[(code == "media_sosial") & no_kel] = "PPK"

    has_point = ~no_kel & (rng.random(n) < 0.65)
    lat = np.round(p.kel_lat[kel] + rng.normal(0, 0.004, n), 6)
    lon = np.round(p.kel_lon[kel] + rng.normal(0, 0.004, n), 6)
    # Venue: the school's name for school visits, else one of a few dozen generic venues.
    lokasi_values = np.concatenate([VENUES, p.school_name])
    lokasi = np.where(school, len(VENUES) + pick, rng.integers(0, len(VENUES), n))
    note = rng.random(n) < 0.2

    return pa.table({
        "tanggal": pa.array(days.astype("datetime64[D]")),
        "jenis_kegiatan": _dictionary(kind, TYPE_CODES),
        "kode_kabkota": _dictionary(p.kel_kab[kel], p.kab_code),
        "kode_kecamatan": _dictionary(p.kel_kec[kel], p.kec_code, mask=no_kec),
        "kode_kelurahan": _dictionary(kel, p.kel_code, mask=no_kel),
        "rw": pa.array(rw.astype(np.int16), mask=rw_mask),
        "lokasi": _dictionary(lokasi, lokasi_values),
        "penyelenggara": pa.array(org.astype(str)).dictionary_encode(),
        "jumlah_peserta": pa.array(people.astype(np.int32)),
        "peserta_pemula": pa.array(first.astype(np.int32)),
        "peserta_disabilitas": pa.array(disabled.astype(np.int32)),
        "peserta_perempuan": pa.array(women.astype(np.int32)),
        "rumah_dikunjungi": pa.array(rumah.astype(np.int32), mask=~door),
        "id_sekolah": _dictionary(pick, p.school_id, mask=~school),
        "lat": pa.array(lat, mask=~has_point),
        "lon": pa.array(lon, mask=~has_point),
        "keterangan": _dictionary(rng.integers(0, len(NOTES), n), NOTES, mask=~note),
        "import_id": pa.array(np.full(n, import_id, dtype=np.int32)),
    })


def batches(counts: pd.Series, p: Places, import_id: int, seed: int, max_rows: int = 2_000_000,
            reach: Reach = Reach()) -> Iterator[pa.Table]:
    """Activities week by week (as if every office uploaded its weekly log), at most `max_rows` per batch.

    Each batch has its own generator seeded from (seed, week, part): no batch depends on the ones before it."""
    weeks = pd.Series(counts.to_numpy(), index=pd.to_datetime(counts.index)).groupby(pd.Grouper(freq="W-SUN"))
    for week_no, (_, week) in enumerate(weeks):
        total = int(week.sum())
        if total == 0:
            continue
        days = np.repeat(week.index.to_numpy().astype("datetime64[D]"), week.to_numpy())
        for part, start in enumerate(range(0, total, max_rows)):
            rng = np.random.default_rng([seed, week_no, part])
            yield activity_batch(days[start:start + max_rows], p, import_id, rng, reach)
