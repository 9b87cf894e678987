"""Read an SQS queue of EventBridge events in batches and feed them to a router, as Lambda's
SQS event source mapping would (local runs, the demo, workers outside Lambda).

boto3 is imported only when no client is given, so `import eventkit.routing` stays light.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from eventkit.errors import DrainError
from eventkit.routing._batch import Outcome

if TYPE_CHECKING:
    from eventkit.routing._router import Router

__all__ = ["DrainResult", "Undeleted", "drain"]

logger = logging.getLogger("eventkit.routing")


@dataclass(frozen=True, slots=True)
class Undeleted:
    """A message that was handled (or ignored) but not deleted: it is still in the queue and
    comes back after the visibility timeout, to be handled again.

    Attributes:
        message_id: the SQS message id.
        status: what the drain did with it, ``"handled"`` or ``"ignored"``.
        error_code: SQS's code for its entry of DeleteMessageBatch
            (``"ReceiptHandleIsInvalid"``), or, when the whole call failed, the AWS error
            code or the exception's class name; None when SQS's answer did not mention it.
        error: what went wrong, in words.
    """

    message_id: str
    status: Literal["handled", "ignored"]
    error_code: str | None
    error: str


@dataclass(frozen=True, slots=True)
class DrainResult:
    """Counts of one drain; ``delivered == handled + ignored + failed`` always.

    Attributes:
        delivered: messages received from the queue.
        handled: messages whose handler ran and returned.
        ignored: messages with no handler under an ignore/log policy.
        failed: messages that failed; left in the queue for redelivery (or its DLQ).
        batches: receive calls that returned messages.
        failures: the outcome of each failed message, with its error.
        undeleted: the handled and ignored messages whose delete failed, each with SQS's
            error: they come back after the visibility timeout and are handled again. Every
            other handled or ignored message was deleted (`deleted`).
    """

    delivered: int = 0
    handled: int = 0
    ignored: int = 0
    failed: int = 0
    batches: int = 0
    failures: tuple[Outcome, ...] = field(default=(), repr=False)
    undeleted: tuple[Undeleted, ...] = field(default=(), repr=False)

    @property
    def deleted(self) -> int:
        """Handled and ignored messages deleted from the queue (all but `undeleted`)."""
        return self.handled + self.ignored - len(self.undeleted)

    def __add__(self, other: DrainResult) -> DrainResult:
        return DrainResult(
            self.delivered + other.delivered,
            self.handled + other.handled,
            self.ignored + other.ignored,
            self.failed + other.failed,
            self.batches + other.batches,
            self.failures + other.failures,
            self.undeleted + other.undeleted,
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
    with Lambda's partial batch response. A handled message whose delete SQS refuses is
    listed in `DrainResult.undeleted` (it comes back too) and the drain goes on.

    Args:
        router: the router to feed.
        queue_url: the SQS queue holding EventBridge events.
        sqs_client: a boto3 SQS client (default: a new one from the default session).
        batch_size: messages per receive (1-10).
        wait_seconds: long-poll time per receive; the drain stops at the first empty one. With
            0 (short polls, which ask only some of SQS's servers), an empty answer while SQS
            still counts messages ready is confirmed by one long poll of a second.
        visibility_timeout: how long failed messages stay hidden.
        max_messages: stop after about this many messages (whole batches).
        context: passed to handlers as the Lambda context.

    Raises:
        DrainError: a receive or a delete raised (the exception is its `__cause__`); its
            `result` is this drain's result up to there, the batch whose delete raised
            included (those messages in `undeleted`).
    """
    if sqs_client is None:
        import boto3  # only when no client is injected

        sqs_client = boto3.client("sqs")
    total = DrainResult()

    def receive(wait: int) -> list[dict[str, Any]]:
        try:
            response = sqs_client.receive_message(
                QueueUrl=queue_url,
                MaxNumberOfMessages=batch_size,
                WaitTimeSeconds=wait,
                VisibilityTimeout=visibility_timeout,
                AttributeNames=["All"],
                MessageAttributeNames=["All"],
            )
        except Exception as exc:
            raise _stopped(exc, "receive from", queue_url, total) from exc
        return list(response.get("Messages", []))

    while max_messages is None or total.delivered < max_messages:
        messages = receive(wait_seconds)
        if not messages and wait_seconds == 0 and _visible(sqs_client, queue_url):
            # A short poll asks only some of SQS's servers: its empty answer can miss messages
            # still queued. A long poll asks them all; it is paid only when SQS counts some.
            messages = receive(_CONFIRM_WAIT_SECONDS)
        if not messages:
            break
        records = [_lambda_record(message) for message in messages]
        result = router.process_batch({"Records": records}, context)
        undeleted, error = _delete_done(sqs_client, queue_url, messages, result.outcomes)
        total = total + DrainResult(
            len(messages),
            result.handled,
            result.ignored,
            result.failed,
            1,
            result.failures,
            undeleted,
        )
        if error is not None:
            raise _stopped(error, "delete from", queue_url, total) from error
        for message in undeleted:
            logger.warning(
                "%s: SQS message %s was %s but not deleted (%s: %s); it comes back after the "
                "visibility timeout and is handled again",
                router.name,
                message.message_id,
                message.status,
                message.error_code,
                message.error,
                extra={"message_id": message.message_id, "sqs_error": message.error_code},
            )
    return total


# The long poll that confirms an empty short poll: SQS answers as soon as a message is there.
_CONFIRM_WAIT_SECONDS = 1


def _visible(sqs: Any, queue_url: str) -> bool:
    """Whether SQS counts messages ready to receive in the queue (an approximate count: it
    may lag, which costs one long poll, never a message)."""
    try:
        attributes = sqs.get_queue_attributes(
            QueueUrl=queue_url, AttributeNames=["ApproximateNumberOfMessages"]
        )["Attributes"]
        return int(attributes.get("ApproximateNumberOfMessages", 0)) > 0
    except Exception:  # no count (no permission for it): trust the empty answer, as before
        return False


def _delete_done(
    sqs: Any,
    queue_url: str,
    messages: Sequence[Mapping[str, Any]],
    outcomes: Sequence[Outcome],
) -> tuple[tuple[Undeleted, ...], Exception | None]:
    """Delete the handled and ignored messages of one batch: the ones not deleted, and the
    exception when the call raised (then none of them was)."""
    # A message id with any failed record stays: deleting one copy would delete them all.
    failed = {o.message_id for o in outcomes if o.status == "failed"}
    undeleted: list[Undeleted] = []
    done: dict[str, tuple[str, Literal["handled", "ignored"]]] = {}  # entry id -> message
    entries = []
    for i, (message, outcome) in enumerate(zip(messages, outcomes, strict=True)):
        if outcome.status == "failed":
            continue
        status: Literal["handled", "ignored"] = outcome.status
        if outcome.message_id in failed:
            undeleted.append(
                Undeleted(
                    outcome.message_id,
                    status,
                    None,
                    "another copy of this message in the batch failed; it stays in the queue",
                )
            )
            continue
        done[str(i)] = (outcome.message_id, status)
        entries.append({"Id": str(i), "ReceiptHandle": message["ReceiptHandle"]})
    if not entries:
        return tuple(undeleted), None
    try:
        response = sqs.delete_message_batch(QueueUrl=queue_url, Entries=entries)
    except Exception as exc:
        code, text = _aws_code(exc) or type(exc).__name__, str(exc)
        undeleted.extend(Undeleted(mid, status, code, text) for mid, status in done.values())
        return tuple(undeleted), exc
    refused = {str(f.get("Id")): f for f in response.get("Failed", []) if isinstance(f, Mapping)}
    succeeded = {str(s.get("Id")) for s in response.get("Successful", []) if isinstance(s, Mapping)}
    for entry_id, (message_id, status) in done.items():
        if entry_id in succeeded and entry_id not in refused:
            continue
        failure = refused.get(entry_id)
        if failure is None:
            undeleted.append(
                Undeleted(message_id, status, None, "DeleteMessageBatch did not report it")
            )
        else:
            sqs_code = failure.get("Code")
            undeleted.append(
                Undeleted(
                    message_id,
                    status,
                    sqs_code if isinstance(sqs_code, str) else None,
                    str(failure.get("Message") or "refused"),
                )
            )
    return tuple(undeleted), None


def _stopped(exc: Exception, doing: str, queue_url: str, result: DrainResult) -> DrainError:
    code = _aws_code(exc)
    return DrainError(
        f"drain stopped: cannot {doing} {queue_url}: {code or type(exc).__name__}: {exc} "
        f"(so far: {result.delivered} delivered, {result.handled} handled, "
        f"{result.ignored} ignored, {result.failed} failed, {len(result.undeleted)} "
        "handled or ignored but not deleted)",
        result=result,
        queue_url=queue_url,
        aws_code=code,
        hint="the messages not deleted come back after the visibility timeout",
    )


def _aws_code(exc: Exception) -> str | None:
    """AWS's error code of a botocore `ClientError`, else None."""
    response = getattr(exc, "response", None)
    error = response.get("Error") if isinstance(response, Mapping) else None
    code = error.get("Code") if isinstance(error, Mapping) else None
    return code if isinstance(code, str) and code else None


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
