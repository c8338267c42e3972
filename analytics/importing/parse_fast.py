"""Parse a whole column: plain cells of high-cardinality formats vectorised, every other distinct cell in Python."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from analytics.importing.parse import Parsed, parse_coordinate, parse_count, parse_unique
from analytics.importing.vector import candidates, factorize, is_text, spread

# Cells the Python parser would read as float(cell): no spaces, ASCII digits, a dot, few enough digits that
# Arrow's conversion and Python's float() agree (both round correctly). Coordinates are nearly unique per row.
PLAIN_DECIMAL = r"^-?[0-9]{1,3}(?:\.[0-9]{1,15})?$"
PLAIN: dict[Callable[[str], Parsed], tuple[str, str]] = {parse_coordinate: (PLAIN_DECIMAL, "float64")}


def parse_column(values: pd.Series, parser: Callable[[str], Parsed]) -> tuple[pd.Series, pd.Series, pd.Series]:
    """(values, errors, hints) per row, as parse_unique gives them, with the plain cells converted in bulk."""
    plain = PLAIN.get(parser)
    if plain is None or not is_text(values):
        return parse_unique(values, parser)
    pattern, dtype = plain
    fast = candidates(values, pattern)
    if not fast.any():
        return parse_unique(values, parser)
    rest_values, rest_errors, rest_hints = parse_unique(values[~fast], parser)
    out = []
    for rest, converted in ((rest_values, values[fast].astype(dtype).to_numpy().astype(object)),
                            (rest_errors, None), (rest_hints, None)):
        column = np.full(len(values), None, dtype=object)
        column[fast] = converted
        column[~fast] = rest.to_numpy(dtype=object)
        out.append(pd.Series(column, index=values.index, dtype=object))
    return out[0], out[1], out[2]


def parse_counts(values: pd.Series) -> tuple[pd.arrays.IntegerArray, pd.Series, pd.Series]:
    """parse_count per distinct cell, the values built straight into nullable integers (bad or empty = missing)."""
    codes, uniques = factorize(values)
    results = [parse_count(u) for u in uniques]
    usable = [r.error is None and r.value is not None for r in results]
    numbers = np.array([r.value if ok else 0 for r, ok in zip(results, usable)], dtype=np.int64)
    missing = ~np.array(usable, dtype=bool)
    counts = pd.arrays.IntegerArray(numbers[codes], missing[codes])
    errors = spread(codes, [r.error for r in results], values.index)
    hints = spread(codes, [r.hint for r in results], values.index)
    return counts, errors, hints
