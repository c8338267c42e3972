"""Parse text cells the Indonesian way: numbers ("1.250", "1.250,5"), dates (day first, id/en month names)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import pandas as pd
from babel.numbers import NumberFormatError, parse_decimal

from analytics.importing.vector import factorize, per_distinct, spread

MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    [
        "januari january jan",
        "februari pebruari february feb peb",
        "maret march mar mrt",
        "april apr",
        "mei may",
        "juni june jun",
        "juli july jul",
        "agustus august agu agt ags aug agst",
        "september sept sep",
        "oktober october okt oct",
        "november nopember nov nop",
        "desember december des dec",
    ],
    start=1,
):
    for _name in _names.split():
        MONTHS[_name] = _number

EXCEL_EPOCH = dt.date(1899, 12, 30)
# Excel serials from 1 Jan 1960 to 31 Dec 2099: anything else is not a plausible activity date.
SERIAL_RANGE = (21916, 73415)

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_DMY = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2}|\d{4})(?:\s+\d{1,2}[:.]\d{2}(?:[:.]\d{2})?)?$")
_YMD_SLASH = re.compile(r"^(\d{4})\s*/\s*(\d{1,2})\s*/\s*(\d{1,2})$")
_NAMED = re.compile(r"^(?:[a-z]+,?\s+)?(\d{1,2})[\s\-./]+([a-z]+)\.?[\s\-./,]+(\d{2}|\d{4})$")
_SERIAL = re.compile(r"^\d{5}(?:\.0+)?$")

_THOUSANDS_DOT = re.compile(r"^[+-]?\d{1,3}(?:\.\d{3})+(?:,\d+)?$")
_COMMA_DECIMAL = re.compile(r"^[+-]?\d+,\d+$")
_PLAIN = re.compile(r"^[+-]?\d+$")
_DOT_DECIMAL = re.compile(r"^[+-]?\d*\.\d+$")
_THOUSANDS_COMMA = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$")


@dataclass(frozen=True)
class Parsed:
    """A parsed cell: its value, or why it could not be read (an Indonesian phrase) and a probable meaning."""

    value: object = None
    error: str | None = None
    hint: str | None = None


EMPTY = Parsed()


def clean(text: object) -> str:
    """A cell as trimmed text with inner runs of white space collapsed ('' for missing)."""
    if text is None:
        return ""
    if isinstance(text, float) and text != text:
        return ""
    text = " ".join(str(text).replace("\u00a0", " ").split())
    # A leading apostrophe is how spreadsheets (and our rejects file) keep a value as text.
    return text[1:].strip() if text.startswith("'") else text


def parse_date(text: str) -> Parsed:
    """A date written day first (01/09/2024, 1-9-24, 2024-09-01, 1 Sept 2024, 01 Agustus 2024, Excel serial)."""
    s = clean(text).lower()
    if not s:
        return EMPTY
    if m := _ISO.match(s):
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    elif m := _YMD_SLASH.match(s):
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    elif m := _DMY.match(s):
        d, mo, y = int(m.group(1)), int(m.group(2)), _year(m.group(3))
    elif m := _NAMED.match(s):
        d, y = int(m.group(1)), _year(m.group(3))
        mo = MONTHS.get(m.group(2))
        if mo is None:
            return Parsed(error=f"nama bulan '{m.group(2)}' tidak dikenal", hint="tulis misalnya 1 September 2024")
    elif _SERIAL.match(s):
        serial = int(float(s))
        if not SERIAL_RANGE[0] <= serial <= SERIAL_RANGE[1]:
            return Parsed(error="bukan tanggal", hint="tulis tanggal seperti 01/09/2024")
        return Parsed(EXCEL_EPOCH + dt.timedelta(days=serial))
    else:
        return Parsed(error="bukan tanggal yang dikenali", hint="tulis tanggal seperti 01/09/2024 (hari/bulan/tahun)")
    try:
        return Parsed(dt.date(y, mo, d))
    except ValueError:
        hint = None
        if 1 <= d <= 12 and 1 <= mo <= 31 and mo > 12:
            try:
                hint = f"mungkin maksudnya {dt.date(y, d, mo):%d/%m/%Y} (hari dulu, lalu bulan)"
            except ValueError:
                hint = None
        return Parsed(error="tanggal tidak ada di kalender", hint=hint or "tanggal ditulis hari/bulan/tahun")


def _year(text: str) -> int:
    year = int(text)
    return year + 2000 if len(text) == 2 else year


def parse_number(text: str) -> Parsed:
    """A number written the Indonesian way ('1.250' = 1250, '1.250,5' = 1250.5, '12,5' = 12.5), as Decimal."""
    s = clean(text).replace(" ", "")
    if not s:
        return EMPTY
    if s in {"-", "–", "—"}:
        return EMPTY
    if _PLAIN.match(s):
        return Parsed(Decimal(s))
    if _THOUSANDS_DOT.match(s) or _COMMA_DECIMAL.match(s):
        try:
            return Parsed(parse_decimal(s, locale="id_ID", strict=False))
        except NumberFormatError:
            return Parsed(Decimal(s.replace(".", "").replace(",", ".")))
    if _DOT_DECIMAL.match(s):
        # "12.5" (a value Excel wrote with a decimal point): a dot followed by other than 3 digits is no separator.
        return Parsed(Decimal(s))
    if _THOUSANDS_COMMA.match(s):
        english = Decimal(s.replace(",", ""))
        return Parsed(error=f"'{s}' memakai koma sebagai pemisah ribuan", hint=f"mungkin maksudnya {english:f}")
    return Parsed(error="bukan angka", hint=None)


def parse_count(text: str) -> Parsed:
    """A whole number ≥ 0 (participants, voters, households)."""
    s = clean(text)
    p = parse_number(s)
    if p.error or p.value is None:
        return p
    value: Decimal = p.value
    if value < 0:
        return Parsed(error="tidak boleh negatif", hint=f"mungkin maksudnya {abs(value):f}")
    if value != value.to_integral_value():
        hint = None
        if re.match(r"^\d{1,3}(,\d{3})+$", s):
            hint = f"mungkin maksudnya {s.replace(',', '')} (titik sebagai pemisah ribuan: {_id_thousands(s)})"
        return Parsed(error="harus bilangan bulat", hint=hint)
    if value > 2_000_000_000:
        return Parsed(error="terlalu besar", hint=None)
    return Parsed(int(value))


def _id_thousands(s: str) -> str:
    try:
        return f"{int(s.replace(',', '')):,}".replace(",", ".")
    except ValueError:
        return s


def parse_coordinate(text: str) -> Parsed:
    """A decimal number where a single dot or comma is the decimal separator (-6.5971 or -6,5971)."""
    s = clean(text).replace(" ", "").replace("°", "")
    if not s:
        return EMPTY
    if re.match(r"^[+-]?\d+([.,]\d+)?$", s):
        return Parsed(float(s.replace(",", ".")))
    return Parsed(error="bukan koordinat desimal", hint="tulis misalnya -6.5971")


def parse_percent(text: str) -> Parsed:
    """A percentage in percent units: '90', '90%', '90,5', '90.5 %'."""
    s = clean(text).replace(" ", "").rstrip("%")
    if not s:
        return EMPTY
    if re.match(r"^[+-]?\d+([.,]\d+)?$", s):
        try:
            return Parsed(Decimal(s.replace(",", ".")))
        except InvalidOperation:
            pass
    return Parsed(error="bukan persentase", hint="tulis misalnya 90 atau 90,5")


def parse_positive_int(text: str, label: str) -> Parsed:
    """A small positive integer possibly written with a label: 'RW 03', '003', 'TPS 12' → 3, 3, 12."""
    s = clean(text).lower()
    if not s:
        return EMPTY
    m = re.match(rf"^(?:{label}\s*[.:]?\s*(?:no\.?|nomor)?\s*)?0*(\d{{1,5}})(?:[.,]0+)?$", s)
    if not m:
        return Parsed(error=f"bukan nomor {label.upper()}", hint=f"tulis nomornya saja, misalnya 3 untuk {label.upper()} 03")
    value = int(m.group(1))
    if value <= 0:
        return Parsed(error=f"nomor {label.upper()} harus lebih dari 0")
    if value > 32767:
        return Parsed(error=f"nomor {label.upper()} terlalu besar")
    return Parsed(value)


def per_unique(values: pd.Series, func: Callable[[object], object]) -> pd.Series:
    """func applied once per distinct value and spread back over the rows (fast on long, repetitive columns)."""
    return per_distinct(values, func)


def parse_unique(values: pd.Series, parser: Callable[[str], Parsed]) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Parse each distinct cell once and spread the results: (values, errors, hints), aligned with `values`."""
    codes, uniques = factorize(values)
    results = [parser(u) for u in uniques]
    return tuple(spread(codes, [getattr(r, name) for r in results], values.index)  # type: ignore[return-value]
                 for name in ("value", "error", "hint"))
