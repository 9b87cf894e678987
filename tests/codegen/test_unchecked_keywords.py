"""Keywords the generated model does not check are never silent: `eventkit lint` notes each one
where it is written (file, line, pointer), without failing the run, as docs/codegen.md lists."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from eventkit.cli import app
from eventkit.errors import EXIT_OK
from tests.registry._build import build, schema

V = "svc/Thing/1.0.0.json"
# as docs/codegen.md lists them
UNCHECKED = (
    "not",
    "contains",
    "if",
    "dependentRequired",
    "dependentSchemas",
    "propertyNames",
    "unevaluatedProperties",
    "unevaluatedItems",
    "prefixItems",
    "uniqueItems",
    "oneOf",
    "minProperties",
    "maxProperties",
)

PROPERTIES: dict[str, Any] = {
    "id": {"type": "string", "description": "The id."},
    "tags": {"type": "array", "items": {"type": "string"}, "uniqueItems": True, "default": []},
    "checked": {"type": "array", "items": {"type": "string"}, "uniqueItems": True},  # no note
    "pair": {"type": "array", "prefixItems": [{"type": "string"}, {"type": "integer"}]},
    "name": {"type": "string", "not": {"const": "root", "not": {"type": "null"}}},
    "ids": {"type": "array", "items": {"type": "integer"}, "contains": {"const": 1}},
    "map": {"type": "object", "propertyNames": {"maxLength": 3}},
    "box": {
        "type": "object",
        "properties": {"a": {"type": "string"}},
        "unevaluatedProperties": False,
    },
    "list": {"type": "array", "unevaluatedItems": False},
    "many": {"type": "array", "uniqueItems": False},  # says nothing: no note
    "counted": {
        "type": "object",
        "properties": {"a": {"type": "string"}, "b": {"type": "string"}},
        "minProperties": 1,
        "maxProperties": 1,
    },
    "sized": {"type": "object", "minProperties": 1, "maxProperties": 2},  # a map: checked
    "one": {"oneOf": [{"type": "integer"}, {"type": "number", "multipleOf": 0.5}]},
}
ROOT: dict[str, Any] = {
    "dependentRequired": {"tags": ["pair"]},
    "dependentSchemas": {"name": {"required": ["ids"]}},
    "if": {"required": ["name"]},
    "then": {"required": ["box"]},
}


def test_each_keyword_the_model_does_not_check_is_a_lint_note(tmp_path: Path) -> None:
    doc = schema(properties=PROPERTIES, examples=[{"id": "t-1"}], **ROOT)
    registry = build(tmp_path / "registry", {V: json.dumps(doc, indent=2)})
    cli = CliRunner().invoke(app, ["lint", "--schemas", str(registry), "--format", "json"])
    assert cli.exit_code == EXIT_OK, cli.output  # notes, not problems
    report = json.loads(cli.output)
    assert report["problems"] == []
    notes = [n for n in report["notes"] if n["code"] == "keyword-not-in-model"]
    lines = (registry / V).read_text(encoding="utf-8").splitlines()

    def line_of(key: str, after: str) -> int:
        start = lines.index(after)
        return next(i for i in range(start, len(lines)) if lines[i].lstrip().startswith(key)) + 1

    expected = [
        ("/properties/tags/uniqueItems", line_of('"uniqueItems"', '    "tags": {')),
        ("/properties/pair/prefixItems", line_of('"prefixItems"', '    "pair": {')),
        ("/properties/name/not", line_of('"not"', '    "name": {')),  # not its inner `not`
        ("/properties/ids/contains", line_of('"contains"', '    "ids": {')),
        ("/properties/map/propertyNames", line_of('"propertyNames"', '    "map": {')),
        (
            "/properties/box/unevaluatedProperties",
            line_of('"unevaluatedProperties"', '    "box": {'),
        ),
        ("/properties/list/unevaluatedItems", line_of('"unevaluatedItems"', '    "list": {')),
        ("/properties/counted/minProperties", line_of('"minProperties"', '    "counted": {')),
        ("/properties/counted/maxProperties", line_of('"maxProperties"', '    "counted": {')),
        ("/properties/one/oneOf", line_of('"oneOf"', '    "one": {')),
        ("/dependentRequired", line_of('"dependentRequired"', "{")),
        ("/dependentSchemas", line_of('"dependentSchemas"', "{")),
        ("/if", line_of('"if"', "{")),
    ]
    assert sorted((n["pointer"], n["line"]) for n in notes) == sorted(expected)
    assert {n["path"] for n in notes} == {V}
    assert all(n["hint"] for n in notes)


def test_the_example_shop_has_no_such_note() -> None:
    cli = CliRunner().invoke(app, ["lint", "--schemas", "schemas", "--format", "json"])
    assert cli.exit_code == EXIT_OK, cli.output
    assert [n for n in json.loads(cli.output)["notes"] if n["code"] == "keyword-not-in-model"] == []


def _notes(tmp_path: Path, doc: dict[str, Any]) -> list[dict[str, Any]]:
    registry = build(tmp_path / "registry", {V: json.dumps(doc, indent=2)})
    cli = CliRunner().invoke(app, ["lint", "--schemas", str(registry), "--format", "json"])
    assert cli.exit_code == EXIT_OK, cli.output
    report = json.loads(cli.output)
    assert report["problems"] == []
    return [n for n in report["notes"] if n["code"] == "keyword-not-in-model"]


@pytest.mark.parametrize(
    ("keyword", "value"),
    [(k, v) for k, v in PROPERTIES.items() if k not in ("id", "checked", "many", "sized")]
    + [("root", {"type": "object", **ROOT})],
)
def test_a_keyword_alone_deep_in_a_definition_is_noted(
    tmp_path: Path, keyword: str, value: dict[str, Any]
) -> None:
    # one keyword per file, only inside $defs (reached by a $ref): the quick "is any of them
    # here" test must see every subschema's keys, not only the top level's
    doc = schema(
        properties={"id": {"type": "string"}, "x": {"$ref": "#/$defs/Inner"}},
        examples=[{"id": "t-1"}],
        **{"$defs": {"Inner": {"type": "object", "properties": {"deep": value}}}},
    )
    notes = _notes(tmp_path, doc)
    assert notes, f"{keyword}: no note"
    assert all(n["pointer"].startswith("/$defs/Inner/properties/deep") for n in notes)


def test_keyword_names_only_in_text_or_data_are_no_note(tmp_path: Path) -> None:
    words = " ".join(UNCHECKED)
    doc = schema(
        description=f'mentions "not", "if" and {words}',
        properties={
            "id": {"type": "string", "description": words},
            "kind": {"type": "string", "enum": list(UNCHECKED)},
            "tags": {"type": "array", "items": {"type": "string"}, "uniqueItems": True},
            "meta": {"type": "object", "default": {"uniqueItems": True, "not": {}}},
        },
        examples=[{"id": "t-1", "kind": "not", "meta": {"if": 1, "dependentRequired": {}}}],
    )
    assert _notes(tmp_path, doc) == []
