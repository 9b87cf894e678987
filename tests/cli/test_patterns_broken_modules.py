"""`eventkit patterns MODULE:ROUTER` with a broken user module: a syntax error, an exception at
import, a factory that raises or needs arguments, a `routers()` that raises, a relative module
name. Each is a clear `error:` naming the spec with a `hint:`, exit 2 (docs/cli.md), never a
traceback, as `lint --routers` already reports the same input."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from eventkit.errors import EXIT_USAGE

_MAIN = "from eventkit.cli import main; main()"

MODULES = {
    "broken.py": "def (\n",
    "boom.py": 'raise RuntimeError("boom at import")\n',
    "leaves.py": "import sys\nsys.exit(3)\n",
    "mod.py": (
        "def needs_arg(a):\n    return a\n\n"
        "def fails():\n    raise ValueError('inner')\n\n"
        "class Holder:\n    def routers(self):\n        raise KeyError('no routers')\n\n"
        "holder = Holder()\n"
    ),
}


def patterns(cwd: Path, spec: str) -> tuple[int, str]:
    try:
        done = subprocess.run(
            [sys.executable, "-c", _MAIN, "patterns", spec],
            cwd=cwd,
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"eventkit patterns {spec} did not finish within 60 s")
    return done.returncode, done.stdout + done.stderr


@pytest.fixture
def project(tmp_path: Path) -> Path:
    for name, text in MODULES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("broken:router", "broken:router: cannot import broken: SyntaxError: invalid syntax"),
        ("boom:router", "boom:router: cannot import boom: RuntimeError: boom at import"),
        ("leaves:router", "leaves:router: cannot import leaves: SystemExit: 3"),
        ("mod:needs_arg", "mod:needs_arg: calling it failed: TypeError: needs_arg() missing 1"),
        ("mod:fails", "mod:fails: calling it failed: ValueError: inner"),
        ("mod:holder", "mod:holder: calling its routers() failed: KeyError: 'no routers'"),
        (".rel:router", "'.rel' is a relative module name"),
    ],
)
def test_a_broken_module_is_a_clear_usage_error(project: Path, spec: str, message: str) -> None:
    code, output = patterns(project, spec)
    assert "Traceback" not in output, output
    assert code == EXIT_USAGE, output
    first, *rest = output.strip().splitlines()
    assert first.startswith("error: ")
    assert message in first, output
    assert any(line.strip().startswith("hint: ") for line in rest), output
