"""Audit: the log of logins, imports, undos, exports and user changes, and the list of users (admin only)."""

from __future__ import annotations

import streamlit as st

from analytics import tables
from analytics.auth import audit, roles, users
from analytics.i18n import t
from ui import auth, data, filters

lang = filters.language()
auth.require(roles.AUDIT_READ)

st.title(t("audit.title", lang))
st.caption(t("audit.caption", lang))
event = st.selectbox(t("audit.event", lang), [None, *audit.EVENTS], key="audit_peristiwa",
                     format_func=lambda e: t("audit.all", lang) if e is None else e)
log = data.run(audit.recent, event=event)
if log.empty:
    st.info(t("audit.none", lang))
else:
    log["berhasil"] = log["berhasil"].map({True: "✓", False: "✗"})
    columns = {
        "waktu": ("audit.col.when", "datetime"), "pengguna": ("audit.col.user", "text"),
        "peristiwa": ("audit.col.event", "text"), "berhasil": ("audit.col.ok", "text"),
        "rincian": ("audit.col.details", "text"),
    }
    # st.dataframe shows text as text: names and file names typed by people are never rendered as HTML.
    st.dataframe(tables.display(log, columns, lang), hide_index=True, height=420, key="audit_log")

st.subheader(t("audit.users", lang))
st.caption(t("audit.users.caption", lang))
people = data.run(users.list_users)
people_columns = {
    "nama": ("audit.col.user", "text"), "peran": ("audit.col.role", "text"), "wilayah": ("audit.col.area", "text"), "surel": ("audit.col.email", "text"),
    "dibuat_pada": ("audit.col.created", "datetime"),
}
if not people.empty:
    people["wilayah"] = people["wilayah"].fillna("–")
    st.dataframe(tables.display(people, people_columns, lang), hide_index=True, key="audit_pengguna")
