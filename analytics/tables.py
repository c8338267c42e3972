"""Tables for people: chosen columns, translated headers, numbers and dates written the Indonesian way."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import pandas as pd

from analytics import fmt
from analytics.i18n import t

KINDS = ("text", "int", "decimal", "percent", "date", "datetime")


def display(frame: pd.DataFrame, columns: dict[str, tuple[str, str]], lang: str) -> pd.DataFrame:
    """`columns` maps a column to (i18n key of its header, kind); kinds: text, int, decimal, percent, date, datetime.

    Values become strings so every browser shows 1.234 and 27 Nov 2024 alike (Streamlit would use the browser's
    locale); downloads use the raw frame instead."""
    out = pd.DataFrame(index=frame.index)
    for col, (key, kind) in columns.items():
        if kind not in KINDS:
            raise ValueError(f"unknown kind {kind!r}")
        values = frame[col]
        if kind == "int":
            out[t(key, lang)] = written(values, lambda v: fmt.number(v, lang))
        elif kind == "decimal":
            out[t(key, lang)] = written(values, lambda v: fmt.number(float(v), lang, 1))
        elif kind == "percent":
            out[t(key, lang)] = written(values, lambda v: fmt.percent(float(v), lang))
        elif kind == "datetime":
            out[t(key, lang)] = written(
                values, lambda v: f"{fmt.date(pd.Timestamp(v).date(), lang)} {pd.Timestamp(v):%H:%M}")
        elif kind == "date":
            out[t(key, lang)] = written(values, lambda v: fmt.date(pd.Timestamp(v).date(), lang))
        else:
            out[t(key, lang)] = written(values, str, missing="")
    return out.reset_index(drop=True)


def written(values: pd.Series, write: Callable[[Any], str], missing: str = "–") -> list[str]:
    """write(v) for each value of a column, `missing` where there is none (tables here, a map's hover text). The
    values are read as Python values in one call (value by value, an Arrow-backed column costs ~8 µs each) and each
    distinct one is written once: a table of 2.000 activities holds a few dozen dates, and babel takes ~15 µs a date."""
    done: dict = {}
    out = []
    for v in values.tolist():
        if v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and math.isnan(v)):
            out.append(missing)
            continue
        text = done.get(v)
        if text is None:
            text = done[v] = write(v)
        out.append(text)
    return out


def for_download(frame: pd.DataFrame, columns: dict[str, tuple[str, str]], lang: str) -> pd.DataFrame:
    """The same columns with translated headers but raw values (numbers stay numbers in Excel)."""
    return frame[list(columns)].rename(columns={c: t(k, lang) for c, (k, _) in columns.items()}).reset_index(drop=True)
