"""Imports and undos on behalf of a signed-in user: permission by kind, a PPK only for its own kecamatan, audited."""

from __future__ import annotations

import duckdb
import pandas as pd

from analytics import fmt
from analytics.auth import audit
from analytics.auth.roles import IMPORT_UNDO, allows, import_permission, scope_for
from analytics.auth.users import User
from analytics.filters import Scope
from analytics.importing import engine
from analytics.importing.read import ReadError, find_table, read_sheets
from analytics.importing.result import ImportResult
from analytics.importing.rules import Context

SHOWN_ROWS = 10


def rows_outside(con: duckdb.DuckDBPyConnection, data: bytes, *, kind: str, file_name: str, scope: Scope,
                 election: str | None = None) -> list[int]:
    """File row numbers of valid rows that lie outside `scope` (rows the importer would refuse anyway are not
    counted). Reads and checks the file the way the importer does, without storing anything."""
    if scope.wilayah is None:
        return []
    try:
        table = find_table(read_sheets(data, file_name), kind)
    except ReadError:
        return []  # the importer reports the unreadable file itself
    checked, _ = engine.CHECKS[kind](table, Context.load(con, election))
    good = checked.good
    if good.empty:
        return []
    kel_to_kec = dict(con.execute("SELECT kode_kelurahan, kode_kecamatan FROM kelurahan").fetchall())
    none = pd.Series(None, index=good.index, dtype="object")
    kel = good["kode_kelurahan"] if "kode_kelurahan" in good else none
    kec = good["kode_kecamatan"] if "kode_kecamatan" in good else kel.map(kel_to_kec)
    kab = good["kode_kabkota"] if "kode_kabkota" in good else none
    allowed = list(scope.wilayah)
    # The same rule as the queries' $scope: a row is visible when its kab/kota, kecamatan or kelurahan is allowed.
    inside = kab.isin(allowed) | kec.isin(allowed) | kel.isin(allowed)
    return sorted(int(i) for i in good.index[~inside])


def _refused(kind: str, file_name: str, message: str) -> ImportResult:
    return ImportResult(kind, file_name, error=message)


def authorized_import(con: duckdb.DuckDBPyConnection, user: User, data: bytes, *, kind: str, file_name: str,
                      election: str | None = None, progress: engine.Progress | None = None) -> ImportResult:
    """Import `data` as engine.import_bytes does, if `user` may import `kind`; a user limited to a region (ppk)
    may import only files whose rows all lie in it: otherwise nothing is imported and the rows are named."""
    if not allows(user, import_permission(kind)):
        audit.record(con, "impor", user=user.nama, ok=False, jenis=kind, berkas=file_name, alasan="tidak_berhak")
        return _refused(kind, file_name, f"Peran {user.peran} tidak berhak mengimpor berkas jenis ini.")
    scope = scope_for(user)
    if scope.wilayah is not None:
        if kind not in ("activities", "turnout", "voters"):
            audit.record(con, "impor", user=user.nama, ok=False, jenis=kind, berkas=file_name, alasan="wilayah")
            return _refused(kind, file_name, "Pengguna yang dibatasi pada satu wilayah tidak bisa mengimpor berkas "
                                             "jenis ini; minta operator kabupaten/kota.")
        outside = rows_outside(con, data, kind=kind, file_name=file_name, scope=scope, election=election)
        if outside:
            shown = ", ".join(str(r) for r in outside[:SHOWN_ROWS]) + (" …" if len(outside) > SHOWN_ROWS else "")
            audit.record(con, "impor", user=user.nama, ok=False, jenis=kind, berkas=file_name, alasan="wilayah",
                         baris_di_luar=len(outside))
            return _refused(kind, file_name, f"{fmt.number(len(outside))} baris berada di luar wilayah Anda "
                                             f"({', '.join(scope.wilayah)}): baris {shown}. Tidak ada yang "
                                             "diimpor; hapus baris itu lalu unggah lagi.")
    result = engine.import_bytes(con, data, kind=kind, file_name=file_name, user=user.nama, election=election,
                                 progress=progress)
    audit.record(con, "impor", user=user.nama, ok=result.error is None, jenis=kind, berkas=file_name,
                 import_id=result.import_id, diterima=result.rows_kept, ditolak=result.rows_rejected,
                 duplikat=result.rows_duplicate)
    return result


def authorized_undo(con: duckdb.DuckDBPyConnection, user: User, import_id: int) -> engine.UndoResult:
    """Undo an import if `user` may (admin); raises engine.UndoError (Indonesian message) otherwise."""
    if not allows(user, IMPORT_UNDO):
        audit.record(con, "batal_impor", user=user.nama, ok=False, import_id=import_id, alasan="tidak_berhak")
        raise engine.UndoError(f"Peran {user.peran} tidak berhak membatalkan impor.")
    try:
        done = engine.undo_import(con, import_id, user=user.nama)
    except engine.UndoError as exc:
        audit.record(con, "batal_impor", user=user.nama, ok=False, import_id=import_id, alasan=str(exc)[:200])
        raise
    audit.record(con, "batal_impor", user=user.nama, ok=True, import_id=import_id, berkas=done.file_name,
                 baris=sum(done.rows_deleted.values()))
    return done
