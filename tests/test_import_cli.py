"""The import commands: exit statuses 0/1/2, the Indonesian summary, listing and undoing imports."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from analytics.cli import main
from tests.import_support import GOOD_ROWS, TEMPLATE, counts, csv_bytes

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture()
def dbfile(tmp_path, ref_template) -> Path:
    path = tmp_path / "cli.duckdb"
    shutil.copy(ref_template, path)
    return path


def write(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def test_exit_codes_and_summary(tmp_path, dbfile, capsys):
    good = write(tmp_path, "baik.csv", csv_bytes([TEMPLATE, *GOOD_ROWS]))
    assert main(["import", "activities", good, "--db", str(dbfile), "--user", "operator1"]) == 0
    out = capsys.readouterr().out
    assert "Diterima: 3 baris" in out and "impor #1" in out

    assert main(["import", "activities", good, "--db", str(dbfile)]) == 0
    assert "sudah diimpor" in capsys.readouterr().out

    mixed = write(tmp_path, "campur.csv", csv_bytes([TEMPLATE, GOOD_ROWS[0][:1] + ["karaoke"] + GOOD_ROWS[0][2:],
                                                     ["02/09/2024", *GOOD_ROWS[1][1:]]]))
    assert main(["import", "activities", mixed, "--db", str(dbfile)]) == 1
    out = capsys.readouterr().out
    assert "Ditolak: 1 baris" in out and "karaoke" in out and "Baris 2" in out

    garbage = write(tmp_path, "acak.xlsx", bytes(range(256)) * 10)
    assert main(["import", "activities", garbage, "--db", str(dbfile)]) == 2
    assert "Tidak ada yang diimpor" in capsys.readouterr().err
    assert main(["import", "turnout", good, "--db", str(dbfile)]) == 2
    assert "'activities'" in capsys.readouterr().err
    assert main(["import", "activities", str(tmp_path / "tidak-ada.csv"), "--db", str(dbfile)]) == 2

    assert main(["imports", "--db", str(dbfile)]) == 0
    listing = capsys.readouterr().out
    assert "operator1" in listing and "baik.csv" in listing and "campur.csv" in listing

    out_xlsx = tmp_path / "ditolak.xlsx"
    assert main(["rejected", "2", "--out", str(out_xlsx), "--db", str(dbfile)]) == 0
    assert out_xlsx.read_bytes()[:2] == b"PK"

    assert main(["undo", "1", "--db", str(dbfile), "--user", "kepala"]) == 0
    assert "dibatalkan" in capsys.readouterr().out
    assert main(["undo", "1", "--db", str(dbfile)]) == 2
    assert main(["imports", "--db", str(dbfile)]) == 0
    assert "dibatalkan" in capsys.readouterr().out
    assert counts(dbfile)["activities"] == 0  # the mixed file's good row duplicated a row of import 1


def test_boundaries_subcommand_is_wired(tmp_path, dbfile, capsys):
    assert main(["import", "boundaries", str(tmp_path / "tidak-ada.geojson"), "--db", str(dbfile)]) == 2


def test_import_as_a_process_and_help(tmp_path, dbfile):
    good = write(tmp_path, "baik.csv", csv_bytes([TEMPLATE, *GOOD_ROWS]))
    run = subprocess.run([sys.executable, "-m", "analytics", "import", "activities", good, "--db", str(dbfile)],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0 and "Diterima: 3 baris" in run.stdout
    help_ = subprocess.run([sys.executable, "-m", "analytics", "import", "--help"], cwd=ROOT, capture_output=True,
                           text=True, timeout=60)
    assert help_.returncode == 0 and "--pemilihan" in help_.stdout and "--user" in help_.stdout
