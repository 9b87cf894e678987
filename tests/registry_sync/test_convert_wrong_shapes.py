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
from eventkit_registry_sync.standin import StandinServer
from typer.testing import CliRunner

from eventkit.cli import app
from eventkit.errors import EXIT_USAGE

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
