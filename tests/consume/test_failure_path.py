"""Issue 14, "The failure path": `eventkit patterns --failure-path` emits a function's
DLQ -> SNS -> SQS resources; deployed as a CloudFormation stack on moto_server, a message
dead-lettered to the topic (as Lambda does: the event as the message, its error in attributes)
reaches the queue and the router reads it with the failure in the event context."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from typer.testing import CliRunner

from eventkit.cli import app
from eventkit.context import EventContext, current_event
from eventkit.errors import EXIT_USAGE
from eventkit.routing import Router, UpcasterRegistry, drain
from eventkit.testing import MotoServer
from tests.consume import shapes
from tests.consume.events import eb_event
from tests.consume.models import OrderPlacedV1, order_v1

runner = CliRunner()
ROUTER = "tests.consume.sample_router:router"


def patterns(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["patterns", ROUTER, *args])
    return result.exit_code, result.output


def test_cloudformation_failure_path_resources() -> None:
    code, output = patterns("--format", "cloudformation", "--failure-path")
    assert code == 0, output
    template = json.loads(output)
    types = {name: r["Type"] for name, r in template["Resources"].items()}
    assert types["OrdersConsumerDLQTopic"] == "AWS::SNS::Topic"
    assert types["OrdersConsumerDLQQueue"] == "AWS::SQS::Queue"
    assert types["OrdersConsumerDLQSubscription"] == "AWS::SNS::Subscription"
    assert types["OrdersConsumerDLQQueuePolicy"] == "AWS::SQS::QueuePolicy"
    assert "AWS::Events::Rule" in types.values()  # the rules are still there
    subscription = template["Resources"]["OrdersConsumerDLQSubscription"]["Properties"]
    assert subscription["RawMessageDelivery"] is True
    assert template["Outputs"]["OrdersConsumerDLQTopicArn"] == {
        "Value": {"Ref": "OrdersConsumerDLQTopic"}
    }


def test_sam_failure_path_names_the_topic_as_the_functions_dlq() -> None:
    code, output = patterns("--format", "sam", "--failure-path")
    assert code == 0, output
    fragment = json.loads(output)
    assert fragment["DeadLetterQueue"] == {
        "Type": "SNS",
        "TargetArn": {"Ref": "OrdersConsumerDLQTopic"},
    }
    assert set(fragment["Resources"]) >= {"OrdersConsumerDLQTopic", "OrdersConsumerDLQQueue"}
    assert fragment["Events"]  # unchanged


def test_failure_path_needs_a_template_format() -> None:
    code, output = patterns("--failure-path")
    assert code == EXIT_USAGE
    assert "--failure-path" in output
    assert "Traceback" not in output


def test_without_the_option_the_output_is_unchanged() -> None:
    code, output = patterns("--format", "cloudformation")
    assert code == 0
    assert set(json.loads(output)) == {"Resources"}


@pytest.mark.moto
def test_the_failure_path_deployed_on_moto_delivers_dead_letters_to_the_router(
    moto_server: MotoServer,
) -> None:
    code, output = patterns("--format", "cloudformation", "--failure-path")
    assert code == 0, output
    template = json.loads(output)
    # Only the failure path: the rules' default bus and targets are not under test here.
    template["Resources"] = {
        name: resource
        for name, resource in template["Resources"].items()
        if resource["Type"] != "AWS::Events::Rule"
    }
    cloudformation = moto_server.client("cloudformation")
    stack = f"failure-path-{uuid.uuid4().hex[:8]}"
    cloudformation.create_stack(StackName=stack, TemplateBody=json.dumps(template))
    outputs = {
        o["OutputKey"]: o["OutputValue"]
        for o in cloudformation.describe_stacks(StackName=stack)["Stacks"][0]["Outputs"]
    }
    topic_arn, queue_url = (
        outputs["OrdersConsumerDLQTopicArn"],
        outputs["OrdersConsumerDLQQueueUrl"],
    )
    # moto's CloudFormation creates no AWS::SNS::Subscription: make the one the template says.
    sqs: Any = moto_server.client("sqs")
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])[
        "Attributes"
    ]["QueueArn"]
    subscription = template["Resources"]["OrdersConsumerDLQSubscription"]["Properties"]
    assert subscription["Endpoint"] == {"Fn::GetAtt": ["OrdersConsumerDLQQueue", "Arn"]}
    assert subscription["TopicArn"] == {"Ref": "OrdersConsumerDLQTopic"}
    moto_server.client("sns").subscribe(
        TopicArn=topic_arn,
        Protocol=subscription["Protocol"],
        Endpoint=queue_arn,
        Attributes={"RawMessageDelivery": str(subscription["RawMessageDelivery"]).lower()},
    )

    # What Lambda publishes to its DLQ topic after the last retry of an asynchronous invocation.
    event = eb_event(order_v1(order_id="o-dead"))
    moto_server.client("sns").publish(
        TopicArn=topic_arn,
        Message=json.dumps(event),
        MessageAttributes={
            name: {"DataType": "Number" if name == "ErrorCode" else "String", "StringValue": value}
            for name, value in shapes.dlq_attributes().items()
        },
    )
    seen: list[tuple[str, EventContext]] = []
    router = Router(upcasters=UpcasterRegistry())

    @router.on(OrderPlacedV1)
    def on_order(order: OrderPlacedV1) -> None:
        ctx = current_event()
        assert ctx is not None
        seen.append((order.order_id, ctx))

    result = drain(router, queue_url, sqs_client=sqs)
    assert (result.delivered, result.handled) == (1, 1)
    [(order_id, ctx)] = seen
    assert order_id == "o-dead"
    assert ctx.failure is not None
    assert ctx.failure.request_id == shapes.REQUEST_ID
    assert ctx.failure.error_message == shapes.ERROR_MESSAGE
    assert ctx.delivery is not None
    assert ctx.delivery.via == ("sqs", "lambda-dlq")  # raw delivery: the body is the event
