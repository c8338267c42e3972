"""Row rules for turnout targets: a known area, a segment, who set it, a percentage in (0, 100]."""

from __future__ import annotations

import pandas as pd

from analytics.importing.headers import normalise
from analytics.importing.names import AreaMatch
from analytics.importing.parse import parse_percent
from analytics.importing.personal import mask
from analytics.importing.read import Table
from analytics.importing.rules import Checked, Checker, Context, election_for_rows

KEYS = ["kode_pemilihan", "kode_wilayah", "segmen", "penetap"]
VALUES = ["target_persen", "utama", "sumber"]

SEGMENTS = {
    "semua": ("semua", "umum", "seluruh", "seluruh pemilih", "semua pemilih", "total", "all", "keseluruhan",
              "pemilih", "dpt", "partisipasi"),
    "pemula": ("pemula", "pemilih pemula", "first time", "first time voters", "milenial", "pelajar"),
    "disabilitas": ("disabilitas", "pemilih disabilitas", "penyandang disabilitas", "difabel", "disabled"),
    "perempuan": ("perempuan", "pemilih perempuan", "wanita", "women"),
}
_SEGMENT_KEYS = {normalise(s): code for code, spellings in SEGMENTS.items() for s in spellings}
_YES = {"ya", "y", "yes", "true", "1", "utama", "benar"}
_NO = {"tidak", "t", "no", "false", "0", "bukan", "n"}


def match_segment(text: str) -> AreaMatch:
    code = _SEGMENT_KEYS.get(normalise(text))
    if code:
        return AreaMatch(code, code, corrected=normalise(text) != code)
    return AreaMatch(error=f"segmen '{text}' tidak dikenal; pilih semua, pemula, disabilitas atau perempuan")


def check(table: Table, ctx: Context) -> tuple[Checked, int]:
    """Validate every row; return the good rows typed for the targets table, and how many cells were masked."""
    c = Checker(table)
    election = election_for_rows(c, ctx)
    area = c.match_unique(c.text("wilayah"), "wilayah", ctx.regions.match_any, "wilayah")
    c.fail(c.text("wilayah") == "", "wilayah", "kosong; isi nama atau kode kab/kota, kecamatan atau kelurahan")
    raw_segment = c.text("segmen").str.strip()
    segment = c.match_unique(raw_segment, "segmen", match_segment, "segmen").where(raw_segment != "", "semua")
    penetap, masked_p = mask(c.text("penetap").str.strip())
    c.fail(penetap == "", "penetap", "kosong; isi siapa yang menetapkan target, misalnya KPU Kota Bogor")
    pct = c.parse("target_persen", parse_percent, required="isi target dalam persen, misalnya 90")
    num = pct.astype(float)
    fraction = num.notna() & (num > 0) & (num < 1)
    c.fail(fraction, "target_persen", num[fraction].map(
        lambda v: f"{str(v).replace('.', ',')} terlalu kecil untuk persen; mungkin maksudnya {v * 100:g} %"))
    outside = num.notna() & ~fraction & ((num <= 0) | (num > 100))
    c.fail(outside, "target_persen", num[outside].map(lambda v: f"{v:g} di luar rentang lebih dari 0 sampai 100 %"))
    raw_main = c.text("utama").str.strip().str.lower()
    main = raw_main.map(lambda v: True if v in _YES or v == "" else (False if v in _NO else None))
    c.fail(main.isna(), "utama", "isi ya atau tidak")
    sumber, masked_s = mask(c.text("sumber").str.strip())
    good = pd.DataFrame({
        "kode_pemilihan": election, "kode_wilayah": area, "segmen": segment, "penetap": penetap,
        "target_persen": num.round(2), "utama": main.astype("boolean"), "sumber": sumber.where(sumber != "", None),
    }, index=c.index)
    return c.result(good), masked_p + masked_s
