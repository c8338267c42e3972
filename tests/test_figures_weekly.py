"""The weekly activity chart, checked on the Figure object built from the sample."""

from __future__ import annotations

import datetime as dt

from analytics.figures.weekly import weekly_activity_figure
from analytics.filters import Filters, Scope
from analytics.queries import options, overview

ELECTION_DAY = dt.date(2024, 11, 27)


def _figure(con, lang="id", **kwargs):
    weekly = overview.weekly_activity(con, Filters(pemilihan="pilkada2024"), Scope.everything())
    return weekly, weekly_activity_figure(weekly, options.activity_types(con), ELECTION_DAY, lang, **kwargs)


def test_one_stacked_bar_trace_per_type_present_and_a_cumulative_line(sample_con):
    weekly, fig = _figure(sample_con)
    bars = [tr for tr in fig.data if tr.type == "bar"]
    assert len(bars) == weekly["jenis_kegiatan"].nunique()
    assert fig.layout.barmode == "stack"
    assert sum(sum(b.y) for b in bars) == weekly["kegiatan"].sum()
    line = fig.data[-1]
    assert line.type == "scatter" and line.yaxis == "y2"
    assert line.y[-1] == weekly["dijangkau"].sum()
    assert list(line.y) == sorted(line.y)  # cumulative


def test_election_day_is_marked_and_labels_are_indonesian(sample_con):
    _, fig = _figure(sample_con)
    assert any(a.text == "Hari pemungutan suara" for a in fig.layout.annotations)
    assert len(fig.layout.shapes) == 1 and fig.layout.shapes[0].line.dash == "dash"
    assert fig.layout.separators == ",."
    # One short tick per month: readable at phone width.
    assert list(fig.layout.xaxis.ticktext) == ["Jul", "Agu", "Sep", "Okt", "Nov"]
    assert fig.layout.title.text.startswith("Kegiatan per minggu")


def test_untitled_for_pages_and_english(sample_con):
    _, fig = _figure(sample_con, "en", titled=False)
    assert fig.layout.title.text is None
    assert fig.layout.separators == ".,"
    english = set(options.activity_types(sample_con)["nama_en"])
    assert {tr.name for tr in fig.data if tr.type == "bar"} <= english


def test_a_short_period_gets_week_ticks(sample_con):
    filters = Filters(pemilihan="pilkada2024", mulai=dt.date(2024, 10, 1), sampai=dt.date(2024, 10, 20))
    weekly = overview.weekly_activity(sample_con, filters, Scope.everything())
    fig = weekly_activity_figure(weekly, options.activity_types(sample_con), ELECTION_DAY, "id")
    assert all(" Okt" in t or " Sep" in t for t in fig.layout.xaxis.ticktext)
