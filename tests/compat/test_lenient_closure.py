"""LENIENT closes a writer object by the properties it declares itself, in proofs and examples.

docs/compatibility.md ("STRICT and LENIENT"): a writer object that declares `properties`, with
no `additionalProperties` schema, emits only the names it declares; one that declares none
stays open. Two defects broke that (tests/compat hunt, items 2 and 3):

- examples were confirmed against the writer as written, not as LENIENT reads it, so a
  "breaking" finding could carry `x_undeclared` and friends, names no LENIENT writer emits,
  and report a compatible change as breaking;
- a `dependentSchemas` member that declares `properties` closed the free-form object it
  belongs to, so its own trigger name became "never written", and the engine proved things
  about it that `{"a": 1}` refutes.
"""

from __future__ import annotations

from typing import Any

import jsonschema  # type: ignore[import-untyped]
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventkit.compat import check_compatibility


def _valid(schema: Any, value: Any) -> bool:
    return bool(jsonschema.Draft202012Validator(schema).is_valid(value))


def _closed(schema: dict[str, Any]) -> dict[str, Any]:
    """A top-level writer as LENIENT reads it (its members here are no models): closed when
    it declares `properties` and has no `additionalProperties` schema."""
    if "properties" not in schema or "additionalProperties" in schema:
        return schema  # free-form, typed map, or closed already
    return {**schema, "additionalProperties": False}


_ONE = {"type": "object", "properties": {"a": {"type": "string"}}}
_TWO = {"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "string"}}}

# (old, new, mode): compatible under LENIENT, where the closed writer writes nothing the reader
# rejects; the engine had reported each breaking with an undeclared name in its example
_COMPATIBLE_UNDER_CLOSURE = [
    pytest.param(
        {**_ONE, "minProperties": 1}, {**_ONE, "required": ["a"]}, "BACKWARD", id="min1-to-required"
    ),
    pytest.param(
        {**_ONE, "required": ["a"]}, {**_ONE, "minProperties": 1}, "FORWARD", id="required-to-min1"
    ),
    pytest.param(
        {**_TWO, "minProperties": 1},
        {**_TWO, "anyOf": [{"required": ["a"]}, {"required": ["b"]}]},
        "BACKWARD",
        id="min1-to-one-of-two-required",
    ),
    pytest.param(
        {"type": "object", "properties": {"a": {}}, "minProperties": 2},
        {"type": "object", "maxProperties": 0},
        "BACKWARD",
        id="min2-of-one-name",
    ),
    pytest.param(
        {"type": "object", "properties": {"a": {}}, "dependentRequired": {"a": ["b"]}},
        {"type": "object", "maxProperties": 0},
        "BACKWARD",
        id="a-needs-undeclared-b",
    ),
    pytest.param(
        {"type": "object", "properties": {"a": {}}, "required": ["b"]},
        {"type": "object", "maxProperties": 0},
        "BACKWARD",
        id="requires-undeclared-b",
    ),
]


@pytest.mark.parametrize(("old", "new", "mode"), _COMPATIBLE_UNDER_CLOSURE)
def test_a_change_compatible_under_the_closure_is_not_breaking(
    old: dict[str, Any], new: dict[str, Any], mode: str
) -> None:
    report = check_compatibility(old, new, mode=mode, policy="LENIENT")
    assert report.compatible is not False
    assert [f for f in report.findings if f.severity == "breaking"] == []


def test_a_breaking_example_is_written_by_the_closed_writer() -> None:
    """Really breaking (the model writes both names), shown with them only: no stand-ins."""
    writer, reader = _TWO, {"type": "object", "maxProperties": 1}
    report = check_compatibility(writer, reader, mode="BACKWARD", policy="LENIENT")
    breaking = [f for f in report.findings if f.severity == "breaking"]
    assert report.compatible is False
    assert breaking
    for finding in breaking:
        assert _valid(_closed(writer), finding.example), finding
        assert not _valid(reader, finding.example), finding


def test_a_nested_model_closes_its_own_members_in_examples() -> None:
    """The closure holds at every object the writer's schema closes, not only at the top."""
    old = {"type": "object", "properties": {"m": _TWO}, "required": ["m"]}
    new = {"type": "object", "properties": {"m": {"type": "object", "maxProperties": 1}}}
    report = check_compatibility(old, new, mode="BACKWARD", policy="LENIENT")
    assert report.compatible is False
    for finding in report.findings:
        if finding.severity == "breaking":
            assert finding.path == "/m", finding
            assert set(finding.example) <= {"a", "b"}, finding


_FREE_FORM_DEP = {"type": "object", "dependentSchemas": {"a": {"properties": {"b": {}}}}}
_READER_A_STRING = {
    "type": "object",
    "dependentSchemas": {"a": {"properties": {"a": {"type": "string"}}}},
}

# (writer, reader): `{"a": 1}` is written by the (free-form) writer and rejected by the reader
_NOT_COMPATIBLE = [
    pytest.param(_FREE_FORM_DEP, _READER_A_STRING, id="dependentSchemas-declares-b"),
    pytest.param(
        {"type": "object", "dependentSchemas": {"a": {"properties": {}}}},
        {"type": "object", "dependentSchemas": {"a": {"additionalProperties": {"enum": ["ab"]}}}},
        id="dependentSchemas-declares-nothing",
    ),
    pytest.param(
        {"type": "object", "dependencies": {"a": {"properties": {"b": {}}}}},
        _READER_A_STRING,
        id="dependencies-declares-b",
    ),
    pytest.param(
        {
            "type": "object",
            "$defs": {"B": {"properties": {"b": {}}}},
            "dependentSchemas": {"a": {"$ref": "#/$defs/B"}},
        },
        _READER_A_STRING,
        id="dependentSchemas-ref-declares-b",
    ),
    pytest.param(
        {"type": "object", "dependentSchemas": {"a": {"anyOf": [{"properties": {"b": {}}}]}}},
        _READER_A_STRING,
        id="dependentSchemas-anyOf-declares-b",
    ),
    pytest.param(
        {"type": "object", "dependentSchemas": {"a": {"allOf": [{"properties": {"b": {}}}]}}},
        _READER_A_STRING,
        id="dependentSchemas-allOf-declares-b",
    ),
]


@pytest.mark.parametrize(("writer", "reader"), _NOT_COMPATIBLE)
def test_a_dependent_schema_does_not_close_a_free_form_object(
    writer: dict[str, Any], reader: dict[str, Any]
) -> None:
    assert _valid(writer, {"a": 1})
    assert not _valid(reader, {"a": 1})
    report = check_compatibility(writer, reader, mode="BACKWARD", policy="LENIENT")
    assert report.compatible is not True


# -- property: every LENIENT example is one the closed writer writes ------------------------------

_NAMES = ("a", "b", "c")
_MEMBER = st.sampled_from([{}, {"type": "string"}, {"type": "integer"}, {"type": "null"}])


@st.composite
def _objects(draw: st.DrawFn) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object"}
    if draw(st.booleans()):
        names = draw(st.lists(st.sampled_from(_NAMES), unique=True, max_size=3))
        schema["properties"] = {n: draw(_MEMBER) for n in names}
    for key in ("minProperties", "maxProperties"):
        if draw(st.booleans()):
            schema[key] = draw(st.integers(0, 3))
    if draw(st.booleans()):
        schema["required"] = draw(st.lists(st.sampled_from(_NAMES), unique=True, max_size=2))
    if draw(st.integers(0, 4)) == 0:
        schema["additionalProperties"] = draw(st.sampled_from([False, {"type": "string"}]))
    return schema


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_objects(), _objects())
def test_lenient_examples_are_written_by_the_closed_writer(
    old: dict[str, Any], new: dict[str, Any]
) -> None:
    report = check_compatibility(old, new, mode="FULL", policy="LENIENT")
    for finding in report.findings:
        if finding.severity != "breaking" or finding.path != "":
            continue
        writer, reader = (old, new) if finding.side == "readers of old data" else (new, old)
        assert _valid(_closed(writer), finding.example), finding
        assert not _valid(reader, finding.example), finding
