"""Sign-in for the dashboard: login form (or OIDC), the signed-in user, idle timeout, logout, permission checks."""

from __future__ import annotations

import datetime as dt
import os

import streamlit as st

from analytics.auth import audit, login, roles, users
from analytics.auth.users import User
from analytics.filters import Scope
from analytics.fmt import date as format_date
from analytics.i18n import t
from ui import data

USER_KEY = "_auth_user"
SEEN_KEY = "_auth_last_seen"
NOTE_KEY = "_auth_note"
# Idle minutes before a session is signed out; an office can shorten it for shared computers.
IDLE = dt.timedelta(minutes=float(os.environ.get("JANGKAU_SESSION_MINUTES", "30")))


def _lang() -> str:
    from ui import filters  # late: ui.filters imports ui.data, which asks this module for the scope

    return filters.language()


def users_exist() -> bool:
    """Whether the database has any active user (then a login is required); read fresh on every run."""
    return data.run(users.any_users)


def oidc_configured() -> bool:
    """Whether .streamlit/secrets.toml has an [auth] section (an identity provider signs people in)."""
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all
        return False


def _sign_out(event: str) -> None:
    user: User | None = st.session_state.pop(USER_KEY, None)
    st.session_state.pop(SEEN_KEY, None)
    if user is not None:
        data.run(audit.record, event, user=user.nama, ok=True)


def current_user() -> User | None:
    """The signed-in user (re-read from the database, so a removed user or changed role takes effect at once);
    the open-mode user when no user exists; None when a login is required and nobody is signed in."""
    if not users_exist():
        return roles.open_user()
    held: User | None = st.session_state.get(USER_KEY)
    if held is None:
        return None
    now = dt.datetime.now()
    seen = st.session_state.get(SEEN_KEY)
    if seen is not None and now - seen > IDLE:
        _sign_out("sesi_habis")
        st.session_state[NOTE_KEY] = "auth.timeout"
        return None
    fresh = data.run(users.get_user, held.nama)
    if fresh is None:
        st.session_state.pop(USER_KEY, None)
        return None
    st.session_state[USER_KEY] = fresh
    st.session_state[SEEN_KEY] = now
    return fresh


def scope() -> Scope:
    """What the viewer may see: the user's scope; nothing at all while nobody is signed in (fail closed)."""
    user = st.session_state.get(USER_KEY) if users_exist() else roles.open_user()
    return roles.scope_for(user) if user is not None else Scope(())


def allows(permission: str) -> bool:
    user = current_user()
    return user is not None and roles.allows(user, permission)


def may_export(kind: str) -> bool:
    """Whether the viewer may download tables of `kind` ('summary' or 'detail')."""
    user = current_user()
    return user is not None and roles.may_export(user, kind)


def require(permission: str) -> User:
    """The signed-in user if they hold `permission`; otherwise an Indonesian message and the page stops."""
    user = current_user()
    if user is None or not roles.allows(user, permission):
        if user is not None:
            data.run(audit.record, "akses_ditolak", user=user.nama, ok=False, izin=permission)
        st.error(t("auth.denied", _lang()), icon=":material/lock:")
        st.stop()
    return user


def gate(lang: str) -> User:
    """Call before anything reads data: returns the viewer, or shows only the login and stops the script."""
    user = current_user()
    if user is not None:
        return user
    # The login is the only page registered: without st.navigation, Streamlit would list every file in pages/.
    st.navigation([st.Page(_login_page, title=t("auth.title", lang), icon=":material/login:", url_path="masuk")],
                  position="hidden").run()
    st.stop()
    raise AssertionError("unreachable")  # st.stop() raises


def _login_page() -> None:
    """The login form (or the identity provider's button), the language switch and Jangkau's logo; no data."""
    from ui import filters, layout

    st.logo(str(layout.ASSETS / "logo.svg"), size="large", icon_image=str(layout.ASSETS / "icon.svg"))
    lang = filters.render_language_switch()
    st.title(t("auth.title", lang))
    note = st.session_state.pop(NOTE_KEY, None)
    if note:
        st.info(t(note, lang), icon=":material/schedule:")
    if oidc_configured():
        _oidc(lang)
    else:
        _form(lang)


def _signed_in(user: User) -> None:
    st.session_state[USER_KEY] = user
    st.session_state[SEEN_KEY] = dt.datetime.now()


def _form(lang: str) -> None:
    # Cleared on submit: the typed password does not stay in the session state.
    with st.form("masuk", border=True, clear_on_submit=True):
        name = st.text_input(t("auth.name", lang), max_chars=60, autocomplete="username", key="masuk_nama")
        password = st.text_input(t("auth.password", lang), type="password", max_chars=200,
                                 autocomplete="current-password", key="masuk_sandi")
        go = st.form_submit_button(t("auth.login", lang), type="primary", icon=":material/login:")
    if not go:
        return
    outcome = data.run(login.attempt, name, password)
    if outcome.user is not None:
        _signed_in(outcome.user)
        st.rerun()
    if outcome.reason == "terkunci":
        until = outcome.locked_until
        st.error(t("auth.locked", lang, time=f"{until:%H:%M}" if until else "", date=format_date(until.date())
                   if until else ""), icon=":material/lock_clock:")
    else:
        st.error(t("auth.wrong", lang), icon=":material/error:")


def _oidc(lang: str) -> None:
    if not st.user.is_logged_in:
        st.button(t("auth.oidc", lang), on_click=st.login, type="primary", icon=":material/login:")
        return
    outcome = data.run(login.oidc_attempt, st.user.get("email"))
    if outcome.user is not None:
        _signed_in(outcome.user)
        st.rerun()
    # The provider knows this person, the office has not given them a role: no data, a way out.
    st.error(t("auth.oidc.unknown", lang), icon=":material/person_off:")
    st.button(t("auth.logout", lang), on_click=st.logout)


def _logout() -> None:
    _sign_out("keluar")
    if oidc_configured() and st.user.is_logged_in:
        st.logout()


def sidebar(user: User, lang: str) -> None:
    """Who is signed in and the logout button, at the bottom of the sidebar; nothing in open mode."""
    if user.peran == roles.OPEN:
        return
    where = f" · {user.kode_wilayah}" if user.kode_wilayah else ""
    st.sidebar.caption(t("auth.signed_in", lang, name=user.nama, role=t(f"auth.role.{user.peran}", lang)) + where)
    st.sidebar.button(t("auth.logout", lang), on_click=_logout, icon=":material/logout:", key="keluar")


def open_notice(user: User, lang: str) -> None:
    """On every page while no user exists: anyone who reaches the server sees all data."""
    if user.peran == roles.OPEN:
        st.info(t("auth.open", lang), icon=":material/lock_open:")


def record_export(kind: str, file_name: str, rows: int) -> None:
    """Audit one download (the download buttons' on_click)."""
    user = current_user()
    data.run(audit.record, "ekspor", user=user.nama if user else None, ok=True, jenis=kind, berkas=file_name,
             baris=rows)
