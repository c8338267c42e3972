"""The fast import paths give exactly what the plain Python paths give: reader, trimming, masking, totals, numbers;
and a file of 200,000 rows imports whole and correct."""

from __future__ import annotations

import csv
import datetime as dt
import re

import numpy as np
import pandas as pd
import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from analytics.importing.engine import import_bytes
from analytics.importing.parse import parse_coordinate, parse_count, parse_unique
from analytics.importing.parse_fast import parse_column, parse_counts
from analytics.importing.personal import mask, mask_text
from analytics.importing import read
from analytics.importing.read import TOTAL_FIRST_LETTERS, TOTAL_LETTERS, TOTAL_WORDS, ReadError
from analytics.importing.read_csv import TEXT, _arrow_frame, _pandas_frame, read_text_table, sniff_delimiter
from analytics.importing.vector import candidates, factorize, first_letter_in, starts_with, strip
from analytics.store import open_database
from tests.import_support import TEMPLATE, reference_db

CSV_CHARS = st.sampled_from(list("a1 ;,\"'\r\n\t.-é@") + ["\u00a0", "\x1c", "\u2028", "\x00"])
CELL = st.text(CSV_CHARS, max_size=6)
# Rows of one width (the usual file) or ragged ones (which the Arrow reader must leave to pandas).
ROWS = st.one_of(st.integers(2, 4).flatmap(lambda w: st.lists(st.lists(CELL, min_size=w, max_size=w), min_size=1,
                                                              max_size=6)),
                 st.lists(st.lists(CELL, min_size=1, max_size=4), min_size=1, max_size=6))


def _text(values: list[str]) -> pd.Series:
    return pd.Series(values, dtype=TEXT)


def _chunked(values: list[str]) -> list[pd.Series]:
    """The same cells as Arrow text in the layouts the readers give: one chunk, several chunks, sliced chunks, and
    64-bit offsets."""
    third = len(values) // 3
    out = [_text(values)]
    for kind in (pa.string(), pa.large_string()):
        padded = pa.array(["pad"] + values[:third] + ["pad"], kind).slice(1, third)
        rest = pa.array(values[third:], kind)
        out.append(pd.Series(pd.arrays.ArrowStringArray(pa.chunked_array([padded, rest.slice(0, third),
                                                                           rest.slice(third)], kind))))
    return out


@settings(max_examples=300, deadline=None)
@given(rows=ROWS, sep=st.sampled_from([";", ",", "\t"]),
       end=st.sampled_from(["\n", "\r\n", "\r"]), raw=st.booleans())
def test_arrow_reader_reads_what_pandas_reads_or_declines(rows, sep, end, raw):
    text = end.join(sep.join(r) for r in rows) if raw else end.join(
        sep.join('"' + c.replace('"', '""') + '"' if (sep in c or '"' in c or "\n" in c or "\r" in c) else c
                 for c in r) for r in rows) + end
    delim = sniff_delimiter(text)
    fast = _arrow_frame(text, delim)
    if fast is None:
        return
    slow = _pandas_frame(text, delim)
    fast.columns, slow.columns = range(fast.shape[1]), range(slow.shape[1])
    pd.testing.assert_frame_equal(fast, slow)


@settings(max_examples=300, deadline=None)
@given(rows=ROWS, sep=st.sampled_from([";", ",", "\t"]), end=st.sampled_from(["\n", "\r\n", "\r"]),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]), lines=st.sampled_from([1, 30, 2000]),
       tail=st.sampled_from([b"", b"\xe9;x", b"x;\xe9", b"\xe9", b"\x00"]))
def test_bytes_reader_reads_what_decoding_reads_or_declines(rows, sep, end, encoding, lines, tail):
    """read._utf8_fast (bytes straight to Arrow) gives what read_text_table(_decode(bytes)) gives, or declines; the
    repeats make files longer than the decoded start it looks at, and the tail puts bad bytes beyond it."""
    text = end.join(sep.join(r) for r in rows * lines) + end
    data = text.encode(encoding, errors="replace") + tail
    fast = read._utf8_fast(data)
    try:
        slow = read_text_table(read._decode(data))
    except (ReadError, csv.Error):
        assert fast is None
        return
    if fast is not None:
        pd.testing.assert_frame_equal(fast, slow)


def test_regular_utf8_csv_is_read_from_its_bytes():
    text = "tanggal;kelurahan;catatan\r\n" + "01/09/2024;Kebon Jeruk;\"ada \"\"é\"\"; ya\"\r\n" * 30_000
    for data in (text.encode("utf-8"), b"\xef\xbb\xbf" + text.encode("utf-8")):
        fast = read._utf8_fast(data)
        assert fast is not None and fast.shape == (30_001, 3)
        assert fast.iloc[-1].tolist() == ["01/09/2024", "Kebon Jeruk", 'ada "é"; ya']
        pd.testing.assert_frame_equal(fast, read_text_table(text))
    # Not UTF-8 past the decoded start (Windows-1252 é at the end): declined, and read as Windows-1252 text.
    late = text.encode("utf-8") + "01/09/2024;Kebon Jeruk;é\r\n".encode("cp1252")
    assert read._utf8_fast(late) is None
    assert read.read_sheets(late, "log.csv")[0].frame.iloc[-1].tolist() == ["01/09/2024", "Kebon Jeruk", "é"]


def test_bytes_reader_sniffs_the_delimiter_on_as_many_lines_as_the_text_reader():
    # Long lines: the first 65.536 characters hold only 16 of them, which read best with ','; the first 80 (what
    # sniff_delimiter reads) read best with ';'.
    text = ("a,b,c;" + "x" * 4000 + "\n") * 20 + ("x" * 2000 + ";y\n") * 100
    fast = read._utf8_fast(text.encode("utf-8"))
    assert fast is not None and fast.shape == (120, 2)
    pd.testing.assert_frame_equal(fast, read_text_table(text))


def test_regular_csv_takes_the_arrow_path():
    text = "a;b;c\r\n1;\"x;y\";3\r\n4;\"say \"\"hi\"\"\";6\r\n"
    frame = _arrow_frame(text, ";")
    assert frame is not None and frame.dtypes.tolist() == [TEXT] * 3
    assert frame.iloc[1].tolist() == ["1", "x;y", "3"] and frame.iloc[2, 1] == 'say "hi"'


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(st.sampled_from(list(" \t\r\n\x0b\x0c\x1c\x1f\x85\xa0\u2003\u200b\u180e\ufeffab")),
                        max_size=6), max_size=20))
def test_strip_is_python_strip(cells):
    for values in _chunked(cells):
        assert strip(values).tolist() == [c.strip() for c in cells]


def test_strip_leaves_a_clean_column_as_it_is():
    clean, ragged = _text(["a b", "x", "", "Jl.\u00a0Mawar"]), _text(["a", "b\u3000"])
    assert strip(clean) is clean
    assert strip(ragged).tolist() == ["a", "b"]


PII = st.sampled_from(["3271012304990001", "3271 0123 4567 8901", "081234567890", "+62 812-3456-7890", "62 8123456789",
                       "0(812)3456789", "a@b.co", "x@y", "1234567890123", "12345678901234567", "08123", "RT 12/05"])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.one_of(PII, st.text(st.sampled_from(list("ab 0123456789.-+@()")), max_size=8)),
                         max_size=4).map("".join), max_size=15))
def test_mask_is_mask_text_per_cell(cells):
    masked, changed = mask(_text(cells))
    expected = [mask_text(c) for c in cells]
    assert [str(v) for v in masked] == expected
    assert changed == sum(a != b for a, b in zip(expected, cells))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.text(max_size=8), st.sampled_from([w.upper() for w in TOTAL_WORDS] + ["Jumlah Kec. X",
                                                                "\u212aota"])), max_size=20))
def test_totals_prefilter_never_misses_a_totals_cell(cells):
    pattern = re.compile(r"^(?:" + "|".join(w.replace(" ", r"\s*") for w in TOTAL_WORDS) + r")\b")
    maybe = candidates(_text(cells), TOTAL_FIRST_LETTERS)
    for cell, flagged in zip(cells, maybe):
        assert flagged or not pattern.match(cell.lower()), cell


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.text(max_size=6), st.sampled_from(["Jumlah", "total", "\u212aota", "é", "Ĵ", "CONTOH: x",
                                                                "CONTOH", ""])), max_size=20))
def test_first_letter_and_prefix_are_the_regex_and_startswith(cells):
    for values in _chunked(cells):
        assert first_letter_in(values, TOTAL_LETTERS).tolist() == \
            candidates(pd.Series(cells, dtype=object), TOTAL_FIRST_LETTERS).tolist()
    assert starts_with(_text(cells), "CONTOH:").tolist() == [c.startswith("CONTOH:") for c in cells]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.floats(-200, 200).map(lambda f: f"{f:.{abs(hash(f)) % 9}f}"),
                          st.sampled_from(["", "-0", "0", "106,8", " -6.5", "1e3", "-6.5971°", "٣.٥", "+6.1", "abc",
                                           "1234.5", "-6.", ".5"])), max_size=30))
def test_coordinate_fast_path_is_the_parser(cells):
    fast = parse_column(_text(cells), parse_coordinate)
    slow = parse_unique(pd.Series(cells, dtype=object), parse_coordinate)
    for got, want in zip(fast, slow):
        assert [repr(v) for v in got] == [repr(v) for v in want]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["", "0", "12", "007", "1.250", "1,250", "-5", "12,5", "x", "3000000000", "-"]),
                max_size=30))
def test_counts_are_parse_count(cells):
    values, errors, hints = parse_counts(_text(cells))
    for cell, value, error, hint in zip(cells, values, errors, hints):
        want = parse_count(cell)
        assert (error, hint) == (want.error, want.hint)
        assert (None if value is pd.NA else int(value)) == (want.value if want.error is None else None)


# A 200,000-row file in the operators' template: every value below is a function of the row number.
KEL = [("Bogor Tengah", "Gudang"), ("Bogor Utara", "Tanah Baru"), ("Bogor Barat", "Semplak"),
       ("Tanah Sareal", "Kebon Pedes")]
TYPES = ["Ketuk Pintu Pemilih", "Sosialisasi RW", "Gerebek Pasar", "Sosialisasi Sekolah"]
BIG = 200_000


def _big_row(i: int) -> list[str]:
    kec, kel = KEL[i % 4]
    day = dt.date(2024, 7, 1) + dt.timedelta(days=i % 140)
    total = 10 + i % 300
    lat, lon = (f"{-6.55 - (i % 997) / 10000:.4f}", f"{106.75 + (i % 991) / 10000:.4f}") if i % 3 else ("", "")
    return [f"{day:%d/%m/%Y}", TYPES[i % 4], kec, kel, str(1 + i % 3), f"Balai warga {i}", "PPS" if i % 2 else "PPK",
            str(total), str(total // 4), str(i % 3), str(total // 2), str(i % 50) if i % 4 == 0 else "", lat, lon,
            f"catatan ke-{i}"]


def test_200k_rows_import_whole_and_correct(ref_template, tmp_path):
    rows = [_big_row(i) for i in range(BIG)]
    rows[1000][0] = "31/02/2024"  # file row 1002: not a date
    rows[2000][14] = "hubungi 081234567890"  # masked, still kept
    rows[3000] = list(rows[2999])  # the same activity twice: the second is a duplicate
    rows[4000][7] = "1.250"  # Indonesian thousands
    data = ("\r\n".join(";".join(r) for r in [TEMPLATE, *rows]) + "\r\n").encode("utf-8")
    con = open_database(reference_db(tmp_path, ref_template))
    try:
        result = import_bytes(con, data, kind="activities", file_name="besar.csv", user="uji")
        assert result.error is None, result.error
        assert (result.rows_read, result.rows_kept, result.rows_rejected, result.rows_duplicate) == \
            (BIG, BIG - 2, 1, 1)
        assert result.rejections[0].row == 1002 and "kalender" in result.rejections[0].reasons[0]
        assert result.masked_values == 1
        assert con.execute("SELECT count(*), count(DISTINCT sidik) FROM activities").fetchone() == (BIG - 2,) * 2
        one = con.execute("SELECT tanggal, jenis_kegiatan, kode_kelurahan, rw, lokasi, penyelenggara, jumlah_peserta, "
                          "peserta_pemula, rumah_dikunjungi, lat, lon, keterangan FROM activities "
                          "WHERE lokasi = 'Balai warga 12345'").fetchall()
        assert one == [(dt.date(2024, 7, 1) + dt.timedelta(days=12345 % 140), "sosialisasi_rw", "32.71.05.1007", 1,
                        "Balai warga 12345", "PPS", 10 + 12345 % 300, (10 + 12345 % 300) // 4, None, None, None,
                        "catatan ke-12345")]
        lat, lon = con.execute("SELECT lat, lon FROM activities WHERE lokasi = 'Balai warga 7'").fetchone()
        assert (lat, lon) == (float(_big_row(7)[12]), float(_big_row(7)[13]))
        assert con.execute("SELECT jumlah_peserta FROM activities WHERE lokasi = 'Balai warga 4000'").fetchone() == \
            (1250,)
        assert con.execute("SELECT keterangan FROM activities WHERE lokasi = 'Balai warga 2000'").fetchone() == \
            ("hubungi [telepon disamarkan]",)
        dates = np.array([d for (d,) in con.execute("SELECT tanggal FROM activities ORDER BY rowid").fetchall()])
        assert (dates[1:] >= dates[:-1]).all()  # stored by date, so that date filters skip row groups
        # Part of the file again, under another name: nothing new.
        again = import_bytes(con, ("\r\n".join(";".join(r) for r in [TEMPLATE, *rows[:5000]])).encode("utf-8"),
                             kind="activities", file_name="sebagian.csv", user="uji")
        assert (again.rows_kept, again.rows_rejected, again.rows_duplicate) == (0, 1, 4999)
    finally:
        con.close()


def test_parent_of_codes_is_the_lookup_per_cell():
    """rules._parent_of_codes (bulk) equals the per-cell rule it replaced: the kecamatan of an official kelurahan
    code written the official way, else None."""
    from analytics.importing.names import Regions
    from analytics.importing.rules import _KEL_CODE, _parent_of_codes

    regions = Regions({"32.71": "Kota Bogor"}, {"32.71.01": ("Bogor Selatan", "32.71"), "X1": ("Lain", "32.71")},
                      {"32.71.01.1001": ("Batutulis", "32.71.01", 8), "32.71.01.1002": ("Bondongan", "32.71.01", None),
                       "X1.0001": ("Bukan kode", "X1", 3)})
    cells = ["32.71.01.1001", "32.71.01.1002", "32.71.01.9999", "Batutulis", "X1.0001", "3271011001",
             "32.71.01.1001\n", "３２.71.01.1001", np.nan, ""]
    expected = [regions.kelurahan[k][1] if isinstance(k, str) and k in regions.kelurahan and _KEL_CODE.fullmatch(k)
                else None for k in cells]
    assert _parent_of_codes(cells, regions).tolist() == expected == ["32.71.01", "32.71.01"] + [None] * 8
    assert regions.kelurahan_table.loc["32.71.01.1001", "rw"] == 8
    assert np.isnan(regions.kelurahan_table.loc["32.71.01.1002", "rw"])


def test_factorize_gives_pandas_distinct_values_as_a_list():
    for values in [*_chunked(["b", "a", "b", "", "é", "a"]), _text(["a", np.nan, "a"]),
                   pd.Series(["a", None, 3], dtype=object), pd.Series([], dtype=TEXT)]:
        codes, uniques = factorize(values)
        want_codes, want = pd.factorize(values, use_na_sentinel=False)
        assert codes.tolist() == want_codes.tolist()
        assert [repr(v) for v in uniques] == [repr(v) for v in want]


def test_per_kecamatan_calls_once_per_code_and_hands_none_for_a_missing_one():
    from analytics.importing.rules import AreaCodes

    seen = []

    def first_five(code):
        seen.append(code)
        return code[:5] if code is not None else "tanpa"

    areas = AreaCodes(rows=np.array([0, 1, 2, 1, 3]), kecamatan=np.array(["32.71.01", None, "32.71.01", "32.04.02"],
                                                                          dtype=object),
                      kelurahan=np.array([None] * 4, dtype=object))
    got = areas.per_kecamatan(first_five, pd.RangeIndex(5))
    assert got.tolist() == ["32.71", "tanpa", "32.71", "tanpa", "32.04"]
    assert sorted(seen, key=str) == ["32.04.02", "32.71.01", None]
