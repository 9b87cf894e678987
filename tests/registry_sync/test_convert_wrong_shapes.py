"""`eventkit sync` on a folder whose schema gives a keyword a value of the wrong JSON type
(lint's job to report; sync need not run after it) refuses it as a `schema-conversion` error
naming the file, the pointer and the keyword, before anything is pushed: conversion raised a
traceback (`dependentRequired` of numbers, `minimum` as text) or pushed garbage (`allOf` as an
object became a list of its keys)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from eventkit_registry_sync import convert
from eventkit_registry_sync.convert import DRAFT4, TYPES, convert_data_schema
from eventkit_registry_sync.standin import StandinServer
from typer.testing import CliRunner

from eventkit.cli import app
from eventkit.errors import EXIT_USAGE, SchemaConversionError

runner = CliRunner()
FILE = "orders/OrderPlaced/1.0.0.json"


@pytest.mark.parametrize(
    ("keyword", "value"),
    [
        ("dependentRequired", {"order_id": 1}),
        ("dependentSchemas", []),
        ("allOf", {"type": "object"}),
        ("anyOf", "string"),
        ("properties", []),
        ("prefixItems", {"type": "string"}),
        ("exclusiveMinimum", "0"),
        ("type", [["string"]]),
        ("maximum", "10"),  # was pushed as it is: no keyword beside it to compare it with
        ("dependencies", 5),
    ],
)
@pytest.mark.parametrize("kind", ["OpenApi3", "JSONSchemaDraft4"])
def test_a_keyword_of_the_wrong_type_is_refused_naming_it(
    folder: Path, standin: StandinServer, keyword: str, value: Any, kind: str
) -> None:
    path = folder / FILE
    doc = json.loads(path.read_text())
    doc["properties"]["order_id"] = {"type": "string", "minimum": 1, keyword: value}
    path.write_text(json.dumps(doc, indent=2))
    result = runner.invoke(
        app,
        [
            "sync",
            "--schemas",
            str(folder),
            "--type",
            kind,
            "--endpoint-url",
            standin.url,
            "--region",
            "us-east-1",
            "--skip-check",
            "testing conversion",
        ],
    )
    assert result.exit_code == EXIT_USAGE, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert FILE in result.stderr
    assert "/properties/order_id" in result.stderr
    assert "Traceback" not in result.output
    assert standin.write_calls() == []


def _convert(schema: dict[str, Any], target: str) -> dict[str, Any]:
    return convert_data_schema(schema, target, where=FILE, data_name="Data", reserved=set())


@pytest.mark.parametrize(
    ("keyword", "value"),
    [("minimum", "0"), ("exclusiveMaximum", [1]), ("minimum", True), ("dependencies", "a")],
)
@pytest.mark.parametrize("target", TYPES)
def test_the_error_names_the_keyword_where_it_is(target: str, keyword: str, value: Any) -> None:
    schema = {"type": "object", "properties": {"n": {"type": "number", keyword: value}}}
    with pytest.raises(SchemaConversionError) as caught:
        _convert(schema, target)
    error = caught.value
    assert (error.code, error.path, error.keyword) == ("schema-conversion", FILE, keyword)
    assert error.pointer == f"/properties/n/{keyword}"


@pytest.mark.parametrize("target", TYPES)
def test_an_open_api_enum_or_type_of_the_wrong_shape_is_named(target: str) -> None:
    schema = {"type": "object", "properties": {"n": {"type": "string", "enum": "abc"}}}
    if target == DRAFT4:  # copied as it is: nothing computes with it
        assert _convert(schema, target)["Data"]["properties"]["n"]["enum"] == "abc"
        return
    with pytest.raises(SchemaConversionError) as caught:
        _convert(schema, target)
    assert (caught.value.pointer, caught.value.keyword) == ("/properties/n/enum", "enum")


def test_a_fault_of_the_converter_itself_is_not_blamed_on_the_schema(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A bug in a keyword's conversion (here injected into `const`'s) surfaces as itself:
    it was reported as the user's `const` having "a value of the wrong JSON type"."""

    def broken(*_: Any) -> None:
        raise KeyError("a fault of the converter")

    monkeypatch.setitem(convert._KEYWORDS, "const", broken)
    with pytest.raises(KeyError):
        _convert({"type": "object", "properties": {"n": {"const": 1}}}, DRAFT4)
