"""Maps on a plain white background (no tile server): area choropleths and capped activity points."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from analytics import fmt, geography
from analytics.figures.base import base_layout
from analytics.queries.geo import Boundaries

# Colour-blind-safe sequential scales; diverging for gaps around a target.
SEQUENTIAL = "Viridis"
DIVERGING = "RdBu"
CROWDED_AREAS = 300  # above this many areas borders are drawn thinner ...
PIXEL_AREAS = 2_000  # ... and above this many (a national map of kecamatan) not at all


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
) -> go.Figure:
    """Areas coloured by `value_col`; `values` has `kode` and `nama`; `hover` maps extra columns to labels.

    Hover text is preformatted in Python so numbers read the Indonesian way whatever the browser's locale."""
    ids = {f["id"] for f in boundaries.geojson["features"]}
    if ids and len(values) and not ids.intersection(values["kode"]):
        # Values and shapes at different levels (e.g. kelurahan values on kecamatan shapes) would draw an empty map.
        raise ValueError(f"no value matches a {boundaries.level} shape: values and shapes must be at the same level")
    frame = values.copy()
    hover = hover or {}
    # Column by column, not row by row: a national map has thousands of areas (iterrows took seconds).
    lines = [[f"<b>{name}</b>" for name in frame["nama"]],
             [f"{value_label}: {_fmt(v, lang)}" for v in frame[value_col]]]
    lines += [[f"{label}: {_fmt(v, lang)}" for v in frame[col]] for col, label in hover.items()]
    frame["_hover"] = ["<br>".join(parts) for parts in zip(*lines)]
    value = pd.to_numeric(frame[value_col], errors="coerce").astype(float)
    scale = DIVERGING if diverging else SEQUENTIAL
    colour = {"colorscale": scale,
              "colorbar": {"title": {"text": value_label, "side": "right"}, "thickness": 14, "tickformat": ",.0f"}}
    if diverging:
        bound = float(value.abs().max() or 1.0)
        colour.update(cmin=-bound, cmax=bound)
    center, zoom = (
        geography.map_view(boundaries.bounds, geography.MAP_WIDTH_PX, height) if boundaries.bounds
        else ({"lat": -2.5, "lon": 118.0}, 3.5)
    )
    # Hundreds of areas are a few pixels each and thousands about one: white borders would hide their colour.
    line_width = 1.0 if len(ids) <= CROWDED_AREAS else 0.3 if len(ids) <= PIXEL_AREAS else 0.0
    # graph_objects rather than plotly.express, and rings as arrays: plotly validates and serialises the figure
    # (Streamlit validates it once more), and for a national map that walked every coordinate pair in Python.
    fig = go.Figure()
    fig.add_trace(go.Choroplethmap(
        featureidkey="id", locations=frame["kode"].to_numpy(),
        z=value.to_numpy(), coloraxis="coloraxis", customdata=frame[["_hover"]].to_numpy(),
        hovertemplate="%{customdata[0]}<extra></extra>", marker={"opacity": 0.85, "line": {"color": "white",
                                                                                          "width": line_width}},
    ))
    # Set on the trace once it is in the figure: passed to the constructor, the geometry is deep-copied (0,5 s
    # nationally).
    fig.data[0].geojson = plotly_geojson(boundaries.geojson)
    fig.update_layout(coloraxis=colour, map={"style": "white-bg", "center": center, "zoom": zoom})
    base_layout(fig, lang, title, height=height)
    fig.update_layout(margin={"l": 0, "r": 0, "t": 40 if title else 0, "b": 0})
    return fig


def points(frame: pd.DataFrame, boundaries: Boundaries, lang: str, *, label_col: str, color_col: str,
           size_col: str | None = None, height: int = 480, width_px: int = 440) -> go.Figure:
    """Activity points over the area outlines; `frame` has lat, lon and the named columns (already capped)."""
    center, zoom = (
        geography.map_view(boundaries.bounds, width_px, height - 90)
        if boundaries.bounds else ({"lat": -2.5, "lon": 118.0}, 3.5)
    )
    fig = px.scatter_map(
        frame, lat="lat", lon="lon", color=color_col, size=size_col, hover_name=label_col,
        map_style="white-bg", center=center, zoom=zoom, size_max=14, opacity=0.8,
        color_discrete_sequence=["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
                                 "#000000", "#999999"],
    )
    # Area outlines as a layer under the points, so the dots have a place to sit.
    fig.update_layout(map_layers=[{"source": plotly_geojson(boundaries.geojson), "type": "line", "color": "#888888",
                                   "line": {"width": 1}, "below": "traces"}])
    base_layout(fig, lang, None, height=height)
    # Legend above the map: below it would cover the southern areas.
    fig.update_layout(margin={"l": 0, "r": 0, "t": 0, "b": 0}, legend_title_text="",
                      legend={"orientation": "h", "yanchor": "bottom", "y": 1.01, "x": 0})
    return fig


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
