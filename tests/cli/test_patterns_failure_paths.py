"""`eventkit patterns -f cloudformation --failure-path` gives every router its own failure
path, also when two names spell the same id (``orders-consumer``, ``Orders Consumer``; names
with no ASCII letter or digit are all ``Router``): each id gets a digest of its name, as the
rule ids of such routers do, instead of one router's resources overwriting the others'."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from typer.testing import CliRunner

from eventkit.cli import app
from tests.cli.pattern_routers import clashing

runner = CliRunner()


def fragment(*args: str) -> dict[str, Any]:
    result = runner.invoke(app, ["patterns", "tests.cli.pattern_routers:clashing", *args])
    assert result.exit_code == 0, result.output
    value: dict[str, Any] = json.loads(result.stdout)
    return value


def test_routers_whose_names_spell_one_id_get_a_failure_path_each() -> None:
    template = fragment("-f", "cloudformation", "--failure-path")
    types = Counter(r["Type"] for r in template["Resources"].values())
    routers = len(clashing())
    assert types["AWS::Events::Rule"] == routers
    for kind in ["SNS::Topic", "SQS::Queue", "SNS::Subscription", "SQS::QueuePolicy"]:
        assert types[f"AWS::{kind}"] == routers, kind
    assert len(template["Outputs"]) == 2 * routers
    # each subscription joins its own topic to its own queue
    subscriptions = [
        r["Properties"]
        for r in template["Resources"].values()
        if r["Type"] == "AWS::SNS::Subscription"
    ]
    assert len({s["TopicArn"]["Ref"] for s in subscriptions}) == routers
    assert len({s["Endpoint"]["Fn::GetAtt"][0] for s in subscriptions}) == routers


def test_the_failure_path_ids_are_stable() -> None:
    args = ("-f", "cloudformation", "--failure-path", "--single")
    assert fragment(*args) == fragment(*args)
