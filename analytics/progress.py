"""Progress towards each turnout target per area: turnout once results exist, outreach before."""

from __future__ import annotations

import pandas as pd

SEGMENTS = ("semua", "perempuan", "disabilitas", "pemula")

# segment → (turnout column, reach column, reach numerator, reach denominator) in area_metrics' frame.
# First-time voters have no turnout column: form C.Hasil does not count them, so their progress is always reach.
_COLUMNS = {
    "semua": ("partisipasi_persen", "memilih", "terdaftar", "dijangkau", "dpt"),
    "perempuan": ("partisipasi_perempuan_persen", "memilih_perempuan", "terdaftar_perempuan",
                  "perempuan_dijangkau", "dpt_perempuan"),
    "disabilitas": ("partisipasi_disabilitas_persen", "memilih_disabilitas", "terdaftar_disabilitas",
                    "disabilitas_dijangkau", "dpt_disabilitas"),
    "pemula": (None, None, None, "pemula_dijangkau", "dpt_pemula"),
}


def progress_measure(metrics: pd.DataFrame, segment: str) -> str:
    """'partisipasi' when the areas have voting results for the segment, else 'jangkauan' (outreach)."""
    turnout, _, registered, _, _ = _COLUMNS[segment]
    if turnout is None or registered not in metrics or metrics[registered].fillna(0).sum() <= 0:
        return "jangkauan"
    return "partisipasi"


def segment_progress(metrics: pd.DataFrame, segment: str) -> pd.DataFrame:
    """One row per area of `metrics` (area_metrics' frame) with nilai_persen, pembilang, penyebut, target_persen.

    nilai_persen is the segment's turnout when results exist, else the people reached as a share of the
    segment's registered voters (a person at two activities counts twice, so it can pass 100 %)."""
    if segment not in _COLUMNS:
        raise ValueError(f"unknown segment {segment!r}")
    turnout, voted, registered, reached, dpt = _COLUMNS[segment]
    measure = progress_measure(metrics, segment)
    if measure == "partisipasi":
        value, num, den = metrics[turnout], metrics[voted], metrics[registered]
    else:
        num, den = metrics[reached], metrics[dpt]
        den_f = den.astype("Float64")
        value = (100 * num.astype("Float64") / den_f.where(den_f > 0)).round(2)
    return pd.DataFrame({
        "kode": metrics["kode"], "nama": metrics["nama"], "kecamatan": metrics["kecamatan"],
        "nilai_persen": value.astype("Float64"), "pembilang": num, "penyebut": den,
        "target_persen": metrics[f"target_{segment}"].astype("Float64"), "ukuran": measure,
    }).reset_index(drop=True)
