"""The command line: `python -m analytics init | info | import | imports | undo | rejected | bench` (see --help)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import duckdb

from analytics import config, db, fmt
from analytics.auth.cli import COMMAND as USER_COMMAND
from analytics.auth.cli import add_user_commands, run_user_command
from analytics.bench.cli import add_bench, run_bench
from analytics.importing.cli import COMMANDS as IMPORT_COMMANDS
from analytics.importing.cli import add_import_commands, run_import_command
from analytics.sample import DEFAULT_SEED
from analytics.store import DatabaseExistsError, create_database, open_database

LOCKED_HINT = (
    "Basis data sedang dipakai proses lain (mungkin dasbor yang sedang berjalan). DuckDB hanya mengizinkan satu "
    "penulis: hentikan dasbor lalu ulangi, atau impor lewat halaman Impor Data di dasbor."
)


def _add_db(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        metavar="PATH",
        help=f"file basis data (bawaan: ${config.ENV_DB}, lalu {config.DEFAULT_DB.relative_to(config.ROOT)})",
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every command and its help text."""
    parser = argparse.ArgumentParser(
        prog="python -m analytics",
        description="Jangkau: basis data dan analitik sosialisasi pemilih KPU Kabupaten/Kota.",
        epilog=f"Lokasi basis data: --db, jika tidak ada ${config.ENV_DB}, jika tidak ada data/jangkau.duckdb.",
    )
    commands = parser.add_subparsers(dest="command", metavar="PERINTAH", required=True)

    init = commands.add_parser(
        "init",
        help="buat basis data baru dari data referensi (dengan --sample: ditambah data sampel sintetis)",
        description="Membuat basis data baru: skema, data wilayah resmi, jenis kegiatan, batas wilayah perkiraan; "
        "dengan --sample juga kampanye sosialisasi sintetis Kota Bogor (Juli–27 Nov 2024).",
    )
    _add_db(init)
    init.add_argument("--sample", action="store_true", help="isi dengan data sampel sintetis Kota Bogor")
    init.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"benih acak sampel (bawaan {DEFAULT_SEED})")
    init.add_argument("--force", action="store_true", help="ganti basis data yang sudah ada")

    info = commands.add_parser(
        "info",
        help="tampilkan versi skema, isi data, dan jumlah baris per tabel",
        description="Menampilkan versi skema, apakah data sintetis, dan jumlah baris setiap tabel.",
    )
    _add_db(info)
    add_import_commands(commands, _add_db)
    add_user_commands(commands, _add_db)
    add_bench(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run a command; returns the process exit status."""
    args = build_parser().parse_args(argv)
    if args.command == "bench":
        return run_bench(args)
    path = config.db_path(args.db)
    try:
        if args.command == "init":
            return _init(path, args)
        if args.command == USER_COMMAND:
            return run_user_command(path, args)
        if args.command in IMPORT_COMMANDS:
            return run_import_command(path, args)
        return _info(path)
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            print(LOCKED_HINT, file=sys.stderr)
            return 2
        raise


def _init(path: Path, args: argparse.Namespace) -> int:
    started = time.perf_counter()
    try:
        create_database(path, sample=args.sample, seed=args.seed, force=args.force)
    except DatabaseExistsError as exc:
        print(exc, file=sys.stderr)
        return 2
    what = "data referensi dan sampel sintetis" if args.sample else "data referensi"
    print(f"Basis data {path} dibuat ({what}) dalam {fmt.number(time.perf_counter() - started, decimals=1)} detik.")
    return _info(path)


def _info(path: Path) -> int:
    if not path.exists():
        print(f"Basis data {path} belum ada. Buat dengan: python -m analytics init --sample --db {path}", file=sys.stderr)
        return 2
    con = open_database(path, read_only=True)
    try:
        version = db.schema_version(con)
        info = dict(con.execute("SELECT kunci, nilai FROM dataset_info").fetchall())
        counts = db.table_counts(con)
    finally:
        con.close()
    print(f"Basis data: {path}")
    print(f"Versi skema: {version}")
    if info.get("sintetis") == "ya":
        print(f"Isi: DATA SAMPEL SINTETIS ({info.get('sampel_wilayah', '')}, seed {info.get('sampel_seed', '')})")
    else:
        print("Isi: data kantor (bukan sampel)")
    width = max(len(n) for n in counts)
    print()
    print(f"{'tabel'.ljust(width)}  {'baris':>12}")
    for name, count in counts.items():
        print(f"{name.ljust(width)}  {fmt.number(count):>12}")
    return 0
