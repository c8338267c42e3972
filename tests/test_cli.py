"""The command line: init, info, help and where the database lives."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from analytics import config, db
from analytics.cli import main

ROOT = Path(__file__).resolve().parents[1]


def test_db_path_prefers_flag_then_environment_then_default(monkeypatch, tmp_path):
    monkeypatch.delenv(config.ENV_DB, raising=False)
    assert config.db_path(None) == ROOT / "data" / "jangkau.duckdb"
    monkeypatch.setenv(config.ENV_DB, str(tmp_path / "env.duckdb"))
    assert config.db_path(None) == tmp_path / "env.duckdb"
    assert config.db_path(tmp_path / "flag.duckdb") == tmp_path / "flag.duckdb"


def test_init_sample_then_info(tmp_path, capsys):
    path = tmp_path / "a.duckdb"
    assert main(["init", "--sample", "--db", str(path)]) == 0
    out = capsys.readouterr().out
    assert "DATA SAMPEL SINTETIS" in out
    assert "activities" in out and "turnout" in out
    # Indonesian thousands separator in the counts.
    assert any(line.startswith("turnout") and line.rstrip().endswith("4.443") for line in out.splitlines())

    assert main(["info", "--db", str(path)]) == 0
    assert f"Versi skema: {db.latest_version()}" in capsys.readouterr().out


def test_init_refuses_to_overwrite_without_force(tmp_path, capsys):
    path = tmp_path / "a.duckdb"
    assert main(["init", "--db", str(path)]) == 0
    capsys.readouterr()
    assert main(["init", "--sample", "--db", str(path)]) == 2
    assert "--force" in capsys.readouterr().err
    assert main(["init", "--sample", "--force", "--db", str(path)]) == 0
    assert "DATA SAMPEL SINTETIS" in capsys.readouterr().out


def test_init_without_sample_holds_reference_data_only(tmp_path, capsys):
    path = tmp_path / "ref.duckdb"
    assert main(["init", "--db", str(path)]) == 0
    out = capsys.readouterr().out
    assert "data kantor" in out
    assert any(line.split() == ["activities", "0"] for line in out.splitlines())
    assert any(line.split() == ["kelurahan", "68"] for line in out.splitlines())


def test_info_on_a_missing_database_says_how_to_create_it(tmp_path, capsys):
    assert main(["info", "--db", str(tmp_path / "tidak-ada.duckdb")]) == 2
    assert "python -m analytics init --sample" in capsys.readouterr().err


def test_environment_variable_chooses_the_database(tmp_path, monkeypatch, capsys):
    path = tmp_path / "env.duckdb"
    monkeypatch.setenv(config.ENV_DB, str(path))
    assert main(["init"]) == 0
    assert path.exists()


def test_locked_database_gets_a_clear_message(tmp_path):
    path = tmp_path / "kunci.duckdb"
    assert main(["init", "--db", str(path)]) == 0
    # Another process holds the write lock, as a running dashboard would.
    holder = subprocess.Popen(
        [sys.executable, "-c", f"import duckdb,sys,time; c=duckdb.connect({str(path)!r}); print('ok', flush=True); time.sleep(30)"],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ok"
        run = subprocess.run([sys.executable, "-m", "analytics", "info", "--db", str(path)], cwd=ROOT,
                             capture_output=True, text=True, timeout=60)
    finally:
        holder.kill()
    assert run.returncode == 2
    assert "sedang dipakai proses lain" in run.stderr


def test_help_documents_every_command():
    run = subprocess.run([sys.executable, "-m", "analytics", "--help"], cwd=ROOT, capture_output=True, text=True,
                         timeout=60)
    assert run.returncode == 0
    for command in ("init", "info"):
        assert command in run.stdout
    for command in ("init", "info"):
        sub = subprocess.run([sys.executable, "-m", "analytics", command, "--help"], cwd=ROOT, capture_output=True,
                             text=True, timeout=60)
        assert sub.returncode == 0 and "--db" in sub.stdout
