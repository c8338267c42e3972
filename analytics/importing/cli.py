"""The import commands of `python -m analytics`: import, imports, undo, rejected."""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from pathlib import Path

from analytics import fmt
from analytics.importing.result import EXIT_NOTHING_IMPORTED, KINDS

COMMANDS = ("import", "imports", "undo", "rejected")


def add_import_commands(commands, add_db: Callable[[argparse.ArgumentParser], None]) -> None:
    """Register the import commands on the CLI's subparsers."""
    imp = commands.add_parser(
        "import",
        help="impor berkas .xlsx/.csv: activities, turnout, voters, targets atau boundaries",
        description="Mengimpor satu berkas sebagai satu transaksi: semua baris yang benar atau tidak sama sekali. "
        "Baris yang salah ditolak dengan alasannya; kolom data pribadi (nama, NIK, telepon, alamat) dibuang. "
        "Status keluar: 0 semua baris diimpor (atau tidak ada yang baru), 1 sebagian baris ditolak, "
        "2 tidak ada yang diimpor (berkas tak terbaca, jenis salah, tanpa judul kolom).",
    )
    imp.add_argument("kind", choices=KINDS, metavar="JENIS",
                     help="activities (log kegiatan), turnout (hasil per TPS), voters (DPT per kelurahan), "
                     "targets (target partisipasi) atau boundaries (batas wilayah)")
    imp.add_argument("file", metavar="BERKAS", help="berkas .xlsx atau .csv (boundaries: .geojson, .gpkg, .zip)")
    add_db(imp)
    _add_user(imp)
    imp.add_argument("--pemilihan", metavar="KODE",
                     help="pemilihan untuk baris turnout/voters/targets yang tidak menyebutnya (bawaan: pemilihan "
                     "terakhir yang sudah berlangsung)")

    listing = commands.add_parser("imports", help="daftar semua impor", description="Menampilkan setiap impor: id, "
                                  "jenis, berkas, awal sha256, pengguna, waktu, baris diterima/ditolak, status.")
    add_db(listing)

    undo = commands.add_parser("undo", help="batalkan satu impor seluruhnya",
                               description="Menghapus semua baris dari satu impor dan menandainya 'dibatalkan'.")
    undo.add_argument("import_id", type=int, metavar="IMPORT_ID")
    add_db(undo)
    _add_user(undo)

    rejected = commands.add_parser("rejected", help="simpan baris yang ditolak suatu impor sebagai .xlsx",
                                   description="Menulis baris yang ditolak (kolom asli + alasan penolakan) ke .xlsx "
                                   "untuk diperbaiki lalu diunggah ulang.")
    rejected.add_argument("import_id", type=int, metavar="IMPORT_ID")
    rejected.add_argument("--out", metavar="BERKAS", required=True, help="berkas .xlsx yang ditulis")
    add_db(rejected)


def _add_user(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--user", metavar="NAMA", default=None,
                        help="siapa yang melakukan (bawaan: pengguna sistem operasi)")


def os_user() -> str:
    """The operating-system user name, or a placeholder where there is none."""
    try:
        return getpass.getuser()
    except Exception:  # no user name in some containers
        return "tidak-diketahui"


def run_import_command(path: Path, args: argparse.Namespace) -> int:
    """Run one of COMMANDS against the database at `path`; returns the exit status."""
    if not path.exists():
        print(f"Basis data {path} belum ada. Buat dengan: python -m analytics init --db {path}", file=sys.stderr)
        return 2
    return {"import": _import, "imports": _imports, "undo": _undo, "rejected": _rejected}[args.command](path, args)


def _open(path: Path):
    from analytics.store import open_database

    return open_database(path)


def _import(path: Path, args: argparse.Namespace) -> int:
    from analytics.importing.engine import import_path
    from analytics.importing.summary import summarize

    user = args.user or os_user()
    file = Path(args.file)
    if args.kind == "boundaries":
        try:
            from analytics.importing.boundaries import import_boundaries
        except ImportError:
            print("Impor batas wilayah (boundaries) belum tersedia di versi Jangkau ini.", file=sys.stderr)
            return EXIT_NOTHING_IMPORTED
        if not file.is_file():
            print(f"Berkas {file} tidak ada.", file=sys.stderr)
            return EXIT_NOTHING_IMPORTED
    con = _open(path)
    try:
        if args.kind == "boundaries":
            result = import_boundaries(con, file, user=user, file_name=file.name)
        else:
            result = import_path(con, file, kind=args.kind, user=user, election=args.pemilihan)
    finally:
        con.close()
    print(summarize(result), file=sys.stderr if result.error else sys.stdout)
    return result.exit_code


def _imports(path: Path, args: argparse.Namespace) -> int:
    from analytics.importing.engine import list_imports

    con = _open(path)
    try:
        frame = list_imports(con)
    finally:
        con.close()
    if frame.empty:
        print("Belum ada impor.")
        return 0
    print(f"{'id':>4}  {'jenis':<10}  {'sha256':<12}  {'pengguna':<12}  {'waktu':<16}  {'diterima':>9}  "
          f"{'ditolak':>8}  {'duplikat':>8}  {'status':<10}  berkas")
    for r in frame.itertuples(index=False):
        when = r.diimpor_pada.strftime("%d-%m-%Y %H:%M") if r.diimpor_pada == r.diimpor_pada else ""
        print(f"{r.import_id:>4}  {r.jenis:<10}  {(r.sha256 or '-'):<12}  {str(r.pengguna)[:12]:<12}  {when:<16}  "
              f"{fmt.number(r.baris_diterima):>9}  {fmt.number(r.baris_ditolak):>8}  "
              f"{fmt.number(r.baris_duplikat):>8}  {r.status:<10}  {r.nama_file}")
    return 0


def _undo(path: Path, args: argparse.Namespace) -> int:
    from analytics.importing.engine import UndoError, undo_import

    con = _open(path)
    try:
        done = undo_import(con, args.import_id, user=args.user or os_user())
    except UndoError as exc:
        print(exc, file=sys.stderr)
        return 2
    finally:
        con.close()
    rows = ", ".join(f"{t} {fmt.number(n)}" for t, n in done.rows_deleted.items()) or "tidak ada baris data"
    print(f"Impor #{done.import_id} ({done.file_name}) dibatalkan; baris dihapus: {rows}.")
    return 0


def _rejected(path: Path, args: argparse.Namespace) -> int:
    from analytics.importing.rejects import rejected_rows_xlsx

    con = _open(path)
    try:
        exists = con.execute("SELECT count(*) FROM imports WHERE import_id = $i", {"i": args.import_id}).fetchone()[0]
        data = rejected_rows_xlsx(con, args.import_id) if exists else None
    finally:
        con.close()
    if data is None:
        print(f"Impor #{args.import_id} tidak ada.", file=sys.stderr)
        return 2
    Path(args.out).write_bytes(data)
    print(f"Baris yang ditolak dari impor #{args.import_id} ditulis ke {args.out}.")
    return 0
