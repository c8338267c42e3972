"""Row rules for the outreach log (activities): dates in a campaign window, known areas, types, sane counts."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analytics import fmt
from analytics.importing.names import match_organiser
from analytics.importing.parse import parse_coordinate, parse_date, parse_positive_int, per_unique
from analytics.importing.personal import mask
from analytics.importing.read import Table
from analytics.importing.rules import Checked, Checker, Context, area_pairs

COLUMNS = ["tanggal", "jenis_kegiatan", "kode_kabkota", "kode_kecamatan", "kode_kelurahan", "rw", "lokasi",
           "penyelenggara", "jumlah_peserta", "peserta_pemula", "peserta_disabilitas", "peserta_perempuan",
           "rumah_dikunjungi", "lat", "lon", "keterangan"]

# Indonesia's bounding box, as in the kelurahan table's checks.
LAT_RANGE = (-11.5, 6.5)
LON_RANGE = (94.5, 141.5)


def check(table: Table, ctx: Context) -> tuple[Checked, int]:
    """Validate every row; return the good rows typed for the activities table, and how many cells were masked."""
    c = Checker(table)
    dates = c.parse("tanggal", parse_date, required="isi tanggal kegiatan, misalnya 01/09/2024")
    _in_window(c, dates, ctx)

    types = c.match_unique(c.cells("jenis_kegiatan"), "jenis_kegiatan", ctx.types.match, "jenis kegiatan")
    c.fail(c.cells("jenis_kegiatan") == "", "jenis_kegiatan",
           f"kosong; pilih salah satu: {', '.join(ctx.types.names.values())}")

    kec, kel = area_pairs(c, ctx, kelurahan_required=False)
    # Derived once per distinct area pair, not per row.
    kab = c.areas.per_kecamatan(lambda k: k[:5] if isinstance(k, str) else None, c.index)
    no_area = (c.cells("kecamatan") == "") & (c.cells("kelurahan") == "")
    if len(ctx.regions.kabkota) == 1:
        kab = kab.where(~no_area, next(iter(ctx.regions.kabkota)))
    else:
        c.fail(no_area, "kecamatan", "kosong; basis data memuat beberapa kab/kota, isi kecamatan kegiatan")

    rw = c.parse("rw", lambda s: parse_positive_int(s, "rw"))
    _rw_exists(c, rw, kel, ctx)

    organiser = c.match_unique(c.cells("penyelenggara"), "penyelenggara", match_organiser, "penyelenggara")
    c.fail(c.cells("penyelenggara") == "", "penyelenggara", "kosong; isi KPU, PPK atau PPS")

    total = pd.Series(c.counts("jumlah_peserta"), index=c.index)
    uncounted = per_unique(types, lambda t: t is not None and not ctx.types.counts_people.get(t, True)).astype(bool)
    empty_total = c.cells("jumlah_peserta") == ""
    c.fail(empty_total & ~uncounted & types.notna(), "jumlah_peserta", "kosong; isi jumlah peserta (0 bila tidak ada)")
    total = total.where(~(empty_total & uncounted), 0)
    parts = {}
    for col, what in (("peserta_pemula", "peserta pemula"), ("peserta_disabilitas", "peserta disabilitas"),
                      ("peserta_perempuan", "peserta perempuan")):
        part = pd.Series(c.counts(col), index=c.index)
        c.not_greater(part, col, total, "jumlah_peserta", what)
        parts[col] = part.fillna(0)
    houses = pd.Series(c.counts("rumah_dikunjungi"), index=c.index)

    lat = c.parse("lat", parse_coordinate)
    lon = c.parse("lon", parse_coordinate)
    _coordinates(c, lat, lon)

    lokasi, masked_l = mask(c.cells("lokasi"))
    keterangan, masked_k = mask(c.cells("keterangan"))

    good = pd.DataFrame({
        "tanggal": pd.to_datetime(dates, errors="coerce"),
        "jenis_kegiatan": types,
        "kode_kabkota": kab,
        "kode_kecamatan": kec,
        "kode_kelurahan": kel,
        "rw": pd.array(rw, dtype="Int64"),
        "lokasi": lokasi.where(lokasi != "", None),
        "penyelenggara": organiser,
        "jumlah_peserta": pd.array(total, dtype="Int64"),
        **{k: pd.array(v, dtype="Int64") for k, v in parts.items()},
        "rumah_dikunjungi": pd.array(houses, dtype="Int64"),
        "lat": pd.array(lat, dtype="Float64"),
        "lon": pd.array(lon, dtype="Float64"),
        "keterangan": keterangan.where(keterangan != "", None),
    }, index=c.index)
    return c.result(good), masked_l + masked_k


def _in_window(c: Checker, dates: pd.Series, ctx: Context) -> None:
    windows = {}
    for d in pd.unique(dates[dates.notna()]):
        windows[d] = any(e.start <= d <= e.end for e in ctx.elections)
    outside = per_unique(dates, lambda d: d is not None and d == d and not windows.get(d, True)).astype(bool)
    if outside.any():
        named = "; ".join(e.window for e in ctx.elections) or "belum ada pemilihan di basis data"
        msg = dates[outside].map(lambda d: f"{fmt.date(d)} di luar masa sosialisasi pemilihan mana pun ({named})")
        c.fail(outside, "tanggal", msg)


def _rw_exists(c: Checker, rw: pd.Series, kel: pd.Series, ctx: Context) -> None:
    given = rw.notna()
    if not given.any():
        return
    c.fail(given & kel.isna() & (c.cells("kelurahan") == ""), "rw", "RW diisi tetapi kelurahan kosong")
    # The RW count of each row's kelurahan, looked up once per distinct area pair and compared as numbers: at
    # national scale a file names tens of thousands of kelurahan, and object columns cost per row.
    known = ctx.regions.kelurahan
    per_pair = ctx.regions.kelurahan_table["rw"].reindex(pd.Index(c.areas.kelurahan, dtype=object)).to_numpy()
    counts = per_pair[c.areas.rows] if len(per_pair) else np.full(len(rw), np.nan)
    numbers = rw.astype(float).to_numpy()
    over = pd.Series(given.to_numpy() & (numbers > counts), index=rw.index)  # NaN compares False
    if over.any():
        msg = pd.Series(
            [f"RW {int(r)} tidak ada di Kelurahan {known[k][0]} (tercatat {int(n)} RW)"
             for r, k, n in zip(rw[over], kel[over], counts[over.to_numpy()])], index=rw[over].index)
        c.fail(over, "rw", msg)


def _coordinates(c: Checker, lat: pd.Series, lon: pd.Series) -> None:
    la, lo = lat.astype(float), lon.astype(float)
    c.fail(la.notna() ^ lo.notna(), "lat" if la.isna().all() else "lon", "isi lat dan lon berdua, atau kosongkan keduanya")
    both = la.notna() & lo.notna()
    swapped = both & la.between(*LON_RANGE) & lo.between(*LAT_RANGE)
    c.fail(swapped, "lat", "lat dan lon tertukar (lat Indonesia antara -11,5 dan 6,5; lon antara 94,5 dan 141,5)")
    outside = both & ~swapped & ~(la.between(*LAT_RANGE) & lo.between(*LON_RANGE))
    c.fail(outside, "lat", "titik di luar Indonesia (lat -11,5 … 6,5; lon 94,5 … 141,5)")
