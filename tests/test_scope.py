"""Region scope is enforced in the query layer: every public function in analytics.queries, called for a PPK limited
to Bogor Utara, returns nothing of another kecamatan, whatever the filters (the URL) ask for."""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib
import inspect
import pkgutil

import pandas as pd
import pytest

import analytics.queries
from analytics.filters import Filters, Scope

OWN = "32.71.05"  # Bogor Utara
OTHER = "32.71.03"  # Bogor Tengah
SCOPE = Scope((OWN,))
EVERYTHING = Scope.everything()
ELECTION = "pilkada2024"
EARLIER = "pemilu2024"
TODAY = dt.date(2024, 12, 1)

# Public functions that take no scope, and why they cannot leak an area's data. A new function without a scope
# parameter fails test_every_query_function_is_covered until it is listed here (or given a scope).
UNSCOPED = {
    "analytics.queries.options:elections": "election names and dates, the same for every office",
    "analytics.queries.options:activity_types": "the activity type catalogue",
    "analytics.queries.options:dataset_info": "what the database says about itself (sample flag, main election)",
    "analytics.queries.options:data_sources": "which objects are official or invented (sumber_data), no area rows",
    "analytics.queries.participation:correlation": "pure arithmetic on numbers it is given, no database",
}
# Values for the parameters a scoped function takes besides (con, filters, scope); each list is tried in turn.
EXTRA = {
    "level": ["kecamatan", "kelurahan"],
    "earlier": [EARLIER],
    "today": [TODAY],
}


def _functions() -> dict[str, object]:
    """Public functions of every analytics.queries module, except those annotated `-> str`: they return SQL text (a
    builder whose callers are tested here with the scope bound) or a single code (default_election), never rows."""
    found = {}
    for info in pkgutil.iter_modules(analytics.queries.__path__):
        module = importlib.import_module(f"analytics.queries.{info.name}")
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            builds_sql = inspect.signature(fn).return_annotation in ("str", str)
            if fn.__module__ == module.__name__ and not name.startswith("_") and not builds_sql:
                found[f"{module.__name__}:{name}"] = fn
    return found


FUNCTIONS = _functions()
SCOPED = {k: f for k, f in FUNCTIONS.items() if "scope" in inspect.signature(f).parameters}


def _calls(fn) -> list[dict[str, object]]:
    """Keyword sets for the parameters after (con, filters, scope): one per combination of EXTRA values."""
    calls: list[dict[str, object]] = [{}]
    for name, param in inspect.signature(fn).parameters.items():
        if name in ("con", "filters", "scope"):
            continue
        if name in EXTRA:
            calls = [{**c, name: v} for c in calls for v in EXTRA[name]]
        elif param.default is inspect.Parameter.empty:
            raise AssertionError(f"{fn.__module__}.{fn.__name__}: add test values for parameter {name!r} to EXTRA")
    return calls


def _call(fn, con, filters: Filters, scope: Scope, extra: dict[str, object]):
    params = list(inspect.signature(fn).parameters)
    if params[:1] == ["con"] and "filters" in params:
        return fn(con, filters, scope, **extra)
    return fn(con, scope, **extra)  # e.g. options.areas(con, scope): no filters


def _strings(value) -> list[str]:
    """Every text value inside a result: frame cells and column values, dataclass fields, dicts, GeoJSON ids."""
    if isinstance(value, pd.DataFrame):
        return [v for col in value.columns for v in value[col].tolist() if isinstance(v, str)]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [s for f in dataclasses.fields(value) for s in _strings(getattr(value, f.name))]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in _strings(k) + _strings(v)]
    if isinstance(value, (list, tuple)):
        return [s for v in value for s in _strings(v)]
    return [value] if isinstance(value, str) else []


def _same(a, b, where: str = "result") -> None:
    """Assert two results are equal: frames by content, dataclasses and containers field by field."""
    if isinstance(a, pd.DataFrame):
        pd.testing.assert_frame_equal(a.reset_index(drop=True), b.reset_index(drop=True), check_dtype=False,
                                      obj=where)
    elif dataclasses.is_dataclass(a) and not isinstance(a, type):
        for f in dataclasses.fields(a):
            _same(getattr(a, f.name), getattr(b, f.name), f"{where}.{f.name}")
    elif isinstance(a, dict):
        assert a.keys() == b.keys(), where
        for k in a:
            _same(a[k], b[k], f"{where}[{k!r}]")
    elif isinstance(a, (list, tuple)):
        assert len(a) == len(b), where
        for i, (x, y) in enumerate(zip(a, b)):
            _same(x, y, f"{where}[{i}]")
    elif isinstance(a, float) and isinstance(b, float) and a != a and b != b:
        pass  # both NaN
    else:
        assert a == b, f"{where}: {a!r} != {b!r}"


@pytest.fixture(scope="module")
def foreign(sample_db) -> set[str]:
    """Codes and names of every area outside Bogor Utara (its kecamatan and kelurahan)."""
    from analytics import db

    con = db.connect(sample_db, read_only=True)
    try:
        rows = con.execute(
            "SELECT kode_kecamatan, kecamatan, kode_kelurahan, kelurahan FROM v_wilayah WHERE kode_kecamatan <> $k",
            {"k": OWN},
        ).fetchall()
        own_names = {r[0] for r in con.execute("SELECT kelurahan FROM v_wilayah WHERE kode_kecamatan = $k",
                                               {"k": OWN}).fetchall()}
    finally:
        con.close()
    return {v for row in rows for v in row} - own_names


def test_every_query_function_is_covered():
    unknown = set(FUNCTIONS) - set(SCOPED) - set(UNSCOPED)
    assert not unknown, f"query functions without a scope parameter and not in UNSCOPED: {sorted(unknown)}"
    assert set(UNSCOPED) <= set(FUNCTIONS), "UNSCOPED lists functions that no longer exist"
    assert len(SCOPED) >= 15


@pytest.mark.parametrize("name", sorted(SCOPED))
def test_scope_limits_every_query(name, sample_con, foreign):
    fn = SCOPED[name]
    takes_filters = "filters" in inspect.signature(fn).parameters
    own_only = Filters(ELECTION, kecamatan=(OWN,))
    nowhere = Filters(ELECTION, kecamatan=("00.00.00",))
    other_kel = sample_con.execute("SELECT min(kode_kelurahan) FROM kelurahan WHERE kode_kecamatan = $k",
                                   {"k": OTHER}).fetchone()[0]
    for extra in _calls(fn):
        label = f"{name}{extra or ''}"
        if not takes_filters:
            scoped = _call(fn, sample_con, own_only, SCOPE, extra)
            leaked = sorted(set(_strings(scoped)) & foreign)
            assert not leaked, f"{label} shows other areas: {leaked[:5]}"
            continue
        # Asking for everything gives exactly Bogor Utara: what an unrestricted viewer gets by filtering to it.
        expected = _call(fn, sample_con, own_only, EVERYTHING, extra)
        scoped = _call(fn, sample_con, Filters(ELECTION), SCOPE, extra)
        leaked = sorted(set(_strings(scoped)) & foreign)
        assert not leaked, f"{label} shows other areas: {leaked[:5]}"
        _same(scoped, expected, label)
        # The URL asks for Bogor Utara and another kecamatan: the scope intersects, it is never widened.
        _same(_call(fn, sample_con, Filters(ELECTION, kecamatan=(OWN, OTHER)), SCOPE, extra), expected, label)
        # Only another kecamatan, or one of its kelurahan: nothing at all, like a selection of no area.
        empty = _call(fn, sample_con, nowhere, EVERYTHING, extra)
        for asked in (Filters(ELECTION, kecamatan=(OTHER,)), Filters(ELECTION, kelurahan=(other_kel,)),
                      Filters(ELECTION, kelurahan=(other_kel,), rw=(1,))):
            result = _call(fn, sample_con, asked, SCOPE, extra)
            leaked = sorted(set(_strings(result)) & foreign)
            assert not leaked, f"{label} with {asked} shows other areas: {leaked[:5]}"
            if not asked.rw:
                _same(result, empty, f"{label} asking {asked}")


def test_scoped_totals_are_bogor_utara_totals(sample_con):
    """Headline activity totals for the PPK equal a direct count of Bogor Utara's activities."""
    from analytics.queries import overview

    direct = sample_con.execute(
        "SELECT count(*) FROM activities a JOIN pemilihan p ON p.kode_pemilihan = $e "
        "WHERE a.kode_kecamatan = $k AND a.tanggal BETWEEN p.sosialisasi_mulai AND p.sosialisasi_selesai",
        {"e": ELECTION, "k": OWN},
    ).fetchone()[0]
    everything = overview.overview_kpis(sample_con, Filters(ELECTION), EVERYTHING, today=TODAY).now.kegiatan
    scoped = overview.overview_kpis(sample_con, Filters(ELECTION), SCOPE, today=TODAY).now.kegiatan
    assert 0 < scoped == direct < everything


def test_sidebar_areas_for_a_ppk(sample_con):
    from analytics.queries import options

    areas = options.areas(sample_con, SCOPE)
    assert set(areas["kode_kecamatan"]) == {OWN}
    assert len(areas) == sample_con.execute("SELECT count(*) FROM kelurahan WHERE kode_kecamatan = $k",
                                            {"k": OWN}).fetchone()[0]
