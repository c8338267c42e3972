"""Create, open and upgrade the Jangkau database file."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

from analytics import db
from analytics.config import DATA_DIR
from analytics.reference import load_reference
from analytics.sample import DEFAULT_SEED, generate_sample


class DatabaseExistsError(FileExistsError):
    """init was asked to create a database where one already exists."""


def create_database(
    path: Path, *, sample: bool = True, seed: int = DEFAULT_SEED, data_dir: Path = DATA_DIR, force: bool = False
) -> Path:
    """Build a new database (reference data, optionally the sample) beside `path`, then move it into place."""
    path = Path(path)
    if path.exists() and not force:
        raise DatabaseExistsError(
            f"Basis data {path} sudah ada. Pakai --force untuk menggantinya (isinya akan hilang)."
        )
    # Built under another name and renamed at the end: a crash never leaves a half-made database at `path`.
    tmp = path.with_name(path.name + ".sedang-dibuat")
    for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
        leftover.unlink(missing_ok=True)
    con = db.connect(tmp)
    try:
        db.migrate(con)
        load_reference(con, data_dir)
        if sample:
            generate_sample(con, data_dir, seed)
        con.execute("CHECKPOINT")
    finally:
        con.close()
    Path(str(path) + ".wal").unlink(missing_ok=True)
    os.replace(tmp, path)
    return path


def open_database(path: Path, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open an existing database, upgrading its schema in place when it is writable."""
    con = db.connect(path, read_only=read_only)
    if read_only:
        version = db.schema_version(con)
        if version > db.latest_version():
            con.close()
            raise db.SchemaTooNewError(
                f"Basis data {path} memakai skema versi {version}, lebih baru dari Jangkau ini "
                f"({db.latest_version()}). Perbarui Jangkau."
            )
        if version < db.latest_version():
            con.close()
            raise RuntimeError(
                f"Basis data {path} memakai skema lama; buka sekali tanpa mode baca-saja agar diperbarui."
            )
    else:
        db.migrate(con)
    return con


def ensure_database(path: Path) -> Path:
    """Create the database with the embedded sample on first start; leave an existing one alone."""
    path = Path(path)
    if not path.exists():
        create_database(path, sample=True)
    return path
