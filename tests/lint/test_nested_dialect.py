"""A `$schema` below a file's root: reported as `dialect-not-at-root`, and the example check
keeps its own validator there (bounded regexes, `$ref` inside the registry, no traceback)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from eventkit.lint import LintReport, lint_registry
from tests.registry._build import DIALECT, build, schema

V = "s/E/1.0.0.json"
SHARED = {"$defs": {"Ref": {"type": "object", "properties": {"id": {"type": "string"}}}}}
# ECMA-262 `\d` is ASCII only (eventkit.schema_regex); Python's `re`, which jsonschema's stock
# validator uses, also matches other digits such as ARABIC-INDIC THREE.
ASCII_DIGITS = {"type": "string", "pattern": "^\\d+$"}


def lint(tmp_path: Path, files: dict[str, Any]) -> LintReport:
    return lint_registry(build(tmp_path, files))


def codes(report: LintReport) -> list[tuple[str, str | None]]:
    return sorted((p.code, p.pointer) for p in report.problems)


def with_customer(example: dict[str, Any]) -> dict[str, Any]:
    """A registry whose `customer` property holds a `$ref` into _shared/ and its own
    `$schema`, and a `count`; `example` is its one example."""
    return {
        "_shared/common.json": SHARED,
        V: schema(
            properties={
                "id": {"type": "string", "description": "The id."},
                "customer": {"$ref": "../../_shared/common.json#/$defs/Ref", "$schema": DIALECT},
                "count": {"type": "integer"},
            },
            examples=[{"id": "t-1", **example}],
        ),
    }


def test_beside_a_shared_ref_with_an_invalid_example_elsewhere(tmp_path: Path) -> None:
    """The case that ended in jsonschema's traceback (Unresolvable: ../../_shared/...)."""
    report = lint(tmp_path, with_customer({"customer": {"id": "c"}, "count": "two"}))
    assert codes(report) == [
        ("dialect-not-at-root", "/properties/customer/$schema"),
        ("example-invalid", "/examples/0/count"),
    ]
    nested = next(p for p in report.problems if p.code == "dialect-not-at-root")
    assert nested.line is not None
    lines = (tmp_path / V).read_text().splitlines()
    assert lines[nested.line - 1].strip() == f'"$schema": "{DIALECT}"'
    assert nested.hint
    assert report.exit_code == 1


def test_the_shared_ref_is_still_followed_there(tmp_path: Path) -> None:
    assert codes(lint(tmp_path, with_customer({"customer": {"id": 7}, "count": 1}))) == [
        ("dialect-not-at-root", "/properties/customer/$schema"),
        ("example-invalid", "/examples/0/customer/id"),
    ]


@pytest.mark.parametrize("bundled", [False, True], ids=["resolver", "bundle"])
def test_patterns_there_keep_ecma_semantics(tmp_path: Path, bundled: bool) -> None:
    """Both validator paths (the registry's resolver; the bundle, which `unevaluated*`
    needs) keep their bounded ECMA-262 regexes below a nested `$schema`."""
    extra: dict[str, Any] = {"unevaluatedProperties": False} if bundled else {}
    files = {
        V: schema(
            properties={
                "id": {"type": "string", "description": "The id."},
                "code": {**ASCII_DIGITS, "$schema": DIALECT},
            },
            examples=[{"id": "t-1", "code": "\u0663"}],
            **extra,
        )
    }
    assert codes(lint(tmp_path, files)) == [
        ("dialect-not-at-root", "/properties/code/$schema"),
        ("example-invalid", "/examples/0/code"),
    ]


def test_a_key_written_with_an_escape_is_found(tmp_path: Path) -> None:
    text = schema_text({"code": '{"type": "string", "\\u0024schema": "' + DIALECT + '"}'})
    report = lint(tmp_path, {V: text})
    assert codes(report) == [("dialect-not-at-root", "/properties/code/$schema")]


def test_a_property_named_schema_and_example_data_are_not_subschemas(tmp_path: Path) -> None:
    files = {
        V: schema(
            properties={
                "id": {"type": "string", "description": "The id."},
                "$schema": {"type": "string"},
            },
            examples=[{"id": "t-1", "$schema": "https://example.com/any"}],
        )
    }
    assert lint(tmp_path, files).problems == ()


def test_in_a_shared_file_too(tmp_path: Path) -> None:
    files = {
        "_shared/common.json": {"$defs": {"Ref": {"$schema": DIALECT, "type": "string"}}},
        V: schema(),
    }
    assert [(p.code, p.path, p.pointer) for p in lint(tmp_path, files).problems] == [
        ("dialect-not-at-root", "_shared/common.json", "/$defs/Ref/$schema")
    ]


def schema_text(properties: dict[str, str]) -> str:
    """A version file's text with the given property subschemas written verbatim."""
    members = ", ".join(f'"{name}": {text}' for name, text in properties.items())
    return (
        f'{{"$schema": "{DIALECT}", "title": "Thing", "description": "A thing happened.", '
        f'"type": "object", "properties": {{{members}}}, "examples": [{{}}]}}\n'
    )
