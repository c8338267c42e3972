"""Synthetic voters (DPT per kelurahan), TPS results, schools and targets for the benchmark's national geography."""

from __future__ import annotations

import numpy as np
import pandas as pd

# Voters per TPS differ by election (Pemilu 2024: ~820,000 TPS; Pilkada 2024: ~426,000 TPS for ~204 M voters).
VOTERS_PER_TPS = {"pemilu2024": 250, "pilkada2024": 480}
# Typical turnout (national Pemilu 2024 ~82 %, Pilkada 2024 ~68 %).
TURNOUT = {"pemilu2024": 0.81, "pilkada2024": 0.68}
JENJANG = np.array(["SMA", "SMK", "MA", "SLB"])


def make_voters(kel: pd.DataFrame, elections: list[str], rng: np.random.Generator) -> pd.DataFrame:
    """DPT aggregates per kelurahan and election (about 2,450 voters a kelurahan, as nationally)."""
    base = np.maximum(rng.lognormal(np.log(2000), 0.6, len(kel)), 150)
    frames = []
    for election in elections:
        total = np.round(base * rng.lognormal(0, 0.03, len(kel))).astype(np.int64)
        men = rng.binomial(total, 0.497)
        frames.append(pd.DataFrame({
            "kode_pemilihan": election, "kode_kelurahan": kel["kode_kelurahan"].to_numpy(),
            "total": total, "laki_laki": men, "perempuan": total - men,
            "pemula": rng.binomial(total, rng.uniform(0.02, 0.08, len(kel))),
            "disabilitas": rng.binomial(total, 0.006),
            "jumlah_tps": np.ceil(total / VOTERS_PER_TPS.get(election, 300)).astype(np.int64),
        }))
    return pd.concat(frames, ignore_index=True)


def _share_out(totals: np.ndarray, parts: np.ndarray) -> np.ndarray:
    """Split each total into `parts` near-equal whole pieces (the first ones get the remainder)."""
    owner = np.repeat(np.arange(len(totals)), parts)
    index = np.arange(parts.sum()) - np.repeat(np.cumsum(parts) - parts, parts)
    return totals[owner] // parts[owner] + (index < totals[owner] % parts[owner])


def make_turnout(voters: pd.DataFrame, kel: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """One C.Hasil row per TPS; registered voters add up to the kelurahan's DPT."""
    kec_of = dict(zip(kel["kode_kelurahan"], kel["kode_kecamatan"]))
    frames = []
    for election, v in voters.groupby("kode_pemilihan", sort=True):
        tps = v["jumlah_tps"].to_numpy()
        owner = np.repeat(np.arange(len(v)), tps)
        men = _share_out(v["laki_laki"].to_numpy(), tps)
        women = _share_out(v["perempuan"].to_numpy(), tps)
        rate = np.clip(rng.normal(TURNOUT.get(election, 0.75), 0.07, len(v))[owner] + rng.normal(0, 0.03, len(owner)),
                       0.3, 0.98)
        registered = men + women
        disabled = rng.binomial(registered, 0.006)
        voted_men = rng.binomial(men, rate * 0.98)
        voted_women = rng.binomial(women, np.minimum(rate * 1.02, 1.0))
        codes = v["kode_kelurahan"].to_numpy()[owner]
        frames.append(pd.DataFrame({
            "kode_pemilihan": election,
            "kode_kecamatan": pd.Series(codes).map(kec_of).to_numpy(),
            "kode_kelurahan": codes,
            "nomor_tps": (np.arange(len(owner)) - np.repeat(np.cumsum(tps) - tps, tps) + 1).astype(np.int16),
            "terdaftar_laki_laki": men, "terdaftar_perempuan": women, "terdaftar_total": registered,
            "memilih_laki_laki": voted_men, "memilih_perempuan": voted_women,
            "memilih_total": voted_men + voted_women,
            "terdaftar_disabilitas": disabled,
            "memilih_disabilitas": rng.binomial(disabled, rate * 0.85),
        }))
    return pd.concat(frames, ignore_index=True)


def make_schools(kel: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """About one upper-secondary school for every two kelurahan (Indonesia: ~42,000 SMA/SMK/MA/SLB)."""
    per_kel = rng.poisson(0.5, len(kel))
    owner = np.repeat(np.arange(len(kel)), per_kel)
    n = len(owner)
    jenjang = JENJANG[rng.choice(4, size=n, p=[0.38, 0.34, 0.24, 0.04])]
    kel_names = kel["nama"].to_numpy()[owner]
    return pd.DataFrame({
        # NPSN-like eight-digit identifiers.
        "id_sekolah": np.char.zfill((10_000_000 + np.arange(n)).astype(str), 8),
        "nama": np.char.add(np.char.add(np.char.add(jenjang, " Negeri "), (1 + np.arange(n) % 17).astype(str)),
                            np.char.add(" ", kel_names.astype(str))),
        "jenjang": jenjang,
        "kode_kelurahan": kel["kode_kelurahan"].to_numpy()[owner],
        "rw": (1 + (rng.random(n) * kel["jumlah_rw"].to_numpy()[owner]).astype(int)).astype(np.int16),
        "siswa_kelas_akhir": rng.integers(30, 400, n),
        "lat": (kel["lat"].to_numpy()[owner] + rng.normal(0, 0.004, n)).round(6),
        "lon": (kel["lon"].to_numpy()[owner] + rng.normal(0, 0.004, n)).round(6),
    })


def make_targets(kab: pd.DataFrame, kec: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Targets set by each KPU Kab/Kota (all voters and three segments), the province's (not utama), and own targets
    for a few kecamatan, so that 'the most specific target applies' is exercised."""
    rows = []
    for k in kab.itertuples():
        office = f"KPU {k.nama}"
        main = float(rng.integers(75, 91))
        rows.append(("pilkada2024", k.kode_kabkota, "semua", office, main, True))
        rows.append(("pilkada2024", k.kode_kabkota, "semua", f"KPU {k.provinsi}", 80.0, False))
        for segment, delta in (("pemula", -5), ("disabilitas", -10), ("perempuan", 0)):
            rows.append(("pilkada2024", k.kode_kabkota, segment, office, main + delta, True))
        rows.append(("pemilu2024", k.kode_kabkota, "semua", office, float(rng.integers(77, 90)), True))
    own = kec.sample(frac=0.05, random_state=int(rng.integers(2**31)))
    for k in own.itertuples():
        rows.append(("pilkada2024", k.kode_kecamatan, "semua", f"PPK {k.nama}", float(rng.integers(80, 95)), True))
    frame = pd.DataFrame(rows, columns=["kode_pemilihan", "kode_wilayah", "segmen", "penetap", "target_persen", "utama"])
    frame["sumber"] = "sintetis (benchmark)"
    return frame
