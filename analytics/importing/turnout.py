"""Row rules for TPS results (form C.Hasil): known TPS area, voters within registered, sexes adding up."""

from __future__ import annotations

import pandas as pd

from analytics.importing.parse import parse_positive_int
from analytics.importing.read import Table
from analytics.importing.rules import Checked, Checker, Context, area_pairs, election_for_rows

KEYS = ["kode_pemilihan", "kode_kelurahan", "nomor_tps"]
VALUES = ["kode_kecamatan", "terdaftar_laki_laki", "terdaftar_perempuan", "terdaftar_total", "memilih_laki_laki",
          "memilih_perempuan", "memilih_total", "terdaftar_disabilitas", "memilih_disabilitas"]


def check(table: Table, ctx: Context) -> tuple[Checked, int]:
    """Validate every row; return the good rows typed for the turnout table (and 0 masked cells)."""
    c = Checker(table)
    election = election_for_rows(c, ctx)
    kec, kel = area_pairs(c, ctx, kelurahan_required=True)
    tps = c.parse("nomor_tps", lambda s: parse_positive_int(s, "tps"), required="isi nomor TPS")
    need = "isi angkanya (0 bila tidak ada)"
    reg = {s: pd.Series(c.counts(f"terdaftar_{s}", required=need), index=c.index) for s in ("laki_laki", "perempuan")}
    vot = {s: pd.Series(c.counts(f"memilih_{s}", required=need), index=c.index) for s in ("laki_laki", "perempuan")}
    reg_total = sum_checked(c, reg, "terdaftar_total", "pemilih terdaftar")
    vot_total = sum_checked(c, vot, "memilih_total", "pengguna hak pilih")
    for s, what in (("laki_laki", "pemilih laki-laki"), ("perempuan", "pemilih perempuan")):
        c.not_greater(vot[s], f"memilih_{s}", reg[s], f"terdaftar_{s}", what)
    c.not_greater(vot_total, "memilih_total", reg_total, "terdaftar_total", "pengguna hak pilih")
    reg_dis = pd.Series(c.counts("terdaftar_disabilitas"), index=c.index)
    vot_dis = pd.Series(c.counts("memilih_disabilitas"), index=c.index)
    c.not_greater(reg_dis, "terdaftar_disabilitas", reg_total, "terdaftar_total", "pemilih disabilitas terdaftar")
    c.not_greater(vot_dis, "memilih_disabilitas", reg_dis, "terdaftar_disabilitas", "pemilih disabilitas yang memilih")
    c.fail(vot_dis.notna() & reg_dis.isna(), "memilih_disabilitas",
           "diisi tetapi jumlah pemilih disabilitas terdaftar kosong; isi keduanya")
    good = pd.DataFrame({
        "kode_pemilihan": election, "kode_kecamatan": kec, "kode_kelurahan": kel,
        "nomor_tps": pd.array(tps, dtype="Int64"),
        "terdaftar_laki_laki": reg["laki_laki"], "terdaftar_perempuan": reg["perempuan"], "terdaftar_total": reg_total,
        "memilih_laki_laki": vot["laki_laki"], "memilih_perempuan": vot["perempuan"], "memilih_total": vot_total,
        "terdaftar_disabilitas": reg_dis, "memilih_disabilitas": vot_dis,
    }, index=c.index)
    return c.result(good), 0


def sum_checked(c: Checker, parts: dict[str, pd.Series], total_col: str, what: str) -> pd.Series:
    """men + women; if the file also gives a total, it must equal that sum."""
    total = parts["laki_laki"] + parts["perempuan"]
    if c.has(total_col):
        given = pd.Series(c.counts(total_col), index=c.index)
        bad = given.notna() & total.notna() & (given != total).fillna(False)
        if bad.any():
            msg = pd.Series([f"jumlah {what} {g} tidak sama dengan laki-laki + perempuan ({t})"
                             for g, t in zip(given[bad], total[bad])], index=given[bad].index)
            c.fail(bad, total_col, msg)
    return total
