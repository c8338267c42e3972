"""The synthetic sample: deterministic, true to the published figures, and uneven enough to be worth a dashboard."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from analytics import db
from analytics.store import create_database

# Published figures, copied from ../shared/reference/FACTS.md on purpose: the test must not read the same
# file the generator reads, or a wrong figure there would pass unnoticed.
DPT = {"pilkada2024": (815_249, 405_715, 409_534, 1_530), "pemilu2024": (800_181, 399_085, 401_096, 2_913)}
BAWASLU = {
    "pemilu2024": {"32.71.01": 83.42, "32.71.02": 82.14, "32.71.03": 81.46, "32.71.04": 84.31, "32.71.05": 82.50,
                   "32.71.06": 84.25, "32.71": 83.31},
    "pilkada2024": {"32.71.01": 64.41, "32.71.02": 63.18, "32.71.03": 64.35, "32.71.04": 65.04, "32.71.05": 62.30,
                    "32.71.06": 63.88, "32.71": 63.94},
}
CONTENT = {
    "voters": "SELECT * EXCLUDE (import_id) FROM voters ORDER BY ALL",
    "schools": "SELECT * EXCLUDE (import_id) FROM schools ORDER BY ALL",
    "activities": "SELECT * EXCLUDE (import_id, id_kegiatan) FROM activities ORDER BY ALL",
    "turnout": "SELECT * EXCLUDE (import_id) FROM turnout ORDER BY ALL",
    "targets": "SELECT * EXCLUDE (import_id) FROM targets ORDER BY ALL",
}


def _content(path) -> dict[str, pd.DataFrame]:
    con = db.connect(path, read_only=True)
    try:
        return {name: con.execute(sql).df() for name, sql in CONTENT.items()}
    finally:
        con.close()


def test_same_seed_gives_the_same_database(sample_db, tmp_path):
    again = create_database(tmp_path / "lagi.duckdb", sample=True)
    first, second = _content(sample_db), _content(again)
    for name in CONTENT:
        pd.testing.assert_frame_equal(first[name], second[name], obj=name)


def test_another_seed_gives_another_campaign_with_the_same_public_totals(sample_db, tmp_path):
    other = create_database(tmp_path / "lain.duckdb", sample=True, seed=7)
    a, b = _content(sample_db), _content(other)
    assert not a["activities"].equals(b["activities"])
    con = db.connect(other, read_only=True)
    assert con.execute("SELECT sum(total) FROM voters WHERE kode_pemilihan = 'pilkada2024'").fetchone()[0] == 815_249
    con.close()


@pytest.mark.parametrize("election", sorted(DPT))
def test_dpt_and_tps_add_up_to_the_published_figures(sample_con, election):
    total, men, women, tps = DPT[election]
    row = sample_con.execute(
        "SELECT sum(total), sum(laki_laki), sum(perempuan), sum(jumlah_tps), count(*) FROM voters "
        "WHERE kode_pemilihan = $e",
        {"e": election},
    ).fetchone()
    assert row == (total, men, women, tps, 68)
    tps_rows = sample_con.execute(
        "SELECT count(*), sum(terdaftar_total), sum(terdaftar_perempuan) FROM turnout WHERE kode_pemilihan = $e",
        {"e": election},
    ).fetchone()
    assert tps_rows == (tps, total, women)


def test_first_time_and_disabled_voters_are_plausible(sample_con):
    pemula, dis, total = sample_con.execute(
        "SELECT sum(pemula), sum(disabilitas), sum(total) FROM voters WHERE kode_pemilihan = 'pilkada2024'"
    ).fetchone()
    assert pemula == 12_840  # Disdukcapil Kota Bogor, 22 Nov 2024
    assert 0.003 < dis / total < 0.01
    reached_pemula, reached_dis = sample_con.execute(
        "SELECT sum(peserta_pemula), sum(peserta_disabilitas) FROM activities a "
        "JOIN jenis_kegiatan j ON j.kode = a.jenis_kegiatan WHERE j.ada_peserta"
    ).fetchone()
    # Participations, not people, but a campaign that "reached" more first-time voters than exist is not credible.
    assert 0.3 * pemula < reached_pemula < pemula
    assert 0.1 * dis < reached_dis < dis
    # A Pilkada TPS holds at most 800 voters; real ones in Kota Bogor average ~533.
    assert sample_con.execute("SELECT max(terdaftar_total) FROM turnout").fetchone()[0] <= 800


@pytest.mark.parametrize("election", sorted(BAWASLU))
def test_turnout_is_within_one_point_of_bawaslu_per_kecamatan_and_city(sample_con, election):
    rows = sample_con.execute(
        "SELECT coalesce(kode_kecamatan, '32.71'), 100.0 * sum(memilih_total) / sum(terdaftar_total) "
        "FROM turnout WHERE kode_pemilihan = $e GROUP BY ROLLUP (kode_kecamatan)",
        {"e": election},
    ).fetchall()
    measured = dict(rows)
    assert set(measured) == set(BAWASLU[election])
    for area, published in BAWASLU[election].items():
        assert abs(measured[area] - published) <= 1.0, (area, measured[area], published)


def test_women_and_disabled_turnout_are_recorded_and_differ(sample_con):
    women, men, dis = sample_con.execute(
        "SELECT sum(memilih_perempuan) / sum(terdaftar_perempuan), sum(memilih_laki_laki) / sum(terdaftar_laki_laki), "
        "sum(memilih_disabilitas) / sum(terdaftar_disabilitas) FROM turnout WHERE kode_pemilihan = 'pilkada2024'"
    ).fetchone()
    assert women > men > dis > 0.3


def test_every_activity_type_and_organiser_appears_inside_the_campaign_window(sample_con):
    types = {r[0] for r in sample_con.execute("SELECT DISTINCT jenis_kegiatan FROM activities").fetchall()}
    assert types == {r[0] for r in sample_con.execute("SELECT kode FROM jenis_kegiatan").fetchall()}
    organisers = {r[0] for r in sample_con.execute("SELECT DISTINCT penyelenggara FROM activities").fetchall()}
    assert organisers == {"KPU", "PPK", "PPS"}
    first, last = sample_con.execute("SELECT min(tanggal), max(tanggal) FROM activities").fetchone()
    assert dt.date(2024, 7, 1) <= first < dt.date(2024, 7, 15)
    assert dt.date(2024, 11, 15) < last < dt.date(2024, 11, 27)
    # Door to door is logged per RW with households visited.
    missing = sample_con.execute(
        "SELECT count(*) FROM activities WHERE jenis_kegiatan = 'ketuk_pintu' AND (rw IS NULL OR rumah_dikunjungi IS NULL)"
    ).fetchone()[0]
    assert missing == 0


def test_outreach_grows_towards_election_day(sample_con):
    weekly = sample_con.execute(
        "SELECT date_trunc('week', tanggal) w, count(*) n FROM activities GROUP BY 1 ORDER BY 1"
    ).df()["n"]
    assert weekly.iloc[-5:-1].mean() > 2 * weekly.iloc[:4].mean()


def test_one_kecamatan_lags_clearly_behind(sample_con):
    reach = sample_con.execute(
        "SELECT v.kode_kecamatan, 1000.0 * coalesce(sum(a.jumlah_peserta), 0) / any_value(v.dpt) AS per_1000 "
        "FROM (SELECT left(kode_kelurahan, 8) AS kode_kecamatan, sum(total) AS dpt FROM voters "
        "      WHERE kode_pemilihan = 'pilkada2024' GROUP BY 1) v "
        "LEFT JOIN activities a USING (kode_kecamatan) GROUP BY 1"
    ).df().set_index("kode_kecamatan")["per_1000"]
    lagging = sample_con.execute("SELECT nilai FROM dataset_info WHERE kunci = 'sampel_kecamatan_tertinggal'").fetchone()[0]
    assert reach.idxmin() == lagging
    assert reach[lagging] < 0.6 * reach.drop(lagging).median()


def test_some_rws_and_schools_are_never_reached(sample_con):
    share = sample_con.execute(
        "SELECT avg(CASE WHEN a.rw IS NULL THEN 0 ELSE 1 END) FROM v_rw r LEFT JOIN "
        "(SELECT DISTINCT kode_kelurahan, rw FROM activities WHERE rw IS NOT NULL) a USING (kode_kelurahan, rw)"
    ).fetchone()[0]
    assert 0.4 < share < 0.9
    schools, visited = sample_con.execute(
        "SELECT count(*), count(*) FILTER (WHERE id_sekolah IN (SELECT id_sekolah FROM activities)) FROM schools"
    ).fetchone()
    assert 0.4 * schools < visited < 0.9 * schools


def test_turnout_relates_to_outreach_within_kecamatan(sample_con):
    frame = sample_con.execute(
        "WITH reach AS (SELECT kode_kelurahan, sum(jumlah_peserta) AS peserta FROM activities GROUP BY 1) "
        "SELECT t.kode_kecamatan, t.partisipasi_persen, 1000.0 * coalesce(r.peserta, 0) / t.terdaftar_total AS per_1000 "
        "FROM v_turnout_kelurahan t LEFT JOIN reach r USING (kode_kelurahan) WHERE t.kode_pemilihan = 'pilkada2024'"
    ).df()
    # Compare kelurahan with their own kecamatan: the calibration fixes each kecamatan's mean.
    centred = frame.groupby("kode_kecamatan")[["partisipasi_persen", "per_1000"]].transform(lambda s: s - s.mean())
    r = np.corrcoef(centred["per_1000"], centred["partisipasi_persen"])[0, 1]
    assert 0.2 < r < 0.95


def test_the_database_says_it_holds_synthetic_data(sample_con):
    info = dict(sample_con.execute("SELECT kunci, nilai FROM dataset_info").fetchall())
    assert info["sintetis"] == "ya"
    status = dict(sample_con.execute("SELECT objek, status FROM sumber_data").fetchall())
    assert status["activities"] == "sintetis"
    assert status["voters.kota"] == "resmi"
    assert status["wilayah"] == "resmi"
    assert sample_con.execute("SELECT jenis FROM imports").fetchall() == [("sampel",)]


def test_targets_include_the_published_ones(sample_con):
    rows = sample_con.execute(
        "SELECT penetap, target_persen::DOUBLE, utama FROM targets "
        "WHERE kode_pemilihan = 'pilkada2024' AND kode_wilayah = '32.71' AND segmen = 'semua' ORDER BY 2 DESC"
    ).fetchall()
    assert rows == [("KPU Kota Bogor", 90.0, True), ("KPU Provinsi Jawa Barat", 85.0, False)]
