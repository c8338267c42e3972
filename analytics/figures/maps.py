"""Maps on a plain white background (no tile server): area choropleths and capped activity points."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from analytics import fmt, geography, tables
from analytics.figures.base import CATEGORICAL, base_layout, plain_text
from analytics.figures.figure import Figure
from analytics.i18n import t
from analytics.queries.geo import Boundaries

# Colour-blind-safe sequential scales; diverging for gaps around a target.
SEQUENTIAL = "Viridis"
DIVERGING = "RdBu"
CROWDED_AREAS = 300  # above this many areas borders are drawn thinner ...
PIXEL_AREAS = 2_000  # ... and above this many (a national map of kecamatan) not at all
# Activity points: Okabe–Ito colours per type, and the largest marker's diameter in pixels.
POINT_COLOURS = CATEGORICAL
POINT_SIZE_MAX = 14
# A few areas far from the rest (a kecamatan with a big market, whose visitors live elsewhere; a TPS area with a
# re-vote) would stretch the colour scale until every other area shares one colour. An end of the scale stops at the
# 5th or 95th percentile when the last 5 % of values beyond it would take more of the scale than the 45 % between it
# and the median; the colour bar then reads "≥ …" (or "≤ …") there, and the hover still gives each area's own value.
CAP_PERCENTILE = 95
# The activity map shares a row with a chart (half the page): the width its view is framed for.
POINTS_WIDTH_PX = 440
# A choropleth's colour bar: beside the map it takes about this much of the figure's width; maps narrower than
# NARROW_MAP_PX (a phone's) put it under the map instead, in a bottom margin of COLOUR_BAR_BELOW_PX.
COLOUR_BAR_PX = 100
NARROW_MAP_PX = 500
COLOUR_BAR_BELOW_PX = 70
# A horizontal legend's entry: ~40 px for the dot and gaps plus ~7 px per character (13 px font); rows ~19 px apart.
LEGEND_ITEM_PX = 40
LEGEND_CHAR_PX = 7
LEGEND_ROW_PX = 19
LEGEND_PAD_PX = 12


def choropleth(
    values: pd.DataFrame,
    boundaries: Boundaries,
    value_col: str,
    value_label: str,
    lang: str,
    *,
    hover: dict[str, str] | None = None,
    diverging: bool = False,
    title: str | None = None,
    height: int = 480,
    width_px: int = geography.MAP_WIDTH_PX,
) -> go.Figure:
    """Areas coloured by `value_col`; `values` has `kode` and `nama`; `hover` maps extra columns to labels. The
    view is framed for a map `width_px` wide (the figure itself fills its container).

    Hover text is preformatted in Python so numbers read the Indonesian way whatever the browser's locale."""
    ids = {f["id"] for f in boundaries.geojson["features"]}
    if ids and len(values) and not ids.intersection(values["kode"]):
        # Values and shapes at different levels (e.g. kelurahan values on kecamatan shapes) would draw an empty map.
        raise ValueError(f"no value matches a {boundaries.level} shape: values and shapes must be at the same level")
    frame = values
    hover = hover or {}
    # Column by column, not row by row: a national map has thousands of areas (iterrows took seconds); each column
    # read as Python values and each distinct value written once (tables.written).
    def column(col: str) -> list[str]:
        return tables.written(frame[col], lambda v: _fmt(v, lang))

    lines = [[f"<b>{name}</b>" for name in frame["nama"].tolist()],
             [f"{value_label}: {text}" for text in column(value_col)]]
    lines += [[f"{label}: {text}" for text in column(col)] for col, label in hover.items()]
    hover_text = ["<br>".join(parts) for parts in zip(*lines)]
    value = pd.to_numeric(frame[value_col], errors="coerce").astype(float)
    scale = DIVERGING if diverging else SEQUENTIAL
    # Beside the map it takes ~100 px of the width (framed for below); on a narrow map it lies under it instead.
    narrow = width_px < NARROW_MAP_PX
    bar = ({"orientation": "h", "x": 0.5, "xanchor": "center", "y": 0, "yanchor": "top", "len": 0.95,
            "title": {"text": value_label, "side": "top"}} if narrow
           else {"title": {"text": value_label, "side": "right"}})
    colour = {"colorscale": scale, "colorbar": {**bar, "thickness": 14, "tickformat": ",.0f"}}
    scale_range = colour_range(value.to_numpy(), diverging, lang)
    colour["colorbar"].update(scale_range.pop("colorbar", {}))
    colour.update(scale_range)
    center, zoom = (
        geography.map_view(boundaries.bounds, width_px if narrow else width_px - COLOUR_BAR_PX,
                           height - COLOUR_BAR_BELOW_PX if narrow else height) if boundaries.bounds
        else ({"lat": -2.5, "lon": 118.0}, 3.5)
    )
    # Hundreds of areas are a few pixels each and thousands about one: white borders would hide their colour.
    line_width = 1.0 if len(ids) <= CROWDED_AREAS else 0.3 if len(ids) <= PIXEL_AREAS else 0.0
    # graph_objects rather than plotly.express, rings as arrays and text as lists: plotly validates and serialises
    # the figure (Streamlit validates it once more); one text array (numpy, dtype object) and plotly's JSON writer
    # walks every value of the figure, every coordinate pair of a national map, in Python (see base.plain_text).
    fig = Figure()
    fig.add_trace(go.Choroplethmap(
        featureidkey="id", z=value.to_numpy(), coloraxis="coloraxis", hovertemplate="%{customdata}<extra></extra>",
        marker={"opacity": 0.85, "line": {"color": "white", "width": line_width}},
    ))
    # Codes and hover text (one str per area) given as they are: see Figure.set_unchecked.
    fig.set_unchecked(0, locations=[str(code) for code in frame["kode"].tolist()], customdata=hover_text)
    # Set on the trace once it is in the figure: passed to the constructor, the geometry is deep-copied (0,5 s
    # nationally).
    fig.data[0].geojson = plotly_geojson(boundaries.geojson)
    fig.update_layout(coloraxis=colour, map={"style": "white-bg", "center": center, "zoom": zoom})
    base_layout(fig, lang, title, height=height)
    fig.update_layout(margin={"l": 0, "r": 0, "t": 40 if title else 0, "b": COLOUR_BAR_BELOW_PX if narrow else 0})
    return fig


def points(frame: pd.DataFrame, boundaries: Boundaries, lang: str, *, label_col: str, color_col: str,
           size_col: str | None = None, height: int = 480, width_px: int = POINTS_WIDTH_PX) -> go.Figure:
    """Activity points over the area outlines; `frame` has lat, lon and the named columns (already capped).

    One trace per `color_col` value, in order of first appearance; marker area grows with `size_col`."""
    names = [str(name) for name in frame[color_col].drop_duplicates()] if len(frame) else []
    center, zoom = (
        geography.map_view(boundaries.bounds, width_px, height - legend_height(names, width_px))
        if boundaries.bounds else ({"lat": -2.5, "lon": 118.0}, 3.5)
    )
    fig = Figure()
    # Marker area in proportion to the count, the largest POINT_SIZE_MAX pixels across (plotly express's rule),
    # and at least 3 pixels: one activity beside a busy market would otherwise be invisible.
    top = float(pd.to_numeric(frame[size_col]).max()) if size_col and len(frame) else 0.0
    size_label = t("chart.activities", lang)
    for i, (name, part) in enumerate(frame.groupby(color_col, sort=False)):
        marker: dict = {"color": POINT_COLOURS[i % len(POINT_COLOURS)], "opacity": 0.8}
        hover = f"<b>%{{hovertext}}</b><br>{name}"
        if size_col and top > 0:
            marker.update(size=part[size_col].to_numpy(dtype=float), sizemode="area",
                          sizeref=2.0 * top / POINT_SIZE_MAX**2, sizemin=3)
            hover += f"<br>{size_label}: %{{marker.size:,}}"
        # Text as lists and numbers as float arrays: see base.plain_text.
        fig.add_trace(go.Scattermap(
            lat=part["lat"].to_numpy(dtype=float), lon=part["lon"].to_numpy(dtype=float), mode="markers",
            name=str(name), hovertext=plain_text(part[label_col]), marker=marker,
            hovertemplate=hover + "<extra></extra>",
        ))
    fig.update_layout(map={"style": "white-bg", "center": center, "zoom": zoom})
    # Area outlines as a layer under the points, so the dots have a place to sit.
    fig.update_layout(map_layers=[{"source": {"type": "FeatureCollection", "features": []}, "type": "line",
                                   "color": "#888888", "line": {"width": 1}, "below": "traces"}])
    fig.set_map_layer_source(0, plotly_geojson(boundaries.geojson))
    base_layout(fig, lang, None, height=height)
    # Legend above the map: below it would cover the southern areas; its dots one size (as plotly express draws
    # them), not the smallest marker of each type.
    fig.update_layout(margin={"l": 0, "r": 0, "t": 0, "b": 0}, legend_title_text="",
                      legend={"orientation": "h", "yanchor": "bottom", "y": 1.01, "x": 0, "itemsizing": "constant"})
    return fig


def legend_height(names: list[str], width_px: int) -> int:
    """About how many pixels a horizontal legend of these entries takes above a map `width_px` wide, so that the
    map is framed for what is left of the figure's height. Plotly puts the entries in one row when they fit, else
    in columns as wide as the widest entry (one per row on a phone)."""
    widths = [LEGEND_ITEM_PX + LEGEND_CHAR_PX * len(name) for name in names]
    if sum(widths) <= width_px:
        rows = 1
    else:
        rows = math.ceil(len(widths) / max(1, width_px // max(widths)))
    return LEGEND_ROW_PX * rows + LEGEND_PAD_PX


def colour_range(values: np.ndarray, diverging: bool, lang: str) -> dict:
    """cmin/cmax for the colour axis (symmetric about 0 when `diverging`), with an end stopped at a percentile where
    a few outliers would stretch the scale, and colour-bar ticks that say so ("≥ 1.200"); {} when the data's own
    range serves (plotly's default)."""
    finite = values[np.isfinite(values)]
    if diverging:
        size = np.abs(finite)
        top = float(size.max()) if len(size) else 0.0
        cut = _cut(size, CAP_PERCENTILE, top) if len(size) else top
        bound = cut if cut > 0 else top  # most areas exactly on 0: nothing to stop at
        out: dict = {"cmin": -(bound or 1.0), "cmax": bound or 1.0}
        if bound < top:
            out["colorbar"] = _capped_ticks(-bound, bound, lang, below=float(finite.min()) < -bound, above=True)
        return out
    if not len(finite):
        return {}
    low, high = float(finite.min()), float(finite.max())
    cut_low, cut_high = _cut(finite, 100 - CAP_PERCENTILE, low), _cut(finite, CAP_PERCENTILE, high)
    if (cut_low, cut_high) == (low, high) or not cut_low < cut_high:
        return {}
    return {"cmin": cut_low, "cmax": cut_high,
            "colorbar": _capped_ticks(cut_low, cut_high, lang, below=cut_low > low, above=cut_high < high)}


def _cut(values: np.ndarray, percentile: float, end: float) -> float:
    # The percentile when the values beyond it span more than those between it and the median; else the end.
    cut, median = np.percentile(values, [percentile, 50])
    return float(cut) if abs(end - cut) > abs(cut - median) else end


def _capped_ticks(low: float, high: float, lang: str, *, below: bool, above: bool) -> dict:
    """Round ticks between `low` and `high` and at both ends, the ends reading "≤ low" and "≥ high" where values lie
    beyond them, formatted the Indonesian way; plotly's own ticks cannot carry the sign."""
    step = _round_step((high - low) / 5)
    decimals = 0 if step >= 1 else 1 if step >= 0.1 else 2
    values = [v for v in np.arange(np.ceil(low / step) * step, high, step)
              if v - low > 0.5 * step and high - v > 0.5 * step]
    # The ends are percentiles, not round numbers: under 100 they keep a decimal (turnout "≥ 72,4 %").
    ends = [max(decimals, 1) if abs(v) < 100 else decimals for v in (low, high)]
    ticks = [(low, ("≤ " if below else "") + fmt.number(low, lang, ends[0])),
             *[(float(v), fmt.number(float(v), lang, decimals)) for v in values],
             (high, ("≥ " if above else "") + fmt.number(high, lang, ends[1]))]
    return {"tickmode": "array", "tickvals": [v for v, _ in ticks], "ticktext": [text for _, text in ticks]}


def _round_step(raw: float) -> float:
    # 1, 2 or 5 times a power of ten: the smallest not under `raw`.
    power = 10.0 ** np.floor(np.log10(raw))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw)


def plotly_geojson(collection: dict) -> dict:
    """The same FeatureCollection with each ring's coordinates as one array: plotly and Streamlit then hand the
    arrays to the JSON writer whole instead of checking every coordinate pair in Python (twice as fast nationally)."""
    def rings(geometry: dict) -> dict:
        coordinates = geometry["coordinates"]
        if geometry["type"] == "Polygon":
            coordinates = [np.asarray(ring, dtype=float) for ring in coordinates]
        elif geometry["type"] == "MultiPolygon":
            coordinates = [[np.asarray(ring, dtype=float) for ring in polygon] for polygon in coordinates]
        return {**geometry, "coordinates": coordinates}

    return {**collection, "features": [{**f, "geometry": rings(f["geometry"])} if f.get("geometry") else f
                                       for f in collection["features"]]}


def _fmt(value, lang: str) -> str:
    # Concrete types, not the numbers ABCs: this runs for every area and column of a national map.
    if value is None or value is pd.NA:
        return "–"
    if isinstance(value, (int, np.integer)):
        return fmt.number(value, lang)
    if isinstance(value, (float, np.floating)):
        if np.isnan(value):
            return "–"
        return fmt.number(value, lang, decimals=0 if float(value).is_integer() else 1)
    return str(value)
