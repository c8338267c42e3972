"""Tests for the approximate cells and the map framing helpers."""

from __future__ import annotations

import math
import random

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from shapely.geometry import Point

from analytics.geography import approximate_cells, feature_collection, geometry_to_geojson, map_view

BOGOR_BOUNDS = (106.734837, -6.681308, 106.848564, -6.514329)


def synthetic_points(n: int, seed: int = 7) -> pd.DataFrame:
    """n random points in a 0.1 degree box near Bogor, spread over three kecamatan by longitude."""
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        lon = round(106.75 + rng.random() * 0.1, 6)
        lat = round(-6.65 + rng.random() * 0.1, 6)
        kec = f"99.01.0{1 + int((lon - 106.75) / 0.1 * 3)}"
        rows.append({"kode_kelurahan": f"{kec}.{1001 + i}", "kode_kecamatan": kec, "lat": lat, "lon": lon})
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def cells() -> tuple[pd.DataFrame, gpd.GeoDataFrame, gpd.GeoDataFrame]:
    points = synthetic_points(30)
    kel, kec = approximate_cells(points)
    return points, kel, kec


def test_one_cell_per_point_all_valid(cells) -> None:
    points, kel, kec = cells
    assert len(kel) == len(points)
    assert list(kel.columns) == ["kode_kelurahan", "kode_kecamatan", "geometry"]
    assert list(kec.columns) == ["kode_kecamatan", "geometry"]
    assert kel.crs.to_epsg() == 4326 and kec.crs.to_epsg() == 4326
    assert kel.geometry.is_valid.all() and kec.geometry.is_valid.all()
    assert not kel.geometry.is_empty.any()


def test_cells_are_single_polygons_without_gaps(cells) -> None:
    # With seed 7 the concave outline cuts one Voronoi cell in two; the detached piece must join a neighbour.
    _, kel, _ = cells
    assert (kel.geom_type == "Polygon").all()
    union = shapely.union_all(kel.geometry.values)
    assert union.geom_type == "Polygon" and shapely.get_num_interior_rings(union) == 0


def test_cells_do_not_overlap(cells) -> None:
    _, kel, _ = cells
    metric = kel.to_crs(kel.estimate_utm_crs())
    geoms = list(metric.geometry)
    total = sum(g.area for g in geoms)
    overlap = sum(geoms[i].intersection(geoms[j]).area for i in range(len(geoms)) for j in range(i + 1, len(geoms)))
    assert overlap < 1e-9 * total


def test_each_point_inside_its_own_cell(cells) -> None:
    points, kel, _ = cells
    by_code = kel.set_index("kode_kelurahan").geometry
    for row in points.itertuples():
        assert by_code[row.kode_kelurahan].contains(Point(row.lon, row.lat)), row.kode_kelurahan


def test_coordinates_rounded_to_six_decimals(cells) -> None:
    _, kel, _ = cells
    coords = shapely.get_coordinates(kel.geometry.values)
    assert (abs(coords * 1e6 - (coords * 1e6).round()) < 1e-6).all()


def test_kecamatan_cells_are_union_of_kelurahan(cells) -> None:
    _, kel, kec = cells
    assert sorted(kec["kode_kecamatan"]) == sorted(kel["kode_kecamatan"].unique())
    for row in kec.itertuples():
        union = shapely.union_all(kel.loc[kel["kode_kecamatan"] == row.kode_kecamatan].geometry.values)
        assert row.geometry.symmetric_difference(union).area < 1e-9 * union.area


def test_deterministic_and_independent_of_row_order() -> None:
    points = synthetic_points(30)
    first = approximate_cells(points)
    second = approximate_cells(points.sample(frac=1, random_state=3))
    for a, b in zip(first, second):
        assert [g.wkb for g in a.geometry] == [g.wkb for g in b.geometry]


def test_single_point_gives_a_disc() -> None:
    points = synthetic_points(1)
    kel, kec = approximate_cells(points)
    assert len(kel) == 1 and len(kec) == 1
    cell = kel.geometry.iloc[0]
    assert cell.is_valid and cell.geom_type == "Polygon"
    assert cell.contains(Point(points.lon.iloc[0], points.lat.iloc[0]))
    area_km2 = kel.to_crs(kel.estimate_utm_crs()).area.iloc[0] / 1e6
    assert 0.5 < area_km2 < 1.0  # a 500 m disc is ~0.785 km²


def test_two_points_split_the_outline() -> None:
    points = synthetic_points(2)
    kel, _ = approximate_cells(points)
    assert len(kel) == 2 and kel.geometry.is_valid.all()
    a, b = kel.geometry
    assert a.intersection(b).area < 1e-9 * (a.area + b.area)
    for row, cell in zip(points.sort_values("kode_kelurahan").itertuples(), kel.geometry):
        assert cell.contains(Point(row.lon, row.lat))


def test_duplicate_points_rejected() -> None:
    points = synthetic_points(3)
    points.loc[1, ["lat", "lon"]] = points.loc[0, ["lat", "lon"]].values
    with pytest.raises(ValueError):
        approximate_cells(points)


def visible_bounds(center: dict, zoom: float, width_px: int, height_px: int) -> tuple[float, float, float, float]:
    """Lon/lat box shown by a web-mercator map with that center, zoom and size."""
    world_px = 256 * 2**zoom
    half_lon = width_px / world_px * 360 / 2
    y = math.log(math.tan(math.pi / 4 + math.radians(center["lat"]) / 2))
    half_y = height_px / world_px * 2 * math.pi / 2
    lat = lambda yy: math.degrees(2 * math.atan(math.exp(yy)) - math.pi / 2)  # noqa: E731
    return center["lon"] - half_lon, lat(y - half_y), center["lon"] + half_lon, lat(y + half_y)


@pytest.mark.parametrize("size", [(700, 500), (400, 700), (1200, 300)])
def test_map_view_contains_bounds(size: tuple[int, int]) -> None:
    center, zoom = map_view(BOGOR_BOUNDS, *size)
    minx, miny, maxx, maxy = visible_bounds(center, zoom, *size)
    assert minx <= BOGOR_BOUNDS[0] and miny <= BOGOR_BOUNDS[1]
    assert maxx >= BOGOR_BOUNDS[2] and maxy >= BOGOR_BOUNDS[3]


def test_map_view_zoom_sensible() -> None:
    center, zoom = map_view(BOGOR_BOUNDS)
    assert 10 < zoom < 13
    assert BOGOR_BOUNDS[1] < center["lat"] < BOGOR_BOUNDS[3]
    assert BOGOR_BOUNDS[0] < center["lon"] < BOGOR_BOUNDS[2]
    _, wider = map_view((106.5, -6.9, 107.1, -6.3))
    assert wider < zoom
    _, point_zoom = map_view((106.8, -6.6, 106.8, -6.6))
    assert 0 < point_zoom <= 18


def test_feature_collection_ids(cells) -> None:
    _, kel, _ = cells
    fc = feature_collection(kel, "kode_kelurahan")
    assert fc["type"] == "FeatureCollection"
    assert [f["id"] for f in fc["features"]] == list(kel["kode_kelurahan"])
    first = fc["features"][0]
    assert first["properties"]["kode_kecamatan"] == kel["kode_kecamatan"].iloc[0]
    assert first["geometry"]["type"] in {"Polygon", "MultiPolygon"}
    assert shapely.from_geojson(geometry_to_geojson(kel.geometry.iloc[0])).equals(kel.geometry.iloc[0])


def test_feature_collection_reprojects_to_lonlat(cells) -> None:
    _, kel, _ = cells
    fc = feature_collection(kel.to_crs(kel.estimate_utm_crs()), "kode_kelurahan")
    lon, lat = fc["features"][0]["geometry"]["coordinates"][0][0]
    assert 106 < lon < 107 and -7 < lat < -6
