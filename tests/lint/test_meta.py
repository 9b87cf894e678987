"""The fast 2020-12 meta-schema check agrees with jsonschema's `check_schema` exactly: a file
it calls certainly valid is valid, and one it rejects without an unmodelled keyword is not."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator  # type: ignore[import-untyped]

from eventkit.lint._meta import _CHECKS, _UNDESCRIBED, valid_members_2020_12
from eventkit.registry import schema_nodes

META = Draft202012Validator(
    Draft202012Validator.META_SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER
)
KEYWORDS = sorted(_CHECKS)

leaves = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-3, max_value=3),
    st.sampled_from([0.0, -0.0, 1.0, 2.5, -1.5, 1e300]),
    st.sampled_from(
        [
            "string",
            "integer",
            "object",
            "strin",
            "",
            "a",
            "1a",
            "_x-1.2",
            "#",
            "#/$defs/A",
            "a#b",
            "a#",
            "../x.json",
            "https://example.com/s",
            "([",
            "^[a-z]+$",
            "date-time",
        ]
    ),
)


def _schemas(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(
        st.lists(children, max_size=3),
        st.dictionaries(
            st.one_of(st.sampled_from(KEYWORDS), st.sampled_from(["x-note", "id", "a"])),
            children,
            max_size=4,
        ),
    )


values = st.recursive(leaves, _schemas, max_leaves=25)
schemas = st.dictionaries(st.sampled_from(KEYWORDS), values, max_size=5)


@settings(max_examples=600, deadline=None, suppress_health_check=list(HealthCheck))
@given(schemas)
def test_fast_check_agrees_with_jsonschema(schema: dict[str, Any]) -> None:
    fast = _fast_verdict(schema)
    if fast is not None:
        assert fast == META.is_valid(schema), schema


def _fast_verdict(schema: dict[str, Any]) -> bool | None:
    """True: certainly valid; False: certainly invalid; None: left to jsonschema."""
    if valid_members_2020_12(schema_nodes(schema)) is not None:
        return True
    if any(key in _UNDESCRIBED for node in schema_nodes(schema) for key in node):
        return None
    return False


@pytest.mark.parametrize(
    ("schema", "valid"),
    [
        ({"type": ["string", "null"]}, True),
        ({"type": []}, False),
        ({"type": ["string", "string"]}, False),
        ({"minLength": 1.0}, True),
        ({"minLength": True}, False),
        ({"minLength": -1}, False),
        ({"multipleOf": 0}, False),
        ({"required": ["a", "a"]}, False),
        ({"pattern": "(["}, False),
        ({"patternProperties": {"([": {}}}, False),
        ({"$id": "a#b"}, False),
        ({"$anchor": "1a"}, False),
        ({"dependencies": {"a": ["b"], "c": {"type": "x"}}}, False),
        ({"dependencies": {"a": ["b"], "c": {"type": "string"}}}, True),
        ({"properties": {"a": {"items": {"type": "nope"}}}}, False),
        ({"examples": [1, {"type": "nope"}], "enum": [{"$ref": 1}]}, True),
        ({"x-anything": {"type": "nope"}}, True),
    ],
)
def test_known_cases(schema: dict[str, Any], valid: bool) -> None:
    assert _fast_verdict(schema) is valid
    assert META.is_valid(schema) is valid


def test_additional_items_is_left_to_jsonschema() -> None:
    assert _fast_verdict({"additionalItems": {"type": "nope"}}) is None
    assert _fast_verdict({"additionalItems": {"type": "string"}}) is None


@pytest.mark.parametrize(
    "instance", [None, True, False, 0, 1, -2, 1.0, 1.5, -0.0, "", "x", [], [1], {}, {"a": 1}]
)
@pytest.mark.parametrize(
    "types",
    [
        "string",
        "integer",
        "number",
        "boolean",
        "null",
        "object",
        "array",
        ["integer", "null"],
        ["string", "number"],
    ],
)
def test_fast_type_keyword_agrees_with_jsonschema(instance: Any, types: Any) -> None:
    from eventkit.lint._examples import _type

    stock = Draft202012Validator({"type": types})
    mine = [e.message for e in _type(stock, types, instance, {"type": types})]
    assert mine == [e.message for e in stock.iter_errors(instance)]


def _all_members(value: Any) -> int:
    if isinstance(value, dict):
        return len(value) + sum(_all_members(v) for v in value.values())
    if isinstance(value, list):
        return sum(_all_members(v) for v in value)
    return 0


@settings(max_examples=600, deadline=None, suppress_health_check=list(HealthCheck))
@given(schemas)
def test_one_walk_judges_and_counts_as_the_two_walks(schema: dict[str, Any]) -> None:
    # lint's fused walk: when the file is valid, every object member of the document is
    # counted (the duplicate-key test compares it with the text's keys)
    members = valid_members_2020_12(schema_nodes(schema))
    if members is not None:
        assert members == _all_members(schema), schema
        assert META.is_valid(schema), schema
