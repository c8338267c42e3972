"""`python -m analytics user add | list | remove`: passwords from stdin only, exit statuses, audited."""

from __future__ import annotations

import io
import re
import shutil

import pytest

from analytics import cli, db
from analytics.auth import audit, users

PASSWORD = "kata-sandi-kuat-1"


@pytest.fixture()
def path(sample_db, tmp_path):
    copy = tmp_path / "cli.duckdb"
    shutil.copy(sample_db, copy)
    return copy


def run(path, monkeypatch, *args: str, stdin: str = "") -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return cli.main(["user", *args, "--db", str(path)])


def test_add_list_remove(path, monkeypatch, capsys):
    assert run(path, monkeypatch, "add", "Budi", "--role", "ppk", "--area", "32.71.05", "--password-stdin",
               stdin=PASSWORD + "\n") == 0
    assert "budi" in capsys.readouterr().out
    assert run(path, monkeypatch, "add", "ketua", "--role", "pimpinan", "--password-stdin", stdin=PASSWORD) == 0
    assert run(path, monkeypatch, "list") == 0
    out = capsys.readouterr().out
    assert "budi" in out and "Bogor Utara" in out and PASSWORD not in out and "argon2" not in out
    assert "semua" in out and not re.search(r"\bnan\b", out)  # no area or e-mail: no pandas NaN printed
    assert run(path, monkeypatch, "remove", "ketua") == 0
    con = db.connect(path)
    try:
        assert users.verify_password(con, "budi", PASSWORD) is not None  # the newline is not part of it
    finally:
        con.close()
    assert run(path, monkeypatch, "remove", "budi") == 0
    assert run(path, monkeypatch, "remove", "budi") == 2
    assert "tidak ada" in capsys.readouterr().err
    con = db.connect(path)
    try:
        log = audit.recent(con)
    finally:
        con.close()
    assert list(log["peristiwa"]) == ["pengguna_hapus", "pengguna_hapus", "pengguna_hapus", "pengguna_tambah",
                                      "pengguna_tambah"]
    assert list(log["berhasil"]) == [False, True, True, True, True]
    assert PASSWORD not in " ".join(log["rincian"].astype(str))


@pytest.mark.parametrize("args, stdin", [
    (["add", "budi", "--role", "ppk", "--password-stdin"], PASSWORD),           # ppk without --area
    (["add", "budi", "--role", "parmas", "--password-stdin"], "pendek"),         # too short
    (["add", "budi", "--role", "parmas"], ""),                                   # no password, no e-mail
])
def test_refusals_exit_2(path, monkeypatch, capsys, args, stdin):
    assert run(path, monkeypatch, *args, stdin=stdin) == 2
    assert capsys.readouterr().err.strip()


def test_unknown_role_is_a_usage_error(path, monkeypatch):
    with pytest.raises(SystemExit) as exc:
        run(path, monkeypatch, "add", "budi", "--role", "raja", "--password-stdin", stdin=PASSWORD)
    assert exc.value.code == 2


def test_list_says_open_mode_when_empty(path, monkeypatch, capsys):
    assert run(path, monkeypatch, "list") == 0
    assert "mode terbuka" in capsys.readouterr().out


def test_password_never_on_the_command_line():
    help_text = cli.build_parser()._subparsers._group_actions[0].choices["user"].format_help()
    assert "user" in help_text
    with pytest.raises(SystemExit):
        cli.main(["user", "add", "budi", "--role", "parmas", "--password", PASSWORD])
