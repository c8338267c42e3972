"""Import a real boundary file (GeoJSON, GeoPackage, zipped Shapefile) in place of the approximate areas."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from analytics import fmt
from analytics.geography import WGS84
from analytics.importing import boundaries_shape as shape
from analytics.importing import boundaries_store as store
from analytics.importing.boundaries_match import LEVELS, Match, Region, load_region, match_features
from analytics.importing.boundaries_read import BoundaryFileError, Layer, polygonal, read_layers, to_wgs84
from analytics.importing.result import ImportResult, Rejection

__all__ = ["import_boundaries", "undo_boundaries"]

undo_boundaries = store.undo_boundaries

LEVEL_ALIASES = {"desa": "kelurahan", "kel": "kelurahan", "kec": "kecamatan"}
EXAMPLES = 3  # names quoted in a note before "…"
LABEL_COLUMNS = ("NAMOBJ", "WADMKD", "DESA", "KELURAHAN", "NAMA", "NAME", "ADM4_EN", "WADMKC", "KECAMATAN", "ADM3_EN")


@dataclass
class Plan:
    """What an import would write: areas (code -> GeoJSON), refused features, notes for the operator."""

    level: str
    method: str
    areas: dict[str, str] = field(default_factory=dict)
    rejections: list[Rejection] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    empty_reason: str = ""


def import_boundaries(
    con: duckdb.DuckDBPyConnection,
    path: str | Path,
    *,
    user: str,
    file_name: str | None = None,
    level: str | None = None,
) -> ImportResult:
    """Read, match, validate and simplify a boundary file, then store it in one transaction (kind "boundaries")."""
    path = Path(path)
    file_name = file_name or path.name
    result = ImportResult(kind="boundaries", file_name=file_name)
    level = LEVEL_ALIASES.get(level.lower(), level.lower()) if level else None
    if level is not None and level not in LEVELS:
        result.error = f"Tingkat {level!r} tidak dikenal: pilih kelurahan (atau desa) atau kecamatan."
        return result
    try:
        result.sha256 = _sha256(path)
    except OSError as exc:
        result.error = f"File {file_name} tidak bisa dibuka: {exc.strerror or exc}."
        return result
    earlier = store.already_imported(con, result.sha256)
    if earlier is not None:
        result.already_imported = True
        result.import_id = earlier
        result.corrections.append(f"File ini sudah diimpor (impor #{earlier}); tidak ada yang ditambahkan.")
        return result
    try:
        plan = _plan(con, path, file_name, level)
    except BoundaryFileError as exc:
        result.error = str(exc)
        return result
    result.corrections += plan.notes
    result.rejections = plan.rejections
    result.rows_rejected = len(plan.rejections)
    if not plan.areas:
        result.error = plan.empty_reason
        return result
    _store(con, plan, result, user)
    return result


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _plan(con: duckdb.DuckDBPyConnection, path: Path, file_name: str, level: str | None) -> Plan:
    """Everything short of writing: read, pick the best layer, match, dissolve, check, simplify."""
    region = load_region(con)
    best = None
    found_types: dict[str, int] = {}
    for layer in read_layers(path, file_name):
        prepared = _prepare(layer, file_name, found_types)
        if prepared is None:
            continue
        frame, types, crs_note = prepared
        match = match_features(frame, region, level)
        matched = sum(c is not None for c in match.codes)
        if best is None or matched > best[0]:  # ties keep the first layer
            best = (matched, layer, frame, types, match, crs_note)
    if best is None:
        listed = ", ".join(f"{n} {t}" for t, n in found_types.items()) or "tidak ada fitur"
        raise BoundaryFileError(
            f"File {file_name} tidak berisi poligon (isinya: {listed}). Batas wilayah harus berupa Polygon atau "
            f"MultiPolygon."
        )
    _, layer, frame, types, match, crs_note = best
    plan = Plan(match.level, match.method)
    if crs_note:
        plan.notes.append(crs_note)
    if layer.label != file_name:
        plan.notes.append(f"Dibaca dari {layer.label}.")
    if match.method:
        plan.notes.append(f"Tingkat {match.level}, dicocokkan dengan {match.method}.")
    plan.notes += match.notes
    _build_areas(plan, frame, types, match, region, file_name)
    return plan


def _prepare(
    layer: Layer, file_name: str, found_types: dict[str, int]
) -> tuple[gpd.GeoDataFrame, list[str], str | None] | None:
    """The layer with only valid (multi)polygons as geometry, in EPSG:4326; None if it has no polygon at all."""
    frame = layer.frame
    types = [g.geom_type if g is not None and not g.is_empty else "kosong" for g in frame.geometry]
    for t in types:
        found_types[t] = found_types.get(t, 0) + 1
    polygons = [polygonal(g) for g in frame.geometry]
    if all(p is None for p in polygons):
        return None
    frame = gpd.GeoDataFrame(
        frame.drop(columns=frame.geometry.name), geometry=gpd.GeoSeries(polygons, crs=frame.crs), crs=frame.crs
    )
    frame, note = to_wgs84(frame, file_name)
    return frame.reset_index(drop=True), types, note


def _build_areas(
    plan: Plan, frame: gpd.GeoDataFrame, types: list[str], match: Match, region: Region, file_name: str
) -> None:
    """Group matched features per area, check and simplify them; fill plan.areas, rejections and notes."""
    names = region.names(plan.level)
    outside: list[str] = []
    groups: dict[str, list[int]] = {}
    refused: dict[int, list[str]] = {}
    for i, code in enumerate(match.codes):
        if match.outside[i]:
            outside.append(_label(frame, i))
            continue
        reasons = list(match.reasons[i])
        if frame.geometry.iloc[i] is None:
            reasons.insert(0, f"geometri {types[i]} bukan poligon (Polygon/MultiPolygon)")
        if code is None and not reasons:
            reasons.append("tidak ada kode atau nama wilayah yang dikenali")
        if reasons:
            refused[i] = reasons
        else:
            groups.setdefault(code, []).append(i)
    before = after = 0
    if groups:
        crs = shape.metric_crs(frame.geometry.iloc[[i for idx in groups.values() for i in idx]])
        metric = frame.geometry.to_crs(crs)  # once for the whole layer: files may hold thousands of desa
        points = _area_points(region, plan.level, crs)
        merged: dict[str, object] = {}
        for code in sorted(groups):
            idx = groups[code]
            geom = polygonal(shapely.union_all(metric.iloc[idx].values))
            if len(idx) > 1:
                plan.notes.append(f"{len(idx)} fitur untuk {names[code]} ({code}) digabung menjadi satu wilayah.")
            problem = _implausible(code, geom, points.get(code), names[code], plan)
            if problem or geom is None:
                for i in idx:
                    refused[i] = [problem or "geometri kosong setelah diperbaiki"]
            else:
                merged[code] = geom
        stored = shape.to_storage(list(merged.values()), crs, shape.SIMPLIFY_M[plan.level])
        for code, geom in zip(merged, stored):
            if geom is None:
                for i in groups[code]:
                    refused[i] = ["poligon habis setelah disederhanakan (terlalu kecil)"]
                continue
            plan.areas[code] = shapely.to_geojson(geom)
            before += shape.vertex_count(list(frame.geometry.iloc[groups[code]]))
            after += shape.vertex_count([geom])
    plan.rejections = [Rejection(i + 1, _cells(frame, types, i), tuple(refused[i])) for i in sorted(refused)]
    if plan.areas:
        plan.notes.append(
            f"Disederhanakan (toleransi {shape.SIMPLIFY_M[plan.level]:.0f} m, 6 desimal): {fmt.number(before)} → "
            f"{fmt.number(after)} titik sudut."
        )
    if outside:
        plan.notes.append(
            f"{fmt.number(len(outside))} fitur di luar wilayah basis data diabaikan, mis. {_some(outside)}."
        )
    _missing_note(plan, region)
    plan.empty_reason = _empty_reason(plan, frame, outside, region, file_name)


def _area_points(region: Region, level: str, crs) -> dict[str, np.ndarray]:
    """The stored kelurahan points (metric) of each area: its own point, or its kelurahan's for a kecamatan."""
    kel = region.kel.dropna(subset=["lat", "lon"])
    metric = gpd.GeoSeries(gpd.points_from_xy(kel["lon"], kel["lat"]), crs=WGS84).to_crs(crs).values
    keys = kel["kode"] if level == "kelurahan" else kel["kode_kecamatan"]
    out: dict[str, list] = {}
    for key, point in zip(keys, metric):
        out.setdefault(key, []).append(point)
    return {k: np.array(v) for k, v in out.items()}


def _implausible(code: str, geom, points: np.ndarray | None, name: str, plan: Plan) -> str | None:
    """A reason to refuse the polygon when the area's stored point(s) lie far from it (a probable mis-match)."""
    if geom is None or points is None or not len(points):
        return None
    distances = shapely.distance(geom, points)
    if plan.level == "kelurahan":
        if distances[0] > shape.MAX_POINT_DISTANCE_M:
            return (
                f"titik pusat {name} ({code}) yang tersimpan berjarak {_km(distances[0])} dari poligon ini; "
                f"kemungkinan salah cocok (kode atau nama keliru)"
            )
        if distances[0] > 0:
            plan.notes.append(
                f"Titik pusat {name} ({code}) berada {_km(distances[0])} di luar poligonnya (masih dalam batas 2 km)."
            )
        return None
    far = distances > shape.MAX_POINT_DISTANCE_M
    if far.mean() > 0.5:
        return (
            f"{int(far.sum())} dari {len(far)} titik pusat kelurahan di kecamatan {name} ({code}) berjarak lebih "
            f"dari 2 km dari poligon ini; kemungkinan salah cocok"
        )
    return None


def _km(metres: float) -> str:
    metres = float(metres)
    return f"{metres / 1000:.1f} km".replace(".", ",") if metres >= 1000 else f"{metres:.0f} m"


def _missing_note(plan: Plan, region: Region) -> None:
    """Name the areas of the file's kab/kota that got no polygon: they keep the shape they had."""
    if not plan.areas:
        return
    table = region.table(plan.level)
    kabkota = {code[:5] for code in plan.areas}
    missing = [n for k, n in zip(table["kode"], table["nama"]) if k[:5] in kabkota and k not in plan.areas]
    if missing:
        plan.notes.append(
            f"{fmt.number(len(missing))} {plan.level} tanpa poligon di file ini tetap memakai bentuk sebelumnya "
            f"(perkiraan, atau batas dari impor lain): {_some(missing)}."
        )


def _empty_reason(plan: Plan, frame: gpd.GeoDataFrame, outside: list[str], region: Region, file_name: str) -> str:
    if plan.areas:
        return ""
    if outside and not plan.rejections:
        kabkota = ", ".join(f"{name} ({code})" for code, name in region.kabkota.items())
        return (
            f"Tidak ada fitur di {file_name} yang berada di wilayah basis data ini ({kabkota}): "
            f"{fmt.number(len(outside))} fitur di luar wilayah, mis. {_some(outside)}."
        )
    if not plan.method:
        columns = ", ".join(str(c) for c in frame.columns if c != frame.geometry.name) or "tidak ada"
        return (
            f"Tidak ditemukan kolom kode wilayah (mis. KODE, KDEPUM, kode_kelurahan, ADM4_PCODE) atau nama wilayah "
            f"(mis. NAMOBJ, WADMKD, DESA, KELURAHAN, NAMA) yang cocok dengan basis data. Kolom di file: {columns}."
        )
    first = plan.rejections[0]
    return (
        f"Tidak ada batas yang bisa diimpor: {fmt.number(len(plan.rejections))} fitur ditolak. "
        f"Contoh fitur ke-{first.row}: {'; '.join(first.reasons)}."
    )


def _some(names: list[str]) -> str:
    return ", ".join(names[:EXAMPLES]) + (" …" if len(names) > EXAMPLES else "")


def _label(frame: gpd.GeoDataFrame, i: int) -> str:
    """A name for a feature in messages: a name-like attribute, else its number."""
    upper = {str(c).upper(): c for c in frame.columns if c != frame.geometry.name}
    for wanted in LABEL_COLUMNS:
        if wanted in upper and _filled(frame[upper[wanted]].iloc[i]):
            return str(frame[upper[wanted]].iloc[i])
    for col in upper.values():
        value = frame[col].iloc[i]
        if isinstance(value, str) and value.strip():
            return value
    return f"fitur ke-{i + 1}"


def _filled(value: object) -> bool:
    try:
        if pd.isna(value):
            return False
    except (TypeError, ValueError):  # lists and arrays (GeoJSON allows them as properties) count as filled
        return True
    return str(value).strip() != ""


def _cells(frame: gpd.GeoDataFrame, types: list[str], i: int) -> dict[str, str]:
    """A refused feature's attributes as text (not its coordinates, which would bloat rejected_rows)."""
    row = frame.drop(columns=frame.geometry.name).iloc[i]
    cells = {str(k): str(v) for k, v in row.items() if _filled(v)}
    cells["geometri"] = types[i]
    return cells


def _store(con: duckdb.DuckDBPyConnection, plan: Plan, result: ImportResult, user: str) -> None:
    """Write the areas, refused features and the imports row in one transaction."""
    codes = sorted(plan.areas)
    con.execute("BEGIN TRANSACTION")
    try:
        replaced = store.replaced_imports(con, plan.level, codes)
        import_id = store.insert_import(
            con,
            file_name=result.file_name,
            sha256=result.sha256,
            user=user,
            kept=len(codes),
            rejected=len(plan.rejections),
            note="",
        )
        store.write_areas(con, plan.level, plan.areas, result.file_name, import_id)
        store.insert_rejections(con, import_id, plan.rejections)
        if replaced:
            listed = ", ".join(f"#{k} ({v} wilayah)" for k, v in replaced.items())
            result.corrections.append(f"Menggantikan batas {plan.level} dari impor sebelumnya: {listed}.")
        if plan.level == "kelurahan":
            derived = store.derive_kecamatan(con, [c[:8] for c in codes], import_id, result.file_name)
            if derived:
                named = con.execute(
                    "SELECT string_agg(nama, ', ' ORDER BY kode_kecamatan) FROM kecamatan "
                    "WHERE list_contains($k, kode_kecamatan)",
                    {"k": derived},
                ).fetchone()[0]
                result.corrections.append(
                    f"Batas {len(derived)} kecamatan dibentuk dari gabungan batas kelurahannya: {named}."
                )
        con.execute(
            "UPDATE imports SET catatan = $c WHERE import_id = $i",
            {"c": " ".join(result.corrections)[:4000], "i": import_id},
        )
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    result.import_id = import_id
    result.rows_kept = len(codes)
