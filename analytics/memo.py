"""Checks of the derived tables made once per answer: a page query asks whether the rollup, the facts and the totals
are current several times (each check a few small statements); within one call of a query function, and the query
functions it calls, each check runs once."""

from __future__ import annotations

import contextvars
import functools
from collections.abc import Callable, Hashable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")

# Answers of the checks made during the current query call, by (connection, check); None outside a call. The data can
# change between two statements of a call either way (each runs in its own snapshot); remembering a check for the
# length of one call changes nothing of that.
_checks: contextvars.ContextVar[dict | None] = contextvars.ContextVar("derived_checks", default=None)


def once_per_answer(fn: Callable[P, T]) -> Callable[P, T]:
    """Decorate a query function: the checks it (or a query function it calls) makes are remembered until it returns."""

    @functools.wraps(fn)
    def answer(*args: P.args, **kwargs: P.kwargs) -> T:
        if _checks.get() is not None:
            return fn(*args, **kwargs)
        token = _checks.set({})
        try:
            return fn(*args, **kwargs)
        finally:
            _checks.reset(token)

    return answer


def remembered(con: object, key: Hashable, check: Callable[[], T]) -> T:
    """`check()`, or its answer from earlier in the same query call on the same connection."""
    checks = _checks.get()
    if checks is None:
        return check()
    slot = (id(con), key)  # the connection outlives the call, so its id is not reused meanwhile
    if slot not in checks:
        checks[slot] = check()
    return checks[slot]


def forget(con: object, key: Hashable) -> None:
    """Drop a remembered answer (after a write that changes it, e.g. a derived table's recorded version)."""
    checks = _checks.get()
    if checks is not None:
        checks.pop((id(con), key), None)
