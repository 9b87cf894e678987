"""`eventkit patterns -f cloudformation|sam` writes what CloudFormation accepts whatever the
names: logical ids of at most 255 characters starting with a letter, a rule target's Id of at
most 64, unique ids (a cut id ends with a digest of all of it), and non-ASCII text as UTF-8
rather than surrogate-pair escapes, which cfn-lint cannot parse. Normal names keep their ids."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from typer.testing import CliRunner

from eventkit.cli import app
from tests.cli import pattern_routers

runner = CliRunner()
LAMBDA = "arn:aws:lambda:eu-west-1:123456789012:function:consumer"
LOGICAL_ID = re.compile(r"[A-Za-z][A-Za-z0-9]{0,254}")


def template(factory: str, *args: str) -> dict[str, Any]:
    result = runner.invoke(app, ["patterns", f"tests.cli.pattern_routers:{factory}", *args])
    assert result.exit_code == 0, result.output
    assert "\\ud8" not in result.stdout  # no surrogate escapes
    value: dict[str, Any] = json.loads(result.stdout)
    return value


def patterns_of(factory: str) -> list[dict[str, Any]]:
    patterns: list[dict[str, Any]] = getattr(pattern_routers, factory)().event_patterns()
    return patterns


def assert_ids_valid(ids: list[str]) -> None:
    for logical_id in ids:
        assert LOGICAL_ID.fullmatch(logical_id), logical_id


@pytest.mark.parametrize(
    "factory", ["long_target", "long_sources", "long_name", "digit_name", "emoji"]
)
def test_cloudformation_ids_within_cloudformations_limits(factory: str) -> None:
    fragment = template(factory, "-f", "cloudformation", "--target-arn", LAMBDA, "--failure-path")
    resources = fragment["Resources"]
    assert_ids_valid([*resources, *fragment["Outputs"]])
    rules = [r["Properties"] for r in resources.values() if r["Type"] == "AWS::Events::Rule"]
    # one rule per pattern: no two patterns were given one id
    assert [rule["EventPattern"] for rule in rules] == patterns_of(factory)
    for rule in rules:
        (target,) = rule["Targets"]
        assert 1 <= len(target["Id"]) <= 64
    permissions = [r for r in resources.values() if r["Type"] == "AWS::Lambda::Permission"]
    assert len(permissions) == len(rules)


@pytest.mark.parametrize("factory", ["long_sources", "long_name", "digit_name", "emoji"])
def test_sam_ids_within_cloudformations_limits(factory: str) -> None:
    fragment = template(factory, "-f", "sam", "--failure-path")
    assert_ids_valid([*fragment["Events"], *fragment["Resources"]])
    assert [e["Properties"]["Pattern"] for e in fragment["Events"].values()] == patterns_of(factory)
    assert fragment["DeadLetterQueue"]["TargetArn"]["Ref"] in fragment["Resources"]


def test_non_ascii_text_is_written_as_utf8() -> None:
    result = runner.invoke(
        app, ["patterns", "tests.cli.pattern_routers:emoji", "-f", "cloudformation"]
    )
    assert result.exit_code == 0, result.output
    assert f"shop.{pattern_routers.EMOJI}".encode() in result.stdout_bytes


def test_ids_of_normal_names_are_unchanged() -> None:
    resources = template("long_target", "-f", "cloudformation", "--target-arn", LAMBDA)["Resources"]
    rule = "WarehouseReplenishmentComMycompanyPlatformInventoryServiceV1"
    assert sorted(resources) == [f"{rule}Permission", f"{rule}Rule"]
    # the Id alone is cut, to 64 characters, each time the same
    (target,) = resources[f"{rule}Rule"]["Properties"]["Targets"]
    assert target["Id"].startswith(rule[:50])
    assert len(target["Id"]) == 64
    again = template("long_target", "-f", "cloudformation", "--target-arn", LAMBDA)
    assert again["Resources"] == resources
