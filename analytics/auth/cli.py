"""The `python -m analytics user add | list | remove` commands (users of the dashboard, with roles)."""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from pathlib import Path

from analytics.auth import audit
from analytics.auth.users import ROLES, UserError, add_user, list_users, remove_user

COMMAND = "user"


def add_user_commands(commands, add_db: Callable[[argparse.ArgumentParser], None]) -> None:
    """Register `user` and its subcommands on the CLI's subparsers."""
    user = commands.add_parser(
        COMMAND, help="kelola pengguna dasbor: add, list, remove",
        description="Pengguna dasbor dan perannya. Selama ada satu pengguna, dasbor meminta login.",
    )
    actions = user.add_subparsers(dest="user_command", metavar="AKSI", required=True)
    add = actions.add_parser(
        "add", help="tambah pengguna",
        description="Menambah pengguna. Kata sandi dibaca dari stdin (baris pertama) dan hanya disimpan sebagai "
        "hash argon2id. Peran: pimpinan (semua halaman, unduhan ringkasan), parmas (semua halaman dan unduhan), "
        "ppk (hanya kecamatannya: wajib --area), operator (impor), admin (pengguna, target, pembatalan impor).",
    )
    add.add_argument("name", metavar="NAMA")
    add.add_argument("--role", required=True, choices=ROLES, metavar="PERAN", help=", ".join(ROLES))
    add.add_argument("--area", metavar="KODE", help="kode kecamatan (wajib untuk ppk), misalnya 32.71.05")
    add.add_argument("--email", metavar="SUREL", help="surel untuk masuk lewat penyedia identitas (OIDC)")
    add.add_argument("--password-stdin", action="store_true", help="baca kata sandi dari stdin")
    add_db(add)
    listing = actions.add_parser("list", help="daftar pengguna", description="Menampilkan semua pengguna (tanpa "
                                 "kata sandi).")
    add_db(listing)
    remove = actions.add_parser("remove", help="hapus pengguna", description="Menghapus pengguna; log audit "
                                "tetap menyimpan namanya.")
    remove.add_argument("name", metavar="NAMA")
    add_db(remove)


def _actor() -> str:
    try:
        return f"{getpass.getuser()} (cli)"
    except Exception:  # no user name in some containers
        return "cli"


def run_user_command(path: Path, args: argparse.Namespace) -> int:
    """Run `user add|list|remove` against the database at `path`: 0 done, 2 refused (message on stderr)."""
    from analytics.store import open_database

    if not path.exists():
        print(f"Basis data {path} belum ada. Buat dengan: python -m analytics init --db {path}", file=sys.stderr)
        return 2
    con = open_database(path)
    try:
        if args.user_command == "list":
            return _list(con)
        if args.user_command == "remove":
            return _remove(con, args.name)
        return _add(con, args)
    finally:
        con.close()


def _add(con, args: argparse.Namespace) -> int:
    password = None
    if args.password_stdin:
        # Only the first line: `echo secret | …` and a here-string both end with a newline that is not part of it.
        password = sys.stdin.readline().rstrip("\r\n")
    try:
        user = add_user(con, args.name, args.role, password, area=args.area, email=args.email)
    except UserError as exc:
        audit.record(con, "pengguna_tambah", user=_actor(), ok=False, nama=args.name[:40], peran=args.role,
                     alasan=str(exc)[:200])
        print(exc, file=sys.stderr)
        return 2
    audit.record(con, "pengguna_tambah", user=_actor(), ok=True, nama=user.nama, peran=user.peran,
                 wilayah=user.kode_wilayah)
    where = f", wilayah {user.kode_wilayah}" if user.kode_wilayah else ""
    print(f"Pengguna {user.nama} ditambahkan (peran {user.peran}{where}).")
    return 0


def _list(con) -> int:
    users = list_users(con)
    if users.empty:
        print("Belum ada pengguna: dasbor berjalan dalam mode terbuka (tanpa login).")
        return 0
    rows = [("nama", "peran", "wilayah", "surel", "sandi", "dibuat")] + [
        (r.nama, r.peran, f"{r.kode_wilayah} {r.wilayah or ''}".strip() if isinstance(r.kode_wilayah, str) else "semua",
         r.surel if isinstance(r.surel, str) else "-", "ya" if r.sandi else "tidak", f"{r.dibuat_pada:%d-%m-%Y %H:%M}")
        for r in users.itertuples()
    ]
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(str(v).ljust(w) for v, w in zip(row, widths)).rstrip())
    return 0


def _remove(con, name: str) -> int:
    removed = remove_user(con, name)
    audit.record(con, "pengguna_hapus", user=_actor(), ok=removed, nama=name[:40])
    if not removed:
        print(f"Pengguna {name} tidak ada. Lihat daftarnya: python -m analytics user list", file=sys.stderr)
        return 2
    print(f"Pengguna {name} dihapus.")
    return 0
