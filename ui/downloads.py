"""Download buttons that give any table as CSV and as Excel (formula cells neutralised), as the role allows."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from analytics import export
from analytics.i18n import t
from ui import auth

# Excel holds at most 1,048,576 rows per sheet, the header included.
XLSX_MAX_ROWS = 1_048_575


def _deferred(build: Callable[[], pd.DataFrame], writer: Callable[[pd.DataFrame], bytes]) -> Callable[[], bytes]:
    """The file is built when a user clicks, not on every page run: a national table of 600,000 RW took minutes
    (and gigabytes) to write as Excel on each run although almost nobody downloads it."""
    return lambda: writer(build())


def download_buttons(frame: pd.DataFrame | Callable[[], pd.DataFrame], stem: str, lang: str, key: str,
                     kind: str = "detail", rows: int | None = None) -> None:
    """Two buttons side by side: CSV and Excel of `frame`, named `stem`.csv / .xlsx. `frame` may be a function
    that builds the table (called only on a click, then `rows` says how many rows it has). `kind` is 'summary'
    for tables aggregated per kecamatan or kelurahan, 'detail' for anything finer (rows of activities, TPS,
    schools, RW); a role without that export permission gets a caption instead. Every download is audited."""
    if not auth.may_export(kind):
        st.caption(t("auth.export.denied", lang))
        return
    build = frame if callable(frame) else (lambda: frame)
    count = rows if rows is not None else len(frame)  # type: ignore[arg-type]
    left, right, _ = st.columns([1, 1, 4])
    left.download_button(
        t("download.csv", lang), data=_deferred(build, export.to_csv_bytes), file_name=f"{stem}.csv",
        mime="text/csv", key=f"{key}-csv", icon=":material/download:", on_click=auth.record_export,
        args=(kind, f"{stem}.csv", count),
    )
    too_big = count > XLSX_MAX_ROWS
    right.download_button(
        t("download.xlsx", lang), data=_deferred(build, lambda f: export.to_xlsx_bytes(f, stem)),
        file_name=f"{stem}.xlsx", mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"{key}-xlsx", icon=":material/table_view:", on_click=auth.record_export,
        args=(kind, f"{stem}.xlsx", count), disabled=too_big,
        help=t("download.xlsx_too_big", lang) if too_big else None,
    )
