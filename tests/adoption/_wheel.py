"""Building a project's wheel as its CI would (offline: the build backend installed here)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def build_wheel(project: Path, out: Path) -> Path:
    """The wheel of `project`, built into `out` with `python -m build --no-isolation`."""
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), "."],
        cwd=project,
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = out.glob("*.whl")
    return wheel


def build_sdist_and_wheel(project: Path, out: Path) -> tuple[Path, Path]:
    """The sdist of `project` and the wheel built from that sdist (`python -m build
    --no-isolation`), so the wheel holds only what the sdist carries, as on a package index."""
    subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), "."],
        cwd=project,
        check=True,
        capture_output=True,
        timeout=300,
    )
    (sdist,) = out.glob("*.tar.gz")
    (wheel,) = out.glob("*.whl")
    return sdist, wheel
