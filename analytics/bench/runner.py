"""Run the whole benchmark: build or reuse the database, then each phase in its own process, then report."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import time
from pathlib import Path

import duckdb
import pandas as pd

from analytics.bench import national, report
from analytics.bench.importing import import_phase
from analytics.bench.pages import pages_phase
from analytics.bench.phases import derive_phase, engine_phase, pandas_phase
from analytics.bench.timing import in_fresh_process, speed_probe_ms
from analytics.config import ROOT

PANDAS_BUDGET_S = 5.0  # seconds of timed runs per query: at 10M rows one pandas run takes seconds; 20 of each would take hours
IMPORT_ROWS = 500_000


def machine() -> dict:
    """What the numbers were measured on."""
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
        mem_kb = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                      if line.startswith("MemTotal"))
    except (OSError, StopIteration):
        mem_kb = 0
    return {"cpu": model or platform.processor(), "cores": os.cpu_count(), "ram_gb": round(mem_kb / 1024**2, 1),
            "python": platform.python_version(), "duckdb": duckdb.__version__, "pandas": pd.__version__,
            "os": platform.platform()}


def run(rows: int, *, seed: int = 2024, scale: str = "national", directory: Path = national.DEFAULT_DIR,
        runs: int = 20, warmup: int = 2, pandas_runs: int | None = None, only: str | None = None,
        pages: bool = True, cold_pages: bool = True, pandas: bool = True, imports: bool = True,
        keep: bool = False,
        budget_s: float | None = None, pandas_budget_s: float = PANDAS_BUDGET_S, import_rows: int | None = None,
        isolate: bool = True, log=print) -> dict:
    """Build or reuse the database for `rows`, run every phase, and return the result document."""
    started = time.perf_counter()
    load_before = os.getloadavg()
    probe_before = speed_probe_ms()
    path = national.ensure(rows, seed=seed, scale=scale, directory=Path(directory), log=log)
    prepared_s = time.perf_counter() - started
    log("Tabel turunan (sekali setelah data dimuat):")
    derived = in_fresh_process(derive_phase, path, isolate=isolate)
    log("Kueri DuckDB (fungsi yang dipanggil halaman):")
    engine = in_fresh_process(engine_phase, path, only, runs, warmup, budget_s, isolate=isolate)
    twins = None
    if pandas:
        log("Pembanding pandas:")
        # No warm-up for pandas: nothing is cached between runs of a twin, the first run is like the others.
        twins = in_fresh_process(pandas_phase, path, only, pandas_runs or runs, 0, pandas_budget_s,
                                 isolate=isolate)
    page_runs = None
    if pages:
        log("Halaman (AppTest):")
        # Always a process of its own: the page timer drives Streamlit, which the engine never imports.
        page_runs = pages_phase(path, cold_pages)
    imported = None
    if imports:
        log("Impor CSV:")
        imported = in_fresh_process(import_phase, path, Path(directory), import_rows or min(rows, IMPORT_ROWS), seed,
                                    keep, isolate=isolate)
    extra = {
        "seed": seed, "scale": scale, "runs": runs, "warmup": warmup, "pandas_runs": pandas_runs or runs,
        "budget_s": budget_s, "pandas_budget_s": pandas_budget_s, "measured": dt.date.today().isoformat(),
        "machine": machine(),
        "db_file": str(path), "db_mb": round(path.stat().st_size / 1024**2, 1),
        # Other work on the machine slows every number down: the load averages say how busy it was.
        "load_avg_start": [round(x, 2) for x in load_before], "load_avg_end": [round(x, 2) for x in os.getloadavg()],
        # The machine's speed at the start and the end (timing.speed_probe_ms): runs on different days compare fairly
        # only when these are alike.
        "speed_probe_ms": [probe_before, speed_probe_ms()],
        "prepare_s": round(prepared_s, 1), **derived, "total_s": round(time.perf_counter() - started, 1),
    }
    return report.assemble(rows, engine, twins, page_runs, imported, extra)


def main(args: argparse.Namespace) -> int:
    """`python -m analytics bench …`: run, print the table, write the JSON and (with --markdown) BENCHMARKS.md."""
    directory = Path(args.dir) if args.dir else national.DEFAULT_DIR
    result = run(args.rows, seed=args.seed, scale=args.scale, directory=directory, runs=args.runs,
                 warmup=args.warmup, pandas_runs=args.pandas_runs, only=args.only, pages=not args.skip_pages,
                 cold_pages=not args.warm_pages_only, pandas=not args.skip_pandas, imports=not args.skip_import,
                 keep=args.keep, budget_s=args.budget,
                 pandas_budget_s=args.pandas_budget)
    print()
    print(report.text_table(result))
    if args.json:
        report.write_json(result, Path(args.json))
        print(f"JSON: {args.json}")
    if args.markdown:
        report.update_markdown(ROOT / "BENCHMARKS.md", result)
        print(f"BENCHMARKS.md diperbarui untuk {args.rows:,} baris.")
    failed = [q["name"] for q in result["queries"] if q["pandas_same"] is False]
    failed += [p["name"] for p in result["pages"] if p["errors"]]
    if failed:
        print(f"Perhatian: jawaban berbeda atau galat pada {', '.join(failed)}")
    return 1 if failed else 0
