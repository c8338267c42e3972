"""The audit log: who did what and when (logins, imports, undos, exports, user changes), and reading it back."""

from __future__ import annotations

import json

import duckdb
import pandas as pd

# Every event name the application writes; anything else is refused so the log stays queryable.
EVENTS = (
    "masuk",           # login attempt (berhasil tells whether it succeeded)
    "keluar",          # logout
    "sesi_habis",      # signed out after the idle timeout
    "impor",           # a file imported (or refused)
    "batal_impor",     # an import undone
    "ekspor",          # a table downloaded
    "pengguna_tambah",
    "pengguna_hapus",
    "akses_ditolak",   # a page or action the role does not allow
)


def record(con: duckdb.DuckDBPyConnection, event: str, *, user: str | None, ok: bool = True,
           **details: object) -> None:
    """Append one event. `details` must never hold a password or a voter's data: names of files, tables, roles."""
    if event not in EVENTS:
        raise ValueError(f"unknown audit event {event!r}")
    con.execute(
        "INSERT INTO audit_log (pengguna, peristiwa, rincian, berhasil) VALUES ($u, $e, $d, $ok)",
        {"u": user, "e": event, "d": json.dumps(details, ensure_ascii=False, default=str) if details else None,
         "ok": ok},
    )


def recent(con: duckdb.DuckDBPyConnection, *, limit: int = 1000, event: str | None = None,
           user: str | None = None) -> pd.DataFrame:
    """The newest events first: id, waktu, pengguna, peristiwa, berhasil, rincian (JSON text)."""
    return con.execute(
        "SELECT id, waktu, pengguna, peristiwa, berhasil, rincian::VARCHAR AS rincian FROM audit_log "
        "WHERE ($e IS NULL OR peristiwa = $e) AND ($u IS NULL OR pengguna = $u) "
        "ORDER BY id DESC LIMIT $n",
        {"e": event, "u": user, "n": limit},
    ).df()
