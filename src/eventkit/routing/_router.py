"""`Router`: typed handlers for EventBridge events, usable directly as a Lambda handler."""

from __future__ import annotations

import asyncio
import inspect
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import replace
from typing import Any, Literal, TypeVar

from pydantic import ValidationError

from eventkit.context import Delivery, EventContext, LazyEventContext, context_var, resolve
from eventkit.contract import BaseEvent
from eventkit.envelope import is_eventbridge_event, read_envelope_fields, unwrap_delivery
from eventkit.errors import (
    DispatchError,
    EventParseError,
    HandlerError,
    RoutingError,
    UnroutableEventError,
)
from eventkit.json_text import json_kind
from eventkit.routing._batch import BatchResult, dispatch_sqs_record, process_sqs_batch
from eventkit.routing._describe import ids, in_message, shown, str_or_none, unreadable, where
from eventkit.routing._handling import parse_error, unroutable_version, upcast
from eventkit.routing._patterns import DEFAULT_MAX_PATTERN_CHARS, combined_pattern, patterns_for
from eventkit.routing._routes import Handler, TypeRoutes, compile_routes
from eventkit.routing._upcast import UpcasterRegistry, model_contract, upcasters

__all__ = ["Router", "UnhandledPolicy"]

E = TypeVar("E", bound=BaseEvent)
R = TypeVar("R")

UnhandledPolicy = Literal["ignore", "log", "fail"]
Hook = Callable[[EventContext], object]

logger = logging.getLogger("eventkit.routing")

_UNHANDLED = object()  # dispatch's result for an event ignored under the unhandled policy
_NO_TYPES: dict[str, TypeRoutes] = {}  # the detail-types of a source no handler takes

# The context variable under a name bound here, not imported: CPython 3.11 compiles
# `imported_name.set(...)` as an attribute load (a new bound method per call, twice per event)
# and `other_name.set(...)` as a method call without one (~0.05 us per event).
_current = context_var


class Router:
    """Routes EventBridge events to typed handlers, by source, detail-type and major version.

    The router is itself a Lambda handler: give it a direct EventBridge event and it returns
    the handler's result (raising `DispatchError` on failure, so Lambda retries or dead-letters
    the event), or an SQS batch of EventBridge events and it returns the partial batch
    response (`batchItemFailures`), so only the failed messages go back to the queue.

    Args:
        unhandled: what to do with an event type that has no handler: ``"ignore"``,
            ``"log"`` (a warning, the default) or ``"fail"`` (an `UnroutableEventError`).
        upcasters: where upcasters are declared (default: the registry `@upcaster` uses).
        name: a label for logs and generated rule names.

    Example:
        ```python
        router = Router()

        @router.on(OrderPlacedV1)
        def charge(order: OrderPlacedV1) -> None:
            ...

        handler = router  # the Lambda handler
        ```
    """

    def __init__(
        self,
        *,
        unhandled: UnhandledPolicy = "log",
        upcasters: UpcasterRegistry = upcasters,
        name: str = "router",
    ) -> None:
        if unhandled not in ("ignore", "log", "fail"):
            raise RoutingError(f"unhandled must be 'ignore', 'log' or 'fail', not {unhandled!r}")
        self.unhandled: UnhandledPolicy = unhandled
        self.upcasters = upcasters
        self.name = name
        self._handlers: dict[tuple[str, str, int], Handler] = {}
        self._hooks: list[Hook] = []
        self._table: dict[tuple[str, str], TypeRoutes] = {}
        self._by_source: dict[str, dict[str, TypeRoutes]] = {}  # the table, by source first
        upcasters.subscribe(self)

    # -- registration -------------------------------------------------------------------

    def on(
        self, model: type[E], *, upcast: bool = True
    ) -> Callable[[Callable[[E], R]], Callable[[E], R]]:
        """Decorator: handle events of `model`'s type and major version with the function.

        Older majors are upcast to `model` when upcasters lead to it (turn that off with
        ``upcast=False``, e.g. while a producer publishes both majors). The function is
        returned unchanged; it may be ``async``.
        """
        contract = model_contract(model)

        def register(func: Callable[[E], R]) -> Callable[[E], R]:
            key = (contract.source, contract.detail_type, contract.major)
            existing = self._handlers.get(key)
            if existing is not None:
                raise RoutingError(
                    f"{self.name}: {contract.source}/{contract.detail_type} major "
                    f"{contract.major} already has a handler ({existing.name}); "
                    f"cannot add {getattr(func, '__qualname__', func)}",
                    hint="one handler per event type and major; call the others from it",
                )
            self._check_kind(contract.source, contract.detail_type, contract.foreign)
            self._handlers[key] = Handler(
                model=model,
                func=func,
                source=contract.source,
                detail_type=contract.detail_type,
                major=contract.major,
                foreign=contract.foreign,
                is_async=_is_async_callable(func),
                upcast=upcast,
            )
            self._compile()
            return func

        return register

    def _check_kind(self, source: str, detail_type: str, foreign: bool) -> None:
        for other in self._handlers.values():
            if (other.source, other.detail_type) == (source, detail_type) and (
                other.foreign != foreign or foreign
            ):
                raise RoutingError(
                    f"{self.name}: {source}/{detail_type} is registered twice "
                    f"({other.model.__qualname__} is {'foreign' if other.foreign else 'native'})"
                )

    def use(self, hook: Hook) -> Hook:
        """Call `hook(context)` before every handler (e.g. to put the correlation id in logs)."""
        self._hooks.append(hook)
        return hook

    @property
    def handlers(self) -> tuple[Handler, ...]:
        """The registered handlers, in registration order."""
        return tuple(self._handlers.values())

    def routes(self) -> dict[tuple[str, str], TypeRoutes]:
        """The compiled route table, by (source, detail-type)."""
        return self._table

    def _compile(self) -> None:
        # Called on every registration here and in the upcaster registry: dispatch only reads.
        table = compile_routes(self._handlers.values(), self.upcasters)
        # What dispatch looks up: by source, then detail-type. Two lookups of strings cost less
        # than building and hashing a (source, detail-type) tuple per event (~0.03 us).
        by_source: dict[str, dict[str, TypeRoutes]] = {}
        for (source, detail_type), routes in table.items():
            by_source.setdefault(source, {})[detail_type] = routes
        self._table, self._by_source = table, by_source

    # -- Lambda entry points ------------------------------------------------------------

    def __call__(self, event: Any, context: Any = None) -> Any:
        """The Lambda handler: an EventBridge event, an SQS batch, or any other shape an
        event arrives in (docs/consuming.md, "Lambda inputs")."""
        if (
            (type(event) is dict or isinstance(event, Mapping))
            and "Records" in event
            and not _is_sns_event(event)  # SNS -> Lambda: one record, invoked asynchronously
        ):
            return self.process_batch(event, context).response()
        result = self._dispatch(event, context, None, None)
        return None if result is _UNHANDLED else result

    def dispatch(
        self,
        event: Any,
        context: Any = None,
        *,
        message_id: str | None = None,
        delivery: Delivery | None = None,
    ) -> Any:
        """Handle one event; return the handler's result (None for an event no handler takes
        that the router's `unhandled` policy ignores or logs).

        `event` is an EventBridge event or a wrapper around one (an SNS notification or SNS
        Lambda event, a Lambda destination record); `delivery` says how an event already
        taken out of its wrapper came (it reaches the handler as `current_event().delivery`).

        Raises:
            DispatchError: the event could not be parsed, routed, upcast or handled. Any
                exception while reading it is one too (`EventParseError`, `reason`
                ``"unreadable"``, the exception as `__cause__`), never a crash. Input that
                is no shape an event arrives in is `reason` ``"unknown-shape"``.
        """
        result = self._dispatch(event, context, message_id, delivery)
        return None if result is _UNHANDLED else result

    def _dispatch(  # noqa: C901 - the hot path is one frame: its reads and checks written in
        self,
        event: Any,
        context: Any = None,
        message_id: str | None = None,
        delivery: Delivery | None = None,
    ) -> Any:
        # `dispatch` without keyword-only parameters, and the handler call written in: CPython
        # 3.11 specialises calls only to functions without them, so `__call__` -> `dispatch`
        # and a separate `_handle` frame cost ~0.15 us per event (bench/consume.py,
        # consume.direct_vs_model_validate). The SQS batch path is given it directly too.
        try:  # free when nothing is raised (zero-cost exceptions)
            try:
                source, detail_type = event["source"], event["detail-type"]
                routes = self._by_source.get(source, _NO_TYPES).get(detail_type)
            except (KeyError, TypeError):  # not a mapping, a key missing, or unhashable values
                routes = None
            if routes is None:
                return self._not_routed(event, context, message_id, delivery)
            # A native event's envelope is read here, not by a reader function: one frame and
            # one returned tuple fewer per event (~850 instructions, bench/consume.py,
            # consume.direct_vs_model_validate). `read_envelope_fields` accepts only the
            # well-formed common case; anything else, and foreign events, go to the route's
            # reader (`_reading`), which accepts the other forms or raises naming the bad field.
            ctx: EventContext | LazyEventContext
            if routes.foreign:
                ctx, data, key = routes.read(event, routes, context, message_id)
            else:
                try:
                    read = read_envelope_fields(event["detail"])
                except (KeyError, TypeError, AttributeError):
                    read = None
                if read is None:
                    ctx, data, key = routes.read(event, routes, context, message_id)
                else:
                    metadata, data, key = read
                    # plain stores into a fresh object (the class has no `__init__`, so none
                    # runs); calling the class is cheaper than `object.__new__(...)`
                    ctx = LazyEventContext()
                    ctx.metadata = metadata
                    ctx.source = routes.source
                    ctx.detail_type = routes.detail_type
                    ctx.raw = event
                    ctx.lambda_context = context
            if delivery is not None:
                ctx = _with_delivery(ctx, delivery)
            route = routes.by_major.get(key)
            if route is None:
                raise unroutable_version(routes, ctx, message_id)
            # The callables the route holds are read into locals before the call: CPython 3.11
            # cannot specialise `obj.slot(...)` (a method call on a slot attribute) and looks
            # it up generically every time; `f = obj.slot` then `f(...)` is specialised.
            validate = route.validate
            try:
                # Off the wire, fields go by their schema names (aliases) only: `instance_id`
                # for `instance-id` is a producer bug to report, not something to accept by the
                # Python name. Passed here, not bound in a partial (see Route.validate).
                model = validate(data, by_alias=True, by_name=False)
            except ValidationError as exc:
                raise parse_error(route, ctx, exc, message_id) from None
            if route.chain:
                model = upcast(route, model, ctx, message_id)
            func = route.func
            # Set the context variable directly: `handling()` costs a generator per event.
            token = _current.set(ctx)
            try:
                if self._hooks:
                    _call_hooks(self._hooks, ctx)
                result = func(model)
                # An async handler's result is a coroutine, run to completion here. Registration
                # cannot always tell (a sync decorator over an `async def`, an object with an
                # async `__call__`), so any awaitable result is run too: returned unawaited,
                # the handler would never run and its event be reported handled. Most handlers
                # return None: that one comparison is all they pay (no call, no isinstance).
                if result is not None and (
                    route.is_async
                    or (result.__class__ not in _PLAIN_RESULTS and _isawaitable(result))
                ):
                    result = _run_to_completion(result)
            except Exception as exc:
                raise HandlerError(
                    f"handler {route.handler.name} raised {type(exc).__name__}: {shown(exc)} "
                    f"(while handling {where(ctx, message_id)})",
                    **ids(ctx, message_id),
                ) from exc
            finally:
                _current.reset(token)
            return result
        except (DispatchError, MemoryError):
            raise
        except Exception as exc:  # handler errors are HandlerErrors: this is reading one event
            raise unreadable(event, exc, message_id) from exc

    def parse(self, event: Any, *, message_id: str | None = None) -> BaseEvent | None:
        """The typed event its handler would receive for `event` (upcast as for the handler),
        without calling the handler or any hook; None for a type no handler takes.

        `event` may be any shape `dispatch` reads (an SNS notification, a destination
        record, ...). `eventkit dlq inspect --router` uses it to check dead letters.

        Raises:
            DispatchError: as `dispatch` does, for input that cannot be read or routed.
        """
        try:
            if not is_eventbridge_event(event) or event.get("source") == "lambda":
                event, _ = unwrap_delivery(event, message_id=message_id)
            routes = self._by_source.get(event["source"], _NO_TYPES).get(event["detail-type"])
            if routes is None:
                return None
            ctx, data, key = routes.read(event, routes, None, message_id)
            route = routes.by_major.get(key)
            if route is None:
                raise unroutable_version(routes, ctx, message_id)
            try:
                model = route.validate(data, by_alias=True, by_name=False)  # see Route.validate
            except ValidationError as exc:
                raise parse_error(route, ctx, exc, message_id) from None
            if route.chain:
                model = upcast(route, model, ctx, message_id)
            return model  # type: ignore[no-any-return]
        except (DispatchError, MemoryError):
            raise
        except Exception as exc:
            raise unreadable(event, exc, message_id) from exc

    def _not_routed(
        self, event: Any, context: Any, message_id: str | None, delivery: Delivery | None
    ) -> Any:
        """No route for the input: an event with no handler, or a wrapper to take apart."""
        if delivery is None and not (
            is_eventbridge_event(event) and event.get("source") != "lambda"
        ):
            via = ("sqs",) if message_id is not None else ()
            inner, found = unwrap_delivery(event, via=via, message_id=message_id)
            if inner is not event:
                return self._dispatch(inner, context, message_id, found)
        return self._unhandled(event, message_id)

    def _unhandled(self, event: Any, message_id: str | None) -> object:
        if not isinstance(event, Mapping):
            raise EventParseError(
                f"expected an EventBridge event (a JSON object), got {json_kind(event)}"
                f"{in_message(message_id)}",
                message_id=message_id,
                reason="not-an-object",
            )
        source, detail_type = event.get("source"), event.get("detail-type")
        if not isinstance(source, str) or not isinstance(detail_type, str):
            missing = [k for k in ("source", "detail-type") if not isinstance(event.get(k), str)]
            raise EventParseError(
                f"not an EventBridge event: no {' or '.join(missing)}{in_message(message_id)} "
                f"(keys: {shown(', '.join(sorted(map(str, event)))) or 'none'})",
                event_id=str_or_none(event.get("id")),
                message_id=message_id,
                fields=tuple((k, "missing") for k in missing),
            )
        if self.unhandled == "fail":
            raise UnroutableEventError(
                f"{self.name} has no handler for {shown(source)}/{shown(detail_type)} "
                f"(event {shown(event.get('id'))}{in_message(message_id)})",
                source=source,
                detail_type=detail_type,
                event_id=str_or_none(event.get("id")),
                message_id=message_id,
                hint="register one with @router.on(...), or narrow the rule with router.event_patterns()",
            )
        if self.unhandled == "log":
            logger.warning(
                "%s: no handler for %s/%s (event %s%s); ignored",
                self.name,
                shown(source),
                shown(detail_type),
                shown(event.get("id")),
                in_message(message_id),
            )
        return _UNHANDLED

    # -- batches and the infrastructure -------------------------------------------------

    def process_batch(self, event: Mapping[str, Any], context: Any = None) -> BatchResult:
        """Handle an SQS batch (`{"Records": [...]}`) of EventBridge events, message by message.

        Failures are reported in the result (and logged), never raised, so the good messages
        are not sent back with the bad ones; FIFO groups stop at their first failure.
        """
        return process_sqs_batch(
            self._dispatch, event, context, unhandled=_UNHANDLED, name=self.name
        )

    def handle_record(self, record: Any, context: Any = None) -> Any:
        """Handle one SQS record: for Powertools' `BatchProcessor` as its record handler.

        Raises `DispatchError` on failure, which is what `BatchProcessor` expects.
        """
        try:
            result = dispatch_sqs_record(self._dispatch, record, context)
        except (DispatchError, MemoryError):
            raise
        except Exception as exc:  # reading the record itself (as a batch would report it)
            raise unreadable(None, exc, _record_message_id(record)) from exc
        return None if result is _UNHANDLED else result

    def event_patterns(self, *, max_chars: int = DEFAULT_MAX_PATTERN_CHARS) -> list[dict[str, Any]]:
        """EventBridge rule patterns that match exactly the events this router handles.

        One pattern per source and set of majors (detail-types merged), foreign events by
        source and detail-type only; more when one would be longer than `max_chars` (the
        "Event pattern size" quota, 2,048 unless raised; up to 4,096). Deterministic order,
        ready for CDK, SAM or Serverless.
        """
        return patterns_for(self.routes().values(), max_chars=max_chars)

    def event_pattern(self, *, max_chars: int = DEFAULT_MAX_PATTERN_CHARS) -> dict[str, Any]:
        """All of `event_patterns()` as one pattern (joined with ``$or``), for a single rule.

        Raises:
            RoutingError: it would be longer than `max_chars` (use `event_patterns()`).
        """
        return combined_pattern(self.event_patterns(max_chars=max_chars), max_chars=max_chars)


_isawaitable = inspect.isawaitable  # a global, one load on the hot path
# Results that are never awaitable, told by one set lookup (`isawaitable` costs ~250 ns)
_PLAIN_RESULTS = frozenset({dict, list, tuple, str, bytes, int, float, bool})


def _is_async_callable(func: Callable[..., Any]) -> bool:
    """Whether calling `func` returns an awaitable: an `async def`, under `functools.wraps`
    decorators too, or an object whose `__call__` is one. Dispatch checks the result anyway."""
    try:
        inner = inspect.unwrap(func)
    except ValueError:  # a cycle of __wrapped__
        inner = func
    for candidate in (func, inner):
        if inspect.iscoroutinefunction(candidate) or (
            not inspect.isroutine(candidate)
            and not isinstance(candidate, type)
            and inspect.iscoroutinefunction(getattr(candidate, "__call__", None))  # noqa: B004
        ):
            return True
    return False


async def _await(awaitable: Awaitable[Any]) -> Any:
    return await awaitable


def _run_to_completion(result: Any) -> Any:
    """Run an async handler's result in its own event loop; a non-awaitable is returned as
    it is (a wrapper registered as async that returned a plain value).

    The router is synchronous, but it may be called where an event loop is already running
    in this thread (an async web handler, a notebook, a test driving a browser): there
    `asyncio.run` refuses, so the coroutine runs to completion in a thread of its own, with
    this thread's context variables (`current_event()` still answers)."""
    if not _isawaitable(result):
        return result
    coroutine = result if inspect.iscoroutine(result) else _await(result)
    try:
        if asyncio._get_running_loop() is None:  # the usual case, a Lambda: no loop running
            return asyncio.run(coroutine)
        return _run_in_own_thread(coroutine)
    except asyncio.CancelledError as exc:  # a BaseException: it would escape the batch
        raise RuntimeError("the async handler was cancelled") from exc


def _run_in_own_thread(coroutine: Any) -> Any:
    import contextvars
    from concurrent.futures import ThreadPoolExecutor

    context = contextvars.copy_context()
    with ThreadPoolExecutor(1, thread_name_prefix="eventkit-async-handler") as pool:
        return pool.submit(context.run, asyncio.run, coroutine).result()


def _record_message_id(record: Any) -> str | None:
    record = getattr(record, "raw_event", record)
    found = (
        record.get("messageId")
        if isinstance(record, Mapping)
        else getattr(record, "messageId", None)
    )
    return found if isinstance(found, str) else None


def _call_hooks(hooks: list[Hook], ctx: EventContext | LazyEventContext) -> None:
    current = resolve(ctx)
    for hook in hooks:
        hook(current)


def _is_sns_event(event: Mapping[str, Any]) -> bool:
    records = event["Records"]
    return (
        isinstance(records, list)
        and bool(records)
        and isinstance(records[0], Mapping)
        and records[0].get("EventSource") == "aws:sns"
    )


def _with_delivery(
    ctx: EventContext | LazyEventContext, delivery: Delivery
) -> EventContext | LazyEventContext:
    if isinstance(ctx, LazyEventContext):
        ctx.delivery = delivery
        return ctx
    return replace(ctx, delivery=delivery)
