"""House rules the code itself can be checked for: the engine never imports Streamlit, pages hold no SQL, and SQL
is built only from constants and allow-listed identifiers (values are always bound)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from analytics import sqlnames

ROOT = Path(__file__).resolve().parents[1]
SQL = re.compile(r"\b(SELECT|INSERT INTO|DELETE FROM|UPDATE \w+ SET|CREATE|DROP|ALTER)\b")


def modules(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


def imported(tree: ast.AST) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_the_engine_never_imports_streamlit():
    found = [f"{p.relative_to(ROOT)} imports {m}" for p in modules("analytics")
             for m in imported(ast.parse(p.read_text())) if m.split(".")[0] == "streamlit"]
    assert not found, found


def test_pages_hold_no_sql_and_no_duckdb():
    found = []
    for p in modules("pages"):
        tree = ast.parse(p.read_text())
        found += [f"{p.name} imports {m}" for m in imported(tree) if m.split(".")[0] == "duckdb"]
        found += [f"{p.name}:{n.lineno} SQL text" for n in ast.walk(tree)
                  if isinstance(n, ast.Constant) and isinstance(n.value, str) and SQL.search(n.value)]
    assert not found, found


def _is_constant(node: ast.expr) -> bool:
    """A module constant: NAME, _NAME or module.NAME."""
    name = node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else ""
    return name.lstrip("_").isupper()


def _is_sqlnames_call(node: ast.expr) -> bool:
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name) and node.func.value.id == "sqlnames")


def _sqlnames_locals(fn: ast.AST) -> set[str]:
    """Local names every assignment of which is a sqlnames call."""
    good, bad = set(), set()
    for node in ast.walk(fn):
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Name):
                    ok = not isinstance(node, ast.AugAssign) and node.value is not None and _is_sqlnames_call(node.value)
                    (good if ok else bad).add(target.id)
    return good - bad


def runtime_sql_parts(path: Path) -> list[str]:
    """Every interpolation in an f-string holding SQL that is neither a constant nor an allow-listed identifier."""
    tree = ast.parse(path.read_text())
    # Each f-string is judged in its innermost function (module level: constants only).
    enclosing: dict[ast.AST, ast.AST | None] = {}

    def visit(node: ast.AST, fn: ast.AST | None) -> None:
        for child in ast.iter_child_nodes(node):
            enclosing[child] = fn
            visit(child, child if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)) else fn)

    visit(tree, None)
    safe_in = {fn: _sqlnames_locals(fn) for fn in set(enclosing.values()) if fn is not None}
    bad = set()
    for node, fn in enclosing.items():
        safe = safe_in.get(fn, set())
        if not isinstance(node, ast.JoinedStr):
            continue
        text = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
        if not SQL.search(text) and not re.search(r"\b(FROM|WHERE|JOIN)\b", text):
            continue
        for part in node.values:
            if isinstance(part, ast.FormattedValue):
                e = part.value
                # Module level: constants compose statements once. In a function only checked identifiers may enter
                # the text (a constant there too belongs in a statement built at module level).
                if (fn is None and _is_constant(e)) or _is_sqlnames_call(e) or (isinstance(e, ast.Name)
                                                                                 and e.id in safe):
                    continue
                bad.add(f"{path.relative_to(ROOT)}:{node.lineno}: {{{ast.unparse(e)}}}")
    return sorted(bad)


def test_sql_is_built_only_from_constants_and_allow_listed_names():
    found = [line for p in modules("analytics") for line in runtime_sql_parts(p)]
    assert not found, "SQL text from something other than a constant or analytics.sqlnames:\n" + "\n".join(found)


def test_the_checker_sees_a_formatted_value(tmp_path):
    bad = ROOT / "analytics" / "_uji_aturan_sementara.py"
    bad.write_text('TABLE = "activities"\n'
                   'def f(con, kode):\n    con.execute(f"SELECT * FROM {TABLE} WHERE kode = \'{kode}\'")\n')
    try:
        assert runtime_sql_parts(bad) == ["analytics/_uji_aturan_sementara.py:3: {TABLE}",
                                          "analytics/_uji_aturan_sementara.py:3: {kode}"]
    finally:
        bad.unlink()


def test_identifiers_outside_the_allow_list_are_refused():
    assert sqlnames.ident("tanggal", {"tanggal"}) == '"tanggal"'
    assert sqlnames.casts({"rw": "SMALLINT"}, {"rw"}) == 'CAST("rw" AS SMALLINT) AS "rw"'
    assert sqlnames.each("s.{c} = t.{c}", ["a", "b"], {"a", "b"}, " AND ") == 's."a" = t."a" AND s."b" = t."b"'
    for name, allowed in [("lokasi", {"tanggal"}), ('x" ; DROP TABLE activities; --', {'x" ; DROP TABLE activities; --'}),
                          ("Tanggal", {"Tanggal"})]:
        with pytest.raises(ValueError):
            sqlnames.ident(name, allowed)
    with pytest.raises(ValueError):
        sqlnames.casts({"rw": "SMALLINT); DROP TABLE activities; --"}, {"rw"})
