"""What the benchmark times: every query function the pages call, with the arguments the pages give it."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

import duckdb

from analytics.config import ROOT
from analytics.filters import Filters, Scope
from analytics.queries import areas, drilldown, geo, options, overview, participation, segments

ELECTION = "pilkada2024"
EARLIER = "pemilu2024"
# Rows the pages ask for (pages/wilayah.py LOG_SHOWN, ui/tables.py SCREEN_MAX_ROWS): the rest is only fetched
# when a download is clicked.
LOG_SHOWN = 1_000
SCREEN_ROWS = 2_000
TODAY = dt.date(2024, 11, 20)  # a fixed "today" inside the campaign: days-to-election is part of the answer


@dataclass(frozen=True)
class Variant:
    """A realistic view: what the sidebar filters hold and which areas the viewer may see."""

    name: str
    filters: Filters
    scope: Scope
    meaning: str


@dataclass(frozen=True)
class Case:
    """One query function called as a page calls it, under one variant."""

    function: str  # "module.function", e.g. "overview.weekly_activity"
    variant: str
    fn: Callable
    args: tuple
    kwargs: dict = field(default_factory=dict)

    @property
    def name(self) -> str:
        return f"{self.function}[{self.variant}]"


def variants(con: duckdb.DuckDBPyConnection) -> list[Variant]:
    """The views the benchmark times, with areas picked from the database (the biggest ones, deterministically)."""
    # The province with the most kelurahan, its biggest kab/kota, and that one's biggest kecamatan.
    prov, kab, kec = con.execute(
        "WITH k AS (SELECT kode_provinsi, kode_kabkota, kode_kecamatan, count(*) AS n FROM v_wilayah GROUP BY ALL), "
        "p AS (SELECT kode_provinsi FROM k GROUP BY 1 ORDER BY sum(n) DESC, 1 LIMIT 1), "
        "kk AS (SELECT kode_kabkota FROM k WHERE kode_provinsi = (SELECT * FROM p) GROUP BY 1 "
        "       ORDER BY sum(n) DESC, 1 LIMIT 1) "
        "SELECT (SELECT * FROM p), (SELECT * FROM kk), "
        "(SELECT kode_kecamatan FROM k WHERE kode_kabkota = (SELECT * FROM kk) ORDER BY n DESC, 1 LIMIT 1)"
    ).fetchone()
    # Scope takes kab/kota, kecamatan or kelurahan codes (not province codes): a province office sees its
    # kab/kota, so its scope lists them.
    prov_kab = tuple(r[0] for r in con.execute(
        "SELECT kode_kabkota FROM kabupaten_kota WHERE kode_provinsi = $p ORDER BY 1", {"p": prov}).fetchall())
    everything = Scope.everything()
    base = Filters(pemilihan=ELECTION)
    return [
        Variant("nasional", base, everything, "KPU RI: the whole country, no filter"),
        Variant("provinsi", base, Scope(prov_kab), f"a KPU Provinsi office: province {prov} ({len(prov_kab)} kab/kota)"),
        Variant("kabkota", base, Scope((kab,)), f"a KPU Kab/Kota office: {kab}, no filter"),
        Variant("kecamatan", replace(base, kecamatan=(kec,)), Scope((kab,)), f"that office, one kecamatan ({kec})"),
        Variant("tanggal", replace(base, mulai=dt.date(2024, 10, 1), sampai=dt.date(2024, 10, 31)), everything,
                "whole country, October 2024 only"),
        Variant("jenis", replace(base, jenis=("sosialisasi_sekolah",)), everything,
                "whole country, school visits only"),
    ]


def _level(filters: Filters) -> str:
    # The Pemula & Disabilitas page's rule: one kecamatan (or chosen kelurahan) reads better by kelurahan.
    return "kelurahan" if len(filters.kecamatan) == 1 or filters.kelurahan else "kecamatan"


def _map_level(filters: Filters) -> str:
    # The map and the Partisipasi page open on kecamatan; with chosen kelurahan, Partisipasi shows kelurahan.
    return "kelurahan" if filters.kelurahan else "kecamatan"


# Per query function: how a page calls it, given a variant. None: the function takes no filters (timed once).
CALLS: dict[str, tuple[Callable, Callable[[Variant], tuple[tuple, dict]] | None]] = {
    "options.elections": (options.elections, None),
    "options.default_election": (options.default_election, None),
    "options.activity_types": (options.activity_types, None),
    "options.dataset_info": (options.dataset_info, None),
    "options.data_sources": (options.data_sources, None),
    "options.areas": (options.areas, lambda v: ((v.scope,), {})),
    "overview.overview_kpis": (overview.overview_kpis, lambda v: ((v.filters, v.scope), {"today": TODAY})),
    "overview.weekly_activity": (overview.weekly_activity, lambda v: ((v.filters, v.scope), {})),
    "areas.area_metrics[kecamatan]": (areas.area_metrics, lambda v: ((v.filters, v.scope, "kecamatan"), {})),
    "areas.area_metrics[kelurahan]": (areas.area_metrics, lambda v: ((v.filters, v.scope, "kelurahan"), {})),
    "geo.boundaries[kecamatan]": (geo.boundaries, lambda v: ((v.filters, v.scope, "kecamatan"), {})),
    "geo.boundaries[kelurahan]": (geo.boundaries, lambda v: ((v.filters, v.scope, "kelurahan"), {})),
    "drilldown.rw_coverage": (drilldown.rw_coverage, lambda v: ((v.filters, v.scope), {})),
    "drilldown.activity_points": (drilldown.activity_points, lambda v: ((v.filters, v.scope), {})),
    "drilldown.breakdown": (drilldown.breakdown, lambda v: ((v.filters, v.scope), {})),
    "drilldown.activity_log": (drilldown.activity_log, lambda v: ((v.filters, v.scope), {"limit": LOG_SHOWN})),
    "drilldown.unvisited_rw": (drilldown.unvisited_rw, lambda v: ((v.filters, v.scope), {"limit": SCREEN_ROWS})),
    "segments.school_list": (segments.school_list, lambda v: ((v.filters, v.scope), {"limit": SCREEN_ROWS})),
    "segments.turnout": (segments.turnout, lambda v: ((v.filters, v.scope), {})),
    "segments.segment_by_area": (segments.segment_by_area,
                                 lambda v: ((v.filters, v.scope, _level(v.filters)), {})),
    "segments.disability_activities": (segments.disability_activities,
                                       lambda v: ((v.filters, v.scope), {"limit": SCREEN_ROWS})),
    "participation.turnout_summary": (participation.turnout_summary, lambda v: ((v.filters, v.scope), {})),
    "participation.other_elections": (participation.other_elections, lambda v: ((v.filters, v.scope), {})),
    "participation.turnout_change": (participation.turnout_change,
                                     lambda v: ((v.filters, v.scope, _map_level(v.filters), EARLIER), {})),
    "participation.outreach_vs_turnout": (participation.outreach_vs_turnout, lambda v: ((v.filters, v.scope), {})),
    "participation.lowest_tps": (participation.lowest_tps, lambda v: ((v.filters, v.scope), {"limit": SCREEN_ROWS})),
    "participation.turnout_gaps": (participation.turnout_gaps,
                                   lambda v: ((v.filters, v.scope, _map_level(v.filters)), {})),
}


def _one_kecamatan_or_less(filters: Filters) -> bool:
    # The bench's kecamatan (the biggest of its kab/kota) has a few more kelurahan than the RW grid's limit, so its
    # time is an upper bound for a grid the page draws.
    return len(filters.kecamatan) == 1 or bool(filters.kelurahan)


def build_cases(con: duckdb.DuckDBPyConnection, only: str | None = None) -> list[Case]:
    """Every (function, variant) the benchmark times, optionally only those whose name matches the regex `only`."""
    views = variants(con)
    cases = []
    for function, (fn, call) in CALLS.items():
        if call is None:
            cases.append(Case(function, "-", fn, ()))
            continue
        for v in views:
            if function == "options.areas" and v.name in ("kecamatan", "tanggal", "jenis"):
                continue  # the sidebar's area list depends on the scope only: the same call as another view
            if function == "drilldown.rw_coverage" and not _one_kecamatan_or_less(v.filters):
                # The Wilayah page draws the RW grid for at most drilldown.RW_GRID_MAX_KELURAHAN kelurahan and shows
                # a note for wider views: it never makes this call for a kab/kota, a province or the country.
                continue
            args, kwargs = call(v)
            cases.append(Case(function, v.name, fn, args, kwargs))
    if only:
        pattern = re.compile(only)
        cases = [c for c in cases if pattern.search(c.name)]
    return cases


def covered_functions() -> set[str]:
    """'module.function' of every query function the benchmark times."""
    return {f"{fn.__module__.rsplit('.', 1)[-1]}.{fn.__name__}" for fn, _ in CALLS.values()}


_QUERY_CALL = re.compile(r"data\.query\(\s*([A-Za-z_]\w*)\.([A-Za-z_]\w*)")


def page_query_functions(root: Path = ROOT) -> set[str]:
    """'module.function' of every analytics.queries function called through data.query in pages/ and ui/."""
    found = set()
    for path in sorted([*(root / "pages").glob("*.py"), *(root / "ui").glob("*.py")]):
        found |= {f"{m}.{f}" for m, f in _QUERY_CALL.findall(path.read_text(encoding="utf-8"))}
    return found
