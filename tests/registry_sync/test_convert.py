"""Conversion from draft 2020-12 to the registry's formats: every rewrite keeps the meaning
(checked with jsonschema on instances), what has no equivalent is refused."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema  # type: ignore[import-untyped]
import pytest
from eventkit_registry_sync.convert import (
    DRAFT4,
    OPENAPI3,
    convert_data_schema,
    identifier,
)
from eventkit_registry_sync.desired import schema_name
from eventkit_registry_sync.documents import EnvelopeInfo, event_content

from eventkit.errors import SchemaConversionError
from eventkit.registry import load_registry

SHOP = Path(__file__).resolve().parents[2] / "schemas"


def draft4(schema: dict[str, Any]) -> jsonschema.Draft4Validator:
    defs = convert_data_schema(schema, DRAFT4, where="t.json", data_name="Data", reserved=set())
    doc = {"$ref": "#/definitions/Data", "definitions": defs}
    jsonschema.Draft4Validator.check_schema(doc)
    return jsonschema.Draft4Validator(doc)


CASES: list[tuple[str, dict[str, Any], list[Any]]] = [
    ("const", {"const": "x"}, ["x", "y", 1]),
    (
        "exclusive bounds",
        {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 10},
        [0, 0.1, 10, 9.9, -1],
    ),
    ("exclusive vs plain bound", {"minimum": 5, "exclusiveMinimum": 3}, [3, 4, 5]),
    ("plain vs exclusive bound", {"exclusiveMinimum": 5, "minimum": 3}, [4, 5, 5.5]),
    (
        "if/then/else",
        {"if": {"required": ["a"]}, "then": {"required": ["b"]}, "else": {"required": ["c"]}},
        [{"a": 1}, {"a": 1, "b": 1}, {}, {"c": 1}, 3],
    ),
    ("contains", {"contains": {"type": "integer"}}, [[], ["a"], ["a", 1], "not an array"]),
    (
        "prefixItems",
        {"prefixItems": [{"type": "string"}, {"type": "integer"}], "items": False},
        [["a", 1], ["a"], [1, 1], ["a", 1, 2]],
    ),
    (
        "dependentRequired",
        {"dependentRequired": {"a": ["b"]}},
        [{"a": 1}, {"a": 1, "b": 2}, {"b": 1}],
    ),
    (
        "dependentSchemas",
        {"dependentSchemas": {"a": {"required": ["c"]}}},
        [{"a": 1}, {"a": 1, "c": 1}, {}],
    ),
    (
        "$ref with siblings",
        {"$defs": {"S": {"type": "string"}}, "$ref": "#/$defs/S", "maxLength": 2},
        ["ab", "abc", 1],
    ),
    (
        "recursion",
        {"type": "object", "properties": {"next": {"$ref": "#"}, "v": {"type": "integer"}}},
        [{"next": {"next": {"v": 1}}}, {"next": {"v": "x"}}],
    ),
    (
        "nested $defs",
        {
            "$defs": {"A": {"$defs": {"B": {"type": "integer"}}, "$ref": "#/$defs/A/$defs/B"}},
            "$ref": "#/$defs/A",
        },
        [1, "x"],
    ),
    ("boolean schemas", {"properties": {"yes": True, "no": False}}, [{"yes": 1}, {"no": 1}]),
    ("nullable", {"type": ["string", "null"]}, ["a", None, 1]),
]


@pytest.mark.parametrize(("name", "schema", "instances"), CASES, ids=[c[0] for c in CASES])
def test_draft4_conversion_keeps_the_meaning(
    name: str, schema: dict[str, Any], instances: list[Any]
) -> None:
    original = jsonschema.Draft202012Validator(schema)
    converted = draft4(schema)
    for instance in instances:
        assert converted.is_valid(instance) == original.is_valid(instance), instance


def test_openapi_rewrites() -> None:
    schema = {
        "type": "object",
        "properties": {
            "a": {"type": ["string", "null"]},
            "b": {"type": ["string", "integer"]},
            "c": {"type": "null"},
            "d": {"const": 1, "examples": [1]},
        },
    }
    out = convert_data_schema(schema, OPENAPI3, where="t.json", data_name="Data", reserved=set())[
        "Data"
    ]
    assert out["properties"]["a"] == {"type": "string", "nullable": True}
    assert out["properties"]["b"] == {
        "allOf": [{"anyOf": [{"type": "string"}, {"type": "integer"}]}]
    }
    assert out["properties"]["c"] == {"nullable": True, "enum": [None]}
    assert out["properties"]["d"] == {"enum": [1], "example": 1}


@pytest.mark.parametrize(
    ("schema", "target", "keyword"),
    [
        ({"unevaluatedItems": False}, DRAFT4, "unevaluatedItems"),
        ({"$dynamicRef": "#x"}, DRAFT4, "$dynamicRef"),
        ({"contains": {}, "minContains": 2}, DRAFT4, "minContains"),
        ({"items": [{"type": "string"}]}, OPENAPI3, "items"),
        ({"additionalItems": False}, OPENAPI3, "additionalItems"),
        ({"$ref": "other.json"}, DRAFT4, "$ref"),
    ],
)
def test_refusals_name_the_keyword(schema: dict[str, Any], target: str, keyword: str) -> None:
    with pytest.raises(SchemaConversionError) as excinfo:
        convert_data_schema(
            {"properties": {"x": schema}}, target, where="f.json", data_name="D", reserved=set()
        )
    assert excinfo.value.keyword == keyword
    assert excinfo.value.path == "f.json"


def test_names() -> None:
    assert (
        identifier("EC2 Instance State-change Notification") == "EC2InstanceStateChangeNotification"
    )
    assert schema_name("shop.orders", "OrderPlaced", 2) == "shop.orders@OrderPlaced-v2"
    assert schema_name("my source", "Object Created", 1) == "my-source@ObjectCreated-v1"


def test_unknown_type_is_refused() -> None:
    info = EnvelopeInfo("a/B", "1.0.0", "sha256:0", "s", "B", "B", False, "B", None)
    with pytest.raises(SchemaConversionError):
        event_content(info, {}, "Avro")


@pytest.mark.skipif(not (SHOP / "eventkit.toml").exists(), reason="no example registry")
def test_every_shop_example_validates_against_its_draft4_document() -> None:
    registry = load_registry(SHOP)
    checked = 0
    for event in registry.events:
        for version in event.versions:
            info = EnvelopeInfo(
                event.key, str(version.version), version.digest, event.source, event.detail_type,
                identifier(event.detail_type), event.foreign, "T", None,
            )  # fmt: skip
            doc = event_content(info, registry.bundle(version), DRAFT4)
            jsonschema.Draft4Validator.check_schema(doc)
            name = info.name if event.foreign else f"{info.name}Data"
            data = jsonschema.Draft4Validator(
                {"$ref": f"#/definitions/{name}", "definitions": doc["definitions"]}
            )
            for example in version.schema["examples"]:
                assert not list(data.iter_errors(example)), (version.relpath, example)
                checked += 1
            json.dumps(doc)
    assert checked > 0
