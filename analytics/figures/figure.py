"""A plotly Figure that hands its data to Streamlit without plotly's defensive deep copy."""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go
from _plotly_utils.utils import is_homogeneous_array, to_typed_array_spec

# Keys whose values plotly's base64 conversion leaves alone (_plotly_utils.utils.is_skipped_key): never modified, so
# shared rather than copied. A map's geojson (thousands of features) is most of what deepcopy spent its time on.
_SKIPPED = frozenset({"geojson", "layer", "layers", "range"})


def _sent(value: Any) -> Any:
    """What plotly's to_dict gives for `value` after its base64 conversion (_plotly_utils.utils.convert_to_base64):
    within dicts, numeric arrays become typed-array specs; containers are copied (tuples as lists, which is what the
    JSON has), everything else is shared. A list of str is shared whole: the conversion changes nothing in it, and
    walking the 83.000 labels of a national scatter value by value took ~0,1 s."""
    if isinstance(value, dict):
        return {k: (v if k in _SKIPPED else to_typed_array_spec(v) if is_homogeneous_array(v) else _sent(v))
                for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        if value and all(type(v) is str for v in value):
            return value if isinstance(value, list) else list(value)
        return [_sent(v) for v in value]
    return value


class Figure(go.Figure):
    """go.Figure whose to_dict (what st.plotly_chart calls) copies only the containers the base64 conversion writes
    into. plotly's own deep-copies every array and every geojson feature: ~0,1 s of a 0,7 s page run at national
    scale (the map of 7.000 kecamatan and the scatter of 83.000 kelurahan). Same dict, figure left unchanged."""

    def to_dict(self) -> dict:
        result = {"data": _sent(self._data), "layout": _sent(self._layout)}
        frames = _sent([frame._props for frame in self._frame_objs])
        if frames:
            result["frames"] = frames
        return result

    def set_unchecked(self, index: int, **props: list[str]) -> None:
        """Give trace `index` large text arrays built in this package (one str per point or area) as they are.

        Plotly validates a list element by element in Python and copies it when the trace joins the figure, and a
        numpy text array makes its JSON writer walk the whole figure: for the 83.000 kelurahan of the country, or
        a national map's 7.000 kecamatan, that was ~0,2–0,4 s of each page run. Lists of str need neither: the JSON
        writer (orjson) takes them whole. Only str lists pass, so nothing plotly would have refused gets in."""
        trace = self._data[index]
        for name, value in props.items():
            if not (isinstance(value, list) and all(type(v) is str for v in value)):
                raise TypeError(f"{name}: set_unchecked takes a list of str")
            # The name must be a property of the trace: a typo would otherwise be sent to the browser unnoticed.
            if name not in self.data[index]._valid_props:
                raise ValueError(f"{name} is not a property of a {self.data[index].type} trace")
            trace[name] = value

    def set_map_layer_source(self, index: int, source: dict) -> None:
        """The GeoJSON of map layer `index` (set beforehand with a stand-in source), given as it is: plotly deep-copies
        every property of the layers it is given, thousands of outline features at national scale (~0,15 s). A
        layer's source is taken as any value by plotly's validator, so nothing it would change is skipped."""
        self._layout["map"]["layers"][index]["source"] = source
