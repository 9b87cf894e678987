"""The whole-document vocabulary scan (`eventkit.compat._vocab.scan`, run on every document
`check_compatibility` and `eventkit check` compare): which keyword values it accepts, and the
exact error, with its pointer, for the first malformed one. The scan accepts the common
well-formed values inline and leaves the rest to its keyword checks; these messages were taken
from the scan before that change."""

from __future__ import annotations

from typing import Any

import pytest

from eventkit.compat import check_compatibility
from eventkit.errors import CompatibilityError

_NOT_VALID = "; this is not a valid JSON Schema"


@pytest.mark.parametrize(
    ("schema", "message"),
    [
        (
            {"properties": {"a": {"required": ["x", 1]}}},
            "`required` must be an array of strings at /properties/a/required",
        ),
        (
            {"properties": {"a": {"minimum": True}}},
            "`minimum` must be a number at /properties/a/minimum",
        ),
        ({"maximum": float("nan")}, "`maximum` must be a number at /maximum"),
        ({"minimum": "1"}, "`minimum` must be a number at /minimum"),
        ({"enum": "a"}, "`enum` must be an array at /enum"),
        ({"pattern": 3}, "`pattern` must be a string at /pattern"),
        ({"format": 3}, "`format` must be a string at /format"),
        ({"items": {"$ref": 3}}, "`$ref` must be a string at /items/$ref"),
        ({"maxLength": -1}, "`maxLength` must be a non-negative integer at /maxLength"),
        ({"maxLength": 1.5}, "`maxLength` must be a non-negative integer at /maxLength"),
        ({"minItems": True}, "`minItems` must be a non-negative integer at /minItems"),
        ({"type": ["string", "nope"]}, "`type` ['string', 'nope'] names an unknown type at /type"),
        ({"type": "strng"}, "`type` 'strng' names an unknown type at /type"),
        ({"not": {"minimum": None}}, "`minimum` must be a number at /not/minimum"),
    ],
)
def test_a_malformed_keyword_value_is_refused_where_it_is(schema: Any, message: str) -> None:
    with pytest.raises(CompatibilityError) as caught:
        check_compatibility(schema, {})
    assert str(caught.value) == f"old schema: {message}{_NOT_VALID}"


@pytest.mark.parametrize(
    ("schema", "pointer"),
    [
        # a node's keywords in order; then the subschemas, the last one pushed first
        ({"required": [1], "enum": 1}, "`required` must be an array of strings at /required"),
        (
            {"allOf": [{"enum": 1}, {"required": [1]}]},
            "`required` must be an array of strings at /allOf/1/required",
        ),
        # a malformed map of schemas is refused before the subschemas met earlier are read
        ({"properties": {"a": {"enum": 1}}, "$defs": 3}, "expected an object of schemas at /$defs"),
        (
            {"properties": {"a": {"maxLenght": 3}}, "required": "a"},
            "`required` must be an array of strings at /required",
        ),
    ],
)
def test_the_first_problem_in_scan_order_is_the_one_reported(schema: Any, pointer: str) -> None:
    with pytest.raises(CompatibilityError) as caught:
        check_compatibility(schema, {})
    assert str(caught.value) == f"old schema: {pointer}{_NOT_VALID}"


def test_an_unreadable_pattern_is_refused_by_the_regex_reader() -> None:
    with pytest.raises(CompatibilityError) as caught:
        check_compatibility({"pattern": "("}, {})
    assert caught.value.message.startswith("pattern '(' is not a regular expression")


@pytest.mark.parametrize("keyword", ["minimum", "maximum", "multipleOf", "exclusiveMaximum"])
def test_an_integer_bound_too_large_for_a_float_is_a_clear_error(keyword: str) -> None:
    # valid JSON Schema, past a double's range: the engine says so (it once raised
    # OverflowError from `math.isfinite`)
    with pytest.raises(CompatibilityError) as caught:
        check_compatibility({}, {"properties": {"n": {keyword: -(10**400)}}})
    assert caught.value.message == (
        f"new schema: `{keyword}` at /properties/n/{keyword} is beyond the range eventkit's engine "
        "can compare"
    )
    assert caught.value.hint
    assert check_compatibility({"maximum": 2**64}, {"maximum": 2**64 + 1}).compatible is True


def test_well_formed_values_of_every_inline_keyword_are_accepted() -> None:
    schema = {
        "type": "object",
        "required": ["a"],
        "properties": {
            "a": {"type": "string", "pattern": "^a+$", "format": "email", "maxLength": 2.0},
            "b": {"type": ["integer", "null"], "minimum": -1, "maximum": 1.5, "multipleOf": 2},
            "c": {"enum": [], "minItems": 0, "items": {"$ref": "#/$defs/d"}},
        },
        "$defs": {"d": {"const": 1, "x-note": {"anything": [1]}}},
    }
    assert check_compatibility(schema, schema).compatible is True


def test_an_embedded_resource_is_a_clear_error() -> None:
    """A `$id` below the root starts a resource whose `#` refs mean its own root: the engine
    resolved them against the document's and proved `0` fits `{"type": "string"}`."""
    old = {
        "$ref": "#/$defs/i",
        "$defs": {
            "i": {"$id": "sub", "$ref": "#/$defs/j", "$defs": {"j": {"type": "integer"}}},
            "j": {"type": "string"},
        },
    }
    with pytest.raises(CompatibilityError) as caught:
        check_compatibility(old, {"type": "string"})
    assert caught.value.message.startswith("old schema: `$id` at /$defs/i/$id starts an embedded")
    assert "#/$defs/" in (caught.value.hint or "")
    # the document's own `$id` is its name, nothing more
    assert check_compatibility({"$id": "urn:x", "type": "string"}, {"type": "string"}).compatible
