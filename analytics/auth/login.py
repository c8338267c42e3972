"""One login attempt: refuse while locked, check the password, count failures, delay them, write the audit log."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass

import duckdb

from analytics.auth import audit, lockout
from analytics.auth.users import User, get_user, normalise_name, user_by_email, verify_password


@dataclass(frozen=True)
class Outcome:
    """The signed-in user, or why not: 'salah' (wrong name or password) or 'terkunci' (until `locked_until`)."""

    user: User | None
    reason: str
    locked_until: dt.datetime | None = None


def attempt(con: duckdb.DuckDBPyConnection, name: str, password: str, *, now: dt.datetime | None = None,
            sleep: Callable[[float], None] = time.sleep) -> Outcome:
    """Try to sign in `name` with `password`. Never says whether the name exists."""
    now = now or dt.datetime.now()
    name = normalise_name(name)[:60]
    known = get_user(con, name) is not None
    key = lockout.key_for(name, known=known)
    who = name if known else None
    until = lockout.locked_until(con, key, now)
    if until:
        # The password is not even checked while locked: guessing cannot go on in the background.
        audit.record(con, "masuk", user=who, ok=False, alasan="terkunci", sampai=until.isoformat(timespec="minutes"))
        return Outcome(None, "terkunci", until)
    user = verify_password(con, name, password)
    if user:
        lockout.clear(con, key)
        audit.record(con, "masuk", user=user.nama, ok=True, cara="sandi")
        return Outcome(user, "ok")
    failures = lockout.register_failure(con, key, now)
    audit.record(con, "masuk", user=who, ok=False, alasan="sandi_salah" if known else "nama_tidak_dikenal",
                 ke=failures.count, terkunci=failures.locked_until is not None)
    sleep(lockout.delay_seconds(failures.count))
    if failures.locked_until:
        return Outcome(None, "terkunci", failures.locked_until)
    return Outcome(None, "salah")


def oidc_attempt(con: duckdb.DuckDBPyConnection, email: str | None) -> Outcome:
    """Map an identity provider's verified e-mail to a user row; an e-mail with no user gets no access."""
    user = user_by_email(con, email) if email else None
    audit.record(con, "masuk", user=user.nama if user else None, ok=user is not None, cara="oidc",
                 **({} if user else {"alasan": "surel_tidak_terdaftar"}))
    return Outcome(user, "ok" if user else "salah")
