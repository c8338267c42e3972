"""Excel templates per kind of import: the canonical headers, an example row, and drop-down lists of official
areas, activity types and organisers drawn from the database (so they are right for whichever office uses it)."""

from __future__ import annotations

import io

import duckdb
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

TEMPLATE_KINDS = ("activities", "turnout", "voters", "targets")
ROWS = 2000  # rows that carry the drop-downs and number checks

# kind → (sheet name, [(header, kind of cell)]); cell kinds: text, date, count, decimal and the list names below.
COLUMNS: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "activities": ("Kegiatan", [
        ("tanggal", "date"), ("jenis_kegiatan", "jenis"), ("kecamatan", "kecamatan"), ("kelurahan", "kelurahan"),
        ("rw", "count"), ("lokasi", "text"), ("penyelenggara", "penyelenggara"), ("jumlah_peserta", "count"),
        ("peserta_pemula", "count"), ("peserta_disabilitas", "count"), ("peserta_perempuan", "count"),
        ("rumah_dikunjungi", "count"), ("lat", "decimal"), ("lon", "decimal"), ("keterangan", "text"),
    ]),
    "turnout": ("Hasil TPS", [
        ("pemilihan", "pemilihan"), ("kecamatan", "kecamatan"), ("kelurahan", "kelurahan"), ("nomor_tps", "count"),
        ("terdaftar_laki_laki", "count"), ("terdaftar_perempuan", "count"), ("memilih_laki_laki", "count"),
        ("memilih_perempuan", "count"), ("terdaftar_disabilitas", "count"), ("memilih_disabilitas", "count"),
    ]),
    "voters": ("DPT", [
        ("pemilihan", "pemilihan"), ("kecamatan", "kecamatan"), ("kelurahan", "kelurahan"), ("laki_laki", "count"),
        ("perempuan", "count"), ("total", "count"), ("pemula", "count"), ("disabilitas", "count"),
        ("jumlah_tps", "count"),
    ]),
    "targets": ("Target", [
        ("pemilihan", "pemilihan"), ("wilayah", "wilayah"), ("segmen", "segmen"), ("penetap", "text"),
        ("target_persen", "decimal"), ("sumber", "text"),
    ]),
}
ORGANISERS = ["KPU", "PPK", "PPS"]
# Marks the template's example row; the importer skips rows carrying it (operators forget to delete examples).
EXAMPLE_MARK = "CONTOH: hapus baris ini"
SEGMENTS = ["semua", "pemula", "disabilitas", "perempuan"]

GUIDE = {
    "activities": "Satu baris per kegiatan. Tanggal ditulis 01/09/2024 (hari/bulan/tahun). Pilih jenis kegiatan, "
                  "kecamatan, kelurahan, dan penyelenggara dari daftar. Jumlah pemula, disabilitas, dan perempuan "
                  "tidak boleh melebihi jumlah peserta. Jangan menulis nama peserta, NIK, atau nomor telepon: "
                  "kolom seperti itu dibuang saat impor.",
    "turnout": "Satu baris per TPS, salin dari formulir C.Hasil. Yang memilih tidak boleh melebihi yang terdaftar; "
               "pemilih disabilitas yang memilih tidak boleh melebihi yang terdaftar.",
    "voters": "Satu baris per kelurahan dari rekap DPT. Total sama dengan laki-laki ditambah perempuan.",
    "targets": "Satu baris per target. Wilayah: nama kota/kabupaten, kecamatan, atau kelurahan. Segmen: semua, "
               "pemula, disabilitas, atau perempuan. Target dalam persen (mis. 77,5).",
}


def _lists(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    kec = [r[0] for r in con.execute("SELECT nama FROM kecamatan ORDER BY nama").fetchall()]
    kel = [r[0] for r in con.execute("SELECT DISTINCT nama FROM kelurahan ORDER BY nama").fetchall()]
    kota = [r[0] for r in con.execute("SELECT nama FROM kabupaten_kota ORDER BY nama").fetchall()]
    return {
        "kecamatan": kec,
        "kelurahan": kel,
        "jenis": [r[0] for r in con.execute("SELECT nama FROM jenis_kegiatan ORDER BY urutan").fetchall()],
        "penyelenggara": ORGANISERS,
        "pemilihan": [r[0] for r in con.execute("SELECT nama FROM pemilihan ORDER BY tanggal DESC").fetchall()],
        "segmen": SEGMENTS,
        "wilayah": kota + kec + kel,
    }


def _example(con: duckdb.DuckDBPyConnection, kind: str, lists: dict[str, list[str]]) -> list[object]:
    """A believable first row built from the database (its first kelurahan, latest election)."""
    kel = con.execute(
        "SELECT kl.nama, kc.nama FROM kelurahan kl JOIN kecamatan kc USING (kode_kecamatan) "
        "ORDER BY kl.kode_kelurahan LIMIT 1"
    ).fetchone() or ("", "")
    window = con.execute(
        "SELECT strftime(sosialisasi_mulai + 30, '%d/%m/%Y') FROM pemilihan ORDER BY tanggal DESC LIMIT 1"
    ).fetchone()
    election = lists["pemilihan"][0] if lists["pemilihan"] else ""
    first_type = lists["jenis"][0] if lists["jenis"] else ""
    return {
        "activities": [window[0] if window else "", first_type, kel[1], kel[0], 3, "Balai Warga RW 03", "PPS", 45,
                       6, 2, 24, None, None, None, EXAMPLE_MARK],
        # No free-text column here: the mark stands in the election cell (the page or --pemilihan names it).
        "turnout": [EXAMPLE_MARK, kel[1], kel[0], 1, 270, 275, 220, 231, 4, 3],
        "voters": [EXAMPLE_MARK, kel[1], kel[0], 5200, 5310, 10510, 160, 70, 21],
        "targets": [election, lists["wilayah"][0] if lists["wilayah"] else "", "semua", "KPU", 77.5, EXAMPLE_MARK],
    }[kind]


def template_xlsx(con: duckdb.DuckDBPyConnection, kind: str) -> bytes:
    """The .xlsx template for `kind`: a data sheet with headers, example row and validations, the lists, a guide."""
    if kind not in COLUMNS:
        raise ValueError(f"no template for {kind!r}")
    sheet_name, columns = COLUMNS[kind]
    lists = _lists(con)
    book = Workbook()
    sheet = book.active
    sheet.title = sheet_name
    sheet.append([header for header, _ in columns])
    sheet.append(_example(con, kind, lists))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="F4F1EC")
    for cell in sheet[2]:
        cell.font = Font(italic=True, color="666666")
    sheet.freeze_panes = "A2"

    # The lists live on their own sheet: a validation formula is limited to 255 characters, a range is not.
    ref = book.create_sheet("Daftar")
    used = [name for name in lists if any(kind_ == name for _, kind_ in columns)]
    for col, name in enumerate(used, start=1):
        ref.cell(row=1, column=col, value=name).font = Font(bold=True)
        for row, value in enumerate(lists[name], start=2):
            ref.cell(row=row, column=col, value=value)
        ref.column_dimensions[get_column_letter(col)].width = max(12, *(len(v) for v in lists[name] or [""])) + 2

    for col, (header, cell_kind) in enumerate(columns, start=1):
        letter = get_column_letter(col)
        cells = f"{letter}2:{letter}{ROWS + 1}"
        sheet.column_dimensions[letter].width = max(len(header) + 4, 14)
        if cell_kind in used:
            ref_col = get_column_letter(used.index(cell_kind) + 1)
            rule = DataValidation(type="list", formula1=f"=Daftar!${ref_col}$2:${ref_col}${len(lists[cell_kind]) + 1}",
                                  allow_blank=True, showErrorMessage=True, errorTitle="Tidak ada di daftar",
                                  error=f"Pilih {header} dari daftar.")
        elif cell_kind == "count":
            rule = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                                  showErrorMessage=True, errorTitle="Bukan bilangan bulat",
                                  error=f"{header}: bilangan bulat 0 atau lebih.")
        elif cell_kind == "decimal" and header == "target_persen":
            rule = DataValidation(type="decimal", operator="between", formula1="0", formula2="100",
                                  allow_blank=True, showErrorMessage=True, error="Target antara 0 dan 100.")
        else:
            continue
        sheet.add_data_validation(rule)
        rule.add(cells)

    guide = book.create_sheet("Petunjuk")
    guide["A1"] = "Petunjuk pengisian"
    guide["A1"].font = Font(bold=True, size=13)
    guide["A2"] = GUIDE[kind]
    guide["A3"] = (f"Baris 2 di lembar data adalah contoh (bertanda '{EXAMPLE_MARK}'): tulis data Anda mulai baris 3 "
                   "atau timpa baris 2. Baris yang masih bertanda itu dilewati saat impor.")
    guide.column_dimensions["A"].width = 120
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
