"""LENIENT closes a writer object by the properties it declares itself, in proofs and examples.

docs/compatibility.md ("STRICT and LENIENT"): a writer object that declares `properties`, with
no `additionalProperties` schema, emits only the names it declares; one that declares none
stays open. A defect broke that (tests/compat hunt, item 3):

- a `dependentSchemas` member that declares `properties` closed the free-form object it
  belongs to, so its own trigger name became "never written", and the engine proved things
  about it that `{"a": 1}` refutes.
"""

from __future__ import annotations

from typing import Any

import jsonschema  # type: ignore[import-untyped]
import pytest

from eventkit.compat import check_compatibility


def _valid(schema: Any, value: Any) -> bool:
    return bool(jsonschema.Draft202012Validator(schema).is_valid(value))


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
