"""Match typed names to the official lists in the database: kecamatan, kelurahan, activity types, organisers."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

import duckdb
import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from analytics.importing.headers import normalise

# A near-miss is corrected when it scores at least this (rapidfuzz ratio on names without spaces) …
ACCEPT = 82.0
# … and no other area scores within this margin of it.
MARGIN = 6.0
# Below ACCEPT, areas scoring this much are named as "did you mean".
SUGGEST = 60.0

_KEC_PREFIX = {"kecamatan", "kec", "kc", "ppk"}
_KEL_PREFIX = {"kelurahan", "kel", "kelur", "desa", "ds", "pps", "kel desa", "desa kel"}
_KAB_PREFIX = {"kota", "kabupaten", "kab", "kab kota", "kot"}
_CODE = re.compile(r"^(\d{2})\.?(\d{2})(?:\.?(\d{2})(?:\.?(\d{4}))?)?$")


def area_key(text: str, level: str) -> str:
    """A name without its level prefix, lower case, without spaces or punctuation: 'Kec. Bogor Tengah' → 'bogortengah'."""
    words = normalise(text).split()
    prefixes = {"kecamatan": _KEC_PREFIX, "kelurahan": _KEL_PREFIX, "kabkota": set()}[level]
    while len(words) > 1 and (words[0] in prefixes or " ".join(words[:2]) in prefixes):
        words = words[2:] if " ".join(words[:2]) in prefixes else words[1:]
    return "".join(words)


def code_of(text: str) -> str | None:
    """A Kemendagri code typed with or without dots ('3271031005', '32.71.03.1005'), in dotted form."""
    m = _CODE.match(text.strip())
    if not m:
        return None
    return ".".join(p for p in m.groups() if p)


@dataclass(frozen=True)
class AreaMatch:
    """The outcome of matching one typed name: a code, or an error with the candidates named."""

    code: str | None = None
    name: str | None = None
    corrected: bool = False
    error: str | None = None


@dataclass
class Regions:
    """The official areas in the database, with every accepted spelling."""

    kabkota: dict[str, str]  # code → name
    kecamatan: dict[str, tuple[str, str]]  # code → (name, kab/kota code)
    kelurahan: dict[str, tuple[str, str, int | None]]  # code → (name, kecamatan code, RW count)
    aliases: dict[str, list[str]] = field(default_factory=dict)  # code → other spellings
    _by_kecamatan: dict[str, dict[str, list[str]]] | None = field(default=None, repr=False, compare=False)

    @classmethod
    def load(cls, con: duckdb.DuckDBPyConnection) -> Regions:
        kab = dict(con.execute("SELECT kode_kabkota, nama FROM kabupaten_kota ORDER BY 1").fetchall())
        kec = {r[0]: (r[1], r[2]) for r in con.execute(
            "SELECT kode_kecamatan, nama, kode_kabkota FROM kecamatan ORDER BY 1").fetchall()}
        kel = {r[0]: (r[1], r[2], r[3]) for r in con.execute(
            "SELECT kode_kelurahan, nama, kode_kecamatan, jumlah_rw FROM kelurahan ORDER BY 1").fetchall()}
        aliases: dict[str, list[str]] = {}
        for code, name in con.execute("SELECT kode, nama_lain FROM nama_lain_wilayah ORDER BY 1, 2").fetchall():
            aliases.setdefault(code, []).append(name)
        return cls(kab, kec, kel, aliases)

    @cached_property
    def kelurahan_table(self) -> pd.DataFrame:
        """The kelurahan by code: kecamatan code and RW count (NaN where unknown), for lookups of many codes at once
        (a national file names ~80.000 kelurahan; one by one that was ~0,2 s of an import)."""
        codes = list(self.kelurahan)
        values = list(self.kelurahan.values())
        return pd.DataFrame({"kecamatan": [v[1] for v in values],
                             "rw": np.array([np.nan if v[2] is None else v[2] for v in values], dtype=float)},
                            index=pd.Index(codes, dtype=object))

    @property
    def region_label(self) -> str:
        return ", ".join(self.kabkota.values()) or "(belum ada wilayah)"

    def kecamatan_name(self, code: str) -> str:
        return self.kecamatan[code][0]

    def match_kecamatan(self, text: str) -> AreaMatch:
        code = code_of(text)
        if code and len(code) == 8:
            if code in self.kecamatan:
                return AreaMatch(code, self.kecamatan[code][0])
            return AreaMatch(error=f"kode kecamatan {code} tidak ada di {self.region_label}")
        choices = {c: [v[0], *self.aliases.get(c, [])] for c, v in self.kecamatan.items()}
        return _match(text, "kecamatan", choices, {c: v[0] for c, v in self.kecamatan.items()},
                      f"kecamatan di {self.region_label}")

    def _kelurahan_in(self, kecamatan: str) -> dict[str, list[str]]:
        """The kelurahan of one kecamatan with their spellings, indexed once: a national list has ~84,000 rows,
        and a file names thousands of distinct kelurahan."""
        if self._by_kecamatan is None:
            index: dict[str, dict[str, list[str]]] = {}
            for c, v in self.kelurahan.items():
                index.setdefault(v[1], {})[c] = [v[0], *self.aliases.get(c, [])]
            self._by_kecamatan = index
        return self._by_kecamatan.get(kecamatan, {})

    def match_kelurahan(self, text: str, kecamatan: str | None) -> AreaMatch:
        code = code_of(text)
        if code and len(code) == 13:
            if code not in self.kelurahan:
                return AreaMatch(error=f"kode kelurahan {code} tidak ada di {self.region_label}")
            if kecamatan and self.kelurahan[code][1] != kecamatan:
                return AreaMatch(error=f"kode kelurahan {code} bukan bagian Kecamatan {self.kecamatan_name(kecamatan)}")
            return AreaMatch(code, self.kelurahan[code][0])
        names = _Names(self.kelurahan)
        if kecamatan:
            inside = self._kelurahan_in(kecamatan)
            found = _match(text, "kelurahan", inside, names, f"kelurahan di Kecamatan {self.kecamatan_name(kecamatan)}")
            if found.code:
                return found
            # Not in the kecamatan typed: say where it is, if it exists elsewhere in the region.
            anywhere = self.match_kelurahan(text, None)
            if anywhere.code:
                kec = self.kelurahan[anywhere.code][1]
                return AreaMatch(error=f"Kelurahan {anywhere.name} ada di Kecamatan {self.kecamatan_name(kec)}, "
                                       f"bukan di Kecamatan {self.kecamatan_name(kecamatan)}")
            return found
        everywhere = {c: [v[0], *self.aliases.get(c, [])] for c, v in self.kelurahan.items()}
        label = {c: f"{v[0]} (Kec. {self.kecamatan_name(v[1])})" for c, v in self.kelurahan.items()}
        found = _match(text, "kelurahan", everywhere, label, f"kelurahan di {self.region_label}")
        if found.code:
            return AreaMatch(found.code, names[found.code], found.corrected)
        return found

    def match_any(self, text: str) -> AreaMatch:
        """A kab/kota, kecamatan or kelurahan by code or name (targets); the wider area wins a tie of names."""
        code = code_of(text)
        if code:
            for table in (self.kabkota, self.kecamatan, self.kelurahan):
                if code in table:
                    value = table[code]
                    return AreaMatch(code, value if isinstance(value, str) else value[0])
            return AreaMatch(error=f"kode wilayah {code} tidak ada di {self.region_label}")
        words = normalise(text).split()
        first = words[0] if words else ""
        if first in _KEC_PREFIX:
            return self.match_kecamatan(text)
        if first in _KEL_PREFIX:
            return self.match_kelurahan(text, None)
        kab = _match(text, "kabkota", {c: [n] for c, n in self.kabkota.items()}, self.kabkota, "kab/kota")
        if kab.code:
            return kab
        if first in _KAB_PREFIX:
            return AreaMatch(error=f"'{text}' bukan kab/kota di basis data ({self.region_label})")
        kec = self.match_kecamatan(text)
        if kec.code and not kec.corrected:
            return kec
        kel = self.match_kelurahan(text, None)
        if kel.code and not kel.corrected:
            return kel
        if kec.code:
            return kec
        if kel.code:
            return kel
        return AreaMatch(error=f"wilayah '{text}' tidak ditemukan: tulis nama atau kode kab/kota, kecamatan atau "
                               f"kelurahan di {self.region_label}")


class _Names(dict):
    """code → kelurahan name, looked up on demand instead of copied out of a national list on every match."""

    def __init__(self, kelurahan: dict[str, tuple[str, str, int | None]]):
        super().__init__()
        self._kelurahan = kelurahan

    def __missing__(self, code: str) -> str:
        return self._kelurahan[code][0]


def _match(text: str, level: str, choices: dict[str, list[str]], labels: dict[str, str], where: str) -> AreaMatch:
    key = area_key(text, level)
    if not key:
        return AreaMatch(error="kosong")
    keys: list[str] = []
    owners: list[str] = []
    for code, names in choices.items():
        for name in names:
            keys.append(area_key(name, level))
            owners.append(code)
    exact = sorted({owners[i] for i, k in enumerate(keys) if k == key})
    if len(exact) == 1:
        code = exact[0]
        official = labels[code].split(" (Kec.")[0]
        return AreaMatch(code, official, corrected=" ".join(text.split()) != official)
    if len(exact) > 1:
        return AreaMatch(error=f"'{text}' ambigu: bisa {_or(labels[c] for c in exact)}")
    scored: dict[str, float] = {}
    for _, score, i in process.extract(key, keys, scorer=fuzz.ratio, limit=None, score_cutoff=SUGGEST):
        scored[owners[i]] = max(scored.get(owners[i], 0.0), score)
    ranked = sorted(scored.items(), key=lambda kv: -kv[1])
    if ranked and ranked[0][1] >= ACCEPT:
        close = [c for c, s in ranked if s >= ranked[0][1] - MARGIN]
        if len(close) == 1:
            code = ranked[0][0]
            return AreaMatch(code, labels[code].split(" (Kec.")[0], corrected=True)
        return AreaMatch(error=f"'{text}' ambigu: mirip {_or(labels[c] for c in close)}")
    if ranked:
        return AreaMatch(error=f"'{text}' tidak ada di daftar {where}; mungkin maksudnya "
                               f"{_or(labels[c] for c, _ in ranked[:3])}")
    return AreaMatch(error=f"'{text}' tidak ada di daftar {where} (di luar wilayah basis data?)")


def _or(items) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " atau " + items[-1]


@dataclass
class ActivityTypes:
    """The activity types in the database with every accepted spelling."""

    names: dict[str, str]  # code → Indonesian name
    keys: dict[str, str]  # normalised spelling → code
    counts_people: dict[str, bool]

    @classmethod
    def load(cls, con: duckdb.DuckDBPyConnection) -> ActivityTypes:
        rows = con.execute("SELECT kode, nama, nama_en, sinonim, ada_peserta FROM jenis_kegiatan ORDER BY urutan").fetchall()
        keys: dict[str, str] = {}
        for code, nama, nama_en, sinonim, _ in rows:
            for spelling in (code, nama, nama_en, *(sinonim or [])):
                keys.setdefault(normalise(spelling), code)
        return cls({r[0]: r[1] for r in rows}, keys, {r[0]: bool(r[4]) for r in rows})

    def match(self, text: str) -> AreaMatch:
        key = normalise(text)
        if not key:
            return AreaMatch(error="kosong")
        if key in self.keys:
            code = self.keys[key]
            return AreaMatch(code, self.names[code], corrected=False)
        scored: dict[str, float] = {}
        for spelling, score, _ in process.extract(key, list(self.keys), scorer=fuzz.ratio, limit=None,
                                                  score_cutoff=80):
            code = self.keys[spelling]
            scored[code] = max(scored.get(code, 0.0), score)
        ranked = sorted(scored.items(), key=lambda kv: -kv[1])
        if ranked and ranked[0][1] >= 85:
            close = [c for c, s in ranked if s >= ranked[0][1] - MARGIN]
            if len(close) == 1:
                return AreaMatch(close[0], self.names[close[0]], corrected=True)
            return AreaMatch(error=f"jenis kegiatan '{text}' ambigu: bisa {_or(self.names[c] for c in close)}")
        # "Gerebek Pasar Bogor", "Sosialisasi sekolah SMAN 1": the longest known name inside the text decides.
        inside = sorted((k for k in self.keys if len(k) >= 5 and re.search(rf"\b{re.escape(k)}\b", key)),
                        key=len, reverse=True)
        if inside and (len(inside) == 1 or len(inside[0]) > len(inside[1]) or
                       self.keys[inside[0]] == self.keys[inside[1]]):
            code = self.keys[inside[0]]
            return AreaMatch(code, self.names[code], corrected=True)
        return AreaMatch(error=f"jenis kegiatan '{text}' tidak dikenal; pilih salah satu: "
                               f"{', '.join(self.names.values())}")


_ORGANISERS = (
    ("KPU", re.compile(r"\bkpu\b|komisi pemilihan")),
    ("PPK", re.compile(r"\bppk\b|panitia pemilihan kecamatan")),
    ("PPS", re.compile(r"\bpps\b|panitia pemungutan suara")),
)


def match_organiser(text: str) -> AreaMatch:
    """KPU, PPK or PPS from what an operator typed ('PPK Bogor Utara' → PPK, 'kpu kota' → KPU)."""
    key = normalise(text)
    if not key:
        return AreaMatch(error="kosong; isi KPU, PPK atau PPS")
    hits = sorted((m.start(), code) for code, rx in _ORGANISERS if (m := rx.search(key)))
    if not hits:
        return AreaMatch(error=f"penyelenggara '{text}' tidak dikenal; isi KPU, PPK atau PPS")
    code = hits[0][1]
    return AreaMatch(code, code, corrected=text.strip() != code)
