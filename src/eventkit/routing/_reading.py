"""Reading one delivered event into its context and data, and the errors that name it.

The native envelope is eventkit.envelope's (`parse_detail`). `read_native` is the router's
fast path over the same rules for the common, well-formed case; anything it does not accept
outright goes through `parse_detail`, which either accepts it (e.g. a `detail` sent as JSON
text) or raises the error that names the bad field.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from eventkit.context import EventContext
from eventkit.contract import BaseEvent
from eventkit.envelope import parse_detail
from eventkit.errors import (
    EventParseError,
    MalformedEnvelopeError,
    UnroutableEventError,
    UpcastError,
)
from eventkit.routing._routes import Route, TypeRoutes
from eventkit.routing._upcast import upcast_errors

__all__ = [
    "foreign_context",
    "ids",
    "in_message",
    "native_context",
    "parse_error",
    "read_native",
    "str_or_none",
    "unroutable_version",
    "upcast",
    "where",
]


def read_native(
    event: Mapping[str, Any], routes: TypeRoutes, lambda_context: Any
) -> tuple[EventContext, dict[str, Any]] | None:
    """The context and data of a well-formed native event, or None to take the slow path.

    Accepts exactly what `parse_detail` accepts when `detail` is an object: the required
    metadata are non-empty strings, the optional ones strings or null, `data` an object.
    (The version's major is checked by the route lookup: an unknown one is not routed.)
    """
    try:
        detail = event["detail"]
        meta = detail["metadata"]
        data = detail["data"]
        causation_id = meta.get("causation_id")
        digest = meta.get("schema_digest")
        ctx = _context(
            meta["event_id"],
            routes.source,
            routes.detail_type,
            meta["version"],
            meta["correlation_id"],
            causation_id,
            meta["idempotency_key"],
            meta["producer"],
            meta["occurred_at"],
            event,
            lambda_context,
        )
    except (KeyError, TypeError, AttributeError):
        return None
    if (
        type(data) is dict
        and type(ctx.event_id) is str
        and type(ctx.version) is str
        and type(ctx.correlation_id) is str
        and type(ctx.idempotency_key) is str
        and type(ctx.producer) is str
        and type(ctx.occurred_at) is str
        and ctx.event_id
        and ctx.version
        and ctx.correlation_id
        and ctx.idempotency_key
        and ctx.producer
        and ctx.occurred_at
        and (causation_id is None or type(causation_id) is str)
        and (digest is None or type(digest) is str)
        and ctx.version.partition(".")[0].isdigit()
    ):
        return ctx, data
    return None


# EventContext is a frozen dataclass, whose generated __init__ calls object.__setattr__ per
# field: about half the router's own cost per event. The hot path fills the same slots through
# their descriptors instead (tests/consume check the result equals a normal construction).
_new = object.__new__
_slot = {name: getattr(EventContext, name).__set__ for name in EventContext.__slots__}
_set_event_id, _set_source, _set_detail_type = (
    _slot["event_id"],
    _slot["source"],
    _slot["detail_type"],
)
_set_version, _set_correlation_id, _set_causation_id = (
    _slot["version"],
    _slot["correlation_id"],
    _slot["causation_id"],
)
_set_idempotency_key, _set_producer, _set_occurred_at = (
    _slot["idempotency_key"],
    _slot["producer"],
    _slot["occurred_at"],
)
_set_raw, _set_lambda_context = _slot["raw"], _slot["lambda_context"]


def _context(
    event_id: Any,
    source: str,
    detail_type: str,
    version: Any,
    correlation_id: Any,
    causation_id: Any,
    idempotency_key: Any,
    producer: Any,
    occurred_at: Any,
    raw: Mapping[str, Any],
    lambda_context: Any,
) -> EventContext:
    """`EventContext(...)` with every field given positionally, at a third of the cost."""
    ctx: EventContext = _new(EventContext)
    _set_event_id(ctx, event_id)
    _set_source(ctx, source)
    _set_detail_type(ctx, detail_type)
    _set_version(ctx, version)
    _set_correlation_id(ctx, correlation_id)
    _set_causation_id(ctx, causation_id)
    _set_idempotency_key(ctx, idempotency_key)
    _set_producer(ctx, producer)
    _set_occurred_at(ctx, occurred_at)
    _set_raw(ctx, raw)
    _set_lambda_context(ctx, lambda_context)
    return ctx


def native_context(
    event: Mapping[str, Any], routes: TypeRoutes, lambda_context: Any, message_id: str | None
) -> tuple[EventContext, dict[str, Any]]:
    """The slow path: `parse_detail` reads the envelope or raises naming the bad field."""
    event_id = str_or_none(event.get("id"))
    if "detail" not in event:
        raise EventParseError(
            f"{routes.source}/{routes.detail_type} event {event_id}{in_message(message_id)} "
            "has no detail",
            event_id=event_id,
            source=routes.source,
            detail_type=routes.detail_type,
            message_id=message_id,
            fields=(("detail", "missing"),),
        )
    try:
        meta, data = parse_detail(event["detail"])
    except MalformedEnvelopeError as exc:
        event_id = exc.event_id or event_id
        raise EventParseError(
            f"{routes.source}/{routes.detail_type} event {event_id}{in_message(message_id)}: "
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
    return ctx, data


def foreign_context(
    event: Mapping[str, Any], routes: TypeRoutes, lambda_context: Any, message_id: str | None
) -> tuple[EventContext, Any]:
    """A foreign (AWS service) event: `detail` is the data; the context has EventBridge's id."""
    event_id = str_or_none(event.get("id")) or ""

    def fail(problem: str) -> EventParseError:
        return EventParseError(
            f"{routes.source}/{routes.detail_type} event {event_id}{in_message(message_id)}: "
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
        try:
            detail = json.loads(detail)
        except ValueError as exc:
            raise fail(f"is not valid JSON: {exc}") from None
    if not isinstance(detail, Mapping):
        raise fail(f"must be a JSON object, got {type(detail).__name__}")
    ctx = EventContext(
        event_id=event_id,
        source=routes.source,
        detail_type=routes.detail_type,
        occurred_at=str_or_none(event.get("time")),
        raw=event,
        lambda_context=lambda_context,
    )
    return ctx, detail


def upcast(route: Route, model: BaseEvent, ctx: EventContext, message_id: str | None) -> Any:
    """Apply the route's upcasters in order; `UpcastError` names the failing step."""
    for step in route.chain:
        try:
            model = step(model)
        except Exception as exc:
            raise UpcastError(
                f"upcaster {step.name} ({step.source.__qualname__} -> "
                f"{step.target.__qualname__}) failed on {where(ctx, message_id)}: "
                f"{type(exc).__name__}: {exc}",
                fields=upcast_errors(exc),
                **ids(ctx, message_id),
            ) from exc
    return model


def parse_error(
    route: Route, ctx: EventContext, exc: ValidationError, message_id: str | None
) -> EventParseError:
    """The data does not validate: name every failing field, from the event's root."""
    prefix = "detail" if route.handler.foreign else "detail.data"
    fields = tuple(
        (".".join([prefix, *(str(p) for p in err["loc"])]), err["msg"]) for err in exc.errors()
    )
    listed = "; ".join(f"{path}: {msg}" for path, msg in fields[:10])
    more = f"; and {len(fields) - 10} more" if len(fields) > 10 else ""
    return EventParseError(
        f"{where(ctx, message_id)} does not match {route.model.__qualname__}: "
        f"{len(fields)} invalid field(s): {listed}{more}",
        fields=fields,
        **ids(ctx, message_id),
    )


def unroutable_version(
    routes: TypeRoutes, ctx: EventContext, message_id: str | None
) -> UnroutableEventError:
    """A handled event type arrived in a major no handler takes and no upcaster reaches."""
    major = int((ctx.version or "0").partition(".")[0])
    handled = routes.majors()
    above = [m for m in handled if m > major]
    if not above:
        reason = f"this router handles major(s) {', '.join(map(str, handled))} only"
        hint = "deploy a handler for this major, or narrow the rule to the majors handled"
    else:
        missing = next((m for m in range(major, above[0]) if m not in routes.steps), None)
        if missing is None:
            reason = f"the handler of major {above[0]} was registered with upcast=False"
            hint = "register it with upcast=True, or narrow the rule to the majors handled"
        else:
            reason = (
                f"no upcaster path to major {above[0]}: none from major {missing} to {missing + 1}"
            )
            hint = f"declare it with @upcaster(<Event>V{missing}, <Event>V{missing + 1})"
    return UnroutableEventError(
        f"{where(ctx, message_id)} cannot be routed: {reason}", hint=hint, **ids(ctx, message_id)
    )


def ids(ctx: EventContext, message_id: str | None) -> dict[str, Any]:
    """The identifying fields every `DispatchError` carries."""
    return {
        "event_id": ctx.event_id,
        "source": ctx.source,
        "detail_type": ctx.detail_type,
        "version": ctx.version,
        "message_id": message_id,
    }


def where(ctx: EventContext, message_id: str | None) -> str:
    """``shop.orders/OrderPlaced 1.1.0 event <id> in SQS message <id>``."""
    version = f" {ctx.version}" if ctx.version else ""
    return f"{ctx.source}/{ctx.detail_type}{version} event {ctx.event_id}{in_message(message_id)}"


def in_message(message_id: str | None) -> str:
    return f" in SQS message {message_id}" if message_id else ""


def _detail_path(field: str | None) -> str:
    """The envelope names fields from inside `detail` ("metadata.version"), or "detail" itself."""
    if not field or field == "detail" or field.startswith("detail."):
        return field or "detail"
    return f"detail.{field}"


def str_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) else None
