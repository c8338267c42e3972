"""Synthetic TPS results that match published turnout per kecamatan and relate to outreach, with noise."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analytics.sample.alloc import allocate


def make_turnout(
    voters: pd.DataFrame,
    kecamatan_rate: dict[str, float],
    outreach_z: pd.Series | None,
    rng: np.random.Generator,
    *,
    outreach_effect: float = 0.015,
    noise: float = 0.03,
) -> pd.DataFrame:
    """One row per TPS. `voters` has kode_kelurahan, kode_kecamatan, total, laki_laki, perempuan, disabilitas,
    jumlah_tps; `kecamatan_rate` is the published turnout (0–1) each kecamatan's TPS must add up to;
    `outreach_z` (standardised outreach per kelurahan) raises turnout where outreach was stronger."""
    tps = _split_into_tps(voters, rng)
    effect = 0.0 if outreach_z is None else tps["kode_kelurahan"].map(outreach_z).fillna(0.0).to_numpy()
    rate = tps["kode_kecamatan"].map(kecamatan_rate).to_numpy() + outreach_effect * effect
    rate = rate + rng.normal(0.0, noise, len(tps))
    voted = _calibrate(tps, rate, kecamatan_rate)
    # Women vote a little more often than men; both stay within their registered counts.
    women_rate = np.clip(voted / tps["terdaftar_total"] + rng.normal(0.02, 0.01, len(tps)), 0.0, 1.0)
    women = np.round(tps["terdaftar_perempuan"] * women_rate).astype(np.int64)
    women = np.clip(women, voted - tps["terdaftar_laki_laki"], np.minimum(voted, tps["terdaftar_perempuan"]))
    # Voters with disabilities turn out less; outreach to them narrows the gap a little.
    dis_rate = np.clip(voted / tps["terdaftar_total"] - 0.12 + 0.02 * effect + rng.normal(0, 0.08, len(tps)), 0, 1)
    dis_voted = rng.binomial(tps["terdaftar_disabilitas"].to_numpy(), dis_rate)
    return tps.assign(
        memilih_total=voted,
        memilih_perempuan=women,
        memilih_laki_laki=voted - women,
        memilih_disabilitas=dis_voted,
    )


def _split_into_tps(voters: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Spread each kelurahan's registered voters over its TPS, keeping every sum exact."""
    parts = []
    for v in voters.itertuples():
        n = int(v.jumlah_tps)
        size = rng.uniform(0.85, 1.15, n)
        total = allocate(int(v.total), size)
        women = allocate(int(v.perempuan), total.astype(float))
        women = np.minimum(women, total)
        short = int(v.perempuan) - int(women.sum())
        for i in np.flatnonzero(women < total)[:short]:
            women[i] += 1
        disabled = allocate(int(v.disabilitas), total.astype(float)) if v.disabilitas else np.zeros(n, np.int64)
        parts.append(pd.DataFrame({
            "kode_kecamatan": v.kode_kecamatan,
            "kode_kelurahan": v.kode_kelurahan,
            "nomor_tps": np.arange(1, n + 1),
            "terdaftar_total": total,
            "terdaftar_perempuan": women,
            "terdaftar_laki_laki": total - women,
            "terdaftar_disabilitas": np.minimum(disabled, total),
        }))
    return pd.concat(parts, ignore_index=True)


def _calibrate(tps: pd.DataFrame, rate: np.ndarray, kecamatan_rate: dict[str, float]) -> np.ndarray:
    """Voters per TPS whose kecamatan sums equal round(published rate × registered), keeping the TPS pattern."""
    voted = np.zeros(len(tps), dtype=np.int64)
    for kec, idx in tps.groupby("kode_kecamatan").indices.items():
        registered = tps["terdaftar_total"].to_numpy()[idx]
        target = int(round(kecamatan_rate[kec] * registered.sum()))
        r = np.clip(rate[idx], 0.2, 0.98)
        # Scale the rates until the kecamatan adds up, then settle the rounding remainder one voter at a time.
        for _ in range(50):
            r = np.clip(r * target / (r * registered).sum(), 0.2, 0.98)
        v = np.minimum(np.round(r * registered).astype(np.int64), registered)
        diff = target - int(v.sum())
        order = np.argsort(-registered if diff > 0 else registered, kind="stable")
        i = 0
        while diff != 0:
            j = order[i % len(order)]
            step = 1 if diff > 0 else -1
            if 0 <= v[j] + step <= registered[j]:
                v[j] += step
                diff -= step
            i += 1
        voted[idx] = v
    return voted
