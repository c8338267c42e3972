"""Area polygons for maps, limited to the viewer's scope and the chosen areas."""

from __future__ import annotations

import json
from dataclasses import dataclass

import duckdb

from analytics.filters import Filters, Scope, area_params
from analytics.queries.overview import FILTERED_AREAS


@dataclass(frozen=True)
class Boundaries:
    """A GeoJSON FeatureCollection (feature id = area code), its bounds, and whether any polygon is approximate."""

    geojson: dict
    bounds: tuple[float, float, float, float] | None
    approximate: bool


_SQL = f"""
WITH w AS ({FILTERED_AREAS})
SELECT b.kode, b.geojson, b.perkiraan
FROM batas_wilayah b
WHERE b.tingkat = $tingkat
  AND b.kode IN (SELECT CASE WHEN $tingkat = 'kecamatan' THEN kode_kecamatan ELSE kode_kelurahan END FROM w)
ORDER BY b.kode
"""


def boundaries(con: duckdb.DuckDBPyConnection, filters: Filters, scope: Scope, level: str) -> Boundaries:
    """Polygons of the kecamatan or kelurahan inside the filters and scope."""
    if level not in ("kecamatan", "kelurahan"):
        raise ValueError(f"unknown level {level!r}")
    rows = con.execute(_SQL, {**area_params(filters, scope), "tingkat": level}).fetchall()
    features = [{"type": "Feature", "id": kode, "properties": {}, "geometry": json.loads(g)} for kode, g, _ in rows]
    return Boundaries(
        geojson={"type": "FeatureCollection", "features": features},
        bounds=_bounds(features),
        approximate=any(approx for _, _, approx in rows),
    )


def _bounds(features: list[dict]) -> tuple[float, float, float, float] | None:
    xs: list[float] = []
    ys: list[float] = []

    def walk(coords) -> None:
        if coords and isinstance(coords[0], (int, float)):
            xs.append(coords[0])
            ys.append(coords[1])
        else:
            for c in coords:
                walk(c)

    for f in features:
        walk(f["geometry"]["coordinates"])
    return (min(xs), min(ys), max(xs), max(ys)) if xs else None
