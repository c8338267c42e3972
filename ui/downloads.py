"""Download buttons that give any table as CSV and as Excel (formula cells neutralised), as the role allows."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics import export
from analytics.i18n import t
from ui import auth


def download_buttons(frame: pd.DataFrame, stem: str, lang: str, key: str, kind: str = "detail") -> None:
    """Two buttons side by side: CSV and Excel of `frame`, named `stem`.csv / .xlsx. `kind` is 'summary' for
    tables aggregated per kecamatan or kelurahan, 'detail' for anything finer (rows of activities, TPS, schools,
    RW); a role without that export permission gets a caption instead. Every download is audited."""
    if not auth.may_export(kind):
        st.caption(t("auth.export.denied", lang))
        return
    left, right, _ = st.columns([1, 1, 4])
    left.download_button(
        t("download.csv", lang), data=export.to_csv_bytes(frame), file_name=f"{stem}.csv", mime="text/csv",
        key=f"{key}-csv", icon=":material/download:", on_click=auth.record_export,
        args=(kind, f"{stem}.csv", len(frame)),
    )
    right.download_button(
        t("download.xlsx", lang), data=export.to_xlsx_bytes(frame, stem), file_name=f"{stem}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key=f"{key}-xlsx",
        icon=":material/table_view:", on_click=auth.record_export, args=(kind, f"{stem}.xlsx", len(frame)),
    )
