"""Read a boundary file (GeoJSON, GeoPackage, zipped Shapefile) into GeoDataFrames in EPSG:4326."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import geopandas as gpd
import pyogrio
import shapely
from shapely.geometry.base import BaseGeometry

WGS84 = "EPSG:4326"
ACCEPTED = (
    "Kirim batas wilayah sebagai GeoJSON (.geojson/.json), GeoPackage (.gpkg) atau Shapefile yang dikemas dalam "
    ".zip (berisi .shp, .shx, .dbf dan sebaiknya .prj)."
)
_SQLITE_MAGIC = b"SQLite format 3\x00"
_ZIP_MAGIC = b"PK\x03\x04"


class BoundaryFileError(ValueError):
    """The file cannot be used as a boundary file; the message is for the operator, in Indonesian."""


@dataclass
class Layer:
    """One readable polygon layer of the file: its label for messages and its features (any CRS)."""

    label: str
    frame: gpd.GeoDataFrame


def detect_format(path: Path, file_name: str) -> str:
    """'geojson', 'gpkg' or 'zip', judged by content (extensions lie: a CSV renamed .geojson is still a CSV)."""
    with path.open("rb") as f:
        head = f.read(64)
    suffix = PurePosixPath(file_name).suffix.lower() or "(tanpa akhiran)"
    if not head.strip():
        raise BoundaryFileError(f"File {file_name} kosong. {ACCEPTED}")
    if head.startswith(_ZIP_MAGIC):
        return "zip"
    if head.startswith(_SQLITE_MAGIC):
        return "gpkg"
    if head.lstrip(b"\xef\xbb\xbf").lstrip().startswith(b"{"):
        return "geojson"
    if suffix in (".geojson", ".json", ".gpkg", ".zip"):
        raise BoundaryFileError(
            f"File {file_name} berakhiran {suffix} tetapi isinya bukan {suffix[1:].upper()} "
            f"(mungkin CSV, teks atau file rusak). {ACCEPTED}"
        )
    if suffix == ".shp":
        raise BoundaryFileError(f"File .shp saja tidak cukup (atribut ada di .dbf, CRS di .prj). {ACCEPTED}")
    raise BoundaryFileError(f"Format file {suffix} tidak didukung untuk batas wilayah. {ACCEPTED}")


def read_layers(path: Path, file_name: str) -> list[Layer]:
    """Every candidate polygon layer of the file (several for a GeoPackage or a zip with several .shp)."""
    kind = detect_format(path, file_name)
    if kind == "zip":
        sources = [(member, f"/vsizip/{path}/{member}", None) for member in _zip_shapefiles(path, file_name)]
    elif kind == "gpkg":
        sources = [(f"lapisan {name}", str(path), name) for name in _gpkg_polygon_layers(path, file_name)]
    else:
        sources = [(file_name, str(path), None)]
    layers = []
    for label, source, layer in sources:
        try:
            frame = gpd.read_file(source, layer=layer, engine="pyogrio")
        except Exception as exc:  # GDAL raises many types; the operator only needs to know the file is unreadable
            raise BoundaryFileError(
                f"File {file_name} tidak bisa dibaca sebagai {kind.upper()} ({label}): {_first_line(exc)}. {ACCEPTED}"
            ) from exc
        layers.append(Layer(label, frame))
    return layers


def _first_line(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]


def _zip_shapefiles(path: Path, file_name: str) -> list[str]:
    """Members of the zip that are complete shapefiles (.shp with .shx and .dbf beside it), in any subfolder."""
    try:
        with zipfile.ZipFile(path) as zf:
            names = [n for n in zf.namelist() if not n.startswith("__MACOSX/") and not n.endswith("/")]
    except zipfile.BadZipFile as exc:
        raise BoundaryFileError(f"File {file_name} bukan arsip zip yang utuh. {ACCEPTED}") from exc
    lower = {n.lower() for n in names}
    shps = sorted(n for n in names if n.lower().endswith(".shp"))
    if not shps:
        found = ", ".join(sorted(names)[:5]) or "kosong"
        raise BoundaryFileError(f"Arsip {file_name} tidak berisi Shapefile (.shp); isinya: {found}. {ACCEPTED}")
    complete = [s for s in shps if all(s[:-4].lower() + ext in lower for ext in (".shx", ".dbf"))]
    if not complete:
        raise BoundaryFileError(
            f"Shapefile dalam {file_name} tidak lengkap: {shps[0]} perlu file .shx dan .dbf bernama sama. {ACCEPTED}"
        )
    return complete


def _gpkg_polygon_layers(path: Path, file_name: str) -> list[str]:
    """Names of the GeoPackage layers whose declared geometry is (multi)polygon, or unknown (may hold polygons)."""
    try:
        layers = pyogrio.list_layers(str(path))
    except Exception as exc:
        raise BoundaryFileError(f"File {file_name} bukan GeoPackage yang bisa dibaca: {_first_line(exc)}.") from exc
    names = [str(n) for n, g in layers if g is not None and ("Polygon" in str(g) or str(g) == "Unknown")]
    if not names:
        listed = ", ".join(f"{n} ({g or 'tanpa geometri'})" for n, g in layers) or "tidak ada lapisan"
        raise BoundaryFileError(f"GeoPackage {file_name} tidak punya lapisan poligon ({listed}).")
    return names


def polygonal(geom: BaseGeometry | None) -> BaseGeometry | None:
    """The valid (multi)polygon part of a geometry, in 2D, or None when nothing polygonal is left."""
    if geom is None or geom.is_empty:
        return None
    geom = shapely.make_valid(shapely.force_2d(geom))
    parts, polygons = [geom], []
    # make_valid may return collections of collections (polygons plus stray lines and points): flatten fully.
    while parts:
        part = parts.pop()
        if part.geom_type == "Polygon":
            if not part.is_empty and part.area > 0:
                polygons.append(part)
        elif part.geom_type in ("MultiPolygon", "GeometryCollection"):
            parts.extend(shapely.get_parts(part))
    if not polygons:
        return None
    return polygons[0] if len(polygons) == 1 else shapely.union_all(polygons)


def to_wgs84(frame: gpd.GeoDataFrame, file_name: str) -> tuple[gpd.GeoDataFrame, str | None]:
    """Reproject to EPSG:4326; a file without CRS is taken as lon/lat only when its numbers can be degrees."""
    geoms = frame.geometry[~(frame.geometry.isna() | frame.geometry.is_empty)]
    minx, miny, maxx, maxy = geoms.total_bounds if len(geoms) else (0.0, 0.0, 0.0, 0.0)
    degrees = -180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90
    if not degrees and (frame.crs is None or frame.crs.is_geographic):
        # GeoJSON without a "crs" member is read as EPSG:4326 by GDAL, so a declared geographic CRS proves nothing.
        swapped = -180 <= miny <= maxy <= 180 and -90 <= minx <= maxx <= 90
        hint = (
            " Urutan koordinat tampaknya tertukar (lintang, bujur): GeoJSON menulis bujur dahulu."
            if swapped
            else " Kemungkinan koordinat dalam meter (mis. UTM zona 48S, EPSG:32748) tanpa keterangan sistem koordinat."
        )
        raise BoundaryFileError(
            f"Koordinat di {file_name} bukan derajat bujur/lintang (contoh {minx:,.0f}, {miny:,.0f}) dan file tidak "
            f"menyebut sistem koordinatnya (CRS).{hint} Sertakan file .prj (Shapefile) atau simpan ulang file "
            f"dengan CRS yang benar."
        )
    if frame.crs is None:
        return frame.set_crs(
            WGS84
        ), "File tidak menyebut sistem koordinat; koordinatnya dianggap bujur/lintang (EPSG:4326)."
    if frame.crs.equals(WGS84) or frame.crs.equals("OGC:CRS84"):
        return frame.to_crs(WGS84), None
    epsg = frame.crs.to_epsg()
    name = f"EPSG:{epsg}" if epsg else frame.crs.name
    return frame.to_crs(WGS84), f"Koordinat diubah dari {name} ({frame.crs.name}) ke EPSG:4326."
