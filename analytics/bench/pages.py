"""Full page runs for the benchmark, timed by `ui.page_timer` in its own process (the engine never imports Streamlit)."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from analytics.config import ROOT


def pages_phase(path: Path, cold: bool = True, timeout_s: float = 3600) -> dict:
    """Time every page on the database at `path` (see `ui.page_timer.time_pages`); its progress lines pass through.

    A separate Python process also makes the peak memory the page runs' own."""
    with tempfile.TemporaryDirectory(prefix="jangkau-pages-") as tmp:
        out = Path(tmp) / "pages.json"
        command = [sys.executable, "-m", "ui.page_timer", str(path), str(out), "--timeout", str(timeout_s)]
        if not cold:
            command.append("--warm-only")
        done = subprocess.run(command, cwd=ROOT, stdout=subprocess.DEVNULL, check=False)
        if done.returncode != 0 or not out.exists():
            raise RuntimeError(f"ui.page_timer berhenti dengan kode {done.returncode} (lihat pesan di atas)")
        return json.loads(out.read_text(encoding="utf-8"))
