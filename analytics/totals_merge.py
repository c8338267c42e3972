"""New activity imports merged into the whole-window totals (analytics/totals.py): when the only change since the
totals were built is activity imports added, their sums are added to the stored rows instead of re-reading the
whole rollup (the summaries after a 500.000-row import at 100M activities ~102 → ~33 s; at 10M no faster, since
rewriting the merged tables in order costs what reading the rollup did)."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from analytics import rollup, sqlnames

# The totals' inputs besides the log: each election's window, which types count participants, each kelurahan's RW
# count and each school's kelurahan. Recorded when the totals are built; a merge needs them unchanged, since the
# stored rows were summed with them.
REFERENCE_TABLE_ROW = "kegiatan_kelurahan/dasar"  # its row in rollup_versi
_REFERENCE = """
SELECT concat_ws('-',
    (SELECT coalesce(sum(hash(kode_pemilihan, sosialisasi_mulai, sosialisasi_selesai)), 0) FROM pemilihan),
    (SELECT coalesce(sum(hash(kode, ada_peserta)), 0) FROM jenis_kegiatan),
    (SELECT coalesce(sum(hash(kode_kelurahan, jumlah_rw)), 0) FROM kelurahan),
    (SELECT coalesce(sum(hash(id_sekolah, kode_kelurahan)), 0) FROM schools))
"""
# What changed since an earlier version of the log (rollup._VERSION: imports, highest import id, undone imports,
# activities): imports after its highest id, those of another kind, all imports and undone ones, and activities.
_SINCE = """
SELECT count(*) FILTER (WHERE import_id > $sejak), count(*) FILTER (WHERE import_id > $sejak AND jenis <> 'activities'),
       count(*), count(dibatalkan_pada),
       (SELECT count(*) FROM activities WHERE import_id > $sejak), (SELECT count(*) FROM activities)
FROM imports
"""


@dataclass(frozen=True)
class Merged:
    """How one table's rows add up: its key columns, the columns summed, the earliest and the latest kept, and the
    columns it is stored in the order of (as its full build sorts it)."""

    table: str
    keys: tuple[str, ...]
    sums: tuple[str, ...]
    first: tuple[str, ...]
    last: tuple[str, ...]
    order: tuple[str, ...]

    @property
    def names(self) -> frozenset[str]:
        """The identifiers its statements may use (analytics/sqlnames.py): its own table and columns."""
        return frozenset((self.table, *self.keys, *self.sums, *self.first, *self.last, *self.order))

    def statements(self) -> tuple[str, str, str]:
        """Sum the table's rows (its stored rows and the new imports' rows appended to it) per key into a staging
        table, then store them back in the table's order. The staging table is created from the sums: DuckDB 2.0.0
        loses the rows of a table created empty (CREATE TABLE … AS … LIMIT 0 or WHERE false) and then given more
        than one row group (~122.880 rows) in the same transaction (tests/test_totals_merge.py checks the merge at that
        size)."""
        table = sqlnames.ident(self.table, self.names)
        keys = sqlnames.idents(self.keys, self.names)
        sums = sqlnames.each(", sum({c})::BIGINT AS {c}", self.sums, self.names, "")
        first = sqlnames.each(", min({c}) AS {c}", self.first, self.names, "")
        last = sqlnames.each(", max({c}) AS {c}", self.last, self.names, "")
        order = sqlnames.idents(self.order, self.names)
        return (f"CREATE OR REPLACE TEMP TABLE _tambah AS "
                f"SELECT {keys}{sums}{first}{last} FROM {table} GROUP BY {keys}",
                f"DELETE FROM {table}",
                f"INSERT INTO {table} BY NAME SELECT * FROM _tambah ORDER BY {order}")


def new_imports_since(con: duckdb.DuckDBPyConnection, built: str | None, layout: str) -> int | None:
    """The highest import id the totals hold, when every change since they were built (`built`, their recorded
    version) is activity imports added after it, with the reference inputs unchanged; None when they must be built
    anew (an undo, another kind of import, rows changed outside an import, another layout, a new reference)."""
    if built is None or not built.endswith(layout):
        return None
    try:
        imports, highest, undone, activities = (int(n) for n in built.removesuffix(layout).split("-"))
    except ValueError:
        return None
    recorded = rollup.recorded_version(con, REFERENCE_TABLE_ROW)
    if recorded is None or recorded != reference(con):
        return None
    new, other, now_imports, now_undone, new_rows, now_rows = con.execute(_SINCE, {"sejak": highest}).fetchone()
    same = (other == 0 and now_imports - imports == new and now_undone == undone
            and now_rows - activities == new_rows)
    return highest if same else None


def reference(con: duckdb.DuckDBPyConnection) -> str:
    """A fingerprint of the totals' reference inputs (a few milliseconds)."""
    return con.execute(_REFERENCE).fetchone()[0]


def merge(con: duckdb.DuckDBPyConnection, deltas: dict[str, str], tables: list[Merged], since: int) -> None:
    """Add the rollup's rows of imports after `since` to `tables`: `deltas` holds each table's full build made to
    read only those rows (the rollup's import_id compared with $sejak), which appends them to the table; its rows
    are then summed per key again."""
    for spec in tables:
        con.execute(deltas[spec.table], {"sejak": since})
        for statement in spec.statements():
            con.execute(statement)
    con.execute("DROP TABLE IF EXISTS _tambah")
