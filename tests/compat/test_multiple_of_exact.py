"""`multipleOf` in the validator decides with the exact decimal values, as written in JSON
(issue 16's eighth engine pass: integer arithmetic on the two values' numerators and
denominators instead of dividing one `Fraction` by another). The verdicts are held to the
Fraction quotient, through the validator's use in `check_compatibility` (a writer's enum
value checked against the reader's `multipleOf`)."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import example, given, settings
from hypothesis import strategies as st

from eventkit.compat import check_compatibility


def _exact(number: float) -> Fraction:
    return Fraction(number) if number.__class__ is int else Fraction(str(number))


def _quotient_is_whole(value: float, step: float) -> bool:
    """The definition before the change: the Fraction quotient's denominator is 1."""
    return (_exact(value) / _exact(step)).denominator == 1


_NUMBERS = st.one_of(
    st.integers(-(10**30), 10**30),
    st.integers(-50, 50),
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12),
    st.sampled_from([0.1, 0.2, 0.3, 0.7, 1.5, 2.5, 1e-7, 3e-7, 0.01, 12.5, -0.3, 1e20, 5e-324]),
)
_STEPS = st.one_of(
    st.integers(1, 10**6),
    st.sampled_from([0.1, 0.01, 0.5, 2.5, 0.3, 1e-7, 7, 1e20, 5e-324, 0.25]),
    st.floats(min_value=1e-9, max_value=1e9, allow_nan=False, allow_infinity=False),
)


@settings(max_examples=400, deadline=None)
@given(_NUMBERS, _STEPS)
@example(0.3, 0.1)
@example(10**30, 10**15)
@example(-12, 4)
@example(7, 0.5)
@example(1e20, 3)
def test_multiple_of_accepts_exactly_the_whole_quotients(value: float, step: float) -> None:
    report = check_compatibility({"enum": [value]}, {"type": "number", "multipleOf": step})
    assert report.compatible is _quotient_is_whole(value, step)
    if not report.compatible:
        assert [(f.rule_id, f.example) for f in report.findings] == [("VALUE_REJECTED", value)]
