"""DuckDB connection and versioned schema migrations."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import duckdb

from analytics import config, sqlnames

try:  # duckdb is pinned (requirements.txt); without this function tables_present asks duckdb_tables()
    from duckdb._seam import table_kind as _table_kind
except ImportError:  # pragma: no cover - another duckdb version
    _table_kind = None

MIGRATION_NAME = re.compile(r"^(\d{3})_([a-z0-9_]+)\.sql$")


class SchemaTooNewError(RuntimeError):
    """The database was written by a newer Jangkau than this one."""


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


def migrations() -> list[Migration]:
    """Every migration shipped in analytics/migrations, in version order."""
    found = []
    for entry in resources.files("analytics.migrations").iterdir():
        match = MIGRATION_NAME.match(entry.name)
        if match:
            found.append(Migration(int(match.group(1)), match.group(2), entry.read_text(encoding="utf-8")))
    found.sort(key=lambda m: m.version)
    versions = [m.version for m in found]
    if versions != list(range(1, len(found) + 1)):
        raise RuntimeError(f"Nomor migrasi harus berurutan mulai 1, ditemukan {versions}")
    return found


def latest_version() -> int:
    """The schema version this code writes."""
    return migrations()[-1].version


def connect(path: str | Path, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open a database file (created if missing unless read-only), with the settings every caller wants."""
    path = Path(path)
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    limit = config.memory_limit()
    try:
        con = duckdb.connect(str(path), read_only=read_only, config={"memory_limit": limit})
    except (duckdb.ParserException, duckdb.InvalidInputException) as exc:
        if "memory" in str(exc).lower():
            raise ValueError(f"{config.ENV_MEMORY}={limit!r} tidak dikenali DuckDB; tulis misalnya 3GB atau 6GB "
                             f"({exc})") from exc
        raise
    # The progress bar writes carriage returns to stdout: noise in the CLI and in tests.
    con.execute("SET enable_progress_bar = false")
    return con


def lock_down(con: duckdb.DuckDBPyConnection) -> None:
    """Forbid file and network access from SQL on a connection that serves the dashboard."""
    con.execute("SET enable_external_access = false")
    con.execute("SET lock_configuration = true")


def tables_present(con: duckdb.DuckDBPyConnection, names: Sequence[str]) -> int:
    """How many of the tables `names` this database's main schema holds. Derived-table modules ask before touching
    a table: an error (a missing table) inside the caller's transaction would abort it."""
    if _table_kind is None:
        return con.execute("SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database() "
                           "AND schema_name = 'main' AND list_contains($names, table_name)",
                           {"names": list(names)}).fetchone()[0]
    # The catalog asked name by name, as the connection's transaction sees it (~10 µs each): duckdb_tables() lists
    # every table with its size, ~2,5-3,5 ms at every query call that checks the derived tables' versions. The names
    # are qualified with this database and schema, so a temporary table of the same name does not count.
    database = con.execute("SELECT current_database()").fetchone()[0]
    return sum(_table_kind(con, (database, "main", name)) == "table" for name in names)


def imports_missing(con: duckdb.DuckDBPyConnection, source: str, target: str) -> list[int]:
    """The imports whose rows the table `source` holds and the table `target` does not, in order. Derived tables
    add an import's rows through `import_id = $import_id`, one import at a time, rather than through
    `import_id IN (<this query>)`: for that join DuckDB may build its hash table from the source's rows instead of
    the few ids, which at 100M activities (a 70M-row rollup) ran out of memory."""
    # The names are checked against this database's tables that hold imports' rows.
    holding = {row[0] for row in con.execute(
        "SELECT table_name FROM duckdb_columns() WHERE database_name = current_database() AND schema_name = 'main' "
        "AND column_name = 'import_id'").fetchall()}
    source_name = sqlnames.ident(source, holding)
    target_name = sqlnames.ident(target, holding)
    return [row[0] for row in con.execute(
        f"SELECT import_id FROM (SELECT DISTINCT import_id FROM {source_name} "
        f"EXCEPT SELECT DISTINCT import_id FROM {target_name}) ORDER BY import_id").fetchall()]


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    """The version recorded in the database, 0 for an empty file."""
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_migrations'"
    ).fetchone()[0]
    if not exists:
        return 0
    return con.execute("SELECT coalesce(max(versi), 0) FROM schema_migrations").fetchone()[0]


def migrate(con: duckdb.DuckDBPyConnection, *, target: int | None = None) -> list[int]:
    """Apply the migrations the database lacks, each in its own transaction; return the versions applied."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " versi INTEGER PRIMARY KEY, nama VARCHAR NOT NULL,"
        " diterapkan_pada TIMESTAMP NOT NULL DEFAULT current_localtimestamp())"
    )
    current = schema_version(con)
    known = latest_version()
    if current > known:
        raise SchemaTooNewError(
            f"Basis data ini memakai skema versi {current}, sedangkan Jangkau ini hanya mengenal sampai versi "
            f"{known}. Perbarui Jangkau (git pull; pip install -r requirements.txt)."
        )
    applied = []
    for migration in migrations():
        if migration.version <= current or (target is not None and migration.version > target):
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(migration.sql)
            con.execute(
                "INSERT INTO schema_migrations (versi, nama) VALUES ($v, $n)",
                {"v": migration.version, "n": migration.name},
            )
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        applied.append(migration.version)
    return applied


def table_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Row count of every base table, by name."""
    names = [
        r[0]
        for r in con.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_type = 'BASE TABLE' AND table_schema = 'main' ORDER BY table_name"
        ).fetchall()
    ]
    # Table names come from the catalogue, never from a user; the relation API quotes them itself.
    return {n: con.table(n).count("*").fetchall()[0][0] for n in names}
