"""Importing activity logs: messy real files, names, row rules, personal data, duplicates and undo."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from openpyxl import load_workbook

from analytics.importing.engine import import_bytes, list_imports, undo_import, UndoError
from analytics.importing.rejects import REASON_COLUMN, rejected_rows_xlsx
from analytics.importing.summary import summarize
from analytics.store import open_database
from tests.import_support import GOOD_ROWS, TEMPLATE, csv_bytes, reference_db, xlsx_bytes


@pytest.fixture()
def con(tmp_path, ref_template):
    c = open_database(reference_db(tmp_path, ref_template))
    yield c
    c.close()


def run(con, data: bytes, name: str = "kegiatan.csv", kind: str = "activities", **kw):
    return import_bytes(con, data, kind=kind, file_name=name, user="uji", **kw)


def activity_count(con) -> int:
    return con.execute("SELECT count(*) FROM activities").fetchone()[0]


def test_template_csv_imports_every_row(con):
    result = run(con, csv_bytes([TEMPLATE, *GOOD_ROWS]))
    assert result.error is None, result.error
    assert (result.rows_kept, result.rows_rejected, result.exit_code) == (3, 0, 0)
    rows = con.execute("SELECT tanggal, jenis_kegiatan, kode_kelurahan, rw, penyelenggara, jumlah_peserta, lat "
                       "FROM activities ORDER BY tanggal").fetchall()
    assert rows[0] == (dt.date(2024, 9, 1), "gerebek_pasar", "32.71.03.1011", 3, "PPK", 120, -6.6)
    assert rows[1][2] == "32.71.05.1007" and rows[2][1] == "sosialisasi_sekolah"
    imp = list_imports(con)
    assert imp.iloc[0]["baris_diterima"] == 3 and imp.iloc[0]["status"] == "selesai"
    assert "Diterima: 3 baris" in summarize(result)


def test_messy_xlsx_title_rows_merged_cells_totals_blank_rows_and_sheet_order(con):
    header = ["No", "Tgl", "Jenis Kegiatan", "Kec.", "Desa/Kel", "RW", "Tempat", "Penyelenggara", "Jml Peserta",
              "Pemilih Pemula", "Penyandang Disabilitas", "Perempuan", "KK/rumah dikunjungi", "Ket."]
    rows = [
        ["LAPORAN KEGIATAN SOSIALISASI PILKADA 2024"], ["PPK BOGOR TENGAH"], [],
        header,
        [1, dt.datetime(2024, 9, 1), "Grebek Pasar", "Kec. Bogor Tengah", "Kebon Kelapa", 3, "Pasar", "PPK Bogor Tengah",
         1250, 100, 5, 600, None, None],
        [2, 45537, "Ketuk Pintu", None, "Sempur", "RW 02", None, "pps sempur", 30, 0, 0, 12, 25, None],
        [None] * 14,
        [3, "03/09/2024", "Sosialisasi RW", "BOGOR TENGAH", "Gudang", 1, "Balai RW", "PPS", "40", "4", "0", "20", None,
         "ok"],
        ["JUMLAH", None, None, None, None, None, None, None, 1320, 104, 5, 632, 25, None],
    ]
    data = xlsx_bytes({"Petunjuk": [["Isi lembar berikutnya"]], "Kegiatan": rows},
                      merges={"Kegiatan": ["A1:N1", "A2:N2", "D5:D6", "A9:H9"]})
    result = run(con, data, "laporan.xlsx")
    assert result.error is None, result.error
    assert (result.rows_kept, result.rows_rejected, result.rows_read) == (3, 0, 3), result.rejections
    assert any("dilewati: 9" in n for n in result.notes), result.notes  # the totals row named
    kec = con.execute("SELECT DISTINCT kode_kecamatan FROM activities").fetchall()
    assert kec == [("32.71.03",)]
    assert con.execute("SELECT sum(jumlah_peserta) FROM activities").fetchone()[0] == 1320
    assert any("Kebon Kalapa" in c for c in result.corrections)


@pytest.mark.parametrize("sep,encoding,bom", [(";", "cp1252", False), (";", "utf-8", True), (",", "utf-8", True),
                                              ("\t", "utf-8", False)])
def test_csv_dialects_and_encodings(con, sep, encoding, bom):
    rows = [TEMPLATE, ["01/09/2024", "Gerebek Pasar", "Bogor Tengah", "Kebon Kalapa", "3", "Pasar Pe\u00f1a", "PPK",
                       "1.250", "100", "5", "600", "", "-6,6", "106,79", "catatan \u00e9"]]
    result = run(con, csv_bytes(rows, sep=sep, encoding=encoding, bom=bom))
    assert result.error is None, result.error
    assert result.rows_kept == 1
    lokasi, total, lat = con.execute("SELECT lokasi, jumlah_peserta, lat FROM activities").fetchone()
    assert (lokasi, total, lat) == ("Pasar Pe\u00f1a", 1250, -6.6)


@pytest.mark.parametrize("text,expected", [
    ("01/09/2024", dt.date(2024, 9, 1)), ("1-9-24", dt.date(2024, 9, 1)), ("2024-09-01", dt.date(2024, 9, 1)),
    ("1 September 2024", dt.date(2024, 9, 1)), ("1 Sept 2024", dt.date(2024, 9, 1)),
    ("01 Agustus 2024", dt.date(2024, 8, 1)), ("45536", dt.date(2024, 9, 1)), ("3 Okt 2024", dt.date(2024, 10, 3)),
    ("1.9.2024", dt.date(2024, 9, 1)),
])
def test_date_formats_day_first(con, text, expected):
    row = ["x"] * 0 + [text, "Gerebek Pasar", "Bogor Tengah", "Gudang", "", "", "PPK", "10", "", "", "", "", "", "", ""]
    result = run(con, csv_bytes([TEMPLATE, row]))
    assert result.rows_kept == 1, result.rejections
    assert con.execute("SELECT tanggal FROM activities").fetchone()[0] == expected


def _one(con, **cells):
    row = dict(zip(TEMPLATE, ["01/09/2024", "Gerebek Pasar", "Bogor Tengah", "Gudang", "", "", "PPK", "10", "", "",
                              "", "", "", "", ""]))
    row.update(cells)
    return run(con, csv_bytes([TEMPLATE, [row[c] for c in TEMPLATE]]))


@pytest.mark.parametrize("cells,needle", [
    ({"kecamatan": "Bogor"}, "Bogor Timur"),  # too vague: candidates named
    ({"kecamatan": "Cibinong"}, "Kota Bogor"),  # outside the region
    ({"kelurahan": "Cilendek", "kecamatan": ""}, "Cilendek Barat"),  # ambiguous within the region
    ({"kelurahan": "Sempur", "kecamatan": "Bogor Selatan"}, "Bogor Tengah"),  # wrong parent
    ({"jenis_kegiatan": "karaoke"}, "Gerebek Pasar"),  # unknown type: the valid ones listed
    ({"peserta_pemula": "11"}, "lebih besar"),
    ({"peserta_perempuan": "12"}, "lebih besar"),
    ({"tanggal": "05/12/2024"}, "di luar masa sosialisasi"),
    ({"tanggal": "31/02/2024"}, "kalender"),
    ({"tanggal": "09/13/2024"}, "13/09/2024"),
    ({"rw": "40"}, "RW 40 tidak ada"),
    ({"jumlah_peserta": "-5"}, "negatif"),
    ({"jumlah_peserta": "12,5"}, "bulat"),
    ({"jumlah_peserta": "1,250"}, "1250"),
    ({"jumlah_peserta": ""}, "kosong"),
    ({"lat": "106.8", "lon": "-6.6"}, "tertukar"),
    ({"lat": "48.8", "lon": "2.3"}, "luar Indonesia"),
    ({"penyelenggara": "Bupati"}, "KPU, PPK atau PPS"),
])
def test_bad_rows_are_rejected_with_reasons(con, cells, needle):
    result = _one(con, **cells)
    assert result.error is None
    assert (result.rows_kept, result.rows_rejected, result.exit_code) == (0, 1, 2)
    reasons = " | ".join(result.rejections[0].reasons)
    assert reasons.startswith("Baris 2"), reasons
    assert needle in reasons, reasons
    stored = con.execute("SELECT nomor_baris, alasan FROM rejected_rows").fetchall()
    assert stored[0][0] == 2 and list(stored[0][1]) == list(result.rejections[0].reasons)
    assert activity_count(con) == 0


@pytest.mark.parametrize("cells,official", [
    ({"kecamatan": "Kec. Bogor Tengah"}, "Bogor Tengah"), ({"kecamatan": "BOGOR TENGAH"}, "Bogor Tengah"),
    ({"kecamatan": "Bogor Tngah"}, "Bogor Tengah"), ({"kelurahan": "Kebon Kelapa"}, "Kebon Kalapa"),
    ({"kelurahan": "Kel. Gudang"}, "Gudang"), ({"kecamatan": "", "kelurahan": "Sempur"}, None),
    ({"jenis_kegiatan": "grebek pasar"}, None), ({"penyelenggara": "kpu kota"}, "KPU"),
])
def test_near_misses_are_corrected_and_reported(con, cells, official):
    result = _one(con, **cells)
    assert result.rows_kept == 1, result.rejections
    if official:
        assert any(official in c for c in result.corrections), result.corrections


def test_whole_city_activity_and_type_without_participants(con):
    result = _one(con, kecamatan="", kelurahan="", jenis_kegiatan="medsos", penyelenggara="KPU", jumlah_peserta="")
    assert result.rows_kept == 1, result.rejections
    assert con.execute("SELECT kode_kabkota, kode_kecamatan, jumlah_peserta FROM activities").fetchone() == \
        ("32.71", None, 0)


@pytest.mark.parametrize("data,needle", [
    (b"", "kosong"),
    (b"   \r\n\r\n", "kosong"),
    (bytes(range(256)) * 40, "biner"),
    (b"PK\x03\x04garbage-not-a-zip" * 10, "Excel"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, ".xls"),
    ("a,b,c\n1,2,3\n".encode(), "judul kolom"),
    (",".join(TEMPLATE).encode() + b"\r\n", "tanpa baris data"),
])
def test_unreadable_files_import_nothing(con, data, needle):
    result = run(con, data)
    assert result.error and needle in result.error, result.error
    assert result.exit_code == 2
    assert con.execute("SELECT count(*) FROM imports").fetchone()[0] == 0


def test_wrong_kind_names_the_kind_it_looks_like(con):
    turnout = [["Kecamatan", "Kelurahan", "TPS", "DPT L", "DPT P", "Pengguna Hak Pilih L", "Pengguna Hak Pilih P"],
               ["Bogor Tengah", "Gudang", "1", "100", "110", "80", "90"]]
    result = run(con, csv_bytes(turnout))
    assert result.exit_code == 2 and "'turnout'" in result.error
    result = run(con, csv_bytes([TEMPLATE, *GOOD_ROWS]), kind="turnout")
    assert result.exit_code == 2 and "'activities'" in result.error


def test_personal_columns_dropped_and_free_text_masked(con):
    header = TEMPLATE + ["Nama Peserta", "NIK", "No. HP", "Alamat", "Kolom X"]
    nik, phone = "3271012304990001", "081234567890"
    row = GOOD_ROWS[0][:14] + [f"hubungi {phone} / NIK {nik}", "Siti Aminah", nik, "+62 812-3456-7890",
                               "Jl. Merdeka 5", "3271012304990002"]
    bad = list(row)
    bad[7] = "banyak"
    result = run(con, csv_bytes([header, row, bad]))
    assert set(result.dropped_columns) == {"Nama Peserta", "NIK", "No. HP", "Alamat", "Kolom X"}
    assert result.masked_values >= 2
    assert (result.rows_kept, result.rows_rejected) == (1, 1)
    assert con.execute("SELECT keterangan FROM activities").fetchone()[0] == \
        "hubungi [telepon disamarkan] / NIK [NIK disamarkan]"
    data = con.execute("SELECT data_asli FROM rejected_rows").fetchone()[0]
    assert nik not in data and phone not in data and "Siti" not in data and "Merdeka" not in data
    assert "Nama Peserta" in summarize(result)


def test_same_file_twice_adds_nothing_and_same_rows_in_another_file_are_duplicates(con):
    data = csv_bytes([TEMPLATE, *GOOD_ROWS])
    first = run(con, data)
    again = run(con, data)
    assert again.already_imported and again.import_id == first.import_id and again.exit_code == 0
    assert "sudah diimpor" in summarize(again)
    other = run(con, csv_bytes([TEMPLATE, GOOD_ROWS[2], GOOD_ROWS[0], [""] * 15, GOOD_ROWS[0]], sep=";"), "lain.csv")
    assert (other.rows_kept, other.rows_duplicate, other.exit_code) == (0, 3, 0)
    assert activity_count(con) == 3
    assert con.execute("SELECT count(*) FROM imports").fetchone()[0] == 2


def test_undo_removes_the_rows_and_allows_a_reimport(con):
    data = csv_bytes([TEMPLATE, *GOOD_ROWS])
    first = run(con, data)
    done = undo_import(con, first.import_id, user="kepala")
    assert done.rows_deleted == {"activities": 3}
    assert activity_count(con) == 0
    status, who, when = con.execute("SELECT status, dibatalkan_oleh, dibatalkan_pada FROM imports").fetchone()
    assert (status, who) == ("dibatalkan", "kepala") and when is not None
    with pytest.raises(UndoError, match="sudah dibatalkan"):
        undo_import(con, first.import_id, user="kepala")
    with pytest.raises(UndoError, match="tidak ada"):
        undo_import(con, 999, user="kepala")
    again = run(con, data)
    assert not again.already_imported and again.rows_kept == 3


def test_rejected_rows_xlsx_round_trip(con):
    rows = [TEMPLATE, GOOD_ROWS[0], ["01/09/2024", "karaoke", "Bogor Tengah", "Gudang", "", "", "PPK", "=1+1", "", "",
                                      "", "", "", "", ""]]
    result = run(con, csv_bytes(rows))
    assert (result.rows_kept, result.rows_rejected, result.exit_code) == (1, 1, 1)
    book = load_workbook(io.BytesIO(rejected_rows_xlsx(con, result.import_id)))
    ws = book.active
    header = [c.value for c in ws[1]]
    assert header[:15] == TEMPLATE and header[-1] == REASON_COLUMN
    values = [c.value for c in ws[2]]
    assert "karaoke" in values[-1] and values[7] == "'=1+1" and ws.cell(2, 8).data_type == "s"
    # The operator fixes the type and the count and uploads the file again.
    ws.cell(2, 2).value, ws.cell(2, 8).value = "Sosialisasi RW", "15"
    out = io.BytesIO()
    book.save(out)
    fixed = run(con, out.getvalue(), "ditolak-diperbaiki.xlsx")
    assert (fixed.rows_kept, fixed.rows_rejected) == (1, 0), fixed.rejections
    assert activity_count(con) == 2


def test_sample_rows_exported_and_reimported_are_all_duplicates(sample_db, tmp_path):
    import shutil

    path = tmp_path / "s.duckdb"
    shutil.copy(sample_db, path)
    con = open_database(path)
    try:
        frame = con.execute(
            "SELECT strftime(tanggal, '%d/%m/%Y') AS tanggal, jenis_kegiatan, kecamatan, kelurahan, rw, lokasi, "
            "penyelenggara, jumlah_peserta, peserta_pemula, peserta_disabilitas, peserta_perempuan, "
            "rumah_dikunjungi, lat, lon, keterangan FROM v_activities ORDER BY id_kegiatan LIMIT 400").df()
        before = activity_count(con)
        result = run(con, frame.to_csv(index=False).encode(), "ekspor.csv")
        assert result.error is None and result.rows_rejected == 0, result.rejections[:3]
        assert (result.rows_kept, result.rows_duplicate) == (0, 400)
        assert activity_count(con) == before
    finally:
        con.close()


def test_migration_upgrades_a_version_2_database_in_place(tmp_path):
    from analytics import db
    from analytics.reference import load_reference

    path = tmp_path / "v2.duckdb"
    con = db.connect(path)
    db.migrate(con, target=2)
    load_reference(con)
    con.execute("INSERT INTO imports (jenis, nama_file, pengguna) VALUES ('activities', 'lama.csv', 'x')")
    con.execute("INSERT INTO activities (tanggal, jenis_kegiatan, kode_kabkota, penyelenggara, jumlah_peserta, "
                "import_id) VALUES ('2024-09-01', 'media', '32.71', 'KPU', 0, 1)")
    con.close()
    con = open_database(path)
    try:
        assert db.schema_version(con) == db.latest_version() >= 3
        assert con.execute("SELECT sidik IS NOT NULL FROM activities").fetchone()[0]
        assert con.execute("SELECT baris_duplikat FROM imports").fetchone()[0] == 0
    finally:
        con.close()


def test_rows_fingerprinted_as_text_before_version_5_are_still_recognised(tmp_path):
    from analytics import db
    from analytics.importing.engine import ACTIVITY_FINGERPRINT
    from analytics.reference import load_reference

    path = tmp_path / "v4.duckdb"
    con = db.connect(path)
    db.migrate(con)
    load_reference(con)
    data = csv_bytes([TEMPLATE, *GOOD_ROWS])
    assert run(con, data).rows_kept == 3
    # Back to what version 4 stored: md5's 32 hex characters of the same values.
    con.execute("ALTER TABLE activities ALTER sidik SET DATA TYPE VARCHAR USING "
                + ACTIVITY_FINGERPRINT.replace("md5_number_lower(", "md5(", 1))
    con.execute("DELETE FROM schema_migrations WHERE versi >= 5")
    assert con.execute("SELECT min(length(sidik)) FROM activities").fetchone()[0] == 32
    con.close()
    con = open_database(path)
    try:
        assert db.schema_version(con) == db.latest_version() >= 5
        assert con.execute("SELECT DISTINCT typeof(sidik) FROM activities").fetchall() == [("UBIGINT",)]
        # The same rows in another order: another file (its checksum differs), the same activities.
        again = run(con, csv_bytes([TEMPLATE, *reversed(GOOD_ROWS)]), name="lagi.csv")
        assert (again.rows_kept, again.rows_duplicate) == (0, 3)
        assert activity_count(con) == 3
    finally:
        con.close()


def test_rejected_row_data_is_json_in_file_column_order(con):
    result = _one(con, jenis_kegiatan="karaoke")
    data = json.loads(con.execute("SELECT data_asli FROM rejected_rows").fetchone()[0])
    assert list(data) == TEMPLATE
    assert result.rejections[0].cells["jenis_kegiatan"] == "karaoke"


def test_row_ids_follow_date_then_file_order_and_continue_the_sequence(con, monkeypatch):
    """The importer takes a block of ids at once (a per-row nextval serialises the insert); the ids must still be
    unique, in date then file order, and leave the sequence past them for the next import or a direct INSERT."""
    from analytics.importing import engine

    # Dates out of order in the file: 3, 1, 2 September.
    rows = [GOOD_ROWS[2], GOOD_ROWS[0], GOOD_ROWS[1]]
    first = run(con, csv_bytes([TEMPLATE, *rows]))
    assert first.rows_kept == 3
    ids = con.execute("SELECT tanggal, id_kegiatan FROM activities ORDER BY id_kegiatan").fetchall()
    assert [d.day for d, _ in ids] == [1, 2, 3]
    assert len({i for _, i in ids}) == 3
    con.execute("INSERT INTO activities (tanggal, jenis_kegiatan, kode_kabkota, penyelenggara, jumlah_peserta, "
                "import_id) VALUES (DATE '2024-09-04', 'rapat_rw', '32.71', 'KPU', 5, 0)")
    direct = con.execute("SELECT id_kegiatan FROM activities WHERE import_id = 0").fetchone()[0]
    assert direct > max(i for _, i in ids)
    # A block that is not contiguous (another writer took ids meanwhile) falls back to one id per row.
    monkeypatch.setattr(engine, "_reserve_ids", lambda con, n: None)
    later = [["05/09/2024", *GOOD_ROWS[0][1:]], ["04/09/2024", *GOOD_ROWS[1][1:]]]
    second = run(con, csv_bytes([TEMPLATE, *later]), "lain.csv")
    assert second.rows_kept == 2
    new = con.execute("SELECT tanggal, id_kegiatan FROM activities WHERE import_id = $i ORDER BY id_kegiatan",
                      {"i": second.import_id}).fetchall()
    assert [d.day for d, _ in new] == [4, 5] and min(i for _, i in new) > direct
    total, distinct = con.execute("SELECT count(*), count(DISTINCT id_kegiatan) FROM activities").fetchone()
    assert total == distinct == 6


def test_reserved_ids_are_one_contiguous_block(con):
    from analytics.importing import engine

    con.execute("BEGIN TRANSACTION")
    base = engine._reserve_ids(con, 1000)
    after = con.execute("SELECT nextval('activities_id')").fetchone()[0]
    con.execute("COMMIT")
    assert base is not None and after == base + 1000


def test_reading_fingerprints_ahead_is_only_a_warm_up(con, monkeypatch):
    """The stored fingerprints are read on a second cursor while the file is checked; that read failing changes
    nothing, and it has ended before the import's transaction starts."""
    import threading

    from analytics.importing import engine

    monkeypatch.setattr(engine, "_READ_FINGERPRINTS", "SELECT bit_xor(sidik) FROM tabel_yang_tidak_ada")
    result = run(con, csv_bytes([TEMPLATE, *GOOD_ROWS]))
    assert result.error is None and result.rows_kept == 3
    assert not [t for t in threading.enumerate() if t.name == "baca-sidik"]
    again = run(con, csv_bytes([TEMPLATE, GOOD_ROWS[1]]), "lagi.csv")
    assert (again.rows_kept, again.rows_duplicate) == (0, 1)


def test_reading_fingerprints_ahead_stops_when_the_check_ends(con, monkeypatch):
    """A small file never waits for the whole table to be read: the read-ahead is stopped once the file is checked
    (here a read that would take hours; the import must still end, with its rows)."""
    import threading

    from analytics.importing import engine

    monkeypatch.setattr(engine, "_READ_FINGERPRINTS", "SELECT sum(range) FROM range(100000000000000)")
    done = []
    worker = threading.Thread(target=lambda: done.append(run(con, csv_bytes([TEMPLATE, *GOOD_ROWS]))), daemon=True)
    worker.start()
    worker.join(120)  # a liveness bound, not a timing: without the stop this import runs for hours
    assert not worker.is_alive() and done and done[0].rows_kept == 3
    assert not [t for t in threading.enumerate() if t.name == "baca-sidik"]
