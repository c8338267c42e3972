"""Figures of the Wilayah page: the RW coverage grid and the breakdown by type and organiser."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from analytics import fmt
from analytics.figures.base import CATEGORICAL, base_layout
from analytics.figures.figure import Figure
from analytics.i18n import t

NEVER = "#D55E00"  # vermillion: a never-visited RW must stand out, also for colour-blind readers
VISITED = ["#C6DBEF", "#6BAED6", "#2171B5", "#08306B"]


def rw_grid(rw: pd.DataFrame, lang: str) -> go.Figure:
    """One row per kelurahan, one cell per RW: vermillion where no activity was logged, blues by activity count."""
    labels = rw["kelurahan"].drop_duplicates().tolist()
    width = int(rw["rw"].max()) if len(rw) else 0
    z = np.full((len(labels), width), np.nan)
    text = np.full((len(labels), width), "", dtype=object)
    hover = np.full((len(labels), width), "", dtype=object)
    row_of = {name: i for i, name in enumerate(labels)}
    for r in rw.itertuples():
        i, j = row_of[r.kelurahan], int(r.rw) - 1
        z[i, j] = r.kegiatan
        text[i, j] = str(r.kegiatan) if r.kegiatan else "×"
        when = fmt.date(r.kegiatan_terakhir, lang) if r.kegiatan else t("rw.never", lang)
        hover[i, j] = (f"<b>{r.kelurahan} RW {int(r.rw):02d}</b><br>{t('chart.activities', lang)}: "
                       f"{fmt.number(r.kegiatan, lang)}<br>{t('rw.last', lang)}: {when}")
    top = max(float(np.nanmax(z)) if np.isfinite(z).any() else 1.0, 1.0)
    # A sharp step at zero: 0 is its own colour, anything above runs through the blues.
    edge = 0.5 / top
    scale = [[0.0, NEVER], [edge, NEVER], [edge, VISITED[0]]] + [
        [edge + (1 - edge) * (k + 1) / len(VISITED[1:]), c] for k, c in enumerate(VISITED[1:])
    ]
    fig = Figure(go.Heatmap(
        # Text as nested lists, not object arrays: see base.plain_text.
        z=z, x=[f"{n:02d}" for n in range(1, width + 1)], y=labels, text=text.tolist(), texttemplate="%{text}",
        customdata=hover.tolist(), hovertemplate="%{customdata}<extra></extra>", colorscale=scale, zmin=0, zmax=top,
        xgap=2, ygap=2, showscale=False,
    ))
    fig.update_yaxes(autorange="reversed", title=None, tickfont={"size": 12})
    fig.update_xaxes(title="RW", side="top", type="category")
    return base_layout(fig, lang, None, height=max(220, 26 * len(labels) + 90))


def breakdown_bars(frame: pd.DataFrame, types: pd.DataFrame, lang: str) -> go.Figure:
    """Horizontal bars of activities per type, split by organiser (KPU, PPK, PPS)."""
    names = dict(zip(types["kode"], types["nama" if lang == "id" else "nama_en"]))
    order = [k for k in types["kode"] if k in set(frame["jenis_kegiatan"])]
    fig = Figure()
    for i, org in enumerate(("KPU", "PPK", "PPS")):
        part = frame[frame["penyelenggara"] == org].set_index("jenis_kegiatan").reindex(order)
        counts = part["kegiatan"].fillna(0).astype(int)
        fig.add_bar(
            y=[names[k] for k in order], x=counts, name=org, orientation="h", marker_color=CATEGORICAL[i],
            customdata=[[fmt.number(c, lang), fmt.number(p, lang)] for c, p in
                        zip(counts, part["dijangkau"].fillna(0).astype(int))],
            hovertemplate=f"{org} · %{{y}}<br>{t('chart.activities', lang)}: %{{customdata[0]}}<br>"
            f"{t('kpi.reached', lang)}: %{{customdata[1]}}<extra></extra>",
        )
    fig.update_layout(barmode="stack", legend_title_text=t("sidebar.organiser", lang))
    fig.update_yaxes(autorange="reversed")
    # No axis title (the chart's title says what the bars count) and few ticks: on a phone, rotated tick labels
    # and an axis title ran into the legend below.
    fig.update_xaxes(title=None, tickformat=",d", nticks=4)
    return base_layout(fig, lang, t("wilayah.breakdown.title", lang), height=max(260, 34 * len(order) + 120))
