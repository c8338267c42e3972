"""Column helpers that stay vectorised: distinct values once, Python-exact trimming, regex pre-filters."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

# Exactly the characters str.strip() removes (str.isspace()); Arrow's own whitespace set differs (\x1c-\x1f).
PY_WHITESPACE = ("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
                 "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")


def factorize(values: pd.Series) -> tuple[np.ndarray, list]:
    """(code per row, distinct values as a plain list); missing values are a value of their own, like the rest."""
    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    # Iterating an Arrow-backed array element by element is slow (~1 µs a value, 80.000 kelurahan names in a
    # national file): convert the distinct values in one go.
    if isinstance(uniques, pd.Index):
        uniques = uniques.array
    if isinstance(uniques, pd.arrays.ArrowStringArray):
        missing = uniques.dtype.na_value
        return codes, [missing if v is None else v for v in uniques.__arrow_array__().to_pylist()]
    if isinstance(uniques, pd.api.extensions.ExtensionArray):
        uniques = uniques.to_numpy(dtype=object, na_value=np.nan)
    return codes, list(uniques)


def spread(codes: np.ndarray, results: Sequence[object], index: pd.Index) -> pd.Series:
    """One result per distinct value, spread back over the rows as an object Series."""
    # fromiter keeps tuples and lists whole (assigning a list of tuples to a slice would broadcast them).
    mapped = np.fromiter(results, dtype=object, count=len(results))
    out = mapped[codes] if len(codes) else np.empty(0, dtype=object)
    return pd.Series(out, index=index, dtype=object)


def per_distinct(values: pd.Series, func: Callable[[object], object]) -> pd.Series:
    """func applied once per distinct value and spread back over the rows."""
    codes, uniques = factorize(values)
    return spread(codes, [func(u) for u in uniques], values.index)


def is_text(values: pd.Series) -> bool:
    """True for pandas' Arrow-backed text dtype without missing cells (what the readers produce)."""
    return isinstance(values.dtype, pd.StringDtype) and values.dtype.storage == "pyarrow" and not values.hasnans


# The first and the last UTF-8 byte of each of those characters: a cell str.strip() changes starts with one of the
# first or ends with one of the last (a superset: other characters share some of these bytes).
_WS_FIRST = np.zeros(256, dtype=bool)
_WS_FIRST[[ch.encode()[0] for ch in PY_WHITESPACE]] = True
_WS_LAST = np.zeros(256, dtype=bool)
_WS_LAST[[ch.encode()[-1] for ch in PY_WHITESPACE]] = True


def strip(values: pd.Series) -> pd.Series:
    """str(cell).strip() for every cell, vectorised for Arrow text."""
    if is_text(values):
        ends = _end_bytes(values)
        # Most columns have nothing to trim: looked at by first and last byte, left as they are (~15 ms for each
        # column of a 500.000-row file instead of ~30 ms of trimming).
        if ends is not None and not (ends[2] & (_WS_FIRST[ends[0]] | _WS_LAST[ends[1]])).any():
            return values
        return values.str.strip(PY_WHITESPACE)
    return per_distinct(values, lambda v: str(v).strip())


def _end_bytes(values: pd.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """(first byte, last byte, non-empty) of each cell of Arrow text without nulls, read from its buffers in place;
    None for a storage this does not read (the caller then takes its general path)."""
    arrow = values.array.__arrow_array__()
    chunks = arrow.chunks if isinstance(arrow, pa.ChunkedArray) else [arrow]
    first, last, filled = [], [], []
    for chunk in chunks:
        if pa.types.is_string(chunk.type):
            width = np.int32
        elif pa.types.is_large_string(chunk.type):
            width = np.int64
        else:
            return None
        _, offsets, data = chunk.buffers()
        if offsets is None or not len(chunk):
            continue
        ends = np.frombuffer(offsets, dtype=width)[chunk.offset:chunk.offset + len(chunk) + 1].astype(np.int64)
        raw = np.frombuffer(data, dtype=np.uint8) if data is not None and data.size else np.zeros(1, np.uint8)
        full = ends[1:] > ends[:-1]
        first.append(raw[np.where(full, ends[:-1], 0)])
        last.append(raw[np.where(full, ends[1:] - 1, 0)])
        filled.append(full)
    if not filled:
        return np.zeros(0, np.uint8), np.zeros(0, np.uint8), np.zeros(0, bool)
    return np.concatenate(first), np.concatenate(last), np.concatenate(filled)


def candidates(values: pd.Series, pattern: str) -> np.ndarray:
    """Cells where `pattern` (RE2 and Python syntax alike) is found: a cheap pre-filter before exact Python checks."""
    # Callers pass a pattern that every cell their exact check could accept contains, so nothing is missed.
    if not len(values):
        return np.zeros(0, dtype=bool)
    if is_text(values):
        return values.str.contains(pattern, regex=True).to_numpy(dtype=bool)
    rx = re.compile(pattern)
    return per_distinct(values, lambda v: rx.search(str(v)) is not None).to_numpy(dtype=bool)


def first_letter_in(values: pd.Series, letters: str) -> np.ndarray:
    """Cells whose first character is one of `letters` (ASCII): the regex ^[letters] at half its cost on Arrow text."""
    if not len(values):
        return np.zeros(0, dtype=bool)
    if not is_text(values) or not letters.isascii():
        return candidates(values, f"^[{re.escape(letters)}]")
    # A UTF-8 text starts with an ASCII letter exactly when its first byte is that letter.
    ends = _end_bytes(values)
    if ends is not None:
        wanted_bytes = np.zeros(256, dtype=bool)
        wanted_bytes[list(letters.encode("ascii"))] = True
        return ends[2] & wanted_bytes[ends[0]]
    text = values.array.__arrow_array__()
    raw = text.cast(pa.large_binary() if pa.types.is_large_string(text.type) else pa.binary())
    wanted = pa.array([ch.encode("ascii") for ch in letters], type=raw.type)
    return pc.is_in(pc.binary_slice(raw, 0, 1), value_set=wanted).to_numpy(zero_copy_only=False).astype(bool)


def starts_with(values: pd.Series, prefix: str) -> np.ndarray:
    """str(cell).startswith(prefix) for every cell, vectorised for Arrow text."""
    if not len(values):
        return np.zeros(0, dtype=bool)
    if is_text(values):
        return pc.starts_with(values.array.__arrow_array__(), prefix).to_numpy(zero_copy_only=False).astype(bool)
    return per_distinct(values, lambda v: str(v).startswith(prefix)).to_numpy(dtype=bool)
