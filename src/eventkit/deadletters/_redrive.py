"""`eventkit dlq redrive`: send dead-lettered events back to a bus or a queue, unchanged.

Guarantees (docs/consuming.md, "Redriving a dead-letter queue"):
- the event is republished as it was, byte for byte (its original text, see `_original`;
  an event whose JSON holds NaN or Infinity is left in the queue): the same `detail` (so the
  same `event_id`, `idempotency_key`, `correlation_id` and `causation_id`), source,
  detail-type, resources and time; consumers deduplicate on the idempotency key;
- a message is deleted only after its republish succeeded and was written to the journal;
- within one run no message is sent twice; a re-run skips (and deletes) what the journal
  says was already sent. Only an interruption between a successful republish and its journal
  line sends it again on the next run (at-least-once).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from eventkit.deadletters._journal import Journal, queue_key
from eventkit.deadletters._messages import DeadLetter, Receiver, aws_error, kept, release
from eventkit.deadletters._original import NotRedrivable, detail_of, detail_text, event_text
from eventkit.errors import DeadLetterError

__all__ = ["RedriveReport", "Target", "redrive"]


@dataclass(frozen=True, slots=True)
class Target:
    """Where events go: an EventBridge bus (name or ARN) or an SQS queue (URL)."""

    kind: Literal["bus", "queue"]
    name: str

    def __post_init__(self) -> None:
        # any other kind was sent to as a queue URL
        if self.kind not in ("bus", "queue") or not isinstance(self.name, str) or not self.name:
            raise DeadLetterError(
                f"a redrive target is a bus or a queue, named: got {self.kind!r} {self.name!r:.80}",
                hint='Target("bus", "NAME-or-ARN") or Target("queue", "QUEUE_URL")',
            )

    @property
    def label(self) -> str:
        return f"{self.kind}:{self.name}"


@dataclass(slots=True)
class RedriveReport:
    """What one redrive did. ``received == redriven + already_redriven + skipped + failed``.

    Attributes:
        redriven: republished and deleted in this run (or, with `dry_run`, would be).
        already_redriven: found in the journal (sent by an earlier run): deleted, not sent.
        skipped: left in the queue because they cannot be redriven (unreadable, or, to a
            bus, an AWS service's event or one without `detail`, which PutEvents does not
            accept); each in `problems`.
        failed: the republish or the delete failed; left in the queue; each in `problems`.
        problems: (message id, why) for each skipped or failed message.
        unread: how many messages the queue still reported that this run did not reach
            (0 when it read every message, or stopped at `max_messages`); see
            `InspectReport.unread`. They stay in the queue.
    """

    queue_url: str
    target: str
    dry_run: bool = False
    received: int = 0
    redriven: int = 0
    already_redriven: int = 0
    skipped: int = 0
    failed: int = 0
    problems: list[dict[str, Any]] = field(default_factory=list)
    journal: str | None = None
    unread: int = 0

    @property
    def partial(self) -> bool:
        return self.unread > 0

    def as_json(self) -> dict[str, Any]:
        return {
            "queue_url": self.queue_url,
            "target": self.target,
            "dry_run": self.dry_run,
            "received": self.received,
            "redriven": self.redriven,
            "already_redriven": self.already_redriven,
            "skipped": self.skipped,
            "failed": self.failed,
            "problems": self.problems,
            "journal": self.journal,
            "unread": self.unread,
            "partial": self.partial,
        }

    def note(self, letter: DeadLetter, status: Literal["skipped", "failed"], why: str) -> None:
        if status == "skipped":
            self.skipped += 1
        else:
            self.failed += 1
        self.problems.append({"message_id": letter.message_id, "status": status, "why": why})


Progress = Callable[[int], None]


def redrive(
    sqs: Any,
    queue_url: str,
    target: Target,
    *,
    journal: Journal | None,
    events_client: Any = None,
    dry_run: bool = False,
    max_messages: int | None = None,
    visibility_timeout: int = 300,
    wait_seconds: int = 1,
    progress: Progress | None = None,
) -> RedriveReport:
    """Republish the events of `queue_url` to `target`, deleting each message after.

    `journal` is required unless `dry_run`. `progress(n)` is called after each batch was
    republished and journalled, before its messages are deleted.

    Raises:
        DeadLetterError: the queue cannot be read, the journal cannot be written, or
            (unless `dry_run`) there is no journal, or `target` is `queue_url` itself, which
            would never end.
    """
    _refuse_endless_or_unjournalled(sqs, queue_url, target, journal, dry_run)
    report = RedriveReport(queue_url, target.label, dry_run=dry_run)
    report.journal = str(journal.path) if journal is not None else None
    # received, not deleted: made visible again at the end (ids and handles only, `kept`)
    left: list[DeadLetter] = []
    reader = Receiver(
        sqs,
        queue_url,
        max_messages=max_messages,
        visibility_timeout=visibility_timeout,
        wait_seconds=wait_seconds,
    )
    try:
        for batch in reader.batches(held=lambda: left):
            report.received += len(batch)
            done: list[DeadLetter] = []
            send: list[tuple[DeadLetter, str]] = []
            for letter in batch:
                if journal is not None and letter.message_id in journal:
                    done.append(letter)
                    continue
                try:
                    text = _original(letter, target)
                except NotRedrivable as exc:
                    report.note(letter, "skipped", str(exc))
                    left.append(kept(letter))
                    continue
                send.append((letter, text))
            if dry_run:
                report.redriven += len(send)
                report.already_redriven += len(done)
                left.extend(kept(letter) for letter in done + [letter for letter, _ in send])
                if progress is not None:
                    progress(len(batch))
                continue
            sent = _republish(sqs, events_client, target, send, report)
            sent_ids = {letter.message_id for letter in sent}
            left.extend(kept(letter) for letter, _ in send if letter.message_id not in sent_ids)
            if journal is not None:
                journal.record((letter.message_id, _event_id(letter)) for letter in sent)
            if progress is not None:
                progress(len(batch))
            deleted = _delete(sqs, queue_url, done + sent, report, reader.handle)
            report.redriven += sum(1 for letter in sent if letter.message_id in deleted)
            report.already_redriven += sum(1 for letter in done if letter.message_id in deleted)
            # not deleted: visible again at the end; the next run deletes them (journal)
            left.extend(kept(letter) for letter in done + sent if letter.message_id not in deleted)
        report.unread = reader.unread
    except DeadLetterError as exc:  # the queue or the journal failed midway: keep the count
        if exc.report is None:
            exc.report = report
        raise
    finally:
        release(sqs, queue_url, left, reader.handle)
    return report


def _refuse_endless_or_unjournalled(
    sqs: Any, queue_url: str, target: Target, journal: Journal | None, dry_run: bool
) -> None:
    if journal is None and not dry_run:
        # without one, a message would be deleted with nothing recorded: an interrupted run
        # could not be resumed without sending again what it had sent
        raise DeadLetterError(
            f"redrive of {queue_url} needs a journal (or dry_run=True)",
            queue_url=queue_url,
            hint="pass journal=Journal(folder, queue_url, target.label)",
        )
    # (a dry run sends nothing, so it cannot loop)
    if not dry_run and target.kind == "queue" and _same_queue(sqs, queue_url, target.name):
        raise DeadLetterError(
            f"cannot redrive {queue_url} to itself: each message sent back would be received "
            "again as a new one, without end",
            queue_url=queue_url,
            hint="name the queue the events came from (--to-queue URL) or their bus (--to-bus)",
        )


def _same_queue(sqs: Any, queue_url: str, other_url: str) -> bool:
    """Whether two queue URLs name one queue: the same text, or (another spelling of the
    endpoint) the same ARN. A queue that cannot be asked is taken as another one."""
    if queue_key(queue_url) == queue_key(other_url):
        return True
    arn = _queue_arn(sqs, queue_url)
    return arn is not None and arn == _queue_arn(sqs, other_url)


def _queue_arn(sqs: Any, queue_url: str) -> str | None:
    try:
        arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])[
            "Attributes"
        ]["QueueArn"]
    except Exception:  # no such queue, no permission: the receive or the send says so
        return None
    return arn if isinstance(arn, str) else None


def _original(letter: DeadLetter, target: Target) -> str:
    """The event's original text, to send unchanged; raises `NotRedrivable` when it cannot be."""
    if letter.event is None:
        error = letter.error
        raise NotRedrivable(f"cannot be read ({error.reason if error else 'unknown'}): {error}")
    source = letter.event.get("source")
    if target.kind == "bus" and isinstance(source, str) and source.startswith("aws."):
        raise NotRedrivable(
            f"an AWS service's event ({source}): PutEvents does not take aws.* sources"
        )
    try:
        text = event_text(letter)
        if target.kind == "bus":
            # PutEvents needs a `Detail`: an event without one is refused here, for this
            # message alone, not when the batch's entries are built (which would end the run)
            detail_text(text)
    except NotRedrivable as exc:
        raise NotRedrivable(f"cannot be republished unchanged: {exc}") from None
    return text


def _event_id(letter: DeadLetter) -> str | None:
    detail = detail_of(letter.event)
    metadata = detail.get("metadata") if detail is not None else None
    event_id = metadata.get("event_id") if isinstance(metadata, Mapping) else None
    if isinstance(event_id, str):
        return event_id
    fallback = letter.event.get("id") if letter.event is not None else None
    return fallback if isinstance(fallback, str) else None


def _republish(
    sqs: Any,
    events: Any,
    target: Target,
    letters: list[tuple[DeadLetter, str]],
    report: RedriveReport,
) -> list[DeadLetter]:
    """Send each letter's event (its original text); the ones that were accepted."""
    if not letters:
        return []
    if target.kind == "bus":
        return _to_bus(events, target.name, letters, report)
    return [letter for letter, text in letters if _to_queue(sqs, target.name, letter, text, report)]


def _to_bus(
    events: Any, bus: str, letters: list[tuple[DeadLetter, str]], report: RedriveReport
) -> list[DeadLetter]:
    entries = [_entry(bus, letter, text) for letter, text in letters]
    try:
        response = events.put_events(Entries=entries)
    except Exception as exc:
        if len(letters) > 1 and _refused_whole(exc):  # e.g. over the request size: one by one
            sent: list[DeadLetter] = []
            for one in letters:
                sent.extend(_to_bus(events, bus, [one], report))
            return sent
        # Any other failure may come after EventBridge put the events (a read timeout):
        # sending them again now would send them twice in this run. They stay in the queue.
        why = f"PutEvents failed: {aws_error(exc, bus, 'publish to')}"
        for letter, _ in letters:
            report.note(letter, "failed", why)
        return []
    accepted: list[DeadLetter] = []
    results = response.get("Entries", [])
    results = results if isinstance(results, list) else []
    for i, (letter, _) in enumerate(letters):
        # PutEvents answers one result per entry, in order; a letter without one may or may
        # not have been put, so it stays in the queue (at-least-once), out of the journal
        result = results[i] if i < len(results) and isinstance(results[i], Mapping) else None
        if result is None:
            report.note(
                letter, "failed", "PutEvents returned no result for it; it may have been sent"
            )
        elif result.get("EventId") and not result.get("ErrorCode"):
            accepted.append(letter)
        else:
            report.note(
                letter,
                "failed",
                f"PutEvents refused it: {result.get('ErrorCode')}: {result.get('ErrorMessage')}",
            )
    return accepted


def _refused_whole(exc: Exception) -> bool:
    """Whether EventBridge refused the whole request before putting anything: a
    `ValidationException` (over the size limit, too many entries), which fewer entries may
    pass."""
    response = getattr(exc, "response", None)
    error = response.get("Error") if isinstance(response, Mapping) else None
    return isinstance(error, Mapping) and error.get("Code") == "ValidationException"


def _entry(bus: str, letter: DeadLetter, text: str) -> dict[str, Any]:
    """The PutEvents entry: the `Detail` is the original `detail` text, as it arrived."""
    event = letter.event or {}
    entry: dict[str, Any] = {
        "EventBusName": bus,
        "Source": event["source"],
        "DetailType": event["detail-type"],
        "Detail": detail_text(text),
    }
    resources = event.get("resources")
    if isinstance(resources, list) and all(isinstance(r, str) for r in resources):
        entry["Resources"] = resources
    if isinstance(event.get("time"), str):
        entry["Time"] = event["time"]
    return entry


def _to_queue(
    sqs: Any, queue_url: str, letter: DeadLetter, text: str, report: RedriveReport
) -> bool:
    """Send the event's original text. On a FIFO queue, deduplicate on the dead-letter
    message's id: unique to this dead-lettering, the same for a retry of this send. (Not the
    event id: SQS would drop, as a duplicate of the earlier redrive, the same event
    dead-lettered again and redriven within 5 minutes, and its message would be deleted.)"""
    event = letter.event or {}
    params: dict[str, Any] = {"QueueUrl": queue_url, "MessageBody": text}
    if queue_url.endswith(".fifo"):
        params["MessageGroupId"] = letter.group_id or str(event.get("source"))
        params["MessageDeduplicationId"] = letter.message_id[:128]
    try:
        sqs.send_message(**params)
    except Exception as exc:
        report.note(letter, "failed", f"SendMessage failed: {aws_error(exc, queue_url, 'send to')}")
        return False
    return True


def _delete(
    sqs: Any,
    queue_url: str,
    letters: list[DeadLetter],
    report: RedriveReport,
    handle: Callable[[DeadLetter], str],
) -> set[str]:
    deleted: set[str] = set()
    for start in range(0, len(letters), 10):
        chunk = letters[start : start + 10]
        entries = [
            {"Id": str(i), "ReceiptHandle": handle(letter)} for i, letter in enumerate(chunk)
        ]
        try:
            response = sqs.delete_message_batch(QueueUrl=queue_url, Entries=entries)
        except Exception as exc:
            for letter in chunk:
                report.note(letter, "failed", f"sent, but not deleted: {exc}; the journal has it")
            continue
        failed = {f.get("Id") for f in response.get("Failed", [])}
        for i, letter in enumerate(chunk):
            if str(i) in failed:
                report.note(letter, "failed", "sent, but not deleted; the journal has it")
            else:
                deleted.add(letter.message_id)
    return deleted
