"""Per-area facts that no activity filter changes (DPT, TPS results, targets, schools), kept as derived tables."""

from __future__ import annotations

import contextlib
import contextvars
import threading

import duckdb

from analytics import memo, rollup
from analytics.filters import AREA_WHERE

TABLE = "wilayah_fakta"  # one row per kelurahan and election
KECAMATAN_TABLE = "wilayah_fakta_kecamatan"  # one row per kecamatan and election: its effective targets

# The election's facts rows under the area filters and the scope (AREA_WHERE). Every kelurahan has one, with its
# codes, names and RW count, so where `available` they stand for v_wilayah's rows: one table instead of that view's
# join of three (nationally ~20 ms less per statement that starts from the areas).
AREA_ROWS = f"SELECT * FROM {TABLE} w WHERE w.kode_pemilihan = $pemilihan AND {AREA_WHERE}"

# Replaced, not emptied, by each build: a database built by an older layout of this module has a table of another
# shape (_LAYOUT, appended to the recorded version, tells them apart).
_SCHEMA = f"""
CREATE OR REPLACE TABLE {TABLE} (
    kode_pemilihan VARCHAR NOT NULL, kode_kabkota VARCHAR NOT NULL, kode_kecamatan VARCHAR NOT NULL,
    kode_kelurahan VARCHAR NOT NULL, kecamatan VARCHAR, kelurahan VARCHAR, jumlah_rw INTEGER,
    dpt BIGINT, dpt_laki_laki BIGINT, dpt_perempuan BIGINT, dpt_pemula BIGINT, dpt_disabilitas BIGINT,
    jumlah_tps BIGINT, tps_hasil BIGINT NOT NULL,
    terdaftar BIGINT, memilih BIGINT, terdaftar_laki_laki BIGINT, memilih_laki_laki BIGINT,
    terdaftar_perempuan BIGINT, memilih_perempuan BIGINT, terdaftar_disabilitas BIGINT, memilih_disabilitas BIGINT,
    sekolah_total BIGINT NOT NULL,
    target_semua DOUBLE, target_pemula DOUBLE, target_disabilitas DOUBLE, target_perempuan DOUBLE
);
CREATE OR REPLACE TABLE {KECAMATAN_TABLE} (
    kode_pemilihan VARCHAR NOT NULL, kode_kabkota VARCHAR NOT NULL, kode_kecamatan VARCHAR NOT NULL,
    target_semua DOUBLE, target_pemula DOUBLE, target_disabilitas DOUBLE, target_perempuan DOUBLE
);
CREATE TABLE IF NOT EXISTS rollup_versi (tabel VARCHAR PRIMARY KEY, versi VARCHAR NOT NULL);
"""

# Targets marked utama per election, area code and segment (the highest when several bodies set one), as
# areas.area_metrics decides them on the raw tables.
_TSET = """
tset AS (
    SELECT t.kode_pemilihan, t.kode_wilayah,
           max(t.target_persen) FILTER (WHERE t.segmen = 'semua') AS semua,
           max(t.target_persen) FILTER (WHERE t.segmen = 'pemula') AS pemula,
           max(t.target_persen) FILTER (WHERE t.segmen = 'disabilitas') AS disabilitas,
           max(t.target_persen) FILTER (WHERE t.segmen = 'perempuan') AS perempuan
    FROM targets t WHERE t.utama GROUP BY 1, 2
)"""

# Every kelurahan × election, so that an area with no DPT or no results still has its row (with NULLs, as the raw
# LEFT JOINs give). Sums of INTEGER columns are exact in BIGINT; the targets are cast to DOUBLE as area_metrics does.
_BUILD = f"""
INSERT INTO {TABLE}
WITH {_TSET},
tps AS (
    SELECT kode_pemilihan, kode_kelurahan, count(*) AS tps_hasil,
           sum(terdaftar_total) AS terdaftar, sum(memilih_total) AS memilih,
           sum(terdaftar_laki_laki) AS terdaftar_laki_laki, sum(memilih_laki_laki) AS memilih_laki_laki,
           sum(terdaftar_perempuan) AS terdaftar_perempuan, sum(memilih_perempuan) AS memilih_perempuan,
           sum(terdaftar_disabilitas) AS terdaftar_disabilitas, sum(memilih_disabilitas) AS memilih_disabilitas
    FROM turnout GROUP BY 1, 2
),
sch AS (SELECT kode_kelurahan, count(*) AS sekolah_total FROM schools GROUP BY 1)
SELECT p.kode_pemilihan, w.kode_kabkota, w.kode_kecamatan, w.kode_kelurahan, w.kecamatan, w.kelurahan, w.jumlah_rw,
       v.total, v.laki_laki, v.perempuan, v.pemula, v.disabilitas, v.jumlah_tps,
       coalesce(t.tps_hasil, 0),
       t.terdaftar, t.memilih, t.terdaftar_laki_laki, t.memilih_laki_laki,
       t.terdaftar_perempuan, t.memilih_perempuan, t.terdaftar_disabilitas, t.memilih_disabilitas,
       coalesce(sch.sekolah_total, 0),
       coalesce(own.semua, kec.semua, kab.semua)::DOUBLE,
       coalesce(own.pemula, kec.pemula, kab.pemula)::DOUBLE,
       coalesce(own.disabilitas, kec.disabilitas, kab.disabilitas)::DOUBLE,
       coalesce(own.perempuan, kec.perempuan, kab.perempuan)::DOUBLE
FROM v_wilayah w CROSS JOIN pemilihan p
LEFT JOIN voters v ON v.kode_pemilihan = p.kode_pemilihan AND v.kode_kelurahan = w.kode_kelurahan
LEFT JOIN tps t ON t.kode_pemilihan = p.kode_pemilihan AND t.kode_kelurahan = w.kode_kelurahan
LEFT JOIN sch ON sch.kode_kelurahan = w.kode_kelurahan
LEFT JOIN tset own ON own.kode_pemilihan = p.kode_pemilihan AND own.kode_wilayah = w.kode_kelurahan
LEFT JOIN tset kec ON kec.kode_pemilihan = p.kode_pemilihan AND kec.kode_wilayah = w.kode_kecamatan
LEFT JOIN tset kab ON kab.kode_pemilihan = p.kode_pemilihan AND kab.kode_wilayah = w.kode_kabkota
ORDER BY p.kode_pemilihan, w.kode_kelurahan
"""

# A kecamatan's own target, else its kab/kota's: what area_metrics gives at kecamatan level (there "its own" and
# "its kecamatan's" are the same code). Kelurahan targets never apply to a kecamatan.
_BUILD_KECAMATAN = f"""
INSERT INTO {KECAMATAN_TABLE}
WITH {_TSET}
SELECT p.kode_pemilihan, k.kode_kabkota, k.kode_kecamatan,
       coalesce(own.semua, kab.semua)::DOUBLE,
       coalesce(own.pemula, kab.pemula)::DOUBLE,
       coalesce(own.disabilitas, kab.disabilitas)::DOUBLE,
       coalesce(own.perempuan, kab.perempuan)::DOUBLE
FROM kecamatan k CROSS JOIN pemilihan p
LEFT JOIN tset own ON own.kode_pemilihan = p.kode_pemilihan AND own.kode_wilayah = k.kode_kecamatan
LEFT JOIN tset kab ON kab.kode_pemilihan = p.kode_pemilihan AND kab.kode_wilayah = k.kode_kabkota
ORDER BY p.kode_pemilihan, k.kode_kecamatan
"""

# Changes with every import or undo except activity imports (they touch none of the inputs, and are the frequent
# kind), and with rows added or deleted some other way: count(*) of a table is read from its metadata. Targets
# are few, so their contents are hashed too: flipping `utama` or editing a value by hand also counts. A UNION ALL,
# not one row of scalar subqueries: with ten of those DuckDB's planner alone took 30-50 ms (this takes ~3 ms).
_VERSION = """
SELECT string_agg(n, '-' ORDER BY i) FROM (
    SELECT 1 AS i, concat_ws('-', count(*), coalesce(max(import_id), 0), count(dibatalkan_pada)) AS n
    FROM imports WHERE jenis <> 'activities'
    UNION ALL SELECT 2, count(*)::VARCHAR FROM voters
    UNION ALL SELECT 3, count(*)::VARCHAR FROM turnout
    UNION ALL SELECT 4, count(*)::VARCHAR FROM schools
    UNION ALL SELECT 5, count(*)::VARCHAR FROM kelurahan
    UNION ALL SELECT 6, count(*)::VARCHAR FROM kecamatan
    UNION ALL SELECT 7, count(*)::VARCHAR FROM kabupaten_kota
    UNION ALL SELECT 8, count(*)::VARCHAR FROM pemilihan
    UNION ALL SELECT 9, concat_ws('-', count(*), coalesce(sum(hash(kode_pemilihan, kode_wilayah, segmen, penetap,
                                                                   target_persen, utama)), 0)) FROM targets
)
"""

# The shape of the tables (bumped when it changes: older databases then rebuild them once). Since layout 2 the
# kelurahan rows carry the names and RW count of v_wilayah, so that per-kelurahan answers start from them alone.
_LAYOUT = "/fakta-2"

_CLEAR = f"DELETE FROM {TABLE}"
_CLEAR_KECAMATAN = f"DELETE FROM {KECAMATAN_TABLE}"

# One rebuild at a time per process: other sessions read the raw tables meanwhile instead of repeating the work.
_building = threading.Lock()
_use_facts: contextvars.ContextVar[bool] = contextvars.ContextVar("use_facts", default=True)


def raw_only() -> contextlib.AbstractContextManager[None]:
    """Within this block area queries read voters, turnout, targets and schools directly (tests compare both)."""
    return rollup.switched_off(_use_facts)


def available(con: duckdb.DuckDBPyConnection, election: str) -> bool:
    """Whether the facts tables match the data (rebuilt first if they lag) and hold rows for `election`; when
    False, callers compute the same figures from the raw tables. Only the speed differs."""
    if not _use_facts.get():
        return False
    return memo.remembered(con, (TABLE, election), lambda: _checked_available(con, election))


def _checked_available(con: duckdb.DuckDBPyConnection, election: str) -> bool:
    try:
        if not (_current(con) or _build(con)):
            return False
        # Facts exist for every election in `pemilihan`; for any other code the raw tables decide (no rows).
        found = con.execute("SELECT 1 FROM pemilihan WHERE kode_pemilihan = $e", {"e": election}).fetchone()
        return found is not None
    except duckdb.Error:
        return False  # e.g. a read-only connection: the raw tables still give the right answer


def _current(con: duckdb.DuckDBPyConnection) -> bool:
    return rollup.recorded_version(con, TABLE) == con.execute(_VERSION).fetchone()[0] + _LAYOUT


def _build(con: duckdb.DuckDBPyConnection) -> bool:
    """Rebuild the facts in their own transaction; False if another session is doing it or the caller holds a
    transaction of its own."""
    return rollup.apply_alone(con, _building, apply)


def apply(con: duckdb.DuckDBPyConnection) -> None:
    """Rebuild both facts tables from the raw tables and record the data version (caller holds a transaction).
    A full rebuild: about 170,000 rows nationally, and the inputs change only with imports."""
    con.execute(_SCHEMA)
    con.execute(_CLEAR)
    con.execute(_CLEAR_KECAMATAN)
    con.execute(_BUILD)
    con.execute(_BUILD_KECAMATAN)
    con.execute("INSERT OR REPLACE INTO rollup_versi VALUES ($t, (" + _VERSION + ") || $layout)",
                {"t": TABLE, "layout": _LAYOUT})


def rebuild(con: duckdb.DuckDBPyConnection) -> None:
    """Rebuild the facts now, in one transaction (e.g. after a bulk load outside the importer)."""
    con.execute("BEGIN TRANSACTION")
    try:
        apply(con)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
