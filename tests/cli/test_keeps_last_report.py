"""`eventkit check` and `eventkit lint` keep their last registry and report (the process ends
without teardown, so the registry is never freed object by object on the way out), and only
the last: running a command again in one process frees the previous one's, and prints the
same."""

from __future__ import annotations

import gc
from collections.abc import Callable
from pathlib import Path

import pytest

from eventkit.cli._plain import run_check, run_lint
from eventkit.errors import EXIT_BREAKING, EXIT_PROBLEMS
from eventkit.registry import Registry
from tests.registry._build import build, schema


def _registries() -> int:
    gc.collect()
    return sum(1 for o in gc.get_objects() if type(o) is Registry)


def _lint_text(root: Path) -> int:
    return run_lint(root, "text", False)


def _lint_json(root: Path) -> int:
    return run_lint(root, "json", False)


def _check_text(root: Path) -> int:
    return run_check(root, "text")


def _check_json(root: Path) -> int:
    return run_check(root, "json")


@pytest.mark.parametrize(
    ("command", "code"),
    [
        (_lint_text, EXIT_PROBLEMS),
        (_lint_json, EXIT_PROBLEMS),
        (_check_text, EXIT_BREAKING),
        (_check_json, EXIT_BREAKING),
    ],
)
def test_run_again_prints_the_same_and_keeps_one_registry(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    command: Callable[[Path], int],
    code: int,
) -> None:
    root = build(
        tmp_path / "reg",
        {
            "orders/Placed/1.0.0.json": schema(),
            "orders/Placed/1.1.0.json": schema(required=["order_id", "total"]),
            "orders/Shipped/1.0.0.json": schema(title=None),
        },
    )
    assert command(root) == code
    printed = capsys.readouterr()
    assert printed.out
    before = _registries()
    for _ in range(3):
        assert command(root) == code
        assert capsys.readouterr() == printed
    assert _registries() == before  # each run's objects replaced the previous run's


def test_lint_then_check_keep_only_the_last(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = build(tmp_path / "reg", {"orders/Placed/1.0.0.json": schema()})
    _check_text(root)
    start = _registries()  # one of them the slot's
    _lint_text(root)
    _check_text(root)
    _lint_text(root)
    capsys.readouterr()
    assert _registries() == start  # each command's registry replaced the one before
