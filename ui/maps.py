"""The area map with its level and measure pickers (bound to the URL), shared by the pages that show one."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from analytics import fmt, geography
from analytics.figures import maps
from analytics.filters import Filters, Scope
from analytics.i18n import t
from analytics.queries import areas, geo
from ui import data

# Measures the map can show; a diverging scale for gaps around the target.
MEASURES = ("dijangkau_per_1000", "rw_cakupan_persen", "partisipasi_persen", "selisih_target_persen")
HOVER = ("kegiatan", "dpt", "target_semua")
# The server does not know the screen's size, and a map's zoom is fixed when the figure is built: framed for a
# computer's ~700 px, a phone's ~340 px column (a 360-430 px screen less Streamlit's padding) would cut off the
# area's edges. A phone's browser says "Mobi" in its user agent (Android's "Mobile", iOS's "Mobile/…"); a
# tablet's does not, and its column is wide enough.
PHONE_WIDTH_PX = 340


# A fragment: choosing another level or measure reruns the map alone, not the whole page and every chart on it.
@st.fragment
def area_map(selection: Filters, scope: Scope, lang: str, *, key: str, measures: tuple[str, ...] = MEASURES) -> None:
    """Pickers for level and measure, then the choropleth, with a caption when boundaries are approximate."""
    left, right = st.columns([1, 2])
    level = left.segmented_control(
        t("map.level", lang), ["kecamatan", "kelurahan"], default="kecamatan", required=True,
        format_func=lambda v: t(f"level.{v}", lang), key=f"{key}_tingkat", bind="query-params",
    )
    measure = right.selectbox(
        t("map.metric", lang), list(measures), format_func=lambda v: t(f"metric.{v}", lang),
        key=f"{key}_ukuran", bind="query-params",
    )
    shapes = boundaries(selection, scope, level, lang)
    # Values at the level the shapes are drawn at: kecamatan when there are too many kelurahan for one map.
    values = data.query(areas.area_metrics, selection, scope, shapes.level)
    if values[measure].isna().all():
        st.info(t("map.no_values", lang, measure=t(f"metric.{measure}", lang)))
        return
    fig = maps.choropleth(
        values, shapes, measure, t(f"metric.{measure}", lang), lang,
        hover={c: t(f"metric.{c}", lang) for c in HOVER if c != measure},
        diverging=measure == "selisih_target_persen", width_px=map_width(),
    )
    st.plotly_chart(fig, config={"displaylogo": False, "scrollZoom": False}, key=f"{key}_peta")
    if shapes.approximate:
        st.caption(t("map.approximate", lang))


def boundaries(selection: Filters, scope: Scope, level: str, lang: str) -> geo.Boundaries:
    """The map's polygons, cached on the area filters only (dates, types and organisers do not change a shape), with
    a caption when the map had to show a coarser level than asked."""
    shapes = _shapes(selection.areas_only(), scope, level, data.data_version())
    if shapes.level != shapes.asked:
        # The only fallback is kelurahan -> kecamatan (batas_wilayah has no kab/kota level).
        st.caption(t("map.coarser", lang, n=fmt.number(shapes.asked_count, lang)))
    return shapes


@st.cache_resource(ttl=data.TTL, max_entries=20, show_spinner=False)
def _shapes(areas: Filters, scope: Scope, level: str, version: str) -> geo.Boundaries:
    """geo.boundaries with its rings already as the arrays plotly takes (maps.plotly_geojson), until the data changes
    (`version`). Kept as one shared object, not as cached data: that is copied for every rerun, and unpickling the
    country's ~100.000 coordinate lists took ~37 ms of each rerun of a national map, converting them again ~19 ms.
    Read only: the figures build their own dicts around the shared rings."""
    shapes = data.run(geo.boundaries, areas, scope, level)
    return replace(shapes, geojson=maps.plotly_geojson(shapes.geojson))


def clear_shapes() -> None:
    """Forget the kept polygons (ui.page_timer's warm runs recompute every answer)."""
    _shapes.clear()


def on_phone(user_agent: str | None) -> bool:
    """Whether a browser's user agent is a phone's."""
    return "Mobi" in (user_agent or "")


def map_width(wide: int = geography.MAP_WIDTH_PX) -> int:
    """The width to frame a map for: `wide` (its column on a computer or tablet), or PHONE_WIDTH_PX on a phone."""
    return PHONE_WIDTH_PX if on_phone(st.context.headers.get("User-Agent")) else wide
