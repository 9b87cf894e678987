"""VERSION_EDITED points at the first difference also when the edit only changes a JSON type
Python's `==` does not tell apart (`1` to `true`): it pointed at the schema's root."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from eventkit.cli import app
from eventkit.errors import EXIT_BREAKING
from tests._child_cli import git as _git
from tests.registry._build import build, schema


def test_an_edit_from_one_to_true_is_pointed_at(tmp_path: Path) -> None:
    props = {
        "id": {"type": "string", "description": "The id."},
        "flag": {"const": 1, "description": "Always 1."},
    }
    released = schema(properties=props, examples=[{"id": "a", "flag": 1}])
    root = build(tmp_path / "schemas", {"s/E/1.0.0.json": released})
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-qm", "released")
    edited = json.loads(json.dumps(released))
    edited["properties"]["flag"]["const"] = True
    edited["examples"] = [{"id": "a", "flag": True}]
    (root / "s/E/1.0.0.json").write_text(json.dumps(edited, indent=2), encoding="utf-8")
    result = CliRunner().invoke(
        app, ["check", "--schemas", str(root), "--against", "HEAD", "--format", "json"]
    )
    assert result.exit_code == EXIT_BREAKING
    (finding,) = (f for f in json.loads(result.stdout)["findings"] if f["rule"] == "VERSION_EDITED")
    # was "": the examples (also 1 -> true) and the const are both edits; the first in key order
    assert finding["pointer"] == "/examples/0/flag"
