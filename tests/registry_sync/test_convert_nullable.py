"""Conversion edges: properties *named* `$defs`/`definitions`, and JSON Schema's null in every
form (type lists, `const: null`, enums with null, `type: "null"`, `anyOf` with a null branch).

Every OpenApi3 result is checked three ways: the whole document passes openapi-spec-validator
(OpenAPI 3.0 schema-object rules), it states null the OpenAPI 3.0 way (`nullable`, never a
`null` type; an enum holding null is nullable), and it accepts exactly the instances the
2020-12 original accepts (openapi-schema-validator's OAS 3.0 validator against jsonschema).
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from eventkit_registry_sync.convert import DRAFT4, OPENAPI3, convert_data_schema
from eventkit_registry_sync.pull import from_registry_content
from jsonschema import Draft4Validator, Draft202012Validator  # type: ignore[import-untyped]
from openapi_schema_validator import OAS30Validator
from openapi_spec_validator import validate as validate_openapi

SAMPLES: list[Any] = [None, "a", "b", "", 0, 1, 2.5, True, [], ["a"], {}, {"a": "x"}]

NULLABLE_CASES: dict[str, dict[str, Any]] = {
    "type list": {"type": ["string", "null"]},
    "type list, null first": {"type": ["null", "integer"]},
    "only null in a list": {"type": ["null"]},
    "type null": {"type": "null"},
    "const null": {"const": None},
    "enum with null": {"enum": ["a", None]},
    "enum with null, typed": {"type": "string", "enum": ["a", None]},
    "enum only null, typed": {"type": "string", "enum": [None]},
    "type null, enum without null": {"type": "null", "enum": ["a"]},
    "several types and null": {"type": ["string", "integer", "null"]},
    "several types": {"type": ["string", "integer"]},
    "anyOf with a null branch": {"anyOf": [{"type": "string"}, {"type": "null"}]},
    "oneOf with const null": {"oneOf": [{"type": "integer"}, {"const": None}]},
    "nullable object property": {
        "type": "object",
        "properties": {"a": {"type": ["string", "null"], "enum": ["x", None]}},
    },
}


def wrap(defs: dict[str, Any]) -> dict[str, Any]:
    return {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {},
        "components": {"schemas": defs},
    }


def null_problems(node: Any, where: str = "") -> list[str]:
    """Places where `node` states null other than as OpenAPI 3.0 allows."""
    if isinstance(node, list):
        return [p for i, v in enumerate(node) for p in null_problems(v, f"{where}/{i}")]
    if not isinstance(node, dict):
        return []
    out = []
    if "type" in node and not isinstance(node["type"], str):
        out.append(f"{where}: type is not one string")
    if node.get("type") == "null":
        out.append(f"{where}: type null")
    if None in node.get("enum", []) and node.get("nullable") is not True:
        out.append(f"{where}: enum holds null but the schema is not nullable")
    for key, value in node.items():
        if key not in ("enum", "example", "default"):
            out += null_problems(value, f"{where}/{key}")
    return out


def convert(schema: dict[str, Any], target: str) -> dict[str, Any]:
    return convert_data_schema(schema, target, where="f.json", data_name="D", reserved=set())


@pytest.mark.parametrize("case", sorted(NULLABLE_CASES))
def test_null_converts_to_valid_equivalent_openapi(case: str) -> None:
    schema = NULLABLE_CASES[case]
    defs = convert(schema, OPENAPI3)
    validate_openapi(wrap(defs))  # raises on an invalid schema object
    assert null_problems(defs) == []
    original, converted = Draft202012Validator(schema), OAS30Validator(defs["D"])
    for sample in SAMPLES:
        assert converted.is_valid(sample) == original.is_valid(sample), (case, sample, defs)


@pytest.mark.parametrize("case", sorted(NULLABLE_CASES))
def test_null_converts_to_equivalent_draft4(case: str) -> None:
    schema = NULLABLE_CASES[case]
    defs = convert(schema, DRAFT4)
    original, converted = Draft202012Validator(schema), Draft4Validator(defs["D"])
    for sample in SAMPLES:
        assert converted.is_valid(sample) == original.is_valid(sample), (case, sample, defs)


PROPERTY_NAMED_LIKE_DEFS: dict[str, Any] = {
    "type": "object",
    "required": ["$defs", "definitions"],
    "properties": {
        "$defs": {"type": "object", "properties": {"a": {"type": "string"}}},
        "definitions": {"$ref": "#/$defs/Item"},
    },
    "$defs": {"Item": {"type": "object", "properties": {"definitions": {"type": "integer"}}}},
}


@pytest.mark.parametrize("target", [OPENAPI3, DRAFT4])
def test_properties_named_defs_are_properties(target: str) -> None:
    defs = convert(PROPERTY_NAMED_LIKE_DEFS, target)
    assert sorted(defs) == ["D", "Item"]  # only the real $defs entry is hoisted
    props = defs["D"]["properties"]
    assert props["$defs"] == {"type": "object", "properties": {"a": {"type": "string"}}}
    prefix = "#/definitions/" if target == DRAFT4 else "#/components/schemas/"
    assert props["definitions"] == {"$ref": prefix + "Item"}
    assert defs["Item"]["properties"] == {"definitions": {"type": "integer"}}
    if target == OPENAPI3:
        validate_openapi(wrap(defs))


@pytest.mark.parametrize("target", [OPENAPI3, DRAFT4])
def test_properties_named_defs_come_back_from_the_registry(target: str) -> None:
    """Pull's reverse conversion renames only definitions containers, never a property."""
    defs = convert(PROPERTY_NAMED_LIKE_DEFS, target)
    prefix = "#/definitions/" if target == DRAFT4 else "#/components/schemas/"
    # A $ref into a property named `definitions` must keep the property's name.
    defs["D"]["properties"]["copy"] = {"$ref": prefix + "Item/properties/definitions"}
    envelope = {
        "type": "object",
        "x-amazon-events-source": "acme.things",
        "x-amazon-events-detail-type": "Thing",
        "properties": {"detail": {"$ref": prefix + "D"}},
    }
    if target == DRAFT4:
        content = {"definitions": defs, **envelope}
    else:
        content = wrap({"AWSEvent": envelope, **defs})

    pulled = from_registry_content(json.dumps(content), schema_name="acme.things@Thing").schema
    assert pulled["properties"]["$defs"] == PROPERTY_NAMED_LIKE_DEFS["properties"]["$defs"]
    assert pulled["properties"]["definitions"] == {"$ref": "#/$defs/Item"}
    assert pulled["properties"]["copy"] == {"$ref": "#/$defs/Item/properties/definitions"}
    assert pulled["$defs"]["Item"]["properties"] == {"definitions": {"type": "integer"}}
