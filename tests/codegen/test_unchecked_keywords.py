"""Keywords the generated model does not check are never silent: `eventkit lint` notes each one
where it is written (file, line, pointer), without failing the run, as docs/codegen.md lists."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from eventkit.cli import app
from eventkit.errors import EXIT_OK
from tests.registry._build import build, schema

V = "svc/Thing/1.0.0.json"

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
