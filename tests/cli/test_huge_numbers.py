"""Numbers of more than 4,300 digits (past what `int()` converts) in `eventkit sample` specs and
in a service's `consumes`: a clear error naming the entry (exit 2 for sample, a
`consumes-invalid` problem for lint), never a ValueError traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventkit.cli import app
from eventkit.errors import EXIT_PROBLEMS, EXIT_USAGE
from tests.registry._build import CONFIG, build, schema

runner = CliRunner()
HUGE = "9" * 5000


@pytest.fixture
def schemas(tmp_path: Path) -> Path:
    return build(
        tmp_path / "schemas",
        {
            "svc/Thing/1.0.0.json": schema(),
            "reader/service.toml": 'consumes = ["svc/Thing@1"]\n',
            "reader/Other/1.0.0.json": schema(title="Other"),
        },
        config=CONFIG,
    )


def invoke(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def test_the_registry_is_clean(schemas: Path) -> None:
    assert invoke("lint", "--schemas", str(schemas))[0] == 0
    assert invoke("sample", "svc/Thing@1", "--schemas", str(schemas))[0] == 0


@pytest.mark.parametrize(
    ("version", "message"),
    [
        (HUGE, "svc/Thing has no major version 999999999999... (5000 digits; majors: 1)"),
        ("0" * 5000 + HUGE, "(5000 digits; majors: 1)"),
        (f"1.0.{HUGE}", "is not a usable version: a part has over 1000 digits"),
        (f"{HUGE}.0.0", "is not a usable version: a part has over 1000 digits"),
        ("²", "'²' is not a semantic version"),
        ("", "'svc/Thing@': nothing after '@'"),
    ],
)
def test_sample_of_a_huge_or_odd_version_is_a_usage_error(
    schemas: Path, version: str, message: str
) -> None:
    code, output = invoke("sample", f"svc/Thing@{version}", "--schemas", str(schemas))
    assert code == EXIT_USAGE, output
    assert output.startswith("error: ")
    assert message in output
    assert len(output) < 1000  # the number is cut, not echoed whole


@pytest.mark.parametrize("major", [HUGE, "0" * 5000 + "1", "12345678901"])
def test_lint_names_a_consumes_entry_with_a_huge_major(schemas: Path, major: str) -> None:
    (schemas / "reader" / "service.toml").write_text(f'consumes = ["svc/Thing@{major}"]\n')
    code, output = invoke("lint", "--schemas", str(schemas), "--format", "json")
    assert code == EXIT_PROBLEMS, output
    [problem] = json.loads(output)["problems"]
    assert problem["code"] == "consumes-invalid"
    assert problem["path"] == "reader/service.toml"
    assert problem["pointer"] == "/consumes/0"
    assert f"its major has {len(major)} digits (at most 9)" in problem["message"]
    assert len(problem["message"]) < 300


def test_lint_guesses_no_huge_major_for_a_near_miss(schemas: Path) -> None:
    (schemas / "reader" / "service.toml").write_text(f'consumes = ["Thing@1.0.{HUGE}"]\n')
    code, output = invoke("lint", "--schemas", str(schemas), "--format", "json")
    assert code == EXIT_PROBLEMS, output
    [problem] = json.loads(output)["problems"]
    assert problem["code"] == "consumes-invalid"
    assert problem["suggestion"] == "svc/Thing@1"
