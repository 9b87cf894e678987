"""`eventkit dlq inspect`: what a dead-letter queue holds, grouped by event type, major and
error, each event parsed with a router's models when one is given. Nothing is deleted: every
message is made visible again at the end."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from eventkit.deadletters._messages import DeadLetter, Receiver, kept, release
from eventkit.deadletters._original import detail_of
from eventkit.envelope import version_major
from eventkit.errors import DeadLetterError, DispatchError

if TYPE_CHECKING:
    from eventkit.routing import Router

__all__ = ["Group", "InspectReport", "inspect_queue"]


@dataclass(slots=True)
class Group:
    """Messages of one event type and major that failed with the same error.

    Attributes:
        source, detail_type: the event type.
        major: the major version (None for a foreign event).
        error: what Lambda recorded (``"<errorType>: <message>"``), None when nothing was
            recorded (e.g. a queue's own redrive DLQ).
        message_ids: the messages, in the order received.
        parsed: with a router, how many parse into its typed model.
        invalid: with a router, each message that does not: (message id, error code, fields).
        unhandled: with a router, how many are of a type it has no handler for.
    """

    source: str
    detail_type: str
    major: int | None
    error: str | None
    message_ids: list[str] = field(default_factory=list)
    parsed: int = 0
    invalid: list[dict[str, Any]] = field(default_factory=list)
    unhandled: int = 0

    @property
    def count(self) -> int:
        return len(self.message_ids)

    def as_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "detail_type": self.detail_type,
            "major": self.major,
            "error": self.error,
            "count": self.count,
            "message_ids": self.message_ids,
            "parsed": self.parsed,
            "invalid": self.invalid,
            "unhandled": self.unhandled,
        }


@dataclass(slots=True)
class InspectReport:
    """What `inspect_queue` found. `received == sum(group counts) + len(unreadable)`.

    `unread` is how many messages the queue still reported that this read did not reach
    (0 when it read every message, or stopped at `max_messages`): the report is then partial.
    A FIFO queue hands out no more messages of a group while some are held, so without
    deleting, at most 10 messages of each group can be read.
    """

    queue_url: str
    received: int = 0
    groups: list[Group] = field(default_factory=list)
    unreadable: list[dict[str, Any]] = field(default_factory=list)
    unread: int = 0

    @property
    def partial(self) -> bool:
        return self.unread > 0

    def as_json(self) -> dict[str, Any]:
        return {
            "queue_url": self.queue_url,
            "received": self.received,
            "groups": [group.as_json() for group in self.groups],
            "unreadable": self.unreadable,
            "unread": self.unread,
            "partial": self.partial,
        }


def inspect_queue(
    sqs: Any,
    queue_url: str,
    *,
    router: Router | None = None,
    max_messages: int | None = None,
    visibility_timeout: int = 120,
    wait_seconds: int = 1,
    progress: Callable[[int], None] | None = None,
) -> InspectReport:
    """Read every message of `queue_url` (or `max_messages`) and group them; delete nothing.

    The messages stay invisible to other readers while they are read (up to
    `visibility_timeout` seconds) and are made visible again at the end.
    """
    report = InspectReport(queue_url)
    groups: dict[tuple[str, str, int | None, str | None], Group] = {}
    held: list[DeadLetter] = []
    reader = Receiver(
        sqs,
        queue_url,
        max_messages=max_messages,
        visibility_timeout=visibility_timeout,
        wait_seconds=wait_seconds,
    )
    try:
        for batch in reader.batches(held=lambda: held):
            held.extend(kept(letter) for letter in batch)  # ids and handles only
            for letter in batch:
                _add(report, groups, letter, router)
            if progress is not None:
                progress(len(batch))
        report.unread = reader.unread
    except DeadLetterError as exc:  # the queue failed midway: keep what was read
        if exc.report is None:
            report.groups = _ordered(groups)
            exc.report = report
        raise
    finally:
        release(sqs, queue_url, held, reader.handle)
    report.groups = _ordered(groups)
    return report


def _ordered(groups: dict[tuple[str, str, int | None, str | None], Group]) -> list[Group]:
    return sorted(groups.values(), key=lambda g: (-g.count, g.source, g.detail_type))


def _add(
    report: InspectReport,
    groups: dict[tuple[str, str, int | None, str | None], Group],
    letter: DeadLetter,
    router: Router | None,
) -> None:
    report.received += 1
    if letter.event is None:
        error = letter.error
        report.unreadable.append(
            {
                "message_id": letter.message_id,
                "code": error.code if error else None,
                "reason": error.reason if error else None,
                "received_keys": list(error.received_keys) if error else [],
                "message": str(error) if error else None,
            }
        )
        return
    event = letter.event
    key = (str(event["source"]), str(event["detail-type"]), _major(event), _error(letter))
    group = groups.get(key)
    if group is None:
        group = groups[key] = Group(*key)
    group.message_ids.append(letter.message_id)
    if router is None:
        return
    try:
        parsed = router.parse(dict(event), message_id=letter.message_id)
    except DispatchError as exc:
        group.invalid.append(
            {
                "message_id": letter.message_id,
                "code": exc.code,
                "fields": [list(pair) for pair in exc.fields],
                "message": str(exc),
            }
        )
        return
    if parsed is None:
        group.unhandled += 1
    else:
        group.parsed += 1


def _major(event: Any) -> int | None:
    detail = detail_of(event)
    metadata = detail.get("metadata") if detail is not None else None
    version = metadata.get("version") if isinstance(metadata, Mapping) else None
    if not isinstance(version, str):
        return None
    # ASCII digits only, as the router reads a major: `"²".isdigit()` is true, `int("²")` fails
    head = version_major(version)
    return int(head) if head is not None and len(head) < 10 else None


def _error(letter: DeadLetter) -> str | None:
    failure = letter.failure
    if failure is None:
        return None
    message = (failure.error_message or "").strip().splitlines()
    text = message[0][:200] if message else ""
    if failure.error_type:
        return f"{failure.error_type}: {text}" if text else failure.error_type
    return text or (f"HTTP {failure.status_code}" if failure.status_code else "unknown")
