"""`eventkit lint` keeps its last report (the process ends without teardown, so the registry
is never freed object by object on the way out), and only its last: running lint again in one
process frees the previous report, and prints the same."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from eventkit.cli._plain import run_lint
from eventkit.registry import Registry
from tests.registry._build import build, schema


def _registries() -> int:
    gc.collect()
    return sum(1 for o in gc.get_objects() if type(o) is Registry)


@pytest.mark.parametrize("output", ["text", "json"])
def test_lint_run_again_prints_the_same_and_keeps_one_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], output: str
) -> None:
    root = build(
        tmp_path / "reg",
        {"orders/Placed/1.0.0.json": schema(), "orders/Shipped/1.0.0.json": schema(title=None)},
    )
    first = run_lint(root, output, False)
    printed = capsys.readouterr()
    before = _registries()
    for _ in range(3):
        assert run_lint(root, output, False) == first == 1
        assert capsys.readouterr() == printed
    assert _registries() == before  # each run's report replaced the previous one
