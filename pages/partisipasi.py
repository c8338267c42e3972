"""Partisipasi: turnout after election day against targets, earlier elections and the outreach each area received."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics import fmt
from analytics.figures import participation as figures
from analytics.i18n import t
from analytics.queries import areas, options, participation
from ui import auth, data, filters, layout, maps
from ui import tables as ui_tables

CHART = {"displaylogo": False, "scrollZoom": False}
MAP_MEASURES = ("partisipasi_persen", "selisih_target_persen")

lang = filters.language()
selection = filters.current()
# A second check behind the page registry: only roles that may view data get past this line.
auth.require("view:data")
scope = data.viewer_scope()
names = {e.kode: e.nama for e in data.query(options.elections)}


def segment_caption(rate: float | None, target: float | None) -> str:
    if target is None:
        return t("partisipasi.kpi.no_target", lang)
    gap = None if rate is None else rate - target
    return t("partisipasi.kpi.segment_target", lang, target=fmt.percent(target, lang, 0), gap=figures.points(gap, lang))


def headline(s: participation.TurnoutSummary) -> None:
    """Five tiles: turnout, target, gap, women's and disabled voters' turnout."""
    cols = st.columns(5)
    cols[0].metric(t("partisipasi.kpi.turnout", lang), fmt.percent(s.partisipasi_persen, lang))
    cols[1].metric(t("partisipasi.kpi.target", lang), fmt.percent(s.target_persen, lang, 0) if s.target_persen
                   else "–", help=t("partisipasi.kpi.target.help", lang))
    cols[2].metric(t("partisipasi.kpi.gap", lang), figures.signed(s.selisih_poin, lang))
    cols[3].metric(t("partisipasi.kpi.women", lang), fmt.percent(s.partisipasi_perempuan_persen, lang))
    cols[3].caption(segment_caption(s.partisipasi_perempuan_persen, s.target_perempuan))
    cols[4].metric(t("partisipasi.kpi.disabled", lang), fmt.percent(s.partisipasi_disabilitas_persen, lang))
    cols[4].caption(segment_caption(s.partisipasi_disabilitas_persen, s.target_disabilitas))
    st.caption(t("partisipasi.kpi.counts", lang, memilih=fmt.number(s.memilih, lang),
                 terdaftar=fmt.number(s.terdaftar, lang), tps=fmt.number(s.jumlah_tps, lang)))


# Fragments: choosing another measure (or election to compare with) reruns that section alone, not the whole page.
@st.fragment
def turnout_map(values: pd.DataFrame, level: str) -> None:
    measure = st.selectbox(
        t("map.metric", lang), list(MAP_MEASURES), format_func=lambda v: t(f"metric.{v}", lang),
        key="partisipasi_ukuran", bind="query-params",
    )
    shapes = maps.boundaries(selection, scope, level, lang)
    if shapes.level != level:
        # Too many kelurahan for one map: the shapes are kecamatan, so the values must be too.
        values = data.query(areas.area_metrics, selection, scope, shapes.level)
    hover = {"partisipasi_persen": t("metric.partisipasi_persen", lang), "target_semua": t("metric.target_semua", lang),
             "memilih": t("partisipasi.col.memilih", lang), "terdaftar": t("partisipasi.col.terdaftar", lang)}
    hover.pop(measure, None)
    fig = figures.turnout_map(values, shapes, measure, lang, hover=hover, width_px=maps.map_width())
    st.plotly_chart(fig, config=CHART, key="partisipasi_peta")
    if shapes.approximate:
        st.caption(t("map.approximate", lang))


@st.fragment
def change_section(level: str) -> None:
    st.subheader(t("partisipasi.change.title", lang))
    others = data.query(participation.other_elections, selection, scope)
    if others.empty:
        st.info(t("partisipasi.change.none", lang))
        return
    codes = list(others["kode"])
    if st.session_state.get("partisipasi_banding") not in codes:
        st.session_state.pop("partisipasi_banding", None)
    earlier = st.selectbox(t("partisipasi.change.pick", lang), codes, format_func=names.get,
                           key="partisipasi_banding", bind="query-params")
    change = data.query(participation.turnout_change, selection, scope, level, earlier)
    change = layout.chart_rows(change, "perubahan_poin", level, lang)
    st.plotly_chart(figures.dumbbell(change, names[earlier], names[selection.pemilihan], lang), config=CHART)
    st.caption(t("partisipasi.change.caption", lang, earlier=names[earlier], current=names[selection.pemilihan]))


def scatter_section() -> None:
    st.subheader(t("partisipasi.scatter.title", lang))
    frame = data.query(participation.outreach_vs_turnout, selection, scope)
    stats = participation.correlation(frame["dijangkau_per_1000"], frame["partisipasi_persen"])
    if stats["n"] < 4:
        st.info(t("partisipasi.scatter.too_few", lang, n=fmt.number(stats["n"], lang)))
        return
    if not (pd.to_numeric(frame["dijangkau"]).fillna(0) > 0).any():
        st.info(t("partisipasi.scatter.no_reach", lang))
        return
    st.plotly_chart(figures.reach_scatter(frame, stats, lang), config=CHART)
    st.caption(t("partisipasi.scatter.caption", lang))
    st.info(t("partisipasi.scatter.caution", lang), icon=":material/lightbulb:")


# TPS table: column → (header key, kind); the screen leaves out the target (the same for most TPS, and its gap is
# shown), the downloads keep everything as raw numbers.
TPS_SHOWN = {
    "kecamatan": ("partisipasi.col.kecamatan", "text"), "kelurahan": ("partisipasi.col.kelurahan", "text"),
    "nomor_tps": ("partisipasi.col.tps", "int"), "terdaftar": ("partisipasi.col.terdaftar", "int"),
    "memilih": ("partisipasi.col.memilih", "int"), "partisipasi_persen": ("partisipasi.col.partisipasi", "decimal"),
    "selisih_target_poin": ("partisipasi.col.selisih", "decimal"),
    "partisipasi_perempuan_persen": ("partisipasi.col.partisipasi_perempuan", "decimal"),
    "partisipasi_disabilitas_persen": ("partisipasi.col.partisipasi_disabilitas", "decimal"),
}
TPS_DOWNLOAD = {
    **{c: TPS_SHOWN[c] for c in ("kecamatan", "kelurahan", "nomor_tps", "terdaftar", "memilih", "partisipasi_persen")},
    "target_semua": ("partisipasi.col.target", "decimal"), "selisih_target_poin": TPS_SHOWN["selisih_target_poin"],
    **{c: (f"partisipasi.col.{c}", "int") for c in ("terdaftar_perempuan", "memilih_perempuan")},
    "partisipasi_perempuan_persen": TPS_SHOWN["partisipasi_perempuan_persen"],
    **{c: (f"partisipasi.col.{c}", "int") for c in ("terdaftar_disabilitas", "memilih_disabilitas")},
    "partisipasi_disabilitas_persen": TPS_SHOWN["partisipasi_disabilitas_persen"],
}


def tps_table() -> None:
    st.subheader(t("partisipasi.tps.title", lang))
    tps, total = data.query(participation.lowest_tps, selection, scope, limit=ui_tables.SCREEN_MAX_ROWS)
    st.caption(t("partisipasi.tps.caption", lang, n=fmt.number(total, lang)))
    every = data.later(participation.lowest_tps, selection, scope, limit=None)
    ui_tables.show(tps, TPS_SHOWN, lang, stem=f"partisipasi-tps-{selection.pemilihan}", key="partisipasi_tps",
                   height=420, download_columns=TPS_DOWNLOAD, total=total, full=lambda run=every: run()[0])


st.title(t("partisipasi.title", lang))
st.caption(t("partisipasi.tagline", lang))

summary = data.query(participation.turnout_summary, selection, scope)
if not summary.has_results:
    st.info(t("partisipasi.no_results", lang, election=names[selection.pemilihan]), icon=":material/info:")
    st.stop()
headline(summary)

if selection.kelurahan:
    # A kecamatan row would hold only the chosen kelurahan yet carry the whole kecamatan's name.
    level = "kelurahan"
else:
    level = st.segmented_control(
        t("partisipasi.level", lang), ["kecamatan", "kelurahan"], default="kecamatan", required=True,
        format_func=lambda v: t(f"level.{v}", lang), key="partisipasi_tingkat", bind="query-params",
    )
values = data.query(areas.area_metrics, selection, scope, level)

st.subheader(t("partisipasi.map.title", lang))
turnout_map(values, level)

st.subheader(t("partisipasi.bullet.title", lang))
st.plotly_chart(figures.bullet(layout.chart_rows(values, "partisipasi_persen", level, lang), lang), config=CHART)
st.caption(t("partisipasi.bullet.caption", lang))

change_section(level)
scatter_section()

st.subheader(t("partisipasi.gaps.title", lang))
gaps = layout.chart_rows(data.query(participation.turnout_gaps, selection, scope, level), "selisih_perempuan_poin",
                         level, lang)
st.plotly_chart(figures.gaps(gaps, lang), config=CHART)
st.caption(t("partisipasi.gaps.caption", lang))

tps_table()
