"""Impor Data: operators bring in their files, read what was kept and refused, and can undo an import."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics import geocache, totals
from analytics.auth import roles
from analytics.auth.imports import authorized_import, authorized_undo
from analytics.auth.users import User
from analytics.i18n import t
from analytics.importing import engine, rejects, templates
from analytics.importing.result import KINDS, ImportResult
from analytics.importing.summary import summarize
from analytics.queries import options
from ui import auth, data, filters
from ui import tables as ui_tables
from ui.layout import plain

FILE_TYPES = {
    "activities": ["xlsx", "csv"], "turnout": ["xlsx", "csv"], "voters": ["xlsx", "csv"],
    "targets": ["xlsx", "csv"], "boundaries": ["geojson", "json", "gpkg", "zip"],
}
PER_ELECTION = {"turnout", "voters", "targets"}
STAGES = ("membaca", "memeriksa", "menyimpan", "selesai")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

lang = filters.language()
selection = filters.current()
viewer = auth.require("page:impor")
# In open mode (no accounts yet) the operator types a name for the history; signed-in users are known.
ask_name = viewer.peran == roles.OPEN
allowed_kinds = [k for k in KINDS if roles.allows(viewer, roles.import_permission(k))]

st.title(t("impor.title", lang))
st.caption(t("impor.tagline", lang))

kind = None
if allowed_kinds:
    kind = st.segmented_control(t("impor.kind", lang), allowed_kinds, default=allowed_kinds[0], required=True,
                                format_func=lambda k: t(f"impor.kind.{k}", lang), key="impor_jenis")
if kind is None:
    st.info(t("impor.kind.none", lang))


def stage_label(stage: str) -> str:
    """The status line for an importer stage; stages this page does not know read as 'saving'."""
    return t(f"impor.stage.{stage}" if stage in STAGES else "impor.stage.menyimpan", lang)


if kind is not None:
    st.markdown(t(f"impor.help.{kind}", lang))
    if kind in templates.TEMPLATE_KINDS:
        # Built on click: with the national lists (83.000 kelurahan) a template takes seconds to write.
        st.download_button(t("impor.template", lang), data=data.later(templates.template_xlsx, kind),
                           file_name=f"templat-{kind}.xlsx", mime=XLSX, icon=":material/download:", on_click="ignore",
                           key=f"impor_templat_{kind}")

    election = None
    if kind in PER_ELECTION:
        elections = {e.kode: e.nama for e in data.query(options.elections)}
        codes = list(elections)
        election = st.selectbox(t("impor.election", lang), codes, index=codes.index(selection.pemilihan),
                                format_func=elections.get, key="impor_pemilihan")

    with st.form("impor_form", clear_on_submit=True, border=False):
        upload = st.file_uploader(t("impor.file", lang), type=FILE_TYPES[kind], key=f"impor_berkas_{kind}")
        user = (st.text_input(t("impor.user", lang), key="impor_petugas", help=t("impor.user.help", lang),
                              max_chars=60) if ask_name else viewer.nama)
        submitted = st.form_submit_button(t("impor.go", lang), type="primary", icon=":material/upload:")

    if submitted and upload is not None:
        if not user.strip():
            st.error(t("impor.user.missing", lang))
        else:
            with st.status(t("impor.running", lang), expanded=False) as status:
                operator = User(nama=user.strip(), peran=viewer.peran, kode_wilayah=viewer.kode_wilayah) \
                    if ask_name else viewer
                result = data.run(authorized_import, operator, upload.getvalue(), kind=kind, file_name=upload.name,
                                  election=election, progress=lambda stage: status.update(label=stage_label(stage)))
                if result.import_id is not None:
                    status.update(label=t("impor.stage.ringkasan", lang))
                    data.run(totals.refresh)
                    data.run(geocache.ready)  # after a boundary import: the map's extents, not the next viewer
                status.update(label=t("impor.stage.selesai", lang), state="complete")
            st.session_state["impor_hasil"] = result


def show_result(result: ImportResult) -> None:
    """The summary coloured by outcome, then the refused rows with a download to correct them."""
    text = plain(summarize(result, lang))
    {0: st.success, 1: st.warning}.get(result.exit_code, st.error)(text)
    if not result.rejections:
        return
    st.subheader(t("impor.rejected.title", lang))
    st.caption(t("impor.rejected.caption", lang))
    shown = pd.DataFrame([
        {t("impor.col.row", lang): r.row, t("impor.col.reasons", lang): "; ".join(r.reasons), **r.cells}
        for r in result.rejections[:500]
    ])
    st.dataframe(shown, hide_index=True, height=min(420, 38 + 35 * len(shown)))
    if result.import_id is not None:
        st.download_button(t("impor.rejected.download", lang), data=data.run(rejects.rejected_rows_xlsx,
                                                                              result.import_id),
                           file_name=f"ditolak-impor-{result.import_id}.xlsx", mime=XLSX,
                           icon=":material/table_view:", on_click="ignore", key="impor_ditolak")


if "impor_hasil" in st.session_state:
    show_result(st.session_state["impor_hasil"])

st.subheader(t("impor.history.title", lang))
history = data.run(engine.list_imports)
if roles.scope_for(viewer).wilayah is not None:
    # A PPK sees its own imports only: other offices' file names are not its business.
    history = history[history["pengguna"] == viewer.nama]
if history.empty:
    st.info(t("impor.history.none", lang))
else:
    active_ids = set(history.loc[history["status"] == "selesai", "import_id"])
    history = history.sort_values("import_id", ascending=False).assign(
        jenis=lambda f: [t(f"impor.kind.{k}", lang) for k in f["jenis"]],
        status=lambda f: [t(f"impor.status.{s}", lang) for s in f["status"]],
    )
    columns = {
        "import_id": ("impor.col.id", "int"), "jenis": ("impor.col.kind", "text"),
        "nama_file": ("impor.col.file", "text"), "pengguna": ("impor.col.user", "text"),
        "diimpor_pada": ("impor.col.when", "datetime"), "baris_diterima": ("impor.col.kept", "int"),
        "baris_ditolak": ("impor.col.rejected", "int"), "baris_duplikat": ("impor.col.duplicate", "int"),
        "status": ("impor.col.status", "text"), "sha256": ("impor.col.hash", "text"),
    }
    ui_tables.show(history, columns, lang, stem="riwayat-impor", key="impor_riwayat",
                   height=min(420, 38 + 35 * len(history)))

if not history.empty and roles.allows(viewer, roles.IMPORT_UNDO):
    st.subheader(t("impor.undo.title", lang))
    st.caption(t("impor.undo.caption", lang))
    active = history[history["import_id"].isin(active_ids)]
    if active.empty:
        st.info(t("impor.undo.none", lang))
    else:
        labels = {r.import_id: f"#{r.import_id} · {r.jenis} · {r.nama_file}" for r in active.itertuples()}
        with st.form("impor_batal", border=False):
            # Nothing chosen by default: undoing is deliberate, and the first entry may be the whole sample.
            chosen = st.selectbox(t("impor.undo.pick", lang), list(labels), format_func=labels.get, index=None,
                                  placeholder=t("impor.undo.placeholder", lang), key="impor_batal_pilih")
            sure = st.checkbox(t("impor.undo.confirm", lang))
            undo_user = (st.text_input(t("impor.user", lang), key="impor_batal_petugas", max_chars=60)
                         if ask_name else viewer.nama)
            go = st.form_submit_button(t("impor.undo.go", lang), icon=":material/undo:")
        if go and chosen is not None and sure and undo_user.strip():
            try:
                operator = User(nama=undo_user.strip(), peran=viewer.peran) if ask_name else viewer
                done = data.run(authorized_undo, operator, int(chosen))
            except engine.UndoError as exc:
                st.error(plain(str(exc)))
            else:
                data.run(totals.refresh)
                data.run(geocache.ready)
                st.session_state.pop("impor_hasil", None)
                st.success(plain(t("impor.undo.done", lang, id=done.import_id, file=done.file_name,
                                   rows=sum(done.rows_deleted.values()))))
        elif go:
            missing = ("impor.undo.placeholder" if chosen is None else "impor.undo.confirm" if not sure
                       else "impor.user.missing")
            st.error(t(missing, lang))
