"""`integer` in each dialect, as docs/compatibility.md states it: the engine reads `1.0` as an
integer everywhere (JSON values); lint's draft-04 validator does not (jsonschema's Draft4Validator),
its 2020-12 one does. Pinned so that a change to either side is a decision, not a drift."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema  # type: ignore[import-untyped]
import pytest
from typer.testing import CliRunner

from eventkit.cli import app
from eventkit.compat import check_compatibility
from tests.compat.conftest import Writer

D4 = "http://json-schema.org/draft-04/schema#"
D7 = "http://json-schema.org/draft-07/schema#"
D2020 = "https://json-schema.org/draft/2020-12/schema"


@pytest.mark.parametrize("dialect", [D4, D7, D2020])
def test_the_engine_reads_a_whole_float_as_an_integer(dialect: str) -> None:
    old = {"$schema": dialect, "type": "number", "multipleOf": 1}
    new = {"$schema": dialect, "type": "integer"}
    assert check_compatibility(old, new, mode="FULL", policy="STRICT").compatible is True


@pytest.mark.parametrize(("dialect", "valid"), [(D4, False), (D7, True), (D2020, True)])
def test_jsonschema_differs_on_draft_04_only(dialect: str, valid: bool) -> None:
    schema = {"$schema": dialect, "type": "integer"}
    assert jsonschema.validators.validator_for(schema)(schema).is_valid(1.0) is valid


def _event(dialect: str) -> dict[str, Any]:
    return {
        "$schema": dialect,
        "title": "Thing",
        "description": "A thing.",
        "type": "object",
        "properties": {"n": {"type": "integer"}},
        "examples": [{"n": 1.0}],
    }


def test_lint_follows_the_dialect_validator(make_registry: Writer) -> None:
    root: Path = make_registry(
        {"aws_x/Thing/1.0.0.json": _event(D4), "orders/Widget/1.0.0.json": _event(D2020)}
    )
    (root / "aws_x/Thing/event.toml").write_text(
        'envelope = "foreign"\nsource = "aws.x"\n', encoding="utf-8"
    )
    result = CliRunner().invoke(app, ["lint", "--schemas", str(root), "--format", "json"])
    problems = json.loads(result.stdout)["problems"]
    assert [(p["code"], p["path"], p["pointer"]) for p in problems] == [
        ("example-invalid", "aws_x/Thing/1.0.0.json", "/examples/0/n")
    ]
