"""`multipleOf` with a non-zero int step is decided without `fractions` (issue 16, the second
cold compat pass; docs/decisions/0030-speed-ups.md): `value % step == 0` for an int value, never
for a fractional float. Both decisions are held here to the exact `Fraction` quotient they
replace (the code before the change, kept below as the reference): the validator's `_multiple`
and the reader's `_divides` directly, over ints up to 10^40, negative and zero steps, bools (not
ints to either path), fractional, whole, huge and non-finite floats; and whole reports through
`check_compatibility` with the reference swapped in.
"""

from __future__ import annotations

from fractions import Fraction
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from eventkit.compat import _scalars, _validate, check_compatibility
from eventkit.compat._values import BOOL, INT, NUMBER, STR
from tests.compat.test_engine_pinned import _reports


def _exact(number: float) -> Fraction:
    return Fraction(number) if number.__class__ is int else Fraction(str(number))


def _multiple_before(value: float, step: float) -> bool:
    """`_validate._multiple` before the change: the exact values' quotient, always."""
    try:
        mine, theirs = _exact(value), _exact(step)
        return (mine.numerator * theirs.denominator) % (mine.denominator * theirs.numerator) == 0
    except (ValueError, ZeroDivisionError, OverflowError):
        return False


def _divides_before(a: Any, step: float) -> bool:
    """`ScalarChecks._divides` before the change: Fraction division, always."""
    reader = Fraction(str(step))
    for mine in a.mults:
        if (Fraction(str(mine)) / reader).denominator == 1:
            return True
    return bool(a.types & NUMBER == INT and (1 / reader).denominator == 1)


def _outcome(call: Any, *args: Any) -> tuple[str, Any]:
    try:
        return ("value", call(*args))
    except Exception as error:  # the same exception type, where the old code raised
        return ("raised", type(error))


_INTS = st.one_of(st.integers(-60, 60), st.integers(-(10**40), 10**40))
_FLOATS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(-1e6, 1e6).map(lambda x: float(round(x))),  # whole floats
    st.sampled_from([0.5, -0.5, 1.5, 0.1, 2.0, -3.0, 1e20, 1e300, 5e-324, 2.0**53 + 2, 0.0]),
)
_NUMBERS = st.one_of(_INTS, _INTS, st.booleans(), _FLOATS)
_STEPS = st.one_of(st.integers(-12, 12), st.integers(-(10**40), 10**40), st.booleans(), _FLOATS)


@settings(max_examples=1500, deadline=None)
@given(_NUMBERS, _STEPS)
@example(10**40, 10**20)
@example(-12, -4)
@example(12, 0)
@example(0, 0)
@example(True, 1)
@example(4, True)
@example(0.5, 10)
@example(1e300, 10)
@example(float("inf"), 3)
@example(float("nan"), 3)
def test_the_validators_multiple_of_is_the_exact_quotient(value: float, step: float) -> None:
    assert _validate._multiple(value, step) is _multiple_before(value, step)


_TYPES = st.sampled_from([INT, NUMBER, INT | STR, NUMBER | BOOL, 0])


@settings(max_examples=1500, deadline=None)
@given(st.lists(_NUMBERS, max_size=3), _TYPES, _STEPS)
@example([], INT, 1)
@example([], INT, -1)
@example([], INT, 0)
@example([], NUMBER, 0)
@example([6, 0.5], NUMBER, 3)
@example([0.5, 6], NUMBER, 0)
@example([0.5, 4.0], NUMBER, 2)
@example([float("inf")], NUMBER, 2)
@example([True], INT, 1)
@example([10**40], INT, 10**20)
def test_the_readers_divides_is_the_exact_quotient(
    mults: list[float], types: int, step: float
) -> None:
    writer = SimpleNamespace(mults=tuple(mults), types=types)
    fast = _outcome(_scalars.ScalarChecks._divides, writer, step)
    assert fast == _outcome(_divides_before, writer, step)


_WRITER_STEPS = st.one_of(st.integers(1, 40), st.sampled_from([0.5, 2.0, 1.5, 10**20, 2.5]))
_READER_STEPS = st.one_of(st.integers(1, 40), st.integers(1, 10**30), st.sampled_from([0.5, 3.0]))


def _schema(kind: str, step: float | None, enum: list[Any] | None) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": kind}
    if step is not None:
        schema["multipleOf"] = step
    if enum is not None:
        schema["enum"] = enum
    return schema


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(["integer", "number"]),
    st.none() | _WRITER_STEPS,
    st.none() | st.lists(st.integers(-100, 100) | st.sampled_from([0.5, 2.0, 1e20]), max_size=3),
    st.sampled_from(["integer", "number"]),
    _READER_STEPS,
)
def test_reports_are_those_of_the_fraction_path(
    old_kind: str,
    old_step: float | None,
    enum: list[Any] | None,
    new_kind: str,
    new_step: float,
) -> None:
    old, new = _schema(old_kind, old_step, enum), _schema(new_kind, new_step, None)
    fast = _reports([(old, new), (new, old)])
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_validate, "_multiple", _multiple_before)
        patch.setattr(_scalars.ScalarChecks, "_divides", staticmethod(_divides_before))
        plain = _reports([(old, new), (new, old)])
    assert fast == plain


def test_the_reference_is_what_the_engine_calls() -> None:
    """The patch above reaches the engine: a reference that always divides changes a verdict."""
    old, new = {"type": "integer", "multipleOf": 2}, {"type": "integer", "multipleOf": 3}
    assert check_compatibility(old, new).compatible is False
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_scalars.ScalarChecks, "_divides", staticmethod(lambda a, step: True))
        assert check_compatibility(old, new).compatible is True
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_validate, "_multiple", lambda value, step: True)
        assert check_compatibility({"enum": [1]}, {"multipleOf": 2}).compatible is True
