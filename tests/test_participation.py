"""Turnout queries and figures, checked against hand-written SQL on the same sample database."""

from __future__ import annotations

import math
import shutil

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from analytics import db
from analytics.figures import participation as figures
from analytics.filters import Filters, Scope
from analytics.queries import areas, participation
from analytics.queries.areas import area_metrics

PILKADA = Filters("pilkada2024")
ALL = Scope.everything()
BOGOR_UTARA = "32.71.05"


def _sql(con, sql: str, **values) -> pd.DataFrame:
    return con.execute(sql, values).df()


# --- queries -----------------------------------------------------------------------------------------------------


def test_tps_turnout_has_every_pilkada_tps_with_its_rates_and_target(sample_con):
    tps = participation.tps_turnout(sample_con, PILKADA, ALL)
    assert len(tps) == 1530
    expected = _sql(sample_con, "SELECT sum(terdaftar_total)::BIGINT AS t, sum(memilih_total)::BIGINT AS m "
                                "FROM turnout WHERE kode_pemilihan = 'pilkada2024'")
    assert tps["terdaftar"].sum() == expected.t[0]
    assert tps["memilih"].sum() == expected.m[0]
    # atol: DuckDB rounds halves away from zero, numpy to even.
    assert np.allclose(tps["partisipasi_persen"], 100 * tps["memilih"] / tps["terdaftar"], atol=0.006)
    women = 100 * tps["memilih_perempuan"] / tps["terdaftar_perempuan"]
    assert np.allclose(tps["partisipasi_perempuan_persen"], women, atol=0.006, equal_nan=True)
    assert set(tps["target_semua"]) == {90.0}  # KPU Kota Bogor's (utama), not the province's 85 %
    assert not tps[["kecamatan", "kelurahan", "nomor_tps"]].isna().any().any()
    assert not tps.duplicated(["kode_kelurahan", "nomor_tps"]).any()


def test_kecamatan_turnout_from_tps_rows_matches_area_metrics(sample_con):
    tps = participation.tps_turnout(sample_con, PILKADA, ALL)
    by_kec = tps.groupby("kode_kecamatan")[["memilih", "terdaftar"]].sum()
    from_tps = (100 * by_kec["memilih"] / by_kec["terdaftar"]).round(2)
    areas = area_metrics(sample_con, PILKADA, ALL, "kecamatan").set_index("kode")
    assert np.allclose(from_tps.sort_index(), areas["partisipasi_persen"].astype(float).sort_index())


def test_summary_equals_the_sums_over_turnout(sample_con):
    s = participation.turnout_summary(sample_con, PILKADA, ALL)
    row = _sql(sample_con, """
        SELECT count(*) AS n, sum(terdaftar_total)::BIGINT AS t, sum(memilih_total)::BIGINT AS m,
               100.0 * sum(memilih_perempuan) / sum(terdaftar_perempuan) AS p,
               100.0 * sum(memilih_disabilitas) / sum(terdaftar_disabilitas) AS d
        FROM turnout WHERE kode_pemilihan = 'pilkada2024'""").iloc[0]
    assert (s.jumlah_tps, s.terdaftar, s.memilih) == (1530, row.t, row.m)
    assert s.partisipasi_persen == pytest.approx(100 * row.m / row.t, abs=0.005)
    assert s.target_persen == 90.0
    assert s.selisih_poin == pytest.approx(s.partisipasi_persen - 90.0)
    assert s.partisipasi_perempuan_persen == pytest.approx(row.p, abs=0.005)
    assert s.partisipasi_disabilitas_persen == pytest.approx(row.d, abs=0.005)
    assert (s.target_perempuan, s.target_disabilitas) == (90.0, 80.0)
    assert s.has_results


def test_turnout_change_is_the_difference_of_the_two_elections(sample_con):
    change = participation.turnout_change(sample_con, PILKADA, ALL, "kecamatan", "pemilu2024")
    hand = _sql(sample_con, """
        SELECT kode_kecamatan AS kode,
               round(100.0 * sum(memilih_total) FILTER (WHERE kode_pemilihan = 'pemilu2024')
                     / sum(terdaftar_total) FILTER (WHERE kode_pemilihan = 'pemilu2024'), 2) AS sebelum,
               round(100.0 * sum(memilih_total) FILTER (WHERE kode_pemilihan = 'pilkada2024')
                     / sum(terdaftar_total) FILTER (WHERE kode_pemilihan = 'pilkada2024'), 2) AS sesudah
        FROM turnout GROUP BY 1 ORDER BY 1""")
    merged = change.merge(hand, on="kode")
    assert len(merged) == 6
    assert np.allclose(merged["partisipasi_persen_sebelumnya"].astype(float), merged["sebelum"])
    assert np.allclose(merged["partisipasi_persen"].astype(float), merged["sesudah"])
    assert np.allclose(merged["perubahan_poin"].astype(float), merged["sesudah"] - merged["sebelum"], atol=0.011)
    assert (merged["perubahan_poin"] < 0).all()  # a presidential election draws more voters than the pilkada


def test_turnout_change_per_kelurahan_has_every_kelurahan(sample_con):
    change = participation.turnout_change(sample_con, PILKADA, ALL, "kelurahan", "pemilu2024")
    assert len(change) == 68
    assert change["perubahan_poin"].notna().all()


def test_turnout_gaps_women_minus_men_and_disabled_minus_all(sample_con):
    gaps = participation.turnout_gaps(sample_con, PILKADA, ALL, "kecamatan").set_index("kode")
    hand = _sql(sample_con, """
        SELECT kode_kecamatan AS kode,
               100.0 * sum(memilih_perempuan) / sum(terdaftar_perempuan)
                 - 100.0 * sum(memilih_laki_laki) / sum(terdaftar_laki_laki) AS perempuan,
               100.0 * sum(memilih_disabilitas) / sum(terdaftar_disabilitas)
                 - 100.0 * sum(memilih_total) / sum(terdaftar_total) AS disabilitas
        FROM turnout WHERE kode_pemilihan = 'pilkada2024' GROUP BY 1""").set_index("kode")
    assert np.allclose(gaps["selisih_perempuan_poin"].astype(float), hand.loc[gaps.index, "perempuan"], atol=0.011)
    assert np.allclose(gaps["selisih_disabilitas_poin"].astype(float), hand.loc[gaps.index, "disabilitas"],
                       atol=0.011)


def test_outreach_vs_turnout_per_kelurahan(sample_con):
    frame = participation.outreach_vs_turnout(sample_con, PILKADA, ALL)
    assert len(frame) == 68
    hand = _sql(sample_con, """
        SELECT a.kode_kelurahan AS kode, sum(a.jumlah_peserta)::BIGINT AS dijangkau
        FROM activities a JOIN jenis_kegiatan j ON j.kode = a.jenis_kegiatan
        JOIN pemilihan p ON a.tanggal BETWEEN p.sosialisasi_mulai AND p.sosialisasi_selesai
        WHERE p.kode_pemilihan = 'pilkada2024' AND j.ada_peserta AND a.kode_kelurahan IS NOT NULL
        GROUP BY 1""")
    merged = frame.merge(hand, on="kode", how="left", suffixes=("", "_hand"))
    assert (merged["dijangkau"] == merged["dijangkau_hand"].fillna(0)).all()
    assert np.allclose(merged["dijangkau_per_1000"].astype(float), (1000 * merged["dijangkau"] / merged["dpt"]),
                       atol=0.006)


def test_activity_filters_change_reach_but_not_turnout(sample_con):
    whole = participation.outreach_vs_turnout(sample_con, PILKADA, ALL)
    door = participation.outreach_vs_turnout(sample_con, Filters("pilkada2024", jenis=("ketuk_pintu",)), ALL)
    assert door["dijangkau"].sum() < whole["dijangkau"].sum()
    assert np.allclose(door["partisipasi_persen"].astype(float), whole["partisipasi_persen"].astype(float))
    summary = participation.turnout_summary(sample_con, Filters("pilkada2024", penyelenggara=("PPS",)), ALL)
    assert summary == participation.turnout_summary(sample_con, PILKADA, ALL)


def test_area_filters_narrow_every_query(sample_con):
    one = Filters("pilkada2024", kecamatan=(BOGOR_UTARA,))
    tps = participation.tps_turnout(sample_con, one, ALL)
    assert set(tps["kode_kecamatan"]) == {BOGOR_UTARA}
    assert participation.turnout_summary(sample_con, one, ALL).jumlah_tps == len(tps)
    sempur = Filters("pilkada2024", kecamatan=("32.71.03",), kelurahan=("32.71.03.1006",))
    assert set(participation.tps_turnout(sample_con, sempur, ALL)["kelurahan"]) == {"Sempur"}
    assert len(participation.outreach_vs_turnout(sample_con, sempur, ALL)) == 1


def test_other_elections_lists_only_other_elections_with_results(sample_con):
    assert list(participation.other_elections(sample_con, PILKADA, ALL)["kode"]) == ["pemilu2024"]
    assert list(participation.other_elections(sample_con, Filters("pemilu2024"), ALL)["kode"]) == ["pilkada2024"]
    assert participation.other_elections(sample_con, PILKADA, Scope(("32.73",))).empty  # no results there


def test_scope_keeps_every_function_inside_its_kecamatan(sample_con):
    scope = Scope((BOGOR_UTARA,))
    tps = participation.tps_turnout(sample_con, PILKADA, scope)
    assert not tps.empty and set(tps["kode_kecamatan"]) == {BOGOR_UTARA}
    for level in ("kecamatan", "kelurahan"):
        change = participation.turnout_change(sample_con, PILKADA, scope, level, "pemilu2024")
        assert not change.empty and set(change["kode_kecamatan"]) == {BOGOR_UTARA}
        gaps = participation.turnout_gaps(sample_con, PILKADA, scope, level)
        assert not gaps.empty and set(gaps["kecamatan"]) == {"Bogor Utara"}
    reach = participation.outreach_vs_turnout(sample_con, PILKADA, scope)
    assert not reach.empty and reach["kode"].str.startswith(BOGOR_UTARA + ".").all()
    summary = participation.turnout_summary(sample_con, PILKADA, scope)
    own = _sql(sample_con, "SELECT sum(terdaftar_total)::BIGINT AS t FROM turnout "
                           "WHERE kode_pemilihan = 'pilkada2024' AND kode_kecamatan = $k", k=BOGOR_UTARA)
    assert summary.terdaftar == own.t[0]
    # Asking for another kecamatan than the scope allows gives nothing, not that kecamatan.
    other = Filters("pilkada2024", kecamatan=("32.71.01",))
    assert participation.tps_turnout(sample_con, other, scope).empty
    assert not participation.turnout_summary(sample_con, other, scope).has_results
    assert participation.other_elections(sample_con, other, scope).empty


@pytest.fixture()
def no_pilkada_results(sample_db, tmp_path):
    """A copy of the sample whose Pilkada results have not been imported yet."""
    copy = tmp_path / "tanpa-hasil.duckdb"
    shutil.copy(sample_db, copy)
    con = db.connect(copy)
    con.execute("DELETE FROM turnout WHERE kode_pemilihan = 'pilkada2024'")
    yield con
    con.close()


def test_an_election_without_results_gives_empty_answers_not_errors(no_pilkada_results):
    con = no_pilkada_results
    summary = participation.turnout_summary(con, PILKADA, ALL)
    assert not summary.has_results
    assert summary.partisipasi_persen is None and summary.selisih_poin is None
    assert participation.tps_turnout(con, PILKADA, ALL).empty
    change = participation.turnout_change(con, PILKADA, ALL, "kecamatan", "pemilu2024")
    assert change["perubahan_poin"].isna().all()
    assert participation.other_elections(con, Filters("pemilu2024"), ALL).empty
    reach = participation.outreach_vs_turnout(con, PILKADA, ALL)
    stats = participation.correlation(reach["dijangkau_per_1000"], reach["partisipasi_persen"])
    assert stats["n"] == 0 and stats["r"] is None
    # The figures draw nothing rather than fail.
    assert len(figures.bullet(area_metrics(con, PILKADA, ALL, "kecamatan"), "id").data[0].x) == 0
    assert len(figures.dumbbell(change, "Pemilu", "Pilkada", "id").data[1].x) == 0
    assert len(figures.gaps(participation.turnout_gaps(con, PILKADA, ALL, "kecamatan"), "id").data[0].x) == 0


# --- correlation -------------------------------------------------------------------------------------------------


def test_correlation_of_a_perfect_line():
    stats = participation.correlation([1, 2, 3, 4, 5], [3, 5, 7, 9, 11])
    assert stats["n"] == 5
    assert stats["r"] == pytest.approx(1.0)
    assert stats["ci_low"] == pytest.approx(1.0) and stats["ci_high"] == pytest.approx(1.0)
    assert stats["slope"] == pytest.approx(2.0) and stats["intercept"] == pytest.approx(1.0)
    assert participation.correlation([1, 2, 3, 4], [4, 3, 2, 1])["r"] == pytest.approx(-1.0)


def test_correlation_matches_numpy_and_fisher_z():
    rng = np.random.default_rng(7)
    x = rng.normal(size=50)
    y = 0.5 * x + rng.normal(size=50)
    stats = participation.correlation(x, y)
    r = np.corrcoef(x, y)[0, 1]
    assert stats["r"] == pytest.approx(r)
    half = 1.959964 / math.sqrt(47)
    assert stats["ci_low"] == pytest.approx(math.tanh(math.atanh(r) - half), abs=1e-6)
    assert stats["ci_high"] == pytest.approx(math.tanh(math.atanh(r) + half), abs=1e-6)
    assert -1 < stats["ci_low"] < stats["r"] < stats["ci_high"] < 1
    slope, intercept = np.polyfit(x, y, 1)
    assert (stats["slope"], stats["intercept"]) == (pytest.approx(slope), pytest.approx(intercept))


def test_correlation_drops_missing_pairs_and_needs_four():
    stats = participation.correlation([1, None, 3, float("nan"), 5, 6], [2, 4, 6, 8, pd.NA, 12])
    assert stats["n"] == 3
    assert all(stats[k] is None for k in ("r", "ci_low", "ci_high", "slope", "intercept"))
    assert participation.correlation([], [])["n"] == 0
    nullable = pd.Series([1.0, 2.0, None, 4.0, 5.0], dtype="Float64")
    assert participation.correlation(nullable, [2, 4, 6, 8, 10])["r"] == pytest.approx(1.0)


def test_correlation_reads_a_column_as_its_values():
    """Series of every kind the frames hold give what the same values in a list give."""
    xs = [1.5, None, 3.0, 4.25, 5.0, 7.5, 8.0]
    ys = [2, 4, 5, None, 9, 13, 14]
    want = participation.correlation(xs, ys)
    assert want["n"] == 5
    columns = [(pd.Series(xs, dtype="Float64"), pd.Series(ys, dtype="Int64")),
               (pd.Series(xs, dtype=float, index=range(10, 17)), pd.Series(ys, dtype="object")),
               (pd.Series([str(v) if v is not None else "–" for v in xs], dtype="string[pyarrow]"),
                pd.Series(ys, dtype="Float64"))]
    for x, y in columns:
        assert participation.correlation(x, y) == pytest.approx(want)


def test_correlation_of_a_constant_is_undefined():
    stats = participation.correlation([1, 2, 3, 4, 5], [7, 7, 7, 7, 7])
    assert stats["n"] == 5 and stats["r"] is None and stats["slope"] is None


def test_correlation_rejects_unequal_lengths():
    with pytest.raises(ValueError):
        participation.correlation([1, 2, 3, 4], [1, 2, 3])


def test_sample_reach_and_turnout_are_positively_correlated(sample_con):
    frame = participation.outreach_vs_turnout(sample_con, PILKADA, ALL)
    stats = participation.correlation(frame["dijangkau_per_1000"], frame["partisipasi_persen"])
    assert stats["n"] == 68
    assert 0 < stats["ci_low"] < stats["r"] < stats["ci_high"] <= 1  # the sample builds this pattern in
    assert stats["slope"] > 0


# --- figures -----------------------------------------------------------------------------------------------------


def _kinds(fig: go.Figure) -> list[str]:
    return [trace.type for trace in fig.data]


def test_bullet_has_a_bar_and_a_target_per_area(sample_con):
    values = area_metrics(sample_con, PILKADA, ALL, "kecamatan")
    fig = figures.bullet(values, "id")
    assert _kinds(fig) == ["bar", "scatter"]
    bars, targets = fig.data
    assert len(bars.y) == 6 and set(targets.y) == set(bars.y)
    assert list(targets.x) == [90.0] * 6
    assert list(bars.x) == sorted(bars.x, reverse=True)  # plotly draws the first row at the bottom: lowest on top
    assert fig.layout.xaxis.title.text == "Partisipasi pemilih (%)"
    assert fig.layout.separators == ",."
    assert any("Target: 90,0 %" in h and "Selisih: −" in h for h in bars.customdata)
    assert "62,3 %" in bars.text


def test_bullet_without_targets_draws_bars_only(sample_con):
    values = area_metrics(sample_con, PILKADA, ALL, "kelurahan").assign(target_semua=None)
    fig = figures.bullet(values, "en")
    assert _kinds(fig) == ["bar"]
    assert len(fig.data[0].y) == 68
    assert fig.layout.xaxis.title.text == "Voter turnout (%)"
    assert fig.layout.height >= 68 * figures.ROW_HEIGHT


def test_dumbbell_joins_two_elections_per_area(sample_con):
    change = participation.turnout_change(sample_con, PILKADA, ALL, "kecamatan", "pemilu2024")
    fig = figures.dumbbell(change, "Pemilu 2024", "Pilkada 2024", "id")
    assert _kinds(fig) == ["scatter"] * 3
    lines, before, now = fig.data
    assert lines.mode == "lines" and len(lines.x) == 3 * 6
    assert (before.name, now.name) == ("Pemilu 2024", "Pilkada 2024")
    assert len(before.x) == len(now.x) == 6
    assert before.marker.symbol != now.marker.symbol  # shapes differ, not only colours
    assert any("Perubahan: −" in h and "poin" in h for h in now.customdata)
    assert fig.layout.xaxis.title.text == "Partisipasi pemilih (%)"


def test_reach_scatter_has_every_kelurahan_the_line_and_r(sample_con):
    frame = participation.outreach_vs_turnout(sample_con, PILKADA, ALL)
    stats = participation.correlation(frame["dijangkau_per_1000"], frame["partisipasi_persen"])
    fig = figures.reach_scatter(frame, stats, "id")
    points = [tr for tr in fig.data if tr.mode == "markers"]
    assert len(points) == 6  # one trace (colour) per kecamatan
    assert sum(len(tr.x) for tr in points) == 68
    line = [tr for tr in fig.data if tr.mode == "lines"]
    assert len(line) == 1 and line[0].name == "Garis regresi"
    annotation = fig.layout.annotations[0].text
    assert annotation.startswith("n = 68 · r = 0,")
    assert ";" in annotation  # Indonesian decimals take commas, so the interval is split by a semicolon
    assert fig.layout.xaxis.title.text == "Warga dijangkau per 1.000 pemilih"
    assert fig.layout.yaxis.title.text == "Partisipasi pemilih (%)"


def test_reach_scatter_without_a_line_when_r_is_unknown():
    frame = pd.DataFrame({"kode": ["a", "b"], "nama": ["A", "B"], "kecamatan": ["K", "K"],
                          "dijangkau_per_1000": [1.0, 2.0], "partisipasi_persen": [60.0, 70.0]})
    fig = figures.reach_scatter(frame, participation.correlation([1, 2], [60, 70]), "en")
    assert [tr.mode for tr in fig.data] == ["markers"]
    assert fig.layout.annotations[0].text == "n = 2 · r = – [–, –]"


def test_stats_label_in_both_languages():
    stats = {"n": 1234, "r": -0.456, "ci_low": -0.6, "ci_high": -0.3}
    assert figures.stats_label(stats, "id") == "n = 1.234 · r = −0,46 [−0,60; −0,30]"
    assert figures.stats_label(stats, "en") == "n = 1,234 · r = −0.46 [−0.60, −0.30]"


def test_gaps_are_grouped_bars_per_kecamatan(sample_con):
    fig = figures.gaps(participation.turnout_gaps(sample_con, PILKADA, ALL, "kecamatan"), "id")
    assert _kinds(fig) == ["bar", "bar"]
    assert fig.layout.barmode == "group"
    women, disabled = fig.data
    assert (women.name, disabled.name) == ("Perempuan − laki-laki", "Pemilih disabilitas − semua pemilih")
    assert len(women.y) == len(disabled.y) == 6
    assert all(v > 0 for v in women.x) and all(v < 0 for v in disabled.x)
    assert fig.layout.xaxis.title.text == "Selisih partisipasi (poin persen)"
    assert women.text[0].startswith("+") and "," in women.text[0]


def test_repeated_area_names_get_their_kecamatan():
    frame = pd.DataFrame({"nama": ["Babakan", "Babakan", "Sempur"], "kecamatan": ["Satu", "Dua", "Dua"]})
    assert figures.area_labels(frame) == ["Babakan (Satu)", "Babakan (Dua)", "Sempur"]


def test_lowest_tps_are_the_tps_table_from_the_lowest_turnout_with_their_count(sample_con):
    every = participation.tps_turnout(sample_con, PILKADA, ALL)
    ordered = every.sort_values(["partisipasi_persen", "kode_kelurahan", "nomor_tps"]).reset_index(drop=True)
    first, total = participation.lowest_tps(sample_con, PILKADA, ALL, limit=25)
    assert total == len(every) == 1530
    pd.testing.assert_frame_equal(first, ordered.head(25), check_dtype=False)
    assert first["partisipasi_persen"].is_monotonic_increasing


def test_reach_scatter_of_a_province_is_one_webgl_trace_not_one_per_kecamatan():
    n = 3_000
    frame = pd.DataFrame({"kode": [f"k{i}" for i in range(n)], "nama": [f"Kel {i}" for i in range(n)],
                          "kecamatan": [f"Kec {i // 3}" for i in range(n)],
                          "dijangkau_per_1000": np.linspace(0, 300, n), "partisipasi_persen": np.linspace(50, 90, n)})
    stats = participation.correlation(frame["dijangkau_per_1000"], frame["partisipasi_persen"])
    fig = figures.reach_scatter(frame, stats, "id")
    points = [tr for tr in fig.data if tr.mode == "markers"]
    assert len(points) == 1 and points[0].type == "scattergl" and len(points[0].x) == n
    assert points[0].customdata[0] == "Kel 0 (Kec 0)"
    assert "%{x:,.1f}" in points[0].hovertemplate and "Kec" not in points[0].hovertemplate
    assert fig.layout.separators == ",."  # Indonesian: decimal comma, thousands dot
    assert [tr.mode for tr in fig.data].count("lines") == 1


def test_area_rates_are_the_same_for_every_kind_of_column():
    # area_metrics' rates read numpy columns as they are and nullable or object ones with NaN for missing values:
    # each kind gives what the Float64 arithmetic gives (missing where a value is missing or the base is not positive).
    num = [7, 0, 3, 5, 2]
    den = [9, 4, 0, -1, 3]
    want = pd.array([77.78, 0.0, None, None, 66.67], dtype="Float64")
    kinds = {
        "int64": lambda v: pd.Series(v, dtype="int64"),
        "float64": lambda v: pd.Series(v, dtype="float64"),
        "Int64": lambda v: pd.Series(v, dtype="Int64"),
        "object": lambda v: pd.Series(v, dtype=object),
    }
    for a, make_num in kinds.items():
        for b, make_den in kinds.items():
            got = areas._ratio(make_num(num), make_den(den), 100)
            assert got.array.equals(want), (a, b, got.array)
    missing = areas._ratio(pd.Series([1.0, np.nan, 2.0]), pd.Series([pd.NA, 2, 4], dtype="Int64"), 100)
    assert missing.isna().tolist() == [True, True, False] and missing[2] == 50.0
