"""The `eventkit` console script is installed with the runtime alone (a service's
dependencies); there, a command says to install the cli extra instead of a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from eventkit.errors import EXIT_USAGE

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("hidden", "args"),
    [
        ("re2", ["lint"]),  # the fast path: lint's regex engine
        ("typer", ["--help"]),  # the typer application
        ("typer", ["init", "--package", "p"]),
    ],
)
def test_a_missing_cli_extra_is_named_with_the_install_command(
    hidden: str, args: list[str], tmp_path: Path
) -> None:
    # A module set to None in sys.modules cannot be imported: as if it were not installed.
    code = f"import sys; sys.modules[{hidden!r}] = None; from eventkit.cli import main; main()"
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=REPO if args == ["lint"] else tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == EXIT_USAGE, done.stderr
    assert "Traceback" not in done.stderr
    assert f"'{hidden}'" in done.stderr
    assert 'pip install "eventkit[cli' in done.stderr
    assert list(tmp_path.iterdir()) == []  # init wrote nothing


def test_the_version_needs_no_cli_extra(tmp_path: Path) -> None:
    """`eventkit --version` is how a service's environment says which eventkit it has."""
    from eventkit import __version__

    code = "import sys; sys.modules['typer'] = None; from eventkit.cli import main; main()"
    done = subprocess.run(
        [sys.executable, "-c", code, "--version"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (done.returncode, done.stdout) == (0, f"eventkit {__version__}\n"), done.stderr
