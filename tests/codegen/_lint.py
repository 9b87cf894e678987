"""Run ruff and mypy on a generated package the way CI would, independently of the generator's
settings."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

__all__ = ["assert_mypy_clean", "assert_ruff_clean"]

_COMMON = ["--isolated", "--line-length", "100", "--target-version", "py311"]
_SELECT = "E,W,F,I,B,C4,UP,SIM,PIE,RUF"
_PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"


def _ruff(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ruff", *args], capture_output=True, text=True, check=False
    )


def assert_ruff_clean(package: Path, *, ignore: str) -> None:
    """`package` passes `ruff check` (the repo's rule families minus `ignore`) and is formatted."""
    lint = _ruff(
        "check",
        *_COMMON,
        "--select",
        _SELECT,
        "--ignore",
        ignore,
        "--config",
        "lint.isort.known-first-party = ['eventkit']",
        str(package),
    )
    assert lint.returncode == 0, lint.stdout + lint.stderr
    fmt = _ruff("format", "--check", *_COMMON, str(package))
    assert fmt.returncode == 0, fmt.stdout + fmt.stderr


def assert_mypy_clean(cwd: Path, *targets: str) -> None:
    """`mypy` under the repository's strict configuration passes on `targets` (run in `cwd`,
    its cache there too)."""
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--config-file",
            str(_PYPROJECT),
            "--cache-dir",
            str(cwd / ".mypy_cache"),
            *targets,
        ],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
