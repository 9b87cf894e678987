"""Between reading an event and calling its handler: upcasting, and the errors for data that
does not validate or a major no route takes. Each error names the event (`_describe`) and the
route."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from eventkit.context import EventContext, LazyEventContext, resolve
from eventkit.contract import BaseEvent
from eventkit.errors import EventParseError, UnroutableEventError, UpcastError
from eventkit.routing._describe import ids, shown, where
from eventkit.routing._routes import Route, TypeRoutes
from eventkit.routing._upcast import upcast_errors

__all__ = ["parse_error", "unroutable_version", "upcast"]

Context = EventContext | LazyEventContext


def upcast(route: Route, model: BaseEvent, ctx: Context, message_id: str | None) -> Any:
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
    route: Route, ctx: Context, exc: ValidationError, message_id: str | None
) -> EventParseError:
    """The data does not validate: name every failing field, from the event's root."""
    prefix = "detail" if route.handler.foreign else "detail.data"
    fields = tuple(
        (".".join([prefix, *(str(p) for p in err["loc"])]), err["msg"]) for err in exc.errors()
    )
    listed = shown("; ".join(f"{path}: {msg}" for path, msg in fields[:10]))
    more = f"; and {len(fields) - 10} more" if len(fields) > 10 else ""
    return EventParseError(
        f"{where(ctx, message_id)} does not match {route.model.__qualname__}: "
        f"{len(fields)} invalid field(s): {listed}{more}",
        fields=fields,
        **ids(ctx, message_id),
    )


def unroutable_version(
    routes: TypeRoutes, ctx: Context, message_id: str | None
) -> UnroutableEventError:
    """A handled event type arrived in a major no handler takes and no upcaster reaches."""
    text = (resolve(ctx).version or "0").partition(".")[0]
    major = int(text)
    handled = routes.majors()
    above = [m for m in handled if m > major]
    if text != str(major):  # routes are keyed by the major's text: "01" is not "1"
        reason = (
            f"its major is written {text!r}: majors are routed as written, without leading "
            f"zeros (this router handles major(s) {', '.join(map(str, handled))})"
        )
        hint = f"the producer must write the version as semver ({major}.x.y)"
    elif not above:
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
