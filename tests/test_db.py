"""Schema, migrations and connection settings."""

from __future__ import annotations

import duckdb
import pytest

from analytics import db
from analytics.reference import load_reference

REQUIRED_TABLES = {
    "kecamatan", "kelurahan", "voters", "schools", "targets", "activities", "turnout", "imports", "rejected_rows",
}


def _tables(con) -> set[str]:
    return {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}


def test_migrate_creates_every_required_table_and_view(empty_con):
    applied = db.migrate(empty_con)
    assert applied == list(range(1, db.latest_version() + 1))
    assert REQUIRED_TABLES <= _tables(empty_con)
    assert {"v_wilayah", "v_rw", "v_activities", "v_turnout_kelurahan"} <= _tables(empty_con)
    assert db.schema_version(empty_con) == db.latest_version()


def test_migrate_twice_applies_nothing(empty_con):
    db.migrate(empty_con)
    assert db.migrate(empty_con) == []


def test_old_database_upgrades_in_place_and_keeps_its_rows(tmp_path):
    path = tmp_path / "lama.duckdb"
    con = db.connect(path)
    db.migrate(con, target=1)
    assert db.schema_version(con) == 1
    assert "v_activities" not in _tables(con)
    con.execute("INSERT INTO kabupaten_kota VALUES ('32.71', 'Kota Bogor', '32', 'Jawa Barat')")
    con.close()

    con = db.connect(path)
    assert db.migrate(con) == list(range(2, db.latest_version() + 1))
    assert con.execute("SELECT nama FROM kabupaten_kota").fetchall() == [("Kota Bogor",)]
    assert "v_activities" in _tables(con)
    con.close()


def test_database_from_a_newer_jangkau_is_refused(empty_con):
    db.migrate(empty_con)
    empty_con.execute("INSERT INTO schema_migrations (versi, nama) VALUES (999, 'dari_masa_depan')")
    with pytest.raises(db.SchemaTooNewError, match="versi 999"):
        db.migrate(empty_con)


def test_a_failing_migration_leaves_no_trace(empty_con, monkeypatch):
    good = db.migrations()
    broken = [*good, db.Migration(len(good) + 1, "rusak", "CREATE TABLE setengah (a INT); SELECT * FROM tidak_ada;")]
    monkeypatch.setattr(db, "migrations", lambda: broken)
    with pytest.raises(duckdb.CatalogException):
        db.migrate(empty_con)
    assert db.schema_version(empty_con) == len(good)
    assert "setengah" not in _tables(empty_con)


def test_reference_data_loads_with_codes_and_hierarchy(empty_con):
    db.migrate(empty_con)
    load_reference(empty_con)
    kec = empty_con.execute("SELECT kode_kecamatan, nama FROM kecamatan ORDER BY 1").fetchall()
    assert kec[0] == ("32.71.01", "Bogor Selatan") and len(kec) == 6
    assert empty_con.execute("SELECT count(*) FROM kelurahan").fetchone()[0] == 68
    assert empty_con.execute("SELECT sum(jumlah_rw) FROM kelurahan").fetchone()[0] == 802
    assert empty_con.execute("SELECT count(*) FROM v_rw").fetchone()[0] == 802
    # Approximate areas exist for every kelurahan and kecamatan, and say they are approximate.
    rows = empty_con.execute("SELECT tingkat, count(*), bool_and(perkiraan) FROM batas_wilayah GROUP BY 1 ORDER BY 1")
    assert rows.fetchall() == [("kecamatan", 6, True), ("kelurahan", 68, True)]
    types = {r[0] for r in empty_con.execute("SELECT kode FROM jenis_kegiatan").fetchall()}
    assert {"sosialisasi_sekolah", "gerebek_pasar", "ketuk_pintu", "sosialisasi_rw", "jalan_sehat",
            "komunitas_disabilitas", "ormas", "media", "media_sosial"} == types


@pytest.mark.parametrize(
    "sql",
    [
        # A part larger than the whole.
        "INSERT INTO activities (tanggal, jenis_kegiatan, kode_kabkota, penyelenggara, jumlah_peserta, "
        "peserta_pemula, import_id) VALUES (DATE '2024-09-01', 'ormas', '32.71', 'PPS', 10, 11, 1)",
        # A kelurahan that is not inside the activity's kecamatan.
        "INSERT INTO activities (tanggal, jenis_kegiatan, kode_kabkota, kode_kecamatan, kode_kelurahan, "
        "penyelenggara, jumlah_peserta, import_id) VALUES (DATE '2024-09-01', 'ormas', '32.71', '32.71.01', "
        "'32.71.02.1001', 'PPS', 10, 1)",
        # An organiser that does not exist.
        "INSERT INTO activities (tanggal, jenis_kegiatan, kode_kabkota, penyelenggara, jumlah_peserta, import_id) "
        "VALUES (DATE '2024-09-01', 'ormas', '32.71', 'Bawaslu', 10, 1)",
        # More voters than registered at a TPS.
        "INSERT INTO turnout VALUES ('pilkada2024', '32.71.01', '32.71.01.1001', 1, 100, 100, 200, 101, 100, 201, "
        "NULL, NULL, 1)",
        # Men and women that do not add up to the total.
        "INSERT INTO voters VALUES ('pilkada2024', '32.71.01.1001', 100, 40, 50, 1, 1, 1, 1)",
        # Voters with disabilities without their registered count.
        "INSERT INTO turnout VALUES ('pilkada2024', '32.71.01', '32.71.01.1001', 1, 100, 100, 200, 90, 90, 180, "
        "NULL, 3, 1)",
        # More registered voters with disabilities than registered voters.
        "INSERT INTO turnout VALUES ('pilkada2024', '32.71.01', '32.71.01.1001', 1, 100, 100, 200, 90, 90, 180, "
        "201, 3, 1)",
        # A kelurahan code with the desa digit, typed as kelurahan.
        "INSERT INTO kelurahan (kode_kelurahan, kode_kecamatan, nama) VALUES ('32.71.01.2001', '32.71.01', 'X')",
        # A kelurahan code outside its kecamatan.
        "INSERT INTO kelurahan (kode_kelurahan, kode_kecamatan, nama) VALUES ('32.71.02.1999', '32.71.01', 'X')",
    ],
)
def test_constraints_refuse_impossible_rows(empty_con, sql):
    db.migrate(empty_con)
    load_reference(empty_con)
    with pytest.raises(duckdb.ConstraintException):
        empty_con.execute(sql)


def test_turnout_of_an_unknown_kelurahan_is_refused(empty_con):
    db.migrate(empty_con)
    load_reference(empty_con)
    with pytest.raises(duckdb.ConstraintException):
        empty_con.execute(
            "INSERT INTO turnout VALUES ('pilkada2024', '32.71.01', '32.71.01.1999', 1, 1, 1, 2, 1, 1, 2, 0, 0, 1)"
        )


def test_read_only_open_refuses_a_newer_schema(tmp_path):
    from analytics.store import open_database

    path = tmp_path / "baru.duckdb"
    con = db.connect(path)
    db.migrate(con)
    con.execute("INSERT INTO schema_migrations (versi, nama) VALUES (999, 'dari_masa_depan')")
    con.close()
    with pytest.raises(db.SchemaTooNewError):
        open_database(path, read_only=True)


def test_locked_down_connection_cannot_read_files(empty_con, tmp_path):
    secret = tmp_path / "rahasia.csv"
    secret.write_text("a\n1\n")
    db.lock_down(empty_con)
    with pytest.raises(duckdb.PermissionException):
        empty_con.execute("SELECT * FROM read_csv($p)", {"p": str(secret)})
    with pytest.raises(duckdb.Error):
        empty_con.execute("SET enable_external_access = true")


def test_every_connection_has_a_memory_limit_the_environment_can_change(tmp_path, monkeypatch):
    monkeypatch.delenv("JANGKAU_MEMORY_LIMIT", raising=False)
    con = db.connect(tmp_path / "a.duckdb")
    assert con.execute("SELECT current_setting('memory_limit')").fetchone()[0] == "2.7 GiB"  # 3GB
    con.close()
    monkeypatch.setenv("JANGKAU_MEMORY_LIMIT", "6GB")
    con = db.connect(tmp_path / "a.duckdb", read_only=True)
    assert con.execute("SELECT current_setting('memory_limit')").fetchone()[0] == "5.5 GiB"
    con.close()
    monkeypatch.setenv("JANGKAU_MEMORY_LIMIT", "banyak")
    with pytest.raises(ValueError, match="JANGKAU_MEMORY_LIMIT='banyak'"):
        db.connect(tmp_path / "a.duckdb")


@pytest.mark.parametrize("path", ["catalog", "duckdb_tables"])
def test_tables_present_counts_this_databases_tables_as_the_transaction_sees_them(empty_con, monkeypatch, path):
    if path == "duckdb_tables":
        monkeypatch.setattr(db, "_table_kind", None)
    else:
        assert db._table_kind is not None  # the pinned duckdb has it (requirements.txt)
    con = empty_con
    assert db.tables_present(con, ["activities"]) == 0
    db.migrate(con)
    assert db.tables_present(con, ["activities", "kelurahan"]) == 2
    assert db.tables_present(con, ["activities", "tidak_ada", "v_wilayah"]) == 1  # a view is not a table
    con.execute("CREATE TEMP TABLE sementara (x INTEGER)")  # another schema's table of that name does not count
    con.execute("CREATE SCHEMA lain")
    con.execute("CREATE TABLE lain.di_skema_lain (x INTEGER)")
    assert db.tables_present(con, ["sementara", "di_skema_lain"]) == 0
    con.execute("BEGIN TRANSACTION")
    con.execute("CREATE TABLE baru (x INTEGER)")
    assert db.tables_present(con, ["baru"]) == 1
    assert db.tables_present(con.cursor(), ["baru"]) == 0  # not committed: other connections do not see it
    con.execute("ROLLBACK")
    assert db.tables_present(con, ["baru"]) == 0
