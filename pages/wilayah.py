"""Wilayah: drill down kecamatan → kelurahan → RW to see where outreach has not been (for Divisi Parmas)."""

from __future__ import annotations

import streamlit as st

from analytics import fmt
from analytics.figures import drilldown as drill_figures
from analytics.figures import maps as map_figures
from analytics.i18n import t
from analytics.queries import areas, drilldown, options
from ui import auth, data, filters
from ui import maps as ui_maps
from ui import tables as ui_tables

LOG_SHOWN = 1_000

lang = filters.language()
selection = filters.current()
# A second check behind the page registry: only roles that may view data get past this line.
auth.require("view:data")
scope = data.viewer_scope()
types = data.query(options.activity_types)

st.title(t("wilayah.title", lang))
st.caption(t("wilayah.caption", lang))

# Kelurahan table: the least covered first, so the list reads as "where to go next".
st.subheader(t("wilayah.kelurahan.title", lang))
kel = data.query(areas.area_metrics, selection, scope, "kelurahan")
kel = kel.sort_values(["rw_cakupan_persen", "dijangkau_per_1000"], na_position="first")
kel_columns = {
    "kecamatan": ("col.kecamatan", "text"), "nama": ("col.kelurahan", "text"), "dpt": ("col.dpt", "int"),
    "kegiatan": ("col.kegiatan", "int"), "dijangkau": ("col.dijangkau", "int"),
    "dijangkau_per_1000": ("col.per_1000", "decimal"), "rw_dikunjungi": ("col.rw_dikunjungi", "int"),
    "rw_total": ("col.rw_total", "int"), "rw_cakupan_persen": ("col.rw_cakupan", "percent"),
    "pemula_dijangkau": ("col.pemula", "int"), "disabilitas_dijangkau": ("col.disabilitas", "int"),
    "kegiatan_terakhir": ("col.terakhir", "date"),
}
st.caption(t("wilayah.kelurahan.caption", lang))
ui_tables.show(kel, kel_columns, lang, stem="jangkau-kelurahan", key="kel", height=min(420, 38 + 35 * len(kel)),
               kind="summary")

# RW grid and the list of never-visited RW (a work list for PPS). The grid only for a few kelurahan; the work
# list from its own query, so a province's view never fetches every RW it has.
st.subheader(t("wilayah.rw.title", lang))
rw_known = int(kel["rw_total"].sum())
if rw_known == 0:
    st.info(t("wilayah.rw.none", lang))
elif len(kel) > drilldown.RW_GRID_MAX_KELURAHAN:
    st.info(t("wilayah.rw.too_many", lang, n=drilldown.RW_GRID_MAX_KELURAHAN))
else:
    st.caption(t("wilayah.rw.caption", lang))
    rw = data.query(drilldown.rw_coverage, selection, scope)
    st.plotly_chart(drill_figures.rw_grid(rw, lang), config={"displaylogo": False}, key="rw_grid")
if rw_known:
    never, never_total = data.query(drilldown.unvisited_rw, selection, scope, limit=ui_tables.SCREEN_MAX_ROWS)
    rw_columns = {"kecamatan": ("col.kecamatan", "text"), "kelurahan": ("col.kelurahan", "text"),
                  "rw": ("col.rw", "int")}
    if never_total == 0:
        st.success(t("wilayah.rw.all_visited", lang))
    else:
        with st.expander(t("wilayah.rw.worklist", lang, n=fmt.number(never_total, lang))):
            every_rw = data.later(drilldown.unvisited_rw, selection, scope, limit=None)
            ui_tables.show(never, rw_columns, lang, stem="jangkau-rw-belum-dikunjungi", key="rw", height=300,
                           total=never_total, full=lambda run=every_rw: run()[0])

# Where activities took place, and by whom.
left, right = st.columns(2)
with left:
    st.subheader(t("wilayah.points.title", lang))
    points = data.query(drilldown.activity_points, selection, scope)
    if points.empty:
        st.info(t("wilayah.points.none", lang))
    else:
        names = dict(zip(types["kode"], types["nama" if lang == "id" else "nama_en"]))
        points = points.assign(jenis=points["jenis_kegiatan"].map(names))
        outline = ui_maps.boundaries(selection, scope, "kelurahan", lang)
        st.plotly_chart(map_figures.points(points, outline, lang, label_col="lokasi", color_col="jenis",
                                           size_col="kegiatan", height=420,
                                           width_px=ui_maps.map_width(map_figures.POINTS_WIDTH_PX)),
                        config={"displaylogo": False}, key="points")
        by_kelurahan = points["tingkat"].iat[0] == "kelurahan"
        st.caption(t("wilayah.points.caption_kelurahan" if by_kelurahan else "wilayah.points.caption", lang))
with right:
    parts = data.query(drilldown.breakdown, selection, scope)
    if not parts.empty:
        st.plotly_chart(drill_figures.breakdown_bars(parts, types, lang), config={"displaylogo": False},
                        key="breakdown")

# The log itself, newest first; the download holds every row of the selection.
st.subheader(t("wilayah.log.title", lang))
log, total = data.query(drilldown.activity_log, selection, scope, limit=LOG_SHOWN)
log_columns = {
    "tanggal": ("col.tanggal", "date"), "nama_jenis" if lang == "id" else "nama_jenis_en": ("col.jenis", "text"),
    "kecamatan": ("col.kecamatan", "text"), "kelurahan": ("col.kelurahan", "text"), "rw": ("col.rw", "int"),
    "lokasi": ("col.lokasi", "text"), "penyelenggara": ("col.penyelenggara", "text"),
    "jumlah_peserta": ("col.peserta", "int"), "peserta_pemula": ("col.peserta_pemula", "int"),
    "peserta_disabilitas": ("col.peserta_disabilitas", "int"), "peserta_perempuan": ("col.peserta_perempuan", "int"),
    "rumah_dikunjungi": ("col.rumah", "int"), "keterangan": ("col.keterangan", "text"),
}
if total == 0:
    st.info(t("overview.no_activity", lang))
else:
    every_activity = data.later(drilldown.activity_log, selection, scope, limit=None)
    ui_tables.show(log, log_columns, lang, stem="jangkau-log-kegiatan", key="log", height=420, total=total,
                   full=lambda run=every_activity: run()[0])
