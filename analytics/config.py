"""Where things live and what they may use: the database path, the shipped data folder, DuckDB's memory limit."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = ROOT / "data"
DEFAULT_DB = DATA_DIR / "jangkau.duckdb"
ENV_DB = "JANGKAU_DB"
ENV_MEMORY = "JANGKAU_MEMORY_LIMIT"
# DuckDB's own default is 80 % of the machine's memory: at 100M activities the benchmark's query process peaked at 7,5 GB.
# With a limit, large sorts and groupings spill to a temporary folder beside the database instead.
DEFAULT_MEMORY_LIMIT = "3GB"


def db_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """Resolve the database file: an explicit path, else $JANGKAU_DB, else data/jangkau.duckdb."""
    if explicit:
        return Path(explicit)
    env = os.environ.get(ENV_DB)
    if env:
        return Path(env)
    return DEFAULT_DB


def memory_limit() -> str:
    """DuckDB's memory limit for every connection: $JANGKAU_MEMORY_LIMIT (e.g. "6GB"), else 3GB."""
    return os.environ.get(ENV_MEMORY, "").strip() or DEFAULT_MEMORY_LIMIT
