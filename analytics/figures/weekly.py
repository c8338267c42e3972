"""Outreach week by week: stacked activities by type, cumulative people reached, election day marked."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go

from analytics import fmt
from analytics.figures.base import CATEGORICAL, base_layout, date_ticks
from analytics.figures.figure import Figure
from analytics.i18n import t


def week_label(day: dt.date | pd.Timestamp, lang: str) -> str:
    """'Minggu 4 Nov 2024' style label for the week starting on `day`."""
    return f"{t('chart.week', lang)} {fmt.date(pd.Timestamp(day).date(), lang)}"


def weekly_activity_figure(
    weekly: pd.DataFrame, types: pd.DataFrame, election_day: dt.date, lang: str = "id", *, titled: bool = True
) -> go.Figure:
    """Stacked weekly activities by type, cumulative people reached on a second axis, election day marked.

    `titled=False` leaves the title to the page, where it can wrap on a phone (a plotly title cannot)."""
    names = dict(zip(types["kode"], types["nama" if lang == "id" else "nama_en"]))
    fig = Figure()
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
    fig.add_annotation(x=election_day, y=1, yref="paper", text=t("chart.election_day", lang),
                       showarrow=False, xanchor="right", yanchor="bottom", font={"color": "#B22222"})
    fig.update_layout(
        barmode="stack",
        # No axis title: dates speak for themselves, and on a phone the title collided with the legend below.
        xaxis={"tickangle": 0, **month_ticks(per_week["minggu"], lang)},
        yaxis={"title": t("chart.activities", lang), "tickformat": ",d"},
        yaxis2={"title": t("chart.cumulative", lang), "overlaying": "y", "side": "right", "showgrid": False,
                "rangemode": "tozero", "tickformat": ",d"},
    )
    fig = base_layout(fig, lang, t("chart.weekly.title", lang) if titled else None, height=440)
    # Room above the plot for the election-day label.
    fig.update_layout(margin={"t": max(fig.layout.margin.t, 30)})
    return fig


def month_ticks(weeks: pd.Series, lang: str) -> dict:
    """One tick per month, at its first week, labelled with the short month name: short enough for a phone."""
    weeks = pd.Series(pd.to_datetime(weeks)).drop_duplicates().sort_values()
    if weeks.empty:
        return {}
    firsts = weeks[weeks.dt.to_period("M") != weeks.dt.to_period("M").shift()]
    if len(firsts) < 3:  # a short period: label weeks instead
        return date_ticks(weeks, lang, most=6)
    # Dates, not pandas Timestamps: see base.plain_text.
    return {"tickvals": [d.date() for d in firsts], "ticktext": [fmt.date(d.date(), lang, "MMM") for d in firsts]}
