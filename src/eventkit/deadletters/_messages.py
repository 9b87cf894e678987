"""Receiving a dead-letter queue: every message once, each read into the EventBridge event it
holds (whatever shape Lambda or SNS left it in) or the error saying why it cannot be read.

Messages stay invisible (received, not deleted) until the caller deletes or releases them,
so one pass sees each message once; `release` makes the ones left visible again at once.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from eventkit.context import Delivery, Failure
from eventkit.envelope import unwrap_delivery
from eventkit.errors import DeadLetterError, EventParseError
from eventkit.json_text import JsonTextError, read_json

__all__ = [
    "DeadLetter",
    "Receiver",
    "aws_error",
    "kept",
    "read_message",
    "release",
    "set_visibility",
]


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


def kept(letter: DeadLetter) -> DeadLetter:
    """`letter` without its message and event: what holding or releasing it needs (its id
    and receipt handle). A pass keeps every message it holds until the end; whole messages
    (up to 1 MiB each, and their parsed events) would grow with the queue."""
    return DeadLetter(letter.message_id, letter.receipt_handle, {})


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


class Receiver:
    """Receives every message of a queue once, in batches of up to 10 (or `max_messages`).

    A message seen before in this pass (its invisibility ran out, SQS handed it out again)
    is not yielded again; its new receipt handle replaces the old one (`handle`), and the
    receive that returned it holds it again. A receive that brings nothing new is not taken
    as the end while the queue reports messages this pass has not read: the pass ends after
    a few such receives, and `unread` then says how many the queue still reported (0 when
    the pass read everything, or stopped at `max_messages`). A FIFO queue hands out no more
    messages of a group while some of its messages are held, so a pass that deletes nothing
    reads at most 10 of each group; `unread` counts the rest.

    Attributes:
        seen: every message id received in this pass.
        unread: after the pass, how many messages the queue reported beyond those read.
    """

    IDLE_RECEIVES = 3
    """Receives in a row that bring nothing new after which the pass ends."""

    STALE_RECEIVES = 50
    """Receives in a row that bring only messages already read after which the pass ends."""

    def __init__(
        self,
        sqs: Any,
        queue_url: str,
        *,
        max_messages: int | None,
        visibility_timeout: int,
        wait_seconds: int,
    ) -> None:
        self.sqs = sqs
        self.queue_url = queue_url
        self.max_messages = max_messages
        self.visibility_timeout = visibility_timeout
        self.wait_seconds = wait_seconds
        self.seen: set[str] = set()
        self.unread = 0
        self._handles: dict[str, str] = {}

    def handle(self, letter: DeadLetter) -> str:
        """The receipt handle of `letter`'s latest receive."""
        return self._handles.get(letter.message_id, letter.receipt_handle)

    def batches(self, held: Callable[[], Sequence[DeadLetter]]) -> Iterator[list[DeadLetter]]:
        """The messages not seen before, batch by batch.

        `held()` is the received messages the caller still holds (neither deleted nor
        released): they are held again before their visibility timeout runs out, however long
        the pass takes, and the queue's count of them is told from unread ones.
        """
        empty = stale = 0
        renewed = time.monotonic()
        while self.max_messages is None or len(self.seen) < self.max_messages:
            if time.monotonic() - renewed > self.visibility_timeout / 2:
                self._hold(held())
                renewed = time.monotonic()
            want = 10 if self.max_messages is None else min(10, self.max_messages - len(self.seen))
            messages = self._receive(want)
            fresh = [m for m in messages if m.get("MessageId") not in self.seen]
            for message in messages:
                if message.get("MessageId") in self.seen:
                    self._handles[str(message.get("MessageId"))] = str(message.get("ReceiptHandle"))
            if fresh:
                empty = stale = 0
                self.seen.update(str(m.get("MessageId")) for m in fresh)
                yield [read_message(m) for m in fresh]
                continue
            if messages:  # only messages read before: the receive held them again
                stale += 1
                if stale >= self.STALE_RECEIVES:
                    break
                continue
            empty, stale = empty + 1, 0
            if empty >= self.IDLE_RECEIVES or self._left(held) <= 0:
                break
        self.unread = 0 if self._reached_max() else max(0, self._left(held))

    def _reached_max(self) -> bool:
        return self.max_messages is not None and len(self.seen) >= self.max_messages

    def _left(self, held: Callable[[], Sequence[DeadLetter]]) -> int:
        """How many messages the queue reports beyond those this pass holds."""
        try:
            attributes = self.sqs.get_queue_attributes(
                QueueUrl=self.queue_url,
                AttributeNames=[
                    "ApproximateNumberOfMessages",
                    "ApproximateNumberOfMessagesNotVisible",
                ],
            )["Attributes"]
            total = int(attributes.get("ApproximateNumberOfMessages", 0)) + int(
                attributes.get("ApproximateNumberOfMessagesNotVisible", 0)
            )
        except Exception:  # no count: trust the empty receive, as SQS's own tools do
            return 0
        return total - len(held())

    def _hold(self, letters: Sequence[DeadLetter]) -> None:
        """Hold `letters` for another `visibility_timeout` from now (one that comes back
        meanwhile is received again and held then)."""
        set_visibility(self.sqs, self.queue_url, letters, self.visibility_timeout, self.handle)

    def _receive(self, want: int) -> list[Mapping[str, Any]]:
        try:
            response = self.sqs.receive_message(
                QueueUrl=self.queue_url,
                MaxNumberOfMessages=want,
                WaitTimeSeconds=self.wait_seconds,
                VisibilityTimeout=self.visibility_timeout,
                AttributeNames=["All"],
                MessageAttributeNames=["All"],
            )
        except Exception as exc:
            raise aws_error(exc, self.queue_url, "read") from exc
        messages = response.get("Messages", [])
        return messages if isinstance(messages, list) else []


def release(
    sqs: Any,
    queue_url: str,
    letters: list[DeadLetter],
    handle: Callable[[DeadLetter], str] | None = None,
) -> None:
    """Make `letters` visible again now (they stay in the queue, untouched)."""
    set_visibility(sqs, queue_url, letters, 0, handle)


def set_visibility(
    sqs: Any,
    queue_url: str,
    letters: Sequence[DeadLetter],
    timeout: int,
    handle: Callable[[DeadLetter], str] | None = None,
) -> None:
    """Make `letters` invisible for `timeout` seconds from now, ten per call. Best effort: a
    message whose change fails becomes visible when its current timeout ends, unchanged."""
    for start in range(0, len(letters), 10):
        entries = [
            {
                "Id": str(i),
                "ReceiptHandle": handle(letter) if handle else letter.receipt_handle,
                "VisibilityTimeout": timeout,
            }
            for i, letter in enumerate(letters[start : start + 10])
        ]
        try:
            sqs.change_message_visibility_batch(QueueUrl=queue_url, Entries=entries)
        except Exception:  # best effort (see above)
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
