"""The seeded, deterministic synthetic sample for Kota Bogor, calibrated to the published figures."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from analytics.config import DATA_DIR
from analytics.reference import insert_frame, read_csv
from analytics.sample.activities import Campaign, make_activities
from analytics.sample.places import make_schools
from analytics.sample.turnout import make_turnout
from analytics.sample.voters import population_weights, voters_for_election

DEFAULT_SEED = 2024
GENERATOR_VERSION = "1"
# The election the campaign is generated for; the other elections in dpt_publik.csv get DPT and results only.
CAMPAIGN_ELECTION = "pilkada2024"


def generate_sample(con: duckdb.DuckDBPyConnection, data_dir: Path = DATA_DIR, seed: int = DEFAULT_SEED) -> int:
    """Fill a database holding reference data with the synthetic sample in one transaction; return its import id."""
    rng = np.random.default_rng(seed)
    sample_dir = data_dir / "sample"
    dpt = read_csv(sample_dir / "dpt_publik.csv").set_index("kode_pemilihan")
    rates = read_csv(sample_dir / "partisipasi_publik.csv")
    rates["partisipasi_persen"] = rates["partisipasi_persen"].astype(float)
    kode_kabkota = dpt["kode_wilayah"].iloc[0]
    kabkota = con.execute("SELECT nama FROM kabupaten_kota WHERE kode_kabkota = $k", {"k": kode_kabkota}).fetchone()[0]
    kelurahan = con.execute(
        "SELECT kode_kelurahan, kode_kecamatan, kelurahan AS nama, kecamatan, jumlah_rw, lat, lon "
        "FROM v_wilayah WHERE kode_kabkota = $k ORDER BY kode_kelurahan",
        {"k": kode_kabkota},
    ).df()
    window = con.execute(
        "SELECT sosialisasi_mulai, tanggal FROM pemilihan WHERE kode_pemilihan = $e", {"e": CAMPAIGN_ELECTION}
    ).fetchone()

    weights = population_weights(kelurahan, rng)
    voters = {}
    for election in sorted(dpt.index):
        # DPT grows unevenly between elections: each election gets its own small deviation.
        voters[election] = voters_for_election(kelurahan, dpt.loc[election], weights * rng.lognormal(0, 0.03, len(weights)), rng)
        voters[election]["kode_pemilihan"] = election

    schools = make_schools(kelurahan, rng)
    markets = read_csv(sample_dir / "pasar.csv").merge(
        kelurahan.rename(columns={"nama": "kelurahan"})[["kecamatan", "kelurahan", "kode_kelurahan"]],
        on=["kecamatan", "kelurahan"],
        how="inner",
        validate="one_to_one",
    )
    campaign_rates = _kecamatan_rates(rates, CAMPAIGN_ELECTION)
    lagging = min(campaign_rates, key=campaign_rates.get)
    effort = {kec: (0.45 if kec == lagging else float(rng.uniform(0.85, 1.15))) for kec in sorted(campaign_rates)}
    campaign = Campaign(kode_kabkota, kabkota, window[0], window[1] - dt.timedelta(days=1),
                        kelurahan, schools, markets, effort)
    activities = make_activities(campaign, rng)

    reach_z = _outreach_z(con, activities, voters[CAMPAIGN_ELECTION])
    kel_kec = kelurahan[["kode_kelurahan", "kode_kecamatan"]]
    turnout = []
    for election in sorted(dpt.index):
        v = voters[election].merge(kel_kec, on="kode_kelurahan")
        t = make_turnout(v, _kecamatan_rates(rates, election), reach_z if election == CAMPAIGN_ELECTION else None, rng)
        t["kode_pemilihan"] = election
        turnout.append(t)

    targets = read_csv(sample_dir / "targets.csv")
    con.execute("BEGIN TRANSACTION")
    try:
        import_id = con.execute(
            "INSERT INTO imports (jenis, nama_file, pengguna, catatan) VALUES ('sampel', $f, 'jangkau', $c) "
            "RETURNING import_id",
            {"f": f"sampel-sintetis-seed-{seed}", "c": "Data sampel sintetis untuk demonstrasi; bukan data KPU."},
        ).fetchone()[0]
        for name, frame in [
            ("voters", pd.concat(voters.values(), ignore_index=True)),
            ("schools", schools),
            ("targets", targets),
            ("activities", activities),
            ("turnout", pd.concat(turnout, ignore_index=True)),
        ]:
            insert_frame(con, name, frame.assign(import_id=import_id))
        con.execute(
            "UPDATE imports SET baris_diterima = (SELECT count(*) FROM activities WHERE import_id = $i) "
            "WHERE import_id = $i",
            {"i": import_id},
        )
        _record_provenance(con, seed, kabkota, lagging)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return import_id


def _kecamatan_rates(rates: pd.DataFrame, election: str) -> dict[str, float]:
    rows = rates[(rates["kode_pemilihan"] == election) & (rates["kode_wilayah"].str.len() == 8)]
    return dict(zip(rows["kode_wilayah"], rows["partisipasi_persen"] / 100.0))


def _outreach_z(con: duckdb.DuckDBPyConnection, activities: pd.DataFrame, voters: pd.DataFrame) -> pd.Series:
    """People reached per 1,000 voters in each kelurahan, standardised (mean 0, sd 1)."""
    counted = set(r[0] for r in con.execute("SELECT kode FROM jenis_kegiatan WHERE ada_peserta").fetchall())
    reach = activities[activities["jenis_kegiatan"].isin(counted)].groupby("kode_kelurahan")["jumlah_peserta"].sum()
    per_1000 = (reach.reindex(voters["kode_kelurahan"]).fillna(0).to_numpy() / voters["total"].to_numpy()) * 1000
    z = (per_1000 - per_1000.mean()) / (per_1000.std() or 1.0)
    return pd.Series(z, index=voters["kode_kelurahan"].to_numpy())


def _record_provenance(con: duckdb.DuckDBPyConnection, seed: int, kabkota: str, lagging: str) -> None:
    info = {
        "sintetis": "ya",
        "sampel_seed": str(seed),
        "sampel_versi_generator": GENERATOR_VERSION,
        "sampel_wilayah": kabkota,
        "sampel_kecamatan_tertinggal": lagging,
        "pemilihan_utama": CAMPAIGN_ELECTION,
    }
    con.executemany("INSERT OR REPLACE INTO dataset_info VALUES (?, ?)", sorted(info.items()))
    con.executemany(
        "INSERT OR REPLACE INTO sumber_data VALUES (?, ?, ?, ?)",
        [
            ("voters.kota", "resmi", "DPT, laki-laki, perempuan, TPS dan pemilih pemula seluruh kota (pemula Pemilu "
             "2024 dihitung dari pangsa 10,03 % yang diberitakan)",
             "data/sample/dpt_publik.csv"),
            ("voters.kelurahan", "sintetis", "Pembagian DPT per kelurahan dan pemilih disabilitas dikarang", None),
            ("turnout.kecamatan", "resmi", "Partisipasi per kecamatan sama dengan angka Bawaslu (selisih < 0,01 poin)",
             "data/sample/partisipasi_publik.csv"),
            ("turnout.tps", "sintetis", "Hasil per TPS dikarang, berkaitan dengan sosialisasi ditambah acak", None),
            ("activities", "sintetis", "Seluruh log kegiatan sosialisasi dikarang", None),
            ("schools", "sintetis", "Nama dan letak sekolah dikarang", None),
            ("targets", "resmi", "Target 90 % (KPU Kota Bogor) dan 85 % (KPU Provinsi) resmi; target segmen "
             "dikarang (lihat kolom sumber)", "data/sample/targets.csv"),
        ],
    )
