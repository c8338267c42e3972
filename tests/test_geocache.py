"""Map polygons from the stored extents and view shapes (analytics/geocache.py): exactly what computing them from
batas_wilayah gives, simplified once per view, never stale after a polygon changes, and optional (read-only)."""

from __future__ import annotations

import shapely
from shapely.geometry import box

from analytics import geocache, geography
from analytics.filters import Filters, Scope
from analytics.queries import geo

BASE = Filters(pemilihan="")
KEC = "32.71.03"
KEL = "32.71.03.1001"
VIEWS = [
    (BASE, Scope.everything(), "kecamatan", {}),
    (BASE, Scope.everything(), "kelurahan", {}),
    (Filters(pemilihan="", kecamatan=(KEC,)), Scope.everything(), "kelurahan", {}),
    (Filters(pemilihan="", kelurahan=(KEL,)), Scope.everything(), "kelurahan", {}),
    (BASE, Scope((KEC, "32.71.05")), "kelurahan", {}),
    # More kelurahan than a map draws: kecamatan instead, and more kecamatan than the normal detail allows.
    (BASE, Scope.everything(), "kelurahan", {"max_kelurahan": 10, "max_kecamatan": 2}),
]


def _computed(con, filters, scope, level, limits):
    with geocache.bypassed():
        return geo.boundaries(con, filters, scope, level, **limits)


def test_maps_from_the_cache_equal_maps_computed_whole(sample_rw):
    con = sample_rw
    for filters, scope, level, limits in VIEWS:
        want = _computed(con, filters, scope, level, limits)
        first = geo.boundaries(con, filters, scope, level, **limits)  # simplifies and stores
        again = geo.boundaries(con, filters, scope, level, **limits)  # reads what was stored
        assert first == want and again == want, (filters, scope, level, limits)
    assert geocache.ready(con)
    assert con.execute(f"SELECT count(*) FROM {geocache.EXTENT_TABLE}").fetchone()[0] == \
        con.execute("SELECT count(*) FROM batas_wilayah").fetchone()[0]
    assert con.execute(f"SELECT count(DISTINCT toleransi) FROM {geocache.VIEW_TABLE}").fetchone()[0] >= 4


def test_a_view_drawn_before_is_not_simplified_again(sample_rw, monkeypatch):
    con = sample_rw
    want = geo.boundaries(con, BASE, Scope.everything(), "kelurahan")

    def refuse(*args, **kwargs):
        raise AssertionError("simplified again")

    monkeypatch.setattr(geography, "simplified_texts", refuse)
    monkeypatch.setattr(geography, "view_collection", refuse)
    assert geo.boundaries(con, BASE, Scope.everything(), "kelurahan") == want


def test_a_replaced_polygon_is_drawn_new(sample_rw):
    con = sample_rw
    geo.boundaries(con, BASE, Scope.everything(), "kelurahan")
    x0, y0, x1, y1 = shapely.bounds(shapely.from_geojson(con.execute(
        "SELECT geojson FROM batas_wilayah WHERE tingkat = 'kelurahan' AND kode = $k", {"k": KEL}).fetchone()[0]))
    square = shapely.to_geojson(box(x0, y0, (x0 + x1) / 2, (y0 + y1) / 2))
    # As a boundary import writes it: a new polygon with the import's id.
    con.execute("UPDATE batas_wilayah SET geojson = $g, perkiraan = false, import_id = 9999 "
                "WHERE tingkat = 'kelurahan' AND kode = $k", {"g": square, "k": KEL})
    got = geo.boundaries(con, BASE, Scope.everything(), "kelurahan")
    assert got == _computed(con, BASE, Scope.everything(), "kelurahan", {})
    drawn = next(f for f in got.geojson["features"] if f["id"] == KEL)
    assert shapely.equals_exact(shapely.geometry.shape(drawn["geometry"]), shapely.from_geojson(square), 1e-5)


def test_the_view_table_is_emptied_when_full(sample_rw, monkeypatch):
    con = sample_rw
    monkeypatch.setattr(geocache, "MAX_VIEW_ROWS", 70)
    geo.boundaries(con, BASE, Scope.everything(), "kelurahan")  # 68 kelurahan of Kota Bogor
    geo.boundaries(con, Filters(pemilihan="", kecamatan=(KEC,)), Scope.everything(), "kelurahan")
    held = con.execute(f"SELECT count(*), count(DISTINCT toleransi) FROM {geocache.VIEW_TABLE}").fetchone()
    assert held[1] == 1 and held[0] <= 70


def test_a_read_only_connection_computes_the_maps(sample_con):
    assert not geocache.ready(sample_con)
    for filters, scope, level, limits in VIEWS[:3]:
        assert geo.boundaries(sample_con, filters, scope, level, **limits) == \
            _computed(sample_con, filters, scope, level, limits)


def test_the_whole_country_is_read_as_one_text_once_every_shape_is_stored(sample_rw, monkeypatch):
    con = sample_rw
    for level in geo.LEVELS:
        want = _computed(con, BASE, Scope.everything(), level, {})
        assert geo.boundaries(con, BASE, Scope.everything(), level) == want  # simplifies and stores
        # Every shape stored: the per-area statements are not needed any more.
        with monkeypatch.context() as m:
            m.setattr(geo, "_EXTENT_SQL", {True: "SELECT 1/0", False: "SELECT 1/0"})
            assert geo.boundaries(con, BASE, Scope.everything(), level) == want, level


def test_a_shape_stored_twice_or_missing_falls_back_to_the_areas_one_by_one(sample_rw):
    con = sample_rw
    want = _computed(con, BASE, Scope.everything(), "kelurahan", {})
    got = geo.boundaries(con, BASE, Scope.everything(), "kelurahan")
    assert got == want
    # Two sessions storing the same view at once may leave a shape twice: drawn once all the same.
    con.execute(f"INSERT INTO {geocache.VIEW_TABLE} SELECT * FROM {geocache.VIEW_TABLE} WHERE kode = $k", {"k": KEL})
    assert geo.boundaries(con, BASE, Scope.everything(), "kelurahan") == want
    # A shape missing from the view: simplified again and drawn.
    con.execute(f"DELETE FROM {geocache.VIEW_TABLE} WHERE kode = $k", {"k": KEL})
    assert geo.boundaries(con, BASE, Scope.everything(), "kelurahan") == want
    assert con.execute(f"SELECT count(*) FROM {geocache.VIEW_TABLE} WHERE kode = $k AND toleransi = $t",
                       {"k": KEL, "t": want.tolerance}).fetchone()[0] == 1
