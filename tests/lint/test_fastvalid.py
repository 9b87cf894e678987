"""The quick example check never accepts what jsonschema rejects (and accepts the usual)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator  # type: ignore[import-untyped]

from eventkit.json_pointer import resolve_pointer
from eventkit.lint._fastvalid import certainly_valid

FORMATS = Draft202012Validator.FORMAT_CHECKER

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-3, max_value=3),
    st.sampled_from([0.0, 1.0, 1.5, -2.5]),
    st.sampled_from(["", "a", "ab", "EUR", "eur", "2026-11-26T14:00:00Z", "x@y.example"]),
    st.sampled_from(["6f1c2f9e-3b7a-4c1e-9a53-0d2f8b7c6e21", "not-a-uuid"]),
)
instances = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=3),
        st.dictionaries(st.sampled_from(["a", "b", "c"]), children, max_size=3),
    ),
    max_leaves=12,
)
TYPES = ["string", "integer", "number", "boolean", "null", "object", "array"]


def _keywords(children: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    small = st.integers(min_value=0, max_value=3)
    return st.fixed_dictionaries(
        {},
        optional={
            "type": st.one_of(
                st.sampled_from(TYPES),
                st.lists(st.sampled_from(TYPES), min_size=1, max_size=2, unique=True),
            ),
            "properties": st.dictionaries(st.sampled_from(["a", "b", "c"]), children, max_size=2),
            "additionalProperties": children,
            "patternProperties": st.just({"^a": {"type": "string"}}),
            "required": st.lists(st.sampled_from(["a", "b", "c"]), max_size=2, unique=True),
            "items": children,
            "prefixItems": st.lists(children, min_size=1, max_size=2),
            "uniqueItems": st.booleans(),
            "enum": st.lists(scalars, min_size=1, max_size=3),
            "const": scalars,
            "pattern": st.sampled_from(["^[A-Z]{3}$", "a", "^$"]),
            "format": st.sampled_from(["date-time", "email", "uuid", "unknown-format"]),
            "minLength": small,
            "maxLength": small,
            "minItems": small,
            "maxItems": small,
            "minProperties": small,
            "maxProperties": small,
            "minimum": st.sampled_from([0, 1, 1.5]),
            "maximum": st.sampled_from([0, 1, 2.5]),
            "exclusiveMinimum": st.sampled_from([0, 1]),
            "exclusiveMaximum": st.sampled_from([1, 3]),
            "multipleOf": st.sampled_from([2, 0.5]),
            "$ref": st.sampled_from(["#/$defs/S", "#/$defs/N", "#"]),
            "allOf": st.lists(children, min_size=1, max_size=2),
            "anyOf": st.lists(children, min_size=1, max_size=2),
            "oneOf": st.lists(children, min_size=1, max_size=2),
            "not": children,
            "description": st.just("annotation"),
            "x-note": st.just({"type": "nope"}),
        },
    )


schemas: st.SearchStrategy[Any] = st.recursive(st.booleans() | st.just({}), _keywords, max_leaves=8)


@settings(max_examples=800, deadline=None, suppress_health_check=list(HealthCheck))
@given(schemas, instances)
def test_never_accepts_what_jsonschema_rejects(schema: Any, instance: Any) -> None:
    if not isinstance(schema, dict):
        schema = {"allOf": [schema]}
    root = {**schema, "$defs": {"S": {"type": "string", "minLength": 1}, "N": {"type": "number"}}}
    validator = Draft202012Validator(root, format_checker=FORMATS)

    def resolve(scope: Any, ref: str) -> tuple[Any, Any]:
        return scope, resolve_pointer(root, ref[1:])

    try:
        quick = certainly_valid(root, instance, resolve)
    except RecursionError:
        return  # "#" recursion without progress: the caller falls back to jsonschema
    if quick:
        try:
            valid = validator.is_valid(instance)
        except RecursionError:
            return  # a "#" loop jsonschema cannot finish either: nothing to compare
        assert valid, (root, instance)


@pytest.mark.parametrize(
    ("schema", "instance"),
    [
        (
            {"type": "object", "required": ["a"], "properties": {"a": {"type": "integer"}}},
            {"a": 1.0},
        ),
        ({"type": "string", "format": "uuid"}, "6f1c2f9e-3b7a-4c1e-9a53-0d2f8b7c6e21"),
        ({"type": "array", "items": {"enum": ["x", "y"]}, "uniqueItems": True}, ["x", "y"]),
        ({"type": ["string", "null"], "maxLength": 3}, None),
        ({"anyOf": [{"type": "string"}, {"type": "integer"}], "x-note": 1}, 3),
    ],
)
def test_the_usual_is_decided_quickly(schema: dict[str, Any], instance: Any) -> None:
    assert certainly_valid(schema, instance, lambda scope, ref: (scope, {}))
    assert Draft202012Validator(schema, format_checker=FORMATS).is_valid(instance)


@pytest.mark.parametrize(
    ("schema", "instance"),
    [
        ({"oneOf": [{"type": "string"}]}, "x"),
        ({"enum": [1, 2]}, 1),
        ({"multipleOf": 2}, 4),
        ({"type": "integer"}, True),
        ({"type": "number"}, False),
        ({"const": "a"}, ["a"]),
        ({"format": "email"}, "nobody"),
    ],
)
def test_the_rest_is_left_to_jsonschema(schema: dict[str, Any], instance: Any) -> None:
    assert not certainly_valid(schema, instance, lambda scope, ref: (scope, {}))
