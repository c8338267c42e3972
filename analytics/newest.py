"""Lists of the newest rows (activity log, disability list) that read only the days holding them: the log is stored
by date, so those days are a few row groups instead of every row of the selection."""

from __future__ import annotations

import duckdb
import pandas as pd

# From per-day counts d(tanggal, n, …), NEWER_PER_DAY adds how many rows are newer than each day, and
# OLDEST_DAY_NEEDED is the oldest day with fewer than $limit rows after it (NULL with no limit). The newest $limit
# rows all lie on or after that day.
NEWER_PER_DAY = "c AS (SELECT *, sum(n) OVER (ORDER BY tanggal DESC) - n AS lebih_baru FROM d)"
OLDEST_DAY_NEEDED = "min(tanggal) FILTER (WHERE lebih_baru < $limit)"


def newest_rows(con: duckdb.DuckDBPyConnection, every_sql: str, since_sql: str, bound: dict[str, object],
                limit: int | None, since: object) -> pd.DataFrame:
    """The newest `limit` rows (all when None): `since_sql` (the same list cut to tanggal >= $since) when the
    oldest day needed is known, else `every_sql`. Same rows either way."""
    if limit is None or since is None:
        return con.execute(every_sql, {**bound, "limit": limit}).df()
    return con.execute(since_sql, {**bound, "limit": limit, "since": since}).df()
