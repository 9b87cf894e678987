"""`check --format github` notes are workflow commands escaped as GitHub reads them: a `%`
or a line break in a path or ref stays text, never another escape or a second command."""

from __future__ import annotations

import subprocess
from pathlib import Path

from typer.testing import CliRunner

from eventkit.cli import app
from eventkit.errors import EXIT_OK

runner = CliRunner()


def git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
    )


def unescape(data: str) -> str:
    """What GitHub makes of a command's message (actions/toolkit's command unescaping)."""
    return data.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def test_a_note_naming_a_folder_with_percent_escapes_is_read_back_as_written(
    tmp_path: Path,
) -> None:
    git(tmp_path, "init", "-q", "-b", "main")
    (tmp_path / "README.md").write_text("a project\n")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "start")
    schemas = tmp_path / "contracts%0A::error file=x::boom"
    init = runner.invoke(app, ["init", str(tmp_path), "--package", "p", "--no-ci"])
    assert init.exit_code == EXIT_OK, init.output
    (tmp_path / "schemas").rename(schemas)
    result = runner.invoke(
        app, ["check", "--schemas", str(schemas), "--against", "main", "--format", "github"]
    )
    assert result.exit_code == EXIT_OK, result.output
    notices = [line for line in result.stdout.splitlines() if line.startswith("::")]
    (notice,) = notices  # one command: the folder's name did not start another
    assert notice.startswith("::notice title=eventkit check::")
    message = unescape(notice.split("::", 2)[2])
    assert "contracts%0A::error file=x::boom has no eventkit.toml there" in message
