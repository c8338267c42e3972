"""Tables for people: chosen columns, translated headers, numbers and dates written the Indonesian way."""

from __future__ import annotations

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
            out[t(key, lang)] = [fmt.number(v, lang) if pd.notna(v) else "–" for v in values]
        elif kind == "decimal":
            out[t(key, lang)] = [fmt.number(float(v), lang, 1) if pd.notna(v) else "–" for v in values]
        elif kind == "percent":
            out[t(key, lang)] = [fmt.percent(float(v), lang) if pd.notna(v) else "–" for v in values]
        elif kind == "datetime":
            out[t(key, lang)] = [f"{fmt.date(pd.Timestamp(v).date(), lang)} {pd.Timestamp(v):%H:%M}" if pd.notna(v)
                                 else "–" for v in values]
        elif kind == "date":
            out[t(key, lang)] = [fmt.date(pd.Timestamp(v).date(), lang) if pd.notna(v) else "–" for v in values]
        else:
            out[t(key, lang)] = ["" if v is None or (isinstance(v, float) and pd.isna(v)) else str(v) for v in values]
    return out.reset_index(drop=True)


def for_download(frame: pd.DataFrame, columns: dict[str, tuple[str, str]], lang: str) -> pd.DataFrame:
    """The same columns with translated headers but raw values (numbers stay numbers in Excel)."""
    return frame[list(columns)].rename(columns={c: t(k, lang) for c, (k, _) in columns.items()}).reset_index(drop=True)
