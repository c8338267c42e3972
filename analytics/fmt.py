"""Numbers, percentages and dates written the Indonesian way (1.234.567; 63,94 %; 27 Nov 2024)."""

from __future__ import annotations

import datetime as dt
import math

from babel.dates import format_date
from babel.numbers import format_decimal

LOCALES = {"id": "id_ID", "en": "en_GB"}


def number(value: float | int | None, lang: str = "id", decimals: int = 0) -> str:
    """A count or amount with thousands separators; '–' for a missing value."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=LOCALES[lang])


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
