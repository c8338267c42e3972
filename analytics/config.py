"""Where things live: the database path and the shipped data folder."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = ROOT / "data"
DEFAULT_DB = DATA_DIR / "jangkau.duckdb"
ENV_DB = "JANGKAU_DB"


def db_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """Resolve the database file: an explicit path, else $JANGKAU_DB, else data/jangkau.duckdb."""
    if explicit:
        return Path(explicit)
    env = os.environ.get(ENV_DB)
    if env:
        return Path(env)
    return DEFAULT_DB
