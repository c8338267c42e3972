"""The dashboard with users: only the login form before sign-in, pages and scope after, audit and open mode."""

from __future__ import annotations

import datetime as dt

import pytest

from analytics import db
from analytics.auth import audit, users
from analytics.auth.users import User
from tests.conftest import DASHBOARD

PASSWORD = "kata-sandi-kuat-1"
PPK = User("budi", "ppk", "32.71.05")


@pytest.fixture()
def app(open_page):
    """Opens the dashboard like open_page, optionally with `users` in its database and a signed-in `user`."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    def opener(page: str | None = None, *, add: tuple[tuple[str, str, str | None], ...] = (),
               user: User | None = None, seen: dt.datetime | None = None, **query: str):
        if add:
            con = db.connect(open_page.db)
            try:
                for name, role, area in add:
                    users.add_user(con, name, role, PASSWORD, area=area)
            finally:
                con.close()
        st.cache_data.clear()
        st.cache_resource.clear()
        at = AppTest.from_file(str(DASHBOARD), default_timeout=60)
        if user is not None:
            at.session_state["_auth_user"] = user
            at.session_state["_auth_last_seen"] = seen or dt.datetime.now()
        for key, value in query.items():
            at.query_params[key] = value
        if page:
            at.switch_page(page)
        return at.run()

    opener.db = open_page.db
    return opener


def audit_log(path):
    """The app's audit log, read through the app's own connection (still open in this process)."""
    from ui import data

    return data.run(audit.recent)


def texts(at) -> str:
    parts = [e.value for kind in ("markdown", "caption", "info", "warning", "error", "title", "subheader")
             for e in getattr(at, kind)]
    return " ".join(str(p) for p in parts)


def shows_no_data(at) -> None:
    assert not at.exception
    assert at.text_input(key="masuk_nama") is not None
    assert not at.metric and not at.dataframe and not at.multiselect and not at.get("plotly_chart")
    assert "Data sampel" not in texts(at)


def submit(at, name: str, password: str):
    at.text_input(key="masuk_nama").input(name)
    at.text_input(key="masuk_sandi").input(password)
    next(b for b in at.button if b.label == "Masuk").click()
    return at.run()


def test_open_mode_says_so_on_every_page(app):
    for page in (None, "pages/wilayah.py", "pages/partisipasi.py"):
        at = app(page)
        assert not at.exception
        assert "Mode terbuka" in " ".join(i.value for i in at.info)
        assert at.metric or at.dataframe


def test_with_a_user_only_the_login_form_shows(app):
    at = app(add=(("ani", "parmas", None),))
    shows_no_data(at)
    # A shared link to a page and its filters changes nothing.
    shows_no_data(app("pages/wilayah.py", kec="Bogor Tengah"))


def test_login_then_pages_render(app):
    at = submit(app(add=(("ani", "parmas", None),)), "ani", PASSWORD)
    assert not at.exception
    assert at.metric and at.multiselect
    assert "Mode terbuka" not in " ".join(i.value for i in at.info)
    assert "ani" in " ".join(c.value for c in at.sidebar.caption)
    at.switch_page("pages/wilayah.py").run()
    assert not at.exception and at.dataframe
    log = audit_log(app.db)
    assert (log["peristiwa"].iloc[0], log["pengguna"].iloc[0], bool(log["berhasil"].iloc[0])) == ("masuk", "ani", True)


def test_wrong_password_is_refused_and_audited(app):
    at = submit(app(add=(("ani", "parmas", None),)), "ani", "bukan-sandinya")
    shows_no_data(at)
    assert "salah" in " ".join(e.value for e in at.error)
    log = audit_log(app.db)
    assert log["peristiwa"].iloc[0] == "masuk" and not log["berhasil"].iloc[0]


def test_ppk_sees_only_its_kecamatan(app):
    at = app(add=(("budi", "ppk", "32.71.05"),), user=PPK, kec="Bogor Tengah")
    assert not at.exception
    kec = at.multiselect(key="kec")
    assert kec.options == ["Bogor Utara"] and kec.value == []
    kel_options = at.multiselect(key="kel").options
    assert 0 < len(kel_options) < 68
    table = at.dataframe[0].value
    assert list(table.iloc[:, 0]) == ["Bogor Utara"]
    at.switch_page("pages/wilayah.py").run()
    assert not at.exception
    shown = " ".join(str(v) for df in at.dataframe for v in df.value.to_numpy().ravel())
    for other in ("Bogor Tengah", "Bogor Barat", "Bogor Selatan", "Bogor Timur", "Tanah Sareal"):
        assert other not in shown


def test_pages_follow_the_role(app):
    at = app(add=(("ops", "operator", None), ("root", "admin", None)), user=User("ops", "operator"))
    assert not at.exception
    assert at.title[0].value.startswith(("Impor", "Import"))  # the only page an operator may open
    admin = app(user=User("root", "admin"))
    admin.switch_page("pages/audit.py").run()
    assert not admin.exception
    assert any(t.value.startswith("Log audit") for t in admin.title)


def test_pimpinan_gets_no_detail_downloads(app):
    at = app("pages/wilayah.py", add=(("ketua", "pimpinan", None), ("ani", "parmas", None)),
             user=User("ketua", "pimpinan"))
    assert not at.exception
    # The kelurahan table is a summary (CSV + Excel); the activity log below it is detail: a caption instead.
    assert len(at.get("download_button")) == 2
    assert "Unduhan tabel rinci" in " ".join(c.value for c in at.caption)
    parmas = app("pages/wilayah.py", user=User("ani", "parmas"))
    assert len(parmas.get("download_button")) > 2
    assert "Unduhan tabel rinci" not in " ".join(c.value for c in parmas.caption)


def test_idle_session_is_signed_out(app):
    old = dt.datetime.now() - dt.timedelta(hours=2)
    at = app(add=(("ani", "parmas", None),), user=User("ani", "parmas"), seen=old)
    shows_no_data(at)
    assert "tidak aktif" in " ".join(i.value for i in at.info)
    assert audit_log(app.db)["peristiwa"].iloc[0] == "sesi_habis"


def test_removed_user_loses_access_at_once(app):
    at = app(user=User("hantu", "parmas"), add=(("ani", "parmas", None),))
    shows_no_data(at)
