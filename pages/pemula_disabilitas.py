"""Pemula & Disabilitas: schools still to visit, first-time and disabled voters reached, disabled voters' turnout."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from analytics import fmt
from analytics.figures import segments as charts
from analytics.i18n import t
from analytics.queries import overview, segments
from ui import auth, data, filters, layout
from ui import tables as ui_tables

lang = filters.language()
selection = filters.current()
# A second check behind the page registry: only roles that may view data get past this line.
auth.require("view:data")
scope = data.viewer_scope()
# One kecamatan, or chosen kelurahan, read better kelurahan by kelurahan than as a single bar.
level = "kelurahan" if len(selection.kecamatan) == 1 or selection.kelurahan else "kecamatan"
CHART = {"displaylogo": False}

SCHOOL_COLUMNS = {c: (f"segmen.col.{c}", kind) for c, kind in (
    ("status", "text"), ("nama", "text"), ("jenjang", "text"), ("kecamatan", "text"), ("kelurahan", "text"),
    ("rw", "int"), ("siswa_kelas_akhir", "int"), ("kunjungan", "int"), ("siswa_dijangkau", "int"),
    ("pemula_dijangkau", "int"), ("kunjungan_terakhir", "date"), ("id_sekolah", "text"),
)}
ACTIVITY_COLUMNS = {c: (f"segmen.col.{c}", kind) for c, kind in (
    ("tanggal", "date"), ("jenis", "text"), ("kecamatan", "text"), ("kelurahan", "text"), ("lokasi", "text"),
    ("penyelenggara", "text"), ("peserta", "int"), ("peserta_disabilitas", "int"),
)}


def share(part: int, whole: int | None) -> str:
    return fmt.percent(100 * part / whole, lang) if whole else "–"


def chart_title(chart: str) -> str:
    """A chart's title, written above it by Streamlit so that it wraps on a phone."""
    return t(f"segmen.chart.{chart}.title", lang, level=t(f"segmen.level.{level}", lang))


st.title(t("segmen.title", lang))
st.caption(t("segmen.tagline", lang))

# Same figures as the overview page (and the same cache entry), so the two pages never disagree.
reach = data.query(overview.overview_kpis, selection, scope, today=dt.date.today()).now
# The schools on screen (unvisited first) and the counts; the download asks for every school when clicked.
school_list, school_total, visited = data.query(segments.school_list, selection, scope,
                                                limit=ui_tables.SCREEN_MAX_ROWS)
result = data.query(segments.turnout, selection, scope)

kpi = st.columns(4)
kpi[0].metric(t("kpi.schools", lang), fmt.number(visited, lang))
kpi[0].caption(t("kpi.of_schools", lang, pct=share(visited, school_total), total=fmt.number(school_total, lang)))
kpi[1].metric(t("kpi.pemula", lang), fmt.number(reach.pemula_dijangkau, lang), help=t("segmen.kpi.reached.help", lang))
kpi[1].caption(t("kpi.of_dpt", lang, pct=share(reach.pemula_dijangkau, reach.dpt_pemula),
                 total=fmt.number(reach.dpt_pemula, lang)))
kpi[2].metric(t("kpi.disabilitas", lang), fmt.number(reach.disabilitas_dijangkau, lang),
              help=t("segmen.kpi.reached.help", lang))
kpi[2].caption(t("kpi.of_dpt", lang, pct=share(reach.disabilitas_dijangkau, reach.dpt_disabilitas),
                 total=fmt.number(reach.dpt_disabilitas, lang)))
rate = result.partisipasi_disabilitas_persen if result else None
if rate is None:
    kpi[3].metric(t("segmen.kpi.turnout", lang), "–")
    kpi[3].caption(t("segmen.kpi.turnout.none", lang))
else:
    target = result.target_disabilitas
    gap = None if target is None else rate - target
    # An ASCII minus: Streamlit reads a leading "-" as a fall and colours the delta red.
    points = None if gap is None else f"{'-' if gap < 0 else '+'}{fmt.number(abs(gap), lang, 1)}"
    kpi[3].metric(
        t("segmen.kpi.turnout", lang), fmt.percent(rate, lang),
        None if points is None else t("segmen.kpi.points", lang, points=points),
        delta_description=None if points is None else t("segmen.kpi.turnout.delta.description", lang),
    )
    notes = [t("segmen.kpi.turnout.all", lang, pct=fmt.percent(result.partisipasi_persen, lang))]
    if target is not None:
        notes.append(t("segmen.kpi.turnout.target", lang, pct=fmt.percent(target, lang, 0)))
    kpi[3].caption(" · ".join(notes))

st.subheader(t("segmen.reach.title", lang, level=t(f"segmen.level.{level}", lang)))
by_area = data.query(segments.segment_by_area, selection, scope, level)
if by_area.empty:
    st.info(t("segmen.reach.none", lang))
else:
    left, right = st.columns(2)
    left.markdown(f"**{chart_title('reach')}**")
    left.plotly_chart(charts.reach_figure(layout.chart_rows(by_area, "pemula_dijangkau_persen", level, lang, left),
                                          lang), config=CHART, key="segmen-jangkauan")
    right.markdown(f"**{chart_title('schools')}**")
    if by_area["sekolah_total"].sum() > 0:
        right.plotly_chart(charts.schools_figure(layout.chart_rows(by_area, "sekolah_cakupan_persen", level, lang,
                                                                   right), lang),
                           config=CHART, key="segmen-sekolah-grafik")
    else:
        right.info(t("segmen.schools.none", lang))
    st.caption(t("segmen.reach.note", lang))

st.subheader(t("segmen.turnout.title", lang))
if result is None:
    st.info(t("segmen.turnout.none", lang))
elif by_area["partisipasi_disabilitas_persen"].isna().all():
    st.info(t("segmen.turnout.no_disabilitas", lang))
else:
    st.markdown(f"**{chart_title('turnout')}**")
    shown = layout.chart_rows(by_area, "partisipasi_disabilitas_persen", level, lang)
    st.plotly_chart(charts.turnout_figure(shown, lang), config=CHART, key="segmen-partisipasi")
st.caption(t("segmen.note.pemula_turnout", lang))

st.subheader(t("segmen.schools.title", lang))
if school_list.empty:
    st.info(t("segmen.schools.none", lang))
else:
    st.caption(t("segmen.schools.caption", lang, unvisited=fmt.number(school_total - visited, lang),
                 total=fmt.number(school_total, lang)))
    status = {True: t("segmen.status.visited", lang), False: t("segmen.status.unvisited", lang)}

    def with_status(frame, status=status):
        return frame.assign(status=frame["dikunjungi"].map(status))

    every_school = data.later(segments.schools, selection, scope)
    ui_tables.show(with_status(school_list), SCHOOL_COLUMNS, lang, stem=t("segmen.file.schools", lang),
                   key="segmen-sekolah", total=school_total, full=lambda run=every_school: with_status(run()))

st.subheader(t("segmen.activities.title", lang))
log, log_total, meetings = data.query(segments.disability_activities, selection, scope,
                                      limit=ui_tables.SCREEN_MAX_ROWS)
if log_total == 0:
    st.info(t("segmen.activities.none", lang))
else:
    st.caption(t("segmen.activities.caption", lang, meetings=fmt.number(meetings, lang),
                 others=fmt.number(log_total - meetings, lang)))
    every = data.later(segments.disability_activities, selection, scope, limit=None)
    name_col = "jenis" if lang == "id" else "jenis_en"
    ui_tables.show(log.assign(jenis=log[name_col]), ACTIVITY_COLUMNS, lang, stem=t("segmen.file.activities", lang),
                   key="segmen-disabilitas", total=log_total,
                   full=lambda run=every: (lambda f: f.assign(jenis=f[name_col]))(run()[0]))
