"""The look every Jangkau chart shares: colours, fonts, Indonesian number and date formats."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
import plotly.graph_objects as go

from analytics import fmt

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


def plain_text(values: Iterable) -> list[str]:
    """Text for a trace (names, codes, hover lines) as a list of str.

    Plotly hands a figure to its JSON writer (orjson) whole when every array in it is numeric or a list; a single
    numpy array of dtype object (what a pandas text column becomes) makes it walk every value of the figure in
    Python instead, every coordinate pair of a national map included (~0,2 s of each page run)."""
    return [str(v) for v in values]


def date_ticks(days: pd.Series, lang: str, most: int = 10) -> dict:
    """Axis ticks with month names in the interface language (plotly's own are English only offline)."""
    days = pd.Series(pd.to_datetime(days)).drop_duplicates().sort_values()
    if days.empty:
        return {}
    step = max(1, -(-len(days) // most))
    chosen = days.iloc[::step]
    # Dates, not pandas Timestamps, for the same reason as plain_text.
    return {"tickvals": [d.date() for d in chosen], "ticktext": [fmt.date(d.date(), lang, "d MMM") for d in chosen]}


# Bars per area chart at most: beyond a few dozen areas (a province has hundreds of kecamatan, the country 7.000)
# bars are unreadable and the figure takes seconds to build and draw.
MAX_BARS = 40


def furthest_behind(frame: pd.DataFrame, column: str, most: int = MAX_BARS) -> pd.DataFrame:
    """The `most` rows with the lowest `column` (unknown values last), in their original order; all rows if fewer."""
    if len(frame) <= most:
        return frame
    keep = frame[column].astype("Float64").sort_values(na_position="last", kind="stable").index[:most]
    return frame.loc[frame.index.isin(keep)]
