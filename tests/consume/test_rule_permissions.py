"""`eventkit patterns --format cloudformation --target-arn ARN`: the rules can deliver.

A rule whose target is a Lambda function needs the function's permission for
events.amazonaws.com, or EventBridge cannot invoke it and the events reach neither the handler
nor its failure path. The fragment adds one `AWS::Lambda::Permission` per rule (a grant added to
the function's policy). For a queue or topic it adds nothing (their policy resources replace the
whole policy) and says on stderr what to add."""

from __future__ import annotations

import io
import json
import uuid
import zipfile
from typing import Any

import pytest
from typer.testing import CliRunner

from eventkit.cli import app
from eventkit.errors import EXIT_USAGE
from eventkit.testing import MotoServer

runner = CliRunner()
ROUTER = "tests.consume.sample_router:router"
FUNCTION = "arn:aws:lambda:us-east-1:123456789012:function:orders-consumer"
QUEUE = "arn:aws:sqs:eu-west-1:123456789012:orders"


def fragment(*args: str) -> tuple[dict[str, Any], str]:
    result = runner.invoke(app, ["patterns", ROUTER, "--format", "cloudformation", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout), result.stderr


def test_a_function_target_gets_each_rules_invoke_permission() -> None:
    template, stderr = fragment("--target-arn", FUNCTION)
    resources = template["Resources"]
    rules = sorted(name for name, r in resources.items() if r["Type"] == "AWS::Events::Rule")
    grants = {
        r["Properties"]["SourceArn"]["Fn::GetAtt"][0]: r["Properties"]
        for r in resources.values()
        if r["Type"] == "AWS::Lambda::Permission"
    }
    assert len(rules) == 2
    assert sorted(grants) == rules
    for grant in grants.values():
        assert grant["Action"] == "lambda:InvokeFunction"
        assert grant["FunctionName"] == FUNCTION
        assert grant["Principal"] == "events.amazonaws.com"
    assert stderr == ""


@pytest.mark.parametrize("qualifier", [":live", ":7", ":$LATEST"])
def test_a_function_version_or_alias_is_a_function_target(qualifier: str) -> None:
    template, _ = fragment("--target-arn", FUNCTION + qualifier)
    kinds = [r["Type"] for r in template["Resources"].values()]
    assert kinds.count("AWS::Lambda::Permission") == kinds.count("AWS::Events::Rule")


def test_a_queue_target_gets_no_policy_resource_and_a_note_on_stderr() -> None:
    template, stderr = fragment("--target-arn", QUEUE)
    kinds = {r["Type"] for r in template["Resources"].values()}
    assert kinds == {"AWS::Events::Rule"}  # a QueuePolicy would replace the queue's policy
    assert stderr.startswith("note: the rules need permission to deliver to " + QUEUE)
    assert "sqs:SendMessage" in stderr


@pytest.mark.parametrize(
    ("target", "needed"),
    [
        ("arn:aws:sns:eu-west-1:123456789012:orders", "sns:Publish"),
        ("arn:aws:states:eu-west-1:123456789012:stateMachine:orders", "RoleArn"),
    ],
)
def test_other_targets_get_a_note_naming_what_they_need(target: str, needed: str) -> None:
    template, stderr = fragment("--target-arn", target)
    assert {r["Type"] for r in template["Resources"].values()} == {"AWS::Events::Rule"}
    assert stderr.startswith("note: the rules need permission to deliver to " + target)
    assert needed in stderr


def test_no_target_no_note() -> None:
    template, stderr = fragment()
    assert {r["Type"] for r in template["Resources"].values()} == {"AWS::Events::Rule"}
    assert stderr == ""


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["--target-arn", "orders-consumer"], "is not an ARN"),
        (["--target-arn", ""], "is not an ARN"),
        (["--format", "json", "--target-arn", FUNCTION], "--target-arn"),
        (["--format", "sam", "--target-arn", FUNCTION], "--target-arn"),
    ],
)
def test_a_target_arn_that_cannot_be_used_is_a_usage_error(args: list[str], named: str) -> None:
    base = [] if "--format" in args else ["--format", "cloudformation"]
    result = runner.invoke(app, ["patterns", ROUTER, *base, *args])
    assert result.exit_code == EXIT_USAGE, result.output
    assert named in result.stderr
    assert "Traceback" not in result.output
    assert result.stdout == ""


def _function(moto_server: MotoServer) -> str:
    """A Lambda function on moto_server (created, never invoked: moto needs no Docker for it)."""
    role = moto_server.client("iam").create_role(
        RoleName=f"consumer-{uuid.uuid4().hex[:8]}",
        AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": []}),
    )["Role"]["Arn"]
    code = io.BytesIO()
    with zipfile.ZipFile(code, "w") as archive:
        archive.writestr("handler.py", "def handler(event, context):\n    return None\n")
    created = moto_server.client("lambda").create_function(
        FunctionName=f"orders-consumer-{uuid.uuid4().hex[:8]}",
        Runtime="python3.12",
        Role=role,
        Handler="handler.handler",
        Code={"ZipFile": code.getvalue()},
    )
    return str(created["FunctionArn"])


@pytest.mark.moto
def test_deployed_on_moto_each_rule_may_invoke_the_function(moto_server: MotoServer) -> None:
    function_arn = _function(moto_server)
    template, _ = fragment("--target-arn", function_arn, "--bus", "default")
    cloudformation = moto_server.client("cloudformation")
    stack = f"rules-{uuid.uuid4().hex[:8]}"
    cloudformation.create_stack(StackName=stack, TemplateBody=json.dumps(template))
    created = cloudformation.describe_stack_resources(StackName=stack)["StackResources"]
    rule_arns = sorted(
        moto_server.client("events").describe_rule(Name=r["PhysicalResourceId"])["Arn"]
        for r in created
        if r["ResourceType"] == "AWS::Events::Rule"
    )
    policy = json.loads(
        moto_server.client("lambda").get_policy(FunctionName=function_arn)["Policy"]
    )
    granted = sorted(
        s["Condition"]["ArnLike"]["AWS:SourceArn"]
        for s in policy["Statement"]
        if s["Principal"] == {"Service": "events.amazonaws.com"}
        and s["Action"] == "lambda:InvokeFunction"
    )
    assert len(rule_arns) == 2
    assert granted == rule_arns
