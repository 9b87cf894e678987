"""`check --consumers` prints the dependency table and checks nothing: `--against` or a
report format beside it was ignored and the command exited 0, so a gate written that way
passed every breaking change. Both are usage errors now."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventkit.cli import app
from eventkit.errors import EXIT_OK, EXIT_USAGE
from tests.registry._build import build, schema


@pytest.mark.parametrize(
    "extra",
    [["--against", "HEAD"], ["--format", "sarif"], ["--format", "github"], ["--format", "junit"]],
)
def test_options_the_table_cannot_honour_are_refused(tmp_path: Path, extra: list[str]) -> None:
    root = build(tmp_path / "schemas", {"s/E/1.0.0.json": schema()})
    result = CliRunner().invoke(app, ["check", "--schemas", str(root), "--consumers", *extra])
    assert result.exit_code == EXIT_USAGE  # was 0, the table printed as text


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_the_table_formats_still_print(tmp_path: Path, fmt: str) -> None:
    root = build(tmp_path / "schemas", {"s/E/1.0.0.json": schema()})
    result = CliRunner().invoke(
        app, ["check", "--schemas", str(root), "--consumers", "--format", fmt]
    )
    assert result.exit_code == EXIT_OK
