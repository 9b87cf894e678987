"""`check --against REF` leaves out the findings REF already had, but a suppression hiding
one of them is still in use (`eventkit check` without --against, in pre-commit or on a push,
finds it): it is never reported as matching nothing, which told the user to remove it."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from eventkit.cli import app
from eventkit.errors import EXIT_OK
from tests._child_cli import git as _git
from tests.registry._build import CONFIG, build, schema


def _check(root: Path, *args: str) -> dict[str, object]:
    result = CliRunner().invoke(app, ["check", "--schemas", str(root), *args, "--format", "json"])
    assert result.exit_code == EXIT_OK, result.output
    report = json.loads(result.stdout)
    assert isinstance(report, dict)
    return report


def test_a_suppression_of_a_finding_ref_had_is_in_use(tmp_path: Path) -> None:
    both = {"id": {"type": "string", "description": "The id."}}
    extra = {**both, "x": {"type": "string", "description": "X."}}
    config = CONFIG + (
        '\n[[check.suppressions]]\nevent = "s/E"\nrule = "PROPERTY_REMOVED"\nversion = "1.1.0"\n'
        'reason = "nobody read x"\n'
        '\n[[check.suppressions]]\nevent = "s/F"\nrule = "CONSUMED_EVENT_DEPRECATED"\n'
        'reason = "c moves off it this quarter"\n'
    )
    root = build(
        tmp_path / "schemas",
        {
            "s/E/1.0.0.json": schema(
                required=["id", "x"], properties=extra, examples=[{"id": "a", "x": "b"}]
            ),
            "s/E/1.1.0.json": schema(properties=both),
            "s/F/1.0.0.json": schema(),
            "s/F/event.toml": '[deprecated]\nsince = "2026-01-01"\n',
            "c/service.toml": 'consumes = ["s/F@1"]\n',
            "c/X/1.0.0.json": schema(),
        },
        config=config,
    )
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-qm", "released with both suppressions")
    alone = _check(root)
    assert len(alone["suppressed"]) == 2  # type: ignore[arg-type]
    assert alone["unused_suppressions"] == []
    against = _check(root, "--against", "HEAD")
    assert against["suppressed"] == []  # REF had both findings: not this change's
    assert against["unused_suppressions"] == []  # were both, "remove it"
