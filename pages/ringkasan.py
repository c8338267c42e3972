"""Ringkasan: headline figures, the map, outreach week by week and progress towards the targets (leadership)."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from analytics import fmt, progress
from analytics.figures import participation as participation_figures
from analytics.figures import weekly as weekly_figures
from analytics.i18n import t
from analytics.queries import areas, options, overview
from ui import auth, data, filters, layout, maps
from ui import tables as ui_tables

lang = filters.language()
selection = filters.current()
# A second check behind the page registry: only roles that may view data get past this line.
auth.require("view:data")
scope = data.viewer_scope()

st.title(t("overview.title", lang))
st.caption(t("app.tagline", lang))

k = data.query(overview.overview_kpis, selection, scope, today=dt.date.today())
now, before = k.now, k.week_ago


def delta(current: int, earlier: int) -> str | None:
    change = current - earlier
    return f"{'+' if change >= 0 else '−'}{fmt.number(abs(change), lang)}" if change else None


def share(part: int, whole: int | None) -> str:
    return fmt.percent(100 * part / whole, lang) if whole else "–"


if k.as_of:
    st.caption(t("overview.as_of", lang, date=fmt.date(k.as_of, lang, "long")))
else:
    st.info(t("overview.no_activity", lang))

row1 = st.columns(4)
row1[0].metric(t("kpi.activities", lang), fmt.number(now.kegiatan, lang), delta(now.kegiatan, before.kegiatan))
row1[1].metric(t("kpi.reached", lang), fmt.number(now.dijangkau, lang), delta(now.dijangkau, before.dijangkau),
               help=t("kpi.reached.help", lang))
# The count as the value and its share as the caption, as in the row below: "207.850 / 665.000" does not fit a
# quarter of the page once a province or the country is in view.
row1[2].metric(t("kpi.rw", lang), fmt.number(now.rw_dikunjungi, lang), delta(now.rw_dikunjungi, before.rw_dikunjungi),
               help=t("kpi.rw.help", lang))
row1[2].caption(t("kpi.of_rw", lang, pct=share(now.rw_dikunjungi, now.rw_total), total=fmt.number(now.rw_total, lang)))
row1[3].metric(t("kpi.schools", lang), fmt.number(now.sekolah_dikunjungi, lang),
               delta(now.sekolah_dikunjungi, before.sekolah_dikunjungi))
row1[3].caption(t("kpi.of_schools", lang, pct=share(now.sekolah_dikunjungi, now.sekolah_total),
                  total=fmt.number(now.sekolah_total, lang)))
row2 = st.columns(4)
row2[0].metric(t("kpi.pemula", lang), fmt.number(now.pemula_dijangkau, lang),
               delta(now.pemula_dijangkau, before.pemula_dijangkau))
row2[0].caption(t("kpi.of_dpt", lang, pct=share(now.pemula_dijangkau, now.dpt_pemula),
                  total=fmt.number(now.dpt_pemula, lang)))
row2[1].metric(t("kpi.disabilitas", lang), fmt.number(now.disabilitas_dijangkau, lang),
               delta(now.disabilitas_dijangkau, before.disabilitas_dijangkau))
row2[1].caption(t("kpi.of_dpt", lang, pct=share(now.disabilitas_dijangkau, now.dpt_disabilitas),
                  total=fmt.number(now.dpt_disabilitas, lang)))
days = k.days_to_election
row2[2].metric(t("kpi.days_to" if days >= 0 else "kpi.days_since", lang), fmt.number(abs(days), lang))
row2[2].caption(t("kpi.election_on", lang, date=fmt.date(k.election_day, lang, "long")))

st.subheader(t("overview.map.title", lang))
maps.area_map(selection, scope, lang, key="ringkasan")

weekly = data.query(overview.weekly_activity, selection, scope)
if not weekly.empty:
    st.markdown(f"**{t('chart.weekly.title', lang)}**")
    st.plotly_chart(
        weekly_figures.weekly_activity_figure(weekly, data.query(options.activity_types), k.election_day, lang,
                                              titled=False),
        config={"displaylogo": False},
    )

# Progress towards each target: turnout once results are in, outreach before (analytics.progress decides).
st.subheader(t("overview.progress.title", lang))
kec = data.query(areas.area_metrics, selection, scope, "kecamatan")
segment = st.segmented_control(
    t("progress.segment", lang), list(progress.SEGMENTS), default="semua", required=True,
    format_func=lambda s: t(f"segment.{s}", lang), key="ringkasan_segmen", bind="query-params",
)
bars = layout.chart_rows(progress.segment_progress(kec, segment), "nilai_persen", "kecamatan", lang)
measure = bars["ukuran"].iloc[0] if not bars.empty else "jangkauan"
group = t(f"segment.{segment}", lang).lower()
if bars["nilai_persen"].isna().all():
    st.info(t("map.no_values", lang, measure=t(f"progress.value.{measure}", lang)))
else:
    st.plotly_chart(
        participation_figures.progress_bullet(
            bars, lang, value_name=t(f"progress.value.{measure}", lang),
            counts_name=t(f"progress.counts.{measure}", lang),
            axis_title=t(f"progress.axis.{measure}", lang, segment=group),
        ),
        config={"displaylogo": False}, key="ringkasan_kemajuan",
    )
    if bars["target_persen"].isna().all():
        st.caption(t("progress.no_target", lang))
    caption = "progress.caption.pemula" if segment == "pemula" else f"progress.caption.{measure}"
    st.caption(t(caption, lang, segment=group))

st.subheader(t("overview.table.title", lang))
st.caption(t("overview.table.caption", lang))
KEC_COLUMNS = {
    "nama": ("col.kecamatan", "text"), "dpt": ("col.dpt", "int"), "kegiatan": ("col.kegiatan", "int"),
    "dijangkau": ("col.dijangkau", "int"), "dijangkau_per_1000": ("col.per_1000", "decimal"),
    "rw_dikunjungi": ("col.rw_dikunjungi", "int"), "rw_total": ("col.rw_total", "int"),
    "rw_cakupan_persen": ("col.rw_cakupan", "percent"), "sekolah_dikunjungi": ("col.sekolah_dikunjungi", "int"),
    "sekolah_total": ("col.sekolah_total", "int"), "pemula_dijangkau_persen": ("col.pemula_persen", "percent"),
    "disabilitas_dijangkau_persen": ("col.disabilitas_persen", "percent"),
    "partisipasi_persen": ("col.partisipasi", "percent"), "target_semua": ("col.target", "percent"),
    "selisih_target_persen": ("col.selisih", "decimal"), "kegiatan_terakhir": ("col.terakhir", "date"),
}
ui_tables.show(kec, KEC_COLUMNS, lang, stem="jangkau-kecamatan", key="ringkasan_kec", kind="summary")
