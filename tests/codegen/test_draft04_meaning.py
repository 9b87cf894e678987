"""A draft-04 foreign event's generated model reads its schema as draft-04 does: the model
accepts exactly the details jsonschema's `Draft4Validator` (lint, `eventkit check`) accepts,
so a consumer never drops an event AWS may send. Draft-04 ignores every keyword beside a
`$ref` and has no `const`; a shared file without `$schema` takes the referring event's dialect.
"""

from __future__ import annotations

import importlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft4Validator  # type: ignore[import-untyped]
from pydantic import ValidationError
from typer.testing import CliRunner

from eventkit.cli import app
from eventkit.errors import EXIT_OK, EXIT_USAGE
from tests.registry._build import build

D4 = "http://json-schema.org/draft-04/schema#"
SAMPLE = Path(
    "/work/shared/samples/schemas/aws.ec2@EC2InstanceStateChangeNotification.JSONSchemaDraft4.json"
)


def _event(properties: dict[str, Any], **more: Any) -> dict[str, Any]:
    return {
        "$schema": D4,
        "title": "Thing",
        "description": "A thing.",
        "type": "object",
        "properties": properties,
        **more,
    }


# event folder -> (schema, details to check); each detail is near a boundary of a keyword.
# (No numeric strings: the models parse in pydantic's lax mode, "1" for an integer, in every
# dialect: tolerant parsing, docs/codegen.md.)
CASES: dict[str, tuple[dict[str, Any], list[Any]]] = {
    "RefSiblings": (
        _event(
            {
                "kind": {"$ref": "#/definitions/s", "maxLength": 1, "enum": ["a"]},
                "n": {"$ref": "#/definitions/n", "minimum": 5, "type": "string"},
                "o": {"$ref": "#/definitions/o", "required": ["x"]},
            },
            definitions={
                "s": {"type": "string"},
                "n": {"type": "integer", "maximum": 10},
                "o": {"type": "object", "properties": {"y": {"type": "string"}}},
            },
        ),
        [
            {},
            {"kind": "a"},
            {"kind": "bb"},
            {"kind": 1},
            {"n": 1},
            {"n": 10},
            {"n": 11},
            {"n": [1]},
            {"o": {}},
            {"o": {"y": "z"}},
            {"o": {"y": 1}},
        ],
    ),
    "NoConst": (
        _event({"c": {"const": "a"}, "d": {"type": "string", "const": "a"}}),
        [{}, {"c": "a"}, {"c": "z"}, {"c": 3}, {"d": "a"}, {"d": "z"}, {"d": 1}],
    ),
    "ExclusiveBounds": (
        _event(
            {
                "lo": {"type": "number", "minimum": 1, "exclusiveMinimum": True},
                "hi": {"type": "integer", "maximum": 5, "exclusiveMaximum": True},
                "both": {"type": "integer", "minimum": 1, "exclusiveMinimum": False},
            }
        ),
        [
            {},
            {"lo": 1},
            {"lo": 1.5},
            {"hi": 5},
            {"hi": 4},
            {"both": 1},
            {"both": 0},
        ],
    ),
    "SharedUndeclared": (
        _event({"m": {"$ref": "../../_shared/money.json"}}),
        [
            {"m": {}},
            {"m": {"currency": "EUR", "amount": 3}},
            {"m": {"currency": "usd", "amount": 3}},
            {"m": {"currency": "EUR", "amount": [3]}},
        ],
    ),
}
SHARED = {
    "type": "object",
    "definitions": {"code": {"type": "string", "pattern": "^[A-Z]{3}$"}},
    "properties": {
        "currency": {"$ref": "#/definitions/code", "const": "EUR", "maxLength": 0},
        "amount": {"type": "integer", "const": 5},
    },
}


def _sample_case() -> tuple[dict[str, Any], list[Any]]:
    """The real AWS sample's `detail` (the sample describes the whole envelope)."""
    sample = json.loads(SAMPLE.read_text(encoding="utf-8"))
    detail = sample["definitions"]["EC2InstanceStateChangeNotification"]
    schema = {"$schema": sample["$schema"], "title": "T", "description": "D.", **detail}
    return schema, [
        {"instance-id": "i-1", "state": "running"},
        {"instance-id": "i-1"},
        {"instance-id": 1, "state": "running"},
        {"instance-id": "i-1", "state": "running", "other": [1]},
    ]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    cases = dict(CASES)
    if SAMPLE.is_file():
        cases["Ec2StateChange"] = _sample_case()
    files: dict[str, Any] = {
        "aws_x/service.toml": 'source = "aws.x"\nenvelope = "foreign"\n',
        "_shared/money.json": SHARED,
    }
    for name, (schema, details) in cases.items():  # the first detail is valid
        files[f"aws_x/{name}/1.0.0.json"] = {**schema, "examples": details[:1]}
    root = tmp_path_factory.mktemp("d4")
    registry = build(root / "registry", files)
    out = root / "d4_events"
    for command in (["lint"], ["codegen", "--out", str(out)]):
        result = CliRunner().invoke(app, [*command, "--schemas", str(registry)])
        assert result.exit_code == EXIT_OK, result.output
    sys.path.insert(0, str(root))
    try:
        models = {}
        for name in cases:
            module = importlib.import_module(f"d4_events.aws_x.{_snake(name)}_v1")
            models[name] = getattr(module, f"{name}V1")
        yield {name: (models[name], cases[name]) for name in cases}
    finally:
        sys.path.remove(str(root))
        for loaded in [m for m in sys.modules if m.split(".")[0] == "d4_events"]:
            del sys.modules[loaded]


def _snake(name: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name).lstrip("_")


def _validator(schema: dict[str, Any]) -> Draft4Validator:
    # the shared file, under the relative address the event refers to it by
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT4

    resource = Resource.from_contents(SHARED, default_specification=DRAFT4)
    store = Registry().with_resource("https://e.invalid/_shared/money.json", resource)
    return Draft4Validator(
        {**schema, "id": "https://e.invalid/aws_x/Thing/1.0.0.json"}, registry=store
    )


def _model_accepts(model: Any, detail: Any) -> bool:
    try:
        model.model_validate(detail)
    except ValidationError:
        return False
    return True


@pytest.mark.parametrize("case", [*CASES, "Ec2StateChange"])
def test_the_model_accepts_what_draft4_accepts(generated: dict[str, Any], case: str) -> None:
    if case not in generated:
        pytest.skip(f"no sample at {SAMPLE}")
    model, (schema, details) = generated[case]
    validator = _validator(schema)
    for detail in details:
        assert _model_accepts(model, detail) == validator.is_valid(detail), (case, detail)


def test_a_shared_file_read_differently_by_both_dialects_is_refused(tmp_path: Path) -> None:
    native = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "N",
        "description": "N.",
        "type": "object",
        "properties": {"m": {"$ref": "../../_shared/money.json"}},
        "examples": [{}],
    }
    files = {
        "aws_x/service.toml": 'source = "aws.x"\nenvelope = "foreign"\n',
        "aws_x/Thing/1.0.0.json": {**CASES["SharedUndeclared"][0], "examples": [{}]},
        "shop/Native/1.0.0.json": native,
        "_shared/money.json": SHARED,
    }
    registry = build(tmp_path / "registry", files)
    out = tmp_path / "x_events"
    result = CliRunner().invoke(app, ["codegen", "--schemas", str(registry), "--out", str(out)])
    assert result.exit_code == EXIT_USAGE, result.output
    assert "_shared/money.json: this file has no $schema" in result.output
    assert "Traceback" not in result.output
    assert not out.exists()
    # declared, it is read in its own dialect from both: generated
    declared = {"$schema": native["$schema"], **SHARED}
    build(registry, {"_shared/money.json": declared})
    result = CliRunner().invoke(app, ["codegen", "--schemas", str(registry), "--out", str(out)])
    assert result.exit_code == EXIT_OK, result.output


# Random details: every value kind near the cases' bounds. No booleans or numeric strings,
# which pydantic's lax mode reads as numbers, and no top-level null, which an optional field
# takes as unset (`T | None`), in every dialect: tolerant parsing, docs/codegen.md. No
# integral floats either: draft-04's `integer` refuses 1.0 (later drafts accept it), an `int`
# field takes it; the model is the more tolerant reader there.
_SCALARS = (
    st.integers(-1, 12)
    | st.sampled_from([0.5, 1.5, 4.5, 10.5])
    | st.text(alphabet="abzEURus", max_size=3)
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: (
        st.lists(inner | st.none(), max_size=2)
        | st.dictionaries(st.sampled_from(["x", "y", "currency", "amount"]), inner, max_size=2)
    ),
    max_leaves=4,
)


@pytest.mark.parametrize("case", list(CASES))
def test_random_details_agree_with_draft4(generated: dict[str, Any], case: str) -> None:
    model, (schema, _) = generated[case]
    validator = _validator(schema)
    names = sorted(schema["properties"])

    @settings(max_examples=300, deadline=None, database=None)
    @given(st.dictionaries(st.sampled_from(names), _VALUES, max_size=len(names)))
    def agree(detail: dict[str, Any]) -> None:
        assert _model_accepts(model, detail) == validator.is_valid(detail), detail

    agree()
