"""Import one file as one transaction: read, drop personal data, check rows, skip duplicates, record, undo."""

from __future__ import annotations

import hashlib
import json
import tempfile
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

from analytics import sqlnames
from analytics.importing import activities, targets, turnout, voters
from analytics.importing.headers import KIND_LABELS, REQUIRED
from analytics.importing.personal import mask, mask_text, personal_content, personal_header
from analytics.importing.read import ReadError, Table, find_table, read_sheets
from analytics.importing.result import KINDS, ImportResult, Rejection
from analytics.importing.rules import Context
from analytics.importing.vector import starts_with

CHECKS = {"activities": activities.check, "turnout": turnout.check, "voters": voters.check, "targets": targets.check}

# The fingerprint of an activity row: 64 bits of the md5 of its normalised values, a UBIGINT. A fixed-width number
# compares ~4× faster than md5's hex text when an import looks for its rows among the stored ones (and pandas
# reads it, unlike a 128-bit number). Rows are compared by date and fingerprint: with ~200.000 activities a day
# nationally, two different ones sharing 64 bits on the same day is a chance of about 1 in 10^9 per day.
# migrations/005_sidik_angka.sql computes the same expression for rows stored before.
ACTIVITY_FINGERPRINT = """md5_number_lower(concat_ws('|',
    tanggal::VARCHAR, jenis_kegiatan, kode_kabkota, coalesce(kode_kecamatan, ''), coalesce(kode_kelurahan, ''),
    coalesce(rw::VARCHAR, ''), coalesce(lower(trim(lokasi)), ''), penyelenggara, jumlah_peserta::VARCHAR,
    peserta_pemula::VARCHAR, peserta_disabilitas::VARCHAR, peserta_perempuan::VARCHAR,
    coalesce(rumah_dikunjungi::VARCHAR, ''), coalesce(lat::VARCHAR, ''), coalesce(lon::VARCHAR, ''),
    coalesce(lower(trim(keterangan)), '')))"""

# Column → SQL type of each data table, as declared in the migrations (the stage casts to these).
TYPES = {
    "activities": {
        "tanggal": "DATE", "jenis_kegiatan": "VARCHAR", "kode_kabkota": "VARCHAR", "kode_kecamatan": "VARCHAR",
        "kode_kelurahan": "VARCHAR", "rw": "SMALLINT", "lokasi": "VARCHAR", "penyelenggara": "VARCHAR",
        "jumlah_peserta": "INTEGER", "peserta_pemula": "INTEGER", "peserta_disabilitas": "INTEGER",
        "peserta_perempuan": "INTEGER", "rumah_dikunjungi": "INTEGER", "lat": "DOUBLE", "lon": "DOUBLE",
        "keterangan": "VARCHAR",
    },
    "turnout": {
        "kode_pemilihan": "VARCHAR", "kode_kecamatan": "VARCHAR", "kode_kelurahan": "VARCHAR", "nomor_tps": "SMALLINT",
        "terdaftar_laki_laki": "INTEGER", "terdaftar_perempuan": "INTEGER", "terdaftar_total": "INTEGER",
        "memilih_laki_laki": "INTEGER", "memilih_perempuan": "INTEGER", "memilih_total": "INTEGER",
        "terdaftar_disabilitas": "INTEGER", "memilih_disabilitas": "INTEGER",
    },
    "voters": {
        "kode_pemilihan": "VARCHAR", "kode_kelurahan": "VARCHAR", "total": "INTEGER", "laki_laki": "INTEGER",
        "perempuan": "INTEGER", "pemula": "INTEGER", "disabilitas": "INTEGER", "jumlah_tps": "INTEGER",
    },
    "targets": {
        "kode_pemilihan": "VARCHAR", "kode_wilayah": "VARCHAR", "segmen": "VARCHAR", "penetap": "VARCHAR",
        "target_persen": "DECIMAL(5,2)", "utama": "BOOLEAN", "sumber": "VARCHAR",
    },
}
# Keyed tables: the primary key, and the figures that must agree when a key is imported again.
KEYED = {
    "turnout": (turnout.KEYS, [v for v in turnout.VALUES if v != "kode_kecamatan"]),
    "voters": (voters.KEYS, voters.VALUES),
    "targets": (targets.KEYS, ["target_persen", "utama"]),
}
# Tables whose rows carry an import_id (undo deletes from each).
DATA_TABLES = ("activities", "turnout", "voters", "targets", "schools", "batas_wilayah")
# The identifiers statements here may be built from (analytics.sqlnames checks against these).
TABLES = frozenset(TYPES) | frozenset(DATA_TABLES) | {"rejected_rows"}
COLUMNS = frozenset(c for columns in TYPES.values() for c in columns)
# Activity statements, built once from TYPES (names checked by analytics.sqlnames); values are bound at run time.
# The staged rows are materialised once: inside a window or a join DuckDB would compute the fingerprint more than once.
_STAGE_ACTIVITIES = ("CREATE OR REPLACE TEMP TABLE _impor_new AS SELECT *, " + ACTIVITY_FINGERPRINT + " AS sidik "
                     "FROM (SELECT _baris, _urut, " + sqlnames.casts(TYPES["activities"], COLUMNS)
                     + " FROM _impor_frame)")
# A plain scan of the staged table keeps its (date) order.
_ACTIVITY_NAMES = sqlnames.idents(TYPES["activities"], COLUMNS)
# Ids are a block taken from the sequence beforehand, in the staged (date, file row) order: nextval in the insert
# itself runs it on one thread, ~0.25 s of a 500.000-row import.
_INSERT_ACTIVITIES = ("INSERT INTO activities (id_kegiatan, " + _ACTIVITY_NAMES + ", import_id, sidik) "
                      "SELECT $id0 + _urut, " + _ACTIVITY_NAMES + ", $i, sidik FROM _impor_new")
_INSERT_ACTIVITIES_EACH = ("INSERT INTO activities (" + _ACTIVITY_NAMES + ", import_id, sidik) "
                           "SELECT " + _ACTIVITY_NAMES + ", $i, sidik FROM _impor_new")
_RESERVE_IDS = "SELECT min(v), max(v), count(DISTINCT v) FROM (SELECT nextval('activities_id') AS v FROM range($n))"
# Rows are the same when their date and fingerprint are (see ACTIVITY_FINGERPRINT).
_REPEATS_IN_FILE = "SELECT count(*) > count(DISTINCT (tanggal, sidik)) FROM _impor_new"
_DROP_REPEATS_IN_FILE = ("DELETE FROM _impor_new WHERE _baris NOT IN "
                         "(SELECT min(_baris) FROM _impor_new GROUP BY tanggal, sidik)")
_DROP_STORED = ("DELETE FROM _impor_new WHERE _baris IN (SELECT n._baris FROM _impor_new n SEMI JOIN "
                "(SELECT tanggal, sidik FROM activities WHERE tanggal BETWEEN $lo AND $hi) a USING (tanggal, sidik))")
_READ_FINGERPRINTS = "SELECT bit_xor(sidik), max(tanggal) FROM activities"
_FINGERPRINT_UNMARKED = "UPDATE activities SET sidik = " + ACTIVITY_FINGERPRINT + " WHERE sidik IS NULL"


def _keyed_statements(kind: str) -> tuple[str, str, str]:
    """Stage the file's rows, find keys stored before (and whether their figures are the same), insert the rest."""
    table, names = sqlnames.ident(kind, TABLES), sqlnames.idents(TYPES[kind], COLUMNS)
    keys, values = KEYED[kind]
    stage = ("CREATE OR REPLACE TEMP TABLE _impor_stage AS SELECT _baris, " + sqlnames.casts(TYPES[kind], COLUMNS)
             + " FROM _impor_frame")
    clash = ("SELECT s._baris, t.import_id, ("
             + sqlnames.each("s.{c} IS NOT DISTINCT FROM t.{c}", values, COLUMNS, " AND ")
             + ") AS sama, i.nama_file, i.diimpor_pada FROM _impor_stage s JOIN " + table + " t ON "
             + sqlnames.each("s.{c} = t.{c}", keys, COLUMNS, " AND ")
             + " LEFT JOIN imports i ON i.import_id = t.import_id")
    insert = "INSERT INTO " + table + " (" + names + ", import_id) SELECT " + names + ", $i FROM _impor_stage"
    return stage, clash, insert


# Built once per kind from TYPES and KEYED (names checked by analytics.sqlnames); values are bound at run time.
_KEYED_SQL = {kind: _keyed_statements(kind) for kind in KEYED}

Progress = Callable[[str], None]
FREE_TEXT = {"lokasi", "keterangan", "penyelenggara", "penetap", "sumber"}


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def import_path(con: duckdb.DuckDBPyConnection, path: str | Path, *, kind: str, user: str,
                file_name: str | None = None, election: str | None = None,
                progress: Progress | None = None) -> ImportResult:
    """Import a file from disk (see import_bytes)."""
    path = Path(path)
    name = file_name or path.name
    try:
        data = path.read_bytes()
    except OSError as exc:
        return ImportResult(kind, name, error=f"Berkas {name} tidak bisa dibaca: {exc.strerror or exc}.")
    return import_bytes(con, data, kind=kind, file_name=name, user=user, election=election, progress=progress)


def import_bytes(con: duckdb.DuckDBPyConnection, data: bytes, *, kind: str, file_name: str, user: str,
                 election: str | None = None, progress: Progress | None = None) -> ImportResult:
    """Import an uploaded file of one kind as one transaction: every good row, the imports row and the rejected
    rows, or nothing. `election` (a kode_pemilihan) applies to turnout, voters and targets rows that name none.
    `progress`, if given, is called with a stage name ('membaca', 'memeriksa', 'menyimpan', 'selesai')."""
    step = progress or (lambda stage: None)
    digest = sha256(data)
    result = ImportResult(kind, file_name, sha256=digest)
    if kind == "boundaries":
        return _boundaries(con, data, file_name, user)
    if kind not in CHECKS:
        result.error = f"Jenis impor '{kind}' tidak dikenal; pilih {', '.join(KINDS)}."
        return result
    earlier = con.execute(
        "SELECT import_id FROM imports WHERE sha256 = $h AND jenis = $k AND status = 'selesai' "
        "AND baris_diterima + coalesce(baris_duplikat, 0) > 0 ORDER BY import_id DESC LIMIT 1",
        {"h": digest, "k": kind},
    ).fetchone()
    if earlier:
        result.already_imported = True
        result.import_id = earlier[0]
        return result
    step("membaca")
    try:
        table = find_table(read_sheets(data, file_name), kind)
        _drop_personal(table, result)
        _drop_examples(table, result)
    except ReadError as exc:
        result.error = str(exc)
        return result
    result.rows_read = len(table.body)
    if not result.rows_read:
        result.error = "Berkas hanya berisi judul kolom, tanpa baris data."
        return result
    if table.skipped_totals:
        result.notes.append(f"Baris jumlah/total dilewati: {', '.join(map(str, table.skipped_totals[:10]))}"
                            + (" …" if len(table.skipped_totals) > 10 else ""))
    if table.sheet and len(table.sheet) and table.header_row:
        result.notes.append(f"Dibaca dari lembar '{mask_text(table.sheet)}', judul kolom di baris {table.header_row}.")
    step("memeriksa")
    ctx = Context.load(con, election)
    stop_reading = _read_fingerprints_ahead(con) if kind == "activities" else None
    try:
        checked, masked = CHECKS[kind](table, ctx)
    finally:
        if stop_reading:
            stop_reading()
    result.masked_values += masked
    result.corrections = [f"{text} ({n} baris)" for text, n in sorted(checked.corrections.items())]
    step("menyimpan")
    try:
        _store(con, kind, table, checked, result, user, step)
    except Exception as exc:  # nothing half-imported: the transaction is rolled back, the operator told why
        try:
            con.execute("ROLLBACK")
        except duckdb.Error:
            pass
        if isinstance(exc, duckdb.IOException) and "lock" in str(exc).lower():
            raise
        result.error = f"Impor dibatalkan, tidak ada yang disimpan: {type(exc).__name__}: {mask_text(str(exc))[:300]}"
        result.import_id = None
        result.rows_kept = result.rows_duplicate = 0
        return result
    step("selesai")
    return result


def _drop_examples(table: Table, result: ImportResult) -> None:
    """Skip the template's example row if the operator left it in (it would otherwise become real data)."""
    from analytics.importing.templates import EXAMPLE_MARK

    marked = np.zeros(len(table.body), dtype=bool)
    for name in table.body.columns:
        # The cells are stripped already (read._build_table).
        marked |= starts_with(table.body[name], EXAMPLE_MARK)
    if marked.any():
        rows = ", ".join(str(i) for i in table.body.index[marked][:10])
        table.body = table.body[~marked]
        result.notes.append(f"Baris contoh dari templat dilewati (baris {rows}).")


def _drop_personal(table: Table, result: ImportResult) -> None:
    """Remove columns holding personal data (by header or by content) before anything else sees them."""
    dropped = []
    for i, label in enumerate(table.labels):
        if label not in table.body.columns:
            continue
        canonical = table.match.columns.get(i)
        why = None if canonical else ("judul" if personal_header(label) else None)
        # Typed columns (dates, counts, areas) reject NIK-like cells and mask them in the rejects; free text and
        # unknown columns that mostly hold NIK or phone numbers are dropped whatever their header says.
        if not why and (canonical is None or canonical in FREE_TEXT):
            why = personal_content(table.body[label].astype(str))
        if why:
            dropped.append(label)
            table.body = table.body.drop(columns=[label])
            table.match.columns.pop(i, None)
    result.dropped_columns = [mask_text(d) for d in dropped]
    present = set(table.match.columns.values())
    lost = [g[0] for g in REQUIRED[table.match.kind] if not any(c in present for c in g)]
    if lost:
        raise ReadError(f"Kolom wajib {', '.join(lost)} berisi data pribadi (NIK/nomor telepon) dan dibuang; "
                        "tidak ada yang diimpor.")


def _rejections(table: Table, reasons: dict[int, list[str]], result: ImportResult) -> list[Rejection]:
    if not reasons:
        return []
    rows = sorted(reasons)
    cells = table.body.loc[rows]
    masked_cells = {}
    for column in cells.columns:
        masked_cells[column], n = mask(cells[column].astype(str))
        result.masked_values += n
    frame = pd.DataFrame(masked_cells, index=cells.index)
    records = frame.to_dict("records")
    return [Rejection(row, rec, tuple(mask_text(r) for r in reasons[row])) for row, rec in zip(rows, records)]


def _store(con: duckdb.DuckDBPyConnection, kind: str, table: Table, checked, result: ImportResult, user: str,
           step: Progress) -> None:
    good = checked.good
    reasons = {row: list(rs) for row, rs in checked.reasons.items()}
    note = f"{KIND_LABELS[kind]}; {result.rows_read} baris data"
    con.execute("BEGIN TRANSACTION")
    import_id = con.execute(
        "INSERT INTO imports (jenis, nama_file, sha256, pengguna, catatan) VALUES ($k, $f, $h, $u, $c) "
        "RETURNING import_id",
        {"k": kind, "f": mask_text(result.file_name), "h": result.sha256, "u": user, "c": mask_text(note)},
    ).fetchone()[0]
    if kind == "activities":
        kept, duplicate = _store_activities(con, good, import_id)
    else:
        kept, duplicate, conflicts = _store_keyed(con, kind, good, import_id)
        for row, reason in conflicts.items():
            reasons.setdefault(row, []).append(reason)
    rejections = _rejections(table, reasons, result)
    if rejections:
        frame = pd.DataFrame({
            "import_id": import_id,
            "nomor_baris": [r.row for r in rejections],
            "data_asli": [json.dumps(r.cells, ensure_ascii=False) for r in rejections],
            "alasan": [list(r.reasons) for r in rejections],
        })
        _insert(con, "rejected_rows", frame, {"import_id": "INTEGER", "nomor_baris": "INTEGER", "data_asli": "JSON",
                                              "alasan": "VARCHAR[]"})
    con.execute(
        "UPDATE imports SET baris_diterima = $k, baris_ditolak = $r, baris_duplikat = $d WHERE import_id = $i",
        {"k": kept, "r": len(rejections), "d": duplicate, "i": import_id},
    )
    step("commit")
    con.execute("COMMIT")
    result.import_id = import_id
    result.rows_kept, result.rows_duplicate = kept, duplicate
    result.rows_rejected = len(rejections)
    result.rejections = rejections


def _insert(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame, types: dict[str, str]) -> None:
    """INSERT INTO table (columns) SELECT cast columns FROM the registered frame. Identifiers come from `types`."""
    allowed = set(types)
    sql = (f"INSERT INTO {sqlnames.ident(table, TABLES)} ({sqlnames.idents(types, allowed)}) "
           f"SELECT {sqlnames.casts(types, allowed, alias=False)} FROM _impor_frame")
    con.register("_impor_frame", frame)
    try:
        con.execute(sql)
    finally:
        con.unregister("_impor_frame")


def _store_activities(con: duckdb.DuckDBPyConnection, good: pd.DataFrame, import_id: int) -> tuple[int, int]:
    """Insert the rows whose fingerprint is new (to the file and to the table); return (kept, duplicate)."""
    if good.empty:
        return 0, 0
    types = TYPES["activities"]
    rows = good.index.to_numpy()
    # Stored by date (then file order), so that date filters skip whole row groups; sorting here, before the
    # strings reach DuckDB, costs a fraction of an ORDER BY over the staged rows.
    order = np.lexsort((rows, good["tanggal"].to_numpy()))
    frame = pa.Table.from_pandas(good[list(types)].assign(_baris=rows), preserve_index=False)
    if (np.diff(order) < 0).any():  # already in date order: nothing to move
        # One chunk per column first: taking across many chunks costs twice as much.
        frame = _taken(frame.combine_chunks(), order)
    frame = frame.append_column("_urut", pa.array(np.arange(len(frame), dtype=np.int64)))
    _fingerprint_unmarked(con)
    con.register("_impor_frame", frame)
    try:
        con.execute(_STAGE_ACTIVITIES)
    finally:
        con.unregister("_impor_frame")
    # The same row twice in one file: keep the first. Checked cheaply first, as most files have none.
    if con.execute(_REPEATS_IN_FILE).fetchone()[0]:
        con.execute(_DROP_REPEATS_IN_FILE)
    # Rows stored before. The fingerprint covers the date, so only stored rows within the file's dates can match:
    # DuckDB skips the rest of a national table by its date zone maps.
    dates = good["tanggal"]
    con.execute(_DROP_STORED, {"lo": dates.min().date(), "hi": dates.max().date()})
    first_id = _reserve_ids(con, len(frame))
    if first_id is None:
        kept = con.execute(_INSERT_ACTIVITIES_EACH, {"i": import_id}).fetchone()[0]
    else:
        kept = con.execute(_INSERT_ACTIVITIES, {"i": import_id, "id0": first_id}).fetchone()[0]
    con.execute("DROP TABLE _impor_new")
    return kept, len(good) - kept


def _taken(frame: pa.Table, order: np.ndarray) -> pa.Table:
    """frame.take(order), two columns at a time: Arrow's take of one column runs on the calling thread, with the
    GIL released (500.000 rows: ~270 -> ~180 ms)."""
    indices = pa.array(order)
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="impor-urut") as pool:
        columns = list(pool.map(lambda column: column.take(indices), frame.columns))
    return pa.Table.from_arrays(columns, schema=frame.schema)


def _reserve_ids(con: duckdb.DuckDBPyConnection, n: int) -> int | None:
    """The first of `n` consecutive ids taken from the activities sequence, or None when they are not consecutive
    (another connection took ids at the same moment): the caller then numbers each row from the sequence."""
    low, high, distinct = con.execute(_RESERVE_IDS, {"n": n}).fetchone()
    # Rows dropped as duplicates leave gaps, as a sequence does anyway.
    return low if distinct == n and high - low + 1 == n else None


def _read_fingerprints_ahead(con: duckdb.DuckDBPyConnection) -> Callable[[], None]:
    """Start reading the stored rows' dates and fingerprints into DuckDB's buffers, on a cursor of its own, while
    this thread checks the file; return the function that stops that read and waits for it to end. The check is
    Python on one core, and the later look for rows stored before then finds them in memory (at 100M rows ~800 MB
    of fingerprints, ~1 s read from disk otherwise). Stopped when the check ends, so a small file, whose look reads
    only its own days, never waits for the whole table."""
    cursor = con.cursor()

    def read() -> None:
        try:
            # An aggregate of every value: a filter or min/max could be answered from zone maps without reading.
            cursor.execute(_READ_FINGERPRINTS).fetchall()
        except duckdb.Error:
            pass  # only a warm-up (stopped, or failed): the import reads what it needs itself
        finally:
            cursor.close()

    thread = threading.Thread(target=read, name="baca-sidik", daemon=True)
    thread.start()

    def stop() -> None:
        # Again until it has ended: an interrupt that comes before the query has started is lost.
        while thread.is_alive():
            try:
                cursor.interrupt()
            except duckdb.Error:
                pass  # the read ended (and closed its cursor) in between
            thread.join(0.05)

    return stop


def _fingerprint_unmarked(con: duckdb.DuckDBPyConnection) -> None:
    """Fingerprint rows written without one (the sample generator, older versions): once, not on every import."""
    if con.execute("SELECT 1 FROM activities WHERE sidik IS NULL LIMIT 1").fetchone():
        con.execute(_FINGERPRINT_UNMARKED)


def _store_keyed(con: duckdb.DuckDBPyConnection, kind: str, good: pd.DataFrame,
                 import_id: int) -> tuple[int, int, dict[int, str]]:
    keys, values = KEYED[kind]
    if good.empty:
        return 0, 0, {}
    frame = good.assign(_baris=good.index.to_numpy()).reset_index(drop=True)
    conflicts: dict[int, str] = {}
    # The same key twice in one file: identical figures are a duplicate, different ones a conflict.
    first = frame.groupby(keys, dropna=False)["_baris"].transform("first")
    repeated = frame["_baris"] != first
    same = frame.duplicated(keys + values, keep="first")
    for row, first_row in zip(frame.loc[repeated & ~same, "_baris"], first[repeated & ~same]):
        conflicts[int(row)] = (f"Baris {row}: {_key_label(kind)} sama dengan baris {first_row} tetapi angkanya "
                               f"berbeda; hapus salah satu")
    duplicate = int((repeated & same).sum())
    frame = frame[~repeated]
    # Keys already in the database, from an earlier import that was not undone.
    stage_sql, clash_sql, insert_sql = _KEYED_SQL[kind]
    con.register("_impor_frame", frame[list(TYPES[kind]) + ["_baris"]])
    try:
        con.execute(stage_sql)
    finally:
        con.unregister("_impor_frame")
    clashes = con.execute(clash_sql).fetchall()
    skip = set()
    for row, earlier, same_values, name, when in clashes:
        skip.add(row)
        if same_values:
            duplicate += 1
        else:
            conflicts[int(row)] = (
                f"Baris {row}: {_key_label(kind)} sudah ada dari impor #{earlier} ({name}, "
                f"{when:%d-%m-%Y %H:%M}) dengan angka berbeda; batalkan impor #{earlier} dulu "
                f"(python -m analytics undo {earlier}) bila angka baru ini yang benar" if when else
                f"Baris {row}: {_key_label(kind)} sudah ada dari impor #{earlier} dengan angka berbeda"
            )
    if skip:
        con.execute("DELETE FROM _impor_stage WHERE list_contains($rows, _baris)", {"rows": sorted(skip)})
    con.execute(insert_sql, {"i": import_id})
    kept = con.execute("SELECT count(*) FROM _impor_stage").fetchone()[0]
    con.execute("DROP TABLE _impor_stage")
    return kept, duplicate, conflicts


def _key_label(kind: str) -> str:
    return {"turnout": "TPS ini (pemilihan, kelurahan, nomor TPS)",
            "voters": "DPT kelurahan ini untuk pemilihan yang sama",
            "targets": "target untuk pemilihan, wilayah, segmen dan penetap yang sama"}[kind]


def _boundaries(con: duckdb.DuckDBPyConnection, data: bytes, file_name: str, user: str) -> ImportResult:
    try:
        from analytics.importing.boundaries import import_boundaries
    except ImportError:
        return ImportResult("boundaries", file_name,
                            error="Impor batas wilayah belum tersedia di versi Jangkau ini.")
    suffix = "".join(Path(file_name).suffixes[-2:]) or ".geojson"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"batas{suffix}"
        path.write_bytes(data)
        return import_boundaries(con, path, user=user, file_name=file_name)


@dataclass
class UndoResult:
    """What undoing an import removed."""

    import_id: int
    kind: str
    file_name: str
    rows_deleted: dict[str, int]


class UndoError(ValueError):
    """The import cannot be undone (unknown, or undone already); the message is in Indonesian."""


def undo_import(con: duckdb.DuckDBPyConnection, import_id: int, *, user: str) -> UndoResult:
    """Undo an import as a whole in one transaction: delete its rows everywhere, mark it 'dibatalkan'."""
    row = con.execute("SELECT jenis, nama_file, status, dibatalkan_pada, dibatalkan_oleh FROM imports "
                      "WHERE import_id = $i", {"i": import_id}).fetchone()
    if row is None:
        raise UndoError(f"Impor #{import_id} tidak ada. Lihat daftarnya dengan: python -m analytics imports")
    kind, name, status, when, who = row
    if status == "dibatalkan":
        raise UndoError(f"Impor #{import_id} ({name}) sudah dibatalkan pada {when:%d-%m-%Y %H:%M} oleh {who}.")
    if kind == "boundaries":
        # Boundary imports replace approximate cells: their own undo brings those back.
        from analytics.importing.boundaries import undo_boundaries

        removed = undo_boundaries(con, import_id, user=user)
        return UndoResult(import_id, kind, name, {"batas_wilayah": removed} if removed else {})
    deleted = {}
    con.execute("BEGIN TRANSACTION")
    try:
        for table in DATA_TABLES:
            # Table names come from the allow-list above; the id is bound.
            sql = f"DELETE FROM {sqlnames.ident(table, DATA_TABLES)} WHERE import_id = $i"
            deleted[table] = con.execute(sql, {"i": import_id}).fetchone()[0]
        con.execute(
            "UPDATE imports SET status = 'dibatalkan', dibatalkan_pada = current_localtimestamp(), "
            "dibatalkan_oleh = $u WHERE import_id = $i",
            {"u": user, "i": import_id},
        )
        if kind == "sampel":
            con.execute("DELETE FROM dataset_info WHERE kunci = 'sintetis' OR starts_with(kunci, 'sampel_')")
        if deleted["batas_wilayah"]:
            from analytics.reference import store_approximate_boundaries

            store_approximate_boundaries(con)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return UndoResult(import_id, kind, name, {t: n for t, n in deleted.items() if n})


def list_imports(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every import, newest last: id, kind, file, hash prefix, who, when, rows kept/rejected/duplicate, status."""
    return con.execute(
        "SELECT import_id, jenis, nama_file, left(sha256, 12) AS sha256, pengguna, diimpor_pada, baris_diterima, "
        "baris_ditolak, coalesce(baris_duplikat, 0) AS baris_duplikat, status, dibatalkan_pada, dibatalkan_oleh "
        "FROM imports ORDER BY import_id"
    ).df()
