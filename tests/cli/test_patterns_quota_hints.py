"""`eventkit patterns` over the "Event pattern size" quota: the hint says what a command-line
user can do (run it without --single; build the rules from the router's methods with a raised
quota), not "pass max_chars", an argument of the router's methods that the command has no
option for. The hint is the message here: what the user reads is the defect."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from eventkit.cli import app
from eventkit.errors import EXIT_USAGE

runner = CliRunner()


def hint_of(*args: str) -> str:
    result = runner.invoke(app, ["patterns", *args])
    assert result.exit_code == EXIT_USAGE, result.output
    assert result.stdout == ""
    (hint,) = [line for line in result.stderr.splitlines() if line.strip().startswith("hint:")]
    return hint


@pytest.mark.parametrize(
    "args",
    [
        ("tests.consume.wide_router:build", "--single"),  # its patterns joined are too long
        ("tests.cli.pattern_routers:huge_type", "-f", "sam"),  # one event type's is
    ],
)
def test_the_quota_hint_names_what_the_command_line_offers(args: tuple[str, ...]) -> None:
    hint = hint_of(*args)
    assert "pass max_chars" not in hint
    if "--single" in args:
        assert "--single" in hint  # without it: one rule per pattern fits
