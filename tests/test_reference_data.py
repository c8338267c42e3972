"""Checks on the shipped wilayah tables, and against the shared reference folder when it is present."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from shapely.geometry import Point

from analytics.geography import approximate_cells

ROOT = Path(__file__).resolve().parents[1]
WILAYAH = ROOT / "data" / "wilayah"
SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "reference"
UTM = "EPSG:32748"

needs_shared = pytest.mark.skipif(
    not (SHARED / "kota_bogor_wilayah.csv").is_file(),
    reason=f"reference folder {SHARED} not present (it is kept outside the repository)",
)


def read(name: str) -> pd.DataFrame:
    """Read a shipped CSV with codes kept as text."""
    return pd.read_csv(WILAYAH / name, dtype={c: str for c in ("kode", "kode_kabkota", "kode_provinsi", "kode_kecamatan", "kode_kelurahan")})


@pytest.fixture(scope="module")
def kelurahan() -> pd.DataFrame:
    return read("kelurahan.csv")


@pytest.fixture(scope="module")
def real() -> gpd.GeoDataFrame:
    return gpd.read_file(SHARED / "geo" / "kota_bogor_kelurahan.geojson")


def test_kabupaten_kota() -> None:
    kota = read("kabupaten_kota.csv")
    assert kota.to_dict("records") == [
        {"kode_kabkota": "32.71", "nama": "Kota Bogor", "kode_provinsi": "32", "provinsi": "Jawa Barat"}
    ]


def test_kecamatan() -> None:
    kec = read("kecamatan.csv")
    assert list(kec.columns) == ["kode_kecamatan", "kode_kabkota", "nama"]
    assert list(kec["kode_kecamatan"]) == [f"32.71.0{i}" for i in range(1, 7)]
    assert list(kec["nama"]) == ["Bogor Selatan", "Bogor Timur", "Bogor Tengah", "Bogor Barat", "Bogor Utara", "Tanah Sareal"]
    assert (kec["kode_kabkota"] == "32.71").all()


def test_kelurahan_codes(kelurahan: pd.DataFrame) -> None:
    assert len(kelurahan) == 68
    assert kelurahan["kode_kelurahan"].is_unique
    assert kelurahan["kode_kelurahan"].is_monotonic_increasing
    assert all(k.startswith(c + ".") for k, c in zip(kelurahan["kode_kelurahan"], kelurahan["kode_kecamatan"]))
    assert set(kelurahan["kode_kecamatan"]) == set(read("kecamatan.csv")["kode_kecamatan"])
    assert set(kelurahan["jenis"]) <= {"kelurahan", "desa"}


def test_rw_estimate(kelurahan: pd.DataFrame) -> None:
    assert kelurahan["jumlah_rw"].sum() == 802
    assert (kelurahan["jumlah_rw"] >= 3).all()
    assert kelurahan["sumber_jumlah_rw"].str.startswith("perkiraan").all()


def test_points_inside_kota_bogor_box(kelurahan: pd.DataFrame) -> None:
    assert kelurahan["lat"].between(-6.70, -6.50).all()
    assert kelurahan["lon"].between(106.70, 106.90).all()


def test_nama_lain_refers_to_known_codes(kelurahan: pd.DataFrame) -> None:
    lain = read("nama_lain_wilayah.csv")
    assert list(lain.columns) == ["kode", "nama_lain", "sumber"]
    assert lain["kode"].str.startswith("32.71.").all()
    assert set(lain["kode"]) <= set(kelurahan["kode_kelurahan"]) | set(kelurahan["kode_kecamatan"])


@needs_shared
def test_names_and_codes_match_official(kelurahan: pd.DataFrame) -> None:
    official = pd.read_csv(SHARED / "kota_bogor_wilayah.csv", dtype=str).sort_values("kode_kelurahan")
    assert list(kelurahan["kode_kelurahan"]) == list(official["kode_kelurahan"])
    assert list(kelurahan["kode_kecamatan"]) == list(official["kode_kecamatan"])
    assert list(kelurahan["nama"]) == list(official["kelurahan"])
    kec = official[["kode_kecamatan", "kecamatan"]].drop_duplicates()
    assert list(read("kecamatan.csv")["nama"]) == list(kec["kecamatan"])


@needs_shared
def test_points_inside_real_polygons(kelurahan: pd.DataFrame, real: gpd.GeoDataFrame) -> None:
    polygons = real.set_index("kode_kelurahan").geometry
    for row in kelurahan.itertuples():
        assert polygons[row.kode_kelurahan].contains(Point(row.lon, row.lat)), row.kode_kelurahan


@needs_shared
def test_approximate_cells_resemble_real(kelurahan: pd.DataFrame, real: gpd.GeoDataFrame) -> None:
    """Approximate cells vs real polygons.

    Measured with HULL_RATIO 0.3, BUFFER_FACTOR 0.6: city outline IoU 0.855 (approximate area 106.9 km² against
    111.4 km² real) and 68/68 real representative points in their own approximate cell. The thresholds leave room.
    """
    kel, kec = approximate_cells(kelurahan)
    kel, kec, real = kel.to_crs(UTM), kec.to_crs(UTM), real.to_crs(UTM)
    city = shapely.union_all(real.geometry.values)
    approx = shapely.union_all(kel.geometry.values)
    iou = city.intersection(approx).area / city.union(approx).area
    assert iou >= 0.75, f"outline IoU {iou:.3f}"

    cells = kel.set_index("kode_kelurahan").geometry
    kec_cells = kec.set_index("kode_kecamatan").geometry
    hits = sum(
        cells[row.kode_kelurahan].contains(point) or kec_cells[row.kode_kecamatan].contains(point)
        for row, point in zip(real.itertuples(), real.geometry.representative_point())
    )
    assert hits / len(real) >= 0.85, f"{hits}/{len(real)} representative points in the right cell or kecamatan"
