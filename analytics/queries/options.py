"""What the sidebar offers: elections, areas, activity types and organisers, within the viewer's scope."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb
import pandas as pd

from analytics import frames
from analytics.filters import Scope
from analytics.memo import once_per_answer


@dataclass(frozen=True)
class Election:
    kode: str
    nama: str
    tanggal: dt.date
    mulai: dt.date
    selesai: dt.date


ORGANISERS = ("KPU", "PPK", "PPS")


@once_per_answer
def elections(con: duckdb.DuckDBPyConnection) -> list[Election]:
    """Every election in the database, newest first."""
    rows = con.execute(
        "SELECT kode_pemilihan, nama, tanggal, sosialisasi_mulai, sosialisasi_selesai FROM pemilihan "
        "ORDER BY tanggal DESC"
    ).fetchall()
    return [Election(*r) for r in rows]


@once_per_answer
def default_election(con: duckdb.DuckDBPyConnection) -> str:
    """The election the dashboard opens on: the one the data names, else the one with the most activities."""
    row = con.execute("SELECT nilai FROM dataset_info WHERE kunci = 'pemilihan_utama'").fetchone()
    if row:
        return row[0]
    row = con.execute(
        "SELECT p.kode_pemilihan FROM pemilihan p LEFT JOIN activities a "
        "ON a.tanggal BETWEEN p.sosialisasi_mulai AND p.sosialisasi_selesai "
        "GROUP BY p.kode_pemilihan, p.tanggal ORDER BY count(a.tanggal) DESC, p.tanggal DESC LIMIT 1"
    ).fetchone()
    return row[0]


@once_per_answer
def areas(con: duckdb.DuckDBPyConnection, scope: Scope) -> pd.DataFrame:
    """Kecamatan and kelurahan the viewer may see: kode_kecamatan, kecamatan, kode_kelurahan, kelurahan, jumlah_rw."""
    # Through Arrow (frames.frame, the same frame as .df()): the whole country's 83.000 named kelurahan ~115 → ~50 ms.
    return frames.frame(
        con,
        "SELECT kode_kabkota, kabkota, kode_kecamatan, kecamatan, kode_kelurahan, kelurahan, jumlah_rw "
        "FROM v_wilayah w "
        "WHERE $scope IS NULL OR list_contains($scope, w.kode_kabkota) OR list_contains($scope, w.kode_kecamatan) "
        "OR list_contains($scope, w.kode_kelurahan) "
        "ORDER BY kode_kelurahan",
        {"scope": None if scope.wilayah is None else list(scope.wilayah)},
    )


@once_per_answer
def activity_types(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Activity types in display order: kode, nama, nama_en, sasaran, ada_peserta."""
    return con.execute("SELECT kode, nama, nama_en, sasaran, ada_peserta FROM jenis_kegiatan ORDER BY urutan").df()


@once_per_answer
def dataset_info(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """What the database says about itself (e.g. sintetis = 'ya' while the sample is loaded)."""
    return dict(con.execute("SELECT kunci, nilai FROM dataset_info").fetchall())


@once_per_answer
def data_sources(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Where each object's figures come from (sumber_data): objek, status (resmi, turunan, perkiraan, sintetis),
    keterangan, sumber."""
    return con.execute("SELECT objek, status, keterangan, sumber FROM sumber_data ORDER BY objek").df()
