"""A schema or settings file saved as UTF-8 "with BOM" (Windows editors do) is named as such:
the parsers' own message points at line 1, column 1, where an editor shows nothing."""

from __future__ import annotations

from pathlib import Path

from eventkit.errors import EXIT_PROBLEMS, EXIT_USAGE
from eventkit.lint import lint_registry
from eventkit.project_init import init_project
from tests._child_cli import cli

BOM = b"\xef\xbb\xbf"
EXAMPLE = Path("schemas/accounts/AccountCreated/1.0.0.json")


def _with_bom(path: Path) -> None:
    path.write_bytes(BOM + path.read_bytes())


def test_a_schema_file_with_a_bom_is_named(tmp_path: Path) -> None:
    init_project(tmp_path, package="p_events", ci=False, pre_commit=False)
    _with_bom(tmp_path / EXAMPLE)
    report = lint_registry(tmp_path / "schemas")
    (problem,) = [p for p in report.problems if p.code == "invalid-json"]
    assert (problem.path, problem.line, problem.column) == (
        "accounts/AccountCreated/1.0.0.json",
        1,
        1,
    )
    assert "byte order mark" in problem.message
    assert problem.hint is not None
    assert "without a BOM" in problem.hint
    code, out, _ = cli("lint", cwd=tmp_path)
    assert code == EXIT_PROBLEMS
    assert "byte order mark" in out


def test_eventkit_toml_with_a_bom_is_named(tmp_path: Path) -> None:
    init_project(tmp_path, package="p_events", ci=False, pre_commit=False)
    _with_bom(tmp_path / "schemas" / "eventkit.toml")
    code, _, err = cli("lint", cwd=tmp_path)
    assert code == EXIT_USAGE
    assert "byte order mark" in err
    assert "without a BOM" in err
