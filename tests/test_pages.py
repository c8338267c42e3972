"""Every page under Streamlit's AppTest: renders without an exception for the filters a user can pick."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

DATA_PAGES = ["pages/ringkasan.py", "pages/wilayah.py", "pages/pemula_disabilitas.py", "pages/partisipasi.py"]


def _count(value: str) -> int:
    return int(value.replace(".", ""))


def _metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_overview_shows_headline_figures_and_the_sample_notice(open_page):
    at = open_page()
    assert not at.exception
    metrics = _metrics(at)
    assert metrics["Kegiatan"].replace(".", "").isdigit()
    assert int(metrics["Kegiatan"].replace(".", "")) > 1000
    assert 0 < _count(metrics["RW dikunjungi"]) <= 802
    assert any(c.value.endswith("dari 802 RW") for c in at.caption)
    assert "Data sampel sintetis" in at.warning[0].value
    assert any("27 November 2024" in c.value for c in at.caption)


def test_a_wholly_invented_database_says_so_instead_of_claiming_official_figures(open_page):
    # The national benchmark database: sumber_data marks every object invented (the sample marks some official).
    import duckdb

    with duckdb.connect(str(open_page.db)) as con:
        con.execute("UPDATE sumber_data SET status = 'sintetis'")
    at = open_page()
    assert not at.exception
    notice = at.warning[0].value
    assert "Semua isi basis data ini dikarang" in notice and "resmi" not in notice


def test_filtering_a_kecamatan_narrows_the_figures(open_page, sample_con):
    whole = sample_con.execute("SELECT count(*) FROM activities").fetchone()[0]
    at = open_page(None, kec="Bogor Utara")
    assert not at.exception
    assert at.multiselect(key="kec").value == ["32.71.05"]
    part = _metrics(at)
    assert 0 < _count(part["Kegiatan"]) < whole
    assert not any(c.value.endswith("dari 802 RW") for c in at.caption)  # only the kecamatan's RW


def test_single_kelurahan_type_and_organiser(open_page):
    at = open_page(None, kec="Bogor Tengah", kel="Sempur", jenis="Ketuk Pintu Pemilih", org="PPS")
    assert not at.exception
    assert at.session_state["_filters"].kelurahan == ("32.71.03.1006",)
    assert at.session_state["_filters"].penyelenggara == ("PPS",)
    assert _count(_metrics(at)["Kegiatan"]) > 0


def test_the_sidebar_offers_only_kelurahan_of_the_chosen_kecamatan(open_page):
    at = open_page(None, kec="Bogor Tengah")
    assert len(at.multiselect(key="kel").options) == 11


def test_a_view_with_too_many_kelurahan_asks_for_a_kecamatan_first(open_page, monkeypatch):
    # A whole country has 83.000 kelurahan: the list waits for a kecamatan (the sample has 68, so lower the limit).
    import ui.filters

    monkeypatch.setattr(ui.filters, "MAX_KELURAHAN_OPTIONS", 20)
    at = open_page(None)
    assert not at.exception
    picker = at.multiselect(key="kel")
    assert picker.disabled and picker.options == []
    assert "pilih kecamatan dulu" in picker.placeholder
    at = open_page(None, kec="Bogor Tengah", kel="Sempur")
    assert not at.exception
    picker = at.multiselect(key="kel")
    assert not picker.disabled and len(picker.options) == 11
    assert at.session_state["_filters"].kelurahan == ("32.71.03.1006",)


def test_a_period_narrows_the_weekly_chart(open_page):
    at = open_page(None, periode=["2024-10-01", "2024-10-31"])
    assert not at.exception
    chosen = at.session_state["_filters"]
    assert (str(chosen.mulai), str(chosen.sampai)) == ("2024-10-01", "2024-10-31")
    assert any("31 Oktober 2024" in c.value for c in at.caption)


def test_an_election_without_activities_says_so(open_page):
    at = open_page(None, pemilihan="Pemilu 2024 (Pilpres dan Pileg)")
    assert not at.exception
    assert _metrics(at)["Kegiatan"] == "0"
    assert any("Belum ada kegiatan" in i.value for i in at.info)


def test_a_filter_combination_with_no_rows_renders(open_page):
    # Media meetings are KPU's, never a PPS's: an empty result.
    at = open_page(None, kec="Bogor Utara", kel="Ciluar", jenis="Pertemuan Media", org="PPS")
    assert not at.exception
    assert _metrics(at)["Kegiatan"] == "0"


def test_english_switch(open_page):
    at = open_page(None, bahasa="EN")
    assert not at.exception
    assert "Activities" in _metrics(at)
    assert "Synthetic sample data" in at.warning[0].value


def test_a_kelurahan_outside_the_chosen_kecamatan_is_dropped(open_page):
    at = open_page(None, kec="Bogor Selatan", kel="Sempur")
    assert not at.exception
    assert at.session_state["_filters"].kelurahan == ()


def test_kelurahan_labels_name_the_kecamatan_only_when_a_name_repeats():
    import pandas as pd

    from ui.filters import kelurahan_labels

    areas = pd.DataFrame({"kode_kelurahan": ["a.1", "b.1", "b.2"], "kelurahan": ["Babakan", "Babakan", "Sempur"],
                          "kecamatan": ["Satu", "Dua", "Dua"]})
    assert kelurahan_labels(areas) == {"a.1": "Babakan (Satu)", "b.1": "Babakan (Dua)", "b.2": "Sempur"}


def test_progress_towards_each_target_and_the_kecamatan_table(open_page):
    at = open_page()
    assert not at.exception
    assert at.segmented_control(key="ringkasan_segmen").value == "semua"
    table = at.dataframe[0].value
    assert list(table["Kecamatan"]) == ["Bogor Selatan", "Bogor Timur", "Bogor Tengah", "Bogor Barat",
                                        "Bogor Utara", "Tanah Sareal"]
    # Pilkada results are in: the bars are turnout, and Bogor Utara lags its 90 % target.
    assert table.loc[table["Kecamatan"] == "Bogor Utara", "Target"].item() == "90,0 %"
    assert any("hasil per TPS" in c.value for c in at.caption)


def test_first_time_voters_progress_is_outreach(open_page):
    at = open_page(None, ringkasan_segmen="Pemilih pemula")
    assert not at.exception
    assert at.segmented_control(key="ringkasan_segmen").value == "pemula"
    assert any("C.Hasil tidak mencatat pemilih pemula" in c.value for c in at.caption)


def test_a_selection_without_activities_still_lists_its_kecamatan(open_page):
    at = open_page(None, kec="Bogor Utara", jenis="Pertemuan Media", org="PPS")
    assert not at.exception
    assert len(at.dataframe[0].value) == 1


@pytest.mark.parametrize("page", DATA_PAGES)
def test_every_page_with_a_single_rw(open_page, page):
    at = open_page(page, kec="Bogor Tengah", kel="Sempur", rw="RW 01")
    assert not at.exception
    assert at.session_state["_filters"].rw == (1,)
    assert at.title  # the page drew, not only the sidebar


@pytest.mark.parametrize("view", [{}, {"kec": "Bogor Tengah"}], ids=["kota", "kecamatan"])
@pytest.mark.parametrize("page", DATA_PAGES)
def test_every_map_goes_to_the_json_writer_whole(open_page, monkeypatch, page, view):
    # Plotly hands a figure to orjson in one call unless some array in it is text held by numpy (dtype object) or
    # a pandas Timestamp; then it walks every value of the figure in Python first. For a map that means every
    # area's geometry (~0,2 s of each page run nationally). This fails on the first map that falls back to that
    # walk. (Other charts may: a flat text array is turned into a list in one call.)
    import plotly.io._json as plotly_json

    assert plotly_json.get_module("orjson") is not None, "orjson (requirements.txt) is plotly's fast JSON writer"
    maps, walked = [], []
    original_dump, original_walk = plotly_json.to_json_plotly, plotly_json.clean_to_json_compatible

    def is_map(figure: dict) -> bool:
        return any("map" in trace.get("type", "") for trace in figure.get("data", []))

    def dump(obj, *args, **kwargs):
        if isinstance(obj, dict) and is_map(obj):
            maps.append(obj)
        return original_dump(obj, *args, **kwargs)

    def walk(obj, **kwargs):
        if isinstance(obj, dict) and is_map(obj) and not any(w is obj for w in walked):
            walked.append(obj)
        return original_walk(obj, **kwargs)

    monkeypatch.setattr(plotly_json, "to_json_plotly", dump)
    monkeypatch.setattr(plotly_json, "clean_to_json_compatible", walk)
    at = open_page(page, **view)
    assert not at.exception
    assert maps or page == "pages/pemula_disabilitas.py", f"{page} drew no map: the test would prove nothing"
    assert not walked, f"a map of {page} was walked value by value: {[t['type'] for t in walked[0]['data']]}"
