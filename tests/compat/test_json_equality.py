"""Equal schemas are equal as JSON: `true` is not `1`, `false` is not `0` (a defect hunt
found the engine's shortcuts using Python's `==`, where `True == 1`, and proving such changes
compatible at any depth). `1` and `1.0` stay the same number, as JSON Schema has it."""

from __future__ import annotations

from typing import Any

import pytest

from eventkit.compat import check_compatibility
from eventkit.errors import CompatibilityError

_PAIRS = [
    ({"const": 1}, {"const": True}, 1),
    ({"enum": [False]}, {"enum": [0]}, False),
    (
        {"type": "object", "properties": {"s": {"enum": ["on", "off", True]}}},
        {"type": "object", "properties": {"s": {"enum": ["on", "off", 1]}}},
        {"s": True},
    ),
    (
        {"properties": {"a": {"const": 1}, "b": {"type": "string"}}},
        {"properties": {"a": {"const": True}, "b": {"type": "string", "description": "b"}}},
        {"a": 1},
    ),
    (
        {"type": "array", "contains": {"const": False}},
        {"type": "array", "contains": {"const": 0}},
        [False],
    ),
    (
        {"type": "number", "maximum": 5, "exclusiveMaximum": True},
        {"type": "number", "maximum": 5, "exclusiveMaximum": 1},
        3,
    ),
    (
        {"properties": {"a": {"$ref": "#/$defs/A"}}, "$defs": {"A": {"const": True}}},
        {"properties": {"a": {"$ref": "#/$defs/A"}}, "$defs": {"A": {"const": 1}}},
        {"a": True},
    ),
]


@pytest.mark.parametrize(("old", "new", "instance"), _PAIRS)
def test_a_boolean_is_not_the_number_python_equates_it_with(
    old: Any, new: Any, instance: Any
) -> None:
    report = check_compatibility(old, new, mode="BACKWARD")
    assert report.compatible is False, instance


def test_one_and_one_point_zero_stay_the_same_number() -> None:
    assert check_compatibility({"const": 1}, {"const": 1.0}, mode="FULL").compatible is True
    assert check_compatibility({"enum": [1, True]}, {"enum": [True, 1.0]}, mode="FULL").compatible


@pytest.mark.parametrize("keyword", ["uniqueItems", "nullable"])
@pytest.mark.parametrize("value", [1, 0, "yes", None])
def test_a_flag_that_is_not_a_boolean_is_an_input_error(keyword: str, value: Any) -> None:
    # `uniqueItems: 1` was read as absent, so examples broke it; jsonschema reads it as true
    with pytest.raises(CompatibilityError) as caught:
        check_compatibility({"type": "array", keyword: value}, {"type": "array"})
    assert f"`{keyword}` must be true or false at /{keyword}" in caught.value.message
