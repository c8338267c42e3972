"""The rejected rows of an import as an .xlsx: the original columns plus 'alasan penolakan', to fix and re-upload."""

from __future__ import annotations

import io
import json

import duckdb
import pandas as pd
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

REASON_COLUMN = "alasan penolakan"
ROW_COLUMN = "baris asal"
# Cells starting like a formula are written as text with a leading apostrophe (no formula runs when opened).
FORMULA_START = ("=", "+", "@", "\t", "\r")


def rejected_rows(con: duckdb.DuckDBPyConnection, import_id: int) -> pd.DataFrame:
    """One row per rejected row: the original cells (personal data already removed), its row number, the reasons."""
    rows = con.execute(
        "SELECT nomor_baris, data_asli, alasan FROM rejected_rows WHERE import_id = $i ORDER BY nomor_baris",
        {"i": import_id},
    ).fetchall()
    records, columns = [], {}
    for number, data, reasons in rows:
        cells = json.loads(data) if isinstance(data, str) else dict(data)
        for key in cells:
            columns.setdefault(key, None)
        records.append({**cells, ROW_COLUMN: number, REASON_COLUMN: "\n".join(reasons)})
    return pd.DataFrame(records, columns=[*columns, ROW_COLUMN, REASON_COLUMN])


def rejected_rows_xlsx(con: duckdb.DuckDBPyConnection, import_id: int) -> bytes:
    """The rejected rows of an import as .xlsx bytes (see rejected_rows), ready to download."""
    return frame_to_xlsx(rejected_rows(con, import_id))


def frame_to_xlsx(frame: pd.DataFrame, sheet: str = "Baris ditolak") -> bytes:
    """Write a text frame as a one-sheet workbook; every cell is a string cell, none a formula."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    ws = book.active
    ws.title = sheet
    ws.append([str(c) for c in frame.columns])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for record in frame.itertuples(index=False, name=None):
        ws.append([_safe(v) for v in record])
    if len(frame.columns):
        reason_col = ws.cell(1, len(frame.columns)).column_letter
        ws.column_dimensions[reason_col].width = 80
        for cell in ws[reason_col][1:]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _safe(value: object) -> object:
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, (int, float)):
        return value
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    if text.startswith(FORMULA_START):
        return "'" + text
    return text
