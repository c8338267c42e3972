"""Approximate area polygons from centroids, and helpers to frame maps."""

from __future__ import annotations

import json
import math

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

WGS84 = "EPSG:4326"
GRID = 1e-6  # degrees (~0.1 m): coordinates are rounded to 6 decimals to keep GeoJSON small and output stable.
HULL_RATIO = 0.3  # concave_hull ratio (0 = most concave, 1 = convex); 0.3 gave the best outline IoU for Kota Bogor.
BUFFER_FACTOR = 0.6  # outline buffer, in median nearest-neighbour distances (points sit mid-area, not on the edge).
SINGLE_POINT_RADIUS_M = 500.0  # with no neighbour to measure spacing, a single point gets a disc of this radius.
MAX_ZOOM = 18.0
ZOOM_MARGIN = 0.15  # zoom levels given up so polygons do not touch the map edge.
# MapLibre, behind plotly 7's *_map traces, draws the world 512 px wide at zoom 0 (not 256 as raster tiles do).
TILE_PX = 512


def _median_nn_distance(points: np.ndarray) -> float:
    """Median distance from each point to its nearest other point (metric coordinates)."""
    diff = points[:, None, :] - points[None, :, :]
    dist = np.hypot(diff[..., 0], diff[..., 1])
    np.fill_diagonal(dist, np.inf)
    return float(np.median(dist.min(axis=1)))


def _outline(points: BaseGeometry, coords: np.ndarray) -> BaseGeometry:
    """Concave hull of the points, buffered outward so edge points get an area around them."""
    if len(coords) == 1:
        return points.buffer(SINGLE_POINT_RADIUS_M)
    hull = shapely.concave_hull(points, ratio=HULL_RATIO)
    # Round joins: a mitred outline would grow spikes at the hull's sharp corners.
    return hull.buffer(BUFFER_FACTOR * _median_nn_distance(coords), join_style="round")


def _merge_fragments(cells: np.ndarray, points: np.ndarray) -> np.ndarray:
    """Give each cell only its part holding its point; detached parts join the neighbour they share most edge with."""
    cores = np.array([next((p for p in shapely.get_parts(c) if p.intersects(pt)), c) for c, pt in zip(cells, points)])
    pending = [p for c, core in zip(cells, cores) for p in shapely.get_parts(c) if not p.equals(core)]
    # A concave outline can cut a Voronoi cell in two; a detached piece of a kelurahan would look like an enclave.
    while pending:
        left = []
        for fragment in pending:
            shared = shapely.length(shapely.intersection(fragment.boundary, cores))
            if shared.max() > 0:
                i = int(shared.argmax())  # argmax picks the first of equals, so ties resolve deterministically
                cores[i] = shapely.union(cores[i], fragment)
            else:
                left.append(fragment)
        if len(left) == len(pending):  # only touching other fragments or nothing: give up rather than loop
            break
        pending = left
    return cores


def _round(geoms: gpd.GeoSeries) -> gpd.GeoSeries:
    """Snap to the 1e-6 degree grid and repair anything the snapping broke."""
    snapped = shapely.set_precision(geoms.values, GRID)
    return gpd.GeoSeries(shapely.make_valid(snapped), index=geoms.index, crs=geoms.crs)


def approximate_cells(kelurahan: pd.DataFrame) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Voronoi cells of the kelurahan points clipped to a buffered concave hull: (kelurahan cells, kecamatan cells)."""
    df = kelurahan[["kode_kelurahan", "kode_kecamatan", "lat", "lon"]].copy()
    if df.empty:
        raise ValueError("no kelurahan points given")
    # Sorting makes the result independent of the input row order.
    df = df.sort_values("kode_kelurahan").reset_index(drop=True)
    points = gpd.GeoSeries(gpd.points_from_xy(df["lon"].astype(float), df["lat"].astype(float)), crs=WGS84)
    if points.duplicated().any():
        raise ValueError("two kelurahan share the same lat/lon; cells need distinct points")
    metric = points.to_crs(points.estimate_utm_crs())
    coords = shapely.get_coordinates(metric.values)
    multipoint = shapely.multipoints(coords)
    outline = _outline(multipoint, coords)
    if len(coords) == 1:
        cells = [outline]
    else:
        # extend_to the outline so no Voronoi cell is cut short before clipping; ordered keeps cell i for point i.
        voronoi = shapely.voronoi_polygons(multipoint, extend_to=outline, ordered=True)
        cells = shapely.intersection(shapely.get_parts(voronoi), outline)
        cells = _merge_fragments(cells, metric.values)
    geometry = _round(gpd.GeoSeries(cells, crs=metric.crs).to_crs(WGS84))
    kel = gpd.GeoDataFrame(df[["kode_kelurahan", "kode_kecamatan"]], geometry=geometry.values, crs=WGS84)
    kec_rows = [
        (kode, shapely.union_all(group.geometry.values, grid_size=GRID))
        for kode, group in kel.groupby("kode_kecamatan", sort=True)
    ]
    kec = gpd.GeoDataFrame(
        {"kode_kecamatan": [k for k, _ in kec_rows]}, geometry=[g for _, g in kec_rows], crs=WGS84
    )
    kec["geometry"] = _round(kec.geometry)
    return kel, kec


def geometry_to_geojson(geom: BaseGeometry) -> str:
    """GeoJSON text of one shapely geometry."""
    return shapely.to_geojson(geom)


def feature_collection(gdf: gpd.GeoDataFrame, id_column: str) -> dict:
    """GeoJSON FeatureCollection (lon/lat) whose feature ids are id_column, for plotly's featureidkey="id"."""
    if gdf.crs is not None and not gdf.crs.equals(WGS84):
        gdf = gdf.to_crs(WGS84)
    # A JSON round trip turns numpy/pandas scalars into plain Python values.
    properties = json.loads(pd.DataFrame(gdf.drop(columns=gdf.geometry.name)).to_json(orient="records"))
    features = [
        {"type": "Feature", "id": props[id_column], "properties": props, "geometry": json.loads(geometry_to_geojson(geom))}
        for props, geom in zip(properties, gdf.geometry)
    ]
    return {"type": "FeatureCollection", "features": features}


def _mercator_y(lat: float) -> float:
    """Web-mercator y (radians) of a latitude in degrees."""
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def map_view(bounds: tuple[float, float, float, float], width_px: int = 700, height_px: int = 500) -> tuple[dict, float]:
    """Center and zoom that fit (minx, miny, maxx, maxy) lon/lat bounds in a web-mercator map of that pixel size."""
    minx, miny, maxx, maxy = bounds
    y0, y1 = _mercator_y(miny), _mercator_y(maxy)
    # Center on the mercator midpoint: the arithmetic mean of latitudes is slightly off-centre on screen.
    center_lat = math.degrees(2 * math.atan(math.exp((y0 + y1) / 2)) - math.pi / 2)
    center = {"lat": center_lat, "lon": (minx + maxx) / 2}
    zooms = [MAX_ZOOM]
    if maxx > minx:
        zooms.append(math.log2(width_px * 360 / (TILE_PX * (maxx - minx))))
    if y1 > y0:
        zooms.append(math.log2(height_px * 2 * math.pi / (TILE_PX * (y1 - y0))))
    return center, max(0.0, min(zooms) - ZOOM_MARGIN)
