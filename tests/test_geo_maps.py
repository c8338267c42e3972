"""Maps stay light: too many kelurahan fall back to kecamatan, geometry is simplified to the view, ids match."""

from __future__ import annotations

import json

import duckdb
import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from shapely.geometry import Point

from analytics import fmt, geography
from analytics.figures import maps
from analytics.filters import Filters, Scope
from analytics.queries import areas, geo
from tests.conftest import SHARED_REFERENCE

ALL = Scope.everything()
CAMPAIGN = Filters("pilkada2024")
BOGOR_KEL = SHARED_REFERENCE / "geo" / "kota_bogor_kelurahan.geojson"


def stored(con: duckdb.DuckDBPyConnection, level: str) -> dict[str, shapely.Geometry]:
    rows = con.execute("SELECT kode, geojson FROM batas_wilayah WHERE tingkat = $t", {"t": level}).fetchall()
    return {k: shapely.from_geojson(g) for k, g in rows}


def shapes(collection: dict) -> dict[str, shapely.Geometry]:
    return {f["id"]: shapely.geometry.shape(f["geometry"]) for f in collection["features"]}


def iou(a: shapely.Geometry, b: shapely.Geometry) -> float:
    return a.intersection(b).area / a.union(b).area


# --- fallback to kecamatan ----------------------------------------------------------------------------------------


def test_too_many_kelurahan_fall_back_to_kecamatan(sample_con) -> None:
    shown = geo.boundaries(sample_con, CAMPAIGN, ALL, "kelurahan", max_kelurahan=10)
    assert (shown.level, shown.asked, shown.asked_count) == ("kecamatan", "kelurahan", 68)
    assert sorted(f["id"] for f in shown.geojson["features"]) == sorted(stored(sample_con, "kecamatan"))
    # Under the limit, and for a kecamatan map, nothing changes.
    full = geo.boundaries(sample_con, CAMPAIGN, ALL, "kelurahan", max_kelurahan=68)
    assert (full.level, full.asked_count, len(full.geojson["features"])) == ("kelurahan", 68, 68)
    kec = geo.boundaries(sample_con, CAMPAIGN, ALL, "kecamatan", max_kelurahan=10)
    assert (kec.level, kec.asked, kec.asked_count) == ("kecamatan", "kecamatan", 6)


def test_too_many_kecamatan_are_simplified_harder(sample_con) -> None:
    normal = geo.boundaries(sample_con, CAMPAIGN, ALL, "kecamatan")
    crowded = geo.boundaries(sample_con, CAMPAIGN, ALL, "kecamatan", max_kecamatan=5)
    assert crowded.level == "kecamatan"
    assert crowded.tolerance == pytest.approx(geo.HARD_SIMPLIFY_PX * normal.tolerance)


def test_the_limit_counts_the_selection_not_the_database(sample_con) -> None:
    one_kec = Filters("pilkada2024", kecamatan=("32.71.05",))  # Bogor Utara: 8 kelurahan
    shown = geo.boundaries(sample_con, one_kec, ALL, "kelurahan", max_kelurahan=10)
    assert shown.level == "kelurahan" and shown.asked_count == 8
    assert all(f["id"].startswith("32.71.05.") for f in shown.geojson["features"])


def test_the_default_limit_reads_the_module_constant(sample_con, monkeypatch) -> None:
    monkeypatch.setattr(geo, "MAX_KELURAHAN_SHAPES", 10)
    assert geo.boundaries(sample_con, CAMPAIGN, ALL, "kelurahan").level == "kecamatan"


def test_shapes_ignore_dates_types_and_organisers(sample_con) -> None:
    narrow = Filters("pilkada2024", kecamatan=("32.71.05",), rw=(1,), mulai=pd.Timestamp("2024-10-01").date(),
                     jenis=("door_to_door",), penyelenggara=("PPS",))
    assert narrow.areas_only() == Filters("", kecamatan=("32.71.05",))
    assert geo.boundaries(sample_con, narrow, ALL, "kelurahan") == \
        geo.boundaries(sample_con, narrow.areas_only(), ALL, "kelurahan")


def test_national_shape_falls_back_and_values_match(tmp_path) -> None:
    from analytics import db
    from analytics.bench import national

    path = national.ensure(20_000, seed=11, scale="small", directory=tmp_path, log=lambda *_: None)
    con = db.connect(path, read_only=True)
    try:
        filters = Filters(national.MAIN_ELECTION)
        shown = geo.boundaries(con, filters.areas_only(), ALL, "kelurahan", max_kelurahan=100)
        assert (shown.level, shown.asked_count) == ("kecamatan", 400)
        values = areas.area_metrics(con, filters, ALL, shown.level)
        ids = [f["id"] for f in shown.geojson["features"]]
        assert sorted(ids) == sorted(values["kode"]) and len(ids) == 40
        # One kab/kota is under the limit: kelurahan again.
        kab = ids[0][:5]
        city = geo.boundaries(con, filters.areas_only(), Scope((kab,)), "kelurahan", max_kelurahan=100)
        assert city.level == "kelurahan" and all(f["id"].startswith(kab) for f in city.geojson["features"])
    finally:
        con.close()


# --- simplification -----------------------------------------------------------------------------------------------


def circles(n: int = 40, radius: float = 0.006, seed: int = 3) -> tuple[list[str], list[str]]:
    """n detailed discs (256 vertices) spread over a 0.15-degree box, like kelurahan of one city."""
    rng = np.random.default_rng(seed)
    xs, ys = 106.7 + rng.random(n) * 0.15, -6.65 + rng.random(n) * 0.15
    codes = [f"99.01.01.{1001 + i}" for i in range(n)]
    texts = [shapely.to_geojson(Point(x, y).buffer(radius, quad_segs=64)) for x, y in zip(xs, ys)]
    return codes, texts


def assert_simplified(original: dict[str, shapely.Geometry], collection: dict, *, min_iou: float = 0.9) -> None:
    simple = shapes(collection)
    assert sorted(simple) == sorted(original)
    for code, geom in simple.items():
        assert geom.is_valid and not geom.is_empty, code
        assert iou(geom, original[code]) > min_iou, code
    before = sum(shapely.get_num_coordinates(g) for g in original.values())
    after = sum(shapely.get_num_coordinates(g) for g in simple.values())
    assert after < before


def test_detailed_polygons_are_simplified_valid_and_smaller() -> None:
    codes, texts = circles()
    collection, bounds, tolerance = geography.view_collection(codes, texts)
    original = {c: shapely.from_geojson(t) for c, t in zip(codes, texts)}
    assert_simplified(original, collection)
    plain = {"type": "FeatureCollection",
             "features": [{"type": "Feature", "id": c, "properties": {}, "geometry": json.loads(t)}
                          for c, t in zip(codes, texts)]}
    assert len(json.dumps(collection)) < 0.3 * len(json.dumps(plain))
    assert bounds == pytest.approx(tuple(shapely.total_bounds(list(original.values()))))
    # Coordinates keep only the decimals the tolerance makes meaningful.
    decimals = geography.coordinate_decimals(tolerance)
    coords = shapely.get_coordinates([shapely.geometry.shape(f["geometry"]) for f in collection["features"]])
    assert np.allclose(coords, coords.round(decimals), rtol=0, atol=1e-12)


def test_tolerance_follows_the_extent() -> None:
    city = geography.pixel_degrees((106.7, -6.7, 106.85, -6.5))
    country = geography.pixel_degrees((95.0, -11.0, 141.0, 6.0))
    one_kelurahan = geography.pixel_degrees((106.79, -6.6, 106.8, -6.59))
    assert one_kelurahan < city < country
    # A pixel of a national map is several km; of a city map some tens of metres.
    assert 0.03 < country < 0.2 and 0.0001 < city < 0.001
    assert geography.coordinate_decimals(country) == 2 and geography.coordinate_decimals(city) == 4


def test_a_national_view_keeps_every_small_area() -> None:
    # Tiny areas spread over the country: a few pixels' tolerance must not make any of them vanish.
    codes, texts = circles(n=30, radius=0.002)
    codes.append("99.99.99.9999")
    texts.append(shapely.to_geojson(Point(140.0, 5.0).buffer(0.002)))
    collection, _, tolerance = geography.view_collection(codes, texts)
    assert tolerance > 0.01
    for f in collection["features"]:
        geom = shapely.geometry.shape(f["geometry"])
        assert geom.is_valid and not geom.is_empty and geom.area > 0, f["id"]


def test_sample_boundaries_stay_valid_and_cover_the_same_areas(sample_con) -> None:
    for level in ("kecamatan", "kelurahan"):
        shown = geo.boundaries(sample_con, CAMPAIGN, ALL, level)
        original = stored(sample_con, level)
        simple = shapes(shown.geojson)
        assert sorted(simple) == sorted(original)
        assert all(g.is_valid and iou(g, original[k]) > 0.9 for k, g in simple.items())


@pytest.mark.skipif(not BOGOR_KEL.exists(), reason=f"real Kota Bogor polygons not found at {BOGOR_KEL}")
def test_real_kota_bogor_polygons_simplified() -> None:
    frame = gpd.read_file(BOGOR_KEL)
    codes = [f"99.01.01.{1001 + i}" for i in range(len(frame))]
    texts = list(shapely.to_geojson(frame.geometry.values))
    collection, _, _ = geography.view_collection(codes, texts)
    assert_simplified(dict(zip(codes, shapely.from_geojson(texts))), collection)


# --- the figure ---------------------------------------------------------------------------------------------------


def test_choropleth_locations_match_the_shapes(sample_con) -> None:
    shown = geo.boundaries(sample_con, CAMPAIGN, ALL, "kelurahan", max_kelurahan=10)
    values = areas.area_metrics(sample_con, CAMPAIGN, ALL, shown.level)
    fig = maps.choropleth(values, shown, "dijangkau_per_1000", "per 1.000", "id")
    trace = fig.data[0]
    ids = {f["id"] for f in trace.geojson["features"]}
    assert set(trace.locations) == ids == set(values["kode"])
    assert trace.featureidkey == "id"
    kelurahan = areas.area_metrics(sample_con, CAMPAIGN, ALL, "kelurahan")
    with pytest.raises(ValueError, match="same level"):
        maps.choropleth(kelurahan, shown, "dijangkau_per_1000", "per 1.000", "id")


def test_choropleth_hover_reads_the_indonesian_way(sample_con) -> None:
    shown = geo.boundaries(sample_con, CAMPAIGN, ALL, "kelurahan", max_kelurahan=10)
    values = areas.area_metrics(sample_con, CAMPAIGN, ALL, shown.level).head(3).copy()
    values["dpt"] = pd.array([815249, None, 12], dtype="Int64")
    values["dijangkau_per_1000"] = [12.345, float("nan"), 3.0]
    fig = maps.choropleth(values, shown, "dijangkau_per_1000", "per 1.000", "id", hover={"dpt": "DPT"})
    hover = list(fig.data[0].customdata)
    assert hover[0] == f"<b>{values['nama'].iloc[0]}</b><br>per 1.000: 12,3<br>DPT: 815.249"
    assert hover[1].endswith("per 1.000: –<br>DPT: –")
    assert hover[2].endswith("per 1.000: 3<br>DPT: 12")


# --- the page -----------------------------------------------------------------------------------------------------


def test_the_overview_map_says_it_shows_kecamatan(open_page, monkeypatch) -> None:
    monkeypatch.setattr(geo, "MAX_KELURAHAN_SHAPES", 10)
    at = open_page(None, ringkasan_tingkat="Kelurahan")
    assert not at.exception
    captions = [c.value for c in at.caption]
    assert any("Terlalu banyak kelurahan untuk satu peta (68): peta menampilkan kecamatan" in c for c in captions)
    maps_shown = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    maps_shown = [f for f in maps_shown if f["data"] and f["data"][0]["type"] == "choroplethmap"]
    locations = set(maps_shown[0]["data"][0]["locations"])
    assert locations and all(len(code) == len("32.71.05") for code in locations)


def test_under_the_limit_there_is_no_caption(open_page) -> None:
    at = open_page(None, ringkasan_tingkat="Kelurahan")
    assert not at.exception
    assert not any("Terlalu banyak kelurahan" in c.value for c in at.caption)


def test_turnout_map_falls_back_too(open_page, monkeypatch) -> None:
    monkeypatch.setattr(geo, "MAX_KELURAHAN_SHAPES", 10)
    at = open_page("pages/partisipasi.py", partisipasi_tingkat="Kelurahan", bahasa="EN")
    assert not at.exception
    charts = [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]
    assert all(len(code) == len("32.71.05") for code in charts[0]["data"][0]["locations"])
    assert any("Too many kelurahan for one map (68): the map shows kecamatan" in c.value for c in at.caption)


def _skewed(sample_con, diverging: bool = False):
    shown = geo.boundaries(sample_con, CAMPAIGN, ALL, "kelurahan")
    values = areas.area_metrics(sample_con, CAMPAIGN, ALL, shown.level).copy()
    spread = np.linspace(1_000.0, 5_000.0, len(values))
    spread[0] = 50_000.0  # one area far above the rest
    if diverging:
        spread = spread - 2_500.0
        spread[1] = -50_000.0  # and one far below
    values["nilai"] = spread
    return maps.choropleth(values, shown, "nilai", "per 1.000", "id", diverging=diverging), spread


def test_a_few_outliers_do_not_flatten_the_map_colours(sample_con) -> None:
    fig, spread = _skewed(sample_con)
    axis = fig.layout.coloraxis
    cap = float(np.percentile(spread, maps.CAP_PERCENTILE))
    assert axis.cmax == pytest.approx(cap) and axis.cmin == pytest.approx(spread.min())
    # The top of the colour bar says the brightest colour means "this much or more", the Indonesian way.
    assert axis.colorbar.ticktext[-1] == "≥ " + fmt.number(cap, "id") and "." in axis.colorbar.ticktext[-1]
    assert list(axis.colorbar.tickvals) == sorted(axis.colorbar.tickvals)
    assert axis.colorbar.title.text == "per 1.000"
    # The hover keeps the area's own value.
    assert fig.data[0].customdata[0].endswith("per 1.000: 50.000")


def test_an_even_spread_keeps_the_datas_own_colour_range(sample_con) -> None:
    shown = geo.boundaries(sample_con, CAMPAIGN, ALL, "kelurahan")
    values = areas.area_metrics(sample_con, CAMPAIGN, ALL, shown.level).copy()
    values["nilai"] = np.linspace(10.0, 900.0, len(values))
    axis = maps.choropleth(values, shown, "nilai", "per 1.000", "id").layout.coloraxis
    assert axis.cmin is None and axis.cmax is None and axis.colorbar.ticktext is None


def test_outliers_at_both_ends_stop_the_scale_at_both(sample_con) -> None:
    # Turnout: most areas within a point or two of 69 %, one re-vote at 55 % and one at 85 %.
    shown = geo.boundaries(sample_con, CAMPAIGN, ALL, "kelurahan")
    values = areas.area_metrics(sample_con, CAMPAIGN, ALL, shown.level).copy()
    turnout = 69.0 + np.sin(np.arange(len(values)))
    turnout[:2] = (55.0, 85.0)
    values["nilai"] = turnout
    axis = maps.choropleth(values, shown, "nilai", "%", "id").layout.coloraxis
    low, high = np.percentile(turnout, [100 - maps.CAP_PERCENTILE, maps.CAP_PERCENTILE])
    assert (axis.cmin, axis.cmax) == (pytest.approx(low), pytest.approx(high))
    assert axis.colorbar.ticktext[0] == "≤ " + fmt.number(low, "id", 1)
    assert axis.colorbar.ticktext[-1] == "≥ " + fmt.number(high, "id", 1) and "," in axis.colorbar.ticktext[-1]


def test_a_diverging_map_caps_both_ends_alike(sample_con) -> None:
    fig, spread = _skewed(sample_con, diverging=True)
    axis = fig.layout.coloraxis
    cap = float(np.percentile(np.abs(spread), maps.CAP_PERCENTILE))
    assert (axis.cmin, axis.cmax) == (pytest.approx(-cap), pytest.approx(cap))
    assert axis.colorbar.ticktext[-1] == "≥ " + fmt.number(cap, "id")
    # Values below the scale's bottom too: it reads "≤ …" there.
    assert spread.min() < -cap and axis.colorbar.ticktext[0] == "≤ " + fmt.number(-cap, "id")


# --- framing for the width the map is drawn at --------------------------------------------------------------------

def _mercator_width_px(bounds, zoom: float) -> float:
    """How many pixels the bounds' longitudes span at `zoom` (MapLibre's 512 px world)."""
    return (bounds[2] - bounds[0]) / 360 * geography.TILE_PX * 2**zoom


def test_a_narrow_map_is_framed_for_its_width_with_the_colour_bar_below(sample_con) -> None:
    shown = geo.boundaries(sample_con, CAMPAIGN, ALL, "kecamatan")
    values = areas.area_metrics(sample_con, CAMPAIGN, ALL, "kecamatan")
    wide = maps.choropleth(values, shown, "dijangkau_per_1000", "per 1.000", "id")
    phone = maps.choropleth(values, shown, "dijangkau_per_1000", "per 1.000", "id", width_px=340)
    # Beside a wide map the bar takes part of its width; under a phone's, the map has the whole width.
    assert wide.layout.coloraxis.colorbar.orientation in (None, "v")
    assert phone.layout.coloraxis.colorbar.orientation == "h" and phone.layout.margin.b > 0
    assert _mercator_width_px(shown.bounds, wide.layout.map.zoom) <= geography.MAP_WIDTH_PX - maps.COLOUR_BAR_PX
    assert _mercator_width_px(shown.bounds, phone.layout.map.zoom) <= 340
    assert phone.layout.map.zoom < wide.layout.map.zoom


def test_the_activity_maps_legend_height_follows_its_rows() -> None:
    names = ["Sosialisasi RW", "Ketuk Pintu Pemilih", "Gerebek Pasar", "Pertemuan Komunitas Disabilitas"]
    one_row = maps.legend_height(names[:2], 700)
    assert one_row == maps.LEGEND_ROW_PX + maps.LEGEND_PAD_PX
    # Wider than the map: columns as wide as the widest entry, two in 600 px, one on a phone's 340.
    assert maps.legend_height(names, 600) == 2 * maps.LEGEND_ROW_PX + maps.LEGEND_PAD_PX
    assert maps.legend_height(names, 340) == 4 * maps.LEGEND_ROW_PX + maps.LEGEND_PAD_PX
    assert maps.legend_height([], 340) == one_row


@pytest.mark.parametrize(("agent", "phone"), [
    ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
     "Version/17.0 Mobile/15E148 Safari/604.1", True),
    ("Mozilla/5.0 (Linux; Android 14; SM-A155F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile "
     "Safari/537.36", True),
    ("Mozilla/5.0 (Linux; Android 14; SM-X210) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36",
     False),  # an Android tablet
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36",
     False),
    (None, False),
])
def test_a_phone_is_told_by_its_user_agent(agent, phone) -> None:
    from ui import maps as ui_maps

    assert ui_maps.on_phone(agent) is phone
