"""The two query phases: the real query functions on DuckDB, and their pandas twins on loaded DataFrames."""

from __future__ import annotations

import time
from pathlib import Path

from analytics import db, facts, geocache, rollup, totals
from analytics.bench import compare, pandas_twins
from analytics.bench.cases import Case, build_cases
from analytics.bench.timing import peak_rss_mb, time_call
from analytics.queries.geo import Boundaries
from analytics.runtime import tune
from analytics.store import open_database


def result_rows(result: object) -> int | None:
    """How many rows an answer holds (frames, (frame, total) pairs, lists, map features); None for single records."""
    if isinstance(result, tuple) and result and hasattr(result[0], "__len__"):
        return len(result[0])
    if isinstance(result, Boundaries):
        return len(result.geojson["features"])
    if hasattr(result, "__len__") and not isinstance(result, str):
        return len(result)
    return None


def derive_phase(path: Path, log=print) -> dict:
    """Bring the derived tables (daily rollup, per-area facts, whole-window totals, map extents) up to date, as the
    first view after a bulk load does, and time that apart: the query phase then times queries, not this one-off
    work."""
    con = open_database(Path(path))
    try:
        before = _derived_versions(con)
        started = time.perf_counter()
        ready = rollup.source(con) == rollup.TABLE
        rollup_s = time.perf_counter() - started
        # The facts are built for every election at once; asking about any one of them builds them.
        election = con.execute("SELECT min(kode_pemilihan) FROM pemilihan").fetchone()[0]
        ready = facts.available(con, election) and ready
        ready = totals.refresh(con) and ready
        ready = geocache.ready(con) and ready  # the maps' extents (analytics/geocache.py)
        derive_s = time.perf_counter() - started
        built = _derived_versions(con) != before
    finally:
        con.close()
    log(f"  tabel turunan {'dibangun' if built else 'sudah mutakhir, diperiksa'} dalam {derive_s:,.1f} detik "
        f"(rollup harian {rollup_s:,.1f} detik)" + ("" if ready else "; TIDAK SEMUA TERBANGUN"))
    return {"derive_s": round(derive_s, 1), "derive_rollup_s": round(rollup_s, 1), "derive_ready": ready,
            "derive_built": built, "derive_peak_rss_mb": peak_rss_mb()}


def _derived_versions(con) -> tuple:
    """The data versions the derived tables were last built for (None where never)."""
    return tuple(rollup.recorded_version(con, t) for t in (rollup.TABLE, facts.TABLE, totals.KELURAHAN_TABLE))


def engine_phase(path: Path, only: str | None, runs: int, warmup: int, budget_s: float | None = None,
                 log=print) -> dict:
    """Time every case on a cursor of a connection opened as the dashboard opens it (read-write, locked down),
    without Streamlit's cache: this measures the engine a page waits for. With `budget_s`, a case stops after
    that many seconds of timed runs (at least 3): a query far over its goal needs no 20 runs to show it."""
    con = open_database(Path(path))
    db.lock_down(con)
    tune()  # the collector's and malloc's thresholds the dashboard process runs with (dashboard.py)
    out = []
    try:
        for case in build_cases(con, only):
            def call(c: Case = case):
                # A cursor per call, as ui/data.py runs every query.
                with con.cursor() as cur:
                    return c.fn(cur, *c.args, **c.kwargs)

            timing, result = time_call(call, runs=runs, warmup=warmup, budget_s=budget_s)
            out.append({"name": case.name, "function": case.function, "variant": case.variant,
                        "p50_ms": timing.p50_ms, "p95_ms": timing.p95_ms, "runs": len(timing.times_ms),
                        "result_rows": result_rows(result)})
            log(f"  {case.name:<55} p50 {timing.p50_ms:>9,.1f} ms  p95 {timing.p95_ms:>9,.1f} ms")
    finally:
        con.close()
    return {"queries": out, "peak_rss_mb": peak_rss_mb()}


def pandas_phase(path: Path, only: str | None, runs: int, warmup: int, budget_s: float, log=print) -> dict:
    """Load the tables into pandas once (timed apart), then time each twin and check it gives the SQL answer."""
    con = db.connect(Path(path), read_only=True)
    tune()  # the same process settings as the engine's phase: the twins are compared on equal terms
    try:
        started = time.perf_counter()
        frames = pandas_twins.load(con)
        load_s = time.perf_counter() - started
        load_rss = peak_rss_mb()
        log(f"  tabel dimuat ke pandas dalam {load_s:,.1f} detik (memori puncak {load_rss:,.0f} MB)")
        out = []
        for case in build_cases(con, only):
            twin = pandas_twins.twin_for(case.function)
            if twin is None:
                continue
            with con.cursor() as cur:
                expected = case.fn(cur, *case.args, **case.kwargs)
            timing, got = time_call(lambda c=case, t=twin: t(frames, *c.args, **c.kwargs),
                                    runs=runs, warmup=warmup, budget_s=budget_s)
            diff = compare.difference(expected, got)
            out.append({"name": case.name, "pandas_p50_ms": timing.p50_ms, "pandas_p95_ms": timing.p95_ms,
                        "pandas_runs": len(timing.times_ms), "pandas_same": diff is None, "pandas_difference": diff})
            log(f"  {case.name:<55} pandas p50 {timing.p50_ms:>9,.1f} ms  {'sama' if diff is None else 'BEDA: ' + diff}")
    finally:
        con.close()
    return {"queries": out, "load_s": round(load_s, 2), "load_peak_rss_mb": load_rss, "peak_rss_mb": peak_rss_mb()}
