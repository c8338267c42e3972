"""The dashboard's database connection and cached wrappers around analytics queries."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from analytics import config, db
from analytics.filters import Filters, Scope
from analytics.queries import options, overview
from analytics.store import ensure_database, open_database

TTL = 600


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
    """The areas the current viewer may see (everything until users and roles exist)."""
    return Scope.everything()


@st.cache_data(ttl=TTL, show_spinner=False)
def dataset_info(version: str) -> dict[str, str]:
    with cursor() as cur:
        return options.dataset_info(cur)


@st.cache_data(ttl=TTL, show_spinner=False)
def elections(version: str) -> list[options.Election]:
    with cursor() as cur:
        return options.elections(cur)


@st.cache_data(ttl=TTL, show_spinner=False)
def default_election(version: str) -> str:
    with cursor() as cur:
        return options.default_election(cur)


@st.cache_data(ttl=TTL, show_spinner=False)
def areas(scope: Scope, version: str) -> pd.DataFrame:
    with cursor() as cur:
        return options.areas(cur, scope)


@st.cache_data(ttl=TTL, show_spinner=False)
def activity_types(version: str) -> pd.DataFrame:
    with cursor() as cur:
        return options.activity_types(cur)


@st.cache_data(ttl=TTL, show_spinner=False)
def overview_kpis(filters: Filters, scope: Scope, version: str, today: dt.date) -> overview.OverviewKpis:
    with cursor() as cur:
        return overview.overview_kpis(cur, filters, scope, today)


@st.cache_data(ttl=TTL, show_spinner=False)
def weekly_activity(filters: Filters, scope: Scope, version: str) -> pd.DataFrame:
    with cursor() as cur:
        return overview.weekly_activity(cur, filters, scope)
