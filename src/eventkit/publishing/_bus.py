"""EventBus: publish typed events, and know for every one whether it reached EventBridge.

`publish_batch` validates every event and wraps it in the metadata/data envelope, refuses
an event over the size limit before anything is sent, chunks by 10 entries and by the
PutEvents size formula, resends only entries that failed with a retryable code (backoff
with jitter, bounded attempts), and raises a `PublishError` listing each event not
delivered. Never drops silently.

This module imports no boto3: the default transport imports it on first send.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from datetime import datetime
from types import TracebackType
from typing import Any, Self, TypedDict, Unpack

from pydantic import BaseModel, ValidationError

from eventkit.contract import Event, EventContract
from eventkit.envelope import (
    Metadata,
    MetadataStamp,
    contract_of,
    entry_detail,
    event_data_text,
    new_metadata,
    now_iso,
)
from eventkit.errors import (
    ContractError,
    EventTooLargeError,
    EventValidationError,
    PublishRequestError,
    SettingError,
)
from eventkit.publishing._delivery import (
    DeliveredEntry,
    FailedEntry,
    PreparedEvent,
    PublishResult,
    publish_error,
)
from eventkit.publishing._refused_numbers import may_hold_refused_number, refused_number_error
from eventkit.publishing._retry import RetryPolicy
from eventkit.publishing._sending import Sender
from eventkit.publishing._trace import check_trace_header, environment_trace_header
from eventkit.publishing._workers import Workers
from eventkit.transports.base import Transport
from eventkit.transports.limits import (
    DEFAULT_MAX_REQUEST_BYTES,
    MAX_BUS_NAME_CHARS,
    MAX_DETAIL_TYPE_CHARS,
    TIME_BYTES,
    is_put_events_bus_name,
    within_limit,
)

__all__ = ["EventBus", "PublishOptions"]

# What `PreparedEvent(...)` does with all four values given (a NamedTuple's `__new__` is a
# Python function around it): every entry is built this way.
_tuple_new = tuple.__new__


class PublishOptions(TypedDict, total=False):
    """Per-event options of `EventBus.publish` / `EventBus.prepare`."""

    correlation_id: str | None
    causation_id: str | None
    idempotency_key: str | None
    occurred_at: str | datetime | None
    resources: Sequence[str]
    trace_header: str | None
    time: datetime | None


def _resources_bytes(items: list[Any], given: object, index: int) -> int:
    """The bytes `Resources` count, refusing what is no list of ARNs: a str (it would go out
    as one resource per character), non-str items, text that is not UTF-8 (a lone surrogate).
    """
    if isinstance(given, str | bytes):
        problem = f"must be a sequence of ARNs, not a {type(given).__name__}"
        raise _bad_resources(index, ("resources",), problem, given, "pass resources=[arn]")
    size = 0
    for position, item in enumerate(items):
        if not isinstance(item, str):
            problem = "must be a str (an ARN)"
            raise _bad_resources(index, ("resources", position), problem, item)
        try:
            size += len(item.encode())
        except UnicodeEncodeError as exc:
            problem = f"is not valid Unicode text ({exc.reason})"
            raise _bad_resources(index, ("resources", position), problem, item) from None
    return size


def _bad_resources(
    index: int, loc: tuple[str | int, ...], problem: str, value: object, hint: str | None = None
) -> EventValidationError:
    where = "resources" if len(loc) == 1 else f"resources[{loc[1]}]"
    return EventValidationError(
        f"events[{index}]: {where} {problem}, got {value!r:.60}",
        hint=hint,
        errors=[{"type": "resources", "loc": loc, "msg": problem, "input": value}],
    )


def _bad_time(index: int, value: object) -> EventValidationError:
    problem = "must be a datetime"
    return EventValidationError(
        f"events[{index}]: time {problem}, got {type(value).__name__} {value!r:.60}",
        hint="pass time=datetime(..., tzinfo=UTC), or leave it out for the time of the send",
        errors=[{"type": "time", "loc": ("time",), "msg": problem, "input": value}],
    )


def _at_position(exc: ContractError, index: int) -> ContractError:
    """`exc` again, its message led by the event's position in the batch (its structured
    errors kept)."""
    if exc.message.startswith(f"events[{index}]"):
        return exc
    if isinstance(exc, EventValidationError):
        return type(exc)(f"events[{index}]: {exc.message}", hint=exc.hint, errors=exc.errors())
    return type(exc)(f"events[{index}]: {exc.message}", hint=exc.hint)


def _bad_metadata(index: int, metadata: Metadata, exc: UnicodeEncodeError) -> EventValidationError:
    """The metadata value that is no UTF-8 text (a lone surrogate), named, as EventBridge
    would refuse the whole request for it."""
    name = next(
        (
            field
            for field, value in zip(Metadata._fields, metadata, strict=True)
            if isinstance(value, str) and not _encodes(value)
        ),
        "metadata",
    )
    problem = f"is not valid Unicode text ({exc.reason})"
    value = getattr(metadata, name, None)
    return EventValidationError(
        f"events[{index}]: {name} {problem}, got {value!r:.60}",
        hint="pass text without lone surrogates (\\ud800-\\udfff)",
        errors=[{"type": "metadata", "loc": ("metadata", name), "msg": problem, "input": value}],
    )


def _encodes(text: str) -> bool:
    try:
        text.encode()
    except UnicodeEncodeError:
        return False
    return True


def _revalidate(event: Event, data_json: str) -> None:
    """`EventBus(validate=True)`: the serialised data validated again by its model."""
    try:
        type(event).__pydantic_validator__.validate_json(data_json)
    except ValidationError as exc:
        raise EventValidationError(
            f"{type(event).__qualname__}: {exc.error_count()} invalid field(s): "
            + "; ".join(
                f"{'.'.join(map(str, e['loc'])) or '<root>'}: {e['msg']}" for e in exc.errors()
            ),
        ) from exc


def _check_workers(max_workers: object, where: str) -> None:
    if isinstance(max_workers, bool) or not isinstance(max_workers, int) or max_workers < 1:
        raise SettingError(
            f"{where}: max_workers must be a whole number, at least 1; got {max_workers!r:.60}",
            setting="max_workers",
            value=repr(max_workers),
        )


def _default_producer() -> str:
    return (
        os.environ.get("EVENTKIT_PRODUCER")
        or os.environ.get("AWS_LAMBDA_FUNCTION_NAME")
        or "unknown"
    )


class EventBus:
    """Publishes typed eventkit events to one EventBridge bus.

    Args:
        bus_name: the event bus name or ARN.
        transport: where requests go (default: `EventBridgeTransport()`, boto3 on first use;
            ``EVENTKIT_TRANSPORT=memory`` or eventkit's pytest plugin choose the in-memory
            EventBridge instead: `eventkit.transports.selection`).
        producer: the publishing service, written to `metadata.producer` (default: the
            `EVENTKIT_PRODUCER` or `AWS_LAMBDA_FUNCTION_NAME` variable).
        max_request_bytes: the PutEvents request size limit: a request's entries total
            less than it (default: the current AWS limit, 1 MiB; set 262_144 where the
            former 256 KB limit still holds).
        max_entry_bytes: a lower limit for each single entry, for targets that take less
            than a request may hold (SNS, a 256 KB SQS queue: 262_144); default: the
            request limit. An entry must be smaller than it.
        retry: per-entry retry policy for `InternalFailure` / `ThrottlingException`.
        max_workers: requests in flight at once for large batches (1: sequential).
        validate: fully re-validate each event's data against its model before sending
            (constraints included). Off by default: construction already validates, and
            serialization checks every value's type, which catches mutated instances.

    Example:
        ```python
        bus = EventBus("shop-events", producer="orders-service")
        bus.publish(OrderPlacedV1(order_id="o-1", total=Money(amount="9.99", currency="EUR")))
        result = bus.publish_batch(events)          # raises PublishError unless all delivered
        ```
    """

    def __init__(
        self,
        bus_name: str,
        *,
        transport: Transport | None = None,
        producer: str | None = None,
        max_request_bytes: int = DEFAULT_MAX_REQUEST_BYTES,
        max_entry_bytes: int | None = None,
        retry: RetryPolicy | None = None,
        max_workers: int = 1,
        validate: bool = False,
    ) -> None:
        if not isinstance(bus_name, str):  # e.g. os.environ.get("EVENT_BUS") when it is unset
            raise PublishRequestError(
                f"event bus name must be a str of 1-1600 characters, got {bus_name!r:.60}",
                error_code="ValidationException",
                hint="name the bus (is the variable you read it from set?)",
            )
        if not bus_name or len(bus_name) > MAX_BUS_NAME_CHARS:
            raise PublishRequestError(
                f"event bus name must be 1-{MAX_BUS_NAME_CHARS} characters, got {len(bus_name)}",
                error_code="ValidationException",
                bus_name=bus_name,
            )
        if not is_put_events_bus_name(bus_name):
            # AWS would refuse every request (ValidationException), at the first publish
            raise PublishRequestError(
                f"event bus name {bus_name[:80]!r} is neither a bus name nor an event-bus ARN",
                error_code="ValidationException",
                bus_name=bus_name,
                hint="name the bus by its name (letters, digits, . - _) or its ARN "
                "(arn:aws:events:REGION:ACCOUNT:event-bus/NAME)",
            )
        _check_workers(max_workers, "EventBus")
        if producer is not None and not isinstance(producer, str):
            # it would be written as a JSON number (or not at all) into every event's
            # metadata, which consumers refuse: `producer` must be a non-empty string
            problem = "must be a str"
            raise EventValidationError(
                f"producer {problem}, got {type(producer).__name__} {producer!r:.60}",
                hint="name the publishing service, e.g. producer='orders-service'",
                errors=[
                    {"type": "producer", "loc": ("producer",), "msg": problem, "input": producer}
                ],
            )
        for name, limit in (
            ("max_request_bytes", max_request_bytes),
            ("max_entry_bytes", max_entry_bytes),
        ):
            if limit is not None and (
                isinstance(limit, bool) or not isinstance(limit, int) or limit < 1
            ):
                raise SettingError(
                    f"EventBus: {name} must be a positive number of bytes, got {limit!r:.60}",
                    setting=name,
                    value=repr(limit),
                )
        if transport is None:  # EVENTKIT_TRANSPORT, else the process default (tests: memory)
            from eventkit.transports.selection import default_transport

            transport = default_transport()
        self.bus_name = bus_name
        self.transport = transport
        self.producer = producer or _default_producer()
        self.max_request_bytes = max_request_bytes
        self.max_entry_bytes = min(max_entry_bytes or max_request_bytes, max_request_bytes)
        self.retry = retry or RetryPolicy()
        self.max_workers = max_workers
        self.validate = validate
        # per class: its contract, the bytes of its source + detail-type, and whether its
        # data may hold a number EventBridge refuses (outside signed 64 bits, NaN, Infinity)
        self._contracts: dict[type, tuple[EventContract, int, bool]] = {}
        self._workers = Workers()

    @classmethod
    def from_registry(
        cls,
        schemas: str | os.PathLike[str] = "schemas",
        *,
        transport: Transport | None = None,
        producer: str | None = None,
        **options: Any,
    ) -> Self:
        """An `EventBus` on the registry's ``[registry] event_bus`` (``schemas/eventkit.toml``).

        For scripts, local runs and tests, where the registry folder is at hand; a deployed
        function names its bus itself (e.g. from its environment). The other arguments are
        `EventBus`'s.

        Raises:
            RegistryNotFoundError / RegistryConfigError: no readable eventkit.toml there.
        """
        from pathlib import Path

        from eventkit.registry import read_registry_config

        config = read_registry_config(Path(schemas))
        return cls(config.event_bus, transport=transport, producer=producer, **options)

    # -- building entries --------------------------------------------------------------

    def _contract(self, cls: type) -> tuple[EventContract, int, bool]:
        """The class's contract, checked once, the bytes its source + detail-type count, and
        whether its data may hold a number EventBridge refuses."""
        cached = self._contracts.get(cls)
        if cached is not None:
            return cached
        contract = contract_of(cls)
        if not contract.source or contract.source.startswith("aws."):
            raise EventValidationError(
                f"{cls.__qualname__}: source {contract.source!r} cannot be published "
                "(empty, or reserved for AWS services: 'aws.')",
            )
        if not contract.detail_type or len(contract.detail_type) > MAX_DETAIL_TYPE_CHARS:
            raise EventValidationError(
                f"{cls.__qualname__}: detail-type must be 1-{MAX_DETAIL_TYPE_CHARS} characters, "
                f"got {len(contract.detail_type)}",
                hint="EventBridge refuses longer detail-types (InvalidArgument)",
            )
        fixed = len(contract.source.encode()) + len(contract.detail_type.encode())
        refusable = not issubclass(cls, BaseModel) or may_hold_refused_number(cls)
        self._contracts[cls] = (contract, fixed, refusable)
        return contract, fixed, refusable

    def prepare(
        self,
        event: Event,
        *,
        correlation_id: str | None = None,
        causation_id: str | None = None,
        idempotency_key: str | None = None,
        occurred_at: str | datetime | None = None,
        resources: Sequence[str] = (),
        trace_header: str | None = None,
        time: datetime | None = None,
        index: int = 0,
    ) -> PreparedEvent:
        """Validate `event` and build its entry (nothing is sent).

        Raises:
            UnknownEventError: not a publishable eventkit event.
            EventValidationError: the data does not satisfy the event's model.
            EventTooLargeError: the entry is not smaller than the entry size limit.
            EventValidationError: `trace_header` is not an X-Ray trace header.
        """
        contract, fixed, refusable = self._contract(type(event))
        metadata = new_metadata(
            contract,
            producer=self.producer,
            correlation_id=correlation_id,
            causation_id=causation_id,
            idempotency_key=idempotency_key,
            occurred_at=occurred_at,
        )
        return self._build(
            event, contract, fixed, refusable, metadata, resources, trace_header, time, index
        )

    def _build(
        self,
        event: Event,
        contract: EventContract,
        size: int,
        refusable: bool,
        metadata: Metadata,
        resources: Sequence[str],
        trace_header: str | None,
        time: datetime | None,
        index: int,
    ) -> PreparedEvent:
        """The entry of an event whose class `_contract` checked (`size`: the bytes of its
        source and detail-type; `refusable`: its data may hold a number EventBridge refuses)."""
        data_json, data_bytes = event_data_text(event)
        if refusable and (
            error := refused_number_error(data_json, type(event).__qualname__, index)
        ):
            raise error
        if self.validate:
            _revalidate(event, data_json)
        try:
            detail, detail_bytes = entry_detail(metadata, data_json, data_bytes)
        except UnicodeEncodeError as exc:  # a lone surrogate in a metadata value
            raise _bad_metadata(index, metadata, exc) from None
        entry: dict[str, Any] = {
            "Source": contract.source,
            "DetailType": contract.detail_type,
            "Detail": detail,
            "EventBusName": self.bus_name,
        }
        size += detail_bytes
        if resources:
            try:
                entry["Resources"] = list(resources)
            except TypeError:  # a number, an ARN object: not a sequence of ARNs
                problem = f"must be a sequence of ARNs, not a {type(resources).__name__}"
                raise _bad_resources(
                    index, ("resources",), problem, resources, "pass resources=[arn]"
                ) from None
            size += _resources_bytes(entry["Resources"], resources, index)
        if trace_header is None:  # the Lambda's trace, so X-Ray follows the event
            trace_header = environment_trace_header()
        elif trace_header:
            check_trace_header(trace_header)
        if trace_header:  # "" sends none
            entry["TraceHeader"] = trace_header
        if time is not None:
            if not isinstance(time, datetime):
                # botocore fails on it only when the request is built, after earlier requests
                # of the batch went out (and then nobody can say whether it was sent)
                raise _bad_time(index, time)
            entry["Time"] = time
            size += TIME_BYTES
        if not within_limit(size, self.max_entry_bytes):  # AWS: "less than" the limit
            raise self._too_large(contract.detail_type, contract.version, metadata, size, index)
        return _tuple_new(PreparedEvent, (event, metadata, entry, size))

    def _too_large(
        self, detail_type: str, version: str, metadata: Metadata, size: int, index: int
    ) -> EventTooLargeError:
        limit = self.max_entry_bytes
        per = "entry" if limit < self.max_request_bytes else "request"
        return EventTooLargeError(
            f"events[{index}] ({detail_type} {version}, event_id "
            f"{metadata.event_id}) is {size:,} bytes by the PutEvents size formula; "
            f"it must be less than {limit:,} bytes (the {per} limit). Nothing was sent.",
            hint="put large payloads in S3 and publish a reference to them (claim check)",
            bus_name=self.bus_name,
            index=index,
            size=size,
            limit=limit,
        )

    def _adopt(self, item: PreparedEvent, index: int) -> PreparedEvent:
        """A prepared entry as this bus sends it: to this bus (it may have been prepared by,
        or failed on, another one), and refused like `prepare` would if it is not smaller
        than this bus's entry limit. The other bus's entry is left as it was."""
        entry = item.entry
        if entry.get("EventBusName") != self.bus_name:
            entry = {**entry, "EventBusName": self.bus_name}
            item = _tuple_new(PreparedEvent, (item.event, item.metadata, entry, item.size))
        if not within_limit(item.size, self.max_entry_bytes):
            raise self._too_large(
                str(entry.get("DetailType")), item.metadata.version, item.metadata, item.size, index
            )
        return item

    # -- publishing --------------------------------------------------------------------

    def publish(self, event: Event, **options: Unpack[PublishOptions]) -> DeliveredEntry:
        """Publish one event; return its delivery or raise a `PublishError`.

        `options` are those of `prepare` (correlation_id, idempotency_key, resources, ...).
        """
        result, request_error = self._send_all([self.prepare(event, **options)])
        if result.failed:
            raise publish_error(self.bus_name, result, request_error) from request_error
        return result.delivered[0]

    def publish_batch(
        self,
        events: Iterable[Event | PreparedEvent],
        *,
        correlation_id: str | None = None,
        raise_on_failure: bool = True,
        max_workers: int | None = None,
    ) -> PublishResult:
        """Publish many events; every one is either delivered or reported.

        Every event is validated and sized before the first request is sent.

        Args:
            events: typed events, or entries from `prepare` (to set per-event options).
            correlation_id: shared by all the events (default: inherited inside a
                handler, else each event starts its own flow).
            raise_on_failure: raise a `PublishError` when anything was not delivered
                (default); with False, inspect `PublishResult.failed` yourself.
            max_workers: override the bus's concurrency for this call (a whole number, at
                least 1; else a `SettingError`, nothing sent).

        Raises:
            ContractError: an event is invalid (nothing was sent).
            EventTooLargeError: an event is over the size limit (nothing was sent).
            PartialPublishError: some entries failed per entry (after retries).
            PublishRequestError / BusNotFoundError: a whole request failed, or a transport
                raised or answered wrongly (entries of unknown outcome: `error.unknown`).
            BusClosedError: the bus was closed before this call (nothing was sent).
        """
        if max_workers is not None:  # a str or float escaped as a TypeError from the pool
            _check_workers(max_workers, "publish_batch")
        items = list(events)
        prepared: list[PreparedEvent] = []
        # One call, one instant, one flow and one trace ("" sends none), as `prepare` would
        # find them for each event: read once.
        stamp = MetadataStamp(
            producer=self.producer,
            count=sum(1 for item in items if not isinstance(item, PreparedEvent)),
            correlation_id=correlation_id,
            occurred_at=now_iso(),
        )
        trace = environment_trace_header() or ""
        # The bound method, not the instance: calling an instance goes through its type's
        # `__call__` slot (an argument tuple and a new interpreter frame per event); a bound
        # method is specialised and runs inline (~0.1 us per event).
        metadata_for = stamp.__call__
        # A batch is mostly of one class: its contract is looked up again only when the class
        # changes (`_contract` checks each class once per bus, and keeps what it found).
        last_cls: type | None = None
        contract: EventContract | None = None
        fixed = 0
        refusable = True
        for index, item in enumerate(items):
            if isinstance(item, PreparedEvent):
                prepared.append(self._adopt(item, index))
                continue
            try:
                cls = type(item)
                if cls is not last_cls or contract is None:
                    contract, fixed, refusable = self._contract(cls)
                    last_cls = cls
                prepared.append(
                    self._build(
                        item,
                        contract,
                        fixed,
                        refusable,
                        metadata_for(contract),
                        (),
                        trace,
                        None,
                        index,
                    )
                )
            except ContractError as exc:  # the message gains the event's position
                raise _at_position(exc, index) from exc
        result, request_error = self._send_all(prepared, max_workers=max_workers)
        if result.failed and raise_on_failure:
            raise publish_error(self.bus_name, result, request_error) from request_error
        return result

    def resend(self, failed: Iterable[FailedEntry | PreparedEvent]) -> PublishResult:
        """Send again events that were not delivered, with their original metadata
        (same event id and idempotency key), to this bus: entries prepared by or failed on
        another bus are re-targeted, and checked against this bus's size limit before
        anything is sent. Raises like `publish_batch`."""
        prepared = [
            self._adopt(f.prepared if isinstance(f, FailedEntry) else f, index)
            for index, f in enumerate(failed)
        ]
        result, request_error = self._send_all(prepared)
        if result.failed:
            raise publish_error(self.bus_name, result, request_error) from request_error
        return result

    def _send_all(
        self, prepared: list[PreparedEvent], *, max_workers: int | None = None
    ) -> tuple[PublishResult, PublishRequestError | None]:
        sender = Sender(
            self.bus_name,
            self.transport,
            self.retry,
            self.max_request_bytes,
            self.max_workers,
            self._workers,
        )
        return sender.send_all(prepared, max_workers=max_workers)

    # -- lifecycle ---------------------------------------------------------------------

    def close(self) -> None:
        """Refuse new publishes, let those in flight finish, then stop the worker threads and
        close the transport. Idempotent. A publish after it raises `BusClosedError` listing
        every entry (nothing sent).

        Called during a publish of this bus (by a handler the in-memory EventBridge runs while
        sending), it returns at once: the publishes in flight finish, and the last of them
        stops the threads and closes the transport."""
        self._workers.close(self.transport.close)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"EventBus({self.bus_name!r}, producer={self.producer!r}, transport={type(self.transport).__name__})"
