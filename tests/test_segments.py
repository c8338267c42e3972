"""Queries and charts of the Pemula & Disabilitas page, checked against plain SQL on the same sample database."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from analytics import db, fmt
from analytics.figures import segments as charts
from analytics.filters import Filters, Scope
from analytics.queries import segments

EVERYTHING = Scope.everything()
BOGOR_UTARA = "32.71.05"

# Activities of an election: the ones dated inside its outreach window.
IN_WINDOW = """
    FROM activities a JOIN jenis_kegiatan j ON j.kode = a.jenis_kegiatan
    JOIN pemilihan p ON a.tanggal BETWEEN p.sosialisasi_mulai AND p.sosialisasi_selesai
    WHERE p.kode_pemilihan = $e
"""


@pytest.fixture()
def election(sample_con) -> str:
    return sample_con.execute("SELECT nilai FROM dataset_info WHERE kunci = 'pemilihan_utama'").fetchone()[0]


@pytest.fixture()
def city(election) -> Filters:
    return Filters(election)


def _one(con, sql: str, **values) -> object:
    return con.execute(sql, values).fetchone()[0]


# --- schools -------------------------------------------------------------------------------------------------


def test_every_school_of_the_city_is_listed_once(sample_con, city):
    frame = segments.schools(sample_con, city, EVERYTHING)
    assert len(frame) == _one(sample_con, "SELECT count(*) FROM schools")
    assert frame["id_sekolah"].is_unique


def test_visited_flags_and_visits_agree_with_the_activity_log(sample_con, city, election):
    frame = segments.schools(sample_con, city, EVERYTHING).set_index("id_sekolah")
    visits = dict(sample_con.execute(
        f"SELECT a.id_sekolah, count(*) {IN_WINDOW} AND a.id_sekolah IS NOT NULL GROUP BY 1", {"e": election}
    ).fetchall())
    assert set(frame.index[frame["dikunjungi"]]) == set(visits)
    assert 0 < len(visits) < len(frame)  # the sample leaves some schools unvisited on purpose
    assert frame["kunjungan"].to_dict() == {k: visits.get(k, 0) for k in frame.index}
    unvisited = frame[~frame["dikunjungi"]]
    assert (unvisited[["siswa_dijangkau", "pemula_dijangkau"]] == 0).all().all()
    assert unvisited["kunjungan_terakhir"].isna().all()
    assert frame.loc[frame["dikunjungi"], "kunjungan_terakhir"].notna().all()


def test_unvisited_schools_come_first_then_by_kecamatan_and_kelurahan(sample_con, city):
    frame = segments.schools(sample_con, city, EVERYTHING)
    assert frame["dikunjungi"].is_monotonic_increasing
    for _, part in frame.groupby("dikunjungi"):
        keys = list(zip(part["kecamatan"], part["kelurahan"]))
        assert keys == sorted(keys)


def test_a_filter_with_no_school_visits_leaves_every_school_unvisited(sample_con, election):
    # Media meetings are never a PPS's and never at a school.
    frame = segments.schools(sample_con, Filters(election, jenis=("media",), penyelenggara=("PPS",)), EVERYTHING)
    assert len(frame) == _one(sample_con, "SELECT count(*) FROM schools")
    assert not frame["dikunjungi"].any()


@pytest.mark.parametrize("filters", ["city", "media_pps", "kecamatan"])
@pytest.mark.parametrize("limit", [1, 25, 100_000])
def test_the_school_list_is_the_first_rows_and_the_counts(sample_con, election, filters, limit):
    chosen = {"city": Filters(election), "media_pps": Filters(election, jenis=("media",), penyelenggara=("PPS",)),
              "kecamatan": Filters(election, kecamatan=("32.71.03",))}[filters]
    every = segments.schools(sample_con, chosen, EVERYTHING)
    shown, total, visited = segments.school_list(sample_con, chosen, EVERYTHING, limit=limit)
    pd.testing.assert_frame_equal(shown, every.head(limit).reset_index(drop=True))
    assert (total, visited) == (len(every), int(every["dikunjungi"].sum()))


def test_the_school_list_of_an_area_without_schools_is_empty(sample_con, election):
    shown, total, visited = segments.school_list(sample_con, Filters(election, kecamatan=("99.99.99",)), EVERYTHING)
    assert shown.empty and total == visited == 0
    assert list(shown.columns) == list(segments.schools(sample_con, Filters(election), EVERYTHING).columns)


# --- per area ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("level,code", [("kecamatan", "kode_kecamatan"), ("kelurahan", "kode_kelurahan")])
def test_area_rows_add_up_to_the_city(sample_con, city, election, level, code):
    frame = segments.segment_by_area(sample_con, city, EVERYTHING, level)
    assert frame["kode"].is_unique
    assert frame["sekolah_total"].sum() == _one(sample_con, "SELECT count(*) FROM schools")
    assert frame["sekolah_dikunjungi"].sum() == segments.schools(sample_con, city, EVERYTHING)["dikunjungi"].sum()
    assert (frame["sekolah_belum"] == frame["sekolah_total"] - frame["sekolah_dikunjungi"]).all()
    dpt = sample_con.execute(
        "SELECT sum(pemula), sum(disabilitas) FROM voters WHERE kode_pemilihan = $e", {"e": election}
    ).fetchone()
    assert (frame["dpt_pemula"].sum(), frame["dpt_disabilitas"].sum()) == dpt
    # Activities logged for a whole city or kecamatan belong to no finer area.
    reached = sample_con.execute(
        f"SELECT sum(a.peserta_pemula), sum(a.peserta_disabilitas) {IN_WINDOW} AND j.ada_peserta "
        f"AND a.{code} IS NOT NULL",
        {"e": election},
    ).fetchone()
    assert (frame["pemula_dijangkau"].sum(), frame["disabilitas_dijangkau"].sum()) == reached
    voted = sample_con.execute(
        "SELECT sum(terdaftar_total), sum(memilih_total), sum(terdaftar_disabilitas), sum(memilih_disabilitas) "
        "FROM turnout WHERE kode_pemilihan = $e",
        {"e": election},
    ).fetchone()
    sums = frame[["terdaftar", "memilih", "terdaftar_disabilitas", "memilih_disabilitas"]].sum()
    assert tuple(int(v) for v in sums) == voted


def test_rates_are_percentages_of_the_dpt_and_the_target_comes_from_the_targets_table(sample_con, city, election):
    frame = segments.segment_by_area(sample_con, city, EVERYTHING, "kecamatan")
    row = frame.iloc[0]
    assert row["pemula_dijangkau_persen"] == pytest.approx(100 * row["pemula_dijangkau"] / row["dpt_pemula"], abs=0.01)
    assert row["partisipasi_disabilitas_persen"] == pytest.approx(
        100 * row["memilih_disabilitas"] / row["terdaftar_disabilitas"], abs=0.01
    )
    target = _one(sample_con, "SELECT target_persen FROM targets WHERE kode_pemilihan = $e AND segmen = 'disabilitas' "
                  "AND utama AND kode_wilayah = '32.71'", e=election)
    assert (frame["target_disabilitas"] == float(target)).all()
    assert row["selisih_target_disabilitas"] == pytest.approx(row["partisipasi_disabilitas_persen"] - float(target))


def test_turnout_totals_are_sums_over_sums(sample_con, city, election):
    result = segments.turnout(sample_con, city, EVERYTHING)
    registered, voted, reg_dis, voted_dis = sample_con.execute(
        "SELECT sum(terdaftar_total), sum(memilih_total), sum(terdaftar_disabilitas), sum(memilih_disabilitas) "
        "FROM turnout WHERE kode_pemilihan = $e",
        {"e": election},
    ).fetchone()
    assert result.partisipasi_persen == pytest.approx(100 * voted / registered)
    assert result.partisipasi_disabilitas_persen == pytest.approx(100 * voted_dis / reg_dis)
    assert result.target_disabilitas == 80.0


def test_before_results_are_imported_there_is_no_turnout(sample_db, tmp_path, city):
    copy = tmp_path / "tanpa_hasil.duckdb"
    shutil.copy(sample_db, copy)
    con = db.connect(copy)
    try:
        con.execute("DELETE FROM turnout")
        assert segments.turnout(con, city, EVERYTHING) is None
        frame = segments.segment_by_area(con, city, EVERYTHING, "kecamatan")
        assert frame["partisipasi_disabilitas_persen"].isna().all()
        assert frame["sekolah_total"].sum() > 0  # outreach figures do not depend on results
    finally:
        con.close()


# --- disability activities -----------------------------------------------------------------------------------


def test_disability_log_holds_meetings_and_every_activity_with_disabled_participants(sample_con, city, election):
    frame, total, meetings_counted = segments.disability_activities(sample_con, city, EVERYTHING, limit=None)
    expected = _one(sample_con, f"SELECT count(*) {IN_WINDOW} AND (j.sasaran = 'disabilitas' "
                    "OR (j.ada_peserta AND a.peserta_disabilitas > 0))", e=election)
    meetings = _one(sample_con, f"SELECT count(*) {IN_WINDOW} AND j.sasaran = 'disabilitas'", e=election)
    assert len(frame) == total == expected
    assert frame["pertemuan_disabilitas"].sum() == meetings == meetings_counted > 0
    assert ((frame["peserta_disabilitas"] > 0) | frame["pertemuan_disabilitas"]).all()
    assert frame["tanggal"].is_monotonic_decreasing
    assert {"tanggal", "kelurahan", "lokasi", "penyelenggara", "peserta", "peserta_disabilitas"} <= set(frame.columns)


def test_disability_log_keeps_the_newest_rows_and_counts_them_all(sample_con, city):
    everything, total, meetings = segments.disability_activities(sample_con, city, EVERYTHING, limit=None)
    top, top_total, top_meetings = segments.disability_activities(sample_con, city, EVERYTHING, limit=7)
    assert (top_total, top_meetings) == (total, meetings) and total > 7
    pd.testing.assert_frame_equal(top, everything.head(7))


def test_disability_log_reads_only_the_newest_days_and_still_gives_the_newest_rows(sample_con, city):
    # Limits that cut inside a day, at a day's edge, and beyond everything; the whole list is the reference.
    everything, total, meetings = segments.disability_activities(sample_con, city, EVERYTHING, limit=None)
    per_day = everything.groupby("tanggal").size().sort_index(ascending=False).cumsum()
    edge = int(per_day.iloc[1])  # exactly the two newest days
    for limit in (1, edge, edge + 1, total, total + 3):
        top, top_total, top_meetings = segments.disability_activities(sample_con, city, EVERYTHING, limit=limit)
        assert (top_total, top_meetings) == (total, meetings)
        pd.testing.assert_frame_equal(top, everything.head(limit))


def test_the_newest_days_query_keeps_to_those_days(sample_con, city):
    # Every branch of the match (meetings and activities with participants with disabilities) is cut by the date:
    # an OR without brackets would let older meetings through (same rows on screen, every day read).
    from analytics.filters import params

    everything, _, _ = segments.disability_activities(sample_con, city, EVERYTHING, limit=None)
    since = sorted(set(everything["tanggal"]))[-3]
    for by_area in (False, True):  # the log itself, and the log stored by area (its text; the sample has no table)
        since_sql = segments._DISABILITY_SQL[by_area][2].replace("activities_wilayah", "activities")
        frame = sample_con.execute(since_sql, {**params(city, EVERYTHING), "limit": 100_000, "since": since}).df()
        assert len(frame) and (frame["tanggal"] >= since).all()
        assert len(frame) == (everything["tanggal"] >= since).sum()


def test_disability_log_is_empty_when_nothing_matches(sample_con, election):
    filters = Filters(election, jenis=("media",), penyelenggara=("PPS",))
    frame, total, meetings = segments.disability_activities(sample_con, filters, EVERYTHING)
    assert frame.empty and total == meetings == 0


# --- scope and filters ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("query", [
    segments.schools,
    lambda con, f, s: segments.disability_activities(con, f, s)[0],
    lambda con, f, s: segments.segment_by_area(con, f, s, "kecamatan"),
    lambda con, f, s: segments.segment_by_area(con, f, s, "kelurahan"),
])
@pytest.mark.parametrize("how", ["scope", "filter"])
def test_one_kecamatan_returns_no_row_outside_it(sample_con, election, query, how):
    if how == "scope":
        frame = query(sample_con, Filters(election), Scope((BOGOR_UTARA,)))
    else:
        frame = query(sample_con, Filters(election, kecamatan=(BOGOR_UTARA,)), EVERYTHING)
    assert not frame.empty
    assert (frame["kode_kecamatan"] == BOGOR_UTARA).all()


def test_turnout_in_scope_covers_only_that_kecamatan(sample_con, election):
    result = segments.turnout(sample_con, Filters(election), Scope((BOGOR_UTARA,)))
    registered = _one(sample_con, "SELECT sum(terdaftar_total) FROM turnout WHERE kode_pemilihan = $e "
                      "AND kode_kecamatan = $k", e=election, k=BOGOR_UTARA)
    assert result.terdaftar == registered


# --- figures -------------------------------------------------------------------------------------------------


@pytest.fixture()
def by_area(sample_con, city) -> pd.DataFrame:
    return segments.segment_by_area(sample_con, city, EVERYTHING, "kecamatan")


def test_reach_figure_shows_percent_of_dpt_with_indonesian_counts_in_the_hover(by_area):
    fig = charts.reach_figure(by_area, "id")
    bars = [tr for tr in fig.data if tr.type == "bar"]
    assert [b.name for b in bars] == ["Pemilih pemula", "Pemilih disabilitas"]
    assert list(bars[0].y) == list(by_area["nama"])
    assert list(bars[0].x) == pytest.approx(list(by_area["pemula_dijangkau_persen"].astype(float)))
    first = by_area.iloc[0]
    assert fmt.number(int(first["dpt_pemula"]), "id") in bars[0].customdata[0]
    assert "." in fmt.number(int(first["dpt_pemula"]), "id")  # thousands separator the Indonesian way
    assert fig.layout.separators == ",."


def test_schools_figure_stacks_visited_and_not_visited(by_area):
    fig = charts.schools_figure(by_area, "id")
    assert fig.layout.barmode == "stack"
    visited, unvisited = fig.data
    assert [visited.name, unvisited.name] == ["Sudah dikunjungi", "Belum dikunjungi"]
    assert [a + b for a, b in zip(visited.x, unvisited.x)] == list(by_area["sekolah_total"])


def test_turnout_figure_marks_one_shared_target_with_a_line(by_area):
    fig = charts.turnout_figure(by_area, "en")
    bars = [tr for tr in fig.data if tr.type == "bar"]
    assert [b.name for b in bars] == ["Voters with disabilities", "All voters"]
    lines = [s for s in fig.layout.shapes if s.type == "line"]
    assert len(lines) == 1 and lines[0].x0 == 80.0
    assert any(tr.name and tr.name.startswith("Target") for tr in fig.data if tr.type == "scatter")
    assert fig.layout.separators == ".,"


def test_turnout_figure_marks_each_area_when_targets_differ(by_area):
    varied = by_area.assign(target_disabilitas=[70.0 + i for i in range(len(by_area))])
    fig = charts.turnout_figure(varied, "id")
    assert not fig.layout.shapes
    ticks = [tr for tr in fig.data if tr.type == "scatter"]
    assert len(ticks) == 1 and list(ticks[0].x) == list(varied["target_disabilitas"])


def test_turnout_figure_without_a_target_draws_no_target(by_area):
    fig = charts.turnout_figure(by_area.assign(target_disabilitas=None), "id")
    assert not fig.layout.shapes
    assert all(tr.type == "bar" for tr in fig.data)
