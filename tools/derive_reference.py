"""Derive the shipped wilayah tables (codes, names, inner points, RW estimates) from the shared reference folder."""

from __future__ import annotations

import argparse
import csv
import math
import sys
from pathlib import Path

import geopandas as gpd
import pandas as pd
from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = ROOT.parent / "shared" / "reference"
OUT_DIR = ROOT / "data" / "wilayah"

KODE_KABKOTA = "32.71"
KABUPATEN_KOTA = {"kode_kabkota": KODE_KABKOTA, "nama": "Kota Bogor", "kode_provinsi": "32", "provinsi": "Jawa Barat"}
UTM = "EPSG:32748"  # UTM zone 48S covers Kota Bogor; areas and centroids are computed there, not in degrees.
TOTAL_RW = 802  # City-wide figure from the brief (unverified); no official per-kelurahan counts exist.
MIN_RW = 3
SUMBER_RW = "perkiraan: total 802 RW Kota Bogor dibagi menurut luas (belum resmi)"


def allocate_largest_remainder(weights: list[float], total: int, minimum: int) -> list[int]:
    """Split total into integers proportional to weights (largest remainder), none below minimum."""
    n = len(weights)
    if total < minimum * n:
        raise ValueError(f"cannot give {n} parts at least {minimum} each from {total}")
    fixed: dict[int, int] = {}
    # Parts whose proportional share falls below the minimum are pinned to it and the rest re-shared, until stable.
    while True:
        free = [i for i in range(n) if i not in fixed]
        remaining = total - sum(fixed.values())
        weight_sum = sum(weights[i] for i in free)
        quotas = {i: remaining * weights[i] / weight_sum for i in free}
        low = [i for i in free if quotas[i] < minimum]
        if not low:
            break
        fixed.update({i: minimum for i in low})
    result = dict(fixed)
    result.update({i: math.floor(q) for i, q in quotas.items()})
    leftover = total - sum(result.values())
    # Ties are broken by position (the caller sorts by code), so the output is deterministic.
    by_remainder = sorted(quotas, key=lambda i: (-(quotas[i] - math.floor(quotas[i])), i))
    for i in by_remainder[:leftover]:
        result[i] += 1
    return [result[i] for i in range(n)]


def inner_point(polygon_utm: BaseGeometry, polygon_wgs: BaseGeometry) -> tuple[float, float]:
    """Return (lat, lon) rounded to 6 decimals: the centroid if inside the polygon, else a point on its surface."""
    for candidate in (polygon_utm.centroid, polygon_utm.point_on_surface()):
        wgs = gpd.GeoSeries([candidate], crs=UTM).to_crs(4326).iloc[0]
        lat, lon = round(wgs.y, 6), round(wgs.x, 6)
        # Check after rounding, against the original lon/lat polygon, which is what users of the CSV will test.
        if polygon_wgs.contains(Point(lon, lat)):
            return lat, lon
    raise RuntimeError("no inner point found")


def read_inputs(shared: Path) -> tuple[pd.DataFrame, gpd.GeoDataFrame, pd.DataFrame]:
    """Read the official names, the kelurahan polygons and the other spellings."""
    wilayah = pd.read_csv(shared / "kota_bogor_wilayah.csv", dtype=str)
    polygons = gpd.read_file(shared / "geo" / "kota_bogor_kelurahan.geojson")
    ejaan = pd.read_csv(shared / "wilayah_ejaan_lain.csv", dtype=str)
    missing = set(wilayah["kode_kelurahan"]) ^ set(polygons["kode_kelurahan"])
    if missing:
        raise SystemExit(f"kelurahan codes differ between names and polygons: {sorted(missing)}")
    return wilayah, polygons, ejaan


def build_kelurahan(wilayah: pd.DataFrame, polygons: gpd.GeoDataFrame) -> pd.DataFrame:
    """One row per kelurahan with type, estimated RW count and an inner point."""
    wilayah = wilayah.sort_values("kode_kelurahan").reset_index(drop=True)
    polygons = polygons.set_index("kode_kelurahan").loc[wilayah["kode_kelurahan"]]
    utm = polygons.geometry.to_crs(UTM)
    # sqrt(area) damps the spread: large peri-urban kelurahan do not have RW counts proportional to their area.
    weights = [math.sqrt(a / 1e6) for a in utm.area]
    rw = allocate_largest_remainder(weights, TOTAL_RW, MIN_RW)
    points = [inner_point(u, w) for u, w in zip(utm, polygons.geometry)]
    jenis = {"1": "kelurahan", "2": "desa"}
    return pd.DataFrame(
        {
            "kode_kelurahan": wilayah["kode_kelurahan"],
            "kode_kecamatan": wilayah["kode_kecamatan"],
            "nama": wilayah["kelurahan"],
            "jenis": [jenis[k.split(".")[3][0]] for k in wilayah["kode_kelurahan"]],
            "jumlah_rw": rw,
            "sumber_jumlah_rw": SUMBER_RW,
            "lat": [f"{lat:.6f}" for lat, _ in points],
            "lon": [f"{lon:.6f}" for _, lon in points],
        }
    )


def write_csv(df: pd.DataFrame, path: Path) -> None:
    """Write UTF-8, comma-separated, '\\n' line ends, so reruns give byte-identical files."""
    df.to_csv(path, index=False, encoding="utf-8", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)


def derive(shared: Path, out_dir: Path = OUT_DIR) -> None:
    """Write the four wilayah CSVs into out_dir."""
    wilayah, polygons, ejaan = read_inputs(shared)
    out_dir.mkdir(parents=True, exist_ok=True)
    write_csv(pd.DataFrame([KABUPATEN_KOTA]), out_dir / "kabupaten_kota.csv")
    kecamatan = (
        wilayah[["kode_kecamatan", "kecamatan"]]
        .drop_duplicates()
        .rename(columns={"kecamatan": "nama"})
        .assign(kode_kabkota=KODE_KABKOTA)[["kode_kecamatan", "kode_kabkota", "nama"]]
        .sort_values("kode_kecamatan")
    )
    write_csv(kecamatan, out_dir / "kecamatan.csv")
    write_csv(build_kelurahan(wilayah, polygons), out_dir / "kelurahan.csv")
    nama_lain = (
        ejaan[ejaan["kode"].str.startswith(KODE_KABKOTA + ".")]
        .rename(columns={"ejaan_lain": "nama_lain"})[["kode", "nama_lain", "sumber"]]
        .sort_values(["kode", "nama_lain"])
    )
    write_csv(nama_lain, out_dir / "nama_lain_wilayah.csv")


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help=f"reference folder (default {DEFAULT_SHARED})")
    args = parser.parse_args(argv)
    if not (args.shared / "kota_bogor_wilayah.csv").is_file():
        sys.exit(f"reference folder not found or incomplete: {args.shared} (expected kota_bogor_wilayah.csv there)")
    derive(args.shared)
    print(f"wrote {OUT_DIR.relative_to(ROOT)}/{{kabupaten_kota,kecamatan,kelurahan,nama_lain_wilayah}}.csv")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
