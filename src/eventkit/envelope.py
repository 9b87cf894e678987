"""The native eventkit envelope: what goes in an EventBridge event's `detail`.

A native event travels as ``{"metadata": {...}, "data": {...}}`` inside `detail`
(docs/internals/interfaces.md, "The envelope on the bus"). Producers build it with
`new_metadata` + `detail_json` (or `build_detail`); consumers read it back with
`parse_detail`, which checks the metadata cheaply in plain Python and leaves `data`
to the typed model.

Example:
    ```python
    meta = new_metadata(OrderPlacedV1, producer="orders-service")
    detail = build_detail(OrderPlacedV1(order_id="o-1"), meta)
    meta2, data = parse_detail(detail)
    assert meta2 == meta
    ```
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any, NamedTuple

from eventkit._json_text import JsonTextError, read_json
from eventkit.context import current_event
from eventkit.contract import BaseEvent, EventContract
from eventkit.errors import EventValidationError, MalformedEnvelopeError, UnknownEventError

__all__ = [
    "METADATA_FIELDS",
    "REQUIRED_METADATA_FIELDS",
    "Metadata",
    "build_detail",
    "contract_of",
    "detail_json",
    "event_data",
    "event_data_json",
    "is_native_detail",
    "metadata_json",
    "new_event_id",
    "new_metadata",
    "now_iso",
    "parse_detail",
]

# The metadata every native event carries (strings); eventkit_registry_sync documents them too.
REQUIRED_METADATA_FIELDS: tuple[str, ...] = (
    "event_id",
    "version",
    "occurred_at",
    "producer",
    "correlation_id",
    "idempotency_key",
)
_OPTIONAL_STR = ("causation_id", "schema_digest")


class Metadata(NamedTuple):
    """`detail.metadata` of a native event (immutable; cheap to build on the publish path).

    Attributes:
        event_id: eventkit's id for this event (uuid4); stable across resends, unlike
            EventBridge's `id`, which is new for every PutEvents entry.
        version: the semantic version of the data's schema, e.g. ``"1.1.0"``.
        occurred_at: when the producer says it happened, ISO 8601 UTC with milliseconds
            (``"2026-11-26T14:00:00.123Z"``).
        producer: the publishing service.
        correlation_id: shared by every event of one business flow.
        causation_id: the `event_id` of the event whose handler published this one.
        idempotency_key: stays the same across retries; consumers deduplicate on it.
        schema_digest: ``"sha256:..."`` of the schema version the data was built from.
    """

    event_id: str
    version: str
    occurred_at: str
    producer: str
    correlation_id: str
    causation_id: str | None
    idempotency_key: str
    schema_digest: str | None = None

    @property
    def major(self) -> int:
        """The major version number (what routing matches on)."""
        return int(self.version.split(".", 1)[0])

    def to_dict(self) -> dict[str, Any]:
        """The JSON object written to `detail.metadata`."""
        return self._asdict()

    @classmethod
    def from_dict(cls, raw: Any) -> Metadata:
        """Read `detail.metadata`; raise `MalformedEnvelopeError` naming the bad field.

        Unknown keys are ignored (a newer producer may add some).
        """
        if not isinstance(raw, Mapping):
            raise MalformedEnvelopeError(
                f"detail.metadata must be a JSON object, got {_json_type(raw)}",
                field="metadata",
            )
        for name in REQUIRED_METADATA_FIELDS:
            value = raw.get(name)
            if not isinstance(value, str) or not value:
                problem = (
                    "is missing"
                    if name not in raw
                    else f"must be a non-empty string, got {_json_type(value)}"
                )
                raise MalformedEnvelopeError(
                    f"detail.metadata.{name} {problem}",
                    field=f"metadata.{name}",
                    event_id=_str_or_none(raw.get("event_id")),
                )
        for name in _OPTIONAL_STR:
            value = raw.get(name)
            if value is not None and not isinstance(value, str):
                raise MalformedEnvelopeError(
                    f"detail.metadata.{name} must be a string or null, got {_json_type(value)}",
                    field=f"metadata.{name}",
                    event_id=raw["event_id"],
                )
        version = raw["version"]
        head = version.split(".", 1)[0]
        if not head.isdigit() or not head.isascii():
            raise MalformedEnvelopeError(
                f"detail.metadata.version {version!r} is not a semantic version (MAJOR.MINOR.PATCH)",
                field="metadata.version",
                event_id=raw["event_id"],
            )
        return cls(
            event_id=raw["event_id"],
            version=version,
            occurred_at=raw["occurred_at"],
            producer=raw["producer"],
            correlation_id=raw["correlation_id"],
            causation_id=raw.get("causation_id"),
            idempotency_key=raw["idempotency_key"],
            schema_digest=raw.get("schema_digest"),
        )


# Keys of `detail.metadata`, in the order they are written.
METADATA_FIELDS: tuple[str, ...] = Metadata._fields


def contract_of(event: object) -> EventContract:
    """The contract of a publishable (native) event instance or class.

    Raises:
        UnknownEventError: not an eventkit event model, or a foreign (consume-only) one.
    """
    cls = event if isinstance(event, type) else type(event)
    contract = getattr(cls, "__contract__", None) if issubclass(cls, BaseEvent) else None
    if not isinstance(contract, EventContract):
        raise UnknownEventError(
            f"{cls.__module__}.{cls.__qualname__} is not an eventkit event model "
            "(a generated class with a __contract__)",
            hint="publish instances of the generated classes in eventkit.events",
        )
    if contract.foreign:
        raise UnknownEventError(
            f"{cls.__qualname__} is a foreign event ({contract.source} / {contract.detail_type}); "
            "foreign events are consume-only and cannot be published",
        )
    return contract


class _RandomPool:
    """os.urandom read 4 KiB at a time (one syscall per 256 ids); refilled after fork."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._reset()
        os.register_at_fork(after_in_child=self._reset)

    def _reset(self) -> None:
        self._hex = ""
        self._pos = 0

    def take32(self) -> str:
        """32 random hex digits."""
        with self._lock:
            if self._pos >= len(self._hex):
                self._hex = os.urandom(4096).hex()
                self._pos = 0
            pos = self._pos
            self._pos = pos + 32
            return self._hex[pos : pos + 32]


_pool = _RandomPool()
_VARIANT = "89ab89ab89ab89ab"


def new_event_id() -> str:
    """A random (version 4) UUID as text, from the OS's CSPRNG; cheaper than ``uuid.uuid4()``."""
    h = _pool.take32()
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{_VARIANT[int(h[16], 16)]}{h[17:20]}-{h[20:]}"


def now_iso() -> str:
    """The current UTC time as eventkit writes `occurred_at` (milliseconds, ``Z``)."""
    return _utc_text(datetime.now(UTC))


def _utc_text(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def new_metadata(
    event: BaseEvent | type[BaseEvent] | EventContract,
    *,
    producer: str,
    correlation_id: str | None = None,
    causation_id: str | None = None,
    idempotency_key: str | None = None,
    occurred_at: str | datetime | None = None,
    event_id: str | None = None,
) -> Metadata:
    """Fresh metadata for one event.

    Inside a handler (`eventkit.context.current_event()` is set) the correlation id is
    inherited from the incoming event and the causation id is the incoming event's id,
    unless given explicitly. Outside one, a new flow starts: the correlation id is the
    new event's id. The idempotency key defaults to the event id; pass your own (e.g.
    derived from a business key) to deduplicate across separate publish calls.
    """
    contract = event if isinstance(event, EventContract) else contract_of(event)
    eid = event_id or new_event_id()
    incoming = current_event()
    if incoming is not None:
        if correlation_id is None:
            correlation_id = incoming.correlation_id or incoming.event_id
        if causation_id is None:
            causation_id = incoming.event_id
    if occurred_at is None:
        occurred_at = now_iso()
    elif not isinstance(occurred_at, str):
        occurred_at = _iso(occurred_at)
    return Metadata(
        eid,
        contract.version,
        occurred_at,
        producer,
        correlation_id or eid,
        causation_id,
        idempotency_key or eid,
        contract.schema_digest or None,
    )


def _iso(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise EventValidationError("occurred_at must be timezone-aware (e.g. datetime.now(UTC))")
    return _utc_text(moment.astimezone(UTC))


def event_data_json(event: BaseEvent) -> str:
    """The event's data as compact JSON text (fields by alias, unset defaults left out).

    Serialization also checks each value against its field's declared type, so an
    instance mutated after construction (`event.total = "lots"`) is refused.

    Raises:
        EventValidationError: a value has the wrong type, or the data is not a JSON object.
    """
    try:
        text = event.model_dump_json(by_alias=True, exclude_unset=True, warnings="error")
    except Exception as exc:  # pydantic's serializer errors have no common public base
        raise EventValidationError(
            f"{type(event).__qualname__}: data cannot be serialized as declared: {exc}",
        ) from exc
    if text[:1] != "{":
        raise EventValidationError(
            f"{type(event).__qualname__}: data must serialize to a JSON object "
            f"(EventBridge rejects any other detail), got {text[:40]!r}",
        )
    return text


def event_data(event: BaseEvent) -> dict[str, Any]:
    """The event's data as the JSON-ready dict that goes in `detail.data`."""
    data: dict[str, Any] = json.loads(event_data_json(event))
    return data


_quote: Callable[[str], str] = json.encoder.encode_basestring


def _quote_or_null(value: str | None) -> str:
    return "null" if value is None else _quote(value)


def metadata_json(metadata: Metadata) -> str:
    """`detail.metadata` as compact JSON text (the hot path of every publish)."""
    m = metadata
    return (
        f'{{"event_id":{_quote(m.event_id)},"version":{_quote(m.version)},'
        f'"occurred_at":{_quote(m.occurred_at)},"producer":{_quote(m.producer)},'
        f'"correlation_id":{_quote(m.correlation_id)},"causation_id":{_quote_or_null(m.causation_id)},'
        f'"idempotency_key":{_quote(m.idempotency_key)},"schema_digest":{_quote_or_null(m.schema_digest)}}}'
    )


def detail_json(event: BaseEvent, metadata: Metadata, *, data_json: str | None = None) -> str:
    """The `Detail` string of a PutEvents entry: ``{"metadata":...,"data":...}``.

    `data_json` is the event's data already serialized by `event_data_json` (saves a dump).
    """
    if data_json is None:
        data_json = event_data_json(event)
    return '{"metadata":' + metadata_json(metadata) + ',"data":' + data_json + "}"


def build_detail(event: BaseEvent, metadata: Metadata) -> dict[str, Any]:
    """The native `detail` object (a dict), as a consumer will receive it."""
    return {"metadata": metadata.to_dict(), "data": event_data(event)}


def is_native_detail(detail: Any) -> bool:
    """True when `detail` looks like an eventkit envelope (has `metadata` and `data`)."""
    return isinstance(detail, Mapping) and "metadata" in detail and "data" in detail


def parse_detail(detail: Any) -> tuple[Metadata, dict[str, Any]]:
    """Split a native `detail` into its metadata and its (unvalidated) data dict.

    `detail` may be the dict from the delivered event or its JSON text (EventBridge
    Scheduler and some targets deliver `detail` as a string).

    Raises:
        MalformedEnvelopeError: not an envelope, or metadata fields missing or mistyped; a
            string that is not JSON, not UTF-8, or nested deeper than 200 levels.
    """
    if isinstance(detail, str | bytes):
        try:
            detail = read_json(detail)
        except JsonTextError as exc:  # not JSON, not UTF-8, nested too deep, ...
            raise MalformedEnvelopeError(f"detail {exc.problem}", field="detail") from exc
    if not isinstance(detail, Mapping):
        raise MalformedEnvelopeError(
            f"detail must be a JSON object with metadata and data, got {_json_type(detail)}",
            field="detail",
        )
    if "metadata" not in detail:
        raise MalformedEnvelopeError(
            "detail has no metadata: not an eventkit envelope "
            "(foreign events must be declared with envelope = 'foreign')",
            field="metadata",
        )
    metadata = Metadata.from_dict(detail["metadata"])
    data = detail.get("data")
    if not isinstance(data, dict):
        problem = (
            "is missing"
            if "data" not in detail
            else f"must be a JSON object, got {_json_type(data)}"
        )
        raise MalformedEnvelopeError(
            f"detail.data {problem}", field="data", event_id=metadata.event_id
        )
    return metadata, data


def _str_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list | tuple):
        return "an array"
    if isinstance(value, Mapping):
        return "an object"
    return type(value).__name__
