"""The vocabulary scan and the engine's object construction, pinned to the code before issue
16's fourth engine pass (docs/decisions/0030-speed-ups.md, "compat engine, fourth pass").

The scan was rewritten to push subschemas one by one; `_outcomes` runs it on a fixed, seeded
set of random documents (most of them malformed somewhere: wrong value types, negative or
fractional counts, unknown keywords, maps and lists of the wrong shape, deep nesting) and
digests, per document, either the error it raises (type, message and hint, so the pointer and
which problem comes first in scan order) or the `$ref` kinds it reports. The digest was taken
from main (commit aa0144f) with this very generator, and re-taken once when a `$id` below the
root became an error (an embedded resource whose `$ref`s the engine resolved against the
wrong document): 44 of the 3,003 outcomes changed, each to that error, naming the first such
`$id` in scan order (12 documents that passed, 32 that failed on a later problem); and again
when `uniqueItems` and `nullable` had to be booleans (`uniqueItems: 1` was read as absent):
154 more changed, each to "`uniqueItems`/`nullable` must be true or false" (61 that passed,
93 that failed on a later problem).
"""

from __future__ import annotations

import hashlib
import json
import math
import random
from dataclasses import FrozenInstanceError
from typing import Any

import pytest

from eventkit.compat import check_compatibility
from eventkit.compat._doc import Doc

# sha256 of `_outcomes(_DOCUMENTS)` from main before the change
_PINNED = "34f2af84ac5239533198df204d7666930d7842ab08a6091a135ec7e59241f7d5"
_DOCUMENTS = 3000

_SCHEMA_KEYS = [
    "properties", "patternProperties", "$defs", "definitions", "dependentSchemas",
    "allOf", "anyOf", "oneOf", "prefixItems", "items", "not", "additionalProperties",
    "unevaluatedProperties", "additionalItems", "unevaluatedItems", "contains",
    "propertyNames", "if", "then", "else", "contentSchema", "dependencies",
]  # fmt: skip
_VALUE_KEYS = [
    "type", "$ref", "minLength", "maxLength", "minItems", "maxItems", "minProperties",
    "maxProperties", "minContains", "maxContains", "required", "format", "pattern", "minimum",
    "maximum", "multipleOf", "enum", "const", "exclusiveMinimum", "exclusiveMaximum",
    "dependentRequired", "uniqueItems", "nullable", "title", "description", "$schema", "$id",
    "$anchor", "$comment", "default", "examples", "deprecated", "x-note", "$dynamicRef",
    "$recursiveRef", "maxLenght", "foo",
]  # fmt: skip
_REFS = [
    "#",
    "#/$defs/a",
    "#/definitions/b",
    "#/properties/x",
    "#anchor",
    "other.json",
    "a.json#/x",
]


def _value(rng: random.Random, key: str) -> Any:
    """A value for `key`: usually well formed, often not."""
    roll = rng.random()
    if roll < 0.08:
        return rng.choice(
            [None, True, False, -1, 1.5, "x", [], [1], {}, {"a": 1}, math.nan, 10**400, 0]
        )
    if key == "type":
        return rng.choice(["string", "integer", "number", "object", "array", "null", "boolean",
                           ["string", "null"], ["strng"], "strng", []])  # fmt: skip
    if key == "$ref":
        return rng.choice(_REFS)
    if key in ("required",):
        return rng.choice([["a", "b"], [], ["a", 1]])
    if key == "dependentRequired":
        return rng.choice([{"a": ["b"]}, {"a": [1]}, {"a": "b"}])
    if key in ("format", "title", "description", "$schema", "$id", "$anchor", "$comment"):
        return rng.choice(["email", "date", "x", 3])
    if key == "pattern":
        return rng.choice(["^a+$", "[0-9]", "", 3])
    if key in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"):
        return rng.choice([0, 1, -2, 2.5, True, "1", 0.0])
    if key in ("enum", "examples"):
        return rng.choice([[1, "a"], [], "a"])
    if key.startswith(("min", "max")):
        return rng.choice([0, 1, 3, 2.0, -1, 1.5, True])
    return rng.choice([1, "a", True, None, [1], {"k": 1}])


def _schema(rng: random.Random, depth: int) -> Any:
    if depth > 4 or rng.random() < 0.15:
        return rng.choice([True, False, {}, {"type": "string"}])
    schema: dict[str, Any] = {}
    for _ in range(rng.randint(0, 4)):
        if rng.random() < 0.45:
            key = rng.choice(_SCHEMA_KEYS)
            if key in ("properties", "patternProperties", "$defs", "definitions",
                       "dependentSchemas", "dependencies"):  # fmt: skip
                count = rng.randint(0, 3)
                schema[key] = (
                    {f"p{i}": _schema(rng, depth + 1) for i in range(count)}
                    if rng.random() < 0.93
                    else [_schema(rng, depth + 1)]
                )
                if key == "dependencies" and schema[key] and isinstance(schema[key], dict):
                    schema[key]["list"] = ["a"]
            elif key in ("allOf", "anyOf", "oneOf", "prefixItems") or (
                key == "items" and rng.random() < 0.3
            ):
                count = rng.randint(0, 3)
                schema[key] = (
                    [_schema(rng, depth + 1) for _ in range(count)]
                    if rng.random() < 0.93
                    else {"a": {}}
                )
            else:
                schema[key] = (
                    _schema(rng, depth + 1) if rng.random() < 0.95 else rng.choice([1, "x"])
                )
        else:
            key = rng.choice(_VALUE_KEYS)
            schema[key] = _value(rng, key)
    return schema


def _deep(levels: int) -> Any:
    schema: Any = {"type": "string"}
    for _ in range(levels):
        schema = {"not": schema}
    return schema


def documents() -> list[Any]:
    rng = random.Random(20261206)
    return [_schema(rng, 0) for _ in range(_DOCUMENTS)] + [_deep(199), _deep(200), _deep(230)]


def _outcome(schema: Any) -> list[Any]:
    try:
        doc = Doc(schema, label="doc")
    except Exception as error:  # the error (of any kind) is the outcome pinned
        return [type(error).__name__, str(error), getattr(error, "hint", None)]
    return ["ok", doc.all_refs, doc.defs_refs]


def _outcomes(docs: list[Any]) -> str:
    text = "\n".join(json.dumps(_outcome(d)) for d in docs)
    return hashlib.sha256(text.encode()).hexdigest()


def test_the_scan_of_random_documents_is_as_before() -> None:
    docs = documents()
    kinds = {_outcome(d)[0] for d in docs}
    assert {"ok", "CompatibilityError"} <= kinds  # the set exercises both outcomes
    assert _outcomes(docs) == _PINNED


def test_a_scan_error_names_the_document_compared() -> None:
    with pytest.raises(Exception) as caught:  # noqa: PT011 (the message is what is checked)
        check_compatibility({"properties": {"a": {"maxLength": -1}}}, {})
    assert str(caught.value).startswith("old schema: `maxLength` must be a non-negative integer")
    with pytest.raises(Exception) as caught:  # noqa: PT011
        check_compatibility({}, {"items": [{"type": "string"}, {"minLength": "1"}]})
    assert "new schema: `minLength` must be a non-negative integer at /items/1/minLength" in str(
        caught.value
    )


@pytest.mark.parametrize("mode", ["BACKWARD", "forward", "FULL_TRANSITIVE", "NONE"])
@pytest.mark.parametrize("policy", ["STRICT", "lenient"])
def test_a_report_without_findings_carries_its_own_mode_and_policy(mode: str, policy: str) -> None:
    # reports without findings are shared per mode and policy: each must still say its own
    same = check_compatibility({"type": "string"}, {"type": "string"}, mode=mode, policy=policy)
    other = check_compatibility(
        {"type": "string", "title": "a"}, {"type": "string"}, mode=mode, policy=policy
    )
    for report in (same, other):
        assert report.compatible is True
        assert (report.mode, report.policy) == (mode.upper(), policy.upper())
    assert same == other
    with pytest.raises(FrozenInstanceError):
        same.mode = "FORWARD"  # type: ignore[misc]


def test_a_report_with_findings_is_its_own() -> None:
    first = check_compatibility({"type": "string"}, {"type": "integer"})
    second = check_compatibility({"type": "string"}, {"type": "integer"})
    assert first == second
    assert first is not second
    assert first.compatible is False
    assert len(first.findings) == 1
