"""`detail.metadata` and the rules for reading a native envelope: which fields it must hold,
what a version is, what `data` must be. The one place these rules live: publishing writes what
they accept, and routing and the in-memory EventBridge read with them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from eventkit.context import EnvelopeFields
from eventkit.errors import MalformedEnvelopeError
from eventkit.json_text import JsonTextError, json_kind, read_json

__all__ = [
    "METADATA_FIELDS",
    "REQUIRED_METADATA_FIELDS",
    "Metadata",
    "is_native_detail",
    "parse_detail",
    "read_envelope",
    "read_envelope_fields",
    "version_major",
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
                f"detail.metadata must be a JSON object, got {json_kind(raw)}",
                field="metadata",
            )
        for name in REQUIRED_METADATA_FIELDS:
            value = raw.get(name)
            if not isinstance(value, str) or not value:
                problem = (
                    "is missing"
                    if name not in raw
                    else f"must be a non-empty string, got {json_kind(value)}"
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
                    f"detail.metadata.{name} must be a string or null, got {json_kind(value)}",
                    field=f"metadata.{name}",
                    event_id=raw["event_id"],
                )
        version = raw["version"]
        if version_major(version) is None:
            raise MalformedEnvelopeError(
                f"detail.metadata.version {version!r} does not start with a major version "
                "number (ASCII digits before the first dot, as in MAJOR.MINOR.PATCH: '1.2.0')",
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


def version_major(version: str) -> str | None:
    """The major of a semantic version as text (``"1.2.0"`` -> ``"1"``); None when the text
    before the first dot is not ASCII digits. Routing matches on this text as it is."""
    head = version.partition(".")[0]
    return head if head.isdigit() and head.isascii() else None


_tuple_new = tuple.__new__


def read_envelope(detail: Any) -> tuple[Metadata, dict[str, Any], str] | None:
    """The metadata, data and major of a well-formed native `detail` object; None when
    anything is off (then `parse_detail` says what, or accepts a form this does not take).

    The consumer's fast path, in plain Python: it accepts a subset of what `parse_detail`
    accepts (exact `str` and `dict` types) and the same envelope: the required metadata are
    non-empty strings, the optional ones strings or null, the version starts with a number,
    `data` is an object.
    """
    read = read_envelope_fields(detail)
    if read is None:
        return None
    fields, data, major = read
    metadata: Metadata = _tuple_new(Metadata, fields)
    return metadata, data, major


def read_envelope_fields(detail: Any) -> tuple[EnvelopeFields, dict[str, Any], str] | None:
    """`read_envelope`, with the metadata's values as a plain tuple in `Metadata`'s field
    order (`Metadata._make(fields)` names them).

    What the router reads each event with: it keeps the values until someone asks for the
    context, and building the named tuple was ~3% of a dispatch (bench/consume.py,
    consume.direct_vs_model_validate).
    """
    try:
        meta = detail["metadata"]
        data = detail["data"]
        event_id = meta["event_id"]
        version = meta["version"]
        correlation_id = meta["correlation_id"]
        idempotency_key = meta["idempotency_key"]
        producer = meta["producer"]
        occurred_at = meta["occurred_at"]
        causation_id = meta.get("causation_id")
        digest = meta.get("schema_digest")
    except (KeyError, TypeError, AttributeError):
        return None
    if not (
        type(data) is dict
        and type(event_id) is str
        and type(version) is str
        and type(correlation_id) is str
        and type(idempotency_key) is str
        and type(producer) is str
        and type(occurred_at) is str
        and event_id
        and correlation_id
        and idempotency_key
        and producer
        and occurred_at
        and (causation_id is None or type(causation_id) is str)
        and (digest is None or type(digest) is str)
    ):
        return None
    major = version.partition(".")[0]
    if not (major.isdigit() and major.isascii()):  # `version_major`, inlined: the hot path
        return None
    fields: EnvelopeFields = (
        event_id,
        version,
        occurred_at,
        producer,
        correlation_id,
        causation_id,
        idempotency_key,
        digest,
    )
    return fields, data, major


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
    if type(detail) is dict:
        fast = read_envelope(detail)
        if fast is not None:
            return fast[0], fast[1]
    if isinstance(detail, str | bytes):
        try:
            detail = read_json(detail)
        except JsonTextError as exc:  # not JSON, not UTF-8, nested too deep, ...
            raise MalformedEnvelopeError(f"detail {exc.problem}", field="detail") from exc
    if not isinstance(detail, Mapping):
        raise MalformedEnvelopeError(
            f"detail must be a JSON object with metadata and data, got {json_kind(detail)}",
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
            else f"must be a JSON object, got {json_kind(data)}"
        )
        raise MalformedEnvelopeError(
            f"detail.data {problem}", field="data", event_id=metadata.event_id
        )
    return metadata, data


def _str_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) else None
