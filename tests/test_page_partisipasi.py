"""The Partisipasi page under Streamlit's AppTest, opened as from a shared link with filters in the URL."""

from __future__ import annotations

import json

from streamlit.testing.v1 import AppTest

from analytics import db

PAGE = "pages/partisipasi.py"


def _metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _figures(at: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def _texts(elements) -> str:
    return "\n".join(e.value for e in elements)


def test_whole_city(open_page):
    at = open_page(PAGE)
    assert not at.exception
    assert at.title[0].value == "Partisipasi pemilih"
    metrics = _metrics(at)
    assert metrics["Partisipasi"] == "64,1 %"  # 522.167 of 815.249 in the sample
    assert metrics["Target"] == "90 %"
    assert metrics["Selisih dari target (poin)"] == "−25,9"
    assert metrics["Partisipasi perempuan"].endswith(" %")
    assert metrics["Partisipasi pemilih disabilitas"].endswith(" %")
    assert "di 1.530 TPS" in _texts(at.caption)
    assert len(at.get("plotly_chart")) == 5  # map, bullet, dumbbell, scatter, gaps
    assert "Korelasi bukan bukti" in _texts(at.info)
    table = at.dataframe[0].value
    assert len(table) == 1530
    assert table["Partisipasi (%)"].str.contains(",").all()  # Indonesian decimals
    assert len(at.get("download_button")) == 2


def test_one_kecamatan_narrows_everything(open_page):
    at = open_page(PAGE, kec="Bogor Utara")
    assert not at.exception
    assert at.session_state["_filters"].kecamatan == ("32.71.05",)
    assert _metrics(at)["Partisipasi"] == "62,3 %"  # the published rate for Bogor Utara
    table = at.dataframe[0].value
    assert set(table["Kecamatan"]) == {"Bogor Utara"}
    bullet = _figures(at)[1]
    assert bullet["data"][0]["y"] == ["Bogor Utara"]


def test_kelurahan_level_from_the_url(open_page):
    at = open_page(PAGE, kec="Bogor Tengah", partisipasi_tingkat="Kelurahan")
    assert not at.exception
    bullet = _figures(at)[1]
    assert len(bullet["data"][0]["y"]) == 11  # Bogor Tengah's kelurahan


def test_a_single_kelurahan(open_page):
    at = open_page(PAGE, kec="Bogor Tengah", kel="Sempur")
    assert not at.exception
    assert at.session_state["_filters"].kelurahan == ("32.71.03.1006",)
    assert set(at.dataframe[0].value["Kelurahan"]) == {"Sempur"}
    # Charts name the kelurahan, not its kecamatan (which would hold only Sempur's figures).
    assert _figures(at)[1]["data"][0]["y"] == ["Sempur"]
    # One kelurahan cannot carry a correlation: the page says so instead of drawing one.
    assert "paling sedikit 4" in _texts(at.info)
    assert len(at.get("plotly_chart")) == 4


def test_another_election_with_results_and_no_outreach(open_page):
    at = open_page(PAGE, pemilihan="Pemilu 2024 (Pilpres dan Pileg)")
    assert not at.exception
    assert at.session_state["_filters"].pemilihan == "pemilu2024"
    assert _metrics(at)["Target"] == "85 %"
    assert at.selectbox(key="partisipasi_banding").value == "pilkada2024"
    assert "Belum ada warga dijangkau" in _texts(at.info)  # the sample logs outreach for the Pilkada only


def test_an_election_without_results_says_so(open_page):
    con = db.connect(open_page.db)
    con.execute("DELETE FROM turnout WHERE kode_pemilihan = 'pilkada2024'")
    con.close()
    at = open_page(PAGE)
    assert not at.exception
    assert "belum diimpor" in _texts(at.info)
    assert not at.metric and not at.get("plotly_chart") and not at.dataframe


def test_change_section_without_another_election(open_page):
    con = db.connect(open_page.db)
    con.execute("DELETE FROM turnout WHERE kode_pemilihan = 'pemilu2024'")
    con.close()
    at = open_page(PAGE)
    assert not at.exception
    assert "Belum ada hasil pemilihan lain" in _texts(at.info)
    assert len(at.get("plotly_chart")) == 4


def test_english(open_page):
    at = open_page(PAGE, bahasa="EN")
    assert not at.exception
    assert at.title[0].value == "Voter turnout"
    metrics = _metrics(at)
    assert metrics["Turnout"] == "64.1 %"
    assert metrics["Gap to target (points)"] == "−25.9"
    assert "Correlation is not proof" in _texts(at.info)
    assert "Turnout (%)" in at.dataframe[0].value.columns


def test_a_filter_combination_with_no_activities(open_page):
    at = open_page(PAGE, kec="Bogor Utara", kel="Ciluar", jenis="Pertemuan Media", org="PPS")
    assert not at.exception
    # Turnout is still shown (results do not depend on the activity filters); one kelurahan has no correlation.
    assert _metrics(at)["Partisipasi"].endswith("%")
    assert "paling sedikit 4" in _texts(at.info)


def test_the_map_keeps_its_polygons_across_reruns_until_the_data_changes(open_page, monkeypatch):
    # The polygons (with rings as arrays) are one shared object per view and data version: a rerun (any widget
    # changed) neither reads nor converts them again, an import does.
    from analytics.figures import maps
    from analytics.importing import engine
    from analytics.queries import geo
    from ui import data as ui_data

    calls, converted = [], []
    real, convert = geo.boundaries, maps.plotly_geojson
    monkeypatch.setattr(geo, "boundaries", lambda *args, **kwargs: calls.append(args[3]) or real(*args, **kwargs))

    def counted(collection: dict) -> dict:
        ring = collection["features"][0]["geometry"]["coordinates"][0]
        converted.append(isinstance(ring, list))  # lists as parsed, not yet arrays
        return convert(collection)

    monkeypatch.setattr(maps, "plotly_geojson", counted)
    at = open_page(PAGE)
    shown = _figures(at)[0]["data"][0]["geojson"]
    assert calls == ["kecamatan"] and len(shown["features"]) == 6 and converted.count(True) == 1
    at.run()
    assert calls == ["kecamatan"] and _figures(at)[0]["data"][0]["geojson"] == shown
    assert converted.count(True) == 1, "a rerun takes the kept arrays, not a copy of the parsed lists"
    csv = ("tanggal;jenis_kegiatan;kecamatan;kelurahan;penyelenggara;jumlah_peserta\n"
           "01/09/2024;Gerebek Pasar;Bogor Utara;Ciluar;PPS;40\n")
    assert ui_data.run(engine.import_bytes, csv.encode(), kind="activities", file_name="log.csv", user="ani").rows_kept
    at.run()
    assert not at.exception and calls == ["kecamatan", "kecamatan"]
    assert _figures(at)[0]["data"][0]["geojson"] == shown
