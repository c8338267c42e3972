"""Split a whole-number total into parts by weight so that the parts add up exactly."""

from __future__ import annotations

import numpy as np


def allocate(total: int, weights: np.ndarray, minimum: int = 0) -> np.ndarray:
    """Largest-remainder split of `total` by `weights`, each part at least `minimum`; sums to `total` exactly."""
    weights = np.asarray(weights, dtype=float)
    n = len(weights)
    if n == 0:
        if total:
            raise ValueError("cannot allocate a non-zero total to no parts")
        return np.zeros(0, dtype=np.int64)
    if total < minimum * n:
        raise ValueError(f"total {total} is less than {n} parts of at least {minimum}")
    if np.any(weights < 0) or weights.sum() <= 0:
        raise ValueError("weights must be non-negative with a positive sum")
    rest = total - minimum * n
    exact = rest * weights / weights.sum()
    parts = np.floor(exact).astype(np.int64)
    short = rest - int(parts.sum())
    # Ties broken by position so the result is deterministic.
    order = np.lexsort((np.arange(n), -(exact - parts)))
    parts[order[:short]] += 1
    return parts + minimum
