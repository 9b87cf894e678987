"""Numbers AWS compares as numbers are limited: -5.0e9 to 5.0e9 with at most six decimals
(EVENTBRIDGE_FACTS.md 2.6, from AWS's docs; event-ruler's ComparableNumber refuses the
rest). A `numeric` operand or an `anything-but` number outside that is refused at PutRule,
and an `anything-but` list mixing numbers and strings is refused too. eventkit accepted
them (and the in-memory EventBridge delivered through rules AWS would not create)."""

from __future__ import annotations

from typing import Any

import pytest

from eventkit.errors import PatternError
from eventkit.patterns import validate_pattern
from eventkit.testing import InMemoryEventBridge


@pytest.mark.parametrize(
    "pattern",
    [
        '{"n": [{"numeric": [">", 0.1234567]}]}',
        '{"n": [{"numeric": [">=", 0, "<", 1e-7]}]}',
        '{"n": [{"numeric": ["=", 0.30000000000000004]}]}',
        '{"n": [{"anything-but": 0.1234567}]}',
        '{"n": [{"anything-but": 1e10}]}',
        '{"n": [{"anything-but": [1, 6000000000]}]}',
        '{"n": [{"anything-but": [1, "one"]}]}',
    ],
)
def test_numbers_aws_cannot_compare_are_refused(pattern: str) -> None:
    with pytest.raises(PatternError) as info:
        validate_pattern(pattern)
    assert info.value.path == "n"
    with pytest.raises(PatternError):
        InMemoryEventBridge().put_rule("r", pattern)


@pytest.mark.parametrize(
    "pattern",
    [
        {"n": [{"numeric": [">", 0.123456]}]},
        {"n": [{"numeric": ["=", 5.0e9]}]},
        {"n": [{"numeric": [">", -5_000_000_000, "<", 0.5]}]},
        {"n": [{"anything-but": [0.5, 2, -3]}]},
        {"n": [{"anything-but": ["a", "b"]}]},
        {"n": [27.807807921694092, 123456789012]},  # exact values: compared as text too
    ],
)
def test_numbers_within_the_limits_are_accepted(pattern: Any) -> None:
    validate_pattern(pattern)
