"""Area polygons for maps, limited to the viewer's scope and the chosen areas, and light enough to send."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import numpy as np

from analytics import geocache, geography
from analytics.filters import Filters, Scope, area_params
from analytics.memo import once_per_answer
from analytics.queries.overview import FILTERED_AREAS

# Most kelurahan one map draws. A kab/kota has up to ~850 kelurahan/desa, a province up to ~8,600 and the country
# ~83,000: beyond a kab/kota the polygons are a few pixels each, unreadable, slow to draw and tens of MB to send
# (STACK.md: 83,763 village polygons 199 MB), so the map shows kecamatan instead.
MAX_KELURAHAN_SHAPES = 2_000
# Most kecamatan one map draws at the normal detail. batas_wilayah has no kab/kota level to fall back on, so above
# this (several provinces) kecamatan stay but are simplified HARD_SIMPLIFY_PX pixels instead of one.
MAX_KECAMATAN_SHAPES = 2_000
HARD_SIMPLIFY_PX = 2.0
LEVELS = ("kecamatan", "kelurahan")


@dataclass(frozen=True)
class Boundaries:
    """A GeoJSON FeatureCollection (feature id = area code) at `level`, its bounds, whether any polygon is
    approximate, and the level asked for with its number of areas (more than a map draws when level differs)."""

    geojson: dict
    bounds: tuple[float, float, float, float] | None
    approximate: bool
    level: str
    asked: str
    asked_count: int
    tolerance: float = 0.0  # simplification tolerance used, in degrees


# Every kelurahan, with the two codes a map selects by: v_wilayah's rows when no area filter or scope narrows them
# (the foreign keys give every kelurahan its kecamatan and kab/kota), without its join of three tables (nationally
# ~10 ms less per statement). Statements with `{areas}` come in both forms, keyed by whether the view is unfiltered
# (which takes no area parameters: DuckDB refuses unused ones).
_EVERY_AREA = "SELECT kode_kelurahan, kode_kecamatan FROM kelurahan"


def _both(template: str) -> dict[bool, str]:
    """`template` with its `{areas}` as under the filters (False) and as every kelurahan (True)."""
    return {False: template.replace("{areas}", FILTERED_AREAS), True: template.replace("{areas}", _EVERY_AREA)}


# The selection's codes at `$tingkat` (a kecamatan's once however many of its kelurahan are in).
_SELECTED = "SELECT CASE WHEN $tingkat = 'kecamatan' THEN kode_kecamatan ELSE kode_kelurahan END FROM w"

_COUNT_SQL = _both("""
WITH w AS ({areas})
SELECT count(*), count(DISTINCT kode_kecamatan) FROM w
""")

_SQL = _both(f"""
WITH w AS ({{areas}})
SELECT b.kode, b.geojson, b.perkiraan
FROM batas_wilayah b
WHERE b.tingkat = $tingkat AND b.kode IN ({_SELECTED})
ORDER BY b.kode
""")

# The same selection from the extents (analytics/geocache.py): no polygon read.
_EXTENT_SQL = _both(f"""
WITH w AS ({{areas}})
SELECT u.kode, u.xmin, u.ymin, u.xmax, u.ymax, u.perkiraan
FROM {geocache.EXTENT_TABLE} u
WHERE u.tingkat = $tingkat AND u.kode IN ({_SELECTED})
ORDER BY u.kode
""")
# For the whole country, in two statements with nothing per area in Python: the number of areas, the bounds of their
# unsimplified shapes (the same floats shapely.total_bounds gives) and whether any is approximate; then the shapes
# stored for the view, written by DuckDB as the features of one FeatureCollection in code order (as
# geography.collection writes them) with their number. When that is every area (each stored once), the map is one
# parse of this text: ~25 ms less than fetching the extents and shapes and writing the collection in Python. Views
# narrowed by area keep the statements above, which select the areas twice instead of three times.
_EXTENT_SUMMARY_SQL = f"""
WITH w AS ({_EVERY_AREA})
SELECT count(*), min(u.xmin), min(u.ymin), max(u.xmax), max(u.ymax), coalesce(bool_or(u.perkiraan), false)
FROM {geocache.EXTENT_TABLE} u
WHERE u.tingkat = $tingkat AND u.kode IN ({_SELECTED})
"""
_VIEW_FEATURES_SQL = f"""
WITH w AS ({_EVERY_AREA})
SELECT count(*), string_agg('{{"type":"Feature","id":' || to_json(v.kode) || ',"properties":{{}},"geometry":'
                            || v.geojson || '}}', ',' ORDER BY v.kode)
FROM {geocache.VIEW_TABLE} v
WHERE v.tingkat = $tingkat AND v.toleransi = $toleransi AND v.kode IN ({_SELECTED})
"""
# Shapes already simplified for this view, and the stored polygons of the rest.
_VIEW_SQL = (f"SELECT kode, geojson FROM {geocache.VIEW_TABLE} "
             "WHERE tingkat = $tingkat AND toleransi = $toleransi AND kode IN (SELECT unnest($kode))")
_SOURCE_SQL = ("SELECT kode, geojson FROM batas_wilayah WHERE tingkat = $tingkat AND kode IN (SELECT unnest($kode)) "
               "ORDER BY kode")


@once_per_answer
def boundaries(con: duckdb.DuckDBPyConnection, filters: Filters, scope: Scope, level: str, *,
               max_kelurahan: int | None = None, max_kecamatan: int | None = None) -> Boundaries:
    """Polygons of the kecamatan or kelurahan inside the filters and scope, simplified to what the map shows; kecamatan
    instead of kelurahan when the selection holds more than `max_kelurahan`. Only the area filters matter: pass
    `filters.areas_only()` so a cache keeps one answer whatever the dates, types or organisers."""
    if level not in LEVELS:
        raise ValueError(f"unknown level {level!r}")
    # Limits read at call time (not as defaults) so tests can lower them for a whole page run.
    max_kelurahan = MAX_KELURAHAN_SHAPES if max_kelurahan is None else max_kelurahan
    max_kecamatan = MAX_KECAMATAN_SHAPES if max_kecamatan is None else max_kecamatan
    areas = area_params(filters, scope)
    everything = all(value is None for value in areas.values())
    if everything:
        areas = {}
    kelurahan, kecamatan = con.execute(_COUNT_SQL[everything], areas).fetchone()
    counts = {"kelurahan": kelurahan, "kecamatan": kecamatan}
    shown = "kecamatan" if level == "kelurahan" and kelurahan > max_kelurahan else level
    pixels = HARD_SIMPLIFY_PX if shown == "kecamatan" and kecamatan > max_kecamatan else geography.SIMPLIFY_PX
    if geocache.ready(con):
        geojson, bounds, tolerance, approximate = _from_cache(con, areas, shown, pixels, everything)
    else:
        rows = con.execute(_SQL[everything], {**areas, "tingkat": shown}).fetchall()
        geojson, bounds, tolerance = geography.view_collection([r[0] for r in rows], [r[1] for r in rows], pixels)
        approximate = any(r[2] for r in rows)
    return Boundaries(
        geojson=geojson, bounds=bounds, approximate=approximate, level=shown, asked=level,
        asked_count=counts[level], tolerance=tolerance,
    )


def _from_cache(con: duckdb.DuckDBPyConnection, areas: dict, level: str, pixels: float,
                everything: bool) -> tuple[dict, tuple[float, float, float, float] | None, float, bool]:
    """view_collection's answer from the stored extents and the shapes simplified for earlier views; the areas no
    view at this tolerance has drawn yet are simplified now and kept for the next. `everything`: the whole country
    (no area parameters)."""
    if everything:
        count, *box, approximate = con.execute(_EXTENT_SUMMARY_SQL, {"tingkat": level}).fetchone()
        if count:
            bounds = tuple(float(v) for v in box)
            tolerance = geography.view_tolerance(bounds, pixels)
            stored, features = con.execute(_VIEW_FEATURES_SQL, {"tingkat": level, "toleransi": tolerance}).fetchone()
            if stored == count:  # every area drawn before at this tolerance (once each): the usual case
                return geography.parsed_collection(features), bounds, tolerance, approximate
    rows = con.execute(_EXTENT_SQL[everything], {**areas, "tingkat": level}).fetchall()
    if not rows:
        return {"type": "FeatureCollection", "features": []}, None, 0.0, False
    codes = [r[0] for r in rows]
    box = np.array([r[1:5] for r in rows], dtype=float)
    # The bounds of the unsimplified shapes, exactly as shapely.total_bounds gives them: so is the tolerance.
    bounds = (float(box[:, 0].min()), float(box[:, 1].min()), float(box[:, 2].max()), float(box[:, 3].max()))
    tolerance = geography.view_tolerance(bounds, pixels)
    ready = dict(con.execute(_VIEW_SQL, {"tingkat": level, "toleransi": tolerance, "kode": codes}).fetchall())
    missing = [c for c in codes if c not in ready]
    if missing:
        source = con.execute(_SOURCE_SQL, {"tingkat": level, "kode": missing}).fetchall()
        fresh = geography.simplified_texts([r[1] for r in source], tolerance)
        ready.update(zip((r[0] for r in source), fresh))
        geocache.store(con, level, tolerance, [r[0] for r in source], fresh)
    # A polygon removed since the extents were read (a boundary undo committing in between) is left out.
    drawn = [c for c in codes if c in ready]
    return geography.collection(drawn, [ready[c] for c in drawn]), bounds, tolerance, any(r[5] for r in rows)
