"""Page furniture every page shares: the brand, the office name and the synthetic-data notice."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

import pandas as pd

from analytics import fmt
from analytics.figures.base import furthest_behind
from analytics.i18n import t
from analytics.queries import options
from ui import data

ASSETS = Path(__file__).resolve().parent / "assets"


def brand(lang: str) -> None:
    """Jangkau's logo above the navigation, and the office whose data is loaded."""
    st.logo(str(ASSETS / "logo.svg"), size="large", icon_image=str(ASSETS / "icon.svg"))
    cities = data.query(options.areas, data.viewer_scope())["kabkota"].drop_duplicates().tolist()
    if cities:
        office = f"KPU {cities[0]}" if len(cities) == 1 else t("brand.offices", lang, n=len(cities))
        st.sidebar.caption(office)


def sample_notice(lang: str) -> None:
    """A visible warning on every page while the database holds synthetic data, saying what in it is real: the
    Kota Bogor sample keeps official names, DPT, targets and turnout (sumber_data marks them `resmi`), the national
    benchmark database invents everything."""
    if data.query(options.dataset_info).get("sintetis") != "ya":
        return
    official = (data.query(options.data_sources)["status"] == "resmi").any()
    st.warning(t("notice.sample" if official else "notice.synthetic", lang), icon=":material/science:")


_MARKDOWN = str.maketrans({c: "\\" + c for c in "\\`*_{}[]()#+-.!|<>~$"})


def plain(text: str) -> str:
    """Text from a file or an operator shown literally in Markdown: no links, images, HTML or formatting."""
    return "  \n".join(line.translate(_MARKDOWN) for line in str(text).splitlines())


def chart_rows(frame: pd.DataFrame, column: str, level: str, lang: str, where=st) -> pd.DataFrame:
    """The rows an area chart draws: all of them, or (for a province or the country) the areas furthest behind on
    `column`, with a caption saying so; the tables and downloads keep every area."""
    shown = furthest_behind(frame, column)
    if len(shown) < len(frame):
        where.caption(t("chart.furthest_behind", lang, n=fmt.number(len(shown), lang),
                        total=fmt.number(len(frame), lang), level=t(f"level.{level}", lang).lower()))
    return shown
