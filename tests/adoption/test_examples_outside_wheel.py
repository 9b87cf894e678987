"""The example shop is this repository's, not the wheel's: `eventkit demo` without it says where
it runs and exits 2 (the real wheel is installed and checked by tests/adoption/test_adoption.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventkit.cli import app
from eventkit.errors import EXIT_USAGE

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("missing", ["shop_demo", "shop_events"])
def test_demo_without_the_examples_exits_2_before_any_stage(
    monkeypatch: pytest.MonkeyPatch, missing: str
) -> None:
    # What an installed wheel sees: the example packages are not importable.
    for name in [m for m in sys.modules if m == missing or m.startswith(f"{missing}.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, missing, None)  # import raises ModuleNotFoundError
    result = CliRunner().invoke(app, ["demo", "--schemas", str(REPO / "schemas")])
    assert result.exit_code == EXIT_USAGE, result.output
    assert missing in result.output
    assert "scripts/demo" in result.output  # says what to run instead
    assert "[1/6]" not in result.output  # no stage started
    assert "Traceback" not in result.output


def test_the_example_packages_come_from_examples_in_a_checkout() -> None:
    import shop_demo
    import shop_events

    for module in (shop_demo, shop_events):
        assert Path(module.__file__ or "").resolve().parent.parent == REPO / "examples"
