"""Test transports that misbehave, and the accounting every publish call must still balance.

`FaultyTransport` implements the public transport interface (`BaseTransport`) and answers each
request by the next `Plan`: deliver, fail some entries, answer too few / too many results,
answer junk, raise any exception (after delivering some entries, as a broken connection
would), or sleep. It records which events it really delivered, so a test can compare what the
bus reported with what happened.

`check_call` is the invariant: every event of a call is reported exactly once, as delivered
(really delivered, with the transport's id) or as failed; an event the transport really
delivered but the bus reports as failed must be marked `maybe_delivered` (unknown outcome).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from eventkit.bus import PublishResult
from eventkit.errors import EventTooLargeError, PublishError, PublishRequestError
from eventkit.transports import BaseTransport, EntryResult, SendResult

RETRYABLE = ("ThrottlingException", "InternalFailure")
FINAL = ("AccessDeniedException", "MalformedDetail")


class Boom(Exception):
    """An exception no transport documents."""


RAISABLE: tuple[type[Exception], ...] = (KeyError, TypeError, RuntimeError, ValueError, Boom)


@dataclass(frozen=True)
class Plan:
    """How the transport answers one request.

    kind: "ok", "fail" (entry i fails with `codes[i % len(codes)]` when that code is set),
    "short" / "long" (delivers all, answers `skew` results fewer / more), "junk" (delivers
    all, answers dicts), "none" (delivers all, returns None), "raise" (delivers the first
    `skew` entries, then raises `error`), "sleep" (sleeps `skew` ms, then delivers all).
    """

    kind: str
    codes: tuple[str | None, ...] = ()
    skew: int = 1
    error: type[Exception] = Boom


def _error(cls: type[Exception], message: str, delivered_some: bool) -> Exception:
    if issubclass(cls, PublishRequestError):  # a transport's own typed error tells the truth
        return cls(message, error_code="Injected", maybe_delivered=delivered_some)
    return cls(message)


def event_id_of(entry: Mapping[str, Any]) -> str:
    return str(json.loads(entry["Detail"])["metadata"]["event_id"])


@dataclass
class FaultyTransport(BaseTransport):
    """Answers request k by plans[k % len(plans)] (requests are numbered under a lock)."""

    plans: Sequence[Plan]
    delivered: dict[str, int] = field(default_factory=dict)  # eventkit event id -> times
    violations: list[str] = field(default_factory=list)
    closed: bool = False
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _requests: int = 0

    def send(self, entries: Sequence[Mapping[str, Any]]) -> SendResult:
        with self._lock:
            if self.closed:
                self.violations.append("send after close()")
            plan = self.plans[self._requests % len(self.plans)] if self.plans else Plan("ok")
            self._requests += 1
        results: list[Any] = []
        for i, entry in enumerate(entries):
            code = plan.codes[i % len(plan.codes)] if plan.kind == "fail" and plan.codes else None
            if plan.kind == "raise" and i >= plan.skew:
                raise _error(plan.error, f"injected after {plan.skew} entries", i > 0)
            if code is not None:
                results.append(EntryResult(error_code=code, error_message=f"injected {code}"))
                continue
            self._deliver(entry)
            results.append(EntryResult(event_id=f"eb-{event_id_of(entry)}"))
        if plan.kind == "raise":
            raise _error(plan.error, "injected after every entry", bool(entries))
        if plan.kind == "sleep":
            time.sleep(plan.skew / 1000)
        if plan.kind == "short":
            return SendResult(tuple(results[: max(0, len(results) - plan.skew)]))
        if plan.kind == "long":
            return SendResult(tuple(results + [EntryResult(event_id="eb-extra")] * plan.skew))
        if plan.kind == "junk":
            return SendResult(tuple({"EventId": r.event_id} for r in results))  # type: ignore[misc]
        if plan.kind == "none":
            return None  # type: ignore[return-value]
        return SendResult(tuple(results))

    def _deliver(self, entry: Mapping[str, Any]) -> None:
        event_id = event_id_of(entry)
        with self._lock:
            self.delivered[event_id] = self.delivered.get(event_id, 0) + 1

    def close(self) -> None:
        with self._lock:
            self.closed = True


@dataclass
class Call:
    """What one publish call submitted and what it got back."""

    submitted: int
    result: PublishResult | None = None
    error: BaseException | None = None


def run_call(bus: Any, events: Sequence[Any], **options: Any) -> Call:
    """Publish `events` and keep whatever comes back (result or exception)."""
    call = Call(len(events))
    try:
        call.result = bus.publish_batch(events, **options)
    except BaseException as exc:  # the test judges it
        call.error = exc
    return call


def check_call(call: Call, transport_delivered: Mapping[str, int] | None = None) -> list[str]:
    """Problems with one call's accounting (empty: it balances)."""
    if call.error is not None and not isinstance(call.error, PublishError):
        return [f"untyped {type(call.error).__name__}: {call.error!r}"]
    if isinstance(call.error, EventTooLargeError):
        return []  # refused before anything was sent; the error names the event
    source = call.error if call.error is not None else call.result
    assert source is not None
    delivered, failed = tuple(source.delivered), tuple(source.failed)
    problems: list[str] = []
    indices = sorted([d.index for d in delivered] + [f.index for f in failed])
    if indices != list(range(call.submitted)):
        problems.append(
            f"{len(delivered)} delivered + {len(failed)} failed reported for "
            f"{call.submitted} submitted (indices {indices})"
        )
    if call.error is None and failed:
        problems.append("failures returned without raising")
    if transport_delivered is not None:
        for d in delivered:
            if d.event_id != f"eb-{d.metadata.event_id}":
                problems.append(f"events[{d.index}] reported with the wrong id {d.event_id}")
            if transport_delivered.get(d.metadata.event_id, 0) != 1:
                problems.append(
                    f"events[{d.index}] reported delivered, transport saw it "
                    f"{transport_delivered.get(d.metadata.event_id, 0)} time(s)"
                )
        for f in failed:
            times = transport_delivered.get(f.metadata.event_id, 0)
            if times > 1:
                problems.append(f"events[{f.index}] delivered {times} times")
            if times and not f.maybe_delivered:
                problems.append(
                    f"events[{f.index}] delivered {times} time(s) but reported as failed "
                    f"({f.error_code}) without maybe_delivered"
                )
    return problems
