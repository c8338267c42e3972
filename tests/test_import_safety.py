"""Safety of imports: arbitrary cells never crash or half-import, kill -9 leaves the database as it was, and no
personal value reaches any column of any table."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from analytics.importing.engine import import_bytes
from analytics.store import open_database
from tests.import_support import GOOD_ROWS, TEMPLATE, build_reference, counts, csv_bytes, xlsx_bytes

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def ref_template(tmp_path_factory) -> Path:
    return build_reference(tmp_path_factory.mktemp("ref") / "ref.duckdb")


cell = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["", "Gudang", "Bogor Tengah", "01/09/2024", "1.250", "-1", "3271012304990001", "JUMLAH", "PPS",
                     "Gerebek Pasar", "RW 03", "45536", "=1+1", "NaN", "null", "1e9", "\x00", "'"]),
)
row = st.lists(cell, min_size=15, max_size=15)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(row, min_size=0, max_size=8), as_xlsx=st.booleans())
def test_arbitrary_cells_never_raise_and_never_half_import(ref_template, rows, as_xlsx):
    if as_xlsx:  # a workbook cannot hold control characters at all
        rows = [[ILLEGAL_CHARACTERS_RE.sub("", c) for c in r] for r in rows]
    data = xlsx_bytes({"x": [TEMPLATE, GOOD_ROWS[0], *rows]}) if as_xlsx else csv_bytes([TEMPLATE, GOOD_ROWS[0], *rows])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "p.duckdb"
        shutil.copy(ref_template, path)
        before = counts(path)
        con = open_database(path)
        try:
            result = import_bytes(con, data, kind="activities", file_name="acak.csv", user="uji")
        finally:
            con.close()
        after = counts(path)
    if result.error is not None:
        assert after == before
        return
    assert result.rows_kept + result.rows_rejected + result.rows_duplicate == result.rows_read
    assert after["activities"] - before["activities"] == result.rows_kept
    assert after["rejected_rows"] - before["rejected_rows"] == result.rows_rejected
    assert after["imports"] - before["imports"] == 1


PERSONAL = ["Siti Aminah Rahmawati", "3271012304990001", "081298765432", "Jl. Pajajaran No. 17"]


def test_no_personal_value_anywhere_in_the_database(ref_template, tmp_path):
    path = tmp_path / "pii.duckdb"
    shutil.copy(ref_template, path)
    name, nik, phone, address = PERSONAL
    header = TEMPLATE + ["Nama Lengkap", "NIK", "HP", "Alamat", "Isian"]
    good = GOOD_ROWS[0][:14] + [f"dihadiri {nik}, kontak {phone}", name, nik, phone, address, "+62 812-9876-5432"]
    bad = ["99/99/2024", "karaoke", f"kec {nik}", "Gudang", "", f"rumah {phone}", "PPK", nik, "", "", "", "", "", "",
           f"telp {phone}", name, nik, phone, address, phone]
    turnout = [["Kecamatan", "Kelurahan", "TPS", "DPT L", "DPT P", "Pengguna Hak Pilih L", "Pengguna Hak Pilih P",
                "Nama KPPS", "No HP KPPS"],
               ["Bogor Tengah", "Gudang", "1", "10", "10", "5", "5", name, phone],
               ["Bogor Tengah", nik, "2", "10", "10", "5", "5", name, phone]]
    con = open_database(path)
    try:
        r1 = import_bytes(con, csv_bytes([header, good, bad]), kind="activities", file_name=f"{phone}.csv", user="u")
        r2 = import_bytes(con, xlsx_bytes({"s": [header, good, bad]}), kind="activities", file_name="b.xlsx", user="u")
        r3 = import_bytes(con, csv_bytes(turnout), kind="turnout", file_name="t.csv", user="u")
        assert r1.rows_kept == 1 and r1.rows_rejected == 1 and r3.rows_rejected == 1
        assert r2.rows_duplicate == 1
        columns = con.execute(
            "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'main' AND "
            "(data_type LIKE 'VARCHAR%' OR data_type = 'JSON') AND table_name IN (SELECT table_name FROM "
            "information_schema.tables WHERE table_type = 'BASE TABLE')").fetchall()
        assert len(columns) > 20
        needles = [name, nik, phone, address, "Siti", "Pajajaran", "98765432", "9876-5432"]
        for table, column in columns:
            sql = f'SELECT "{column}"::VARCHAR FROM "{table}"'  # identifiers from the catalogue
            for (value,) in con.execute(sql).fetchall():
                for needle in needles:
                    assert value is None or needle not in value, (table, column, value)
    finally:
        con.close()


KILL_SCRIPT = """
import os, sys, time
from analytics.store import open_database
from analytics.importing.engine import import_path

def progress(stage):
    print(stage, flush=True)
    if stage == sys.argv[3]:
        time.sleep(120)

con = open_database(sys.argv[1])
import_path(con, sys.argv[2], kind="activities", user="uji", progress=progress)
print("selesai-tanpa-dibunuh", flush=True)
"""


@pytest.mark.parametrize("stage", ["commit", "menyimpan"])
def test_kill_9_mid_import_leaves_the_database_as_it_was(ref_template, tmp_path, stage):
    path = tmp_path / "kill.duckdb"
    shutil.copy(ref_template, path)
    con = open_database(path)
    first = import_bytes(con, csv_bytes([TEMPLATE, *GOOD_ROWS]), kind="activities", file_name="awal.csv", user="u")
    con.close()
    assert first.rows_kept == 3
    before = counts(path)
    big = tmp_path / "besar.csv"
    kel = [("Bogor Tengah", "Gudang"), ("Bogor Utara", "Tanah Baru"), ("Bogor Barat", "Semplak")]
    lines = [",".join(TEMPLATE)]
    for i in range(300_000 if stage == "commit" else 20_000):
        kec, kl = kel[i % 3]
        lines.append(f"{1 + i % 28:02d}/{7 + i % 5:02d}/2024,Ketuk Pintu,{kec},{kl},{1 + i % 5},Lokasi {i},PPS,"
                     f"{10 + i % 90},1,0,5,,,,")
    big.write_text("\n".join(lines) + "\n", encoding="utf-8")
    script = tmp_path / "impor.py"
    script.write_text(KILL_SCRIPT)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, str(script), str(path), str(big), stage], stdout=subprocess.PIPE,
                            text=True, cwd=ROOT, env=env)
    try:
        seen = []
        for line in proc.stdout:
            seen.append(line.strip())
            if line.strip() == stage:
                break
        assert stage in seen, seen
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    # Reopened, the file holds exactly what it held before: the killed transaction left nothing.
    assert counts(path) == before
    con = open_database(path)
    try:
        assert con.execute("SELECT count(*) FROM imports WHERE nama_file = 'besar.csv'").fetchone()[0] == 0
    finally:
        con.close()
