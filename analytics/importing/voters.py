"""Row rules for DPT aggregates per kelurahan: total = men + women, first-time and disabled within the total."""

from __future__ import annotations

import pandas as pd

from analytics.importing.read import Table
from analytics.importing.rules import Checked, Checker, Context, area_pairs, election_for_rows
from analytics.importing.turnout import sum_checked

KEYS = ["kode_pemilihan", "kode_kelurahan"]
VALUES = ["total", "laki_laki", "perempuan", "pemula", "disabilitas", "jumlah_tps"]


def check(table: Table, ctx: Context) -> tuple[Checked, int]:
    """Validate every row; return the good rows typed for the voters table (and 0 masked cells)."""
    c = Checker(table)
    election = election_for_rows(c, ctx)
    _, kel = area_pairs(c, ctx, kelurahan_required=True)
    need = "isi angkanya (0 bila tidak ada)"
    sexes = {s: pd.Series(c.counts(s, required=need), index=c.index) for s in ("laki_laki", "perempuan")}
    total = sum_checked(c, sexes, "total", "pemilih")
    pemula = pd.Series(c.counts("pemula"), index=c.index)
    dis = pd.Series(c.counts("disabilitas"), index=c.index)
    c.not_greater(pemula, "pemula", total, "total", "pemilih pemula")
    c.not_greater(dis, "disabilitas", total, "total", "pemilih disabilitas")
    tps = pd.Series(c.counts("jumlah_tps"), index=c.index)
    good = pd.DataFrame({
        "kode_pemilihan": election, "kode_kelurahan": kel, "total": total, "laki_laki": sexes["laki_laki"],
        "perempuan": sexes["perempuan"], "pemula": pemula, "disabilitas": dis, "jumlah_tps": tps,
    }, index=c.index)
    return c.result(good), 0
