"""Shared fixtures: every test builds its own database in a temporary folder from the seeded generator."""

from __future__ import annotations

from pathlib import Path

import pytest

from analytics import db
from analytics.store import create_database

SHARED_REFERENCE = Path(__file__).resolve().parents[1].parent / "shared" / "reference"


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database with the default sample, built once per test session; tests must only read it."""
    path = tmp_path_factory.mktemp("sample") / "jangkau.duckdb"
    return create_database(path, sample=True)


@pytest.fixture()
def sample_con(sample_db: Path):
    """A read-only connection to the session's sample database."""
    con = db.connect(sample_db, read_only=True)
    yield con
    con.close()


@pytest.fixture()
def empty_con(tmp_path: Path):
    """A connection to a new, empty database file."""
    con = db.connect(tmp_path / "kosong.duckdb")
    yield con
    con.close()
