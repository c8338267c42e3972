"""Builders for the import tests: reference-only databases and messy files made in code."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

from openpyxl import Workbook

from analytics.store import create_database, open_database

TEMPLATE = ["tanggal", "jenis_kegiatan", "kecamatan", "kelurahan", "rw", "lokasi", "penyelenggara", "jumlah_peserta",
            "peserta_pemula", "peserta_disabilitas", "peserta_perempuan", "rumah_dikunjungi", "lat", "lon",
            "keterangan"]

GOOD_ROWS = [
    ["01/09/2024", "Gerebek Pasar", "Bogor Tengah", "Kebon Kalapa", "3", "Pasar Bogor", "PPK", "120", "10", "2", "60",
     "", "-6.6", "106.79", "pagi"],
    ["2024-09-02", "Ketuk Pintu Pemilih", "Bogor Utara", "Tanah Baru", "5", "", "PPS", "30", "3", "0", "16", "25", "",
     "", ""],
    ["3 September 2024", "Sosialisasi Sekolah", "Bogor Barat", "Semplak", "", "SMAN 1", "PPK", "250", "240", "1",
     "130", "", "", "", ""],
]


def reference_db(folder: Path, template: Path) -> Path:
    """A private copy of a reference-only database (no sample)."""
    path = folder / "ref.duckdb"
    shutil.copy(template, path)
    return path


def build_reference(path: Path) -> Path:
    return create_database(path, sample=False)


def csv_bytes(rows: list[list[str]], *, sep: str = ",", encoding: str = "utf-8", bom: bool = False) -> bytes:
    def cell(v: str) -> str:
        v = str(v)
        return f'"{v}"' if (sep in v or '"' in v or "\n" in v) else v

    text = "\r\n".join(sep.join(cell(v) for v in row) for row in rows) + "\r\n"
    data = text.encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


def xlsx_bytes(sheets: dict[str, list[list[object]]], merges: dict[str, list[str]] | None = None) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        ws = book.create_sheet(name)
        for row in rows:
            ws.append(row)
        for rng in (merges or {}).get(name, []):
            ws.merge_cells(rng)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def counts(path: Path) -> dict[str, int]:
    con = open_database(path)
    try:
        # Table names from the fixed list below, never from input.
        return {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]
                for t in ("activities", "turnout", "voters", "targets", "imports", "rejected_rows")}
    finally:
        con.close()
