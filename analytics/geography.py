"""Approximate area polygons from centroids, and helpers to frame maps."""

from __future__ import annotations

import gc
import json
import math

import geopandas as gpd
import numpy as np
import orjson
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
# The size maps are framed for (analytics.figures.maps): the zoom, and so the detail worth sending, follows from it.
MAP_WIDTH_PX = 700
MAP_HEIGHT_PX = 480
# Simplification tolerance in screen pixels at the zoom a map opens on: detail finer than a pixel is never seen, and
# dropping it is what keeps a national map at a few MB instead of ~200 MB (STACK.md).
SIMPLIFY_PX = 1.0
# A small area beside large ones would lose its shape at the view's tolerance (IoU 0.80 for Kota Kupang's smallest
# kelurahan at one pixel): an area's tolerance is at most this share of its width (sqrt of its area) ...
AREA_DETAIL = 0.03
# ... but at least 1/MAX_DETAIL of the view's: on a national map a kecamatan a pixel wide needs no shape.
MAX_DETAIL = 8.0


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


def pixel_degrees(bounds: tuple[float, float, float, float], width_px: int = MAP_WIDTH_PX,
                  height_px: int = MAP_HEIGHT_PX) -> float:
    """Degrees of longitude one screen pixel spans at the zoom map_view picks for these bounds."""
    _, zoom = map_view(bounds, width_px, height_px)
    return 360.0 / (TILE_PX * 2**zoom)


def coordinate_decimals(tolerance: float | np.ndarray) -> int | np.ndarray:
    """Decimals worth keeping after simplifying with `tolerance` degrees: rounding then moves a point at most a
    quarter of the tolerance; never more than the 6 decimals stored (GRID)."""
    tol = np.maximum(np.asarray(tolerance, dtype=float), GRID)
    decimals = np.clip(np.ceil(-np.log10(tol / 2)), 1, 6).astype(int)
    return int(decimals) if decimals.ndim == 0 else decimals


def area_tolerances(geoms: np.ndarray, tolerance: float) -> np.ndarray:
    """Per-area tolerance: the view's, but at most AREA_DETAIL of an area's width, so a small area beside large ones
    keeps its shape; never below 1/MAX_DETAIL of the view's, as an area a pixel wide needs no shape at all."""
    width = np.sqrt(shapely.area(geoms))
    return np.clip(AREA_DETAIL * width, tolerance / MAX_DETAIL, tolerance)


def simplify_for_view(geoms: np.ndarray, tolerance: float | np.ndarray) -> np.ndarray:
    """Geometries simplified by `tolerance` degrees and snapped to the grid that tolerance makes meaningful; valid."""
    # Douglas-Peucker is ~20x faster than topology-preserving simplification (0.2 s against 3.4 s for 7,277 detailed
    # kecamatan) but can collapse a small area or make a ring cross itself: those few are redone preserving topology.
    simple = shapely.simplify(geoms, tolerance, preserve_topology=False)
    broken = shapely.is_empty(simple) | ~shapely.is_valid(simple)
    if broken.any():
        redo = tolerance[broken] if np.ndim(tolerance) else tolerance
        simple[broken] = shapely.simplify(geoms[broken], redo, preserve_topology=True)
    # Pointwise snapping is 5-10x faster than snapping with repair; the rare area it breaks (rings touching, or one
    # smaller than the grid collapsing) keeps its simplified, unsnapped shape: valid, and no area vanishes.
    snapped = shapely.set_precision(simple, 10.0 ** -coordinate_decimals(tolerance), mode="pointwise")
    broken = ~shapely.is_valid(snapped) | (shapely.is_empty(snapped) & ~shapely.is_empty(simple))
    snapped[broken] = simple[broken]
    return snapped


def view_tolerance(bounds: tuple[float, float, float, float], pixels: float = SIMPLIFY_PX) -> float:
    """Degrees that `pixels` screen pixels span on a map framed for these (unsimplified) bounds."""
    return pixels * pixel_degrees(bounds)


def simplified_texts(geojson: list[str], tolerance: float) -> list[str]:
    """Stored GeoJSON geometries simplified for a view of `tolerance` degrees (each at most AREA_DETAIL of its
    width), as GeoJSON text."""
    if not geojson:
        return []
    # GEOS parses GeoJSON ~3x faster than json.loads, and simplifies and writes it without Python loops.
    geoms = shapely.from_geojson(np.asarray(geojson, dtype=object))
    return list(shapely.to_geojson(simplify_for_view(geoms, area_tolerances(geoms, tolerance))))


def collection(codes: list[str], texts: list[str]) -> dict:
    """A FeatureCollection (feature id = code) of GeoJSON geometry texts, in the order given."""
    # One parse of the whole collection instead of one per area, by orjson (plotly's JSON writer, already required):
    # ~8 ms against json.loads' ~20 ms for 7,277 kecamatan. json.dumps quotes the codes safely.
    body = ",".join(f'{{"type":"Feature","id":{json.dumps(code)},"properties":{{}},"geometry":{text}}}'
                    for code, text in zip(codes, texts))
    return parsed_collection(body)


def parsed_collection(features: str | None) -> dict:
    """A FeatureCollection from the text of its features, comma-separated (None or "" for none)."""
    # The parse allocates ~100.000 lists and dicts, which sets off Python's cyclic collector; in a dashboard process
    # (a large heap) its passes took ~40 ms of a ~50 ms parse of a national map. The result holds no cycles.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return orjson.loads(f'{{"type":"FeatureCollection","features":[{features or ""}]}}')
    finally:
        if enabled:
            gc.enable()


def view_collection(codes: list[str], geojson: list[str], pixels: float = SIMPLIFY_PX) -> tuple[
        dict, tuple[float, float, float, float] | None, float]:
    """A FeatureCollection (feature id = code) of stored GeoJSON, simplified to `pixels` screen pixels at the zoom
    a map of all of them opens on: (collection, bounds of the unsimplified shapes, tolerance in degrees)."""
    if not codes:
        return {"type": "FeatureCollection", "features": []}, None, 0.0
    geoms = shapely.from_geojson(np.asarray(geojson, dtype=object))
    bounds = tuple(float(v) for v in shapely.total_bounds(geoms))
    tolerance = view_tolerance(bounds, pixels)
    texts = shapely.to_geojson(simplify_for_view(geoms, area_tolerances(geoms, tolerance)))
    return collection(codes, list(texts)), bounds, tolerance
