"""docs/DATA.md documents every table and view an analyst finds in a database the dashboard has used."""

from __future__ import annotations

import re
from pathlib import Path

from analytics import facts, totals
from analytics.queries import areas
from analytics.filters import Filters, Scope

DOC = Path(__file__).resolve().parents[1] / "docs" / "DATA.md"


def test_every_table_and_view_has_a_heading_in_data_md(sample_rw):
    con = sample_rw
    # Build the derived tables as a first view does.
    assert totals.refresh(con)
    assert facts.available(con, "pilkada2024")
    areas.area_metrics(con, Filters(pemilihan="pilkada2024"), Scope.everything(), "kelurahan")
    names = {r[0] for r in con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'").fetchall()}
    assert len(names) > 30
    headings = " ".join(re.findall(r"^###\s+(.*)$", DOC.read_text(encoding="utf-8"), flags=re.MULTILINE))
    documented = set(re.findall(r"[a-z_]+", headings))
    assert sorted(names - documented) == []
