"""Jangkau's entry point: page registry, language switch, sidebar filters (mirrored in the URL)."""

from __future__ import annotations

import streamlit as st

from analytics.i18n import t
from ui import data, filters, layout

st.set_page_config(page_title="Jangkau", page_icon=str(layout.ASSETS / "icon.svg"), layout="wide")

layout.brand(filters.language())
lang = filters.render_language_switch()
pages = [
    st.Page("pages/ringkasan.py", title=t("nav.ringkasan", lang), icon=":material/dashboard:", default=True),
    st.Page("pages/wilayah.py", title=t("nav.wilayah", lang), icon=":material/map:"),
    st.Page("pages/pemula_disabilitas.py", title=t("nav.pemula_disabilitas", lang), icon=":material/accessibility_new:"),
    st.Page("pages/partisipasi.py", title=t("nav.partisipasi", lang), icon=":material/how_to_vote:"),
    st.Page("pages/impor.py", title=t("nav.impor", lang), icon=":material/upload_file:"),
]
page = st.navigation(pages)
st.session_state["_filters"] = filters.render_filters(data.viewer_scope(), lang)
layout.sample_notice(lang)
page.run()
