"""Invented but real-sounding venues for the sample: schools, RW halls, community groups."""

from __future__ import annotations

import numpy as np
import pandas as pd

# Invented school names; any likeness to a real school is chance (the sample is labelled synthetic).
SCHOOL_NAMES = {
    "SMA": ["Bina Insani", "Nusa Bangsa", "Tunas Harapan", "Pakuan Mandiri", "Cahaya Ilmu", "Widya Karya",
            "Taruna Bakti", "Citra Bangsa", "Mutiara Hati", "Pelita Nusantara", "Kartika Jaya", "Dharma Putra"],
    "SMK": ["Karya Mandiri", "Teknologi Pakuan", "Bina Niaga", "Wira Buana", "Informatika Nusantara",
            "Farmasi Bogor Raya", "Kesehatan Bhakti", "Pariwisata Kencana", "Mekanika Utama", "Multimedia Cendekia"],
    "MA": ["Al-Hidayah", "Nurul Falah", "Darul Ulum", "Al-Ikhlas", "Miftahul Huda", "Al-Muhajirin", "Baitul Hikmah"],
    "SLB": ["Bina Asih", "Harapan Kasih", "Nurani Insani", "Dharma Wanita Pakuan"],
}
RW_VENUES = ["Balai Warga RW {rw:02d}", "Pos RW {rw:02d}", "Masjid Jami RW {rw:02d}", "Aula Posyandu RW {rw:02d}",
             "Lapangan RW {rw:02d}", "Musala RW {rw:02d}"]
ORMAS_VENUES = ["Majelis Taklim {kel}", "Karang Taruna Kelurahan {kel}", "PKK Kelurahan {kel}",
                "Forum RW se-Kelurahan {kel}", "Ikatan Remaja Masjid {kel}", "Paguyuban Pedagang {kel}"]
DISABILITY_VENUES = ["Sekretariat PPDI Kota Bogor", "Pertuni Kota Bogor", "Gerkatin Kota Bogor",
                     "HWDI Kota Bogor", "Rumah Singgah Difabel {kel}", "Aula Kelurahan {kel} (komunitas difabel)"]
WALK_VENUES = ["Lapangan Kelurahan {kel}", "Kantor Kecamatan {kec}", "Taman Kelurahan {kel}"]
NOTES = ["Bersama Babinsa dan Bhabinkamtibmas", "Hujan, peserta lebih sedikit dari rencana",
         "Pembagian stiker dan leaflet tanggal pemungutan suara", "Dokumentasi dikirim ke grup PPK",
         "Simulasi pencoblosan", "Pemutaran video cara memilih", "Dihadiri ketua RT/RW setempat",
         "Tanya jawab tentang pindah memilih", "Pengecekan nama di cekdptonline"]


def make_schools(kelurahan: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Secondary schools (SMA/SMK/MA) spread over kelurahan, plus a few SLB, with final-year class sizes."""
    rows = []
    counters = {k: 0 for k in SCHOOL_NAMES}
    for kel in kelurahan.itertuples():
        for _ in range(rng.poisson(1.8)):
            level = str(rng.choice(["SMA", "SMK", "MA"], p=[0.4, 0.45, 0.15]))
            rows.append(_school(level, kel, rng, counters))
    for kel in kelurahan.sample(4, random_state=int(rng.integers(1 << 31))).sort_values("kode_kelurahan").itertuples():
        rows.append(_school("SLB", kel, rng, counters))
    return pd.DataFrame(rows)


def _school(level: str, kel, rng: np.random.Generator, counters: dict[str, int]) -> dict:
    counters[level] += 1
    pool = SCHOOL_NAMES[level]
    n = counters[level]
    base = pool[(n - 1) % len(pool)]
    name = f"{level} {base}" if n <= len(pool) else f"{level} {base} {kel.nama}"
    # Final-year classes: a big state SMA has ~400, most private schools far fewer.
    size = {"SMA": (60, 320), "SMK": (60, 360), "MA": (25, 120), "SLB": (8, 30)}[level]
    return {
        "id_sekolah": f"SAMPEL-{level}-{n:03d}",
        "nama": name,
        "jenjang": level,
        "kode_kelurahan": kel.kode_kelurahan,
        "rw": int(rng.integers(1, kel.jumlah_rw + 1)),
        "siswa_kelas_akhir": int(rng.integers(*size)),
        "lat": round(kel.lat + rng.normal(0, 0.003), 6),
        "lon": round(kel.lon + rng.normal(0, 0.003), 6),
    }
