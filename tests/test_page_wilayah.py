"""The Wilayah page under AppTest, for the filter combinations Divisi Parmas uses."""

from __future__ import annotations

import pytest

PAGE = "pages/wilayah.py"


def _tables(at):
    return [df.value for df in at.dataframe]


def test_whole_city(open_page):
    at = open_page(PAGE)
    assert not at.exception
    assert at.title[0].value.startswith("Wilayah")
    kelurahan = _tables(at)[0]
    assert len(kelurahan) == 68
    # Least covered first.
    coverage = [float(v.replace(" %", "").replace(",", ".")) for v in kelurahan["Cakupan RW"]]
    assert coverage == sorted(coverage)
    # 68 kelurahan are too many for the RW grid: the page says so instead of drawing an unreadable grid.
    assert any("paling banyak" in i.value for i in at.info)


def test_one_kecamatan_shows_the_rw_grid_and_work_list(open_page):
    at = open_page(PAGE, kec="Bogor Utara")
    assert not at.exception
    assert len(_tables(at)[0]) == 8
    assert any("belum dikunjungi" in e.label for e in at.expander)
    assert len(at.get("plotly_chart")) >= 2
    assert len(at.get("download_button")) >= 4


def test_a_single_rw(open_page):
    at = open_page(PAGE, kec="Bogor Tengah", kel="Sempur", rw="RW 01")
    assert not at.exception
    assert at.session_state["_filters"].rw == (1,)
    log = _tables(at)[-1]
    assert set(log["RW"]) <= {"1"}


@pytest.mark.parametrize(
    "query",
    [
        {"jenis": "Pertemuan Media", "org": "PPS"},  # no rows at all
        {"pemilihan": "Pemilu 2024 (Pilpres dan Pileg)"},  # an election without activities
        {"periode": ["2024-07-01", "2024-07-02"]},  # two days
        {"bahasa": "EN", "kec": "Tanah Sareal"},
    ],
)
def test_edge_selections_render(open_page, query):
    at = open_page(PAGE, **query)
    assert not at.exception


def test_english_headers(open_page):
    at = open_page(PAGE, bahasa="EN", kec="Bogor Utara")
    assert "RW coverage" in _tables(at)[0].columns


def test_a_long_table_is_capped_on_screen_and_says_so(open_page, monkeypatch):
    import ui.tables

    monkeypatch.setattr(ui.tables, "SCREEN_MAX_ROWS", 10)
    at = open_page(PAGE)
    assert not at.exception
    # 68 kelurahan: the grid holds the first 10 and the caption says the downloads hold all 68.
    assert len(_tables(at)[0]) == 10
    assert any("10 baris pertama dari 68" in c.value for c in at.caption), [c.value for c in at.caption]
