"""Quoted SQL identifiers checked against a named allow-list: the only text besides constants that enters SQL.

Values are always bound ($name parameters). Identifiers cannot be bound, so where a statement is built from a
table's column list, every name goes through `ident` (or the helpers built on it), which refuses anything not in
the allow-list the caller names — never text from a file header, a URL or a widget."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping

_PLAIN = re.compile(r"[a-z_][a-z0-9_]*\Z")
# Every type the stage and the migrations cast to.
_TYPE = re.compile(r"(VARCHAR|DATE|SMALLINT|INTEGER|BIGINT|DOUBLE|BOOLEAN|JSON|TIMESTAMP|DECIMAL\(\d+,\d+\))(\[\])?\Z")


def ident(name: str, allowed: Collection[str]) -> str:
    """`"name"`, if `name` is in `allowed` and a plain lower-case identifier; otherwise ValueError."""
    if name not in allowed or not _PLAIN.match(name):
        raise ValueError(f"nama SQL {name!r} tidak ada dalam daftar yang diizinkan")
    return f'"{name}"'


def idents(names: Iterable[str], allowed: Collection[str]) -> str:
    """`"a", "b", …` for a column list."""
    return ", ".join(ident(n, allowed) for n in names)


def each(template: str, names: Iterable[str], allowed: Collection[str], sep: str) -> str:
    """`template` (a constant with `{c}` for the quoted name) for every name, joined by `sep`: join conditions,
    comparisons."""
    return sep.join(template.format(c=ident(n, allowed)) for n in names)


def casts(types: Mapping[str, str], allowed: Collection[str], alias: bool = True) -> str:
    """`CAST("c" AS TYPE) AS "c", …` for a column → SQL type map (types from the migrations' own list)."""
    parts = []
    for name, sql_type in types.items():
        if not _TYPE.match(sql_type):
            raise ValueError(f"tipe SQL {sql_type!r} tidak dikenal")
        quoted = ident(name, allowed)
        parts.append(f"CAST({quoted} AS {sql_type})" + (f" AS {quoted}" if alias else ""))
    return ", ".join(parts)
