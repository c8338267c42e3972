"""The sidebar: language switch and filters, each bound to a URL query parameter so a view can be shared."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from analytics import fmt
from analytics.filters import Filters, Scope
from analytics.i18n import LANGUAGES, t
from analytics.queries import options
from ui import data

# Widget keys double as URL parameter names: short, Indonesian, stable (shared links depend on them).
KEYS = ("pemilihan", "kec", "kel", "rw", "periode", "jenis", "org")
BOUND = {"bind": "query-params"}
# Above this many kelurahan in view the kelurahan list asks for a kecamatan first (a kab/kota has a few hundred).
MAX_KELURAHAN_OPTIONS = 2_000


def language() -> str:
    """The interface language chosen in the sidebar ('id' unless switched)."""
    value = st.session_state.get("bahasa")
    return value if value in LANGUAGES else "id"


def render_language_switch() -> str:
    """The language switch at the top of the sidebar; returns the chosen language."""
    st.sidebar.segmented_control(
        t("sidebar.language", language()), options=list(LANGUAGES), format_func=lambda k: k.upper(),
        default="id", key="bahasa", required=True, **BOUND,
    )
    return language()


def _drop_stale(key: str, allowed: set) -> None:
    """Remove choices that are no longer offered (e.g. a kelurahan after its kecamatan was deselected)."""
    chosen = st.session_state.get(key)
    if isinstance(chosen, list) and any(v not in allowed for v in chosen):
        st.session_state[key] = [v for v in chosen if v in allowed]


def kelurahan_labels(areas, codes=None) -> dict[str, str]:
    """Kelurahan names, with the kecamatan added where a name repeats within `areas` (labels appear in shared
    URLs); for the kelurahan in `codes` only when given. Vectorised: a whole country has 83.000 of them."""
    repeated = areas["kelurahan"].duplicated(keep=False)
    label = areas["kelurahan"].where(~repeated, areas["kelurahan"] + " (" + areas["kecamatan"] + ")")
    labels = dict(zip(areas["kode_kelurahan"], label))
    return labels if codes is None else {k: labels[k] for k in codes}


def _reset(defaults: dict) -> None:
    # Set each widget back to its default rather than dropping its state: Streamlit removes a URL parameter only
    # when its bound widget is set to the default, and would otherwise read the old value back from the URL.
    for key in KEYS:
        if key in st.session_state:
            st.session_state[key] = defaults.get(key, [])


def render_filters(scope: Scope, lang: str) -> Filters:
    """Draw the filters in the sidebar and return what they select."""
    sidebar = st.sidebar
    sidebar.subheader(t("sidebar.filters", lang))

    elections = {e.kode: e for e in data.query(options.elections)}
    default = data.query(options.default_election)
    codes = list(elections)
    if st.session_state.get("pemilihan") not in elections:
        st.session_state.pop("pemilihan", None)
    pemilihan = sidebar.selectbox(
        t("sidebar.election", lang), codes, index=codes.index(default), key="pemilihan",
        format_func=lambda k: elections[k].nama, **BOUND,
    )
    election = elections[pemilihan]

    areas = data.query(options.areas, scope)
    kec_names = dict(zip(areas["kode_kecamatan"], areas["kecamatan"]))
    _drop_stale("kec", set(kec_names))
    kecamatan = sidebar.multiselect(
        t("sidebar.kecamatan", lang), list(kec_names), key="kec", format_func=kec_names.get,
        placeholder=t("sidebar.all", lang), **BOUND,
    )
    offered = areas[areas["kode_kecamatan"].isin(kecamatan)] if kecamatan else areas
    # A province or the whole country has tens of thousands of kelurahan: a list that long cannot be browsed, and
    # sending it on every run cost seconds. Above the limit the kelurahan list waits for a kecamatan.
    too_many = len(offered) > MAX_KELURAHAN_OPTIONS
    kel_names = {} if too_many else kelurahan_labels(areas, offered["kode_kelurahan"])
    _drop_stale("kel", set(kel_names))
    kelurahan = sidebar.multiselect(
        t("sidebar.kelurahan", lang), list(kel_names), key="kel", format_func=kel_names.get,
        placeholder=t("sidebar.kelurahan_first" if too_many else "sidebar.all", lang), disabled=too_many,
        help=t("sidebar.kelurahan_first_help", lang, n=fmt.number(MAX_KELURAHAN_OPTIONS)) if too_many else None,
        **BOUND,
    )

    # RW only make sense inside one kelurahan: the picker appears once exactly one is chosen.
    rw: list[int] = []
    if len(kelurahan) == 1:
        count = areas.loc[areas["kode_kelurahan"] == kelurahan[0], "jumlah_rw"].iloc[0]
        offered_rw = list(range(1, int(count) + 1)) if count == count and count else []
        _drop_stale("rw", set(offered_rw))
        rw = sidebar.multiselect(
            t("sidebar.rw", lang), offered_rw, key="rw", format_func=lambda n: f"RW {n:02d}",
            placeholder=t("sidebar.all", lang), **BOUND,
        )
    else:
        st.session_state.pop("rw", None)

    window = (election.mulai, election.selesai)
    period = st.session_state.get("periode")
    if period and any(not (window[0] <= d <= window[1]) for d in period if isinstance(d, dt.date)):
        st.session_state.pop("periode", None)
    period = sidebar.date_input(
        t("sidebar.period", lang), value=window, min_value=window[0], max_value=window[1], key="periode",
        format="DD/MM/YYYY", **BOUND,
    )
    # While a range is being picked the widget holds one date: use the window's end until the second arrives.
    mulai = period[0] if len(period) > 0 else window[0]
    sampai = period[1] if len(period) > 1 else window[1]

    types = data.query(options.activity_types)
    type_names = dict(zip(types["kode"], types["nama" if lang == "id" else "nama_en"]))
    jenis = sidebar.multiselect(
        t("sidebar.type", lang), list(type_names), key="jenis", format_func=type_names.get,
        placeholder=t("sidebar.all", lang), **BOUND,
    )
    org = sidebar.pills(
        t("sidebar.organiser", lang), list(options.ORGANISERS), selection_mode="multi", key="org", **BOUND,
    )
    defaults = {"pemilihan": default, "periode": window}
    sidebar.button(t("sidebar.reset", lang), on_click=_reset, args=(defaults,), icon=":material/restart_alt:")
    sidebar.caption(t("sidebar.share", lang))
    return Filters(
        pemilihan=pemilihan,
        kecamatan=tuple(sorted(kecamatan)),
        kelurahan=tuple(sorted(kelurahan)),
        rw=tuple(sorted(rw)),
        mulai=None if mulai == window[0] else mulai,
        sampai=None if sampai == window[1] else sampai,
        jenis=tuple(sorted(jenis)),
        penyelenggara=tuple(sorted(org or [])),
    )


def current() -> Filters:
    """The filters the sidebar set on this run (pages call this)."""
    if "_filters" not in st.session_state:
        _rerun_through_dashboard()
    return st.session_state["_filters"]


def _rerun_through_dashboard() -> None:
    """Run the app again from dashboard.py when Streamlit ran a page file on its own.

    Because a folder named pages/ exists, Streamlit treats the first run after a server start as a legacy
    multipage app until some run calls st.navigation: a shared link to /wilayah opened first would run
    pages/wilayah.py without the dashboard (no sidebar, no filters). Switching that mode off and rerunning lets
    dashboard.py and st.navigation take over, keeping the URL and its filters."""
    from streamlit.runtime.pages_manager import PagesManager

    PagesManager.uses_pages_directory = False
    st.rerun()
