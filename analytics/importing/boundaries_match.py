"""Match boundary features to kelurahan or kecamatan: by Kemendagri code when a column holds codes, else by name."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import duckdb
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from rapidfuzz import fuzz, process

LEVELS = ("kelurahan", "kecamatan")
NAME_THRESHOLD = 85  # rapidfuzz ratio on squashed names: "bogortngah" vs "bogortengah" scores 95
AMBIGUOUS_GAP = 4  # a runner-up this close to the best score makes a name ambiguous
CODE_SHARE = 0.8  # a column holds codes when this share of its filled cells look like region codes
ENVELOPE_DEG = 0.02  # ~2 km around the region's kelurahan points: beyond it an unknown feature is "outside"

_PREFIX = re.compile(r"^(kelurahan|kel|desa|ds|kecamatan|kec|kabupaten|kab|kota)\b\.?\s*", re.IGNORECASE)


@dataclass
class Region:
    """The areas the database knows: kelurahan (with their point), kecamatan, and other spellings of names."""

    kel: pd.DataFrame  # kode, kode_kecamatan, nama, lat, lon
    kec: pd.DataFrame  # kode, kode_kabkota, nama
    alt: dict[str, list[str]]
    kabkota: dict[str, str]  # code -> name

    def table(self, level: str) -> pd.DataFrame:
        return self.kel if level == "kelurahan" else self.kec

    def names(self, level: str) -> dict[str, str]:
        return dict(zip(self.table(level)["kode"], self.table(level)["nama"]))


def load_region(con: duckdb.DuckDBPyConnection) -> Region:
    """Read the region tables the matching needs."""
    kel = con.execute("SELECT kode_kelurahan AS kode, kode_kecamatan, nama, lat, lon FROM kelurahan ORDER BY 1").df()
    kec = con.execute("SELECT kode_kecamatan AS kode, kode_kabkota, nama FROM kecamatan ORDER BY 1").df()
    alt: dict[str, list[str]] = {}
    for kode, nama in con.execute("SELECT kode, nama_lain FROM nama_lain_wilayah ORDER BY 1, 2").fetchall():
        alt.setdefault(kode, []).append(nama)
    kabkota = dict(con.execute("SELECT kode_kabkota, nama FROM kabupaten_kota ORDER BY 1").fetchall())
    return Region(kel, kec, alt, kabkota)


def normalize_code(value: object) -> str | None:
    """A Kemendagri code with dots from 32.71.01.1001, 3271011001, ID3271011001 or 3271011001.0; else None."""
    if value is None or (isinstance(value, float) and (math.isnan(value) or not value.is_integer())):
        return None
    if isinstance(value, float):
        value = int(value)
    text = re.sub(r"[\s.\-_/]", "", str(value).strip().upper())
    text = text.removeprefix("ID")  # OCHA/HDX p-codes (ADM4_PCODE) put the country before the code
    if not text.isdigit():
        return None
    if len(text) == 10:
        return f"{text[:2]}.{text[2:4]}.{text[4:6]}.{text[6:]}"
    if len(text) == 6:
        return f"{text[:2]}.{text[2:4]}.{text[4:]}"
    return None


def name_key(value: object) -> str:
    """Lower-case letters and digits only, without "Kel."/"Desa"/"Kecamatan" prefixes: spacing varies by edition."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    text = str(value).strip()
    for _ in range(2):  # "Kel. Desa X" happens
        text = _PREFIX.sub("", text)
    return re.sub(r"[^0-9a-z]", "", text.lower())


@dataclass
class Match:
    """How each feature was matched: target code or None, and why not (outside the region, or a rejection)."""

    level: str
    method: str  # description of the column used, for notes
    codes: list[str | None]
    outside: list[bool]
    reasons: list[list[str]]
    notes: list[str] = field(default_factory=list)


def _code_columns(frame: pd.DataFrame) -> list[tuple[str, str, pd.Series, int]]:
    """(column, level, normalized codes, codes found in the region) for every column that holds region codes."""
    found = []
    for col in frame.columns:
        if col == frame.geometry.name:
            continue
        raw = frame[col]
        filled = raw.notna().sum()
        if not filled:
            continue
        codes = raw.map(normalize_code)
        found_codes = codes.dropna()
        if len(found_codes) < CODE_SHARE * filled:
            continue
        # Real codes share a few kab/kota prefixes; a column of populations or areas has prefixes all over the place.
        if found_codes.str[:5].nunique() > max(3, 0.2 * len(found_codes)):
            continue
        level = "kelurahan" if (codes.str.len() == 13).sum() >= (codes.str.len() == 8).sum() else "kecamatan"
        found.append((str(col), level, codes, 0))
    return found


def _score(keys: list[str], choices: dict[str, list[str]]) -> tuple[np.ndarray, list[str]]:
    """Similarity (0–100) of every key against every choice key; choices maps choice key -> codes."""
    choice_keys = list(choices)
    if not keys or not choice_keys:
        return np.zeros((len(keys), len(choice_keys))), choice_keys
    return process.cdist(keys, choice_keys, scorer=fuzz.ratio, workers=1), choice_keys


def _choice_keys(region: Region, level: str, codes: set[str] | None = None) -> dict[str, list[str]]:
    """Squashed official and other names of one level -> codes (several areas may share a name)."""
    out: dict[str, list[str]] = {}
    for kode, nama in region.names(level).items():
        if codes is not None and kode not in codes:
            continue
        for name in [nama, *region.alt.get(kode, [])]:
            bucket = out.setdefault(name_key(name), [])
            if kode not in bucket:
                bucket.append(kode)
    return out


def _name_columns(frame: pd.DataFrame, region: Region, skip: set[str]) -> list[tuple[str, str, int]]:
    """(column, level, distinct values matching a name of that level) for text columns, best first."""
    found = []
    for col in frame.columns:
        if col == frame.geometry.name or col in skip:
            continue
        values = frame[col].dropna()
        if values.empty or not (pd.api.types.is_string_dtype(values) or values.dtype == object):
            continue
        keys = sorted({name_key(v) for v in values} - {""})
        for level in LEVELS:
            scores, _ = _score(keys, _choice_keys(region, level))
            hits = int((scores.max(axis=1) >= NAME_THRESHOLD).sum()) if len(keys) else 0
            if hits:
                found.append((str(col), level, hits))
    # Most distinct names matched wins; on a tie the finer level, since a kelurahan file also names its kecamatan.
    found.sort(key=lambda t: (-t[2], LEVELS.index(t[1])))
    return found


def envelope(region: Region) -> shapely.Geometry:
    """Convex hull of the kelurahan points, widened ~2 km: features beyond it belong to another region."""
    pts = region.kel.dropna(subset=["lat", "lon"])
    if pts.empty:
        return shapely.Polygon()
    return shapely.convex_hull(shapely.multipoints(pts[["lon", "lat"]].to_numpy())).buffer(ENVELOPE_DEG)


def match_features(frame: gpd.GeoDataFrame, region: Region, level: str | None) -> Match:
    """Match every feature (frame in EPSG:4326) to an area code of `level` (detected when None)."""
    code_cols = _code_columns(frame)
    known = set(region.kel["kode"]) | set(region.kec["kode"])
    code_cols = [(c, lv, codes, int(codes.isin(known).sum())) for c, lv, codes, _ in code_cols]
    # Kelurahan codes can serve a kecamatan import (grouped by prefix); kecamatan codes cannot serve kelurahan.
    usable = [t for t in code_cols if level in (None, "kecamatan") or t[1] == level]
    # Columns with codes of this database first; then the finer level (a kelurahan file also carries kecamatan).
    usable.sort(key=lambda t: (-t[3], LEVELS.index(t[1])))
    if usable and usable[0][3]:
        col, col_level, codes, _ = usable[0]
        return _match_codes(frame, region, col, col_level, level or col_level, codes)
    if usable and not usable[0][2].dropna().str[:5].isin(list(region.kabkota)).any():
        # Codes of other kab/kota only: the file covers another region, whatever its names resemble.
        col, col_level, codes, _ = usable[0]
        return _match_codes(frame, region, col, col_level, level or col_level, codes)
    by_name = _match_names(frame, region, level, skip={c for c, *_ in code_cols})
    if usable and not any(by_name.codes):
        col, col_level, codes, _ = usable[0]
        return _match_codes(frame, region, col, col_level, level or col_level, codes)
    if usable:
        # Codes of this kab/kota that the database does not know: another numbering (e.g. BPS codes).
        by_name.notes.insert(
            0,
            f"Kode di kolom {usable[0][0]} bukan kode Kemendagri di basis data (mungkin kode BPS); "
            "wilayah dicocokkan lewat nama.",
        )
    return by_name


def _match_codes(
    frame: gpd.GeoDataFrame, region: Region, col: str, col_level: str, level: str, codes: pd.Series
) -> Match:
    known = set(region.table(level)["kode"])
    out = Match(level, f"kode di kolom {col}", [], [], [])
    if col_level != level:
        out.notes.append(f"Kode kelurahan di kolom {col} digabung per kecamatan (tingkat kecamatan diminta).")
    for raw, code in zip(frame[col], codes):
        target = code[:8] if code and level == "kecamatan" else code
        reasons: list[str] = []
        outside = False
        if target is None:
            reasons.append(f"kode {raw!s} di kolom {col} bukan kode wilayah Kemendagri")
        elif target[:5] not in region.kabkota:
            outside = True
        elif target not in known:
            reasons.append(f"kode {target} tidak ada dalam daftar {level} di basis data")
        out.codes.append(target if not reasons and not outside else None)
        out.outside.append(outside)
        out.reasons.append(reasons)
    return out


def _match_names(frame: gpd.GeoDataFrame, region: Region, level: str | None, skip: set[str]) -> Match:
    columns = _name_columns(frame, region, skip)
    if level is not None:
        columns = [c for c in columns if c[1] == level]
    if not columns:
        return Match(
            level or "kelurahan", "", [None] * len(frame), [False] * len(frame), [[] for _ in range(len(frame))]
        )
    col, level, _ = columns[0]
    parent_col = (
        next((c for c, lv, _ in columns if lv == "kecamatan" and c != col), None) if level == "kelurahan" else None
    )
    method = f"nama di kolom {col}" + (f" dalam kecamatan di kolom {parent_col}" if parent_col else "")
    out = Match(level, method, [], [], [])
    parents = _match_parents(frame[parent_col], region) if parent_col else [None] * len(frame)
    area = envelope(region)
    everyone = _choice_keys(region, level)
    by_parent: dict[str, dict[str, list[str]]] = {}
    names = region.names(level)
    for i, raw in enumerate(frame[col]):
        key = name_key(raw)
        parent = parents[i]
        choices = everyone
        if parent is not None:
            if parent not in by_parent:  # built once per kecamatan: files list thousands of desa
                children = set(region.kel.loc[region.kel["kode_kecamatan"] == parent, "kode"])
                by_parent[parent] = _choice_keys(region, level, children)
            choices = by_parent[parent]
        code, reason, note = _best_name(key, str(raw), choices, names, frame.geometry.iloc[i], region, level)
        if code is None and parent is not None and reason and "tidak dikenali" in reason:
            # The kecamatan column may be wrong while the kelurahan name is right: try the whole region once more.
            code, reason, note = _best_name(key, str(raw), everyone, names, frame.geometry.iloc[i], region, level)
        geom = frame.geometry.iloc[i]
        outside = code is None and geom is not None and not geom.is_empty and not geom.intersects(area)
        out.codes.append(code)
        out.outside.append(outside)
        out.reasons.append([] if outside or reason is None else [reason])
        if note:
            out.notes.append(note)
    return out


def _match_parents(values: pd.Series, region: Region) -> list[str | None]:
    choices = _choice_keys(region, "kecamatan")
    keys = [name_key(v) for v in values]
    scores, choice_keys = _score(keys, choices)
    out = []
    for row in scores:
        best = int(row.argmax()) if len(row) else -1
        # Kecamatan names are unique within a kab/kota; a name shared across kab/kota gives no parent.
        hit = best >= 0 and row[best] >= NAME_THRESHOLD and len(choices[choice_keys[best]]) == 1
        out.append(choices[choice_keys[best]][0] if hit else None)
    return out


def _best_name(
    key: str, raw: str, choices: dict[str, list[str]], names: dict[str, str], geom, region: Region, level: str
) -> tuple[str | None, str | None, str | None]:
    """(code, rejection reason, correction note) for one feature name."""
    if not key:
        return None, "nama wilayah kosong", None
    scores, choice_keys = _score([key], choices)
    by_code: dict[str, float] = {}
    for k, s in zip(choice_keys, scores[0] if len(choice_keys) else []):
        for code in choices[k]:
            by_code[code] = max(by_code.get(code, 0.0), float(s))
    ranked = sorted(by_code.items(), key=lambda kv: -kv[1])
    if not ranked or ranked[0][1] < NAME_THRESHOLD:
        return None, f"nama {raw!r} tidak dikenali sebagai {level} di basis data", None
    close = [c for c, s in ranked if s >= NAME_THRESHOLD and ranked[0][1] - s < AMBIGUOUS_GAP]
    if len(close) > 1:
        # Same or similar names: the area whose stored point lies inside this polygon settles it.
        inside = [c for c in close if _point_inside(c, geom, region, level)]
        if len(inside) != 1:
            listed = ", ".join(f"{names[c]} ({c})" for c in close[:4])
            return None, f"nama {raw!r} cocok dengan beberapa {level}: {listed}", None
        close = inside
    code = close[0]
    note = None if name_key(names[code]) == key else f"Nama {raw!r} dianggap {level} {names[code]} ({code})."
    if note and any(name_key(n) == key for n in region.alt.get(code, [])):
        note = None  # a known other spelling is not a correction
    return code, None, note


def _point_inside(code: str, geom, region: Region, level: str) -> bool:
    if geom is None or geom.is_empty:
        return False
    kel = (
        region.kel[region.kel["kode"] == code]
        if level == "kelurahan"
        else region.kel[region.kel["kode_kecamatan"] == code]
    )
    kel = kel.dropna(subset=["lat", "lon"])
    return bool(len(kel)) and bool(shapely.contains_xy(geom, kel["lon"].to_numpy(), kel["lat"].to_numpy()).any())
