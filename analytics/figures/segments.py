"""Charts of the Pemula & Disabilitas page: reach against the DPT, schools visited, turnout against the target.

The charts carry no title of their own: the page writes it above them, where it wraps on a phone (a plotly title
does not)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from analytics import fmt
from analytics.figures.base import CATEGORICAL, base_layout, plain_text
from analytics.figures.figure import Figure
from analytics.i18n import t

# Okabe–Ito colours with one meaning each across the page's charts.
PEMULA = CATEGORICAL[0]  # blue
DISABILITAS = CATEGORICAL[1]  # orange
VISITED = CATEGORICAL[2]  # bluish green
UNVISITED = CATEGORICAL[5]  # vermilion: the schools still to visit stand out
ALL_VOTERS = CATEGORICAL[8]  # grey: the reference group
TARGET = "#000000"


def _height(rows: int, bars_per_row: int) -> int:
    """Bars thick enough to hold their label: the chart grows with the number of areas."""
    return 110 + rows * max(40, 28 * bars_per_row)


def _layout(fig: go.Figure, lang: str, rows: int, bars_per_row: int, x_title: str) -> go.Figure:
    base_layout(fig, lang, None, height=_height(rows, bars_per_row))
    # Legend above the bars: below them it collides with the axis title; on a phone it wraps into the top margin.
    fig.update_layout(
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "xanchor": "left", "x": 0,
                "traceorder": "normal"},
        margin={"l": 10, "r": 20, "t": 10, "b": 10},
        bargap=0.25,
    )
    # Labels keep their size (plotly would shrink them to fit inside a bar); too long for the bar, they go outside.
    fig.update_traces(textfont_size=12, constraintext="none", selector={"type": "bar"})
    fig.update_yaxes(autorange="reversed", gridcolor=None, showgrid=False, automargin=True)
    fig.update_xaxes(title=x_title, showgrid=True, gridcolor="#e6e6e6", rangemode="tozero", automargin=True)
    return fig


def _num(value: object, lang: str) -> str:
    return "–" if value is None or pd.isna(value) else fmt.number(int(value), lang)


def _pct(value: object, lang: str) -> str:
    return "–" if value is None or pd.isna(value) else fmt.percent(float(value), lang)


def reach_figure(by_area: pd.DataFrame, lang: str) -> go.Figure:
    """Per area, first-time and disabled voters reached as % of their number in the DPT (counts in the hover)."""
    fig = Figure()
    for segment, colour in (("pemula", PEMULA), ("disabilitas", DISABILITAS)):
        name = t(f"segment.{segment}", lang)
        reached, dpt, share = f"{segment}_dijangkau", f"dpt_{segment}", f"{segment}_dijangkau_persen"
        fig.add_bar(
            y=plain_text(by_area["nama"]), x=by_area[share].astype(float).to_numpy(), orientation="h", name=name,
            marker_color=colour,
            text=[_pct(v, lang) for v in by_area[share]], textposition="auto", insidetextanchor="end",
            cliponaxis=False,
            customdata=[
                t("segmen.chart.reach.hover", lang, area=r["nama"], segment=name, reached=_num(r[reached], lang),
                  total=_num(r[dpt], lang), pct=_pct(r[share], lang))
                for _, r in by_area.iterrows()
            ],
            hovertemplate="%{customdata}<extra></extra>",
        )
    fig.update_layout(barmode="group")
    fig.update_xaxes(ticksuffix=" %")
    return _layout(fig, lang, len(by_area), 2, t("segmen.chart.reach.axis", lang))


def schools_figure(by_area: pd.DataFrame, lang: str) -> go.Figure:
    """Per area, schools visited and not yet visited, stacked."""
    fig = Figure()
    for col, key, colour in (("sekolah_dikunjungi", "visited", VISITED), ("sekolah_belum", "unvisited", UNVISITED)):
        name = t(f"segmen.chart.schools.{key}", lang)
        fig.add_bar(
            y=plain_text(by_area["nama"]), x=by_area[col].astype(float).to_numpy(), orientation="h", name=name,
            marker_color=colour,
            text=[_num(v, lang) if v else "" for v in by_area[col]], textposition="inside",
            insidetextanchor="middle",
            customdata=[
                t("segmen.chart.schools.hover", lang, area=r["nama"], status=name, count=_num(r[col], lang),
                  total=_num(r["sekolah_total"], lang))
                for _, r in by_area.iterrows()
            ],
            hovertemplate="%{customdata}<extra></extra>",
        )
    fig.update_layout(barmode="stack")
    fig.update_xaxes(tickformat=",d")
    return _layout(fig, lang, len(by_area), 1, t("segmen.chart.schools.axis", lang))


def turnout_figure(by_area: pd.DataFrame, lang: str) -> go.Figure:
    """Per area, turnout of voters with disabilities next to all voters, with the disabilitas target marked."""
    fig = Figure()
    series = (
        ("disabilitas", "partisipasi_disabilitas_persen", "memilih_disabilitas", "terdaftar_disabilitas", DISABILITAS),
        ("semua", "partisipasi_persen", "memilih", "terdaftar", ALL_VOTERS),
    )
    for segment, rate, voted, registered, colour in series:
        name = t(f"segment.{segment}", lang)
        fig.add_bar(
            y=plain_text(by_area["nama"]), x=by_area[rate].astype(float).to_numpy(), orientation="h", name=name,
            marker_color=colour,
            text=[_pct(v, lang) for v in by_area[rate]], textposition="auto", insidetextanchor="end",
            cliponaxis=False,
            customdata=[
                t("segmen.chart.turnout.hover", lang, area=r["nama"], segment=name, pct=_pct(r[rate], lang),
                  voted=_num(r[voted], lang), registered=_num(r[registered], lang))
                for _, r in by_area.iterrows()
            ],
            hovertemplate="%{customdata}<extra></extra>",
        )
    _add_target(fig, by_area, lang)
    fig.update_layout(barmode="group")
    fig.update_xaxes(ticksuffix=" %", range=[0, 105])
    return _layout(fig, lang, len(by_area), 2, t("segmen.chart.turnout.axis", lang))


def _add_target(fig: go.Figure, by_area: pd.DataFrame, lang: str) -> None:
    """One dashed line when every area shares the target; a tick per area when targets differ."""
    targets = by_area["target_disabilitas"].dropna().astype(float)
    if targets.empty:
        return
    if targets.nunique() == 1:
        value = float(targets.iloc[0])
        label = t("segmen.chart.target", lang, value=fmt.percent(value, lang, 0))
        fig.add_vline(x=value, line_dash="dash", line_color=TARGET, line_width=1.5)
        # An empty trace puts the line in the legend, where it explains itself on a phone too.
        fig.add_scatter(x=[None], y=[None], mode="lines", name=label,
                        line={"color": TARGET, "dash": "dash", "width": 1.5}, hoverinfo="skip")
        return
    shown = by_area[by_area["target_disabilitas"].notna()]
    fig.add_scatter(
        y=plain_text(shown["nama"]), x=shown["target_disabilitas"].astype(float).to_numpy(), mode="markers",
        name=t("segmen.chart.target_each", lang),
        marker={"symbol": "line-ns-open", "size": 22, "line": {"width": 2.5, "color": TARGET}},
        customdata=[fmt.percent(float(v), lang, 0) for v in shown["target_disabilitas"]],
        hovertemplate="%{y}: %{customdata}<extra></extra>",
    )
