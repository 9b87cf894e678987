"""Sending prepared entries: chunked requests, per-entry retries, every entry accounted for.

One `Sender` per publish call, holding the bus's settings of that moment; the bus's `Workers`
(shared by its calls) runs the chunks when the call asks for concurrency.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from itertools import repeat
from operator import attrgetter

from eventkit.errors import BusClosedError, PublishRequestError
from eventkit.publishing._batching import chunk
from eventkit.publishing._delivery import DeliveredEntry, FailedEntry, PreparedEvent, PublishResult
from eventkit.publishing._retry import RetryPolicy
from eventkit.publishing._workers import Workers
from eventkit.transports.base import EntryResult, Transport
from eventkit.transports.limits import RETRYABLE_ENTRY_CODES

__all__ = ["Sender"]

_by_index = attrgetter("index")

NOT_SENT = "NotSent"
MISSING_EVENT_ID = "MissingEventId"
BUS_CLOSED = "BusClosed"
INVALID_RESPONSE = "InvalidResponse"


@dataclass
class _Outcome:
    """What one call's workers found out; per call, never shared between calls."""

    delivered: list[DeliveredEntry] = field(default_factory=list)
    failed: list[FailedEntry] = field(default_factory=list)
    request_error: PublishRequestError | None = None
    stop: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)


@dataclass(frozen=True, slots=True)
class Sender:
    """Sends one call's prepared entries with the bus's settings at the time of the call."""

    bus_name: str
    transport: Transport
    retry: RetryPolicy
    max_request_bytes: int
    max_workers: int
    workers: Workers

    def send_all(
        self, prepared: list[PreparedEvent], *, max_workers: int | None = None
    ) -> tuple[PublishResult, PublishRequestError | None]:
        if not prepared:
            return PublishResult(), None
        if not self.workers.begin_call():
            return self._refused(prepared)
        outcome = _Outcome()
        try:
            indexed = list(enumerate(prepared))
            chunks = chunk(indexed, [p.size for p in prepared], max_bytes=self.max_request_bytes)
            workers = min(max_workers or self.max_workers, len(chunks))
            if workers <= 1:
                for part in chunks:
                    self._send_chunk(part, outcome)
            else:
                self.workers.run_all(chunks, lambda part: self._send_chunk(part, outcome), workers)
        finally:
            self.workers.end_call()
        result = PublishResult(
            tuple(sorted(outcome.delivered, key=_by_index)),
            tuple(sorted(outcome.failed, key=_by_index)),
        )
        return result, outcome.request_error

    def _refused(self, prepared: list[PreparedEvent]) -> tuple[PublishResult, PublishRequestError]:
        """A call after `close()`: nothing is sent, every entry is reported."""
        error = BusClosedError(
            f"EventBus for {self.bus_name!r} is closed",
            error_code=BUS_CLOSED,
            hint="publish before close(), or create a new EventBus; resending is safe",
            bus_name=self.bus_name,
        )
        failed = tuple(
            FailedEntry(i, p, BUS_CLOSED, "not sent: EventBus.close() was called", 0, False)
            for i, p in enumerate(prepared)
        )
        return PublishResult((), failed), error

    def _send(
        self, pending: list[tuple[int, PreparedEvent]]
    ) -> tuple[tuple[EntryResult, ...], bool]:
        """One request: one result per entry, in order, and whether the entries answered
        failed may be on the bus (`SendResult.maybe_delivered`). Anything a transport raises
        or any answer of the wrong shape becomes a `PublishRequestError` marked
        `maybe_delivered`: the request may have gone out, so its entries are of unknown
        outcome."""
        try:
            answer = self.transport.send([p.entry for _, p in pending])
        except PublishRequestError:
            raise
        except Exception as exc:
            raise PublishRequestError(
                f"{type(self.transport).__name__}.send raised {type(exc).__name__}: {exc}",
                error_code=type(exc).__name__,
                maybe_delivered=True,
            ) from exc
        results = getattr(answer, "entries", None)
        if (
            not isinstance(results, tuple | list)
            or len(results) != len(pending)
            or not all(map(isinstance, results, repeat(EntryResult)))  # no generator frame
        ):
            raise PublishRequestError(
                f"{type(self.transport).__name__}.send answered {_shape(answer)} for "
                f"{len(pending)} entries: which of them were delivered is unknown",
                error_code=INVALID_RESPONSE,
                maybe_delivered=True,
                hint="a transport returns a SendResult with one EntryResult per entry, in order",
            )
        return tuple(results), getattr(answer, "maybe_delivered", False) is True

    def _send_chunk(self, part: list[tuple[int, PreparedEvent]], outcome: _Outcome) -> None:
        delivered: list[DeliveredEntry] = []
        failed: list[FailedEntry] = []
        pending = part
        attempt = 0
        in_doubt = False  # sent, answer not yet read: an error now leaves the outcome unknown
        # entries answered failed after an attempt that may have been processed: whatever
        # happens to them later, they may be on the bus
        doubted: set[int] = set()
        try:
            while pending:
                if outcome.stop.is_set():
                    reason = (
                        outcome.request_error.error_code if outcome.request_error else "an error"
                    )
                    failed.extend(
                        FailedEntry(
                            i,
                            p,
                            NOT_SENT,
                            f"not sent: an earlier request failed ({reason})",
                            attempt,
                            True,
                            i in doubted,
                        )
                        for i, p in pending
                    )
                    pending = []
                    break
                attempt += 1
                try:
                    results, answer_in_doubt = self._send(pending)
                except PublishRequestError as exc:
                    failed.extend(
                        FailedEntry(
                            i,
                            p,
                            exc.error_code,
                            exc.message,
                            attempt,
                            exc.retryable,
                            exc.maybe_delivered or i in doubted,
                        )
                        for i, p in pending
                    )
                    pending = []
                    with outcome.lock:
                        if outcome.request_error is None:
                            outcome.request_error = exc
                    outcome.stop.set()
                    break
                in_doubt = True
                if answer_in_doubt:
                    doubted.update(i for i, _ in pending)
                retry: list[tuple[int, PreparedEvent]] = []
                # An `EntryResult` unpacked: its fields are its items (reading them by name is
                # a generic attribute lookup each in CPython 3.11).
                for (i, p), (event_id, error_code, error_message) in zip(
                    pending, results, strict=True
                ):
                    if error_code is None and event_id:
                        delivered.append(DeliveredEntry(i, p, event_id, attempt))
                    elif error_code in RETRYABLE_ENTRY_CODES and attempt < self.retry.max_attempts:
                        retry.append((i, p))
                    else:
                        code = error_code or MISSING_EVENT_ID
                        failed.append(
                            FailedEntry(
                                i,
                                p,
                                code,
                                error_message or "no EventId and no error code in the response",
                                attempt,
                                code in RETRYABLE_ENTRY_CODES,
                                # accepted or not: nobody said, or an earlier attempt may have
                                code == MISSING_EVENT_ID or i in doubted,
                            )
                        )
                in_doubt = False
                pending = retry
                if pending:
                    self.retry.wait(attempt)
        except Exception as exc:  # a malformed result, a retry policy that raised: report all
            seen = {d.index for d in delivered} | {f.index for f in failed}
            failed.extend(
                FailedEntry(
                    i,
                    p,
                    INVALID_RESPONSE if in_doubt else type(exc).__name__,
                    f"{type(exc).__name__}: {exc}",
                    attempt,
                    False,
                    in_doubt or i in doubted,
                )
                for i, p in pending
                if i not in seen
            )
        except BaseException as exc:
            # SystemExit or KeyboardInterrupt while sending (a target of the in-memory
            # EventBridge calling sys.exit(), a transport interrupted): the request may have
            # gone out. In one of the bus's threads it would end that thread alone, its
            # entries in no list; they are reported, of unknown outcome, and the call stops.
            failed.extend(_interrupted(pending, delivered, failed, exc, attempt))
            outcome.stop.set()
            raise
        finally:
            with outcome.lock:
                outcome.delivered.extend(delivered)
                outcome.failed.extend(failed)


def _interrupted(
    pending: list[tuple[int, PreparedEvent]],
    delivered: list[DeliveredEntry],
    failed: list[FailedEntry],
    exc: BaseException,
    attempt: int,
) -> list[FailedEntry]:
    """The entries of a chunk not yet accounted for when `exc` interrupted it."""
    seen = {d.index for d in delivered} | {f.index for f in failed}
    name = type(exc).__name__
    return [
        FailedEntry(i, p, name, f"{name} while it was being sent", attempt, False, True)
        for i, p in pending
        if i not in seen
    ]


def _shape(answer: object) -> str:
    """What a transport answered, for the error message."""
    results = getattr(answer, "entries", None)
    if not isinstance(results, tuple | list):
        return f"a {type(answer).__name__} (no list of entry results)"
    wrong = next((r for r in results if not isinstance(r, EntryResult)), None)
    if wrong is not None:
        return f"{len(results)} result(s), one a {type(wrong).__name__} (not an EntryResult)"
    return f"{len(results)} result(s)"
