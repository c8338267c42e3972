"""Synthetic national geography for the benchmark: provinsi → kab/kota → kecamatan → kelurahan with valid codes."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

# Roughly Indonesia's shape (Kepmendagri 2022: 38 provinsi, 514 kab/kota, 7,277 kecamatan, 83,763 kelurahan/desa).
SCALES = {
    "national": (38, 514, 7_277, 83_000),
    "small": (3, 8, 40, 400),
}
SYLLABLES = np.array([
    "ba", "su", "ka", "ra", "ma", "ja", "ti", "lo", "ne", "wa", "pa", "si", "gu", "ta", "mu", "de", "ri", "an",
    "be", "la", "ko", "tu", "sa", "ha", "ni", "me", "da", "ga", "po", "ru",
])


@dataclass(frozen=True)
class Geography:
    """The four region tables, as frames ready for insert_frame (columns named as in the schema)."""

    kabupaten_kota: pd.DataFrame
    kecamatan: pd.DataFrame
    kelurahan: pd.DataFrame  # plus helper column kode_kabkota (dropped before insert)


def _split(total: int, parents: int, rng: np.random.Generator, cap: int, sigma: float = 0.5) -> np.ndarray:
    """Counts per parent summing to `total`, each between 1 and `cap`, unevenly (lognormal weights)."""
    if total < parents or total > parents * cap:
        raise ValueError(f"cannot split {total} over {parents} parents with at most {cap} each")
    weights = rng.lognormal(0.0, sigma, parents)
    counts = 1 + rng.multinomial(total - parents, weights / weights.sum())
    # Move any overflow above the cap to the parents with the most room, one at a time (rare, small).
    while (over := counts - cap).max() > 0:
        worst = int(np.argmax(over))
        counts[worst] -= over[worst]
        for _ in range(int(over[worst])):
            counts[int(np.argmin(counts))] += 1
    return counts


def _names(rng: np.random.Generator, n: int) -> np.ndarray:
    """Pronounceable invented place names (two or three syllables, capitalised)."""
    parts = rng.integers(0, len(SYLLABLES), size=(n, 3))
    three = rng.random(n) < 0.4
    a, b, c = SYLLABLES[parts[:, 0]], SYLLABLES[parts[:, 1]], SYLLABLES[parts[:, 2]]
    joined = np.char.add(np.char.add(a, b), np.where(three, c, ""))
    return np.char.capitalize(joined.astype(str))


def _ordinal_in_group(group_sizes: np.ndarray) -> np.ndarray:
    """0, 1, … within each consecutive group of the given sizes."""
    starts = np.repeat(np.cumsum(group_sizes) - group_sizes, group_sizes)
    return np.arange(group_sizes.sum()) - starts


def make_geography(rng: np.random.Generator, scale: str = "national") -> Geography:
    """Regions with Kemendagri-style codes that satisfy the schema's CHECKs, and a point in Indonesia for each."""
    n_prov, n_kab, n_kec, n_kel = SCALES[scale]
    # Province codes 11…: two digits, unique; real ones run 11–96 with gaps, these run consecutively.
    prov_codes = np.array([f"{11 + i:02d}" for i in range(n_prov)])
    prov_names = np.char.add("Provinsi ", _names(rng, n_prov))
    prov_lat = rng.uniform(-8.5, 4.0, n_prov)
    prov_lon = rng.uniform(96.5, 139.0, n_prov)

    kab_per_prov = _split(n_kab, n_prov, rng, cap=60)
    kab_prov = np.repeat(np.arange(n_prov), kab_per_prov)
    kab_ord = _ordinal_in_group(kab_per_prov)
    # As in Kemendagri's list: kabupaten are numbered 01…, cities 71…; about one in six is a city.
    n_kota = np.minimum(np.maximum(kab_per_prov // 6, 1), 9)
    kota_start = np.repeat(kab_per_prov - n_kota, kab_per_prov)
    is_kota = kab_ord >= kota_start
    kab_num = np.where(is_kota, 71 + kab_ord - kota_start, 1 + kab_ord)
    kab_codes = np.char.add(np.char.add(prov_codes[kab_prov], "."), np.char.zfill(kab_num.astype(str), 2))
    kab_names = np.char.add(np.where(is_kota, "Kota ", "Kabupaten "), _names(rng, n_kab))
    kab_lat = prov_lat[kab_prov] + rng.normal(0, 0.8, n_kab)
    kab_lon = prov_lon[kab_prov] + rng.normal(0, 0.8, n_kab)

    kec_per_kab = _split(n_kec, n_kab, rng, cap=99)
    kec_kab = np.repeat(np.arange(n_kab), kec_per_kab)
    kec_num = 1 + _ordinal_in_group(kec_per_kab)
    kec_codes = np.char.add(np.char.add(kab_codes[kec_kab], "."), np.char.zfill(kec_num.astype(str), 2))
    kec_lat = kab_lat[kec_kab] + rng.normal(0, 0.12, n_kec)
    kec_lon = kab_lon[kec_kab] + rng.normal(0, 0.12, n_kec)

    kel_per_kec = _split(n_kel, n_kec, rng, cap=400, sigma=0.6)
    kel_kec = np.repeat(np.arange(n_kec), kel_per_kec)
    # Cities have kelurahan (1xxx); kabupaten mostly desa (2xxx) with a few kelurahan in their towns.
    desa = ~is_kota[kec_kab[kel_kec]] & (rng.random(n_kel) < 0.88)
    kel_ord = np.zeros(n_kel, dtype=np.int64)
    for flag in (False, True):
        mask = desa == flag
        # Number kelurahan and desa separately inside each kecamatan: 1001, 1002, … and 2001, 2002, …
        keys = kel_kec[mask]
        sizes = np.bincount(keys, minlength=n_kec)
        kel_ord[mask] = _ordinal_in_group(sizes)
    kel_num = np.where(desa, 2001, 1001) + kel_ord
    kel_codes = np.char.add(np.char.add(kec_codes[kel_kec], "."), kel_num.astype(str))
    # Sort by code so each level's rows come in code order, as in the reference files.
    order = np.argsort(kel_codes, kind="stable")
    kel_codes, kel_kec, desa = kel_codes[order], kel_kec[order], desa[order]
    kel_lat = np.clip(kec_lat[kel_kec] + rng.normal(0, 0.025, n_kel), -11.0, 6.0)
    kel_lon = np.clip(kec_lon[kel_kec] + rng.normal(0, 0.025, n_kel), 95.0, 141.0)

    kabupaten_kota = pd.DataFrame({
        "kode_kabkota": kab_codes, "nama": kab_names, "kode_provinsi": prov_codes[kab_prov],
        "provinsi": prov_names[kab_prov],
    })
    kecamatan = pd.DataFrame({"kode_kecamatan": kec_codes, "kode_kabkota": kab_codes[kec_kab],
                              "nama": _names(rng, n_kec)})
    kelurahan = pd.DataFrame({
        "kode_kelurahan": kel_codes, "kode_kecamatan": kec_codes[kel_kec], "nama": _names(rng, n_kel),
        "jenis": np.where(desa, "desa", "kelurahan"),
        # Real kelurahan have 2–30 RW (Kota Bogor: ~12); about 750,000 RW nationally.
        "jumlah_rw": np.clip(rng.poisson(8, n_kel), 2, 30).astype(np.int32),
        "sumber_jumlah_rw": "sintetis (benchmark)",
        "lat": kel_lat.round(6), "lon": kel_lon.round(6),
    })
    return Geography(kabupaten_kota, kecamatan, kelurahan)
