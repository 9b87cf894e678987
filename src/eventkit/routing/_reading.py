"""Reading one delivered event into its context and data, and the errors that name it.

The native envelope is eventkit.envelope's (`parse_detail`). `read_native` is the router's
fast path over the same rules for the common, well-formed case; anything it does not accept
outright goes through `parse_detail`, which either accepts it (e.g. a `detail` sent as JSON
text) or raises the error that names the bad field.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from eventkit._json_text import MAX_NESTING_DEPTH, JsonTextError, read_json
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
    "unreadable",
    "unroutable_version",
    "upcast",
    "where",
]


class _Context:
    """A mutable twin of `EventContext` (same slots, so the same memory layout).

    EventContext is a frozen dataclass: its generated __init__ calls object.__setattr__ per
    field, which was half of the router's own cost per event. The hot path allocates this
    twin, fills it with plain attribute stores, then makes it an EventContext by assigning
    `__class__` (allowed between classes of identical layout); from then on it is frozen like
    any other.
    tests/consume check the result equals a normally constructed EventContext.
    """

    __slots__ = EventContext.__slots__


_new = object.__new__


def read_native(
    event: Mapping[str, Any], routes: TypeRoutes, lambda_context: Any
) -> tuple[EventContext, dict[str, Any], str] | None:
    """The context, data and major of a well-formed native event; None for the slow path.

    Accepts exactly what `parse_detail` accepts when `detail` is an object: the required
    metadata are non-empty strings, the optional ones strings or null, the version starts
    with a number, `data` is an object.
    """
    try:
        detail = event["detail"]
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
    if not (major.isdigit() and major.isascii()):
        return None
    ctx: Any = _new(_Context)
    ctx.event_id = event_id
    ctx.source = routes.source
    ctx.detail_type = routes.detail_type
    ctx.version = version
    ctx.correlation_id = correlation_id
    ctx.causation_id = causation_id
    ctx.idempotency_key = idempotency_key
    ctx.producer = producer
    ctx.occurred_at = occurred_at
    ctx.raw = event
    ctx.lambda_context = lambda_context
    ctx.__class__ = EventContext
    return ctx, data, major


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
    detail = event["detail"]
    if isinstance(detail, str | bytes):  # EventBridge Scheduler sends detail as JSON text
        detail = _decode_detail(detail, routes, event_id, message_id)
    try:
        meta, data = parse_detail(detail)
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
        detail = _decode_detail(detail, routes, event_id, message_id)
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


def _decode_detail(
    text: str | bytes, routes: TypeRoutes, event_id: str | None, message_id: str | None
) -> Any:
    try:
        return read_json(text)
    except JsonTextError as exc:
        raise EventParseError(
            f"{routes.source}/{routes.detail_type} event {event_id}{in_message(message_id)}: "
            f"detail {exc.problem}",
            event_id=event_id,
            source=routes.source,
            detail_type=routes.detail_type,
            message_id=message_id,
            fields=(("detail", exc.problem),),
            reason=exc.reason,
            max_depth=MAX_NESTING_DEPTH if exc.reason == "too-deep" else None,
        ) from None


def unreadable(event: Any, exc: Exception, message_id: str | None) -> EventParseError:
    """Any other exception while reading one event: that event fails, never the batch.

    A `RecursionError` means nesting too deep for the interpreter (e.g. in a validator).
    """
    too_deep = isinstance(exc, RecursionError)
    source = detail_type = event_id = None
    if type(event) is dict:
        source, detail_type = (
            str_or_none(event.get("source")),
            str_or_none(event.get("detail-type")),
        )
        event_id = str_or_none(event.get("id"))
    named = f"{source}/{detail_type} event {event_id}" if source and detail_type else "event"
    if too_deep:
        problem = f"nests too deep to read (at least {MAX_NESTING_DEPTH} levels are accepted)"
    else:
        problem = f"could not be read: {type(exc).__name__}: {str(exc)[:200]}"
    error = EventParseError(
        f"{named}{in_message(message_id)} {problem}",
        event_id=event_id,
        source=source,
        detail_type=detail_type,
        message_id=message_id,
        reason="too-deep" if too_deep else "unreadable",
        max_depth=MAX_NESTING_DEPTH if too_deep else None,
    )
    error.__cause__ = exc
    return error


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
