"""Personal data (UU 27/2022): find columns of names, NIK, phone numbers or addresses; mask NIK/phones in text."""

from __future__ import annotations

import re

import pandas as pd

from analytics.importing.headers import normalise
from analytics.importing.vector import candidates, per_distinct

NIK_MASK = "[NIK disamarkan]"
PHONE_MASK = "[telepon disamarkan]"
EMAIL_MASK = "[email disamarkan]"

# 16 digits, possibly grouped by spaces, dots or dashes (3271 0123 4567 8901).
NIK_CORE = r"[0-9]{4}[ .\-]?[0-9]{4}[ .\-]?[0-9]{4}[ .\-]?[0-9]{4}"
NIK_PATTERN = rf"(?<![0-9]){NIK_CORE}(?![0-9])"
# Indonesian mobile numbers: 08…, 62 8…, +62 8…, with optional separators.
PHONE_CORE = r"(?:\+62|62|0)[ .\-]?\(?8[0-9]{1,2}\)?(?:[ .\-]?[0-9]){6,10}"
PHONE_PATTERN = rf"(?<![0-9]){PHONE_CORE}(?![0-9])"
EMAIL_PATTERN = r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}"

_NIK_CELL = re.compile(r"^'?" + NIK_PATTERN + r"$")
_PHONE_CELL = re.compile(r"^'?" + PHONE_PATTERN + r"$")
_ANY = re.compile(f"{NIK_PATTERN}|{PHONE_PATTERN}|{EMAIL_PATTERN}")
# Every cell _ANY finds contains one of these (the patterns without look-arounds, '@' for e-mail); Arrow's RE2
# reads them as Python does, as they use explicit ASCII classes only.
MASK_PREFILTER = f"{NIK_CORE}|{PHONE_CORE}|@"

_PERSONAL_WORDS = {"nik", "ktp", "hp", "handphone", "telp", "telepon", "tlp", "telpon", "wa", "whatsapp", "email",
                   "surel", "alamat", "narahubung", "cp", "lahir", "ttl", "kk"}
_PERSONAL_HEADERS = {"penanggung jawab", "contact person", "kontak", "no kontak", "nomor kontak", "koordinator",
                     "ketua", "nama", "nomor induk kependudukan", "kartu keluarga", "no kartu keluarga",
                     "tanda tangan", "ttd", "paraf", "jenis kelamin", "umur", "usia"}


def personal_header(header: str) -> bool:
    """A header that names personal data: names, NIK/KTP/KK numbers, phones, e-mail, addresses, birth dates."""
    key = normalise(header)
    if not key:
        return False
    words = set(key.split())
    return key.startswith("nama") or key in _PERSONAL_HEADERS or bool(words & _PERSONAL_WORDS)


def personal_content(values: pd.Series, sample: int = 2000) -> str | None:
    """'NIK' or 'telepon' when most non-empty cells of a column are NIK-like or phone-like values, else None."""
    cells = values[values.str.strip() != ""]
    if cells.empty:
        return None
    if len(cells) > sample:
        cells = cells.sample(sample, random_state=0)
    stripped = cells.str.strip()
    nik = stripped.map(lambda v: bool(_NIK_CELL.match(v))).mean()
    phone = stripped.map(lambda v: bool(_PHONE_CELL.match(v))).mean()
    if nik > 0.5:
        return "NIK"
    if phone > 0.5:
        return "telepon"
    if nik + phone > 0.5:
        return "NIK/telepon"
    return None


def mask(values: pd.Series) -> tuple[pd.Series, int]:
    """Replace NIK-, phone- and e-mail-like values inside text; return the masked text and how many cells changed."""
    if values.empty:
        return values, 0
    # Free text is nearly unique per row: only cells the patterns (without look-arounds) find go through Python.
    maybe = candidates(values, MASK_PREFILTER)
    if not maybe.any():
        return values, 0
    masked = per_distinct(values[maybe], lambda v: mask_text(v) if isinstance(v, str) else v)
    changed = masked != values[maybe].astype(object)
    if not changed.any():
        return values, 0
    out = values.astype(object)
    out[maybe] = masked.to_numpy()
    return out, int(changed.sum())


_EMAIL_RX = re.compile(EMAIL_PATTERN)
_NIK_RX = re.compile(NIK_PATTERN)
_PHONE_RX = re.compile(PHONE_PATTERN)


def mask_text(text: str) -> str:
    """mask() for one string."""
    if not isinstance(text, str) or not _ANY.search(text):
        return text
    return _PHONE_RX.sub(PHONE_MASK, _NIK_RX.sub(NIK_MASK, _EMAIL_RX.sub(EMAIL_MASK, text)))
