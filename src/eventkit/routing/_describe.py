"""How a dispatch failure names its event: the identifying fields every `DispatchError`
carries, the ``source/detail-type version event <id> in SQS message <id>`` text, and the
error for an exception met while reading one event."""

from __future__ import annotations

from typing import Any

from eventkit.context import EventContext, LazyEventContext, resolve
from eventkit.errors import EventParseError
from eventkit.json_text import MAX_NESTING_DEPTH

__all__ = ["ids", "in_message", "str_or_none", "unreadable", "where"]


def ids(ctx: EventContext | LazyEventContext, message_id: str | None) -> dict[str, Any]:
    """The identifying fields every `DispatchError` carries."""
    known = resolve(ctx)
    return {
        "event_id": known.event_id,
        "source": known.source,
        "detail_type": known.detail_type,
        "version": known.version,
        "message_id": message_id,
    }


def where(ctx: EventContext | LazyEventContext, message_id: str | None) -> str:
    """``shop.orders/OrderPlaced 1.1.0 event <id> in SQS message <id>``."""
    known = resolve(ctx)
    version = f" {known.version}" if known.version else ""
    return (
        f"{known.source}/{known.detail_type}{version} event {known.event_id}"
        f"{in_message(message_id)}"
    )


def in_message(message_id: str | None) -> str:
    return f" in SQS message {message_id}" if message_id else ""


def str_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) else None


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
