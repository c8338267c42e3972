"""The Pemula & Disabilitas page under Streamlit's AppTest, opened from shared links with filters in the URL."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from analytics import db

PAGE = "pages/pemula_disabilitas.py"


def _metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _texts(elements) -> str:
    return "\n".join(e.value for e in elements)


def _count(sql: str, path: Path, **values) -> int:
    con = db.connect(path, read_only=True)
    try:
        return con.execute(sql, values).fetchone()[0]
    finally:
        con.close()


def _charts(at: AppTest) -> int:
    return len(at.get("plotly_chart"))


def test_whole_city(open_page):
    schools = _count("SELECT count(*) FROM schools", open_page.db)
    at = open_page(PAGE)
    assert not at.exception
    assert at.title[0].value == "Pemilih pemula dan pemilih disabilitas"
    metrics = _metrics(at)
    assert 0 < int(metrics["Sekolah dikunjungi"].replace(".", "")) < schools
    assert any(c.value.endswith(f"dari {schools} sekolah") for c in at.caption)
    assert metrics["Partisipasi pemilih disabilitas"].endswith("%")
    assert "C.Hasil" in _texts(at.caption)
    assert "Jangkauan per kecamatan" in _texts(at.subheader)
    assert _charts(at) == 3
    school_table, activity_table = (d.value for d in at.dataframe)
    assert len(school_table) == schools
    assert school_table["Dikunjungi"].iloc[0] == "Belum"  # the work list starts with schools still to visit
    assert len(activity_table) > 0


def test_one_kecamatan_shows_its_kelurahan_and_only_its_schools(open_page):
    schools = _count("SELECT count(*) FROM schools WHERE kode_kelurahan LIKE '32.71.05.%'", open_page.db)
    at = open_page(PAGE, kec="Bogor Utara")
    assert not at.exception
    assert at.session_state["_filters"].kecamatan == ("32.71.05",)
    assert "Jangkauan per kelurahan" in _texts(at.subheader)
    school_table, activity_table = (d.value for d in at.dataframe)
    assert len(school_table) == schools
    assert set(school_table["Kecamatan"]) == {"Bogor Utara"}
    assert set(activity_table["Kecamatan"]) == {"Bogor Utara"}
    assert any(c.value.endswith(f"dari {schools} sekolah") for c in at.caption)


def test_one_kelurahan(open_page):
    at = open_page(PAGE, kec="Bogor Tengah", kel="Sempur")
    assert not at.exception
    assert at.session_state["_filters"].kelurahan == ("32.71.03.1006",)
    school_table = at.dataframe[0].value
    assert set(school_table["Kelurahan"]) == {"Sempur"}


def test_an_activity_type_with_no_rows_says_so(open_page):
    at = open_page(PAGE, jenis="Pertemuan Media", org="PPS")
    assert not at.exception
    metrics = _metrics(at)
    assert metrics["Sekolah dikunjungi"] == "0"
    assert metrics["Pemilih disabilitas dijangkau"] == "0"
    assert "Tidak ada kegiatan yang menjangkau pemilih disabilitas" in _texts(at.info)
    assert len(at.dataframe) == 1  # the school list stays: every school still to visit


def test_before_results_are_imported_turnout_is_explained_not_drawn(open_page):
    con = db.connect(open_page.db)
    con.execute("DELETE FROM turnout")
    con.close()
    at = open_page(PAGE)
    assert not at.exception
    assert _metrics(at)["Partisipasi pemilih disabilitas"] == "–"
    assert "belum diimpor" in _texts(at.info)
    assert _charts(at) == 2


def test_english(open_page):
    at = open_page(PAGE, bahasa="EN")
    assert not at.exception
    assert at.title[0].value == "First-time voters and voters with disabilities"
    metrics = _metrics(at)
    assert {"Schools visited", "First-time voters reached", "Voters with disabilities reached"} <= set(metrics)
    assert "First-time voters' turnout is not shown" in _texts(at.caption)
    assert "School" in at.dataframe[0].value.columns


def test_a_filter_combination_with_no_activities(open_page):
    at = open_page(PAGE, kec="Bogor Utara", kel="Ciluar", jenis="Pertemuan Media", org="PPS")
    assert not at.exception
    assert "Tidak ada kegiatan yang menjangkau pemilih disabilitas" in _texts(at.info)
