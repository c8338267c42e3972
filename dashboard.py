"""Jangkau's entry point: sign-in, page registry, language switch, sidebar filters (mirrored in the URL)."""

from __future__ import annotations

import streamlit as st

from analytics.auth.roles import may_open
from analytics.i18n import t
from analytics.runtime import tune
from ui import auth, data, filters, layout

tune()  # the collector's and malloc's thresholds for a process that builds national maps (analytics/runtime.py)
st.set_page_config(page_title="Jangkau", page_icon=str(layout.ASSETS / "icon.svg"), layout="wide")

# Before anything reads data: with users configured, nobody signed in sees only the login form.
user = auth.gate(filters.language())
layout.brand(filters.language())
lang = filters.render_language_switch()
PAGES = [  # file in pages/, title key, icon
    ("ringkasan", "nav.ringkasan", ":material/dashboard:"),
    ("wilayah", "nav.wilayah", ":material/map:"),
    ("pemula_disabilitas", "nav.pemula_disabilitas", ":material/accessibility_new:"),
    ("partisipasi", "nav.partisipasi", ":material/how_to_vote:"),
    ("impor", "nav.impor", ":material/upload_file:"),
    ("audit", "nav.audit", ":material/policy:"),
]
# Only the pages the role may open are registered: a URL to any other page falls back to the first allowed one.
allowed = [name for name, _, _ in PAGES if may_open(user, name)]
pages = [st.Page(f"pages/{name}.py", title=t(key, lang), icon=icon, default=name == allowed[0])
         for name, key, icon in PAGES if name in allowed]
page = st.navigation(pages)
st.session_state["_filters"] = filters.render_filters(data.viewer_scope(), lang)
auth.sidebar(user, lang)
auth.open_notice(user, lang)
layout.sample_notice(lang)
page.run()
