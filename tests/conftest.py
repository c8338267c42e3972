"""Shared fixtures: every test builds its own database in a temporary folder from the seeded generator."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from analytics import db
from analytics.store import create_database, open_database

SHARED_REFERENCE = Path(__file__).resolve().parents[1].parent / "shared" / "reference"


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database with the default sample, built once per test session; tests must only read it."""
    path = tmp_path_factory.mktemp("sample") / "jangkau.duckdb"
    return create_database(path, sample=True)


@pytest.fixture(scope="session")
def ref_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database with the reference data only (no sample), built once per test session; tests copy it."""
    from tests.import_support import build_reference

    return build_reference(tmp_path_factory.mktemp("ref") / "ref.duckdb")


@pytest.fixture()
def sample_con(sample_db: Path):
    """A read-only connection to the session's sample database."""
    con = db.connect(sample_db, read_only=True)
    yield con
    con.close()


@pytest.fixture()
def sample_rw(sample_db: Path, tmp_path: Path):
    """A writable connection to a copy of the session's sample database (derived tables get built on it)."""
    path = tmp_path / "sampel.duckdb"
    shutil.copy(sample_db, path)
    con = open_database(path)
    yield con
    con.close()


@pytest.fixture()
def empty_con(tmp_path: Path):
    """A connection to a new, empty database file."""
    con = db.connect(tmp_path / "kosong.duckdb")
    yield con
    con.close()


DASHBOARD = Path(__file__).resolve().parents[1] / "dashboard.py"


@pytest.fixture()
def open_page(sample_db, tmp_path, monkeypatch):
    """Open a page as a shared link would: `open_page("pages/wilayah.py", kec="Bogor Utara")` returns the run
    AppTest. URL parameters carry option labels, as users see them. Each call gets a fresh app on a private copy
    of the sample database, with Streamlit's caches emptied (they outlive an AppTest within one process)."""
    import shutil

    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from analytics import config

    copy = tmp_path / "app.duckdb"
    shutil.copy(sample_db, copy)
    monkeypatch.setenv(config.ENV_DB, str(copy))

    class Opener:
        """Callable that opens a page; `.db` is the database file the app uses (tests may change it first)."""

        db = copy

        def __call__(self, page: str | None = None, **query: str | list[str]) -> AppTest:
            st.cache_data.clear()
            st.cache_resource.clear()
            at = AppTest.from_file(str(DASHBOARD), default_timeout=60)
            for key, value in query.items():
                at.query_params[key] = value
            # Switching before the first run keeps the sidebar and its URL-bound filters (a second run would not).
            if page:
                at.switch_page(page)
            return at.run()

    yield Opener()
    st.cache_resource.clear()
