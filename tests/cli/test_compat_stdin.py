"""`eventkit compat -` reads one schema from standard input (`git show REF:PATH | eventkit compat
- PATH`), the way a reviewer compares a file with its last committed version."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

from tests._child_cli import cli

_CLI = [sys.executable, "-c", "from eventkit.cli import main; main()"]
_STRING_A = {"type": "object", "properties": {"a": {"type": "string"}}}
_INTEGER_A = {"type": "object", "properties": {"a": {"type": "integer"}}}


def _piped(stdin: str, *args: str, cwd: Path) -> tuple[int, str, str]:
    done = subprocess.run(
        [*_CLI, "compat", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=cwd,
        env={**os.environ, "PYTHONUTF8": "1"},
    )
    assert "Traceback" not in done.stdout + done.stderr, done.stderr
    return done.returncode, done.stdout, done.stderr


def test_a_piped_old_schema_is_compared_with_a_file_and_named_stdin(tmp_path: Path) -> None:
    (tmp_path / "new.json").write_text(json.dumps(_INTEGER_A))
    code, out, _ = _piped(json.dumps(_STRING_A), "-", "new.json", "--format", "json", cwd=tmp_path)
    assert code == 100
    findings = json.loads(out)["findings"]
    assert {f["rule"] for f in findings} == {"TYPE_NARROWED", "TYPE_WIDENED"}
    assert all(f["against"] == ["<stdin>"] and f["version"] == "new.json" for f in findings)


def test_a_piped_new_schema_is_compatible_with_itself_as_a_file(tmp_path: Path) -> None:
    (tmp_path / "old.json").write_text(json.dumps(_STRING_A))
    code, _, _ = _piped(json.dumps(_STRING_A), "old.json", "-", cwd=tmp_path)
    assert code == 0


def test_a_piped_schemas_relative_refs_resolve_in_the_current_folder(tmp_path: Path) -> None:
    (tmp_path / "defs.json").write_text(json.dumps({"type": "integer"}))
    (tmp_path / "old.json").write_text(json.dumps({"type": "integer"}))
    code, _, err = _piped(json.dumps({"$ref": "defs.json"}), "old.json", "-", cwd=tmp_path)
    assert code == 0, err


def test_both_schemas_from_stdin_is_a_usage_error(tmp_path: Path) -> None:
    code, _, err = _piped(json.dumps(_STRING_A), "-", "-", cwd=tmp_path)
    assert code == 2
    assert "standard input" in err


def test_bad_piped_json_is_reported_as_stdin_with_line_and_column(tmp_path: Path) -> None:
    (tmp_path / "new.json").write_text(json.dumps(_STRING_A))
    code, _, err = _piped('{"type":\n', "-", "new.json", cwd=tmp_path)
    assert code == 2
    assert err.startswith("error: <stdin>:2:")


def test_a_pipe_larger_than_a_schema_is_refused(tmp_path: Path) -> None:
    (tmp_path / "new.json").write_text(json.dumps(_STRING_A))
    huge = '{"description": "' + "x" * (2 * 1024 * 1024) + '"}'
    code, _, err = _piped(huge, "-", "new.json", cwd=tmp_path)
    assert code == 2
    assert "<stdin>" in err


def test_a_terminal_on_stdin_is_refused_instead_of_waiting_for_typing(tmp_path: Path) -> None:
    (tmp_path / "new.json").write_text(json.dumps(_STRING_A))
    main, terminal = pty.openpty()
    try:
        done = subprocess.run(
            [*_CLI, "compat", "-", "new.json"],
            stdin=terminal,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
            cwd=tmp_path,
        )
    finally:
        os.close(main)
        os.close(terminal)
    assert done.returncode == 2
    assert "nothing is piped" in done.stderr


def test_a_file_named_dash_in_a_folder_is_still_a_file(tmp_path: Path) -> None:
    (tmp_path / "-").write_text(json.dumps(_STRING_A))
    (tmp_path / "new.json").write_text(json.dumps(_STRING_A))
    code, _, _ = cli("compat", str(tmp_path / "-"), str(tmp_path / "new.json"))
    assert code == 0
