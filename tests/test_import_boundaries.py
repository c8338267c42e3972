"""Tests for importing real boundary files: formats, CRS, matching, validation, storage, undo and the maps."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from shapely.geometry import Point, box

from analytics import db
from analytics.filters import Filters, Scope
from analytics.importing import boundaries_store
from analytics.importing.boundaries import import_boundaries, undo_boundaries
from analytics.queries.geo import boundaries
from tests.conftest import SHARED_REFERENCE

REFERENCE_KEL = SHARED_REFERENCE / "geo" / "kota_bogor_kelurahan.geojson"
REFERENCE_KEC = SHARED_REFERENCE / "geo" / "kota_bogor_kecamatan.geojson"
needs_reference = pytest.mark.skipif(
    not REFERENCE_KEL.exists(),
    reason=f"real Kota Bogor polygons not found at {REFERENCE_KEL} (../shared/reference is optional)",
)
CAMPAIGN = Filters("pilkada2024")
ALL = Scope.everything()
RADIUS_DEG = 0.0012  # ~130 m: synthetic areas stay around their kelurahan point


@pytest.fixture()
def con(sample_db: Path, tmp_path: Path):
    """A writable copy of the session's sample database."""
    path = tmp_path / "jangkau.duckdb"
    shutil.copy(sample_db, path)
    connection = db.connect(path)
    yield connection
    connection.close()


def points(con) -> pd.DataFrame:
    return con.execute(
        "SELECT k.kode_kelurahan, k.kode_kecamatan, k.nama, c.nama AS kecamatan, k.lat, k.lon "
        "FROM kelurahan k JOIN kecamatan c USING (kode_kecamatan) ORDER BY 1"
    ).df()


def circles(con, **columns) -> gpd.GeoDataFrame:
    """A round area around every kelurahan point; columns maps output column -> function of the point row."""
    pts = points(con)
    data = {name: [fn(r) for r in pts.itertuples()] for name, fn in columns.items()}
    geoms = [Point(r.lon, r.lat).buffer(RADIUS_DEG, quad_segs=16) for r in pts.itertuples()]
    return gpd.GeoDataFrame(data, geometry=geoms, crs="EPSG:4326")


def write(frame: gpd.GeoDataFrame, path: Path, **kwargs) -> Path:
    frame.to_file(path, **kwargs)
    return path


def zip_shapefile(frame: gpd.GeoDataFrame, tmp_path: Path, *, folder: str = "batas/", prj: bool = True) -> Path:
    """A zipped Shapefile with its parts in a subfolder, as offices receive them."""
    work = tmp_path / "shp"
    work.mkdir(exist_ok=True)
    frame.to_file(work / "kelurahan.shp")
    archive = tmp_path / "kelurahan.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for part in sorted(work.iterdir()):
            if prj or part.suffix != ".prj":
                zf.write(part, folder + part.name)
    return archive


def state(con) -> list[tuple]:
    return con.execute("SELECT * FROM batas_wilayah ORDER BY tingkat, kode").fetchall()


def counts(con) -> tuple[int, int]:
    imports = con.execute("SELECT count(*) FROM imports WHERE jenis = 'boundaries'").fetchone()[0]
    rejected = con.execute("SELECT count(*) FROM rejected_rows").fetchone()[0]
    return imports, rejected


def approximate(con, level: str, filters: Filters = CAMPAIGN) -> bool:
    return boundaries(con, filters, ALL, level).approximate


# --- always-run tests on synthetic polygons ---------------------------------------------------------------------


def test_codes_replace_approximate_areas_and_maps_turn_real(con, tmp_path) -> None:
    path = write(circles(con, KODE=lambda r: r.kode_kelurahan, NAMA=lambda r: r.nama), tmp_path / "batas.geojson")
    assert approximate(con, "kelurahan") and approximate(con, "kecamatan")

    result = import_boundaries(con, path, user="operator")

    assert result.error is None and result.exit_code == 0
    assert (result.rows_kept, result.rows_rejected, result.kind) == (68, 0, "boundaries")
    rows = con.execute(
        "SELECT tingkat, count(*), bool_or(perkiraan), min(import_id), max(import_id) "
        "FROM batas_wilayah GROUP BY 1 ORDER BY 1"
    ).fetchall()
    assert rows == [
        ("kecamatan", 6, False, result.import_id, result.import_id),
        ("kelurahan", 68, False, result.import_id, result.import_id),
    ]
    assert not approximate(con, "kelurahan") and not approximate(con, "kecamatan")
    imp = con.execute(
        "SELECT jenis, nama_file, sha256, pengguna, baris_diterima, baris_ditolak, status "
        "FROM imports WHERE import_id = $i",
        {"i": result.import_id},
    ).fetchone()
    assert imp == ("boundaries", "batas.geojson", result.sha256, "operator", 68, 0, "selesai")
    sources = dict(con.execute("SELECT tingkat, any_value(sumber) FROM batas_wilayah GROUP BY 1").fetchall())
    assert sources["kelurahan"] == "batas.geojson" and "gabungan batas kelurahan" in sources["kecamatan"]


def test_stored_geojson_is_valid_simplified_and_smaller(con, tmp_path) -> None:
    path = write(circles(con, KODE=lambda r: r.kode_kelurahan), tmp_path / "batas.geojson")
    result = import_boundaries(con, path, user="operator")
    stored = con.execute("SELECT kode, geojson FROM batas_wilayah WHERE tingkat = 'kelurahan' ORDER BY 1").fetchall()
    geoms = [shapely.from_geojson(g) for _, g in stored]
    assert all(g.is_valid and g.geom_type in ("Polygon", "MultiPolygon") for g in geoms)
    pts = points(con)
    assert all(g.contains(Point(r.lon, r.lat)) for g, r in zip(geoms, pts.itertuples()))
    # 6 decimals at most, and fewer vertices than the 65 of each input circle.
    coords = shapely.get_coordinates(geoms)
    assert (abs(coords * 1e6 - (coords * 1e6).round()) < 1e-6).all()
    assert sum(shapely.get_num_coordinates(g) for g in geoms) < 68 * 65
    assert sum(len(g) for _, g in stored) < path.stat().st_size
    assert any("titik sudut" in note for note in result.corrections)


def test_reimporting_the_same_file_adds_nothing(con, tmp_path) -> None:
    path = write(circles(con, KODE=lambda r: r.kode_kelurahan), tmp_path / "batas.geojson")
    first = import_boundaries(con, path, user="a")
    before = state(con)
    again = import_boundaries(con, path, user="b", file_name="nama-lain.geojson")
    assert again.already_imported and again.import_id == first.import_id and again.exit_code == 0
    assert again.rows_kept == 0 and state(con) == before
    assert counts(con) == (1, 0)


def test_undo_brings_back_the_approximate_shapes(con, tmp_path) -> None:
    original = state(con)
    path = write(circles(con, KODE=lambda r: r.kode_kelurahan), tmp_path / "batas.geojson")
    result = import_boundaries(con, path, user="operator")
    assert state(con) != original

    assert undo_boundaries(con, result.import_id, user="ketua") == 68 + 6

    assert state(con) == original
    assert approximate(con, "kelurahan") and approximate(con, "kecamatan")
    status = con.execute(
        "SELECT status, dibatalkan_oleh FROM imports WHERE import_id = $i", {"i": result.import_id}
    ).fetchone()
    assert status == ("dibatalkan", "ketua")
    assert undo_boundaries(con, result.import_id, user="ketua") == 0
    # An undone file may be imported again.
    again = import_boundaries(con, path, user="operator")
    assert not again.already_imported and again.rows_kept == 68


def test_undo_of_a_later_partial_import_keeps_the_earlier_one(con, tmp_path) -> None:
    full = import_boundaries(
        con, write(circles(con, KODE=lambda r: r.kode_kelurahan), tmp_path / "a.geojson"), user="u"
    )
    part = circles(con, KODE=lambda r: r.kode_kelurahan, KEC=lambda r: r.kode_kecamatan)
    part = part[part["KEC"] == "32.71.03"].drop(columns="KEC")
    part["geometry"] = part.geometry.scale(1.2, 1.2)
    later = import_boundaries(con, write(part, tmp_path / "b.geojson"), user="u")
    assert later.rows_kept == 11 and any("#" + str(full.import_id) in n for n in later.corrections)
    assert (
        con.execute("SELECT import_id FROM batas_wilayah WHERE tingkat = 'kecamatan' AND kode = '32.71.03'").fetchone()[
            0
        ]
        == later.import_id
    )

    undo_boundaries(con, later.import_id, user="u")

    rows = dict(con.execute("SELECT kode, perkiraan FROM batas_wilayah WHERE tingkat = 'kecamatan'").fetchall())
    assert rows["32.71.01"] is False and rows["32.71.03"] is True
    in_03 = Filters("pilkada2024", kecamatan=("32.71.03",))
    assert approximate(con, "kelurahan", in_03) and not approximate(
        con, "kelurahan", Filters("pilkada2024", kecamatan=("32.71.01",))
    )
    # The first file is no longer fully in force, so importing it again is allowed and restores it.
    again = import_boundaries(con, tmp_path / "a.geojson", user="u")
    assert not again.already_imported and not approximate(con, "kelurahan")


def test_failure_inside_the_transaction_changes_nothing(con, tmp_path, monkeypatch) -> None:
    before, before_counts = state(con), counts(con)

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(boundaries_store, "derive_kecamatan", broken)
    path = write(circles(con, KODE=lambda r: r.kode_kelurahan), tmp_path / "batas.geojson")
    with pytest.raises(RuntimeError, match="disk full"):
        import_boundaries(con, path, user="operator")
    assert state(con) == before and counts(con) == before_counts


@pytest.mark.parametrize(
    "column, value",
    [
        ("KDEPUM", lambda r: r.kode_kelurahan.replace(".", "")),
        ("kode_kel", lambda r: int(r.kode_kelurahan.replace(".", ""))),
        ("ADM4_PCODE", lambda r: "ID" + r.kode_kelurahan.replace(".", "")),
    ],
    ids=["text-without-dots", "integer", "hdx-pcode"],
)
def test_code_spellings(con, tmp_path, column, value) -> None:
    frame = circles(con, **{column: value, "LUAS": lambda r: 123456})
    result = import_boundaries(con, write(frame, tmp_path / "b.geojson"), user="u")
    assert (result.rows_kept, result.rows_rejected) == (68, 0), result.error
    assert any(column in note for note in result.corrections)


def test_other_numbering_falls_back_to_names(con, tmp_path) -> None:
    # BPS numbers kelurahan differently (32 71 010 001): right kab/kota, unknown to the Kemendagri list.
    frame = circles(
        con,
        KODE_BPS=lambda r: "3271" + f"{int(r.kode_kelurahan[6:8]) * 10:03d}" + r.kode_kelurahan[-3:],
        NAMA=lambda r: r.nama,
    )
    result = import_boundaries(con, write(frame, tmp_path / "bps.geojson"), user="u")
    assert (result.rows_kept, result.rows_rejected) == (68, 0)
    assert any("mungkin kode BPS" in n for n in result.corrections)


def test_names_only_with_misspellings_prefixes_and_other_editions(con, tmp_path) -> None:
    wrong = {
        "Kebon Kalapa": "Kebon Klapa",
        "Sindang Barang": "Sindang Barng",
        "Tegallega": "TEGALEGA",
        "Menteng": "Kel. Menteng",
        "Cibadak": "Desa Cibadak",
        "Ranggamekar": "Rangga Mekar",  # the 2025 edition's spelling (nama_lain_wilayah)
        "Pasir Jaya": "Pasir Jya",
    }
    frame = circles(
        con,
        WADMKD=lambda r: wrong.get(r.nama, r.nama),
        WADMKC=lambda r: "Kec. Bogor Tngah" if r.kecamatan == "Bogor Tengah" else r.kecamatan.upper(),
    )
    result = import_boundaries(con, write(frame, tmp_path / "nama.geojson"), user="u")
    assert (result.rows_kept, result.rows_rejected) == (68, 0), result.rejections
    notes = " ".join(result.corrections)
    assert "nama di kolom WADMKD dalam kecamatan di kolom WADMKC" in notes
    assert "'Kebon Klapa' dianggap kelurahan Kebon Kalapa (32.71.03.1011)" in notes
    assert "Rangga Mekar" not in notes
    stored = con.execute(
        "SELECT geojson FROM batas_wilayah WHERE tingkat = 'kelurahan' AND kode = '32.71.03.1011'"
    ).fetchone()[0]
    pts = points(con).set_index("kode_kelurahan")
    assert shapely.from_geojson(stored).contains(
        Point(pts.loc["32.71.03.1011", "lon"], pts.loc["32.71.03.1011", "lat"])
    )


def test_ambiguous_name_settled_by_the_point_inside_or_rejected(con, tmp_path) -> None:
    con.execute(
        "INSERT INTO nama_lain_wilayah VALUES "
        "('32.71.01.1001', 'Kampung Uji', 'uji'), ('32.71.06.1011', 'Kampung Uji', 'uji')"
    )
    pts = points(con).set_index("kode_kelurahan")
    here = pts.loc["32.71.06.1011"]
    frame = gpd.GeoDataFrame(
        {"NAMA": ["Kampung Uji", "Kampung Uji", "Empang"]},
        geometry=[
            Point(here.lon, here.lat).buffer(RADIUS_DEG),
            Point(here.lon + 0.01, here.lat).buffer(RADIUS_DEG),  # holds neither candidate's point
            Point(pts.loc["32.71.01.1003", "lon"], pts.loc["32.71.01.1003", "lat"]).buffer(RADIUS_DEG),
        ],
        crs="EPSG:4326",
    )
    result = import_boundaries(con, write(frame, tmp_path / "uji.geojson"), user="u")
    assert result.rows_kept == 2 and result.exit_code == 1
    [rejected] = result.rejections
    assert rejected.row == 2 and "cocok dengan beberapa kelurahan" in rejected.reasons[0]
    kept = {
        r[0]
        for r in con.execute("SELECT kode FROM batas_wilayah WHERE NOT perkiraan AND tingkat = 'kelurahan'").fetchall()
    }
    assert kept == {"32.71.06.1011", "32.71.01.1003"}
    # Only some kelurahan of those kecamatan are real: their kecamatan stay approximate, and the map says so.
    assert con.execute("SELECT bool_and(perkiraan) FROM batas_wilayah WHERE tingkat = 'kecamatan'").fetchone()[0]
    assert approximate(con, "kelurahan") and any("tetap memakai bentuk sebelumnya" in n for n in result.corrections)


def test_far_polygon_is_refused_as_probable_mismatch(con, tmp_path) -> None:
    swap = {"32.71.01.1001": "32.71.06.1011", "32.71.06.1011": "32.71.01.1001"}
    frame = circles(con, KODE=lambda r: swap.get(r.kode_kelurahan, r.kode_kelurahan), NAMA=lambda r: r.nama)
    result = import_boundaries(con, write(frame, tmp_path / "tukar.geojson"), user="u")
    assert (result.rows_kept, result.rows_rejected, result.exit_code) == (66, 2, 1)
    assert all("kemungkinan salah cocok" in r.reasons[0] for r in result.rejections)
    stored = con.execute(
        "SELECT nomor_baris, data_asli, alasan FROM rejected_rows WHERE import_id = $i ORDER BY 1",
        {"i": result.import_id},
    ).fetchall()
    assert [r[0] for r in stored] == [1, 68]
    cells = json.loads(stored[0][1])
    assert cells["KODE"] == "32.71.06.1011" and cells["NAMA"] == "Batu Tulis" and cells["geometri"] == "Polygon"
    assert con.execute(
        "SELECT baris_ditolak FROM imports WHERE import_id = $i", {"i": result.import_id}
    ).fetchone() == (2,)
    # Kecamatan 01 and 06 miss a kelurahan: they stay approximate; the four others are dissolved.
    kec = dict(con.execute("SELECT kode, perkiraan FROM batas_wilayah WHERE tingkat = 'kecamatan'").fetchall())
    assert [k for k, approx in sorted(kec.items()) if approx] == ["32.71.01", "32.71.06"]


def test_point_slightly_outside_is_accepted_with_a_note(con, tmp_path) -> None:
    frame = circles(con, KODE=lambda r: r.kode_kelurahan)
    frame.loc[0, "geometry"] = shapely.affinity.translate(frame.geometry[0], xoff=0.005)  # ~550 m east
    result = import_boundaries(con, write(frame, tmp_path / "geser.geojson"), user="u")
    assert result.rows_kept == 68 and any("di luar poligonnya" in n for n in result.corrections)


def test_several_features_of_one_area_are_dissolved(con, tmp_path) -> None:
    frame = circles(con, KODE=lambda r: r.kode_kelurahan)
    whole = frame.geometry[5]
    cx, cy = whole.centroid.x, whole.centroid.y
    halves = [whole.intersection(box(cx - 1, cy - 1, cx, cy + 1)), whole.intersection(box(cx, cy - 1, cx + 1, cy + 1))]
    extra = gpd.GeoDataFrame({"KODE": [frame.KODE[5]] * 2}, geometry=halves, crs="EPSG:4326")
    frame = pd.concat([frame.drop(index=5), extra], ignore_index=True)
    result = import_boundaries(con, write(frame, tmp_path / "pecah.geojson"), user="u")
    assert result.rows_kept == 68 and any("digabung menjadi satu wilayah" in n for n in result.corrections)
    stored = shapely.from_geojson(
        con.execute("SELECT geojson FROM batas_wilayah WHERE kode = $k", {"k": frame.KODE.iloc[-1]}).fetchone()[0]
    )
    assert stored.geom_type == "Polygon"


def test_self_intersecting_polygon_is_repaired(con, tmp_path) -> None:
    frame = circles(con, KODE=lambda r: r.kode_kelurahan)
    p = points(con).iloc[0]
    d = RADIUS_DEG
    bowtie = shapely.Polygon(
        [(p.lon - d, p.lat - d), (p.lon + d, p.lat + d), (p.lon + d, p.lat - d), (p.lon - d, p.lat + d)]
    )
    frame.loc[0, "geometry"] = bowtie
    result = import_boundaries(con, write(frame, tmp_path / "dasi.geojson"), user="u")
    assert result.rows_kept == 68
    stored = shapely.from_geojson(
        con.execute("SELECT geojson FROM batas_wilayah WHERE kode = $k", {"k": frame.KODE[0]}).fetchone()[0]
    )
    assert stored.is_valid and stored.geom_type == "MultiPolygon"


def test_features_outside_the_region_are_ignored_and_reported(con, tmp_path) -> None:
    frame = circles(con, KODE=lambda r: r.kode_kelurahan, NAMA=lambda r: r.nama)
    other = gpd.GeoDataFrame(
        {"KODE": ["36.71.01.1001", "36.71.01.1002", "32.01.01.2001"], "NAMA": ["Tangerang", "Sukasari", "Cibinong"]},
        geometry=[box(106.6, -6.2, 106.61, -6.19), box(106.62, -6.2, 106.63, -6.19), box(106.8, -6.5, 106.81, -6.49)],
        crs="EPSG:4326",
    )
    result = import_boundaries(con, write(pd.concat([frame, other]), tmp_path / "jabar.geojson"), user="u")
    assert (result.rows_kept, result.rows_rejected, result.exit_code) == (68, 0, 0)
    assert any(
        "3 fitur di luar wilayah basis data diabaikan, mis. Tangerang, Sukasari, Cibinong" in n
        for n in result.corrections
    )


def test_names_far_outside_the_region_are_ignored(con, tmp_path) -> None:
    frame = circles(con, NAMA=lambda r: r.nama)
    far = gpd.GeoDataFrame({"NAMA": ["Oebobo"]}, geometry=[box(123.6, -10.17, 123.61, -10.16)], crs="EPSG:4326")
    result = import_boundaries(con, write(pd.concat([frame, far]), tmp_path / "n.geojson"), user="u")
    assert (result.rows_kept, result.rows_rejected) == (68, 0)
    assert any("mis. Oebobo" in n for n in result.corrections)


def test_kecamatan_file_detected_by_names(con, tmp_path) -> None:
    pts = points(con)
    hulls = pts.groupby(["kode_kecamatan", "kecamatan"]).apply(
        lambda g: shapely.convex_hull(shapely.multipoints(g[["lon", "lat"]].to_numpy())).buffer(0.003),
        include_groups=False,
    )
    frame = gpd.GeoDataFrame(
        {"NAMOBJ": [f"Kecamatan {name}" for _, name in hulls.index]}, geometry=list(hulls.values), crs="EPSG:4326"
    )
    result = import_boundaries(con, write(frame, tmp_path / "kec.geojson"), user="u")
    assert (result.rows_kept, result.rows_rejected) == (6, 0)
    assert any("Tingkat kecamatan" in n for n in result.corrections)
    assert not approximate(con, "kecamatan") and approximate(con, "kelurahan")
    # A kelurahan file afterwards does not overwrite real kecamatan boundaries with dissolved ones.
    kel = import_boundaries(con, write(circles(con, KODE=lambda r: r.kode_kelurahan), tmp_path / "k.geojson"), user="u")
    assert kel.rows_kept == 68 and not any("gabungan" in n for n in kel.corrections)
    assert con.execute("SELECT DISTINCT import_id FROM batas_wilayah WHERE tingkat = 'kecamatan'").fetchall() == [
        (result.import_id,)
    ]
    # Undoing the kecamatan file leaves kecamatan whose kelurahan are all real: they are dissolved from those.
    undo_boundaries(con, result.import_id, user="u")
    assert not approximate(con, "kecamatan")
    assert con.execute("SELECT DISTINCT import_id FROM batas_wilayah").fetchall() == [(kel.import_id,)]


def test_level_kecamatan_groups_kelurahan_codes(con, tmp_path) -> None:
    frame = circles(con, KODE=lambda r: r.kode_kelurahan)
    result = import_boundaries(con, write(frame, tmp_path / "b.geojson"), user="u", level="kecamatan")
    assert result.rows_kept == 6 and any("digabung per kecamatan" in n for n in result.corrections)
    assert approximate(con, "kelurahan") and not approximate(con, "kecamatan")


def test_geopackage_picks_the_polygon_layer_that_matches(con, tmp_path) -> None:
    path = tmp_path / "batas.gpkg"
    pts = points(con)
    write(
        gpd.GeoDataFrame({"nama": pts.nama}, geometry=gpd.points_from_xy(pts.lon, pts.lat), crs=4326),
        path,
        layer="titik",
    )
    write(gpd.GeoDataFrame({"nama": ["x"]}, geometry=[box(0, 0, 1, 1)], crs=4326), path, layer="lain")
    write(circles(con, kode_kelurahan=lambda r: r.kode_kelurahan).to_crs(3857), path, layer="kelurahan")
    result = import_boundaries(con, path, user="u")
    assert result.rows_kept == 68, result.error
    assert any("lapisan kelurahan" in n for n in result.corrections)
    assert any("EPSG:3857" in n for n in result.corrections)


def test_zipped_shapefile_in_a_subfolder_in_utm(con, tmp_path) -> None:
    frame = circles(con, KDEPUM=lambda r: r.kode_kelurahan.replace(".", ""), WADMKD=lambda r: r.nama).to_crs(32748)
    result = import_boundaries(con, zip_shapefile(frame, tmp_path), user="u")
    assert (result.rows_kept, result.rows_rejected) == (68, 0), result.error
    assert any("EPSG:32748" in n for n in result.corrections)
    stored = shapely.from_geojson(
        con.execute("SELECT geojson FROM batas_wilayah WHERE kode = '32.71.01.1001'").fetchone()[0]
    )
    pts = points(con)
    assert stored.contains(Point(pts.lon[0], pts.lat[0]))


def test_lonlat_file_without_crs_is_assumed_wgs84(con, tmp_path) -> None:
    frame = circles(con, KODE=lambda r: r.kode_kelurahan)
    result = import_boundaries(con, zip_shapefile(frame, tmp_path, prj=False), user="u")
    assert result.rows_kept == 68 and any("dianggap bujur/lintang" in n for n in result.corrections)


# --- files that must be refused as a whole ----------------------------------------------------------------------


def _empty(tmp_path, con) -> Path:
    (tmp_path / "kosong.geojson").write_bytes(b"")
    return tmp_path / "kosong.geojson"


def _garbage(tmp_path, con) -> Path:
    (tmp_path / "rusak.gpkg").write_bytes(bytes(range(256)) * 4)
    return tmp_path / "rusak.gpkg"


def _csv_renamed(tmp_path, con) -> Path:
    (tmp_path / "batas.geojson").write_text("kode;nama\n32.71.01.1001;Batu Tulis\n", encoding="utf-8")
    return tmp_path / "batas.geojson"


def _broken_json(tmp_path, con) -> Path:
    (tmp_path / "potong.geojson").write_text('{"type": "FeatureCollection", "features": [', encoding="utf-8")
    return tmp_path / "potong.geojson"


def _csv(tmp_path, con) -> Path:
    (tmp_path / "batas.csv").write_text("kode,nama\n", encoding="utf-8")
    return tmp_path / "batas.csv"


def _zip_without_shp(tmp_path, con) -> Path:
    with zipfile.ZipFile(tmp_path / "batas.zip", "w") as zf:
        zf.writestr("batas/README.txt", "lihat lampiran")
        zf.writestr("batas/kelurahan.kml", "<kml/>")
    return tmp_path / "batas.zip"


def _zip_without_dbf(tmp_path, con) -> Path:
    archive = zip_shapefile(circles(con, KODE=lambda r: r.kode_kelurahan), tmp_path)
    with zipfile.ZipFile(archive) as zf:
        kept = {n: zf.read(n) for n in zf.namelist() if not n.endswith(".dbf")}
    with zipfile.ZipFile(archive, "w") as zf:
        for name, data in kept.items():
            zf.writestr(name, data)
    return archive


def _points(tmp_path, con) -> Path:
    pts = points(con)
    frame = gpd.GeoDataFrame({"KODE": pts.kode_kelurahan}, geometry=gpd.points_from_xy(pts.lon, pts.lat), crs=4326)
    return write(frame, tmp_path / "titik.geojson")


def _projected_without_crs(tmp_path, con) -> Path:
    frame = circles(con, KODE=lambda r: r.kode_kelurahan).to_crs(32748)
    text = json.loads(frame.to_json())
    text.pop("crs", None)
    (tmp_path / "utm.geojson").write_text(json.dumps(text), encoding="utf-8")
    return tmp_path / "utm.geojson"


def _projected_shapefile_without_prj(tmp_path, con) -> Path:
    return zip_shapefile(circles(con, KODE=lambda r: r.kode_kelurahan).to_crs(32748), tmp_path, prj=False)


def _swapped_axes(tmp_path, con) -> Path:
    frame = circles(con, KODE=lambda r: r.kode_kelurahan)
    frame["geometry"] = shapely.transform(frame.geometry.values, lambda xy: xy[:, ::-1])
    return write(frame, tmp_path / "tertukar.geojson")


def _all_outside(tmp_path, con) -> Path:
    frame = gpd.GeoDataFrame(
        {"KODE": ["36.71.01.1001", "36.71.01.1002"], "NAMA": ["Sukasari", "Sukajadi"]},
        geometry=[box(106.6, -6.2, 106.61, -6.19), box(106.62, -6.2, 106.63, -6.19)],
        crs=4326,
    )
    return write(frame, tmp_path / "tangerang.geojson")


def _no_names(tmp_path, con) -> Path:
    return write(circles(con, warna=lambda r: "hijau"), tmp_path / "tanpa-nama.geojson")


@pytest.mark.parametrize(
    "build, message",
    [
        (_empty, "kosong"),
        (_garbage, "bukan GPKG"),
        (_csv_renamed, "bukan GEOJSON"),
        (_broken_json, "tidak bisa dibaca"),
        (_csv, "tidak didukung"),
        (_zip_without_shp, "tidak berisi Shapefile"),
        (_zip_without_dbf, "tidak lengkap"),
        (_points, "tidak berisi poligon (isinya: 68 Point)"),
        (_projected_without_crs, "tidak menyebut sistem koordinatnya"),
        (_projected_shapefile_without_prj, "kemungkinan koordinat dalam meter"),
        (_swapped_axes, "tertukar"),
        (_all_outside, "Tidak ada fitur di tangerang.geojson yang berada di wilayah basis data"),
        (_no_names, "Tidak ditemukan kolom kode wilayah"),
    ],
    ids=lambda v: v.__name__.strip("_") if callable(v) else None,
)
def test_unusable_files_import_nothing(con, tmp_path, build, message) -> None:
    before, before_counts = state(con), counts(con)
    result = import_boundaries(con, build(tmp_path, con), user="u")
    assert result.error is not None and message.lower() in result.error.lower(), result.error
    assert result.exit_code == 2 and result.import_id is None
    assert state(con) == before and counts(con) == before_counts


def test_unknown_level_is_refused(con, tmp_path) -> None:
    path = write(circles(con, KODE=lambda r: r.kode_kelurahan), tmp_path / "b.geojson")
    result = import_boundaries(con, path, user="u", level="rw")
    assert result.exit_code == 2 and "Tingkat 'rw' tidak dikenal" in result.error


def test_every_feature_refused_imports_nothing(con, tmp_path) -> None:
    frame = circles(con, KODE=lambda r: "32.71.09." + r.kode_kelurahan[-4:])
    result = import_boundaries(con, write(frame, tmp_path / "salah.geojson"), user="u")
    assert result.exit_code == 2 and "68 fitur ditolak" in result.error
    assert "kode 32.71.09.1001 tidak ada dalam daftar kelurahan" in result.rejections[0].reasons[0]
    assert counts(con) == (0, 0)


# --- the real Kota Bogor polygons from ../shared/reference (never copied into the project) ----------------------


@pytest.fixture(scope="module")
def reference() -> gpd.GeoDataFrame:
    if not REFERENCE_KEL.exists():
        pytest.skip(f"real Kota Bogor polygons not found at {REFERENCE_KEL}")
    return gpd.read_file(REFERENCE_KEL)


def _as_is(ref, tmp_path) -> Path:
    return REFERENCE_KEL


def _gpkg_3857(ref, tmp_path) -> Path:
    return write(ref.to_crs(3857), tmp_path / "bogor.gpkg", layer="desa")


def _shapefile_utm(ref, tmp_path) -> Path:
    frame = ref.rename(columns={"kode_kelurahan": "KDEPUM", "kelurahan": "WADMKD", "kecamatan": "WADMKC"})
    return zip_shapefile(frame.drop(columns="kode_kecamatan").to_crs(32748), tmp_path)


def _geojson_3857_codes_without_dots(ref, tmp_path) -> Path:
    frame = ref.assign(KODE=ref["kode_kelurahan"].str.replace(".", "", regex=False))
    return write(frame[["KODE", "geometry"]].to_crs(3857), tmp_path / "bogor-3857.geojson")


def _names_misspelled(ref, tmp_path) -> Path:
    frame = ref[["kelurahan", "kecamatan", "geometry"]].rename(columns={"kelurahan": "DESA", "kecamatan": "KECAMATAN"})
    typos = {
        "Baranangsiang": "Baranang Siang",
        "Kedung Waringin": "Kedungwaringin",
        "Cilendek Timur": "Cilendek Tmur",
        "Mulyaharja": "Mulya Harja",
        "Bantarjati": "BANTAR JATI",
    }
    frame["DESA"] = frame["DESA"].map(lambda n: typos.get(n, n))
    return write(frame, tmp_path / "nama.geojson")


@needs_reference
@pytest.mark.parametrize(
    "build",
    [_as_is, _gpkg_3857, _shapefile_utm, _geojson_3857_codes_without_dots, _names_misspelled],
    ids=lambda f: f.__name__.strip("_"),
)
def test_real_kota_bogor_boundaries(con, tmp_path, reference, build) -> None:
    path = build(reference, tmp_path)
    result = import_boundaries(con, path, user="u")
    assert (result.rows_kept, result.rows_rejected, result.exit_code) == (68, 0, 0), result.error or result.rejections
    assert not approximate(con, "kelurahan") and not approximate(con, "kecamatan")
    stored = dict(con.execute("SELECT kode, geojson FROM batas_wilayah WHERE tingkat = 'kelurahan'").fetchall())
    metric = reference.to_crs(32748)
    for kode, geom in zip(reference["kode_kelurahan"], metric.geometry):
        mine = gpd.GeoSeries([shapely.from_geojson(stored[kode])], crs=4326).to_crs(32748).iloc[0]
        assert mine.is_valid
        iou = mine.intersection(geom).area / mine.union(geom).area
        assert iou > 0.97, (kode, iou)
    assert sum(len(g) for g in stored.values()) < REFERENCE_KEL.stat().st_size
    kec = gpd.read_file(REFERENCE_KEC).to_crs(32748).set_index("kode_kecamatan")
    for kode, geojson in con.execute("SELECT kode, geojson FROM batas_wilayah WHERE tingkat = 'kecamatan'").fetchall():
        mine = gpd.GeoSeries([shapely.from_geojson(geojson)], crs=4326).to_crs(32748).iloc[0]
        ref = kec.geometry[kode]
        assert mine.intersection(ref).area / mine.union(ref).area > 0.98, kode


@needs_reference
def test_real_kecamatan_file(con) -> None:
    result = import_boundaries(con, REFERENCE_KEC, user="u")
    assert (result.rows_kept, result.rows_rejected) == (6, 0), result.error
    assert not approximate(con, "kecamatan") and approximate(con, "kelurahan")
