"""`eventkit patterns MODULE:ROUTER [--format json|cloudformation|sam]`."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from eventkit.cli import app
from eventkit.errors import EXIT_USAGE
from eventkit.patterns import validate_pattern
from tests.consume.sample_router import router

runner = CliRunner()


def invoke(*args: str) -> tuple[int, str]:
    """The exit code, and stdout on success (what a template pipe reads) or all output."""
    result = runner.invoke(app, ["patterns", *args])
    return result.exit_code, result.stdout if result.exit_code == 0 else result.output


def test_json_is_the_routers_patterns() -> None:
    code, output = invoke("tests.consume.sample_router:router")
    assert code == 0, output
    assert json.loads(output) == router.event_patterns()


def test_cloudformation_rules_one_per_pattern() -> None:
    code, output = invoke(
        "tests.consume.sample_router:router",
        "--format",
        "cloudformation",
        "--bus",
        "shop-events",
        "--target-arn",
        "arn:aws:sqs:eu-west-1:123456789012:orders",
    )
    assert code == 0, output
    resources = json.loads(output)["Resources"]
    # ids from the router's name and each pattern's source and majors (docs/consuming.md)
    assert sorted(resources) == ["OrdersConsumerAwsEc2Rule", "OrdersConsumerShopOrdersV1Rule"]
    for resource in resources.values():
        assert resource["Type"] == "AWS::Events::Rule"
        properties = resource["Properties"]
        assert properties["EventBusName"] == "shop-events"
        assert properties["Targets"][0]["Arn"].endswith(":orders")
        validate_pattern(properties["EventPattern"])
    assert [r["Properties"]["EventPattern"] for r in resources.values()] == router.event_patterns()


def test_sam_events_single_rule_per_router() -> None:
    code, output = invoke("tests.consume.sample_router:both", "-f", "sam", "--single")
    assert code == 0, output
    events = json.loads(output)["Events"]
    assert sorted(events) == ["Audit", "OrdersConsumer"]
    assert events["OrdersConsumer"]["Properties"]["Pattern"] == router.event_pattern()
    assert "$or" in events["OrdersConsumer"]["Properties"]["Pattern"]
    assert events["Audit"]["Type"] == "EventBridgeRule"


def test_json_for_several_routers_is_by_name() -> None:
    code, output = invoke("tests.consume.sample_router:both")
    assert code == 0, output
    assert sorted(json.loads(output)) == ["audit", "orders-consumer"]


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("tests.consume.sample_router", "MODULE:ATTRIBUTE"),
        ("tests.consume.no_such_module:router", "cannot import"),
        ("tests.consume.sample_router:missing", "no attribute"),
        ("tests.consume.sample_router:not_a_router", "not an eventkit Router"),
    ],
)
def test_bad_router_spec_is_a_usage_error(spec: str, message: str) -> None:
    code, output = invoke(spec)
    assert code == EXIT_USAGE
    assert message in output


def test_the_demo_consumers_render() -> None:
    code, output = invoke("shop_demo.consumers:build_consumers", "--single")
    assert code == 0, output
    assert sorted(json.loads(output)) == ["campaigns", "notifications", "operations", "payments"]
