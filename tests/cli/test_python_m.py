"""`python -m eventkit` runs the `eventkit` command: where the venv's scripts folder is not on
PATH, the command is still one line (it failed with "No module named eventkit.__main__")."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from eventkit import __version__
from eventkit.errors import EXIT_OK, EXIT_USAGE

REPO = Path(__file__).resolve().parents[2]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "eventkit", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
        check=False,
    )


def test_version_lint_and_help_run_as_the_command_does() -> None:
    done = _run("--version")
    assert (done.returncode, done.stdout) == (EXIT_OK, f"eventkit {__version__}\n")
    done = _run("lint", "--schemas", "schemas")
    assert done.returncode == EXIT_OK, done.stderr
    assert done.stdout.startswith("ok: ")
    done = _run("--help")
    assert done.returncode == EXIT_OK
    assert done.stdout.startswith("Usage: python -m eventkit ")


def test_a_user_mistake_keeps_its_exit_code_and_no_traceback(tmp_path: Path) -> None:
    done = _run("lint", "--schemas", str(tmp_path / "absent"))
    assert done.returncode == EXIT_USAGE
    assert "does not exist" in done.stderr
    assert "Traceback" not in done.stderr
