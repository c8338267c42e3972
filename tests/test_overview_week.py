"""The headline tiles' "a week earlier" figures, computed in the same pass as the current ones, are exactly the
current figures of the same view cut off a week before its newest activity."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import replace

import pytest

from analytics.filters import Filters, Scope
from analytics.queries import overview

TODAY = dt.date(2024, 11, 1)
BASE = Filters("pilkada2024")
VIEWS = {
    "kota": (BASE, Scope.everything()),
    "kecamatan": (replace(BASE, kecamatan=("32.71.05",)), Scope.everything()),
    "ppk": (BASE, Scope(("32.71.05",))),
    "periode": (replace(BASE, mulai=dt.date(2024, 9, 4), sampai=dt.date(2024, 10, 9)), Scope.everything()),
    "sekolah": (replace(BASE, jenis=("sosialisasi_sekolah",)), Scope.everything()),
    "satu_rw": (replace(BASE, kelurahan=("32.71.03.1006",), rw=(7,)), Scope.everything()),
    "ketuk_pintu_pps": (replace(BASE, jenis=("ketuk_pintu",), penyelenggara=("PPS",)), Scope.everything()),
}


@pytest.mark.parametrize("name", list(VIEWS))
def test_week_ago_is_the_view_cut_a_week_before_its_newest_activity(sample_con, name):
    filters, scope = VIEWS[name]
    k = overview.overview_kpis(sample_con, filters, scope, today=TODAY)
    assert k.as_of is not None and k.now.kegiatan > 0
    earlier = overview.overview_kpis(sample_con, filters.until(k.as_of - dt.timedelta(days=7)), scope, today=TODAY)
    assert dataclasses.asdict(k.week_ago) == dataclasses.asdict(earlier.now)
    assert k.week_ago.kegiatan <= k.now.kegiatan


def test_no_activity_means_no_change(sample_con):
    k = overview.overview_kpis(sample_con, replace(BASE, mulai=dt.date(2020, 1, 1), sampai=dt.date(2020, 1, 2)),
                               Scope.everything(), today=TODAY)
    assert k.now.kegiatan == 0 and k.week_ago == k.now
