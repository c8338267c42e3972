"""Dashboard users: add, list, remove, look up, and check a password against its argon2id hash."""

from __future__ import annotations

import re
from dataclasses import dataclass

import duckdb
import pandas as pd
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

ROLES = ("pimpinan", "parmas", "ppk", "operator", "admin")
NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,39}$")
MIN_PASSWORD = 10
# argon2-cffi's defaults follow RFC 9106's low-memory profile (argon2id, 64 MiB, 3 passes, random 16-byte salt).
_HASHER = PasswordHasher()
# Verified when the name is unknown, so a wrong name costs as long as a wrong password (no name probing by timing).
_DUMMY_HASH = _HASHER.hash("jangkau-tidak-ada-pengguna-ini")


class UserError(ValueError):
    """A user cannot be added or removed; the message is in Indonesian."""


@dataclass(frozen=True)
class User:
    """A signed-in person: login name, role, the region code it is limited to (None = all), e-mail for OIDC."""

    nama: str
    peran: str
    kode_wilayah: str | None = None
    surel: str | None = None


def normalise_name(name: str) -> str:
    return name.strip().lower()


def any_users(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether any active user exists: if so the dashboard asks for a login, else it runs in open mode."""
    return bool(con.execute("SELECT count(*) FROM pengguna WHERE aktif").fetchone()[0])


def _check_area(con: duckdb.DuckDBPyConnection, role: str, area: str | None) -> None:
    if role == "ppk" and not area:
        raise UserError("Peran ppk wajib diberi --area KODE_KECAMATAN (misalnya 32.71.05).")
    if not area:
        return
    kecamatan = con.execute("SELECT count(*) FROM kecamatan WHERE kode_kecamatan = $k", {"k": area}).fetchone()[0]
    if role == "ppk" and not kecamatan:
        raise UserError(f"Kode kecamatan {area} tidak ada di basis data; lihat kode_kecamatan di tabel kecamatan.")
    known = con.execute(
        "SELECT count(*) FROM v_wilayah WHERE $k IN (kode_kabkota, kode_kecamatan, kode_kelurahan)", {"k": area}
    ).fetchone()[0]
    if not known:
        raise UserError(f"Kode wilayah {area} tidak ada di basis data.")


def add_user(con: duckdb.DuckDBPyConnection, name: str, role: str, password: str | None, *,
             area: str | None = None, email: str | None = None) -> User:
    """Create a user; `password` is stored only as an argon2id hash. A user without a password can only sign in
    through the identity provider (OIDC) with `email`."""
    name = normalise_name(name)
    if not NAME.match(name):
        raise UserError("Nama pengguna: 2–40 huruf kecil, angka, titik, garis bawah atau tanda hubung.")
    if role not in ROLES:
        raise UserError(f"Peran '{role}' tidak dikenal; pilih {', '.join(ROLES)}.")
    if password is None and not email:
        raise UserError("Beri kata sandi (--password-stdin) atau surel untuk masuk lewat penyedia identitas.")
    if password is not None and len(password) < MIN_PASSWORD:
        raise UserError(f"Kata sandi terlalu pendek: minimal {MIN_PASSWORD} karakter.")
    _check_area(con, role, area)
    if get_user(con, name, active_only=False):
        raise UserError(f"Pengguna {name} sudah ada; hapus dulu dengan: python -m analytics user remove {name}")
    con.execute(
        "INSERT INTO pengguna (nama, peran, kode_wilayah, surel, hash_sandi) VALUES ($n, $r, $a, $e, $h)",
        {"n": name, "r": role, "a": area or None, "e": email.strip().lower() if email else None,
         "h": _HASHER.hash(password) if password is not None else None},
    )
    return User(name, role, area or None, email.strip().lower() if email else None)


def remove_user(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    """Delete a user; False if there was none. The audit log keeps its name."""
    return bool(con.execute("DELETE FROM pengguna WHERE nama = $n", {"n": normalise_name(name)}).fetchone()[0])


def list_users(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every user without its hash: nama, peran, kode_wilayah, wilayah (name), surel, dibuat_pada, aktif, sandi."""
    return con.execute(
        "SELECT u.nama, u.peran, u.kode_wilayah, coalesce(kc.nama, kl.nama) AS wilayah, u.surel, u.dibuat_pada, "
        "u.aktif, u.hash_sandi IS NOT NULL AS sandi "
        "FROM pengguna u LEFT JOIN kecamatan kc ON kc.kode_kecamatan = u.kode_wilayah "
        "LEFT JOIN kelurahan kl ON kl.kode_kelurahan = u.kode_wilayah ORDER BY u.nama"
    ).df()


def _user(row: tuple | None) -> User | None:
    return User(*row) if row else None


def get_user(con: duckdb.DuckDBPyConnection, name: str, *, active_only: bool = True) -> User | None:
    """The user called `name`, or None."""
    row = con.execute(
        "SELECT nama, peran, kode_wilayah, surel FROM pengguna WHERE nama = $n AND (aktif OR NOT $active)",
        {"n": normalise_name(name), "active": active_only},
    ).fetchone()
    return _user(row)


def user_by_email(con: duckdb.DuckDBPyConnection, email: str) -> User | None:
    """The active user whose e-mail is `email` (how an OIDC sign-in is mapped to a role), or None."""
    row = con.execute(
        "SELECT nama, peran, kode_wilayah, surel FROM pengguna WHERE aktif AND surel = $e",
        {"e": email.strip().lower()},
    ).fetchone()
    return _user(row)


def verify_password(con: duckdb.DuckDBPyConnection, name: str, password: str) -> User | None:
    """The user if `password` is theirs, else None. Takes about as long whether or not the name exists."""
    row = con.execute(
        "SELECT nama, peran, kode_wilayah, surel, hash_sandi FROM pengguna WHERE nama = $n AND aktif",
        {"n": normalise_name(name)},
    ).fetchone()
    stored = row[4] if row and row[4] else _DUMMY_HASH
    try:
        _HASHER.verify(stored, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return None
    if not row or not row[4]:
        return None
    if _HASHER.check_needs_rehash(stored):
        # Parameters were raised since this hash was made: store a stronger one now that we know the password.
        con.execute("UPDATE pengguna SET hash_sandi = $h WHERE nama = $n", {"h": _HASHER.hash(password), "n": row[0]})
    return User(*row[:4])
