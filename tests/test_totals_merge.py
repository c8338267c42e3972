"""New activity imports merged into the whole-window totals (analytics/totals_merge.py), key by key or the whole
table, give exactly the tables a full rebuild gives and every page query the raw log's answer; an undo, another kind
of import, rows changed outside an import or a changed reference list rebuild them instead."""

from __future__ import annotations

import shutil

import duckdb
import pytest

from analytics import memo, rollup, totals, totals_merge
from analytics.importing.engine import import_bytes, undo_import
from tests.import_support import GOOD_ROWS, TEMPLATE, csv_bytes
from tests.test_rollup import national_db  # noqa: F401 (a fixture)

TABLES = (totals.KELURAHAN_TABLE, totals.KECAMATAN_TABLE, totals.AREA_TABLE, totals.RW_TABLE, totals.SCHOOL_TABLE,
          totals.KABKOTA_DAILY_TABLE, totals.TYPE_TABLE, totals.RW_TYPE_TABLE, totals.SCHOOL_TYPE_TABLE,
          totals.KELURAHAN_TYPE_TABLE)
# Rows on other days than the sample's and each other's (the importer drops a row it has stored before), at places
# and schools the sample already has figures for, and one in the 2023 window of the other election.
FIRST = [["2024-09-0" + str(d), *row[1:]] for d, row in zip((4, 5, 6), GOOD_ROWS)]
SECOND = [["2024-10-1" + str(d), *row[1:]] for d, row in zip((4, 5, 6), GOOD_ROWS)] + [
    ["2023-12-01", *GOOD_ROWS[1][1:]]]


def _contents(con) -> dict[str, list[tuple]]:
    return {table: con.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall() for table in TABLES}


def _forget(con) -> None:
    memo.forget(con, rollup._VERSIONS)
    memo.forget(con, totals.KELURAHAN_TABLE)


def _rebuilt(con) -> dict[str, list[tuple]]:
    """The tables as a full rebuild makes them from the same data."""
    con.execute("UPDATE rollup_versi SET versi = 'lama' WHERE tabel = $t", {"t": totals.KELURAHAN_TABLE})
    _forget(con)
    assert totals.refresh(con)
    return _contents(con)


@pytest.fixture()
def merges(monkeypatch) -> list[int]:
    """The `since` of every merge done."""
    done: list[int] = []
    original = totals_merge.merge

    def spy(con, builds, tables, since):
        done.append(since)
        original(con, builds, tables, since)

    monkeypatch.setattr(totals_merge, "merge", spy)
    return done


def _import(con, rows, name):
    result = import_bytes(con, csv_bytes([TEMPLATE, *rows]), kind="activities", file_name=name, user="uji")
    assert result.rows_kept == len(rows), result
    return result


def test_new_imports_are_merged_into_the_totals_as_a_full_rebuild_would_build_them(sample_rw, merges):
    con = sample_rw
    assert totals.refresh(con)
    before = con.execute("SELECT max(import_id) FROM imports").fetchone()[0]
    unchanged = _contents(con)
    first = _import(con, FIRST, "satu.csv")
    assert totals.refresh(con)
    assert merges == [before]
    merged = _contents(con)
    changed = {table for table in TABLES if merged[table] != unchanged[table]}
    # A file names no school (the importer fills no id_sekolah): all but the school tables change.
    assert changed == set(TABLES) - {totals.SCHOOL_TABLE, totals.SCHOOL_TYPE_TABLE}
    assert merged == _rebuilt(con)
    # Three imports since the last build, merged at once: one in another election's window, one of school visits
    # made earlier than the sample's (written as an import writes them; the sample's generator logs schools).
    _import(con, SECOND[:2], "dua.csv")
    _import(con, SECOND[2:], "tiga.csv")
    con.execute("INSERT INTO imports (jenis, nama_file, pengguna) VALUES ('activities', 'sekolah.csv', 'uji')")
    # Every other visit is logged in the kecamatan's first kelurahan: some then cross kelurahan (sekolah_lintas).
    con.execute("INSERT INTO activities SELECT * REPLACE (nextval('activities_id') AS id_kegiatan, "
                "tanggal - 3 AS tanggal, (SELECT max(import_id) FROM imports) AS import_id, NULL AS sidik, "
                "CASE WHEN id_kegiatan % 2 = 0 THEN (SELECT min(k.kode_kelurahan) FROM kelurahan k "
                "WHERE k.kode_kecamatan = activities.kode_kecamatan) ELSE kode_kelurahan END AS kode_kelurahan, "
                "CASE WHEN id_kegiatan % 2 = 0 THEN NULL ELSE rw END AS rw) "
                "FROM activities WHERE id_sekolah IS NOT NULL AND tanggal >= DATE '2024-09-10' "
                "ORDER BY id_kegiatan LIMIT 40")
    crossing = f"SELECT coalesce(sum(sekolah_lintas), 0) FROM {totals.KECAMATAN_TABLE}"
    lintas = con.execute(crossing).fetchone()[0]
    unchanged = _contents(con)
    assert totals.refresh(con)
    assert merges[-1] == first.import_id
    merged = _contents(con)
    assert {table for table in TABLES if merged[table] != unchanged[table]} == set(TABLES)
    assert con.execute(crossing).fetchone()[0] > lintas, "some new visits should cross kelurahan"
    assert merged == _rebuilt(con)
    # A later import keeps the crossing visits stored before.
    _import(con, [["2024-10-2" + str(d), *row[1:]] for d, row in zip((4, 5, 6), GOOD_ROWS)], "empat.csv")
    assert totals.refresh(con)
    assert len(merges) == 3
    assert _contents(con) == _rebuilt(con)
    for table in (totals.TYPE_TABLE, totals.KABKOTA_DAILY_TABLE, totals.RW_TABLE):
        assert con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] > 0, table


def test_an_undo_rebuilds_the_totals(sample_rw, merges):
    con = sample_rw
    assert totals.refresh(con)
    result = _import(con, FIRST, "satu.csv")
    assert totals.refresh(con)
    undo_import(con, result.import_id, user="uji")
    assert totals.refresh(con)
    assert len(merges) == 1
    assert _contents(con) == _rebuilt(con)


@pytest.mark.parametrize("change", [
    # A reference update adds a kelurahan (the list's rows are referenced, so not updated in place).
    "INSERT INTO kelurahan SELECT * REPLACE (left(kode_kelurahan, 9) || '9' || right(kode_kelurahan, 3) "
    "AS kode_kelurahan) FROM kelurahan WHERE kode_kelurahan = (SELECT min(kode_kelurahan) FROM kelurahan)",
    "UPDATE jenis_kegiatan SET ada_peserta = NOT ada_peserta WHERE kode = 'gerebek_pasar'",
    "UPDATE pemilihan SET sosialisasi_mulai = sosialisasi_mulai + 20",
    "INSERT INTO imports (jenis, nama_file, pengguna) VALUES ('targets', 'target.csv', 'uji')",
    "DELETE FROM activities WHERE id_kegiatan = (SELECT min(id_kegiatan) FROM activities)",
])
def test_anything_but_activity_imports_since_the_last_build_rebuilds_them(sample_rw, merges, change):
    con = sample_rw
    assert totals.refresh(con)
    con.execute(change)
    _import(con, FIRST, "satu.csv")
    assert totals.refresh(con)
    assert merges == []
    assert _contents(con) == _rebuilt(con)


def test_each_merged_table_has_a_build_of_the_new_rows_alone():
    assert set(totals._MERGE_DELTAS) == {spec.table for spec in totals._MERGED}
    builds = {totals.AREA_TABLE: totals._BUILD_AREAS, totals.TYPE_TABLE: totals._BUILD_TYPES,
              totals.KABKOTA_DAILY_TABLE: totals._BUILD_KABKOTA_DAILY}
    for table, delta in totals._MERGE_DELTAS.items():
        assert delta.lstrip().startswith(("WITH", "SELECT")), table  # a query, staged before the merge
        assert delta.count("$sejak") == 1, table
    for table, build in builds.items():
        assert totals._MERGE_DELTAS[table] not in build, table
    with pytest.raises(ValueError):
        totals._query_of(totals._BUILD_AREAS, totals.TYPE_TABLE)


def _log_and_sums(keys: int = 250_000):
    """A log of 600.000 rows over `keys` keys (and rows with no key), and its sums per key up to row 300.000."""
    con = duckdb.connect()
    con.execute("CREATE TABLE rollup_versi (tabel VARCHAR PRIMARY KEY, versi VARCHAR NOT NULL)")
    con.execute("CREATE TABLE log (i INTEGER, k VARCHAR, n BIGINT, d DATE)")
    con.execute("INSERT INTO log SELECT i, CASE WHEN i % 997 = 7 OR i % 50000 = 10 THEN NULL "
                "ELSE 'k' || (i % $keys) END, i % 7, DATE '2024-01-01' + (i % 300)::INTEGER FROM range(600000) t(i)",
                {"keys": keys})
    con.execute("CREATE TABLE sums (k VARCHAR, n BIGINT NOT NULL, pertama DATE, terakhir DATE)")
    add = "SELECT k, sum(n)::BIGINT, min(d), max(d) FROM log WHERE i > $sejak GROUP BY k"
    con.execute("INSERT INTO sums " + add.replace("i > $sejak", "i <= 300000") + " ORDER BY k")
    return con, add


SUMS = totals_merge.Merged("sums", ("k",), ("n",), ("pertama",), ("terakhir",), ("k",))
WANT = "SELECT k, sum(n), min(d), max(d) FROM log GROUP BY k ORDER BY k"


@pytest.mark.parametrize("share", [0.0, 1.0], ids=["whole", "by_key"])
def test_a_merge_of_several_row_groups_keeps_every_row(monkeypatch, share):
    # Tables larger than one of DuckDB's row groups (~122.880 rows), inside one transaction as the refresh runs it:
    # DuckDB 2.0.0 loses such rows in a table created empty in the transaction. Written independently of the merge:
    # the answer is the log's rows grouped per key (a missing key is one key, as GROUP BY has it). Both ways of
    # merging: the whole table rewritten, and only the keys the new rows bring.
    monkeypatch.setattr(totals_merge, "MAX_APPENDED_SHARE", share)
    con, add = _log_and_sums()
    con.execute("BEGIN")
    totals_merge.merge(con, {"sums": add}, [SUMS], 300_000)
    con.execute("COMMIT")
    want = con.execute(WANT).fetchall()
    assert len(want) > 2 * 122_880 and want[-1][0] is None  # several row groups, and the missing key
    assert con.execute("SELECT * FROM sums ORDER BY k NULLS FIRST").fetchall() == sorted(
        want, key=lambda r: (r[0] is not None, r[0] or ""))
    appended = con.execute("SELECT versi FROM rollup_versi WHERE tabel = 'sums/tambahan'").fetchone()[0]
    assert appended == ("0" if share == 0.0 else str(len(con.execute(add, {"sejak": 300_000}).fetchall())))


def test_a_few_new_keys_rewrite_only_their_rows_until_a_quarter_is_out_of_order():
    con, add = _log_and_sums(keys=400)
    # Rows 300.001 … 300.050 bring 50 keys (one a missing key): only their rows are rewritten, appended in key order
    # after the rows kept in place, which keep theirs.
    kept = con.execute("SELECT * FROM sums").fetchall()
    con.execute("DELETE FROM log WHERE i > 300050")
    totals_merge.merge(con, {"sums": add}, [SUMS], 300_000)
    rows = con.execute("SELECT * FROM sums").fetchall()  # stored order
    touched = {r[0] for r in con.execute("SELECT DISTINCT k FROM log WHERE i > 300000").fetchall()}
    assert len(touched) == 50 and None in touched
    assert rows[:-50] == [r for r in kept if r[0] not in touched]
    assert [r[0] for r in rows[-50:]] == sorted(touched, key=lambda k: (k is None, k or ""))  # NULLS LAST
    assert sorted(rows, key=str) == sorted(con.execute(WANT).fetchall(), key=str)
    assert con.execute("SELECT versi FROM rollup_versi WHERE tabel = 'sums/tambahan'").fetchone()[0] == "50"
    # Another 70 keys: 50 + 70 of 401 + 70 rows would be out of order, past a quarter: the table is written whole, in
    # order.
    con.execute("INSERT INTO log SELECT i, 'k' || (i % 70), 1, DATE '2024-12-01' FROM range(700000, 700070) t(i)")
    totals_merge.merge(con, {"sums": add}, [SUMS], 300_050)
    rows = con.execute("SELECT * FROM sums").fetchall()
    assert rows == con.execute(WANT.replace("ORDER BY k", "ORDER BY k NULLS LAST")).fetchall()
    assert con.execute("SELECT versi FROM rollup_versi WHERE tabel = 'sums/tambahan'").fetchone()[0] == "0"


def test_a_full_build_forgets_the_rows_appended_by_merges(sample_rw, merges):
    con = sample_rw
    assert totals.refresh(con)
    appended = "SELECT tabel, versi FROM rollup_versi WHERE tabel LIKE '%/tambahan' ORDER BY 1"
    first = _import(con, FIRST, "satu.csv")
    assert totals.refresh(con) and len(merges) == 1
    # A few rows of a few places: merged by key, each table's appended rows counted.
    counted = dict(con.execute(appended).fetchall())
    assert set(counted) == {spec.table + totals_merge.APPENDED_SUFFIX for spec in totals._MERGED}
    assert 0 < int(counted[totals.AREA_TABLE + "/tambahan"]) <= len(FIRST)
    undo_import(con, first.import_id, user="uji")
    assert totals.refresh(con) and len(merges) == 1  # an undo builds them whole
    assert con.execute(appended).fetchall() == []


def test_every_page_query_answers_as_the_raw_log_after_a_merge_by_key(national_db, tmp_path, merges):
    # The merged tables' rows of the keys an import brought sit at the end, out of their order: no answer may lean on
    # the stored order. Every query the pages call, under every view the benchmark times, against the raw log.
    from analytics.bench.importing import write_csv
    from analytics.store import open_database
    from tests.test_rollup import _assert_rollup_matches_raw

    path = tmp_path / "nasional.duckdb"
    shutil.copy(national_db, path)
    con = open_database(path)
    try:
        assert totals.refresh(con)
        write_csv(con, tmp_path / "impor.csv", 300, 5)
        result = import_bytes(con, (tmp_path / "impor.csv").read_bytes(), kind="activities", file_name="impor.csv",
                              user="uji")
        assert result.rows_kept > 250, result
        assert totals.refresh(con) and len(merges) == 1
        appended = dict(con.execute("SELECT tabel, versi FROM rollup_versi WHERE tabel LIKE '%/tambahan'").fetchall())
        assert int(appended[totals.TYPE_TABLE + totals_merge.APPENDED_SUFFIX]) > 200  # merged by key
        _assert_rollup_matches_raw(con)
    finally:
        con.close()
