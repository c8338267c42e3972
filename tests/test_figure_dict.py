"""Figures hand Streamlit the same dict as plotly's to_dict, without its deep copy, and stay unchanged."""

from __future__ import annotations

import json

import numpy as np
import pytest
import plotly.graph_objects as go
import plotly.io as pio

from analytics.figures import maps
from analytics.figures import participation as figures
from analytics.figures.figure import Figure
from analytics.filters import Filters, Scope
from analytics.queries import areas, geo, participation

VIEW = (Filters(pemilihan="pilkada2024"), Scope.everything())


def _built(con) -> list[go.Figure]:
    values = areas.area_metrics(con, *VIEW, "kelurahan")
    shapes = geo.boundaries(con, *VIEW, "kelurahan")
    frame = participation.outreach_vs_turnout(con, *VIEW)
    stats = participation.correlation(frame["dijangkau_per_1000"], frame["partisipasi_persen"])
    return [figures.turnout_map(values, shapes, "partisipasi_persen", "id", hover={"memilih": "Memilih"}),
            figures.reach_scatter(frame, stats, "id")]


def test_the_dict_is_plotly_s_own_and_the_figure_is_left_as_it_was(sample_con):
    built = _built(sample_con)
    # A large numeric array is what plotly turns into base64: it must be converted in the dict, not in the figure.
    dense = Figure(go.Scattergl(x=np.arange(5_000, dtype=float), y=np.linspace(0, 1, 5_000),
                                customdata=np.array(["a"] * 5_000, dtype=object),
                                marker={"color": np.arange(5_000) % 7, "size": 4}))
    for fig in [*built, dense]:
        assert isinstance(fig, Figure)
        ours, plotly_s = fig.to_dict(), go.Figure.to_dict(fig)
        assert pio.to_json(ours, validate=False) == pio.to_json(plotly_s, validate=False)
        assert pio.to_json(fig.to_dict(), validate=False) == pio.to_json(ours, validate=False)
    assert isinstance(dense.data[0].x, np.ndarray) and dense.data[0].x[4_999] == 4_999.0
    assert isinstance(dense.data[0].marker.color, np.ndarray)
    assert isinstance(dense.to_dict()["data"][0]["x"], dict)  # base64 in the dict only
    choropleth = built[0].data[0]
    assert choropleth.type.startswith("choropleth") and len(choropleth.geojson["features"]) > 10


def test_text_given_unchecked_is_what_plotly_s_validation_gives(sample_con):
    # The map's codes and hover text and the scatter's labels skip plotly's validation (Figure.set_unchecked):
    # validating the traces again must change nothing in what is sent.
    for fig in _built(sample_con):
        sent = json.loads(pio.to_json(fig.to_dict(), validate=False))["data"]
        assert json.loads(pio.to_json(go.Figure(fig.to_dict()).to_dict(), validate=False))["data"] == sent
    choropleth = _built(sample_con)[0].data[0]
    assert len(choropleth.locations) == len(choropleth.customdata) > 10
    assert all(isinstance(text, str) and text.startswith("<b>") for text in choropleth.customdata)


def test_set_unchecked_takes_only_lists_of_text_for_real_properties():
    fig = Figure(go.Scatter(x=[1.0, 2.0], y=[3.0, 4.0]))
    fig.set_unchecked(0, customdata=["a", "b"], text=["x", "y"])
    assert fig.to_dict()["data"][0]["customdata"] == ["a", "b"] and list(fig.data[0].text) == ["x", "y"]
    for bad in ({"customdata": ["a", 2]}, {"customdata": np.array(["a", "b"], dtype=object)},
                {"customdata": ("a", "b")}):
        with pytest.raises(TypeError):
            fig.set_unchecked(0, **bad)
    with pytest.raises(ValueError, match="customdta"):
        fig.set_unchecked(0, customdta=["a", "b"])


def test_a_map_layer_source_given_as_it_is_is_what_plotly_sends(sample_con):
    shapes = geo.boundaries(sample_con, *VIEW, "kecamatan")
    collection = maps.plotly_geojson(shapes.geojson)
    ours = Figure()
    ours.update_layout(map_layers=[{"source": {"type": "FeatureCollection", "features": []}, "type": "line"}])
    ours.set_map_layer_source(0, collection)
    theirs = go.Figure()
    theirs.update_layout(map_layers=[{"source": collection, "type": "line"}])
    assert ours.layout.map.layers[0].source is collection
    assert pio.to_json(ours.to_dict(), validate=False) == pio.to_json(theirs.to_dict(), validate=False)
