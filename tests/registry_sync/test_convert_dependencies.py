"""`dependentRequired` and `dependentSchemas` naming the same property become one draft-04
`dependencies` entry that keeps both constraints: the one written second replaced the other, so the pushed JSONSchemaDraft4 schema
accepted `{"card": 1, "cvc": 1}`, which the version file rejects (no `billing`)."""

from __future__ import annotations

from typing import Any

import jsonschema  # type: ignore[import-untyped]
import pytest
from eventkit_registry_sync.convert import DRAFT4, convert_data_schema

INSTANCES = [{}, {"card": 1}, {"card": 1, "cvc": 1}, {"card": 1, "billing": 1}, {"x": 1}]
INSTANCES += [{"card": 1, "billing": 1, "cvc": 1}, {"x": 1, "y": 1}, {"card": 1, "cvc": 1, "y": 1}]


@pytest.mark.parametrize(
    "schema",
    [
        {
            "dependentRequired": {"card": ["billing"]},
            "dependentSchemas": {"card": {"required": ["cvc"]}},
        },
        {
            "dependentSchemas": {"card": {"required": ["cvc"]}},
            "dependentRequired": {"card": ["billing"]},
        },
        {"dependentRequired": {"card": []}, "dependentSchemas": {"card": {"required": ["cvc"]}}},
        {"dependentRequired": {"card": ["billing"], "x": ["y"]}, "dependentSchemas": {"x": {}}},
    ],
)
def test_every_dependency_of_a_property_still_applies(schema: dict[str, Any]) -> None:
    source = {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object", **schema}
    pushed = convert_data_schema(source, DRAFT4, where="f.json", data_name="D", reserved=set())["D"]
    jsonschema.Draft4Validator.check_schema(pushed)
    reference = jsonschema.Draft202012Validator(source)
    for instance in INSTANCES:
        assert jsonschema.Draft4Validator(pushed).is_valid(instance) == reference.is_valid(
            instance
        ), instance
