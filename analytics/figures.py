"""Plotly figure builders: data frames in, Figure out, with Indonesian number formats and colour-blind-safe colours."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go

from analytics import fmt
from analytics.i18n import t

# Okabe–Ito: distinguishable with the common kinds of colour blindness; grey for the ninth type.
CATEGORICAL = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000", "#999999"]
SEPARATORS = {"id": ",.", "en": ".,"}  # plotly wants "decimal, thousands"
FONT = "Source Sans Pro, Segoe UI, Roboto, sans-serif"


def base_layout(fig: go.Figure, lang: str, title: str | None = None, height: int = 380) -> go.Figure:
    """The look every Jangkau chart shares."""
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left", "font": {"size": 16}} if title else None,
        separators=SEPARATORS[lang],
        font={"family": FONT, "size": 13},
        height=height,
        margin={"l": 10, "r": 10, "t": 50 if title else 10, "b": 10},
        plot_bgcolor="white",
        paper_bgcolor="white",
        legend={"orientation": "h", "yanchor": "top", "y": -0.15, "xanchor": "left", "x": 0},
        hoverlabel={"font": {"family": FONT}},
    )
    fig.update_xaxes(showgrid=False, linecolor="#999")
    fig.update_yaxes(gridcolor="#e6e6e6", zeroline=False)
    return fig


def week_label(day: dt.date | pd.Timestamp, lang: str) -> str:
    """'Minggu 4 Nov 2024' style label for the week starting on `day`."""
    return f"{t('chart.week', lang)} {fmt.date(pd.Timestamp(day).date(), lang)}"


def date_ticks(days: pd.Series, lang: str, most: int = 10) -> dict:
    """Axis ticks with month names in the interface language (plotly's own are English only offline)."""
    days = pd.Series(pd.to_datetime(days)).drop_duplicates().sort_values()
    if days.empty:
        return {}
    step = max(1, -(-len(days) // most))
    chosen = days.iloc[::step]
    return {"tickvals": list(chosen), "ticktext": [fmt.date(d.date(), lang, "d MMM") for d in chosen]}


def weekly_activity_figure(
    weekly: pd.DataFrame, types: pd.DataFrame, election_day: dt.date, lang: str = "id"
) -> go.Figure:
    """Stacked weekly activities by type, cumulative people reached on a second axis, election day marked."""
    names = dict(zip(types["kode"], types["nama" if lang == "id" else "nama_en"]))
    fig = go.Figure()
    present = [k for k in types["kode"] if k in set(weekly["jenis_kegiatan"])]
    for i, kode in enumerate(present):
        part = weekly[weekly["jenis_kegiatan"] == kode]
        fig.add_bar(
            x=part["minggu"], y=part["kegiatan"], name=names[kode], marker_color=CATEGORICAL[i % len(CATEGORICAL)],
            customdata=[week_label(d, lang) for d in part["minggu"]],
            hovertemplate=f"{names[kode]}<br>%{{customdata}}: %{{y:,}} {t('chart.activities', lang).lower()}"
            "<extra></extra>",
        )
    per_week = weekly.groupby("minggu", as_index=False)["dijangkau"].sum().sort_values("minggu")
    fig.add_scatter(
        x=per_week["minggu"], y=per_week["dijangkau"].cumsum(), name=t("chart.cumulative", lang), yaxis="y2",
        mode="lines", line={"color": "#333333", "width": 2.5},
        customdata=[week_label(d, lang) for d in per_week["minggu"]],
        hovertemplate="%{customdata}: %{y:,}<extra>" + t("chart.cumulative", lang) + "</extra>",
    )
    fig.add_vline(x=pd.Timestamp(election_day).timestamp() * 1000, line_dash="dash", line_color="#B22222")
    fig.add_annotation(x=pd.Timestamp(election_day), y=1, yref="paper", text=t("chart.election_day", lang),
                       showarrow=False, xanchor="right", yanchor="bottom", font={"color": "#B22222"})
    fig.update_layout(
        barmode="stack",
        xaxis={"title": t("chart.week", lang), **date_ticks(per_week["minggu"], lang)},
        yaxis={"title": t("chart.activities", lang), "tickformat": ",d"},
        yaxis2={"title": t("chart.cumulative", lang), "overlaying": "y", "side": "right", "showgrid": False,
                "rangemode": "tozero", "tickformat": ",d"},
    )
    return base_layout(fig, lang, t("chart.weekly.title", lang), height=440)
