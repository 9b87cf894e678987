"""mypy --strict proves the generated surface: correct use passes, each misuse is reported.

Every `# E: <code>` marker in a file of this folder is an error mypy must report on that line
with that code; any error without a marker fails the test (so ok_*.py files must be clean).
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

HERE = Path(__file__).parent
REPO = HERE.parent.parent
CASES = sorted(p for p in HERE.glob("*.py") if p.name.startswith(("ok_", "bad_")))
MARKER = re.compile(r"#\s*E:\s*([a-z-]+)")
ERROR = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+): error: .*\[(?P<code>[a-z-]+)\]$")


def _expected(path: Path) -> Counter[tuple[str, int, str]]:
    found: Counter[tuple[str, int, str]] = Counter()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        for code in MARKER.findall(line):
            found[(path.name, number, code)] += 1
    return found


@pytest.fixture(scope="module")
def mypy_errors(tmp_path_factory: pytest.TempPathFactory) -> Counter[tuple[str, int, str]]:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--config-file",
            str(REPO / "pyproject.toml"),
            "--cache-dir",  # a private cache: parallel test workers must not share one
            str(tmp_path_factory.mktemp("mypy-cache")),
            "--no-error-summary",
            "--show-error-codes",
            "--no-pretty",
            *(str(p.relative_to(REPO)) for p in CASES),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    errors: Counter[tuple[str, int, str]] = Counter()
    for line in proc.stdout.splitlines():
        match = ERROR.match(line)
        if match:
            errors[(Path(match["file"]).name, int(match["line"]), match["code"])] += 1
        elif ": error:" in line:
            raise AssertionError(f"unparsed mypy error: {line}")
    assert proc.returncode in (0, 1), proc.stdout + proc.stderr
    return errors


def test_there_are_correct_and_misuse_cases() -> None:
    names = {p.name for p in CASES}
    assert any(n.startswith("ok_") for n in names)
    assert {"bad_field_type.py", "bad_missing_field.py", "bad_publish_foreign.py"} <= names
    assert "bad_handler_type.py" in names


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_mypy_reports_exactly_the_marked_errors(
    case: Path, mypy_errors: Counter[tuple[str, int, str]]
) -> None:
    expected = _expected(case)
    actual = Counter({k: v for k, v in mypy_errors.items() if k[0] == case.name})
    if case.name.startswith("bad_"):
        assert expected, f"{case.name} has no # E: markers"
    assert actual == expected, f"missing: {expected - actual}; unexpected: {actual - expected}"
