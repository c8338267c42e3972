"""Jangkau's entry point: page registry, language switch, sidebar filters (mirrored in the URL)."""

from __future__ import annotations

import streamlit as st

from analytics.i18n import t
from ui import data, filters, layout

st.set_page_config(page_title="Jangkau", page_icon=":material/campaign:", layout="wide")

lang = filters.render_language_switch()
pages = [
    st.Page("pages/ringkasan.py", title=t("nav.ringkasan", lang), icon=":material/dashboard:", default=True),
    # page: wilayah
    # page: pemula_disabilitas
    # page: partisipasi
]
page = st.navigation(pages)
st.session_state["_filters"] = filters.render_filters(data.viewer_scope(), lang)
layout.sample_notice(lang)
page.run()
