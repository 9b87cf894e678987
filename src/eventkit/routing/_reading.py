"""Reading one delivered event into its context, data and route key: one reader per kind of
event type, picked once when the route table is compiled.

The envelope's rules are eventkit.envelope's. `Router` reads a native event's well-formed
common case itself with `read_envelope_fields` (one frame fewer per event); these readers take
every other form: `read_native` goes through `parse_detail`, which either accepts it (e.g. a
`detail` sent as JSON text) or raises the error that names the bad field.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Protocol

from eventkit.context import EventContext
from eventkit.envelope import parse_detail
from eventkit.errors import EventParseError, MalformedEnvelopeError
from eventkit.json_text import MAX_NESTING_DEPTH, JsonTextError, json_kind, read_json
from eventkit.routing._describe import in_message, shown, str_or_none

__all__ = ["Reader", "RouteKey", "read_foreign", "read_native"]


class RouteKey(Protocol):
    """The event type a reader reads for (a `TypeRoutes`)."""

    @property
    def source(self) -> str: ...
    @property
    def detail_type(self) -> str: ...


# (event, routes, Lambda context, SQS message id) -> (context, data, key into by_major)
Reader = Callable[[Mapping[str, Any], RouteKey, Any, str | None], tuple[EventContext, Any, str]]


def read_native(
    event: Mapping[str, Any], routes: RouteKey, lambda_context: Any, message_id: str | None
) -> tuple[EventContext, dict[str, Any], str]:
    """A native event, by the envelope's own parser: its context, data and major, or an
    `EventParseError` naming the bad field.

    `Router` reads the well-formed common case itself (`read_envelope_fields`, into a lazily
    built context) and comes here with anything else; `Router.parse` always does.
    """
    event_id = str_or_none(event.get("id"))
    if "detail" not in event:
        raise EventParseError(
            f"{routes.source}/{routes.detail_type} event {shown(event_id)}{in_message(message_id)} "
            "has no detail",
            event_id=event_id,
            source=routes.source,
            detail_type=routes.detail_type,
            message_id=message_id,
            fields=(("detail", "missing"),),
        )
    detail = event["detail"]
    if isinstance(detail, str | bytes):  # EventBridge Scheduler sends detail as JSON text
        detail = _decode_detail(detail, routes, event_id, message_id)
    try:
        meta, data = parse_detail(detail)
    except MalformedEnvelopeError as exc:
        event_id = exc.event_id or event_id
        raise EventParseError(
            f"{routes.source}/{routes.detail_type} event {shown(event_id)}{in_message(message_id)}: "
            f"{exc.message}",
            event_id=event_id,
            source=routes.source,
            detail_type=routes.detail_type,
            message_id=message_id,
            fields=((_detail_path(exc.field), exc.message),),
            hint=exc.hint,
        ) from None
    ctx = EventContext(
        event_id=meta.event_id,
        source=routes.source,
        detail_type=routes.detail_type,
        version=meta.version,
        correlation_id=meta.correlation_id,
        causation_id=meta.causation_id,
        idempotency_key=meta.idempotency_key,
        producer=meta.producer,
        occurred_at=meta.occurred_at,
        raw=event,
        lambda_context=lambda_context,
    )
    return ctx, data, meta.version.partition(".")[0]


def read_foreign(
    event: Mapping[str, Any], routes: RouteKey, lambda_context: Any, message_id: str | None
) -> tuple[EventContext, Any, str]:
    """A foreign (AWS service) event: `detail` is the data; the context has EventBridge's id."""
    event_id = str_or_none(event.get("id")) or ""

    def fail(problem: str) -> EventParseError:
        return EventParseError(
            f"{routes.source}/{routes.detail_type} event {shown(event_id)}{in_message(message_id)}: "
            f"detail {problem}",
            event_id=event_id,
            source=routes.source,
            detail_type=routes.detail_type,
            message_id=message_id,
            fields=(("detail", problem),),
        )

    if "detail" not in event:
        raise fail("is missing")
    detail = event["detail"]
    if isinstance(detail, str | bytes):  # EventBridge Scheduler sends detail as JSON text
        detail = _decode_detail(detail, routes, event_id, message_id)
    if not isinstance(detail, Mapping):
        raise fail(f"must be a JSON object, got {json_kind(detail)}")
    ctx = EventContext(
        event_id=event_id,
        source=routes.source,
        detail_type=routes.detail_type,
        occurred_at=str_or_none(event.get("time")),
        raw=event,
        lambda_context=lambda_context,
    )
    return ctx, detail, ""


def _decode_detail(
    text: str | bytes, routes: RouteKey, event_id: str | None, message_id: str | None
) -> Any:
    try:
        return read_json(text)
    except JsonTextError as exc:
        raise EventParseError(
            f"{routes.source}/{routes.detail_type} event {shown(event_id)}{in_message(message_id)}: "
            f"detail {exc.problem}",
            event_id=event_id,
            source=routes.source,
            detail_type=routes.detail_type,
            message_id=message_id,
            fields=(("detail", exc.problem),),
            reason=exc.reason,
            max_depth=MAX_NESTING_DEPTH if exc.reason == "too-deep" else None,
        ) from None


def _detail_path(field: str | None) -> str:
    """The envelope names fields from inside `detail` ("metadata.version"), or "detail" itself."""
    if not field or field == "detail" or field.startswith("detail."):
        return field or "detail"
    return f"detail.{field}"
