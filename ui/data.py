"""The dashboard's database connection and cached wrappers around analytics queries."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Hashable
from typing import TypeVar

import streamlit as st

from analytics import config, db
from analytics.filters import Scope
from analytics.store import ensure_database, open_database

TTL = 600
T = TypeVar("T")


@st.cache_resource(show_spinner="Menyiapkan basis data…")
def _connection():
    """One connection per server process; created with the embedded sample on first start."""
    path = ensure_database(config.db_path())
    con = open_database(path)
    db.lock_down(con)
    return con


def cursor():
    """A cursor of the shared connection: each query runs on its own cursor so sessions never collide."""
    return _connection().cursor()


def data_version() -> str:
    """Changes whenever an import lands or is undone, so cached answers never outlive the data."""
    with cursor() as cur:
        row = cur.execute(
            "SELECT count(*), coalesce(max(import_id), 0), count(dibatalkan_pada) FROM imports"
        ).fetchone()
    return "-".join(str(v) for v in row)


def viewer_scope() -> Scope:
    """The areas the signed-in viewer may see: a PPK its kecamatan; nothing while nobody is signed in."""
    from ui import auth  # late: ui.auth reads users through this module

    return auth.scope()


def run(fn: Callable[..., T], *args: object, **kwargs: object) -> T:
    """Run an analytics function `fn(cursor, …)` uncached, on its own cursor: imports, undo, and lists that must
    be current. A write bumps the data version, so every cached answer is recomputed afterwards."""
    with cursor() as cur:
        return fn(cur, *args, **kwargs)


def later(fn: Callable[..., T], *args: object, **kwargs: object) -> Callable[[], T]:
    """`fn(cursor, …)` as a function of no arguments, for a download built when it is clicked (on another thread,
    after the page script has finished). The connection is looked up at the click, not held: a page's namespace
    outlives its run, and a held connection would keep a replaced one open."""

    def call() -> T:
        with cursor() as cur:
            return fn(cur, *args, **kwargs)

    return call


def query(fn: Callable[..., T], *args: Hashable, **kwargs: Hashable) -> T:
    """Run an analytics query function `fn(cursor, *args, **kwargs)`, cached until the data changes."""
    name = f"{fn.__module__}:{fn.__qualname__}"
    if not name.startswith("analytics.queries."):
        raise ValueError(f"only analytics.queries functions are cached here, not {name}")
    return _cached(name, args, tuple(sorted(kwargs.items())), data_version())


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=500)
def _cached(name: str, args: tuple, kwargs: tuple, version: str):
    module, qualname = name.split(":")
    fn = getattr(importlib.import_module(module), qualname)
    with cursor() as cur:
        return fn(cur, *args, **dict(kwargs))
