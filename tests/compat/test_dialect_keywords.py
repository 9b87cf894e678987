"""A keyword means something only in the dialects that have it (decision 0034): 2019-09 and
2020-12 have no `dependencies` (it became `dependentRequired`/`dependentSchemas`), 2020-12 no
`additionalItems` (tuples are `prefixItems`), 2019-09 no `prefixItems` yet. jsonschema's validators for those dialects ignore
them; the engine applied them, so `dependencies` -> `dependentRequired` in a 2020-12 event was
proved compatible although a reader on the new version rejects old data."""

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

S2020 = "https://json-schema.org/draft/2020-12/schema"
S2019 = "https://json-schema.org/draft/2019-09/schema"
D7 = "http://json-schema.org/draft-07/schema#"

# (old, new, a value the old schema's validator accepts and the new one's rejects)
BREAKING: list[tuple[dict[str, Any], dict[str, Any], Any]] = [
    (  # 2020-12 ignores `dependencies`: OLD accepts {"a": 1}
        {"$schema": S2020, "type": "object", "dependencies": {"a": ["b"]}},
        {"$schema": S2020, "type": "object", "dependentRequired": {"a": ["b"]}},
        {"a": 1},
    ),
    (  # its schema form too
        {"$schema": S2020, "type": "object", "dependencies": {"a": {"required": ["b"]}}},
        {"$schema": S2020, "type": "object", "dependentSchemas": {"a": {"required": ["b"]}}},
        {"a": 1},
    ),
    (  # and so does 2019-09
        {"$schema": S2019, "type": "object", "dependencies": {"a": ["b"]}},
        {"$schema": S2019, "type": "object", "dependentRequired": {"a": ["b"]}},
        {"a": 1},
    ),
    (  # 2019-09 has no `prefixItems` yet (tuples are `items` arrays there)
        {"$schema": S2019, "type": "array", "prefixItems": [{"type": "string"}]},
        {"$schema": S2019, "type": "array", "items": [{"type": "string"}]},
        [1],
    ),
    (  # 2020-12 ignores `additionalItems`: OLD accepts a second item
        {"$schema": S2020, "type": "array", "prefixItems": [{}], "additionalItems": False},
        {"$schema": S2020, "type": "array", "prefixItems": [{}], "items": False},
        [1, 2],
    ),
]

# (old, new): the new schema accepts everything the old one does
COMPATIBLE: list[tuple[dict[str, Any], dict[str, Any]]] = [
    (  # a `dependencies` added to a 2020-12 schema restricts nothing
        {"$schema": S2020, "type": "object"},
        {"$schema": S2020, "type": "object", "dependencies": {"a": ["b"]}},
    ),
    (
        {"$schema": S2020, "type": "array", "prefixItems": [{}]},
        {"$schema": S2020, "type": "array", "prefixItems": [{}], "additionalItems": False},
    ),
]


def _valid(schema: dict[str, Any], value: Any) -> bool:
    return bool(jsonschema.validators.validator_for(schema)(schema).is_valid(value))


@pytest.mark.parametrize(("old", "new", "value"), BREAKING)
def test_a_keyword_the_dialect_lacks_proves_nothing(
    old: dict[str, Any], new: dict[str, Any], value: Any
) -> None:
    assert _valid(old, value)  # the pair does break readers
    assert not _valid(new, value)
    report = check_compatibility(old, new, mode="BACKWARD", policy="STRICT")
    assert report.compatible is False  # was True
    assert report.findings
    for finding in report.findings:  # its counterexample breaks jsonschema's reader too
        instance = finding.example if finding.path == "" else [finding.example]
        assert finding.path in {"", "/0"}
        assert _valid(old, instance)
        assert not _valid(new, instance)


@pytest.mark.parametrize(("old", "new"), COMPATIBLE)
def test_a_keyword_the_dialect_lacks_restricts_nothing(
    old: dict[str, Any], new: dict[str, Any]
) -> None:
    assert check_compatibility(old, new, mode="BACKWARD").compatible is True  # was False


def test_the_dialects_that_have_them_still_apply_them() -> None:
    old = {"$schema": D7, "type": "object"}
    new = {"$schema": D7, "type": "object", "dependencies": {"a": ["b"]}}
    assert not _valid(new, {"a": 1})
    assert check_compatibility(old, new, mode="BACKWARD").compatible is False


def test_a_root_without_schema_reads_every_keyword() -> None:
    """No `$schema` (Confluent's corpus): each keyword in the dialect that has it."""
    dependencies = {"type": "object", "dependencies": {"a": ["b"]}}
    assert check_compatibility({"type": "object"}, dependencies).compatible is False
    both = {"type": "object", "dependentRequired": {"a": ["b"]}}
    assert check_compatibility(dependencies, both, mode="FULL").compatible is True


def test_eventkit_compat_fails_on_it(tmp_path: Path) -> None:
    old, new, _ = BREAKING[0]
    (tmp_path / "old.json").write_text(json.dumps(old), encoding="utf-8")
    (tmp_path / "new.json").write_text(json.dumps(new), encoding="utf-8")
    result = CliRunner().invoke(
        app,
        ["compat", str(tmp_path / "old.json"), str(tmp_path / "new.json"), "--format", "json"],
    )
    assert result.exit_code == EXIT_BREAKING, result.output  # was 0
    assert json.loads(result.stdout)["ok"] is False


def test_a_shared_file_without_schema_reads_as_its_2020_12_referrer(tmp_path: Path) -> None:
    """A file without `$schema` takes the referring event's dialect: from a 2020-12 event its
    `dependencies` is no keyword (jsonschema, resolving the `$ref`, ignores it too)."""
    (tmp_path / "old_shared.json").write_text(
        json.dumps({"type": "object", "dependencies": {"a": ["b"]}}), encoding="utf-8"
    )
    (tmp_path / "new_shared.json").write_text(
        json.dumps({"type": "object", "dependentRequired": {"a": ["b"]}}), encoding="utf-8"
    )
    old = {"$schema": S2020, "$ref": "old_shared.json"}
    new = {"$schema": S2020, "$ref": "new_shared.json"}
    report = check_compatibility(old, new, old_dir=tmp_path, new_dir=tmp_path)
    assert report.compatible is False  # was True
    # and so through a file without `$schema` that refers to it (it inherits 2020-12 too)
    for side in ("old", "new"):
        (tmp_path / f"{side}_via.json").write_text(
            json.dumps({"$ref": f"{side}_shared.json"}), encoding="utf-8"
        )
    old_via = {"$schema": S2020, "$ref": "old_via.json"}
    new_via = {"$schema": S2020, "$ref": "new_via.json"}
    report = check_compatibility(old_via, new_via, old_dir=tmp_path, new_dir=tmp_path)
    assert report.compatible is False
    # read from a draft-07 event, the same file's `dependencies` applies
    old7 = {"$schema": D7, "$ref": "old_shared.json"}
    assert (
        check_compatibility({"$schema": D7}, old7, old_dir=tmp_path, new_dir=tmp_path).compatible
        is False
    )
    assert (
        check_compatibility(
            old7, {"$schema": D7, "type": "object"}, old_dir=tmp_path, new_dir=tmp_path
        ).compatible
        is True
    )


def test_a_ref_into_a_keyword_the_dialect_does_not_read_resolves() -> None:
    """A `$ref` is a JSON pointer: it may name a value below a keyword the dialect does not
    read (draft-07's `properties` beside a `$ref`, 2020-12's `dependencies`). jsonschema
    resolves it; the engine refused it ("points nowhere") after dropping that keyword."""
    old = {
        "$schema": D7,
        "$ref": "#/definitions/a",
        "definitions": {"a": {"properties": {"y": {"$ref": "#/properties/x"}}}},
        "properties": {"x": {"type": "string"}},  # no keyword beside the `$ref`, yet a target
    }
    new = {"$schema": D7, "properties": {"y": {"type": "string"}}}
    assert not _valid(old, {"y": 1})
    assert check_compatibility(old, new, mode="FULL").compatible is True  # was an error
    narrower = {"$schema": D7, "properties": {"y": {"type": "string", "maxLength": 1}}}
    assert check_compatibility(old, narrower).compatible is False
    in_2020 = {
        "$schema": S2020,
        "dependencies": {"a": {"type": "string"}},
        "properties": {"x": {"$ref": "#/dependencies/a"}},
    }
    plain = {"$schema": S2020, "properties": {"x": {"type": "string"}}}
    assert check_compatibility(in_2020, plain, mode="FULL").compatible is True
