"""Times full page runs under Streamlit's AppTest for the benchmark (run as `python -m ui.page_timer DB OUT`).

It lives in ui/ because it drives Streamlit; `analytics.bench.pages` starts it as a separate process so the engine
never imports Streamlit."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from analytics.bench.timing import peak_rss_mb

ROOT = Path(__file__).resolve().parents[1]
DASHBOARD = ROOT / "dashboard.py"
DEFAULT_PAGE = "pages/ringkasan.py"


def page_files(root: Path = ROOT) -> list[str]:
    """Every page file, as dashboard.py registers them (pages/*.py)."""
    return [f"pages/{p.name}" for p in sorted((root / "pages").glob("*.py"))]


def time_pages(path: Path, cold: bool = True, timeout_s: float = 3600, log=print) -> dict:
    """Run each page of the dashboard on the database at `path`, with the default (whole-country) view.

    cold: every cache empty (new connection); warm: the connection kept, Streamlit's result cache emptied, so
    every query runs again (what a user waits for after an import or with a new filter); cached: nothing emptied.
    Each is the time of `AppTest.run()` on the page: the script's run plus AppTest's own bookkeeping.
    `cold=False` skips the cold run (at 10M rows and more each run of a page takes minutes)."""
    from analytics.config import ENV_DB

    os.environ[ENV_DB] = str(path)
    # Bare-mode AppTest logs a warning per cached call; only errors matter here.
    os.environ.setdefault("STREAMLIT_LOGGER_LEVEL", "error")
    import streamlit as st
    from streamlit import logger
    from streamlit.testing.v1 import AppTest

    from ui import maps

    logger.set_log_level("error")

    def run(at: AppTest) -> tuple[float, list[str]]:
        started = time.perf_counter()
        at.run()
        elapsed = time.perf_counter() - started
        return elapsed, [e.message for e in at.exception]

    out = []
    for page in page_files():
        # One AppTest per page, run again for each measurement: a new AppTest scans every installed package for
        # Streamlit components on its first run (~0,4 s here), which a server does once at start, not per page.
        at = AppTest.from_file(str(DASHBOARD), default_timeout=timeout_s)
        if page != DEFAULT_PAGE:
            at.switch_page(page)
        first, errors = None, []
        st.cache_data.clear()
        if cold:
            st.cache_resource.clear()
            first, errors = run(at)
        else:
            # Untimed: opens the connection and does the AppTest's one-off scan, as the cold run does.
            _, errors = run(at)
        st.cache_data.clear()
        maps.clear_shapes()  # kept as a resource beside the connection, but an answer like the others
        warm, more = run(at)
        cached, rest = run(at)
        problems = sorted(set(errors + more + rest))
        out.append({"name": page, "run_s": round(warm, 3), "cold_s": None if first is None else round(first, 3),
                    "cached_s": round(cached, 3), "errors": problems})
        log(f"  {page:<30} dingin {first or 0:>7,.2f} s  hangat {warm:>7,.2f} s  cache {cached:>7,.2f} s"
            + (f"  GALAT: {problems[0][:200]}" if problems else ""))
    st.cache_resource.clear()
    return {"pages": out, "peak_rss_mb": peak_rss_mb()}


def main(argv: list[str] | None = None) -> int:
    """Time every page on DB and write the result as JSON to OUT; progress lines go to stderr."""
    parser = argparse.ArgumentParser(prog="python -m ui.page_timer", description=__doc__)
    parser.add_argument("db", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--warm-only", action="store_true", help="skip the cold run of each page")
    parser.add_argument("--timeout", type=float, default=3600)
    args = parser.parse_args(argv)
    result = time_pages(args.db, cold=not args.warm_only, timeout_s=args.timeout,
                        log=lambda line: print(line, file=sys.stderr, flush=True))
    args.out.write_text(json.dumps(result), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
