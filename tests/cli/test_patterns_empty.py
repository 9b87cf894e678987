"""`eventkit patterns` on a router without handlers, or on no routers at all: nothing to
write rules for, almost certainly a mistake (a handlers module not imported), so a usage error
(exit 2, docs/cli.md) in every format, with and without --single, instead of an empty template
and exit 0. A router that routes nothing in a mapping of several is refused too."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from eventkit.cli import app
from eventkit.errors import EXIT_USAGE

runner = CliRunner()


@pytest.mark.parametrize("factory", ["empty", "one_empty", "no_routers"])
@pytest.mark.parametrize("fmt", ["json", "cloudformation", "sam"])
@pytest.mark.parametrize("single", [False, True])
def test_nothing_to_route_is_a_usage_error(factory: str, fmt: str, single: bool) -> None:
    args = ["patterns", f"tests.cli.pattern_routers:{factory}", "-f", fmt]
    result = runner.invoke(app, [*args, "--single"] if single else args)
    assert result.exit_code == EXIT_USAGE, result.output
    assert result.stdout == ""
    assert result.exception is None or isinstance(result.exception, SystemExit)
