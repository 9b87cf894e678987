"""Read an SQS queue of EventBridge events in batches and feed them to a router, as Lambda's
SQS event source mapping would (local runs, the demo, workers outside Lambda).

boto3 is imported only when no client is given, so `import eventkit.routing` stays light.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from eventkit.routing._batch import Outcome

if TYPE_CHECKING:
    from eventkit.routing._router import Router

__all__ = ["DrainResult", "drain"]


@dataclass(frozen=True, slots=True)
class DrainResult:
    """Counts of one drain; ``delivered == handled + ignored + failed`` always.

    Attributes:
        delivered: messages received from the queue.
        handled: messages whose handler ran and returned; deleted from the queue.
        ignored: messages with no handler under an ignore/log policy; deleted too.
        failed: messages that failed; left in the queue for redelivery (or its DLQ).
        batches: receive calls that returned messages.
        failures: the outcome of each failed message, with its error.
    """

    delivered: int = 0
    handled: int = 0
    ignored: int = 0
    failed: int = 0
    batches: int = 0
    failures: tuple[Outcome, ...] = field(default=(), repr=False)

    def __add__(self, other: DrainResult) -> DrainResult:
        return DrainResult(
            self.delivered + other.delivered,
            self.handled + other.handled,
            self.ignored + other.ignored,
            self.failed + other.failed,
            self.batches + other.batches,
            self.failures + other.failures,
        )


def drain(
    router: Router,
    queue_url: str,
    *,
    sqs_client: Any = None,
    batch_size: int = 10,
    wait_seconds: int = 0,
    visibility_timeout: int = 30,
    max_messages: int | None = None,
    context: Any = None,
) -> DrainResult:
    """Receive messages in batches until the queue is empty, handling each batch with `router`.

    Handled and ignored messages are deleted; failed ones stay invisible for
    `visibility_timeout` seconds (so one drain does not see them twice) and then return, as
    with Lambda's partial batch response.

    Args:
        router: the router to feed.
        queue_url: the SQS queue holding EventBridge events.
        sqs_client: a boto3 SQS client (default: a new one from the default session).
        batch_size: messages per receive (1-10).
        wait_seconds: long-poll time per receive; the drain stops at the first empty one.
        visibility_timeout: how long failed messages stay hidden.
        max_messages: stop after about this many messages (whole batches).
        context: passed to handlers as the Lambda context.
    """
    if sqs_client is None:
        import boto3  # only when no client is injected

        sqs_client = boto3.client("sqs")
    total = DrainResult()
    while max_messages is None or total.delivered < max_messages:
        response = sqs_client.receive_message(
            QueueUrl=queue_url,
            MaxNumberOfMessages=batch_size,
            WaitTimeSeconds=wait_seconds,
            VisibilityTimeout=visibility_timeout,
            AttributeNames=["All"],
            MessageAttributeNames=["All"],
        )
        messages = response.get("Messages", [])
        if not messages:
            break
        records = [_lambda_record(message) for message in messages]
        result = router.process_batch({"Records": records}, context)
        failed = {o.message_id for o in result.failures}
        done = [
            {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]}
            for i, m in enumerate(messages)
            if m["MessageId"] not in failed
        ]
        if done:
            sqs_client.delete_message_batch(QueueUrl=queue_url, Entries=done)
        total = total + DrainResult(
            len(messages), result.handled, result.ignored, result.failed, 1, result.failures
        )
    return total


def _lambda_record(message: dict[str, Any]) -> dict[str, Any]:
    """An SQS message as Lambda's event source mapping presents it."""
    return {
        "messageId": message["MessageId"],
        "receiptHandle": message["ReceiptHandle"],
        "body": message["Body"],
        "attributes": message.get("Attributes", {}),
        "messageAttributes": {
            name: _lambda_attribute(value)
            for name, value in message.get("MessageAttributes", {}).items()
        },
        "md5OfBody": message.get("MD5OfBody"),
        "eventSource": "aws:sqs",
    }


def _lambda_attribute(value: dict[str, Any]) -> dict[str, Any]:
    """A message attribute as Lambda spells it (``stringValue``), not as boto3 does."""
    attribute: dict[str, Any] = {
        "dataType": value.get("DataType"),
        "stringListValues": [],
        "binaryListValues": [],
    }
    if "StringValue" in value:
        attribute["stringValue"] = value["StringValue"]
    if "BinaryValue" in value:
        attribute["binaryValue"] = value["BinaryValue"]
    return attribute
