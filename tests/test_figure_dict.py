"""Figures hand Streamlit the same dict as plotly's to_dict, without its deep copy, and stay unchanged."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio

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
