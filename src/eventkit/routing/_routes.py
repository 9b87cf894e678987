"""The route table: compiled once from the registered handlers and upcasters, then read with
one dict lookup per event (no reflection on the hot path)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from eventkit.contract import BaseEvent
from eventkit.routing._reading import Reader, read_foreign, read_native
from eventkit.routing._upcast import Upcaster, UpcasterRegistry

__all__ = ["Handler", "Route", "TypeRoutes", "compile_routes"]


@dataclass(frozen=True, slots=True)
class Handler:
    """A registered handler: the model it wants and the function."""

    model: type[BaseEvent]
    func: Callable[[Any], Any]
    source: str
    detail_type: str
    major: int
    foreign: bool
    is_async: bool
    upcast: bool

    @property
    def name(self) -> str:
        return getattr(self.func, "__qualname__", repr(self.func))


@dataclass(frozen=True, slots=True)
class Route:
    """How events of one (source, detail-type, major) are handled."""

    model: type[BaseEvent]  # what the incoming data is validated as
    chain: tuple[Upcaster[Any, Any], ...]  # applied in order to reach the handler's model
    handler: Handler
    # `model.model_validate` without its Python wrapper: pydantic-core's `validate_python`,
    # bound once. Callers pass `by_alias=True, by_name=False` at the call: off the wire, fields
    # go by their schema names (aliases) only, and a `functools.partial` holding them cost
    # ~0.2 us per event (bench/consume.py, consume.direct_vs_model_validate).
    validate: Callable[..., Any]
    func: Callable[[Any], Any]  # handler.func and handler.is_async, one attribute away
    is_async: bool


def _route(
    model: type[BaseEvent], chain: tuple[Upcaster[Any, Any], ...], handler: Handler
) -> Route:
    if not model.__pydantic_complete__:
        model.model_rebuild()
    validate = model.__pydantic_validator__.validate_python
    return Route(model, chain, handler, validate, handler.func, handler.is_async)


@dataclass(frozen=True, slots=True)
class TypeRoutes:
    """Every route of one event type (source, detail-type), and the reader its events take."""

    source: str
    detail_type: str
    foreign: bool
    by_major: dict[str, Route]  # native: "1" -> route; foreign: {"": route}
    steps: frozenset[int]  # majors an upcaster starts from (for error messages)
    # read_native or read_foreign, picked here once: (context, data, key into by_major).
    # `Router` reads a well-formed native envelope itself and calls this for anything else.
    read: Reader

    def majors(self) -> list[int]:
        return sorted(int(m) for m in self.by_major if m)


def compile_routes(
    handlers: Iterable[Handler], registry: UpcasterRegistry
) -> dict[tuple[str, str], TypeRoutes]:
    """Build the table: exact majors first, then older majors reachable through upcasters.

    A major with its own handler always goes to it; below it, each major with an upcaster to
    the next one is routed to the nearest handler above, through the composed chain.
    """
    grouped: dict[tuple[str, str], dict[int, Handler]] = {}
    for handler in handlers:
        grouped.setdefault((handler.source, handler.detail_type), {})[handler.major] = handler
    table: dict[tuple[str, str], TypeRoutes] = {}
    for (source, detail_type), by_major in grouped.items():
        foreign = next(iter(by_major.values())).foreign
        routes: dict[str, Route] = {}
        if foreign:
            (handler,) = by_major.values()
            routes[""] = _route(handler.model, (), handler)
        else:
            for major, handler in by_major.items():
                routes[str(major)] = _route(handler.model, (), handler)
            for major, handler in sorted(by_major.items()):
                if handler.upcast:
                    _add_upcast_routes(routes, registry, handler, major)
        steps = frozenset(
            step.source.__contract__.major
            for step in registry
            if (step.source.__contract__.source, step.source.__contract__.detail_type)
            == (source, detail_type)
        )
        reader = read_foreign if foreign else read_native
        table[(source, detail_type)] = TypeRoutes(
            source, detail_type, foreign, routes, steps, reader
        )
    return table


def _add_upcast_routes(
    routes: dict[str, Route], registry: UpcasterRegistry, handler: Handler, major: int
) -> None:
    chain: tuple[Upcaster[Any, Any], ...] = ()
    older = major - 1
    while older >= 0 and str(older) not in routes:
        step = registry.step_from(handler.source, handler.detail_type, older)
        if step is None:
            return
        chain = (step, *chain)
        routes[str(older)] = _route(step.source, chain, handler)
        older -= 1
