"""Geometry work for imported boundaries: dissolve, plausibility, simplification, GeoJSON for storage."""

from __future__ import annotations

import geopandas as gpd
import pyproj
import shapely
from shapely.geometry.base import BaseGeometry

from analytics.geography import GRID, WGS84
from analytics.importing.boundaries_read import polygonal

# Tolerances suited to a city map: a screen pixel at the zoom a kelurahan map opens is ~20–40 m.
SIMPLIFY_M = {"kelurahan": 10.0, "kecamatan": 20.0}
MAX_POINT_DISTANCE_M = 2000.0  # farther than this from the area's stored point, a polygon is probably mis-matched
CLOSING_M = 20.0  # closes the slivers neighbouring kelurahan leave when dissolved into a kecamatan
MIN_HOLE_M2 = 20_000.0  # holes smaller than 0.02 km² in a dissolved kecamatan are gaps, not enclaves


def metric_crs(geoms: gpd.GeoSeries) -> pyproj.CRS:
    """The UTM zone of the geometries (EPSG:4326 in), for distances and tolerances in metres."""
    return geoms.estimate_utm_crs()


def to_metric(geoms: list[BaseGeometry], crs: pyproj.CRS) -> list[BaseGeometry]:
    """EPSG:4326 geometries in the metric CRS."""
    return list(gpd.GeoSeries(geoms, crs=WGS84).to_crs(crs))


def to_storage(geoms: list[BaseGeometry], crs: pyproj.CRS, tolerance_m: float) -> list[BaseGeometry | None]:
    """Simplified in metres, back to EPSG:4326, snapped to 6 decimals and repaired: what batas_wilayah stores."""
    simple = shapely.simplify(geoms, tolerance_m, preserve_topology=True)
    back = gpd.GeoSeries(simple, crs=crs).to_crs(WGS84)
    # Snapping can make rings touch or collapse; make_valid repairs, polygonal drops what is no longer an area.
    return [polygonal(g) for g in shapely.set_precision(back.values, GRID)]


def dissolve_kecamatan(kelurahan: list[BaseGeometry], crs: pyproj.CRS) -> BaseGeometry | None:
    """One kecamatan from its kelurahan (metric): union, close slivers, drop tiny holes."""
    union = shapely.union_all(kelurahan)
    # Mitre joins keep corners square: round joins would bevel every outer corner by the closing distance.
    closed = union.buffer(CLOSING_M, join_style="mitre").buffer(-CLOSING_M, join_style="mitre")
    polygons = []
    for part in shapely.get_parts(polygonal(closed) or union):
        holes = [ring for ring in part.interiors if shapely.Polygon(ring).area >= MIN_HOLE_M2]
        polygons.append(shapely.Polygon(part.exterior, holes))
    return polygonal(shapely.union_all(polygons))


def vertex_count(geoms: list[BaseGeometry | None]) -> int:
    """Total number of coordinates."""
    return int(sum(shapely.get_num_coordinates(g) for g in geoms if g is not None))
