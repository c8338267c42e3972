"""Progress towards targets: turnout where results exist, outreach otherwise; the bullet chart built from it."""

from __future__ import annotations

import pandas as pd
import pytest

from analytics import progress
from analytics.figures.participation import progress_bullet
from analytics.filters import Filters, Scope
from analytics.queries.areas import area_metrics

ALL = Scope.everything()


def test_turnout_when_results_exist(sample_con):
    metrics = area_metrics(sample_con, Filters(pemilihan="pilkada2024"), ALL, "kecamatan")
    out = progress.segment_progress(metrics, "semua")
    assert set(out["ukuran"]) == {"partisipasi"}
    utara = out[out["nama"] == "Bogor Utara"].iloc[0]
    assert utara["nilai_persen"] == pytest.approx(100 * utara["pembilang"] / utara["penyebut"], abs=0.01)
    assert utara["target_persen"] == 90
    # The lagging kecamatan of the sample is the lowest.
    assert out.sort_values("nilai_persen")["nama"].iloc[0] == "Bogor Utara"


def test_first_time_voters_are_always_outreach(sample_con):
    metrics = area_metrics(sample_con, Filters(pemilihan="pilkada2024"), ALL, "kecamatan")
    out = progress.segment_progress(metrics, "pemula")
    assert set(out["ukuran"]) == {"jangkauan"}
    assert out["pembilang"].sum() == metrics["pemula_dijangkau"].sum()
    assert out["penyebut"].sum() == metrics["dpt_pemula"].sum()


def test_outreach_before_results():
    metrics = pd.DataFrame({
        "kode": ["a", "b"], "nama": ["A", "B"], "kecamatan": ["A", "B"],
        "memilih_perempuan": [None, None], "terdaftar_perempuan": [None, None],
        "partisipasi_perempuan_persen": [None, None],
        "perempuan_dijangkau": [50, 0], "dpt_perempuan": [200, 0], "target_perempuan": [80.0, None],
    })
    out = progress.segment_progress(metrics, "perempuan")
    assert list(out["ukuran"]) == ["jangkauan", "jangkauan"]
    assert out["nilai_persen"].iloc[0] == 25
    assert pd.isna(out["nilai_persen"].iloc[1])  # no DPT: unknown, not zero


def test_unknown_segment():
    with pytest.raises(ValueError):
        progress.segment_progress(pd.DataFrame(), "lansia")


def test_bullet_widens_the_axis_past_100_and_marks_targets():
    frame = pd.DataFrame({"nama": ["A", "B"], "kecamatan": ["A", "B"], "nilai_persen": [133.2, 40.0],
                          "target_persen": [85.0, None], "pembilang": [1332, 40], "penyebut": [1000, 100]})
    fig = progress_bullet(frame, "id", value_name="Dijangkau", counts_name="Dijangkau / DPT", axis_title="x")
    bars, ticks = fig.data
    assert list(bars.y) == ["A", "B"] and fig.layout.yaxis.categoryarray == ("A", "B")
    assert fig.layout.xaxis.range[1] > 133.2
    assert list(ticks.x) == [85.0] and list(ticks.y) == ["A"]
    assert "133,2 %" in bars.text[0]
    assert "1.332 / 1.000" in bars.customdata[0]
