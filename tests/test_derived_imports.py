"""The derived tables add an import's rows by reading that import alone: no statement builds a join's hash table from
the whole log or rollup (at 100M activities that ran out of memory and left every derived table unbuilt)."""

from __future__ import annotations

import json
import threading

import duckdb
import pytest

from analytics import area_log, db, disability_days, periods, rollup, totals, type_days
from analytics.importing.engine import import_bytes, undo_import
from tests.import_support import GOOD_ROWS, TEMPLATE, csv_bytes

# Each statement that adds one import's rows, and the table it reads them from.
ADDS = {
    "periods.place_days": (periods._ADD_DAYS[0], rollup.TABLE),
    "periods.school_days": (periods._ADD_DAYS[1], rollup.TABLE),
    "periods.spans": (periods._ADD_SPANS, periods.PLACE_DAY_TABLE),
    "type_days": (type_days._ADD, rollup.TABLE),
    "type_days.months": (type_days._ADD_MONTHS, type_days.TABLE),
    "area_log": (area_log._ADD, "activities"),
    "disability_days": (disability_days._ADD, "activities"),
}


def _scans(node: dict, table: str) -> list[dict]:
    """The plan's scans of `table` under `node`."""
    own = [node] if node["name"].endswith("SCAN") and \
        str(node.get("extra_info", {}).get("Table", "")).endswith(f".{table}") else []
    return own + [scan for child in node.get("children", []) for scan in _scans(child, table)]


def _joins(node: dict) -> list[dict]:
    own = [node] if "JOIN" in node["name"] else []
    return own + [join for child in node.get("children", []) for join in _joins(child)]


def _plan(con: duckdb.DuckDBPyConnection, statement: str, import_id: int) -> list[dict]:
    return json.loads(con.execute("EXPLAIN (FORMAT json) " + statement, {"import_id": import_id}).fetchall()[0][1])


@pytest.mark.parametrize("name", sorted(ADDS))
def test_adding_an_import_reads_only_its_rows_and_builds_no_join_from_the_source(sample_rw, name):
    con = sample_rw
    # A second import beside the sample's: with one import only, the column's statistics would let DuckDB drop the
    # filter as always true.
    result = import_bytes(con, csv_bytes([TEMPLATE, *GOOD_ROWS]), kind="activities", file_name="baru.csv", user="uji")
    assert totals.refresh(con)
    statement, source = ADDS[name]
    plan = _plan(con, statement, result.import_id)
    scans = [scan for root in plan for scan in _scans(root, source)]
    assert scans, f"{name}: the plan does not read {source}"
    for scan in scans:
        assert "import_id" in json.dumps(scan["extra_info"].get("Filters", "")), \
            f"{name}: {source} is read without the import's filter: {scan['extra_info']}"
    for join in (join for root in plan for join in _joins(root)):
        # DuckDB builds its hash table from a join's second child.
        assert not _scans(join["children"][1], source), f"{name}: a join builds its hash table from {source}"


def test_imports_missing_names_what_the_target_lacks_in_order():
    con = duckdb.connect()
    con.execute("CREATE TABLE src (import_id INTEGER); CREATE TABLE tgt (import_id INTEGER);"
                "INSERT INTO src VALUES (7), (3), (3), (5), (9); INSERT INTO tgt VALUES (5), (11)")
    assert db.imports_missing(con, "src", "tgt") == [3, 7, 9]
    con.execute("INSERT INTO tgt VALUES (3), (7), (9)")
    assert db.imports_missing(con, "src", "tgt") == []


def test_two_imports_at_once_are_both_added_and_one_undone_is_dropped(sample_rw):
    con = sample_rw
    assert totals.refresh(con)
    first = import_bytes(con, csv_bytes([TEMPLATE, *GOOD_ROWS]), kind="activities", file_name="a.csv", user="uji")
    # Other days, so that the importer does not take them for the first file's rows again.
    later = [["05/09/2024", *GOOD_ROWS[0][1:]], ["2024-09-06", *GOOD_ROWS[1][1:]]]
    second = import_bytes(con, csv_bytes([TEMPLATE, *later]), kind="activities", file_name="b.csv", user="uji")
    assert totals.refresh(con)  # both added in one refresh, one import at a time

    def counts(import_id: int) -> list[int]:
        return [con.execute(f"SELECT coalesce(sum(kegiatan), 0) FROM {table} WHERE import_id = $i",
                            {"i": import_id}).fetchone()[0]
                for table in (periods.PLACE_DAY_TABLE, type_days.TABLE, type_days.MONTH_TABLE)] + [
            con.execute(f"SELECT count(*) FROM {area_log.TABLE} WHERE import_id = $i", {"i": import_id}).fetchone()[0]]

    assert counts(first.import_id) == [len(GOOD_ROWS)] * 4
    assert counts(second.import_id) == [2] * 4
    undo_import(con, first.import_id, user="uji")
    assert totals.refresh(con)
    assert counts(first.import_id) == [0, 0, 0, 0]
    assert counts(second.import_id) == [2] * 4


def test_a_build_that_fails_is_rolled_back_and_logged(sample_rw, caplog):
    con = sample_rw
    lock = threading.Lock()

    def work(c: duckdb.DuckDBPyConnection) -> None:
        c.execute("CREATE TABLE setengah (x INTEGER)")
        c.execute("SELECT error('memori habis')")

    with caplog.at_level("WARNING", logger="analytics.rollup"):
        assert rollup.apply_alone(con, lock, work) is False
    assert db.tables_present(con, ["setengah"]) == 0
    assert "memori habis" in caplog.text and "tidak dibangun" in caplog.text
