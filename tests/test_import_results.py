"""Importing turnout (C.Hasil), DPT aggregates and targets: rules, elections, re-imports and conflicts."""

from __future__ import annotations


import pytest

from analytics.importing.engine import import_bytes, undo_import
from analytics.store import open_database
from tests.import_support import csv_bytes, reference_db, xlsx_bytes

TURNOUT = ["Kecamatan", "Kelurahan", "No TPS", "DPT L", "DPT P", "Jumlah DPT", "Pengguna Hak Pilih L",
           "Pengguna Hak Pilih P", "Disabilitas Terdaftar", "Disabilitas Pengguna Hak Pilih"]


@pytest.fixture()
def con(tmp_path, ref_template):
    c = open_database(reference_db(tmp_path, ref_template))
    yield c
    c.close()


def run(con, rows, kind, name="berkas.csv", **kw):
    data = rows if isinstance(rows, bytes) else csv_bytes(rows, sep=";")
    return import_bytes(con, data, kind=kind, file_name=name, user="uji", **kw)


def test_turnout_rules(con):
    rows = [TURNOUT,
            ["Bogor Tengah", "Gudang", "TPS 001", "100", "110", "210", "80", "90", "3", "2"],
            ["Bogor Tengah", "Gudang", "2", "100", "110", "", "80", "90", "", ""],
            ["Bogor Tengah", "Gudang", "3", "100", "110", "200", "80", "90", "", ""],  # total ≠ L + P
            ["Bogor Tengah", "Gudang", "4", "100", "110", "210", "101", "90", "", ""],  # voted > registered
            ["Bogor Tengah", "Gudang", "5", "100", "110", "210", "80", "90", "3", "4"],  # disabled voted > registered
            ["Bogor Tengah", "Gudang", "6", "100", "110", "210", "80", "90", "", "1"],  # voted disabled, none registered
            ["Bogor Tengah", "Gudang", "1", "100", "110", "210", "80", "91", "3", "2"]]  # same TPS, other figures
    result = run(con, rows, "turnout")
    assert (result.rows_kept, result.rows_rejected) == (2, 5), result.rejections
    reasons = {r.row: " ".join(r.reasons) for r in result.rejections}
    assert "tidak sama" in reasons[4] and "lebih besar" in reasons[5] and "lebih besar" in reasons[6]
    assert "isi keduanya" in reasons[7] and "baris 2" in reasons[8]
    row = con.execute("SELECT kode_pemilihan, kode_kecamatan, nomor_tps, terdaftar_total, memilih_total, "
                      "terdaftar_disabilitas FROM turnout ORDER BY nomor_tps").fetchone()
    assert row == ("pilkada2024", "32.71.03", 1, 210, 170, 3)


def test_turnout_reimport_with_other_figures_is_rejected_until_undone(con):
    first = run(con, [TURNOUT, ["Bogor Tengah", "Gudang", "1", "100", "110", "", "80", "90", "", ""]], "turnout")
    assert first.rows_kept == 1
    same = run(con, [TURNOUT, ["Bogor Tengah", "GUDANG", "01", "100", "110", "210", "80", "90", "", ""]], "turnout",
               "lagi.csv")
    assert (same.rows_kept, same.rows_duplicate, same.exit_code) == (0, 1, 0)
    other = run(con, [TURNOUT, ["Bogor Tengah", "Gudang", "1", "100", "110", "", "85", "90", "", ""]], "turnout",
                "ralat.csv")
    assert other.rows_rejected == 1 and f"impor #{first.import_id}" in other.rejections[0].reasons[0]
    undo_import(con, first.import_id, user="uji")
    again = run(con, [TURNOUT, ["Bogor Tengah", "Gudang", "1", "100", "110", "", "85", "90", "", ""]], "turnout",
                "ralat2.csv")
    assert again.rows_kept == 1
    assert con.execute("SELECT memilih_laki_laki FROM turnout").fetchone()[0] == 85


def test_turnout_two_row_header_from_merged_cells_and_election_option(con):
    rows = [["REKAPITULASI C.HASIL"], ["Kecamatan", "Kelurahan", "TPS", "DPT", None, None, "Pengguna Hak Pilih"],
            [None, None, None, "L", "P", "JML", "L", "P", "JML"],
            ["Bogor Barat", "Semplak", 1, 120, 130, 250, 90, 100, 190]]
    data = xlsx_bytes({"C Hasil": rows}, merges={"C Hasil": ["A2:A3", "B2:B3", "C2:C3", "D2:F2", "G2:I2"]})
    result = run(con, data, "turnout", "chasil.xlsx", election="pemilu2024")
    assert result.error is None, result.error
    assert result.rows_kept == 1, result.rejections
    assert con.execute("SELECT kode_pemilihan, terdaftar_total, memilih_total FROM turnout").fetchone() == \
        ("pemilu2024", 250, 190)
    bad = run(con, [TURNOUT, ["Bogor Barat", "Semplak", "2", "1", "1", "", "1", "1", "", ""]], "turnout",
              election="pilpres2099")
    assert bad.rows_rejected == 1 and "pilpres2099" in bad.rejections[0].reasons[0]


def test_voters_rules(con):
    rows = [["Kecamatan", "Kelurahan", "L", "P", "Jumlah", "Pemilih Pemula", "Disabilitas", "Jumlah TPS"],
            ["Bogor Tengah", "Gudang", "1.000", "1.100", "2.100", "150", "12", "8"],
            ["Bogor Tengah", "Sempur", "1.000", "1.100", "2.000", "", "", ""],
            ["Bogor Tengah", "Paledang", "10", "10", "", "21", "", ""],
            ["JUMLAH", "", "2.010", "2.210", "", "", "", ""]]
    result = run(con, rows, "voters", election="pilkada2024")
    assert (result.rows_kept, result.rows_rejected, result.rows_read) == (1, 2, 3), result.rejections
    assert con.execute("SELECT total, pemula, jumlah_tps FROM voters").fetchone() == (2100, 150, 8)


def test_targets_rules(con):
    rows = [["Pemilihan", "Wilayah", "Segmen", "Penetap", "Target (%)"],
            ["pilkada2024", "Kota Bogor", "Semua", "KPU Kota Bogor", "90%"],
            ["pilkada2024", "Kec. Bogor Utara", "Pemilih Pemula", "KPU Kota Bogor", "85,5"],
            ["pilkada2024", "32.71.03.1001", "wanita", "KPU Kota Bogor", "88"],
            ["pilkada2024", "Kota Depok", "semua", "KPU Kota Bogor", "90"],
            ["pilkada2024", "Kota Bogor", "lansia", "KPU Kota Bogor", "90"],
            ["pilkada2024", "Kota Bogor", "disabilitas", "KPU Kota Bogor", "0,9"],
            ["pilkada2024", "Kota Bogor", "disabilitas", "", "120"]]
    result = run(con, rows, "targets")
    assert (result.rows_kept, result.rows_rejected) == (3, 4), result.rejections
    got = con.execute("SELECT kode_wilayah, segmen, target_persen FROM targets ORDER BY kode_wilayah").fetchall()
    assert [(w, s, float(t)) for w, s, t in got] == [("32.71", "semua", 90.0), ("32.71.03.1001", "perempuan", 88.0),
                                                     ("32.71.05", "pemula", 85.5)]
    reasons = " ".join(r for rej in result.rejections for r in rej.reasons)
    assert "90 %" in reasons, reasons
    assert "lansia" in reasons and "Kota Depok" in reasons and "menetapkan" in reasons
