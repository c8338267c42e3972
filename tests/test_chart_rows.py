"""Area charts of a province or the country draw the areas furthest behind, say so, and keep the table whole."""

from __future__ import annotations

import pandas as pd

from analytics.figures import base


def test_furthest_behind_keeps_the_lowest_in_their_order_and_unknowns_last():
    frame = pd.DataFrame({"nama": list("abcdef"), "nilai": [5.0, None, 1.0, 9.0, 3.0, None]})
    shown = base.furthest_behind(frame, "nilai", most=3)
    assert list(shown["nama"]) == ["a", "c", "e"]
    # Four known values, then the first unknown one.
    assert list(base.furthest_behind(frame, "nilai", most=5)["nama"]) == ["a", "b", "c", "d", "e"]
    assert base.furthest_behind(frame, "nilai", most=10) is frame


def test_pages_cap_their_area_charts_and_say_so(open_page, monkeypatch):
    monkeypatch.setattr(base, "MAX_BARS", 3)
    monkeypatch.setattr(base.furthest_behind, "__defaults__", (3,))
    for page, args in (("pages/ringkasan.py", {}), ("pages/partisipasi.py", {"partisipasi_tingkat": "kelurahan"}),
                       ("pages/pemula_disabilitas.py", {})):
        at = open_page(page, **args)
        assert not at.exception, page
        captions = [c.value for c in at.caption]
        assert any("dengan nilai terendah dari 6" in c or "dengan nilai terendah dari 68" in c for c in captions), \
            (page, captions)
