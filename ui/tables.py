"""A table on screen (Indonesian formats, numbers right-aligned) with its CSV and Excel downloads below."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from analytics import fmt, tables
from analytics.i18n import t
from ui.downloads import download_buttons

# Rows drawn on screen at most: a browser grid of 600,000 RW or 400,000 TPS helps nobody and costs seconds to
# format and send; the downloads always hold every row.
SCREEN_MAX_ROWS = 2_000


def show(frame: pd.DataFrame, columns: dict[str, tuple[str, str]], lang: str, *, stem: str, key: str,
         height: int | None = None, shown: pd.DataFrame | None = None,
         download_columns: dict[str, tuple[str, str]] | None = None, kind: str = "detail",
         total: int | None = None, full: Callable[[], pd.DataFrame] | None = None) -> None:
    """Draw `frame` (or only its first rows, `shown`; never more than SCREEN_MAX_ROWS) with `columns` as in
    analytics.tables; download all of it, with `download_columns` where the file should hold more than the screen.
    `kind` is 'summary' for tables aggregated per kecamatan or kelurahan, 'detail' for anything finer (the role
    decides which it may download). When `frame` holds only the first rows of a longer answer, `total` says how
    many rows there are and `full` builds all of them for the downloads (only when a download is clicked)."""
    # Values arrive as formatted strings (the grid would use the browser's locale): align numbers by hand.
    right = {t(key_, lang): st.column_config.TextColumn(alignment="right")
             for key_, kind_ in columns.values() if kind_ != "text"}
    rows = len(frame) if total is None else total
    on_screen = (frame if shown is None else shown).head(SCREEN_MAX_ROWS)
    if len(on_screen) < rows:
        st.caption(t("table.capped", lang, shown=fmt.number(len(on_screen), lang), total=fmt.number(rows, lang)))
    screen = tables.display(on_screen, columns, lang)
    st.dataframe(screen, hide_index=True, column_config=right, key=f"{key}-tabel",
                 height=height if height is not None else "auto")
    wanted = download_columns or columns
    source = full if full is not None else (lambda: frame)
    download_buttons(lambda: tables.for_download(source(), wanted, lang), stem, lang, key=key, kind=kind,
                     rows=rows)
