"""A path component longer than the file system allows (ENAMETOOLONG) in a path the user
names, in any command: a clear error naming the path (exit 2), never an OSError traceback.
`init --package` refuses a package name whose folder name would be too long."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventkit.cli import app
from eventkit.errors import EXIT_OK, EXIT_USAGE
from tests.registry._build import CONFIG, build, schema

runner = CliRunner()
LONG = "a" * 300
MAIN = "from eventkit.cli import main; main()"  # the console script (fast path included)


@pytest.fixture
def schemas(tmp_path: Path) -> Path:
    return build(tmp_path / "schemas", {"svc/Thing/1.0.0.json": schema()}, config=CONFIG)


def _commands(schemas: Path) -> list[list[str]]:
    long = str(schemas.parent / LONG)
    return [
        ["lint", "--schemas", long],
        ["lint", "--schemas", long, "--format", "json"],
        ["check", "--schemas", long],
        ["check", "--schemas", str(schemas / LONG / "x")],
        ["codegen", "--schemas", str(schemas), "--out", long],
        ["catalog", "--schemas", str(schemas), "--out", long],
        ["asyncapi", "--schemas", str(schemas), "--out", long],
        ["asyncapi", "--schemas", str(schemas), "--out", str(schemas.parent / LONG / "x.yaml")],
        ["init", long, "--package", "x"],
    ]


def test_the_registry_is_fine(schemas: Path) -> None:
    assert runner.invoke(app, ["lint", "--schemas", str(schemas)]).exit_code == EXIT_OK


@pytest.mark.parametrize("index", range(9))
def test_a_name_too_long_is_a_usage_error(schemas: Path, index: int) -> None:
    args = _commands(schemas)[index]
    result = runner.invoke(app, args)
    assert isinstance(result.exception, SystemExit | None), repr(result.exception)
    assert result.exit_code == EXIT_USAGE, result.output
    assert "Traceback" not in result.output
    assert LONG in result.output  # the path is named


@pytest.mark.parametrize("index", range(9))
def test_the_console_script_says_so_too(schemas: Path, index: int) -> None:
    args = _commands(schemas)[index]
    done = subprocess.run(
        [sys.executable, "-c", MAIN, *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=schemas.parent,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    assert done.returncode == EXIT_USAGE, done.stderr
    assert "Traceback" not in done.stderr
    output = done.stdout + done.stderr
    assert LONG in output
    assert "too long" in output.lower()


def test_init_refuses_a_package_name_too_long_for_a_folder(tmp_path: Path) -> None:
    project = tmp_path / "proj"
    project.mkdir()
    result = runner.invoke(app, ["init", str(project), "--package", LONG])
    assert result.exit_code == EXIT_USAGE, result.output
    assert "too long" in result.output
    assert list(project.iterdir()) == []  # nothing written
    ok = runner.invoke(app, ["init", str(project), "--package", "a" * 255])
    assert ok.exit_code == EXIT_OK, ok.output


def test_codegen_refuses_a_configured_package_name_too_long(tmp_path: Path) -> None:
    schemas = build(
        tmp_path / "schemas",
        {"svc/Thing/1.0.0.json": schema()},
        config=CONFIG + f'\n[codegen]\npackage = "app.{LONG}"\n',
    )
    result = runner.invoke(app, ["codegen", "--schemas", str(schemas)])
    assert result.exit_code == EXIT_USAGE, result.output
    assert "Traceback" not in result.output
    assert "too long" in result.output
