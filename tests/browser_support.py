"""Helpers for the browser tests: run the dashboard in a Streamlit server and drive it with Debian's Chromium."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
SETTLE_MS = 500


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    """A running `streamlit run dashboard.py`; its output goes to a temporary log file."""

    process: subprocess.Popen
    port: int
    log_path: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return ""

    def stop(self, timeout: float = 10) -> None:
        """Terminate the server; kill it if it does not exit in time."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=timeout)


def start_server(db_path: Path, timeout: float = 60) -> Server:
    """Start the dashboard on a free port against `db_path`; return once /_stcore/health answers 'ok'."""
    port = free_port()
    env = dict(os.environ, JANGKAU_DB=str(db_path), PYTHONUNBUFFERED="1")
    log_fd, log_name = tempfile.mkstemp(prefix="jangkau-streamlit-", suffix=".log")
    cmd = [
        sys.executable, "-m", "streamlit", "run", "dashboard.py",
        "--server.port", str(port),
        "--server.address", "127.0.0.1",
        "--server.headless", "true",
        "--browser.gatherUsageStats", "false",
        # Files in the tree may change while tests run; don't show "source changed" banners in screenshots.
        "--server.fileWatcherType", "none",
        # The office config redacts errors; a failing test should show the traceback (as stException).
        "--client.showErrorDetails", "full",
    ]
    with os.fdopen(log_fd, "wb") as log:
        process = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL)
    server = Server(process, port, Path(log_name))
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"Streamlit exited with code {process.returncode} before it was healthy:\n"
                               f"{server.log()}")
        try:
            with urllib.request.urlopen(f"{server.url}/_stcore/health", timeout=2) as r:
                if r.read().decode().strip() == "ok":
                    return server
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.25)
    server.stop()
    raise RuntimeError(f"Streamlit did not answer /_stcore/health within {timeout:.0f} s:\n{server.log()}")


@contextlib.contextmanager
def served_copy(source: Path, folder: Path, name: str,
                prepare: Callable[[object], None] | None = None) -> Iterator[tuple[Server, Path]]:
    """Serve a copy of the database `source` (written to `folder`/`name`, first changed by `prepare` on a
    connection closed before the server starts); yields the server and the copy's path, stops the server after."""
    from analytics import db

    copy = folder / name
    shutil.copy(source, copy)
    if prepare is not None:
        con = db.connect(copy)
        try:
            db.migrate(con)
            prepare(con)
        finally:
            con.close()
    server = start_server(copy)
    try:
        yield server, copy
    finally:
        server.stop()


def launch_chromium(playwright):
    """Debian's Chromium, headless (Playwright cannot download its own browsers here)."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


# True once the script is idle and the page has not changed for `quiet` ms. Streamlit flips the script state to
# "notRunning" before React has drawn the run's last elements, so the state alone is not enough.
_QUIET_JS = """quiet => {
  if (!window.__jangkauObserver) {
    window.__jangkauChanged = performance.now();
    window.__jangkauObserver = new MutationObserver(() => { window.__jangkauChanged = performance.now(); });
    window.__jangkauObserver.observe(document.documentElement,
      {subtree: true, childList: true, attributes: true, characterData: true});
  }
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') {
    window.__jangkauChanged = performance.now();
    return false;
  }
  return performance.now() - window.__jangkauChanged >= quiet;
}"""


def wait_idle(page, timeout: float = 30_000, settle_ms: int = SETTLE_MS) -> None:
    """Wait until the script run has finished and the page has been still for `settle_ms`.

    Streamlit may rerun once more after syncing widget state to the URL, and a click only starts a run after a
    round trip to the server; both show up as changes to the page, which restart the quiet period.
    """
    page.wait_for_selector(IDLE, timeout=timeout)
    page.wait_for_function(_QUIET_JS, arg=settle_ms, polling=100, timeout=timeout)


def goto(page, url: str) -> None:
    page.goto(url, wait_until="domcontentloaded")
    wait_idle(page)


def screenshot(page, path: Path) -> None:
    """Save the whole page. Streamlit scrolls inside its main section, not the document, so Playwright's
    full_page sees only one screen: grow the viewport to the content's height for the shot, then restore it."""
    size = page.viewport_size
    height = page.evaluate("""() => Math.max(...[...document.querySelectorAll(
        '[data-testid="stMain"], [data-testid="stAppViewContainer"], [data-testid="stSidebarContent"]')]
        .map(e => e.scrollHeight), document.documentElement.scrollHeight)""")
    path.parent.mkdir(parents=True, exist_ok=True)
    if height > size["height"]:
        page.set_viewport_size({"width": size["width"], "height": min(int(height) + 40, 12_000)})
        wait_idle(page)
    page.screenshot(path=str(path))
    if height > size["height"]:
        page.set_viewport_size(size)


def metrics(page) -> dict[str, str]:
    """Every st.metric on the page, label → value as displayed."""
    result = {}
    for tile in page.locator('[data-testid="stMetric"]').all():
        label = tile.locator('[data-testid="stMetricLabel"]').inner_text().strip()
        value = tile.locator('[data-testid="stMetricValue"]').inner_text().strip()
        result[label] = value
    return result


def metric(page, label: str) -> str:
    """The displayed value of the metric labelled `label` (fails listing the labels present)."""
    found = metrics(page)
    assert label in found, f"no metric labelled {label!r}; metrics on the page: {found}"
    return found[label]
