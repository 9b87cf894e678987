"""The `eventkit` CLI in a child process, and git for tests that commit a registry.

A child process with a timeout: a hang fails the test instead of stopping the suite, and an
optional address-space cap makes an unbounded read fail instead of swapping.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

__all__ = ["cli", "git"]


def cli(
    *args: str, cwd: Path | None = None, timeout: float = 60, memory: int | None = None
) -> tuple[int, str, str]:
    """Exit code, stdout and stderr of `eventkit ARGS`; asserts no traceback was printed."""

    def capped() -> None:
        if memory is not None:
            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    done = subprocess.run(
        [sys.executable, "-c", "from eventkit.cli import main; main()", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        cwd=cwd,
        env={**os.environ, "PYTHONUTF8": "1"},
        preexec_fn=capped if memory is not None else None,
    )
    assert "Traceback" not in done.stdout + done.stderr, done.stderr
    return done.returncode, done.stdout, done.stderr


def git(cwd: Path, *args: str) -> None:
    """`git ARGS` in `cwd` as a throwaway committer (raises if it fails)."""
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@e", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
    )
