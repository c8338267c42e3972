"""Synthetic DPT aggregates per kelurahan that add up exactly to the published city figures."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analytics.sample.alloc import allocate


def population_weights(kelurahan: pd.DataFrame, rng: np.random.Generator) -> np.ndarray:
    """A plausible relative size per kelurahan: its RW count with lognormal noise (RWs are similar in size)."""
    rw = kelurahan["jumlah_rw"].to_numpy(dtype=float)
    return rw * rng.lognormal(0.0, 0.25, len(rw))


def voters_for_election(
    kelurahan: pd.DataFrame,
    published: pd.Series,
    weights: np.ndarray,
    rng: np.random.Generator,
    disability_share: tuple[float, float] = (0.004, 0.009),
) -> pd.DataFrame:
    """DPT per kelurahan for one election; totals, sexes, first-time voters and TPS sum to `published`."""
    n = len(kelurahan)
    total = allocate(int(published["total"]), weights * rng.lognormal(0.0, 0.02, n), minimum=300)
    # Share of men varies a little between kelurahan; women are the remainder, so both city sums hold.
    men = allocate(int(published["laki_laki"]), total * rng.normal(1.0, 0.015, n))
    men = np.minimum(men, total)
    _rebalance(men, total, int(published["laki_laki"]))
    pemula = allocate(int(published["pemula"]), total * rng.lognormal(0.0, 0.15, n))
    disabilitas = np.round(total * rng.uniform(*disability_share, n)).astype(np.int64)
    tps = allocate(int(published["jumlah_tps"]), total.astype(float), minimum=1)
    return pd.DataFrame(
        {
            "kode_kelurahan": kelurahan["kode_kelurahan"].to_numpy(),
            "total": total,
            "laki_laki": men,
            "perempuan": total - men,
            "pemula": np.minimum(pemula, total),
            "disabilitas": disabilitas,
            "jumlah_tps": tps,
        }
    )


def _rebalance(parts: np.ndarray, caps: np.ndarray, target: int) -> None:
    """Move units between parts (in place) until they sum to `target` without exceeding their caps."""
    i = 0
    while parts.sum() < target:
        room = np.flatnonzero(parts < caps)
        parts[room[i % len(room)]] += 1
        i += 1
