"""The benchmark's result: the JSON document, a plain-text table for the terminal, and BENCHMARKS.md sections."""

from __future__ import annotations

import json
import re
from pathlib import Path

from analytics.bench.pandas_twins import twin_for

VARIANTS = ("-", "nasional", "provinsi", "kabkota", "kecamatan", "tanggal", "jenis")
# Goals from issue 5, by row count: query p95 (ms), page run (s), pandas speed-up.
GOALS = {10_000_000: {"p95_ms": 150, "page_s": 1.5, "speedup": 10}, 100_000_000: {"p95_ms": 1500}}


def assemble(rows: int, engine: dict, pandas: dict | None, pages: dict | None, imported: dict | None,
             extra: dict) -> dict:
    """The JSON document: the shape issue 5 asks for, plus details (variants, run counts, pandas checks)."""
    twins = {q["name"]: q for q in (pandas or {}).get("queries", [])}
    queries = []
    for q in engine["queries"]:
        twin = twins.get(q["name"], {})
        p50 = twin.get("pandas_p50_ms")
        queries.append({**q, "pandas_p50_ms": p50, "pandas_p95_ms": twin.get("pandas_p95_ms"),
                        "pandas_runs": twin.get("pandas_runs"), "pandas_same": twin.get("pandas_same"),
                        "pandas_difference": twin.get("pandas_difference"),
                        "speedup": round(p50 / q["p50_ms"], 1) if p50 and q["p50_ms"] else None})
    return {
        "rows": rows,
        "queries": queries,
        "import_rows_per_s": (imported or {}).get("import_rows_per_s"),
        "peak_rss_mb": engine["peak_rss_mb"],
        "pages": (pages or {}).get("pages", []),
        "pandas": None if pandas is None else {k: v for k, v in pandas.items() if k != "queries"},
        "import": imported,
        "pages_peak_rss_mb": (pages or {}).get("peak_rss_mb"),
        **extra,
    }


def write_json(result: dict, path: Path) -> None:
    Path(path).write_text(json.dumps(result, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8")


def _ms(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:,.0f}" if value >= 100 else f"{value:,.1f}"


def _s(value: float | None) -> str:
    return "–" if value is None else f"{value:,.2f}"


def _probe(result: dict) -> str:
    """The machine's speed probe at the start and end of the run, for the heading ("" when not measured)."""
    probe = result.get("speed_probe_ms")
    if not probe:
        return ""
    return (f" · speed probe {probe[0]:,.0f} / {probe[-1]:,.0f} ms at start / end (a fixed Python loop, "
            f"`analytics/bench/timing.py`; lower is faster)")


def text_table(result: dict) -> str:
    """One line per query (p50, p95, pandas p50, speed-up, same answer), then pages, import and memory."""
    lines = [f"{'kueri':<55} {'p50 ms':>9} {'p95 ms':>9} {'pandas':>9} {'x':>6}  sama"]
    for q in result["queries"]:
        same = {True: "ya", False: "TIDAK", None: "–"}[q["pandas_same"]]
        speed = "–" if q["speedup"] is None else f"{q['speedup']:,.1f}"
        lines.append(f"{q['name']:<55} {_ms(q['p50_ms']):>9} {_ms(q['p95_ms']):>9} {_ms(q['pandas_p50_ms']):>9} "
                     f"{speed:>6}  {same}")
    for p in result["pages"]:
        lines.append(f"halaman {p['name']:<30} hangat {p['run_s']:,.2f} s (dingin {_s(p['cold_s'])} s, "
                     f"cache {p['cached_s']:,.2f} s){'  GALAT' if p['errors'] else ''}")
    rate = result["import_rows_per_s"]
    refreshed = (result.get("import") or {}).get("import_refreshed", True)
    lines.append(f"impor: {'–' if rate is None else f'{rate:,.0f} baris/detik'}"
                 + ("" if refreshed else "; ringkasan sesudahnya TIDAK TERBANGUN"))
    lines.append(f"memori puncak (proses kueri): {result['peak_rss_mb']:,.0f} MB")
    if result.get("pandas"):
        lines.append(f"pandas: muat {result['pandas']['load_s']:,.1f} s, memori puncak "
                     f"{result['pandas']['peak_rss_mb']:,.0f} MB")
    if result.get("speed_probe_ms"):
        start, end = result["speed_probe_ms"][0], result["speed_probe_ms"][-1]
        lines.append(f"kecepatan mesin (loop Python tetap, makin kecil makin cepat): {start:,.0f} ms di awal, "
                     f"{end:,.0f} ms di akhir")
    return "\n".join(lines)


def _by_function(result: dict) -> dict[str, dict[str, dict]]:
    table: dict[str, dict[str, dict]] = {}
    for q in result["queries"]:
        table.setdefault(q["function"], {})[q["variant"]] = q
    return table


def markdown_section(result: dict) -> str:
    """The BENCHMARKS.md section for one row count: summary, pages, and queries by view (p50 / p95 ms)."""
    n = result["rows"]
    goal = GOALS.get(n, {})
    pandas = result.get("pandas") or {}
    imp = result.get("import") or {}
    rate = result["import_rows_per_s"]
    budget = result.get("budget_s")
    runs = f"{result.get('runs')} warm runs per query" + (
        "" if budget is None else f" (or fewer, at least 3, once a query's runs exceed {budget:g} s)")
    memory = f"**{result['peak_rss_mb']:,.0f} MB**" + (
        f" (goal ≤ 4,096 MB {'✅' if result['peak_rss_mb'] <= 4096 else '❌'})" if n >= 100_000_000 else "")
    problem = imp.get("note") or imp.get("import_error")
    imported = "not measured" if rate is None else (
        f"**{rate:,.0f} rows/s** ({imp.get('import_rows', 0):,} rows in {imp.get('import_s', 0):,.1f} s)" + (
            "" if imp.get("import_refresh_s") is None else
            f"; then the summaries the Impor Data page prepares (whole-window totals merged or rebuilt, per-day "
            f"tables and the log by area extended): {imp['import_refresh_s']:,.1f} s"
            + ("" if imp.get("import_refreshed", True) else
               " ❌ **and they were not built** (the pages then read the daily rollup, slower; the server's log says "
               "why)")))
    heading = (f"Measured {result.get('measured', '?')} · seed {result.get('seed')} · {runs} after "
               f"{result.get('warmup')} warm-up(s) · DuckDB file {result.get('db_mb', 0):,.0f} MB"
               + _probe(result))
    out = [
        heading,
        "",
        f"- **Peak memory** of the query process (a dashboard-like process running every query): {memory}",
        f"- **Import**: {imported}" + (f" — {problem}" if problem else ""),
    ]
    if result.get("derive_s") is not None and result.get("derive_built") is False:
        out.append(f"- **Derived tables** (daily rollup, per-area facts, whole-window totals): already up to date in "
                   f"this database (built by an earlier run), checked in {result['derive_s']:,.1f} s")
    elif result.get("derive_s") is not None:
        out.append(f"- **Derived tables** (daily rollup, per-area facts, whole-window totals), built once after the "
                   f"data was loaded, in their own process before the queries: {result['derive_s']:,.1f} s (the "
                   f"rollup {result.get('derive_rollup_s', 0):,.1f} s), peak memory "
                   f"{result.get('derive_peak_rss_mb', 0):,.0f} MB" + (f"; {result['derive_note']}" if result.get("derive_note") else ""))
    if pandas:
        out.append(f"- **pandas twins**: loading the tables took {pandas['load_s']:,.1f} s and "
                   f"{pandas['load_peak_rss_mb']:,.0f} MB (peak {pandas['peak_rss_mb']:,.0f} MB); each twin ran "
                   f"until {result.get('pandas_budget_s', '?')} s were spent (at least 3, at most "
                   f"{result.get('pandas_runs', result.get('runs'))} runs)")
    if result["pages"]:
        out += ["", "| page | run (s), warm | cold (s) | cached (s) | errors |", "| --- | ---: | ---: | ---: | --- |"]
        for p in result["pages"]:
            mark = "" if "page_s" not in goal else (" ✅" if p["run_s"] <= goal["page_s"] else " ❌")
            errors = "; ".join(e.splitlines()[0][:120] for e in p["errors"]) or "–"
            out.append(f"| {p['name']} | {p['run_s']:,.2f}{mark} | {_s(p['cold_s'])} | {p['cached_s']:,.2f} | {errors} |")
    out += ["", "| query | " + " | ".join(v for v in VARIANTS[1:]) + " | worst p95 | pandas p50 (nasional) | "
            "speed-up (min) | same answer |",
            "| --- |" + " ---: |" * (len(VARIANTS) - 1) + " ---: | ---: | ---: | --- |"]
    for function, views in _by_function(result).items():
        cells = []
        for v in VARIANTS[1:]:
            q = views.get(v) or (views.get("-") if v == "nasional" else None)
            cells.append("" if q is None else f"{_ms(q['p50_ms'])} / {_ms(q['p95_ms'])}")
        worst = max(q["p95_ms"] for q in views.values())
        mark = "" if "p95_ms" not in goal else (" ✅" if worst <= goal["p95_ms"] else " ❌")
        # The pandas column shows the whole-country twin; rw_coverage, timed in one view only, has none there.
        ref = views.get("nasional") or views.get("-") or {"pandas_p50_ms": None}
        speeds = [q["speedup"] for q in views.values() if q["speedup"] is not None]
        speed = "–" if not speeds else f"{min(speeds):,.1f}×" + (
            "" if "speedup" not in goal else (" ✅" if min(speeds) >= goal["speedup"] else " ❌"))
        same = [q["pandas_same"] for q in views.values() if q["pandas_same"] is not None]
        if same:
            same_text = "yes" if all(same) else "**NO**"
        else:  # a twin that was not run (pandas skipped, or stopped before this view) is not a missing twin
            same_text = "not run" if twin_for(function) else "no twin"
        out.append(f"| `{function}` | " + " | ".join(cells) + f" | {_ms(worst)}{mark} | {_ms(ref['pandas_p50_ms'])} | "
                   f"{speed} | {same_text} |")
    out += ["", "Cells: p50 / p95 in milliseconds. Views: see *What is measured*."]
    return "\n".join(out)


def _markers(rows: int) -> tuple[str, str]:
    return f"<!-- bench:{rows}:start -->", f"<!-- bench:{rows}:end -->"


def update_markdown(path: Path, result: dict) -> None:
    """Replace the section between this row count's markers in BENCHMARKS.md (appended if missing)."""
    path = Path(path)
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    start, end = _markers(result["rows"])
    body = f"{start}\n{markdown_section(result)}\n{end}"
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.DOTALL)
    if pattern.search(text):
        text = pattern.sub(lambda _: body, text)
    else:
        text = text.rstrip("\n") + f"\n\n### {result['rows']:,} activity rows\n\n{body}\n"
    path.write_text(text, encoding="utf-8")
