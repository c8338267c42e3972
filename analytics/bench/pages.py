"""Full page runs under Streamlit's AppTest on the benchmark database: cold, warm engine, and cached."""

from __future__ import annotations

import os
import time
from pathlib import Path

from analytics.bench.timing import peak_rss_mb
from analytics.config import ENV_DB, ROOT

DASHBOARD = ROOT / "dashboard.py"
DEFAULT_PAGE = "pages/ringkasan.py"


def page_files(root: Path = ROOT) -> list[str]:
    """Every page file, as dashboard.py registers them (pages/*.py)."""
    return [f"pages/{p.name}" for p in sorted((root / "pages").glob("*.py"))]


def pages_phase(path: Path, cold: bool = True, timeout_s: float = 3600, log=print) -> dict:
    """Run each page of the dashboard on the database at `path`, with the default (whole-country) view.

    cold: every cache empty (new connection); warm: the connection kept, Streamlit's result cache emptied, so
    every query runs again (what a user waits for after an import or with a new filter); cached: nothing emptied.
    `cold=False` skips the cold run (at 10M rows and more each run of a page takes minutes)."""
    os.environ[ENV_DB] = str(path)
    # Bare-mode AppTest logs a warning per cached call; only errors matter here.
    os.environ.setdefault("STREAMLIT_LOGGER_LEVEL", "error")
    import streamlit as st
    from streamlit import logger
    from streamlit.testing.v1 import AppTest

    logger.set_log_level("error")

    def run(page: str) -> tuple[float, list[str]]:
        at = AppTest.from_file(str(DASHBOARD), default_timeout=timeout_s)
        if page != DEFAULT_PAGE:
            at.switch_page(page)
        started = time.perf_counter()
        at.run()
        elapsed = time.perf_counter() - started
        return elapsed, [e.message for e in at.exception]

    out = []
    for page in page_files():
        st.cache_data.clear()
        first, errors = None, []
        if cold:
            st.cache_resource.clear()
            first, errors = run(page)
        st.cache_data.clear()
        warm, more = run(page)
        cached, rest = run(page)
        problems = sorted(set(errors + more + rest))
        out.append({"name": page, "run_s": round(warm, 3), "cold_s": None if first is None else round(first, 3),
                    "cached_s": round(cached, 3),
                    "errors": problems})
        log(f"  {page:<30} dingin {first or 0:>7,.2f} s  hangat {warm:>7,.2f} s  cache {cached:>7,.2f} s"
            + (f"  GALAT: {problems[0][:200]}" if problems else ""))
    st.cache_resource.clear()
    return {"pages": out, "peak_rss_mb": peak_rss_mb()}
