"""Failed-login throttling: each failure delays the answer, and 5 failures in 15 minutes lock the account."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

import duckdb

MAX_FAILURES = 5
WINDOW = dt.timedelta(minutes=15)
LOCK = dt.timedelta(minutes=15)
MAX_DELAY = 4.0


@dataclass(frozen=True)
class Failures:
    """Failures counted in the current window, and when the account unlocks (None: not locked)."""

    count: int
    locked_until: dt.datetime | None


def key_for(name: str, *, known: bool) -> str:
    """The row that counts failures for a login name. Unknown names are stored only as a hash prefix: people type
    passwords into the name field, and those must not land in the database."""
    name = name.strip().lower()
    return name if known else "?" + hashlib.sha256(name.encode()).hexdigest()[:16]


def locked_until(con: duckdb.DuckDBPyConnection, key: str, now: dt.datetime) -> dt.datetime | None:
    """When the account unlocks, if it is locked at `now`."""
    row = con.execute("SELECT terkunci_sampai FROM gagal_masuk WHERE kunci = $k", {"k": key}).fetchone()
    return row[0] if row and row[0] and row[0] > now else None


def register_failure(con: duckdb.DuckDBPyConnection, key: str, now: dt.datetime) -> Failures:
    """Count one failure; lock the account for LOCK once MAX_FAILURES fall within WINDOW."""
    row = con.execute("SELECT jumlah, pertama_pada FROM gagal_masuk WHERE kunci = $k", {"k": key}).fetchone()
    count = 1 if row is None or now - row[1] > WINDOW else row[0] + 1
    first = now if count == 1 else row[1]
    until = now + LOCK if count >= MAX_FAILURES else None
    # The count restarts after a lock, so the next MAX_FAILURES failures lock it again.
    stored = 0 if until else count
    con.execute(
        "INSERT INTO gagal_masuk (kunci, jumlah, pertama_pada, terakhir_pada, terkunci_sampai) "
        "VALUES ($k, $n, $f, $now, $until) ON CONFLICT (kunci) DO UPDATE SET jumlah = excluded.jumlah, "
        "pertama_pada = excluded.pertama_pada, terakhir_pada = excluded.terakhir_pada, "
        "terkunci_sampai = excluded.terkunci_sampai",
        {"k": key, "n": stored, "f": first, "now": now, "until": until},
    )
    return Failures(count, until)


def clear(con: duckdb.DuckDBPyConnection, key: str) -> None:
    """Forget the failures after a successful login."""
    con.execute("DELETE FROM gagal_masuk WHERE kunci = $k", {"k": key})


def delay_seconds(count: int) -> float:
    """How long to wait before answering the `count`-th failure: 0.5 s doubling, at most MAX_DELAY."""
    return min(MAX_DELAY, 0.5 * 2 ** max(count - 1, 0))
