"""Area polygons for maps, limited to the viewer's scope and the chosen areas, and light enough to send."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from analytics import geography
from analytics.filters import Filters, Scope, area_params
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


_COUNT_SQL = f"""
WITH w AS ({FILTERED_AREAS})
SELECT count(*), count(DISTINCT kode_kecamatan) FROM w
"""

_SQL = f"""
WITH w AS ({FILTERED_AREAS})
SELECT b.kode, b.geojson, b.perkiraan
FROM batas_wilayah b
WHERE b.tingkat = $tingkat
  AND b.kode IN (SELECT CASE WHEN $tingkat = 'kecamatan' THEN kode_kecamatan ELSE kode_kelurahan END FROM w)
ORDER BY b.kode
"""


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
    kelurahan, kecamatan = con.execute(_COUNT_SQL, areas).fetchone()
    counts = {"kelurahan": kelurahan, "kecamatan": kecamatan}
    shown = "kecamatan" if level == "kelurahan" and kelurahan > max_kelurahan else level
    rows = con.execute(_SQL, {**areas, "tingkat": shown}).fetchall()
    pixels = HARD_SIMPLIFY_PX if shown == "kecamatan" and kecamatan > max_kecamatan else geography.SIMPLIFY_PX
    geojson, bounds, tolerance = geography.view_collection([r[0] for r in rows], [r[1] for r in rows], pixels)
    return Boundaries(
        geojson=geojson, bounds=bounds, approximate=any(r[2] for r in rows), level=shown, asked=level,
        asked_count=counts[level], tolerance=tolerance,
    )
