"""Users (argon2 hashes), roles and scopes, failed-login lockout, the audit log, and authorised imports."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from analytics import db
from analytics.auth import audit, imports, lockout, login, roles, users
from analytics.auth.users import User, UserError
from analytics.filters import Scope

PASSWORD = "kata-sandi-kuat-1"


@pytest.fixture()
def con(sample_db, tmp_path):
    """A writable copy of the sample database."""
    copy = tmp_path / "auth.duckdb"
    shutil.copy(sample_db, copy)
    connection = db.connect(copy)
    yield connection
    connection.close()


def test_password_is_stored_only_as_a_salted_argon2_hash(con):
    users.add_user(con, "Budi", "ppk", PASSWORD, area="32.71.05")
    users.add_user(con, "ani", "parmas", PASSWORD)
    hashes = [r[0] for r in con.execute("SELECT hash_sandi FROM pengguna ORDER BY nama").fetchall()]
    assert all(h.startswith("$argon2id$") and PASSWORD not in h for h in hashes)
    assert hashes[0] != hashes[1]  # same password, different salt
    assert users.verify_password(con, "BUDI ", PASSWORD) == User("budi", "ppk", "32.71.05")
    assert users.verify_password(con, "budi", PASSWORD + "x") is None
    assert users.verify_password(con, "tidak-ada", PASSWORD) is None
    assert users.any_users(con)


@pytest.mark.parametrize("kwargs, message", [
    ({"name": "x", "role": "parmas"}, "Nama pengguna"),
    ({"name": "budi", "role": "raja"}, "tidak dikenal"),
    ({"name": "budi", "role": "ppk"}, "wajib"),
    ({"name": "budi", "role": "ppk", "area": "99.99.99"}, "tidak ada"),
    ({"name": "budi", "role": "parmas", "password": "pendek"}, "terlalu pendek"),
    ({"name": "budi", "role": "parmas", "password": None}, "surel"),
])
def test_add_user_refuses_bad_input(con, kwargs, message):
    kwargs.setdefault("password", PASSWORD)
    with pytest.raises(UserError, match=message):
        users.add_user(con, kwargs.pop("name"), kwargs.pop("role"), kwargs.pop("password"), **kwargs)
    assert not users.any_users(con)


def test_add_twice_list_remove(con):
    users.add_user(con, "ani", "admin", PASSWORD)
    with pytest.raises(UserError, match="sudah ada"):
        users.add_user(con, "ANI", "parmas", PASSWORD)
    listed = users.list_users(con)
    assert list(listed["nama"]) == ["ani"] and "hash_sandi" not in listed.columns
    assert users.remove_user(con, "ani") and not users.remove_user(con, "ani")
    assert not users.any_users(con)


def test_roles_permissions_and_scope():
    ppk = User("budi", "ppk", "32.71.05")
    pimpinan = User("ketua", "pimpinan")
    assert roles.scope_for(ppk) == Scope(("32.71.05",))
    assert roles.scope_for(pimpinan) == Scope.everything()
    assert roles.may_export(pimpinan, "summary") and not roles.may_export(pimpinan, "detail")
    assert roles.may_export(User("p", "parmas"), "detail")
    assert roles.allows(ppk, "import:activities") and not roles.allows(ppk, "import:boundaries")
    assert not roles.allows(ppk, roles.IMPORT_UNDO) and roles.allows(User("a", "admin"), roles.IMPORT_UNDO)
    assert roles.allows(User("a", "admin"), "import:targets") and roles.allows(User("a", "admin"), roles.USERS_MANAGE)
    operator = User("o", "operator")
    assert roles.may_open(operator, "impor") and not roles.may_open(operator, "ringkasan")
    assert not roles.may_open(ppk, "audit") and roles.may_open(User("a", "admin"), "audit")
    assert all(roles.allows(roles.open_user(), p) for p in roles.ALL_PERMISSIONS)
    assert set(roles.PERMISSIONS) == set(users.ROLES) | {roles.OPEN}


def test_five_failures_lock_the_account_for_fifteen_minutes(con):
    users.add_user(con, "budi", "parmas", PASSWORD)
    waits: list[float] = []
    start = dt.datetime(2024, 11, 1, 9, 0)
    outcomes = [login.attempt(con, "budi", "salah", now=start + dt.timedelta(minutes=i), sleep=waits.append)
                for i in range(5)]
    assert [o.reason for o in outcomes] == ["salah"] * 4 + ["terkunci"]
    assert waits == sorted(waits) and waits[0] > 0 and waits[-1] <= lockout.MAX_DELAY
    # While locked even the right password is refused, without being checked.
    locked = login.attempt(con, "budi", PASSWORD, now=start + dt.timedelta(minutes=10), sleep=waits.append)
    assert locked.reason == "terkunci" and locked.user is None
    assert locked.locked_until == start + dt.timedelta(minutes=4) + lockout.LOCK
    later = login.attempt(con, "budi", PASSWORD, now=start + dt.timedelta(minutes=20), sleep=waits.append)
    assert later.user == User("budi", "parmas")
    assert con.execute("SELECT count(*) FROM gagal_masuk").fetchone()[0] == 0


def test_failures_outside_the_window_do_not_add_up(con):
    users.add_user(con, "budi", "parmas", PASSWORD)
    start = dt.datetime(2024, 11, 1, 9, 0)
    for i in range(8):  # one failure every 20 minutes never reaches 5 within 15 minutes
        assert login.attempt(con, "budi", "salah", now=start + dt.timedelta(minutes=20 * i),
                             sleep=lambda s: None).reason == "salah"


def test_unknown_names_are_throttled_but_not_stored(con):
    users.add_user(con, "budi", "parmas", PASSWORD)
    typed = "kata-sandi-di-kolom-nama"
    login.attempt(con, typed, "x", now=dt.datetime(2024, 11, 1), sleep=lambda s: None)
    keys = [r[0] for r in con.execute("SELECT kunci FROM gagal_masuk").fetchall()]
    assert keys and keys[0].startswith("?") and typed not in keys[0]
    stored = con.execute("SELECT string_agg(coalesce(pengguna, '') || rincian::VARCHAR, ' ') FROM audit_log"
                         ).fetchone()[0]
    assert typed not in stored


def test_logins_are_audited_without_passwords(con):
    users.add_user(con, "budi", "parmas", PASSWORD)
    login.attempt(con, "budi", "salah-sekali", sleep=lambda s: None)
    login.attempt(con, "budi", PASSWORD, sleep=lambda s: None)
    log = audit.recent(con, event="masuk")
    assert list(log["berhasil"]) == [True, False]
    assert list(log["pengguna"]) == ["budi", "budi"]
    assert "sandi_salah" in log["rincian"].iloc[1]
    everything = " ".join(log["rincian"].astype(str))
    assert PASSWORD not in everything and "salah-sekali" not in everything


def test_audit_refuses_unknown_events(con):
    with pytest.raises(ValueError):
        audit.record(con, "apa saja", user="x")


def test_oidc_maps_email_to_a_user(con):
    users.add_user(con, "sari", "pimpinan", None, email="Sari@KPU-Bogor.go.id")
    assert login.oidc_attempt(con, "sari@kpu-bogor.go.id").user == User("sari", "pimpinan", None,
                                                                          "sari@kpu-bogor.go.id")
    assert login.oidc_attempt(con, "orang@lain.id").user is None
    assert login.oidc_attempt(con, None).user is None
    # No password: the login form can never sign this user in.
    assert users.verify_password(con, "sari", "") is None


def _activities_csv(rows: list[tuple[str, str]]) -> bytes:
    header = "tanggal,jenis_kegiatan,kecamatan,kelurahan,rw,lokasi,penyelenggara,jumlah_peserta\n"
    body = "".join(f"05/09/2024,Sosialisasi RW,{kec},{kel},1,Balai RW {i},PPK,{20 + i}\n"
                   for i, (kec, kel) in enumerate(rows))
    return (header + body).encode()


def test_ppk_imports_only_its_own_kecamatan(con):
    ppk = User("budi", "ppk", "32.71.05")
    before = con.execute("SELECT count(*) FROM activities").fetchone()[0]
    mixed = _activities_csv([("Bogor Utara", "Tegal Gundil"), ("Bogor Tengah", "Paledang")])
    refused = imports.authorized_import(con, ppk, mixed, kind="activities", file_name="campur.csv")
    assert refused.error and "luar wilayah" in refused.error and "3" in refused.error
    assert con.execute("SELECT count(*) FROM activities").fetchone()[0] == before
    own = _activities_csv([("Bogor Utara", "Tegal Gundil"), ("Bogor Utara", "Cimahpar")])
    done = imports.authorized_import(con, ppk, own, kind="activities", file_name="sendiri.csv")
    assert done.error is None and done.rows_kept == 2
    assert con.execute("SELECT count(*) FROM activities").fetchone()[0] == before + 2
    log = audit.recent(con, event="impor")
    assert list(log["berhasil"]) == [True, False] and set(log["pengguna"]) == {"budi"}


def test_import_and_undo_permissions(con):
    data = _activities_csv([("Bogor Utara", "Tegal Gundil")])
    refused = imports.authorized_import(con, User("k", "pimpinan"), data, kind="activities", file_name="a.csv")
    assert refused.error and "tidak berhak" in refused.error
    assert imports.authorized_import(con, User("b", "ppk", "32.71.05"), b"{}", kind="boundaries",
                                     file_name="b.geojson").error
    done = imports.authorized_import(con, User("o", "operator"), data, kind="activities", file_name="a.csv")
    assert done.rows_kept == 1
    from analytics.importing.engine import UndoError

    with pytest.raises(UndoError, match="tidak berhak"):
        imports.authorized_undo(con, User("o", "operator"), done.import_id)
    undone = imports.authorized_undo(con, User("a", "admin"), done.import_id)
    assert undone.rows_deleted == {"activities": 1}
    assert list(audit.recent(con, event="batal_impor")["berhasil"]) == [True, False]
