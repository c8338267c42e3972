"""New activity imports merged into the whole-window totals (analytics/totals.py): when the only change since the
totals were built is activity imports added, their sums are added to the stored rows instead of re-reading the
whole rollup. Only the rows of the keys the imports bring are rewritten (appended, in order among themselves), while
the rows so appended stay under a quarter of a table; past that, or when an import brings that many, the table is
rewritten whole in its order, so that its zone maps keep skipping. Measured on copies of the benchmark databases,
old and new code in turn: summaries after a 1.000-row import at 10M activities 12,4 → 2,8 s (the commit alone 3,7
→ 0,1 s), after a 500.000-row import 21,0 → 14,5 s; at 100M after a 1.000-row
import 22,5 → 7,2 s, then 6,4 s with kegiatan_kelurahan_jenis merged too (BENCHMARKS.md)."""

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

    def whole(self) -> tuple[str, ...]:
        """Append the new rows (_baru) and sum the table's rows per key into a staging table, then store them back
        in the table's order. The staging table is created from the sums: DuckDB 2.0.0 loses the rows of a table
        created empty (CREATE TABLE … AS … LIMIT 0 or WHERE false) and then given more than one row group (~122.880
        rows) in the same transaction (tests/test_totals_merge.py checks the merge at that size)."""
        table = sqlnames.ident(self.table, self.names)
        keys = sqlnames.idents(self.keys, self.names)
        sums = sqlnames.each(", sum({c})::BIGINT AS {c}", self.sums, self.names, "")
        first = sqlnames.each(", min({c}) AS {c}", self.first, self.names, "")
        last = sqlnames.each(", max({c}) AS {c}", self.last, self.names, "")
        order = sqlnames.idents(self.order, self.names)
        return (f"INSERT INTO {table} SELECT * FROM _baru",
                f"CREATE OR REPLACE TEMP TABLE _tambah AS "
                f"SELECT {keys}{sums}{first}{last} FROM {table} GROUP BY {keys}",
                f"DELETE FROM {table}",
                f"INSERT INTO {table} BY NAME SELECT * FROM _tambah ORDER BY {order}")

    def local(self, columns: list[str]) -> tuple[str, ...]:
        """Sum the stored rows of the keys the new rows (_baru) bring with those rows, delete the stored ones and
        append the sums, in the table's order among themselves. Keys match as GROUP BY matches them: a missing
        kecamatan or kelurahan equals a missing one (IS NOT DISTINCT FROM)."""
        table = sqlnames.ident(self.table, self.names)
        keys = sqlnames.idents(self.keys, self.names)
        sums = sqlnames.each(", sum({c})::BIGINT AS {c}", self.sums, self.names, "")
        first = sqlnames.each(", min({c}) AS {c}", self.first, self.names, "")
        last = sqlnames.each(", max({c}) AS {c}", self.last, self.names, "")
        names = sqlnames.idents(columns, self.names)
        match = sqlnames.each("t.{c} IS NOT DISTINCT FROM b.{c}", self.keys, self.names, " AND ")
        order = sqlnames.idents(self.order, self.names)
        return (f"CREATE OR REPLACE TEMP TABLE _tambah AS SELECT {keys}{sums}{first}{last} FROM ("
                f"SELECT {names} FROM {table} t SEMI JOIN _baru b ON {match} "
                f"UNION ALL SELECT {names} FROM _baru) GROUP BY {keys}",
                f"DELETE FROM {table} t USING _baru b WHERE {match}",
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


# Each merged table's rows appended after its ordered part, as a row of rollup_versi named after the table.
APPENDED_SUFFIX = "/tambahan"
# A table is rewritten whole once the rows appended after its ordered part would pass this share of its rows.
MAX_APPENDED_SHARE = 0.25
_COLUMNS = ("SELECT column_name FROM duckdb_columns() WHERE database_name = current_database() "
            "AND schema_name = 'main' AND table_name = $t ORDER BY column_index")


def merge(con: duckdb.DuckDBPyConnection, deltas: dict[str, str], tables: list[Merged], since: int) -> None:
    """Add the rollup's rows of imports after `since` to `tables`: `deltas` holds each table's full build made to
    read only those rows (the rollup's import_id compared with $sejak), a query whose columns are the table's. Its
    rows are staged (_baru), then merged key by key (Merged.local) or, when the appended rows would pass
    MAX_APPENDED_SHARE of the table, with the whole table (Merged.whole)."""
    for spec in tables:
        columns = [row[0] for row in con.execute(_COLUMNS, {"t": spec.table}).fetchall()]
        names = sqlnames.idents(columns, spec.names)  # every column is one the spec combines
        table = sqlnames.ident(spec.table, spec.names)
        # The delta is a statement of analytics/totals.py (a module constant), its columns named as the table's.
        con.execute("CREATE OR REPLACE TEMP TABLE _baru AS SELECT * FROM (" + deltas[spec.table] + f") AS q({names})",
                    {"sejak": since})
        new, stored = con.execute(f"SELECT (SELECT count(*) FROM _baru), (SELECT count(*) FROM {table})").fetchone()
        recorded = con.execute("SELECT versi FROM rollup_versi WHERE tabel = $t",
                               {"t": spec.table + APPENDED_SUFFIX}).fetchone()
        appended = (int(recorded[0]) if recorded else 0) + new
        whole = appended > MAX_APPENDED_SHARE * (stored + new)
        for statement in spec.whole() if whole else spec.local(columns):
            con.execute(statement)
        con.execute("INSERT OR REPLACE INTO rollup_versi VALUES ($t, $v)",
                    {"t": spec.table + APPENDED_SUFFIX, "v": str(0 if whole else appended)})
    con.execute("DROP TABLE IF EXISTS _tambah")
    con.execute("DROP TABLE IF EXISTS _baru")


def forget_appended(con: duckdb.DuckDBPyConnection, tables: list[Merged]) -> None:
    """After a full build: no table has rows appended after its ordered part."""
    con.execute("DELETE FROM rollup_versi WHERE list_contains($t, tabel)",
                {"t": [spec.table + APPENDED_SUFFIX for spec in tables]})
