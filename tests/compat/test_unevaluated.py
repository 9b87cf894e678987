"""`unevaluatedProperties` and `unevaluatedItems` as 2020-12 reads them: they see what every
other keyword evaluated for the very instance (allOf, $ref, the anyOf/oneOf alternatives it
meets, if/then/else, dependentSchemas, contains, a sibling additionalProperties or items).

The engine once counted only `properties`/`prefixItems` reached through allOf and $ref: a
writer was modelled narrower than it is, so changes that break were proved compatible, and
its validator confirmed examples the reader accepts. Each pair below was such a case. The
property test at the end checks verdicts and examples against jsonschema's 2020-12 validator.
"""

from __future__ import annotations

from typing import Any

import jsonschema  # type: ignore[import-untyped]
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventkit.compat import check_compatibility

_V = jsonschema.Draft202012Validator


def _backward(old: Any, new: Any) -> tuple[bool | None, list[tuple[str, Any]]]:
    report = check_compatibility(old, new, mode="BACKWARD", policy="STRICT")
    return report.compatible, [(f.rule_id, f.example) for f in report.findings]


def _whole_examples(old: Any, new: Any) -> list[Any]:
    """The examples of findings about the whole instance (others show one member's value)."""
    report = check_compatibility(old, new, mode="BACKWARD", policy="STRICT")
    return [f.example for f in report.findings if f.path == ""]


def _breaks(old: Any, new: Any, instance: Any) -> None:
    """`instance` shows OLD -> NEW breaks: the engine must not call it compatible, and any
    example it gives must be a real one."""
    assert _V(old).is_valid(instance)  # the premise
    assert not _V(new).is_valid(instance)
    assert _backward(old, new)[0] is not True
    for example in _whole_examples(old, new):
        _real_example(old, new, example)


def _real_example(old: Any, new: Any, example: Any) -> None:
    from eventkit.compat._findings import NO_EXAMPLE

    if example is NO_EXAMPLE:
        return
    assert _V(old).is_valid(example), example
    assert not _V(new).is_valid(example), example


_ARRAY_WRITERS = [
    {"type": "array", "allOf": [{"items": {"type": "integer"}}], "unevaluatedItems": False},
    {"type": "array", "allOf": [{"prefixItems": [{}]}], "unevaluatedItems": False},
    {"type": "array", "anyOf": [{"prefixItems": [{}]}], "unevaluatedItems": False},
    {"type": "array", "contains": {"type": "integer"}, "unevaluatedItems": False},
    {"type": "array", "if": {"prefixItems": [{}]}, "unevaluatedItems": False},
    {"type": "array", "allOf": [{"unevaluatedItems": True}], "unevaluatedItems": False},
    {
        "type": "array",
        "$ref": "#/$defs/one",
        "unevaluatedItems": False,
        "$defs": {"one": {"prefixItems": [{}]}},
    },
]


@pytest.mark.parametrize("old", _ARRAY_WRITERS)
def test_items_other_keywords_evaluate_are_written(old: Any) -> None:
    _breaks(old, {"type": "array", "maxItems": 0}, [1])


_OBJECT_WRITERS = [
    {
        "type": "object",
        "anyOf": [{"properties": {"a": {"type": "integer"}}}],
        "unevaluatedProperties": False,
    },
    {
        "type": "object",
        "if": {"properties": {"a": {"type": "integer"}}},
        "then": {},
        "unevaluatedProperties": False,
    },
    {
        "type": "object",
        "dependentSchemas": {"a": {"properties": {"a": {}}}},
        "unevaluatedProperties": False,
    },
    {"type": "object", "allOf": [{"unevaluatedProperties": True}], "unevaluatedProperties": False},
    {"type": "object", "additionalProperties": {}, "unevaluatedProperties": False},
]


@pytest.mark.parametrize("old", _OBJECT_WRITERS)
def test_names_other_keywords_evaluate_are_written(old: Any) -> None:
    _breaks(old, {"type": "object", "maxProperties": 0}, {"a": 1})


def test_a_sibling_additional_properties_leaves_unevaluated_nothing() -> None:
    old = {
        "type": "object",
        "additionalProperties": {"type": "boolean"},
        "unevaluatedProperties": False,
    }
    assert _backward(old, {"properties": {"b": {"type": "array"}}}) == (
        False,
        [("TYPE_NARROWED", True)],
    )


_READERS_THAT_ACCEPT = [
    (
        {"type": "object", "properties": {"a": {"type": "integer"}}, "additionalProperties": False},
        {
            "type": "object",
            "if": {"properties": {"a": {"type": "integer"}}},
            "then": {},
            "unevaluatedProperties": False,
        },
    ),
    (
        {"type": "object", "properties": {"a": {"type": "integer"}}, "additionalProperties": False},
        {
            "type": "object",
            "oneOf": [{"properties": {"a": {"type": "integer"}}}],
            "unevaluatedProperties": False,
        },
    ),
    (
        {"type": "array", "items": {"type": "integer"}},
        {"type": "array", "allOf": [{"items": {"type": "integer"}}], "unevaluatedItems": False},
    ),
]


@pytest.mark.parametrize(("old", "new"), _READERS_THAT_ACCEPT)
def test_no_example_a_reader_accepts(old: Any, new: Any) -> None:
    """Compatible changes the engine cannot prove through a reader's conditional evaluation:
    undecided at worst, never breaking with an example the reader takes."""
    assert _backward(old, new)[0] is not False
    for example in _whole_examples(old, new):
        _real_example(old, new, example)


def test_the_reader_prefix_through_all_of_is_evaluated() -> None:
    old = {"type": "array", "prefixItems": [{"type": "integer"}], "maxItems": 1}
    new = {"type": "array", "allOf": [{"prefixItems": [{}]}], "unevaluatedItems": False}
    assert _backward(old, new) == (True, [])
    assert _backward({"type": "array", "maxItems": 2}, new)[0] is False


# --- property: random schemas built around unevaluated* against jsonschema -------------------

_LEAF = st.sampled_from(
    [{}, {"type": "integer"}, {"type": "string"}, {"type": "boolean"}, {"minimum": 1}, False]
)
_NAMES = st.sampled_from(["a", "b", "c"])


def _props(names: list[str], leaves: list[Any]) -> dict[str, Any]:
    return {"properties": dict(zip(names, leaves, strict=False))}


_PIECE = st.builds(
    _props, st.lists(_NAMES, min_size=1, max_size=2, unique=True), st.lists(_LEAF, max_size=2)
)


@st.composite
def _objects(draw: st.DrawFn) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object"}
    if draw(st.booleans()):
        schema.update(draw(_PIECE))
    for key in draw(
        st.lists(st.sampled_from(["allOf", "anyOf", "oneOf"]), max_size=2, unique=True)
    ):
        schema[key] = draw(st.lists(_PIECE, min_size=1, max_size=2))
    if draw(st.booleans()):
        schema["if"] = draw(_PIECE)
        schema["then"] = draw(_PIECE)
    if draw(st.booleans()):
        schema["dependentSchemas"] = {draw(_NAMES): draw(_PIECE)}
    if draw(st.booleans()):
        schema["additionalProperties"] = draw(_LEAF)
    schema["unevaluatedProperties"] = draw(_LEAF)
    return schema


_INSTANCES = [
    {},
    {"a": 1},
    {"a": "x"},
    {"b": True},
    {"c": 2},
    {"a": 1, "b": 2},
    {"a": 0, "c": "y"},
    {"a": 1, "b": "x", "c": False},
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_objects(), _objects())
def test_unevaluated_properties_verdicts_and_examples_hold(old: Any, new: Any) -> None:
    if _backward(old, new)[0] is True:
        for instance in _INSTANCES:
            if _V(old).is_valid(instance):
                assert _V(new).is_valid(instance), instance
    for example in _whole_examples(old, new):
        _real_example(old, new, example)
