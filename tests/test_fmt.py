"""Numbers are written as babel writes them for Indonesian and British English, without babel's per-call cost."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from babel.numbers import format_decimal

from analytics import fmt

# Halves that round to even, values whose binary form lies just under a half, signs, zero, big and tiny numbers.
AWKWARD = [0, 1, -5, 1234, 1_234_567, 815_249, 0.15, 0.45, 2.25, 2.675, -0.04, -0.0, 0.05, 1e7, 12_345_678.95,
           -1234.5, 99.95, 63.94, 1e-7, 123456789012.345, 2**53 + 1]


def _babel(value, lang: str, decimals: int) -> str:
    return format_decimal(value, format="#,##0" + ("." + "0" * decimals if decimals else ""),
                          locale=fmt.LOCALES[lang])


@pytest.mark.parametrize("lang", ["id", "en"])
def test_numbers_read_as_babel_writes_them(lang):
    rng = np.random.default_rng(2024)
    values = AWKWARD + list(rng.normal(0, 1e4, 300)) + list(rng.integers(-10**9, 10**9, 300)) \
        + [round(float(x), 2) for x in rng.uniform(-100, 100, 300)] + list(np.float64([0.15, 63.945])) \
        + [int(x) for x in rng.integers(-10**12, 10**12, 300)] + [10**20, -(10**20)]  # Python ints: a quicker path
    wrong = [(v, d, fmt.number(v, lang, d), _babel(v, lang, d)) for v in values for d in (0, 1, 2)
             if fmt.number(v, lang, d) != _babel(v, lang, d)]
    assert not wrong, wrong[:10]


def test_indonesian_separators_and_missing_values():
    assert fmt.number(1234567) == "1.234.567"
    assert fmt.number(1234567, "en") == "1,234,567"
    assert fmt.percent(63.94) == "63,9 %"
    assert fmt.number(None) == "–" and fmt.number(float("nan")) == "–" and fmt.percent(None) == "–"
    assert fmt.date(dt.date(2024, 11, 27), style="long") == "27 November 2024"
