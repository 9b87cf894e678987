"""The formats lint checks in examples and defaults are the same in every dialect: codegen
types `date`, `date-time` and `uuid` whatever the dialect, so a draft-04 (foreign) example
lint let through with `"day": "yesterday"` was one the generated model rejects."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from eventkit.lint import lint_registry
from tests.registry._build import build, schema

D4 = "http://json-schema.org/draft-04/schema#"
D2020 = "https://json-schema.org/draft/2020-12/schema"
FOREIGN = 'envelope = "foreign"\nsource = "aws.x"\n'


def _event(dialect: str, fmt: str, value: str, where: str) -> dict[str, Any]:
    prop: dict[str, Any] = {"type": "string", "format": fmt}
    example = {"id": "t-1"}
    if where == "default":
        prop["default"] = value
    else:
        example["v"] = value
    return schema(
        **{"$schema": dialect},
        properties={"id": {"type": "string"}, "v": prop},
        examples=[example],
    )


@pytest.mark.parametrize("where", ["example", "default"])
@pytest.mark.parametrize(
    ("fmt", "value"), [("uuid", "nope"), ("date", "yesterday"), ("time", "noon")]
)
@pytest.mark.parametrize("dialect", [D4, D2020])
def test_a_wrong_value_is_reported_in_every_dialect(
    tmp_path: Path, dialect: str, fmt: str, value: str, where: str
) -> None:
    files: dict[str, Any] = {"aws_x/Thing/1.0.0.json": _event(dialect, fmt, value, where)}
    files["aws_x/Thing/event.toml"] = FOREIGN
    report = lint_registry(build(tmp_path, files))
    expected = (
        ("example-invalid", "/examples/0/v")
        if where == "example"
        else (
            "default-invalid",
            "/properties/v/default",
        )
    )
    assert [(p.code, p.pointer) for p in report.problems] == [expected]


@pytest.mark.parametrize("dialect", [D4, D2020])
def test_a_right_value_passes(tmp_path: Path, dialect: str) -> None:
    files: dict[str, Any] = {
        "aws_x/Thing/1.0.0.json": _event(
            dialect, "uuid", "12345678-1234-1234-1234-123456789abc", "example"
        ),
        "aws_x/Thing/event.toml": FOREIGN,
    }
    assert lint_registry(build(tmp_path, files)).ok


@pytest.mark.parametrize("where", ["example", "default"])
@pytest.mark.parametrize("dialect", [D4, D2020])
def test_a_uuid_with_a_non_ascii_digit_is_reported(
    tmp_path: Path, dialect: str, where: str
) -> None:
    # Python's UUID() reads "\u0661" (ARABIC-INDIC DIGIT ONE) as 1; the model's UUID does not
    value = "\u06612345678-1234-1234-1234-123456789abc"
    files: dict[str, Any] = {
        "aws_x/Thing/1.0.0.json": _event(dialect, "uuid", value, where),
        "aws_x/Thing/event.toml": FOREIGN,
    }
    report = lint_registry(build(tmp_path, files))
    assert [p.code for p in report.problems] == [f"{where}-invalid"]
