"""Defaults, `type`/`format` values and `Literal` integers, through real codegen runs.

A valid `default` becomes a value of the field's type (pydantic parses a date-time, date or uuid
default, or an integer written ``1.0``: `validate_default`), and the package passes mypy
--strict. A default its own subschema rejects is refused by codegen (a `CodegenError` naming
file, line and pointer) and reported by lint (`default-invalid`). An integer `enum`/`const`
outside 64 bits, and a `format` or `type` that is not a string, are `CodegenError`s too.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest
from eventkit_codegen import generate
from typer.testing import CliRunner

from eventkit.cli import app
from eventkit.errors import EXIT_USAGE, CodegenError
from eventkit.lint import lint_registry
from tests.codegen._lint import assert_mypy_clean
from tests.registry._build import build, schema

V = "svc/Thing/1.0.0.json"
INT64_MAX = 2**63 - 1

VALID: dict[str, Any] = {
    "valid_from": {"type": "string", "format": "date-time", "default": "2020-01-01T00:00:00Z"},
    "Day": {"type": "string", "format": "date", "default": "2020-01-02"},  # aliased field
    "tenant": {
        "type": "string",
        "format": "uuid",
        "default": "6f1c2a4e-8b7d-4c3e-9a15-2d0e7f3b9c41",
    },
    "stamp": {"$ref": "#/$defs/Stamp", "default": "2021-06-01T12:00:00+02:00"},
    "stamps": {
        "type": "array",
        "items": {"type": "string", "format": "date-time"},
        "default": ["2020-01-01T00:00:00Z"],
    },
    "count": {"type": "integer", "minimum": 0, "default": 2.0},
    "level": {"enum": [1, 2], "default": 1.0},
    "counts": {
        "type": "object",
        "additionalProperties": {"type": "integer"},
        "default": {"a": 1.0},
    },
    "money": {"$ref": "#/$defs/Money", "default": {"amount": 1.0}},
    "wide": {"enum": [INT64_MAX, -INT64_MAX + 1]},  # the widest mypy accepts in a Literal
    "plain": {"type": "string", "maxLength": 9, "default": "x"},
}


def _registry(root: Path, properties: dict[str, Any]) -> Path:
    doc = schema(
        properties={"id": {"type": "string", "description": "The id."}, **properties},
        examples=[{"id": "t-1"}],
    )
    doc["$defs"] = {
        "Stamp": {"type": "string", "format": "date-time"},
        "Money": {"type": "object", "properties": {"amount": {"type": "integer"}}},
    }
    return build(root, {V: json.dumps(doc, indent=2)})


def test_valid_defaults_have_their_fields_type_and_pass_mypy(tmp_path: Path) -> None:
    registry = _registry(tmp_path / "registry", VALID)
    assert lint_registry(registry).ok
    out = tmp_path / "gen" / "defaults_events"
    generate(registry, out)
    code = (out / "svc" / "thing_v1.py").read_text(encoding="utf-8")
    assert 'Field(default="2020-01-01T00:00:00Z", validate_default=True)' in code
    assert 'plain: str | None = Field(default="x", max_length=9)' in code  # untouched
    assert_mypy_clean(out.parent, "-p", "defaults_events")
    check = textwrap.dedent(
        """
        import datetime, sys, uuid
        sys.path.insert(0, sys.argv[1])
        from defaults_events.svc import ThingV1
        t = ThingV1(id="t-1")
        assert t.valid_from == datetime.datetime(2020, 1, 1, tzinfo=datetime.timezone.utc)
        assert type(t.day) is datetime.date and t.day == datetime.date(2020, 1, 2)
        assert t.tenant == uuid.UUID("6f1c2a4e-8b7d-4c3e-9a15-2d0e7f3b9c41")
        assert isinstance(t.stamp, datetime.datetime) and t.stamp.utcoffset()
        assert [type(s) for s in t.stamps] == [datetime.datetime]
        assert (type(t.count), type(t.level), type(t.counts["a"])) == (int, int, int)
        assert type(t.money.amount) is int
        assert ThingV1(id="t-1", day=None).day is None  # the field name stays the keyword
        print(t.model_dump_json(by_alias=True, exclude={"id"}))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", check, str(out.parent)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["Day"] == "2020-01-02"


@pytest.mark.parametrize(
    ("prop", "said"),
    [
        ({"type": "boolean", "default": 0}, "0 is not of type 'boolean'"),
        ({"type": "integer", "default": "x"}, "'x' is not of type 'integer'"),
        ({"enum": [1, 2], "default": 3}, "3 is not one of"),
        ({"type": "string", "format": "date-time", "default": "yesterday"}, "not a 'date-time'"),
        ({"type": "string", "format": "uuid", "default": "nope"}, "not a 'uuid'"),
        ({"$ref": "#/$defs/Money", "default": {"amount": "1"}}, "at /amount: '1' is not"),
        ({"type": "string", "maxLength": 1, "default": "xy"}, "is too long"),
    ],
)
def test_a_default_its_schema_rejects_is_refused_and_linted(
    tmp_path: Path, prop: dict[str, Any], said: str
) -> None:
    registry = _registry(tmp_path / "registry", {"x": prop})
    text = (registry / V).read_text(encoding="utf-8")
    lines = text.splitlines()
    start = lines.index('    "x": {')
    line = next(i for i in range(start, len(lines)) if '"default":' in lines[i]) + 1
    out = tmp_path / "gen" / "events"
    with pytest.raises(CodegenError) as caught:
        generate(registry, out)
    message = str(caught.value)
    assert message.startswith(f"{V}:{line}"), message
    assert said in message
    assert "default-invalid" in message
    assert message.splitlines()[0].endswith("(at /properties/x/default)")
    assert not out.exists()
    problems = lint_registry(registry).problems
    assert [(p.code, p.path, p.pointer) for p in problems] == [
        ("default-invalid", V, "/properties/x/default")
    ]
    assert said in problems[0].message
    assert problems[0].hint


def test_a_default_in_a_shared_file_is_checked_where_it_is_written(tmp_path: Path) -> None:
    doc = schema(
        properties={"m": {"$ref": "../../_shared/money.json"}}, required=None, examples=[{}]
    )
    shared = {
        "type": "object",
        "properties": {"amount": {"type": "integer", "default": True}},
    }
    registry = build(tmp_path / "registry", {V: doc, "_shared/money.json": shared})
    with pytest.raises(CodegenError, match=r"^_shared/money\.json:\d+: .*True is not of type"):
        generate(registry, tmp_path / "gen" / "events")
    problems = lint_registry(registry).problems
    assert [(p.code, p.path, p.pointer) for p in problems] == [
        ("default-invalid", "_shared/money.json", "/properties/amount/default")
    ]


@pytest.mark.parametrize(
    ("prop", "pointer"),
    [
        ({"type": "integer", "enum": [INT64_MAX + 1, 1]}, "/properties/x/enum/0"),
        ({"enum": ["a", -INT64_MAX - 1]}, "/properties/x/enum/1"),  # -2**63
        ({"const": -INT64_MAX}, "/properties/x/const"),  # mypy refuses this one too
        ({"const": 2**64}, "/properties/x/const"),
    ],
)
def test_a_literal_integer_outside_64_bits_is_refused(
    tmp_path: Path, prop: dict[str, Any], pointer: str
) -> None:
    registry = _registry(tmp_path / "registry", {"x": prop})
    with pytest.raises(CodegenError, match=rf"^{V}:\d+: .*outside 64 bits.*\(at {pointer}\)"):
        generate(registry, tmp_path / "gen" / "events")


@pytest.mark.parametrize(
    ("prop", "pointer", "said"),
    [
        ({"type": "string", "format": {"a": 1}}, "/properties/x/format", "format must be a string"),
        ({"type": "string", "format": [1]}, "/properties/x/format", "format must be a string"),
        ({"type": {"a": 1}}, "/properties/x/type", "unknown type {'a': 1}"),
        ({"type": [{"a": 1}]}, "/properties/x/type", "unknown type [{'a': 1}]"),
        ({"type": ["string", ["null"]]}, "/properties/x/type", "unknown type"),
    ],
)
def test_a_format_or_type_that_is_not_a_string(
    tmp_path: Path, prop: dict[str, Any], pointer: str, said: str
) -> None:
    registry = _registry(tmp_path / "registry", {"x": prop})
    with pytest.raises(CodegenError) as caught:
        generate(registry, tmp_path / "gen" / "events")
    message = str(caught.value)
    assert message.startswith(f"{V}:"), message
    assert said in message
    assert message.splitlines()[0].endswith(f"(at {pointer})")
    cli = CliRunner().invoke(
        app, ["codegen", "--schemas", str(registry), "--out", str(tmp_path / "gen" / "cli")]
    )
    assert cli.exit_code == EXIT_USAGE, cli.output
    assert cli.exception is None or isinstance(cli.exception, SystemExit)
    assert pointer in cli.output


def test_catalog_writes_a_type_list_holding_an_object(tmp_path: Path) -> None:
    registry = _registry(tmp_path / "registry", {"x": {"type": [{"a": 1}]}})
    site = tmp_path / "site"
    cli = CliRunner().invoke(app, ["catalog", "--schemas", str(registry), "--out", str(site)])
    assert cli.exit_code == 0, cli.output
    assert cli.exception is None or isinstance(cli.exception, SystemExit)
    assert (site / "index.html").is_file()


@pytest.mark.parametrize("unevaluated", [False, True])  # True: jsonschema's own $ref machinery
def test_lint_finds_a_default_behind_an_escaped_key_or_a_ref(
    tmp_path: Path, unevaluated: bool
) -> None:
    doc = schema(
        properties={"x": {"$ref": "#/$defs/N", "default": "s"}}, required=None, examples=[{"x": 1}]
    )
    doc["$defs"] = {"N": {"type": "integer"}}
    if unevaluated:
        doc["unevaluatedProperties"] = False
    text = json.dumps(doc, indent=2).replace('"default"', '"\\u0064efault"')
    registry = build(tmp_path / "registry", {V: text})
    problems = lint_registry(registry).problems
    assert [(p.code, p.pointer) for p in problems] == [("default-invalid", "/properties/x/default")]
    assert "'s' is not of type 'integer'" in problems[0].message
    with pytest.raises(CodegenError, match=r"\(at /properties/x/default\)"):
        generate(registry, tmp_path / "gen" / "events")


def test_a_schema_the_generator_rejects_gets_an_error_of_readable_length(tmp_path: Path) -> None:
    """Nested 400 levels deep, the generator's pydantic error listed 256 errors, each located
    through every level: the CodegenError quoted all of it, a megabyte on the terminal. (Such
    a schema is now refused before the generator runs, by the nesting bound: test_nesting.py;
    its error stays as short.)"""
    node: dict[str, Any] = {"type": "string"}
    for _ in range(400):
        node = {"type": "object", "properties": {"a": node}}
    doc = schema(properties={"x": node}, examples=[{}])
    registry = build(tmp_path / "registry", {V: json.dumps(doc)})  # compact: within 1 MiB
    cli = CliRunner().invoke(
        app, ["codegen", "--schemas", str(registry), "--out", str(tmp_path / "gen" / "cli")]
    )
    assert cli.exit_code == EXIT_USAGE, cli.output[:2000]
    assert cli.output.startswith(f"error: {V}:")
    assert len(cli.output) < 2000, len(cli.output)


@pytest.mark.parametrize(
    ("prop", "keyword"),
    [
        ({"type": "string", "maxLength": 2**64}, "maxLength"),
        ({"type": "string", "minLength": 2**70}, "minLength"),
        ({"type": "array", "items": {"type": "string"}, "maxItems": 2**64}, "maxItems"),
        (
            {"type": "object", "additionalProperties": {"type": "string"}, "maxProperties": 2**64},
            "maxProperties",
        ),
    ],
)
def test_a_length_bound_beyond_64_bits_is_refused(
    tmp_path: Path, prop: dict[str, Any], keyword: str
) -> None:
    """pydantic-core holds these bounds in 64 bits: the model generated, imported and passed
    mypy, then failed to build its validator on first use (OverflowError)."""
    registry = _registry(tmp_path / "registry", {"x": prop})
    pointer = f"/properties/x/{keyword}"
    with pytest.raises(CodegenError, match=rf"^{V}:\d+: {keyword} .*64 bits.*\(at {pointer}\)"):
        generate(registry, tmp_path / "gen" / "events")


@pytest.mark.parametrize(
    ("prop", "keyword", "said"),
    [
        ({"type": "number", "multipleOf": 0}, "multipleOf", "greater than 0"),
        ({"type": "number", "multipleOf": -2}, "multipleOf", "greater than 0"),
        # JSON's 1e-400 is below the smallest float: Python reads it as 0.0
        ('{"type": "number", "multipleOf": 1e-400}', "multipleOf", "greater than 0"),
        ({"type": "string", "maxLength": -1}, "maxLength", "non-negative integer"),
        ({"type": "array", "minItems": -3}, "minItems", "non-negative integer"),
        ({"type": "string", "minLength": 2.5}, "minLength", "non-negative integer"),
    ],
)
def test_a_bound_the_model_cannot_build_is_refused(
    tmp_path: Path, prop: dict[str, Any] | str, keyword: str, said: str
) -> None:
    """These were written into models that imported, then failed to build their validator on
    first use (pydantic: "'multiple_of' must be a finite number greater than 0";
    OverflowError for a negative length)."""
    properties = {"x": json.loads(prop) if isinstance(prop, str) else prop}
    registry = _registry(tmp_path / "registry", properties)
    if isinstance(prop, str):  # keep the literal as written in the file
        path = registry / V
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace('"multipleOf": 0.0', '"multipleOf": 1e-400'), "utf-8")
        assert "1e-400" in path.read_text(encoding="utf-8")
    pointer = f"/properties/x/{keyword}"
    with pytest.raises(CodegenError, match=rf"^{V}:\d+: {keyword} .*{said}.*\(at {pointer}\)"):
        generate(registry, tmp_path / "gen" / "events")
    cli = CliRunner().invoke(
        app, ["codegen", "--schemas", str(registry), "--out", str(tmp_path / "gen" / "cli")]
    )
    assert cli.exit_code == EXIT_USAGE, cli.output
    assert not (tmp_path / "gen" / "cli").exists()


def test_a_length_bound_of_64_bits_builds(tmp_path: Path) -> None:
    registry = _registry(tmp_path / "registry", {"x": {"type": "string", "maxLength": 2**64 - 1}})
    out = tmp_path / "gen" / "bound_events"
    generate(registry, out)
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "from bound_events.svc import ThingV1\nprint(ThingV1(id='t', x='ok').x)",
        ],
        cwd=out.parent,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.stdout.strip() == "ok", done.stderr


def test_definitions_whose_types_grow_exponentially_are_refused_at_once(tmp_path: Path) -> None:
    """Each level an anyOf using the one below three times: the generator writes such
    definitions out where they are used, so 12 levels (a 3 KB schema) took two minutes for a
    540 KB module and 20 never ended. Refused before the generator runs, naming the level."""
    defs: dict[str, Any] = {"D0": {"type": "string", "maxLength": 5}}
    for level in range(1, 21):
        below = {"$ref": f"#/$defs/D{level - 1}"}
        defs[f"D{level}"] = {
            "anyOf": [
                {"type": "array", "items": below},
                {"type": "object", "properties": {"x": below, "y": below}},
                below,
            ]
        }
    doc = schema(properties={"id": {"type": "string"}, "x": {"$ref": "#/$defs/D20"}})
    doc["$defs"] = defs
    registry = build(tmp_path / "registry", {V: json.dumps(doc, indent=2)})
    started = time.monotonic()
    with pytest.raises(CodegenError, match=r"over 250,000 terms.*\(at /\$defs/D\d+\)"):
        generate(registry, tmp_path / "gen" / "events")
    assert time.monotonic() - started < 30


def test_definitions_used_a_few_times_over_a_few_levels_generate(tmp_path: Path) -> None:
    defs: dict[str, Any] = {"D0": {"type": "string", "maxLength": 5}}
    for level in range(1, 5):
        below = {"$ref": f"#/$defs/D{level - 1}"}
        defs[f"D{level}"] = {"anyOf": [{"type": "array", "items": below}, below]}
    doc = schema(properties={"id": {"type": "string"}, "x": {"$ref": "#/$defs/D4"}})
    doc["$defs"] = defs
    registry = build(tmp_path / "registry", {V: json.dumps(doc, indent=2)})
    assert generate(registry, tmp_path / "gen" / "events").ok
