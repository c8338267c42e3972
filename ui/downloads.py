"""Download buttons that give any table as CSV and as Excel (formula cells neutralised)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics import export
from analytics.i18n import t


def download_buttons(frame: pd.DataFrame, stem: str, lang: str, key: str) -> None:
    """Two buttons side by side: CSV and Excel of `frame`, named `stem`.csv / .xlsx."""
    left, right, _ = st.columns([1, 1, 4])
    left.download_button(
        t("download.csv", lang), data=export.to_csv_bytes(frame), file_name=f"{stem}.csv", mime="text/csv",
        key=f"{key}-csv", icon=":material/download:", on_click="ignore",
    )
    right.download_button(
        t("download.xlsx", lang), data=export.to_xlsx_bytes(frame, stem), file_name=f"{stem}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key=f"{key}-xlsx",
        icon=":material/table_view:", on_click="ignore",
    )
