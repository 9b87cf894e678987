"""Receiving a dead-letter queue: every message once, each read into the EventBridge event it
holds (whatever shape Lambda or SNS left it in) or the error saying why it cannot be read.

Messages stay invisible (received, not deleted) until the caller deletes or releases them,
so one pass sees each message once; `release` makes the ones left visible again at once.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from eventkit.context import Delivery, Failure
from eventkit.envelope import unwrap_delivery
from eventkit.errors import DeadLetterError, EventParseError
from eventkit.json_text import JsonTextError, read_json

__all__ = ["DeadLetter", "aws_error", "read_message", "receive", "release"]


@dataclass(frozen=True, slots=True)
class DeadLetter:
    """One message of a dead-letter queue.

    Attributes:
        message_id: SQS's id (the same at every receive of the message).
        receipt_handle: this receive's handle, to delete or release it.
        message: the message as `ReceiveMessage` returned it.
        event: the EventBridge event in it, or None when it cannot be read.
        delivery: how the event was wrapped (None when the body is the event itself).
        error: why the message cannot be read, when it cannot.
    """

    message_id: str
    receipt_handle: str
    message: Mapping[str, Any]
    event: Mapping[str, Any] | None = None
    delivery: Delivery | None = None
    error: EventParseError | None = None

    @property
    def failure(self) -> Failure | None:
        return None if self.delivery is None else self.delivery.failure

    @property
    def group_id(self) -> str | None:
        """The FIFO message group, for a message of a FIFO queue."""
        group = self.message.get("Attributes", {}).get("MessageGroupId")
        return group if isinstance(group, str) else None


def read_message(message: Mapping[str, Any]) -> DeadLetter:
    """The event in one received message (never raises for what the message holds)."""
    message_id = str(message.get("MessageId"))
    handle = str(message.get("ReceiptHandle"))
    body = message.get("Body")
    try:
        payload = read_json(body if isinstance(body, str) else "")
        event, delivery = unwrap_delivery(
            payload,
            via=("sqs",),
            attributes=message.get("MessageAttributes") or None,
            message_id=message_id,
        )
    except JsonTextError as exc:
        error = EventParseError(
            f"SQS message {message_id}: body {exc.problem}",
            message_id=message_id,
            fields=(("body", exc.problem),),
            reason=exc.reason,
        )
        return DeadLetter(message_id, handle, message, error=error)
    except EventParseError as exc:
        return DeadLetter(message_id, handle, message, error=exc)
    return DeadLetter(message_id, handle, message, event, delivery)


def receive(
    sqs: Any,
    queue_url: str,
    *,
    max_messages: int | None,
    visibility_timeout: int,
    wait_seconds: int,
) -> Iterator[list[DeadLetter]]:
    """Receive batches of up to 10 until the queue has no more (or `max_messages`).

    A message seen before in this pass (its invisibility ran out) is not yielded again.
    """
    seen: set[str] = set()
    while max_messages is None or len(seen) < max_messages:
        want = 10 if max_messages is None else min(10, max_messages - len(seen))
        try:
            response = sqs.receive_message(
                QueueUrl=queue_url,
                MaxNumberOfMessages=want,
                WaitTimeSeconds=wait_seconds,
                VisibilityTimeout=visibility_timeout,
                AttributeNames=["All"],
                MessageAttributeNames=["All"],
            )
        except Exception as exc:
            raise aws_error(exc, queue_url, "read") from exc
        messages = response.get("Messages", [])
        fresh = [m for m in messages if m.get("MessageId") not in seen]
        if not fresh:
            return
        seen.update(str(m.get("MessageId")) for m in fresh)
        yield [read_message(m) for m in fresh]


def release(sqs: Any, queue_url: str, letters: list[DeadLetter]) -> None:
    """Make `letters` visible again now (they stay in the queue, untouched)."""
    for start in range(0, len(letters), 10):
        entries = [
            {"Id": str(i), "ReceiptHandle": letter.receipt_handle, "VisibilityTimeout": 0}
            for i, letter in enumerate(letters[start : start + 10])
        ]
        try:
            sqs.change_message_visibility_batch(QueueUrl=queue_url, Entries=entries)
        except Exception:  # they come back anyway when their visibility timeout ends
            continue


def aws_error(exc: Exception, queue_url: str, doing: str) -> DeadLetterError:
    """An AWS failure as a `DeadLetterError` naming the queue and AWS's code."""
    response = getattr(exc, "response", None)
    code = None
    if isinstance(response, Mapping):
        code = response.get("Error", {}).get("Code")
    what = f"{code}: {exc}" if code else f"{type(exc).__name__}: {exc}"
    return DeadLetterError(
        f"cannot {doing} {queue_url}: {what}",
        queue_url=queue_url,
        aws_code=code if isinstance(code, str) else None,
        hint="check the queue URL, the Region and the credentials (sqs:ReceiveMessage, "
        "sqs:DeleteMessage, sqs:ChangeMessageVisibility)",
    )
