"""The rule-pattern size limit as AWS has it: the "Event pattern size" quota, 2,048 characters
by default (adjustable up to the API's 4,096), counted on the EventPattern text."""

from __future__ import annotations

import json

import pytest

from eventkit.errors import PatternError
from eventkit.patterns import (
    DEFAULT_MAX_PATTERN_CHARS,
    MAX_PATTERN_CHARS,
    matches,
    pattern_size,
    validate_pattern,
)
from eventkit.testing import InMemoryEventBridge


def sized(chars: int, *, unit: str = "x") -> dict[str, list[str]]:
    """A pattern object whose compact JSON text is `chars` characters long."""
    overhead = len(json.dumps({"source": [""]}, separators=(",", ":")))
    return {"source": [unit * (chars - overhead)]}


def compact(pattern: object) -> str:
    return json.dumps(pattern, separators=(",", ":"), ensure_ascii=False)


def test_the_default_quota_is_2048_and_the_api_limit_4096() -> None:
    assert (DEFAULT_MAX_PATTERN_CHARS, MAX_PATTERN_CHARS) == (2048, 4096)


def test_a_pattern_of_2048_characters_is_valid_and_2049_is_not() -> None:
    validate_pattern(sized(2048))
    with pytest.raises(PatternError) as info:
        validate_pattern(sized(2049))
    assert "2,049" in str(info.value)
    assert "2,048" in str(info.value)


def test_a_pattern_object_is_measured_as_its_compact_json() -> None:
    pattern = {"source": ["shop.orders"], "detail": {"status": ["x" * 1990]}}
    assert len(compact(pattern)) <= 2048 < len(json.dumps(pattern, indent=2))
    assert pattern_size(pattern) == len(compact(pattern))
    validate_pattern(pattern)


def test_a_pattern_text_is_measured_as_given_whitespace_included() -> None:
    text = compact(sized(2040))
    validate_pattern(text + " " * 8)  # 2048
    with pytest.raises(PatternError):
        validate_pattern(text + " " * 9)  # 2049: the spaces are characters AWS receives
    assert pattern_size(text + " " * 9) == 2049


def test_characters_not_bytes_and_astral_characters_count_two() -> None:
    accented = sized(2048, unit="é")  # 2 UTF-8 bytes each, one character
    assert len(compact(accented).encode()) > 2048
    validate_pattern(accented)
    emoji = {"source": ["\U0001f600" * 1020]}  # 1,020 + 15 characters, 2,055 UTF-16 units
    assert len(compact(emoji)) <= 2048
    assert pattern_size(emoji) == len(compact(emoji)) + 1020
    with pytest.raises(PatternError):
        validate_pattern(emoji)


def test_a_raised_quota_is_passed_as_max_chars() -> None:
    validate_pattern(sized(4096), max_chars=4096)
    with pytest.raises(PatternError):
        validate_pattern(sized(4097), max_chars=4096)
    with pytest.raises(ValueError, match="4096"):
        validate_pattern(sized(10), max_chars=4097)  # beyond what PutRule takes


def test_the_in_memory_eventbridge_enforces_the_quota() -> None:
    bridge = InMemoryEventBridge()
    with pytest.raises(PatternError):
        bridge.put_rule("big", sized(2049))
    bridge.put_rule("ok", sized(2048))
    raised = InMemoryEventBridge(max_pattern_chars=4096)
    raised.put_rule("big", sized(4000))


def test_matching_is_not_limited_by_the_quota() -> None:
    pattern = {"source": ["shop.orders", *[f"other.{i}" for i in range(300)]]}
    assert 2048 < pattern_size(pattern) <= 4096
    assert matches(pattern, {"source": "shop.orders"})
