"""`eventkit patterns --bus`: a bus CloudFormation refuses (`'bad bus'`, `''`) went into the
template, to fail only at deploy time (`''` silently became [registry] event_bus), and `--bus`
with the json format, whose patterns name no bus, was dropped; both exit 2 now."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from eventkit.cli import app
from eventkit.cli._rule_patterns import render_patterns
from eventkit.errors import EXIT_USAGE, SettingError
from tests.cli.pattern_routers import digit_name

runner = CliRunner()
ROUTER = "tests.cli.pattern_routers:digit_name"


@pytest.mark.parametrize("fmt", ["cloudformation", "sam"])
@pytest.mark.parametrize("bus", ["bad bus", "", "bus\n"])
def test_a_bus_no_rule_can_be_on_is_refused(fmt: str, bus: str) -> None:
    result = runner.invoke(app, ["patterns", ROUTER, "-f", fmt, "--bus", bus])
    assert result.exit_code == EXIT_USAGE
    assert result.stdout == ""
    with pytest.raises(SettingError) as caught:
        render_patterns({"r": digit_name()}, format=fmt, bus=bus)  # type: ignore[arg-type]
    assert (caught.value.setting, caught.value.value) == ("bus", bus)


@pytest.mark.parametrize(
    "bus",
    [
        "shop-events",
        "aws.partner/example.com/1/orders",
        "arn:aws:events:eu-west-1:123456789012:event-bus/shop",
    ],
)
def test_a_bus_name_or_arn_names_the_rules_bus(bus: str) -> None:
    result = runner.invoke(app, ["patterns", ROUTER, "-f", "cloudformation", "--bus", bus])
    assert result.exit_code == 0, result.output
    resources = json.loads(result.stdout)["Resources"].values()
    assert {r["Properties"]["EventBusName"] for r in resources} == {bus}


def test_bus_with_json_patterns_is_a_usage_error() -> None:
    result = runner.invoke(app, ["patterns", ROUTER, "--bus", "shop-events"])
    assert result.exit_code == EXIT_USAGE
    assert result.stdout == ""
