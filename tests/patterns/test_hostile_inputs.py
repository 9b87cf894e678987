"""Hostile patterns and events: a clear `PatternError` or a verdict, never a crash.

AWS reads a pattern as JSON text (no `NaN`), and an event's arrays of arrays are flattened
whatever their depth; Python's recursion limit (~1,000 frames) is not AWS's.
"""

from __future__ import annotations

import contextlib
from typing import Any

import pytest

from eventkit.errors import PatternError
from eventkit.patterns import matches, validate_pattern


def nested_list(leaf: Any, depth: int) -> Any:
    for _ in range(depth):
        leaf = [leaf]
    return leaf


@pytest.mark.parametrize("depth", [1, 50, 5000])
def test_nested_arrays_under_a_named_field_are_flattened_at_any_depth(depth: int) -> None:
    event = {"source": "s", "detail": {"x": nested_list("a", depth)}}
    assert matches({"detail": {"x": ["a"]}}, event)
    assert not matches({"detail": {"x": ["b"]}}, event)
    assert matches({"detail": {"x": [{"anything-but": "b"}]}}, event)


def test_event_text_nested_beyond_the_parser_is_no_match_not_a_crash() -> None:
    text = '{"source": "s", "detail": {"x": ' + "[" * 100_000 + "]" * 100_000 + "}}"
    assert matches({"source": ["s"]}, text) is False


def test_a_pattern_object_too_deep_to_encode_is_a_pattern_error() -> None:
    pattern: Any = ["x"]
    for _ in range(5000):
        pattern = {"a": pattern}
    with pytest.raises(PatternError):
        validate_pattern(pattern)
    with pytest.raises(PatternError):
        matches(pattern, {"a": "x"})


def _from_deep_stack(frames: int, pattern: str) -> None:
    if frames:
        _from_deep_stack(frames - 1, pattern)
    else:
        validate_pattern(pattern, max_chars=4096)


def test_a_deep_pattern_within_the_size_limit_never_escapes_as_recursion_error() -> None:
    depth = 818  # `{"":` per level: 4,095 characters
    pattern = '{"":' * depth + '["x"]' + "}" * depth
    with contextlib.suppress(PatternError):  # refused, clearly, when the stack is deep
        _from_deep_stack(400, pattern)


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_non_json_numbers_in_a_pattern_are_refused_as_aws_does(constant: str) -> None:
    with pytest.raises(PatternError) as info:
        validate_pattern('{"detail": {"price": [' + constant + "]}}")
    assert info.value.code == "invalid-event-pattern"
    with pytest.raises(PatternError):
        validate_pattern({"detail": {"price": [float(constant.replace("Infinity", "inf"))]}})


def test_a_list_containing_itself_is_no_match_not_a_hang() -> None:
    cycle: list[Any] = ["b"]
    cycle.append(cycle)
    assert matches({"detail": {"x": ["a"]}}, {"detail": {"x": cycle}}) is False
