"""Whether two answers are the same: frames column by column, dataclasses field by field, floats within rounding."""

from __future__ import annotations

import dataclasses
import datetime as dt

import numpy as np
import pandas as pd

# Answers are rounded to 2 decimals; DuckDB rounds halves away from zero, pandas to even, so the last digit may
# differ by one. Anything further apart is a different answer.
ATOL = 0.0100001


def _is_dates(s: pd.Series) -> bool:
    if pd.api.types.is_datetime64_any_dtype(s):
        return True
    sample = s.dropna()
    return len(sample) > 0 and isinstance(sample.iloc[0], (dt.date, pd.Timestamp))


def _column_diff(name: str, a: pd.Series, b: pd.Series) -> str | None:
    a, b = a.reset_index(drop=True), b.reset_index(drop=True)
    if _is_dates(a) or _is_dates(b):
        x, y = pd.to_datetime(a), pd.to_datetime(b)
        bad = ~((x == y) | (x.isna() & y.isna()))
    elif (pd.api.types.is_numeric_dtype(a) or pd.api.types.is_bool_dtype(a)) and \
            (pd.api.types.is_numeric_dtype(b) or pd.api.types.is_bool_dtype(b)):
        x = pd.to_numeric(a.astype("object"), errors="coerce").astype(float).to_numpy()
        y = pd.to_numeric(b.astype("object"), errors="coerce").astype(float).to_numpy()
        bad = pd.Series(~np.isclose(x, y, rtol=1e-9, atol=ATOL, equal_nan=True))
    else:
        x = a.astype("object").where(a.notna(), None)
        y = b.astype("object").where(b.notna(), None)
        bad = pd.Series([u != v for u, v in zip(x, y)], dtype=bool)
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        return f"column {name}: {int(bad.sum())} rows differ, first at row {i}: {a.iloc[i]!r} vs {b.iloc[i]!r}"
    return None


def _frame_diff(a: pd.DataFrame, b: pd.DataFrame) -> str | None:
    if list(a.columns) != list(b.columns):
        return f"columns differ: {list(a.columns)} vs {list(b.columns)}"
    if len(a) != len(b):
        return f"row count differs: {len(a)} vs {len(b)}"
    for col in a.columns:
        if (diff := _column_diff(col, a[col], b[col])) is not None:
            return diff
    return None


def _scalar_same(a: object, b: object) -> bool:
    if a is None or b is None or (isinstance(a, float) and np.isnan(a)) or (isinstance(b, float) and np.isnan(b)):
        return (a is None or pd.isna(a)) and (b is None or pd.isna(b))
    if isinstance(a, (dt.date, pd.Timestamp)) or isinstance(b, (dt.date, pd.Timestamp)):
        return pd.Timestamp(a) == pd.Timestamp(b)
    if isinstance(a, (int, float, np.number)) and isinstance(b, (int, float, np.number)):
        return bool(np.isclose(float(a), float(b), rtol=1e-9, atol=ATOL))
    return a == b


def difference(a: object, b: object, path: str = "") -> str | None:
    """None if `a` and `b` are the same answer, else a short description of the first difference."""
    if isinstance(a, pd.DataFrame) and isinstance(b, pd.DataFrame):
        diff = _frame_diff(a, b)
        return None if diff is None else f"{path}: {diff}"
    if dataclasses.is_dataclass(a) and dataclasses.is_dataclass(b):
        for field in dataclasses.fields(a):
            diff = difference(getattr(a, field.name), getattr(b, field.name), f"{path}.{field.name}")
            if diff is not None:
                return diff
        return None
    if isinstance(a, (tuple, list)) and isinstance(b, (tuple, list)):
        if len(a) != len(b):
            return f"{path}: length {len(a)} vs {len(b)}"
        for i, (x, y) in enumerate(zip(a, b)):
            if (diff := difference(x, y, f"{path}[{i}]")) is not None:
                return diff
        return None
    return None if _scalar_same(a, b) else f"{path}: {a!r} vs {b!r}"
