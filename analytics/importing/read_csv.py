"""A decoded CSV as a text frame: Arrow's multi-threaded reader for regular files, pandas/csv for the rest."""

from __future__ import annotations

import csv
import io

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

# The dtype pandas gives `dtype=str` columns: Arrow-backed text, NaN for missing.
TEXT = pd.StringDtype("pyarrow", na_value=np.nan)
# The last line _arrow_frame adds: one cell, so never a row of a table of two or more columns.
SENTINEL = "\x01jangkau-akhir-berkas\x01"


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first lines into the most rows of one width (';' wins a tie, as Excel's)."""
    lines = [ln for ln in _first_lines(text, 80) if ln.strip()]
    best, best_score = ",", -1.0
    for delim in (";", ",", "\t", "|"):
        counts = [len(r) for r in csv.reader(lines, delimiter=delim)]
        wide = [c for c in counts if c > 1]
        if not wide:
            continue
        mode = max(set(wide), key=wide.count)
        score = wide.count(mode) + mode / 100
        if score > best_score:
            best, best_score = delim, score
    return best


def _first_lines(text: str, n: int) -> list[str]:
    """text.splitlines()[:n] without splitting a large file whole: a prefix with more than n lines ends them all."""
    size = 65536
    while size < len(text):
        lines = text[:size].splitlines()
        if len(lines) > n:
            return lines[:n]
        size *= 4
    return text.splitlines()[:n]


def read_text_table(text: str) -> pd.DataFrame:
    """Every cell as text, columns 0…n-1, index = record number from 1; nothing typed, nothing treated as missing."""
    delim = sniff_delimiter(text)
    frame = _arrow_frame(text, delim)
    if frame is None:
        frame = _pandas_frame(text, delim)
    return _numbered(frame)


def read_utf8_table(data: bytes, head: str) -> pd.DataFrame | None:
    """read_text_table(data.decode('utf-8')) for a regular CSV, read from the bytes as they are; None when `data` is
    not valid UTF-8 or not regular enough for Arrow (the caller then decodes it and reads the text).

    `head` is the decoded start of `data`: whole, or holding more than 81 line ends (what sniff_delimiter reads).
    Decoding a national file to text and encoding it again for Arrow took ~0,4 s of a 500.000-row import; Arrow
    checks the bytes in place (~10 ms for 50 MB)."""
    whole = pa.Array.from_buffers(pa.large_string(), 1, [None, pa.py_buffer(np.array([0, len(data)], np.int64)),
                                                         pa.py_buffer(data)])
    try:
        whole.validate(full=True)
    except pa.ArrowInvalid:
        return None
    frame = _arrow_frame(data, sniff_delimiter(head))
    return None if frame is None else _numbered(frame)


def _numbered(frame: pd.DataFrame) -> pd.DataFrame:
    frame.columns = range(frame.shape[1])
    frame.index = range(1, len(frame) + 1)
    return frame


def _arrow_frame(text: str | bytes, delim: str) -> pd.DataFrame | None:
    """The frame pandas would read, or None when the file is not regular enough to be sure of that (or, given as
    bytes, not valid UTF-8)."""
    # Rows narrower or wider than the first (which pandas pads, or reads with the csv module) are left to pandas.
    # A quote left open runs to the end of the file in Arrow but is an error in pandas: a last line of our own,
    # which Arrow must report as too narrow, shows that every quote was closed before it.
    # tests/test_import_fast.py compares both readers. Bytes are UTF-8: each character below 0x80 is its own byte,
    # so the checks below (NUL, line end, quote, delimiter) give the same answer on the bytes as on the text.
    data = text.encode("utf-8") if isinstance(text, str) else text
    if b"\x00" in data:
        return None
    first = data[: data.find(b"\n") if b"\n" in data else len(data)]
    # Name enough columns as text that none is typed by inference; a quoted delimiter only overcounts.
    types = {f"f{i}": pa.string() for i in range(first.count(delim.encode()) + 2)}
    odd: list[str] = []

    def refuse(row) -> str:
        odd.append(row.text)
        return "skip"

    ending = b"" if data.endswith((b"\n", b"\r")) else b"\n"
    try:
        table = pacsv.read_csv(
            io.BytesIO(b"".join((data, ending, SENTINEL.encode(), b"\n"))),
            read_options=pacsv.ReadOptions(autogenerate_column_names=True),
            parse_options=pacsv.ParseOptions(delimiter=delim, quote_char='"', double_quote=True, escape_char=False,
                                             newlines_in_values=b'"' in data, ignore_empty_lines=False,
                                             invalid_row_handler=refuse),
            convert_options=pacsv.ConvertOptions(column_types=types, strings_can_be_null=False,
                                                 quoted_strings_can_be_null=False, null_values=[]),
        )
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    if odd != [SENTINEL] or table.num_columns < 2 or any(t != pa.string() for t in table.schema.types):
        return None
    if any(table.column(i).null_count for i in range(table.num_columns)):
        return None
    return table.to_pandas(types_mapper={pa.string(): TEXT}.get)


def _pandas_frame(text: str, delim: str) -> pd.DataFrame:
    try:
        frame = pd.read_csv(
            io.StringIO(text), sep=delim, header=None, dtype=str, keep_default_na=False, na_filter=False,
            skip_blank_lines=False, engine="c", quotechar='"', names=None,
        )
    except (pd.errors.ParserError, ValueError, csv.Error):
        rows = list(csv.reader(io.StringIO(text), delimiter=delim))
        width = max((len(r) for r in rows), default=0)
        frame = pd.DataFrame([r + [""] * (width - len(r)) for r in rows], dtype=str)
    return frame.fillna("").astype(str)
