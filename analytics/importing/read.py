"""Read an uploaded .xlsx or .csv into text tables (no type guessing) and find the header row of the wanted kind."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import re
import io
import zipfile
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analytics.importing.headers import KIND_LABELS, HeaderMatch, guess_kind, match_header, normalise
from analytics.importing.read_csv import read_text_table, read_utf8_table
from analytics.importing.vector import first_letter_in, per_distinct, strip

# How far down a sheet the header may sit (title rows, logos, blank lines above it).
HEADER_SEARCH_ROWS = 30
# Above this size an .xlsx is read in openpyxl's streaming mode (faster, but merged cells are not filled).
STREAMING_XLSX_BYTES = 8_000_000

TOTAL_WORDS = ("jumlah", "total", "jml", "grand total", "sub total", "subtotal", "rekapitulasi", "jumlah total")
# The first letters of TOTAL_WORDS in either case: no other character's str.lower() starts with one of them.
TOTAL_FIRST_LETTERS = "^[jJtTgGsSrR]"
TOTAL_LETTERS = "jJtTgGsSrR"  # the same letters, for vector.first_letter_in
# What bytes.strip() removes, and the control characters (below space, other than tab, LF, CR) of binary files:
# regular expressions, so that a large upload is neither copied nor walked character by character in Python.
_BLANK_BYTES = re.compile(rb"[ \t\n\r\x0b\x0c]*")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


class ReadError(ValueError):
    """The file cannot be read as a table of the wanted kind; the message is for the operator, in Indonesian."""


@dataclass
class Sheet:
    """One sheet (or the whole CSV) as text: columns 0…n-1, index = row number as the operator sees it (1-based)."""

    name: str | None
    frame: pd.DataFrame


@dataclass
class Table:
    """The part of a file that holds the data: header labels, the canonical columns they mean, and the body rows."""

    sheet: str | None
    header_row: int
    labels: list[str]
    match: HeaderMatch
    body: pd.DataFrame  # text cells, columns = labels (made unique), index = row numbers in the file
    skipped_totals: list[int] = field(default_factory=list)
    blank_rows: int = 0


def read_sheets(data: bytes, file_name: str) -> list[Sheet]:
    """Every sheet of an .xlsx, or the one table of a .csv/.txt, as text; raises ReadError for anything else."""
    if not data or _BLANK_BYTES.fullmatch(data):
        raise ReadError("Berkas kosong: tidak ada baris untuk diimpor.")
    name = (file_name or "").lower()
    if data[:4] == b"PK\x03\x04":
        return _read_xlsx(data)
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise ReadError(
            "Berkas ini format Excel lama (.xls). Buka di Excel lalu simpan sebagai .xlsx (Excel Workbook) atau "
            "CSV, kemudian unggah lagi."
        )
    if name.endswith((".xlsx", ".xlsm")):
        raise ReadError("Berkas ini bernama .xlsx tetapi isinya bukan berkas Excel yang sah (mungkin rusak).")
    frame = _utf8_fast(data)
    if frame is not None:
        return [Sheet(None, frame)]
    text = _decode(data)
    try:
        return [Sheet(None, read_text_table(text))]
    except csv.Error as exc:  # the csv module's last resort refused it (a line break inside an unquoted cell)
        raise ReadError(f"Berkas CSV tidak bisa dibaca sebagai tabel: {exc}. Simpan ulang dari Excel sebagai CSV, "
                        "lalu unggah lagi.") from None


def _utf8_fast(data: bytes) -> pd.DataFrame | None:
    """What read_text_table(_decode(data)) gives, for a regular UTF-8 CSV that _decode accepts, without decoding the
    whole file; None for anything else, which then takes that path. tests/test_import_fast.py compares the two."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    # The decoded start: at least _decode's sample (65.536 characters) and more than sniff_delimiter's 81 lines.
    decoder, head, size = codecs.getincrementaldecoder("utf-8")(), "", 0
    try:
        while size < len(data) and (len(head) < 65536 or head.count("\n") < 82):
            step = max(65536, size)
            head += decoder.decode(data[size:size + step], final=size + step >= len(data))
            size += step
    except UnicodeDecodeError:
        return None
    if b"\x00" in data[:65536] or _garbled(head[:65536]):
        return None  # _decode refuses it, with its message
    return read_utf8_table(data, head)


def _garbled(sample: str) -> bool:
    """Too many control or replacement characters in a file's start for it to be text."""
    control = len(_CONTROL.findall(sample)) + sample.count("\ufffd")
    return control > max(8, len(sample) // 50)


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    head = data[:65536]
    if b"\x00" in head:
        raise ReadError("Berkas ini bukan teks atau Excel (isinya biner). Unggah berkas .xlsx atau .csv.")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        # Indonesian Excel saves CSV in Windows-1252; latin-1 covers the 5 bytes cp1252 leaves undefined.
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            text = data.decode("latin-1")
    if _garbled(text[:65536]):
        raise ReadError("Berkas ini bukan teks atau Excel yang bisa dibaca (isinya acak/biner).")
    return text


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value:
            return ""
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        text = repr(value)
        if "e" in text:
            text = format(value, "f").rstrip("0")
        # A decimal comma, as Indonesians write it: "2,125" is never mistaken for two thousand one hundred.
        return text.replace(".", ",")
    return str(value)


def _read_xlsx(data: bytes) -> list[Sheet]:
    import openpyxl

    streaming = len(data) > STREAMING_XLSX_BYTES
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=streaming, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        raise ReadError(f"Berkas Excel tidak bisa dibuka (mungkin rusak atau bukan .xlsx): {type(exc).__name__}.") from None
    except Exception as exc:  # openpyxl raises many kinds of errors on damaged files
        raise ReadError(f"Berkas Excel tidak bisa dibuka: {type(exc).__name__}.") from None
    sheets = []
    try:
        for ws in book.worksheets:
            rows = [[_cell_text(v) for v in row] for row in ws.iter_rows(values_only=True)]
            if not streaming:
                for rng in ws.merged_cells.ranges:
                    top = _cell_text(ws.cell(rng.min_row, rng.min_col).value)
                    for r in range(rng.min_row, min(rng.max_row, len(rows)) + 1):
                        row = rows[r - 1]
                        for c in range(rng.min_col, rng.max_col + 1):
                            if c - 1 < len(row):
                                row[c - 1] = top
            width = max((len(r) for r in rows), default=0)
            frame = pd.DataFrame([r + [""] * (width - len(r)) for r in rows], dtype=str)
            frame.columns = range(frame.shape[1])
            # Worksheet rows start at the sheet's first used row; openpyxl yields from row 1 in both modes.
            frame.index = range(1, len(frame) + 1)
            sheets.append(Sheet(ws.title, frame))
    finally:
        book.close()
    if not any(not s.frame.empty for s in sheets):
        raise ReadError("Berkas Excel ini kosong: tidak ada baris untuk diimpor.")
    return sheets


def _candidates(frame: pd.DataFrame):
    """(position of the last header row, labels) for one-row headers and two-row headers (group over sub-label)."""
    top = frame.head(HEADER_SEARCH_ROWS + 1)
    rows = [[str(v) for v in r] for r in top.itertuples(index=False, name=None)]
    for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if sum(1 for c in row if c.strip()) < 2:
            continue
        yield i, row
        if i + 1 < len(rows):
            sub = rows[i + 1]
            if sum(1 for c in sub if c.strip()) < 2:
                continue
            parent, last = [], ""
            for cell in row:
                last = cell if cell.strip() else last
                parent.append(last)
            combined = []
            for p, own, s in zip(parent, row, sub):
                if not s.strip() or normalise(s) == normalise(own):
                    combined.append(own if own.strip() else s)
                else:
                    combined.append(f"{p} {s}".strip())
            yield i + 1, combined


def find_table(sheets: list[Sheet], kind: str) -> Table:
    """Pick the sheet and header row that best match `kind`; raise ReadError naming the kind the file looks like."""
    best: tuple[float, Sheet, int, list[str], HeaderMatch] | None = None
    other: tuple[str | None, float] = (None, 0.0)
    for sheet in sheets:
        if sheet.frame.empty:
            continue
        for pos, labels in _candidates(sheet.frame):
            m = match_header(kind, labels)
            if best is None or m.score > best[0] or (m.score == best[0] and m.complete and not best[4].complete):
                best = (m.score, sheet, pos, labels, m)
            guess = guess_kind(labels)
            if guess[0] and guess[0] != kind and guess[1] > other[1]:
                other = guess
    if best is None or not best[4].columns:
        if other[0]:
            raise _wrong_kind(kind, other[0])
        raise ReadError(
            f"Tidak ditemukan baris judul kolom untuk {KIND_LABELS.get(kind, kind)}. Pastikan baris judul memuat "
            f"kolom seperti: {', '.join(_expected(kind))}."
        )
    score, sheet, pos, labels, m = best
    if not m.complete:
        own = sum(1 for c in m.columns.values())
        if other[0] and other[1] > score and own < 4:
            raise _wrong_kind(kind, other[0])
        missing = ", ".join(m.missing)
        if other[0] and own < 3:
            raise _wrong_kind(kind, other[0])
        raise ReadError(
            f"Kolom wajib tidak ditemukan: {missing}. Baris judul yang terbaca (baris {sheet.frame.index[pos]}"
            f"{', lembar ' + sheet.name if sheet.name else ''}): {', '.join(c for c in labels if c.strip())}."
        )
    return _build_table(sheet, pos, labels, m)


def _expected(kind: str) -> list[str]:
    from analytics.importing.headers import REQUIRED

    return [g[0] for g in REQUIRED.get(kind, ())]


def _wrong_kind(kind: str, looks_like: str) -> ReadError:
    return ReadError(
        f"Berkas ini tampaknya berisi {KIND_LABELS[looks_like]} (jenis '{looks_like}'), bukan "
        f"{KIND_LABELS.get(kind, kind)}. Pilih jenis impor '{looks_like}', atau unggah berkas yang benar."
    )


def _build_table(sheet: Sheet, pos: int, labels: list[str], match: HeaderMatch) -> Table:
    frame = sheet.frame
    body = frame.iloc[pos + 1:]
    # Keep labelled columns only; an unlabelled column's cells are never stored.
    keep = [i for i, label in enumerate(labels) if label.strip()]
    body = body[keep]
    names, seen = [], {}
    for i in keep:
        base = " ".join(labels[i].split())
        seen[base] = seen.get(base, 0) + 1
        names.append(base if seen[base] == 1 else f"{base} ({seen[base]})")
    body.columns = names
    remap = {names[keep.index(i)]: col for i, col in match.columns.items() if i in keep}
    match = HeaderMatch(match.kind, {names.index(k): v for k, v in remap.items()}, match.missing)
    stripped = pd.DataFrame({c: strip(body[c]) for c in body.columns}, index=body.index)
    blank = (stripped == "").all(axis=1) if len(stripped.columns) else pd.Series(True, index=body.index)
    # Filtering copies every column: only when there is something to drop.
    body = stripped[~blank] if blank.any() else stripped
    totals = _totals_rows(body, match)
    return Table(
        sheet=sheet.name, header_row=int(frame.index[pos]), labels=names, match=match,
        body=body[~body.index.isin(totals)] if totals else body, skipped_totals=totals, blank_rows=int(blank.sum()),
    )


def _totals_rows(body: pd.DataFrame, match: HeaderMatch) -> list[int]:
    """Rows such as 'JUMLAH' / 'TOTAL' / 'Jumlah Kec. X' that sum the rows above them."""
    free_text = {"keterangan", "lokasi", "penyelenggara", "penetap", "sumber"}
    columns = [name for i, name in enumerate(body.columns) if match.columns.get(i) not in free_text]
    if body.empty or not columns:
        return []
    pattern = re.compile(r"^(?:" + "|".join(w.replace(" ", r"\s*") for w in TOTAL_WORDS) + r")\b")
    hit = np.zeros(len(body), dtype=bool)
    for name in columns:
        cells = body[name]
        # Only cells starting with a letter the words start with can match: the exact test runs on those alone.
        maybe = first_letter_in(cells, TOTAL_LETTERS)
        if maybe.any():
            exact = per_distinct(cells[maybe], lambda v: bool(pattern.match(str(v).lower())))
            hit[maybe] |= exact.to_numpy(dtype=bool)
    return [int(i) for i in body.index[hit]]
