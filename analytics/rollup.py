"""The daily rollup of the outreach log (activities_harian): kept in step with imports, read by dashboard queries."""

from __future__ import annotations

import contextlib
import contextvars
import logging
import threading
from collections.abc import Callable, Iterator

import duckdb

from analytics import db, memo

_log = logging.getLogger(__name__)

TABLE = "activities_harian"

# Everything a dashboard filter or grouping needs. import_id is a key so that undoing an import deletes exactly
# its rows, and id_sekolah so that "schools visited" stays a distinct count (it is NULL on most rows).
KEYS = ("tanggal, kode_kabkota, kode_kecamatan, kode_kelurahan, rw, jenis_kegiatan, penyelenggara, id_sekolah, "
        "import_id")
_SUMS = """
    count(*)::BIGINT AS kegiatan,
    sum(jumlah_peserta)::BIGINT AS jumlah_peserta,
    sum(peserta_pemula)::BIGINT AS peserta_pemula,
    sum(peserta_disabilitas)::BIGINT AS peserta_disabilitas,
    sum(peserta_perempuan)::BIGINT AS peserta_perempuan,
    sum(rumah_dikunjungi)::BIGINT AS rumah_dikunjungi
"""
# The raw log shaped like the rollup (one activity per row), so one query text serves both.
RAW = (f"(SELECT {KEYS}, 1 AS kegiatan, jumlah_peserta, peserta_pemula, peserta_disabilitas, peserta_perempuan, "
       "rumah_dikunjungi FROM activities)")

_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS {TABLE} (
    tanggal DATE NOT NULL, kode_kabkota VARCHAR NOT NULL, kode_kecamatan VARCHAR, kode_kelurahan VARCHAR,
    rw SMALLINT, jenis_kegiatan VARCHAR NOT NULL, penyelenggara VARCHAR NOT NULL, id_sekolah VARCHAR,
    import_id INTEGER NOT NULL, kegiatan BIGINT NOT NULL, jumlah_peserta BIGINT, peserta_pemula BIGINT,
    peserta_disabilitas BIGINT, peserta_perempuan BIGINT, rumah_dikunjungi BIGINT
);
CREATE TABLE IF NOT EXISTS rollup_impor (import_id INTEGER PRIMARY KEY);
CREATE TABLE IF NOT EXISTS rollup_versi (tabel VARCHAR PRIMARY KEY, versi VARCHAR NOT NULL);
"""

# Changes whenever an import lands or is undone (as ui/data.py's data_version) or rows are added or deleted some
# other way; count(*) of a table is read from its metadata, so this costs about a millisecond.
_VERSION = ("SELECT concat_ws('-', count(*), coalesce(max(import_id), 0), count(dibatalkan_pada), "
            "(SELECT count(*) FROM activities)) FROM imports")

# One catch-up at a time per process: other sessions read the raw log meanwhile instead of repeating the work.
_syncing = threading.Lock()
_use_rollup: contextvars.ContextVar[bool] = contextvars.ContextVar("use_rollup", default=True)


@contextlib.contextmanager
def switched_off(switch: contextvars.ContextVar[bool]) -> Iterator[None]:
    """Within this block `switch` is False: the derived tables it guards are not read (tests compare both paths)."""
    token = switch.set(False)
    try:
        yield
    finally:
        switch.reset(token)


def raw_only() -> contextlib.AbstractContextManager[None]:
    """Within this block every query reads the raw log (tests compare both paths; nothing else needs it)."""
    return switched_off(_use_rollup)


def source(con: duckdb.DuckDBPyConnection) -> str:
    """What counting queries read: the rollup when it matches the data (brought up to date first if it lags),
    else the raw log. The answer is the same either way; only the speed differs."""
    if not _use_rollup.get():
        return RAW
    return memo.remembered(con, TABLE, lambda: _checked_source(con))


def _checked_source(con: duckdb.DuckDBPyConnection) -> str:
    try:
        if _current(con) or _sync(con):
            return TABLE
    except duckdb.Error:
        pass  # e.g. a read-only connection: the raw log still gives the right answer
    return RAW


def _current(con: duckdb.DuckDBPyConnection) -> bool:
    return recorded_version(con, TABLE) == con.execute(_VERSION).fetchone()[0]


def recorded_version(con: duckdb.DuckDBPyConnection, table: str) -> str | None:
    """The data version a derived table was last built for; None if never. Every table's is read at once, and once
    per query call (analytics/memo.py) until a build records a new one."""
    return memo.remembered(con, _VERSIONS, lambda: _read_versions(con)).get(table)


_VERSIONS = "rollup_versi"


def _read_versions(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    # The version table is looked up first: an error (a missing table) inside the caller's transaction would abort it.
    if not db.tables_present(con, [_VERSIONS]):
        return {}
    return dict(con.execute("SELECT tabel, versi FROM rollup_versi").fetchall())


def in_transaction(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the connection is inside an explicit transaction: in autocommit every statement gets a new id. (A
    BEGIN to find out would fail, and a failed statement aborts the caller's transaction.)"""
    first = con.execute("SELECT txid_current()").fetchone()[0]
    return con.execute("SELECT txid_current()").fetchone()[0] == first


def _sync(con: duckdb.DuckDBPyConnection) -> bool:
    """Bring the rollup up to date in its own transaction; False if another session was doing the same."""
    return apply_alone(con, _syncing, apply)


def apply_alone(con: duckdb.DuckDBPyConnection, lock: threading.Lock,
                work: Callable[[duckdb.DuckDBPyConnection], None]) -> bool:
    """Run `work(con)` in a transaction of its own and say whether it committed. Nothing is done (False) when
    another session of this process holds `lock`, when the caller holds a transaction of its own (leave it
    alone), or when the work fails; callers then read the source tables, which give the same answers."""
    if not lock.acquire(blocking=False):
        return False
    try:
        if in_transaction(con):
            return False
        con.execute("BEGIN TRANSACTION")
        try:
            work(con)
            con.execute("COMMIT")
        except duckdb.Error as exc:
            con.execute("ROLLBACK")
            # The pages still answer (from the source tables), only slower: say why in the server's log, where the
            # person who runs the dashboard looks (at 100M activities an out-of-memory error once hid here).
            _log.warning("Tabel turunan tidak dibangun (%s): %s", getattr(work, "__module__", "?"), exc)
            return False
        finally:
            memo.forget(con, _VERSIONS)  # the work records new versions (or none, rolled back)
        return True
    finally:
        lock.release()


# The statements that keep the rollup in step (built once from this module's constants; no value in them).
_ADD_ALL = f"INSERT INTO {TABLE} SELECT {KEYS}, {_SUMS} FROM activities GROUP BY ALL ORDER BY kode_kecamatan, tanggal"
_ADD_NEW = (f"INSERT INTO {TABLE} SELECT {KEYS}, {_SUMS} FROM activities "
            "WHERE import_id IN (SELECT import_id FROM imports WHERE status = 'selesai' "
            "                    AND import_id NOT IN (SELECT import_id FROM rollup_impor)) "
            "GROUP BY ALL ORDER BY kode_kecamatan, tanggal")
# Imports rolled up and since undone.
_UNDONE = ("SELECT import_id FROM rollup_impor "
           "WHERE import_id NOT IN (SELECT import_id FROM imports WHERE status = 'selesai')")
_DROP_UNDONE = f"DELETE FROM {TABLE} WHERE import_id IN ({_UNDONE})"
_FORGET_UNDONE = f"DELETE FROM rollup_impor WHERE import_id IN ({_UNDONE})"
_CLEAR = f"DELETE FROM {TABLE}"
_COUNTS = (f"SELECT (SELECT coalesce(sum(kegiatan), 0) FROM {TABLE}), "
           "(SELECT count(*) FROM activities WHERE import_id IN (SELECT import_id FROM rollup_impor))")


def refresh_for_import(con: duckdb.DuckDBPyConnection, import_id: int | None = None) -> None:
    """Call inside an import's (or an undo's) transaction, after its rows are written: the rollup commits with them.
    `import_id` is for the reader; every import not yet rolled up (or undone since) is handled."""
    apply(con)


def apply(con: duckdb.DuckDBPyConnection) -> None:
    """Add the imports the rollup lacks, drop those undone, record the data version (caller holds a transaction)."""
    con.execute(_SCHEMA)
    con.execute(_ADD_NEW)
    con.execute("INSERT INTO rollup_impor SELECT import_id FROM imports WHERE status = 'selesai' "
                "AND import_id NOT IN (SELECT import_id FROM rollup_impor)")
    con.execute(_DROP_UNDONE)
    con.execute(_FORGET_UNDONE)
    # Rows written outside an import (or an import id the log does not know) make the counts differ: rebuild.
    rolled, raw = con.execute(_COUNTS).fetchone()
    total = con.execute("SELECT count(*) FROM activities").fetchone()[0]
    if rolled != raw or raw != total:
        _rebuild_body(con)
    con.execute("INSERT OR REPLACE INTO rollup_versi VALUES ($t, (" + _VERSION + "))", {"t": TABLE})


def rebuild(con: duckdb.DuckDBPyConnection) -> None:
    """Rebuild the whole rollup, sorted by kecamatan and day so that area and date filters skip row groups."""
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(_SCHEMA)
        _rebuild_body(con)
        con.execute("INSERT OR REPLACE INTO rollup_versi VALUES ($t, (" + _VERSION + "))", {"t": TABLE})
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


def _rebuild_body(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(_CLEAR)
    con.execute("DELETE FROM rollup_impor")
    con.execute(_ADD_ALL)
    con.execute("INSERT INTO rollup_impor SELECT import_id FROM imports WHERE status = 'selesai'")

