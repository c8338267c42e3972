"""Numbers, percentages and dates written the Indonesian way (1.234.567; 63,94 %; 27 Nov 2024)."""

from __future__ import annotations

import datetime as dt
import math
from decimal import ROUND_HALF_EVEN, Decimal

from babel.dates import format_date

LOCALES = {"id": "id_ID", "en": "en_GB"}
_STEPS = {d: Decimal(1).scaleb(-d) for d in range(7)}
_INDONESIAN = str.maketrans({",": ".", ".": ","})  # 1,234.5 → 1.234,5


def number(value: float | int | None, lang: str = "id", decimals: int = 0) -> str:
    """A count or amount with thousands separators; '–' for a missing value."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    # What babel's format_decimal gives for these two locales (tests compare them), without its per-call cost:
    # a national table or map formats tens of thousands of numbers per page run. Like babel, the value goes
    # through its shortest decimal text and is rounded half to even; a whole number (int) needs neither.
    if decimals == 0 and type(value) is int:
        text = format(value, ",")
        return text.translate(_INDONESIAN) if lang == "id" else text
    rounded = Decimal(str(value)).quantize(_STEPS[decimals], rounding=ROUND_HALF_EVEN)
    text = format(rounded, f",.{decimals}f")
    return text.translate(_INDONESIAN) if lang == "id" else text


def percent(value: float | None, lang: str = "id", decimals: int = 1) -> str:
    """A percentage given in percent units (63.94 → '63,9 %')."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{number(value, lang, decimals)} %"


def date(value: dt.date | None, lang: str = "id", style: str = "medium") -> str:
    """A date as '27 Nov 2024' (medium) or '27 November 2024' (long)."""
    if value is None:
        return "–"
    return format_date(value, format=style, locale=LOCALES[lang])
