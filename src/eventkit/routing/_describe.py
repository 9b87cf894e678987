"""How a dispatch failure names its event: the identifying fields every `DispatchError`
carries, the ``source/detail-type version event <id> in SQS message <id>`` text, and the
error for an exception met while reading one event."""

from __future__ import annotations

from typing import Any

from eventkit.context import EventContext, LazyEventContext, resolve
from eventkit.errors import EventParseError
from eventkit.json_text import MAX_NESTING_DEPTH
from eventkit.visible_text import visible

__all__ = ["ids", "in_message", "shown", "str_or_none", "unreadable", "where"]


def shown(value: object) -> str:
    """Text from an incoming event (a detail-type, an id) for a message or a log line: a line
    break or terminal escape in it is written as a visible escape, so it cannot forge a line
    of its own or drive the terminal reading the log."""
    return visible(value if isinstance(value, str) else str(value))


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
    return shown(
        f"{known.source}/{known.detail_type}{version} event {known.event_id}"
        f"{in_message(message_id)}"
    )


def in_message(message_id: str | None) -> str:
    return f" in SQS message {shown(message_id)}" if message_id else ""


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
    named = shown(f"{source}/{detail_type} event {event_id}") if source and detail_type else "event"
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
