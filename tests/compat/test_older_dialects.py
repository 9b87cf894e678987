"""Schemas of an older dialect (draft-04 to draft-07) mean what their validators say: a keyword
beside a `$ref` is ignored there, and a keyword a later draft introduced is no keyword. Read as
2020-12, a change that breaks readers was proved compatible."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema  # type: ignore[import-untyped]
import pytest
from typer.testing import CliRunner

from eventkit.cli import app
from eventkit.compat import check_compatibility
from eventkit.errors import EXIT_BREAKING

D4 = "http://json-schema.org/draft-04/schema#"
D7 = "http://json-schema.org/draft-07/schema#"

# (old, new, a value the old schema's validator accepts and the new one's rejects)
PAIRS: list[tuple[dict[str, Any], dict[str, Any], Any]] = [
    (  # draft-07: `type` beside the `$ref` is ignored, so OLD accepts a number
        {"$schema": D7, "definitions": {"a": {}}, "$ref": "#/definitions/a", "type": "string"},
        {"$schema": D7, "type": "string"},
        1,
    ),
    (  # draft-04: the same, below a property
        {
            "$schema": D4,
            "type": "object",
            "definitions": {"any": {}},
            "properties": {"n": {"$ref": "#/definitions/any", "minimum": 5}},
        },
        {"$schema": D4, "type": "object", "properties": {"n": {"minimum": 5}}},
        {"n": 1},
    ),
    (  # draft-04 has no `const`
        {"$schema": D4, "type": "string", "const": "a"},
        {"$schema": D4, "type": "string", "enum": ["a"]},
        "b",
    ),
    (  # draft-04 has no `if`/`then`
        {"$schema": D4, "type": "object", "if": {"required": ["a"]}, "then": {"required": ["b"]}},
        {"$schema": D7, "type": "object", "if": {"required": ["a"]}, "then": {"required": ["b"]}},
        {"a": 1},
    ),
]


def _valid(schema: dict[str, Any], value: Any) -> bool:
    return bool(jsonschema.validators.validator_for(schema)(schema).is_valid(value))


@pytest.mark.parametrize(("old", "new", "value"), PAIRS)
def test_a_breaking_change_in_an_older_dialect_is_not_compatible(
    old: dict[str, Any], new: dict[str, Any], value: Any
) -> None:
    assert _valid(old, value)  # the pair does break readers
    assert not _valid(new, value)
    report = check_compatibility(old, new, mode="BACKWARD", policy="STRICT")
    assert report.compatible is not True  # was True


def test_eventkit_compat_fails_on_it(tmp_path: Path) -> None:
    old, new, _ = PAIRS[0]
    (tmp_path / "old.json").write_text(json.dumps(old), encoding="utf-8")
    (tmp_path / "new.json").write_text(json.dumps(new), encoding="utf-8")
    result = CliRunner().invoke(
        app,
        ["compat", str(tmp_path / "old.json"), str(tmp_path / "new.json"), "--format", "json"],
    )
    assert result.exit_code == EXIT_BREAKING  # was 0
    assert json.loads(result.stdout)["ok"] is False


def test_2020_12_keeps_keywords_beside_a_ref() -> None:
    old = {"$defs": {"a": {}}, "$ref": "#/$defs/a", "type": "string"}
    assert check_compatibility(old, {"type": "string"}, mode="BACKWARD").compatible is True
