"""The shared machinery of row rules: parse a column once per distinct value, collect reasons per row."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from analytics import fmt
from analytics.importing.names import ActivityTypes, AreaMatch, Regions
from analytics.importing.parse import Parsed
from analytics.importing.parse_fast import parse_column, parse_counts
from analytics.importing.read import Table
from analytics.importing.vector import factorize, spread


@dataclass
class Election:
    code: str
    name: str
    day: dt.date
    start: dt.date
    end: dt.date

    @property
    def window(self) -> str:
        return f"{self.name}: {fmt.date(self.start)} – {fmt.date(self.end)}"


@dataclass
class Context:
    """What the rules need from the database, loaded once per import."""

    regions: Regions
    types: ActivityTypes
    elections: list[Election]
    election: str | None = None  # chosen with --pemilihan, for turnout, voters and targets

    @classmethod
    def load(cls, con: duckdb.DuckDBPyConnection, election: str | None = None) -> Context:
        rows = con.execute(
            "SELECT kode_pemilihan, nama, tanggal, sosialisasi_mulai, sosialisasi_selesai FROM pemilihan "
            "ORDER BY tanggal"
        ).fetchall()
        return cls(Regions.load(con), ActivityTypes.load(con), [Election(*r) for r in rows], election)


@dataclass
class Checked:
    """Rows that passed every rule (typed, index = file row number) and the reasons the others failed."""

    good: pd.DataFrame
    reasons: dict[int, list[str]]
    corrections: Counter


class Checker:
    """Reasons per row, named the way the operator sees the file: 'Baris 12, kolom "Tgl": …'."""

    def __init__(self, table: Table):
        self.body = table.body
        self.index = table.body.index
        self.labels = {col: table.labels[i] for i, col in table.match.columns.items()}
        self.reasons: dict[int, list[str]] = {}
        self.corrections: Counter = Counter()
        self.areas: AreaCodes | None = None  # set by area_pairs

    def has(self, column: str) -> bool:
        return column in self.labels

    def text(self, column: str) -> pd.Series:
        """The column's cells as Python strings ('' where the column is missing)."""
        return self.cells(column).astype(object)

    def cells(self, column: str) -> pd.Series:
        """The column's cells as read (Arrow-backed text from the readers; '' where the column is missing)."""
        if column not in self.labels:
            return pd.Series("", index=self.index, dtype=object)
        return self.body[self.labels[column]]

    def label(self, column: str) -> str:
        return self.labels.get(column, column)

    def fail(self, mask: pd.Series, column: str | None, message: str | pd.Series) -> None:
        """Record a reason for every row where mask is true."""
        rows = mask[mask.fillna(False).astype(bool)].index
        if not len(rows):
            return
        where = f", kolom '{self.label(column)}'" if column else ""
        messages = message.loc[rows] if isinstance(message, pd.Series) else None
        for i, row in enumerate(rows):
            text = messages.iloc[i] if messages is not None else message
            self.reasons.setdefault(int(row), []).append(f"Baris {row}{where}: {text}")

    def parse(self, column: str, parser: Callable[[str], Parsed], *, required: str | None = None) -> pd.Series:
        """Parse a column once per distinct cell; bad cells and (if `required` says why) empty ones fail."""
        raw = self.cells(column)
        values, errors, hints = parse_column(raw, parser)
        bad = self._report(column, raw, errors, hints, required)
        return values.where(~bad, None)

    def counts(self, column: str, *, required: str | None = None) -> pd.arrays.IntegerArray:
        """A count column as nullable integers (parse_count); bad and empty cells are missing."""
        raw = self.cells(column)
        values, errors, hints = parse_counts(raw)
        self._report(column, raw, errors, hints, required)
        return values

    def _report(self, column: str, raw: pd.Series, errors: pd.Series, hints: pd.Series,
                required: str | None) -> pd.Series:
        """Fail the cells a parser refused (and empty required ones); return which cells were refused."""
        bad = errors.notna()
        if bad.any():
            msg = pd.Series(
                [f"'{r}' {e}" + (f"; {h}" if isinstance(h, str) else "")
                 for r, e, h in zip(raw[bad], errors[bad], hints[bad])],
                index=raw[bad].index,
            )
            self.fail(bad, column, msg)
        if required:
            self.fail((raw == "") & ~bad, column, f"kosong; {required}")
        return bad

    def match_unique(self, raw: pd.Series, column: str, matcher: Callable[[str], AreaMatch],
                     what: str) -> pd.Series:
        """Map each distinct non-empty cell through a name matcher; count corrections; fail the unknown."""
        rows, uniques = factorize(raw)
        found = [matcher(u) if isinstance(u, str) and u.strip() else None for u in uniques]
        codes = spread(rows, [m.code if m else None for m in found], raw.index)
        errors = spread(rows, [m.error if m else None for m in found], raw.index)
        self.fail(errors.notna(), column, errors)
        tally = np.bincount(rows, minlength=len(uniques))
        for u, m, n in zip(uniques, found, tally):
            if m and m.code and m.corrected:
                self.corrections[f"{what} '{u}' → {m.name}"] += int(n)
        return codes.where(errors.isna(), None)

    def not_greater(self, part: pd.Series, part_col: str, whole: pd.Series, whole_col: str, what: str) -> None:
        """part ≤ whole, where both are known."""
        p, w = pd.Series(part, index=self.index), pd.Series(whole, index=self.index)
        bad = (p.notna() & w.notna()) & (p > w).fillna(False)
        if bad.any():
            msg = pd.Series([f"{what} ({a}) lebih besar dari kolom '{self.label(whole_col)}' ({b})"
                             for a, b in zip(p[bad], w[bad])], index=p[bad].index)
            self.fail(bad, part_col, msg)

    def result(self, good: pd.DataFrame) -> Checked:
        failed = self.index.isin(list(self.reasons))
        return Checked(good[~failed], self.reasons, self.corrections)


def election_for_rows(checker: Checker, ctx: Context) -> pd.Series:
    """The election of each row: its own 'pemilihan' cell, else --pemilihan, else the latest one held (or the only)."""
    raw = checker.text("pemilihan")
    default, problem = default_election(ctx)
    by_key = {}
    for e in ctx.elections:
        for key in (e.code, e.name):
            by_key[_key(key)] = e.code

    def match(text: str) -> AreaMatch:
        code = by_key.get(_key(text))
        if code:
            return AreaMatch(code, code, corrected=False)
        return AreaMatch(error=f"pemilihan '{text}' tidak dikenal; pilih {', '.join(e.code for e in ctx.elections)}")

    own = checker.match_unique(raw, "pemilihan", match, "pemilihan")
    empty = raw == ""
    if default is None:
        checker.fail(empty, "pemilihan" if checker.has("pemilihan") else None, problem)
    return own.where(~empty, default)


def default_election(ctx: Context) -> tuple[str | None, str]:
    """The election chosen with --pemilihan, else the latest held by today, else the only one."""
    codes = [e.code for e in ctx.elections]
    if ctx.election:
        if ctx.election in codes:
            return ctx.election, ""
        return None, f"pemilihan '{ctx.election}' tidak ada; pilih {', '.join(codes)}"
    held = [e for e in ctx.elections if e.day <= dt.date.today()]
    if held:
        return held[-1].code, ""
    if len(ctx.elections) == 1:
        return ctx.elections[0].code, ""
    return None, f"pemilihan tidak disebut; tambahkan kolom 'pemilihan' atau pilih salah satu: {', '.join(codes)}"


def _key(text: str) -> str:
    return "".join(ch for ch in str(text).lower() if ch.isalnum())


# Area cells already written as the official dotted codes (ASCII digits only, so that code_of returns the cell
# itself): such a kecamatan/kelurahan pair needs no matching when the kelurahan lies in the kecamatan.
_KEC_CODE = re.compile(r"[0-9]{2}\.[0-9]{2}\.[0-9]{2}")
_KEL_CODE = re.compile(r"[0-9]{2}\.[0-9]{2}\.[0-9]{2}\.[0-9]{4}")


@dataclass
class AreaCodes:
    """The outcome of area_pairs per distinct pair: the pair of each row and the final codes of each pair."""

    rows: np.ndarray
    kecamatan: np.ndarray
    kelurahan: np.ndarray

    def per_kecamatan(self, func: Callable[[object], object], index: pd.Index) -> pd.Series:
        """func of each row's kecamatan code (None where it has none), called once per distinct code."""
        # Pairs are as many as kelurahan (~80.000 in a national file); kecamatan codes a tenth of that. Codes are
        # str or None, and factorize gives a missing one as NaN: func is handed None, as for a pair.
        codes, distinct = factorize(pd.Series(self.kecamatan, dtype=object))
        per_pair = np.fromiter((func(k if isinstance(k, str) else None) for k in distinct), dtype=object,
                               count=len(distinct))[codes]
        return spread(self.rows, per_pair, index)

    def per_kelurahan(self, func: Callable[[object], object], index: pd.Index) -> pd.Series:
        """func of each row's kelurahan code, called once per distinct pair."""
        return spread(self.rows, [func(k) for k in self.kelurahan], index)


def _parent_of_codes(cells: list, regions: Regions) -> np.ndarray:
    """Per distinct kelurahan cell: its kecamatan code where the cell is an official kelurahan code written the
    official way (_KEL_CODE), else None. In bulk: Arrow's regex (RE2, the same for this ASCII pattern) and one
    index lookup, not a dict lookup and a Python regex per cell."""
    text = pa.array([c if isinstance(c, str) else None for c in cells], type=pa.string())
    shaped = pc.fill_null(pc.match_substring_regex(text, "^" + _KEL_CODE.pattern + "$"), False)
    parents = regions.kelurahan_table["kecamatan"].reindex(pd.Index(cells, dtype=object)).to_numpy(dtype=object)
    found = shaped.to_numpy(zero_copy_only=False) & pd.notna(parents)
    return np.where(found, parents, None)


def area_pairs(checker: Checker, ctx: Context, *, kelurahan_required: bool) -> tuple[pd.Series, pd.Series]:
    """Kecamatan and kelurahan codes per row, matched once per distinct (kecamatan, kelurahan) pair; the codes per
    pair are kept in checker.areas for rules that derive more from them."""
    kec_raw, kel_raw = checker.cells("kecamatan"), checker.cells("kelurahan")
    kec_rows, kec_names = factorize(kec_raw)
    kel_rows, kel_names = factorize(kel_raw)
    # A pair is a number (kecamatan code × kelurahan count + kelurahan code): no separator a cell could contain.
    pair_rows, pairs = factorize(pd.Series(kec_rows.astype(np.int64) * max(len(kel_names), 1) + kel_rows))
    tally = np.bincount(pair_rows, minlength=len(pairs))
    kec_match: dict[str, AreaMatch] = {}
    corrections = checker.corrections

    def resolve(kec: str, kel: str, rows: int) -> tuple[str | None, str | None, str | None, str | None]:
        kec_code = kel_code = kec_err = kel_err = None
        if kec:
            if kec not in kec_match:
                kec_match[kec] = ctx.regions.match_kecamatan(kec)
            kec_code, kec_err = kec_match[kec].code, kec_match[kec].error
        if kel and not kec_err:
            k = ctx.regions.match_kelurahan(kel, kec_code)
            kel_code, kel_err = k.code, k.error
            if k.code:
                kec_code = ctx.regions.kelurahan[k.code][1]
                if k.corrected:
                    corrections[f"kelurahan '{kel}' → {k.name}"] += rows
        if kec and kec_code and not kel_err and kec_match[kec].corrected:
            corrections[f"kecamatan '{kec}' → {kec_match[kec].name}"] += rows
        return kec_code, kel_code, kec_err, kel_err

    n_kel = max(len(kel_names), 1)
    pair_kec = np.asarray(pairs, dtype=np.int64) // n_kel
    pair_kel = np.asarray(pairs, dtype=np.int64) % n_kel
    # Exactly what resolve gives for an official kecamatan code with an official kelurahan code inside it: both
    # codes, no error, nothing corrected. Checked per distinct cell, then compared per pair in numpy.
    regions = ctx.regions
    kec_code_cell = np.array([isinstance(k, str) and k in regions.kecamatan and _KEC_CODE.fullmatch(k) is not None
                              for k in kec_names], dtype=bool)
    kel_parent = _parent_of_codes(kel_names, regions)
    kec_cells = np.fromiter(kec_names, dtype=object, count=len(kec_names))
    direct = (kec_code_cell[pair_kec] & (kel_parent[pair_kel] == kec_cells[pair_kec])
              if len(pairs) else np.zeros(0, dtype=bool))
    found = np.full((len(pairs), 4), None, dtype=object)
    found[direct, 0] = kec_cells[pair_kec[direct]]
    found[direct, 1] = np.fromiter(kel_names, dtype=object, count=len(kel_names))[pair_kel[direct]]
    for p in np.flatnonzero(~direct):
        found[p] = resolve(kec_names[pair_kec[p]], kel_names[pair_kel[p]], int(tally[p]))
    # The codes a row ends with: none where either name failed (kecamatan), none where the kelurahan failed.
    ok_kel = np.array([e is None for e in found[:, 3]], dtype=bool)
    ok_both = ok_kel & np.array([e is None for e in found[:, 2]], dtype=bool)
    final_kec = np.where(ok_both, found[:, 0], None)
    final_kel = np.where(ok_kel, found[:, 1], None)
    checker.areas = AreaCodes(pair_rows, final_kec, final_kel)
    kec_err, kel_err = (spread(pair_rows, found[:, i], kec_raw.index) for i in (2, 3))
    checker.fail(kec_err.notna(), "kecamatan", kec_err)
    checker.fail(kel_err.notna(), "kelurahan", kel_err)
    if kelurahan_required:
        checker.fail(kel_raw == "", "kelurahan", "kosong; isi nama kelurahan/desa")
    return spread(pair_rows, final_kec, kec_raw.index), spread(pair_rows, final_kel, kec_raw.index)
