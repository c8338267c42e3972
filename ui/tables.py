"""A table on screen (Indonesian formats, numbers right-aligned) with its CSV and Excel downloads below."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics import tables
from analytics.i18n import t
from ui.downloads import download_buttons


def show(frame: pd.DataFrame, columns: dict[str, tuple[str, str]], lang: str, *, stem: str, key: str,
         height: int | None = None, shown: pd.DataFrame | None = None,
         download_columns: dict[str, tuple[str, str]] | None = None, kind: str = "detail") -> None:
    """Draw `frame` (or only its first rows, `shown`) with `columns` as in analytics.tables; download all of it,
    with `download_columns` where the file should hold more than the screen. `kind` is 'summary' for tables
    aggregated per kecamatan or kelurahan, 'detail' for anything finer (the role decides which it may download)."""
    # Values arrive as formatted strings (the grid would use the browser's locale): align numbers by hand.
    right = {t(key_, lang): st.column_config.TextColumn(alignment="right")
             for key_, kind in columns.values() if kind != "text"}
    screen = tables.display(frame if shown is None else shown, columns, lang)
    st.dataframe(screen, hide_index=True, column_config=right, key=f"{key}-tabel",
                 height=height if height is not None else "auto")
    download_buttons(tables.for_download(frame, download_columns or columns, lang), stem, lang, key=key, kind=kind)
