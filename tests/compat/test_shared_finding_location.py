"""A chain finding whose pointer lies in a `_shared/` file is reported in that file: "file",
"line" and "pointer" name one existing place, in every output format."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from eventkit.cli import app
from eventkit.errors import EXIT_BREAKING
from eventkit.json_pointer import resolve_pointer
from tests.registry._build import DIALECT, build, schema

runner = CliRunner()


def _version(ref: str) -> dict[str, Any]:
    props = {"id": {"type": "string", "description": "The id."}, "code": {"$ref": ref}}
    return schema(properties=props)


def _registry(root: Path) -> Path:
    return build(
        root,
        {
            "_shared/code1.json": {"$schema": DIALECT, "type": "string", "maxLength": 10},
            "_shared/code2.json": {
                "$schema": DIALECT,
                "description": "narrower",
                "type": "string",
                "maxLength": 5,
            },
            "svc/Ev/1.0.0.json": _version("../../_shared/code1.json"),
            "svc/Ev/1.1.0.json": _version("../../_shared/code2.json"),
        },
    )


def _check(root: Path, fmt: str) -> tuple[int, str]:
    result = runner.invoke(app, ["check", "--schemas", str(root), "--format", fmt])
    return result.exit_code, result.stdout


def test_the_json_finding_names_the_shared_file_its_line_and_pointer(tmp_path: Path) -> None:
    root = _registry(tmp_path / "reg")
    code, out = _check(root, "json")
    assert code == EXIT_BREAKING
    (finding,) = json.loads(out)["findings"]
    assert finding["rule"] == "MAX_LENGTH_DECREASED"
    assert finding["event"] == "svc/Ev"
    assert finding["version"] == "1.1.0"
    assert finding["file"] == "_shared/code2.json"
    assert finding["document"] == "_shared/code2.json"
    assert finding["pointer"] == "/maxLength"
    text = (root / finding["file"]).read_text(encoding="utf-8")
    assert resolve_pointer(json.loads(text), finding["pointer"]) == 5  # the pointer exists there
    assert '"maxLength": 5' in text.splitlines()[finding["line"] - 1]


def test_annotations_land_on_the_shared_line(tmp_path: Path) -> None:
    root = _registry(tmp_path / "reg")
    line = next(
        n
        for n, text in enumerate((root / "_shared/code2.json").read_text().splitlines(), 1)
        if "maxLength" in text
    )
    assert line > 1
    code, github = _check(root, "github")
    assert code == EXIT_BREAKING
    assert f"code2.json,line={line},title=MAX_LENGTH_DECREASED::" in github
    code, text = _check(root, "text")
    assert f"code2.json:{line}: error: svc/Ev 1.1.0:" in text
    _, sarif = _check(root, "sarif")
    (result,) = json.loads(sarif)["runs"][0]["results"]
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"].endswith("_shared/code2.json")
    assert location["region"] == {"startLine": line}


def test_a_finding_in_the_version_file_has_no_document(tmp_path: Path) -> None:
    narrow = {"id": {"type": "string", "description": "The id.", "maxLength": 3}}
    root = build(
        tmp_path / "reg",
        {
            "svc/Ev/1.0.0.json": schema(),
            "svc/Ev/1.1.0.json": schema(properties=narrow),
        },
    )
    code, out = _check(root, "json")
    assert code == EXIT_BREAKING
    (finding,) = json.loads(out)["findings"]
    assert finding["file"] == "svc/Ev/1.1.0.json"
    assert "document" not in finding
