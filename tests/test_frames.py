"""analytics.frames.frame gives exactly the frame DuckDB's .df() gives: names, dtypes and values, with and without
missing values, empty answers included."""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd
import pytest

from analytics.filters import Filters, Scope
from analytics import frames
from analytics.frames import frame
from analytics.queries import areas

_ROW = ("1::BIGINT", "2::INTEGER", "3::SMALLINT", "4::TINYINT", "5::UBIGINT", "'teks'", "DATE '2024-11-27'", "true",
        "12.34::DECIMAL(5,2)", "7::HUGEINT", "1.5::DOUBLE", "TIMESTAMP '2024-11-27 08:00:00'")
_NAMES = ("i64, i32, i16, i8, u64, s, d, b, dec, h, f, ts")


@pytest.fixture(params=["direct", "relation"])
def path(request, monkeypatch):
    """Both ways to the Arrow answer: the pinned duckdb's direct submit, and the public relation it falls back to."""
    if request.param == "relation":
        monkeypatch.setattr(frames, "_submit", None)
    return request.param


def test_the_pinned_duckdb_gives_the_direct_path():
    # requirements.txt pins duckdb: if an upgrade drops the function, this says so (the relation path still works).
    assert frames._submit is not None


@pytest.mark.parametrize("rows", [
    [_ROW],
    [_ROW, ("NULL",) * len(_ROW)],  # every column with a missing value
    [("NULL",) * len(_ROW)],
])
def test_every_type_with_and_without_missing_values(rows, path):
    con = duckdb.connect()
    con.execute(f"CREATE TABLE t ({', '.join(f'{n} {ty}' for n, ty in zip(_NAMES.split(', '), _TYPES))})")
    for row in rows:
        con.execute(f"INSERT INTO t VALUES ({', '.join(row)})")
    for sql in ("SELECT * FROM t", "SELECT * FROM t WHERE false", "SELECT * FROM t WHERE i64 = $x"):
        bound = {"x": 1} if "$x" in sql else None
        pd.testing.assert_frame_equal(frame(con, sql, bound), con.execute(sql, bound).df(), check_exact=True)


_TYPES = ("BIGINT", "INTEGER", "SMALLINT", "TINYINT", "UBIGINT", "VARCHAR", "DATE", "BOOLEAN", "DECIMAL(5,2)",
          "HUGEINT", "DOUBLE", "TIMESTAMP")


def test_a_check_left_unread_does_not_block_the_answer(path):
    con = duckdb.connect()
    con.execute("SELECT * FROM range(10)").fetchone()  # as the derived-table checks leave their results
    assert frame(con, "SELECT 1 AS x")["x"].tolist() == [1]


def test_the_per_area_figures_are_the_same(sample_con, path):
    filters = Filters(pemilihan="pilkada2024", mulai=dt.date(2024, 9, 1))
    sql, bound = areas._metrics_sql(sample_con, filters, Scope.everything(), "kelurahan")
    pd.testing.assert_frame_equal(frame(sample_con, sql, bound), sample_con.execute(sql, bound).df(),
                                  check_exact=True)


def test_an_answer_sorted_in_arrow_equals_the_sql_order(path):
    con = duckdb.connect()
    con.execute("CREATE TABLE t AS SELECT * FROM (VALUES ('3171', 1, 'c'), ('31', 2, NULL), ('3101', NULL, 'a'), "
                "('Ab', 4, 'b'), ('a', 5, 'x'), (NULL, 6, 'y'), ('é', 7, 'z')) v(kode, n, s)")
    for key in ("kode", "n"):
        pd.testing.assert_frame_equal(frame(con, "SELECT * FROM t", order_by=key),
                                      con.execute(f"SELECT * FROM t ORDER BY {key}").df(), check_exact=True)
