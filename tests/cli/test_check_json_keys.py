"""Every key `eventkit check --format json` prints is named where docs/cli.md describes the
document: a reader of the JSON finds each field's meaning there."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from eventkit.cli import app
from eventkit.errors import EXIT_BREAKING
from tests._child_cli import git as _git
from tests.registry._build import CONFIG, build, schema

DOCS = Path(__file__).parents[2] / "docs" / "cli.md"


def _documented() -> set[str]:
    text = DOCS.read_text(encoding="utf-8")
    start = text.index("Formats: `text` (default), `json` (`")
    described = text[start : text.index("`;", start)]
    return set(re.findall(r'"([a-z_]+)"', described))


def _keys(value: Any) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in _keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in _keys(v)}
    return set()


def test_every_key_of_the_json_report_is_documented(tmp_path: Path) -> None:
    both = {"id": {"type": "string", "description": "The id."}}
    extra = {**both, "x": {"type": "string", "description": "X."}}
    config = CONFIG + (
        '\n[[check.suppressions]]\nevent = "s/E"\nrule = "VERSION_EDITED"\nversion = "1.0.0"\n'
        'reason = "nobody read x"\n'
        '\n[[check.suppressions]]\nevent = "s/Gone"\nrule = "PROPERTY_REMOVED"\nreason = "old"\n'
    )
    root = build(
        tmp_path / "schemas",
        {
            "_shared/id.json": {"type": "string", "description": "An id."},
            "s/E/1.0.0.json": schema(
                required=["id", "x"], properties=extra, examples=[{"id": "a", "x": "b"}]
            ),
            "s/E/1.1.0.json": schema(properties=both),
            "s/F/1.0.0.json": schema(properties={"id": {"$ref": "../../_shared/id.json"}}),
            "s/F/1.1.0.json": schema(properties={"id": {"type": "integer"}}, examples=[{"id": 1}]),
            "s/F/event.toml": '[deprecated]\nsince = "2026-01-01"\n',
            "c/service.toml": 'consumes = ["s/F@1"]\n',
            "c/X/1.0.0.json": schema(),
        },
        config=config,
    )
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-qm", "released")
    (root / "_shared/id.json").write_text('{"type": "string", "maxLength": 3}', encoding="utf-8")
    (root / "s/E/1.0.0.json").write_text(json.dumps(schema(properties=both)), encoding="utf-8")
    result = CliRunner().invoke(
        app, ["check", "--schemas", str(root), "--against", "HEAD", "--format", "json"]
    )
    assert result.exit_code == EXIT_BREAKING, result.output
    report = json.loads(result.stdout)
    assert report["findings"]
    assert report["suppressed"]
    assert report["unused_suppressions"]
    rules = {f["rule"] for f in report["findings"]}
    assert "RELEASED_MEANING_CHANGED" in rules
    assert _keys(report) - _documented() == set()  # were: mode, policy, consumers, ...
