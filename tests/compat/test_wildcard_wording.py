"""How a finding names a place reached through `*`: an array's items (`[*]`) or an object's
undeclared members (`*`, said in words), never "`items`", which reads as a property of that
name. The instance path (`path`) stays the JSON pointer `/*` for both."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from eventkit.errors import EXIT_BREAKING
from tests._child_cli import cli

STR = {"type": "string"}
SHORT = {"type": "string", "maxLength": 3}


def _obj(**keywords: Any) -> dict[str, Any]:
    return {"type": "object", **keywords}


def _what(tmp_path: Path, old: dict[str, Any], new: dict[str, Any]) -> tuple[str, str]:
    (tmp_path / "old.json").write_text(json.dumps(old), encoding="utf-8")
    (tmp_path / "new.json").write_text(json.dumps(new), encoding="utf-8")
    code, out, err = cli(
        "compat",
        str(tmp_path / "old.json"),
        str(tmp_path / "new.json"),
        "--mode",
        "BACKWARD",
        "--policy",
        "STRICT",
        "--format",
        "json",
    )
    assert code == EXIT_BREAKING, err
    (finding,) = json.loads(out)["findings"]
    assert finding["rule"] == "MAX_LENGTH_DECREASED"
    return finding["what"], finding["path"]


@pytest.mark.parametrize(
    ("old", "new", "name", "path"),
    [
        (  # undeclared members at the root of an object
            _obj(additionalProperties=STR),
            _obj(additionalProperties=SHORT),
            "any undeclared property of the event data",
            "/*",
        ),
        (  # undeclared members of a nested object
            _obj(properties={"meta": _obj(additionalProperties=STR)}),
            _obj(properties={"meta": _obj(additionalProperties=SHORT)}),
            "`meta.*` (`*`: any undeclared property)",
            "/meta/*",
        ),
        (  # the items of an array at the root
            {"type": "array", "items": STR},
            {"type": "array", "items": SHORT},
            "each item of the event data",
            "/*",
        ),
        (  # the items of a nested array
            _obj(properties={"lines": {"type": "array", "items": STR}}),
            _obj(properties={"lines": {"type": "array", "items": SHORT}}),
            "`lines[*]`",
            "/lines/*",
        ),
    ],
    ids=["root-object", "nested-object", "root-array", "nested-array"],
)
def test_a_wildcard_place_is_named_for_what_it_is(
    tmp_path: Path, old: dict[str, Any], new: dict[str, Any], name: str, path: str
) -> None:
    what, found = _what(tmp_path, old, new)
    assert what.startswith(f"{name}: maxLength"), what
    assert "`items`" not in what
    assert found == path
