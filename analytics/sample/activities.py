"""A synthetic outreach campaign: every activity type, growing towards election day, with uneven coverage."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analytics.sample import places


@dataclass(frozen=True)
class Campaign:
    """What the generator needs to know about the city and the election."""

    kode_kabkota: str
    kabkota: str
    start: dt.date
    end: dt.date
    kelurahan: pd.DataFrame  # kode_kelurahan, kode_kecamatan, nama, kecamatan, jumlah_rw, lat, lon
    schools: pd.DataFrame
    markets: pd.DataFrame  # nama, kode_kelurahan
    kecamatan_effort: dict[str, float]  # 1.0 = an ordinary PPK; a lagging one is well below


class _Days:
    """Draws activity dates: more activity as election day nears, weekday patterns per activity type."""

    def __init__(self, start: dt.date, end: dt.date):
        self.days = pd.date_range(start, end, freq="D")
        progress = np.linspace(0.0, 1.0, len(self.days))
        self.ramp = 0.3 + progress**1.6
        self.dow = self.days.day_of_week.to_numpy()

    def draw(self, rng: np.random.Generator, n: int, *, weekdays: tuple[int, ...] = tuple(range(7)),
             earliest: dt.date | None = None) -> list[dt.date]:
        weights = self.ramp * np.isin(self.dow, weekdays)
        if earliest is not None:
            weights = weights * (self.days.date >= earliest)
        picks = rng.choice(len(self.days), size=n, p=weights / weights.sum())
        return [self.days[i].date() for i in picks]


def make_activities(c: Campaign, rng: np.random.Generator) -> pd.DataFrame:
    """Every activity of the campaign, sorted by date (sorted rows keep DuckDB's zone maps useful)."""
    days = _Days(c.start, c.end)
    kel = c.kelurahan.copy()
    # Each kelurahan's PPS works with its own energy; its PPK's effort scales it.
    kel["effort"] = np.clip(rng.lognormal(0.0, 0.3, len(kel)), 0.4, 1.8) * kel["kode_kecamatan"].map(c.kecamatan_effort)
    rows: list[dict] = []
    rows += _door_to_door_and_rw_meetings(c, kel, days, rng)
    rows += _schools(c, kel, days, rng)
    rows += _markets(c, days, rng)
    rows += _community(c, kel, days, rng)
    rows += _posts_and_media(c, kel, days, rng)
    frame = pd.DataFrame(rows)
    for col in ("peserta_pemula", "peserta_disabilitas", "peserta_perempuan"):
        frame[col] = np.minimum(frame[col], frame["jumlah_peserta"])
    frame["kode_kabkota"] = c.kode_kabkota
    return frame.sort_values(["tanggal", "kode_kelurahan", "jenis_kegiatan"], na_position="first", kind="stable") \
        .reset_index(drop=True)


def _row(jenis: str, tanggal: dt.date, penyelenggara: str, *, kec: str | None, kel: str | None = None,
         rw: int | None = None, lokasi: str, peserta: int = 0, pemula: int = 0, disabilitas: int = 0,
         perempuan: int = 0, rumah: int | None = None, sekolah: str | None = None,
         point: tuple[float, float] | None = None, keterangan: str | None = None) -> dict:
    return {
        "tanggal": tanggal, "jenis_kegiatan": jenis, "kode_kecamatan": kec, "kode_kelurahan": kel, "rw": rw,
        "lokasi": lokasi, "penyelenggara": penyelenggara, "jumlah_peserta": int(peserta),
        "peserta_pemula": int(pemula), "peserta_disabilitas": int(disabilitas), "peserta_perempuan": int(perempuan),
        "rumah_dikunjungi": rumah, "id_sekolah": sekolah,
        "lat": None if point is None else round(point[0], 6), "lon": None if point is None else round(point[1], 6),
        "keterangan": keterangan,
    }


def _near(k, rng: np.random.Generator, spread: float = 0.004, share: float = 0.65) -> tuple[float, float] | None:
    """A point near the kelurahan centre for most rows; operators leave lat/lon empty for the rest."""
    if rng.random() > share:
        return None
    return (k.lat + rng.normal(0, spread), k.lon + rng.normal(0, spread))


def _note(rng: np.random.Generator, p: float = 0.25) -> str | None:
    return str(rng.choice(places.NOTES)) if rng.random() < p else None


def _people(rng: np.random.Generator, n: int, women: float, first: float, disabled: float) -> dict:
    return {"peserta": n, "perempuan": rng.binomial(n, women), "pemula": rng.binomial(n, first),
            "disabilitas": rng.binomial(n, disabled)}


def _door_to_door_and_rw_meetings(c: Campaign, kel: pd.DataFrame, days: _Days, rng) -> list[dict]:
    """PPS knock on doors RW by RW and hold RW meetings; RWs outside the covered set are never visited."""
    rows = []
    for k in kel.itertuples():
        n_rw = int(k.jumlah_rw)
        coverage = float(np.clip(0.72 * k.effort, 0.1, 0.97))
        covered = [rw for rw in range(1, n_rw + 1) if rng.random() < coverage]
        for rw in covered:
            for tanggal in days.draw(rng, int(rng.integers(1, 4))):
                rumah = int(rng.integers(15, 75))
                people = _people(rng, int(rumah * rng.uniform(1.3, 2.2)), 0.56, 0.012, 0.008)
                rows.append(_row("ketuk_pintu", tanggal, "PPS", kec=k.kode_kecamatan, kel=k.kode_kelurahan, rw=rw,
                                 lokasi=f"RT 0{rng.integers(1, 5)}–0{rng.integers(5, 9)} RW {rw:02d}", rumah=rumah,
                                 point=_near(k, rng, 0.003), keterangan=_note(rng, 0.15), **people))
        meetings = rng.poisson(14 * k.effort) if covered else 0
        for tanggal in days.draw(rng, meetings):
            rw = int(rng.choice(covered))
            people = _people(rng, int(rng.integers(25, 120)), 0.52, 0.02, 0.01)
            venue = str(rng.choice(places.RW_VENUES)).format(rw=rw)
            rows.append(_row("sosialisasi_rw", tanggal, "PPS", kec=k.kode_kecamatan, kel=k.kode_kelurahan, rw=rw,
                             lokasi=venue, point=_near(k, rng), keterangan=_note(rng), **people))
    return rows


def _schools(c: Campaign, kel: pd.DataFrame, days: _Days, rng) -> list[dict]:
    """School visits for first-time voters; some schools are never reached."""
    rows = []
    effort = kel.set_index("kode_kelurahan")["effort"]
    kec_of = kel.set_index("kode_kelurahan")["kode_kecamatan"]
    # The school year starts mid-July; no visits on Sundays.
    term = dt.date(c.start.year, 7, 15)
    for s in c.schools.itertuples():
        if rng.random() > np.clip(0.7 * effort[s.kode_kelurahan], 0.05, 0.95):
            continue
        for tanggal in days.draw(rng, int(rng.integers(1, 3)), weekdays=(0, 1, 2, 3, 4, 5), earliest=term):
            n = int(s.siswa_kelas_akhir * rng.uniform(0.6, 1.05)) + int(rng.integers(2, 8))
            people = {"peserta": n, "perempuan": rng.binomial(n, 0.5), # Only students who turned 17 since the last election are first-time voters.
                      "pemula": rng.binomial(n, 0.35),
                      "disabilitas": rng.binomial(n, 0.6 if s.jenjang == "SLB" else 0.003)}
            by_kpu = rng.random() < 0.15
            rows.append(_row("sosialisasi_sekolah", tanggal, "KPU" if by_kpu else "PPS", kec=kec_of[s.kode_kelurahan],
                             kel=s.kode_kelurahan, rw=int(s.rw), lokasi=s.nama, sekolah=s.id_sekolah,
                             point=(s.lat, s.lon) if rng.random() < 0.8 else None,
                             keterangan="KPU Goes to School" if by_kpu else _note(rng, 0.2), **people))
    return rows


def _markets(c: Campaign, days: _Days, rng) -> list[dict]:
    """Gerebek Pasar: PPK (sometimes with KPU) in the big markets."""
    rows = []
    kel = c.kelurahan.set_index("kode_kelurahan")
    for m in c.markets.itertuples():
        k = kel.loc[m.kode_kelurahan]
        visits = rng.poisson(5 * c.kecamatan_effort[k.kode_kecamatan])
        for tanggal in days.draw(rng, visits):
            people = _people(rng, int(rng.integers(40, 220)), 0.6, 0.03, 0.005)
            rows.append(_row("gerebek_pasar", tanggal, "KPU" if rng.random() < 0.3 else "PPK", kec=k.kode_kecamatan,
                             kel=m.kode_kelurahan, lokasi=m.nama, point=(k.lat + rng.normal(0, 0.001),
                                                                         k.lon + rng.normal(0, 0.001)),
                             keterangan=_note(rng), **people))
    return rows


def _community(c: Campaign, kel: pd.DataFrame, days: _Days, rng) -> list[dict]:
    """PPK community walks, ormas meetings and meetings with disability organisations."""
    rows = []
    for kec, group in kel.groupby("kode_kecamatan", sort=True):
        effort = c.kecamatan_effort[kec]
        kec_name = group["kecamatan"].iloc[0]
        for tanggal in days.draw(rng, max(1, rng.poisson(2.5 * effort)), weekdays=(6,)):
            k = group.iloc[int(rng.integers(len(group)))]
            people = _people(rng, int(rng.integers(300, 1500)), 0.55, 0.03, 0.01)
            venue = str(rng.choice(places.WALK_VENUES)).format(kel=k.nama, kec=kec_name)
            rows.append(_row("jalan_sehat", tanggal, "PPK", kec=kec, kel=k.kode_kelurahan, lokasi=venue,
                             point=_near(k, rng, 0.002, 0.9), keterangan=_note(rng), **people))
        for tanggal in days.draw(rng, rng.poisson(10 * effort)):
            k = group.iloc[int(rng.integers(len(group)))]
            venue = str(rng.choice(places.ORMAS_VENUES)).format(kel=k.nama)
            women = 0.85 if ("PKK" in venue or "Majelis" in venue) else 0.45
            people = _people(rng, int(rng.integers(20, 90)), women, 0.05, 0.01)
            rows.append(_row("ormas", tanggal, "PPK" if rng.random() < 0.5 else "PPS", kec=kec, kel=k.kode_kelurahan,
                             lokasi=venue, point=_near(k, rng), keterangan=_note(rng), **people))
        for tanggal in days.draw(rng, rng.poisson(3.5 * effort), weekdays=(0, 1, 2, 3, 4, 5)):
            k = group.iloc[int(rng.integers(len(group)))]
            venue = str(rng.choice(places.DISABILITY_VENUES)).format(kel=k.nama)
            n = int(rng.integers(12, 60))
            people = {"peserta": n, "perempuan": rng.binomial(n, 0.5), "pemula": rng.binomial(n, 0.05),
                      "disabilitas": rng.binomial(n, 0.75)}
            rows.append(_row("komunitas_disabilitas", tanggal, "KPU" if rng.random() < 0.4 else "PPK", kec=kec,
                             kel=k.kode_kelurahan, lokasi=venue, point=_near(k, rng),
                             keterangan="Sosialisasi dengan juru bahasa isyarat" if rng.random() < 0.4 else None,
                             **people))
    return rows


def _posts_and_media(c: Campaign, kel: pd.DataFrame, days: _Days, rng) -> list[dict]:
    """Social-media posts by PPK and PPS (required by KPU Kota Bogor) and KPU's media meetings."""
    rows = []
    topics = ["jadwal pemungutan suara", "cara mencoblos", "cek DPT online", "syarat pindah memilih",
              "ajakan ke TPS", "profil PPS", "hari tenang", "TPS ramah disabilitas"]
    for kec, group in kel.groupby("kode_kecamatan", sort=True):
        slug = group["kecamatan"].iloc[0].lower().replace(" ", "")
        for tanggal in days.draw(rng, rng.poisson(40 * c.kecamatan_effort[kec])):
            rows.append(_row("media_sosial", tanggal, "PPK", kec=kec, lokasi=f"Instagram @ppk.{slug}",
                             keterangan=f"Unggahan: {rng.choice(topics)}"))
    for k in kel.itertuples():
        for tanggal in days.draw(rng, rng.poisson(9 * k.effort)):
            rows.append(_row("media_sosial", tanggal, "PPS", kec=k.kode_kecamatan, kel=k.kode_kelurahan,
                             lokasi=f"Instagram @pps.{k.nama.lower().replace(' ', '')}",
                             keterangan=f"Unggahan: {rng.choice(topics)}"))
    for tanggal in days.draw(rng, 8, weekdays=(0, 1, 2, 3, 4)):
        rows.append(_row("media", tanggal, "KPU", kec=None, lokasi=f"Kantor KPU {c.kabkota}",
                         peserta=int(rng.integers(12, 40)), keterangan="Media gathering dan jumpa pers"))
    return rows
