"""Upcasters: declared functions from one major version of an event to the next.

An upcaster turns a valid `OrderPlacedV1` into a valid `OrderPlacedV2`. The router applies
them when a handler wants V2 and V1 arrives, composing steps (V1 -> V2 -> V3) as needed.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pydantic import ValidationError

from eventkit.contract import BaseEvent, EventContract
from eventkit.errors import EventValidationError, RoutingError

__all__ = [
    "Upcaster",
    "UpcasterRegistry",
    "contract_key",
    "model_contract",
    "upcaster",
    "upcasters",
]

A = TypeVar("A", bound=BaseEvent)
B = TypeVar("B", bound=BaseEvent)

# (source, detail-type): what identifies an event type on the bus, across its majors.
ContractKey = tuple[str, str]


def model_contract(model: object) -> EventContract:
    """The contract of an event model class; `RoutingError` when it is not one."""
    contract = (
        getattr(model, "__contract__", None)
        if isinstance(model, type) and issubclass(model, BaseEvent)
        else None
    )
    if not isinstance(contract, EventContract):
        name = getattr(model, "__qualname__", repr(model))
        raise RoutingError(
            f"{name} is not an eventkit event model (a generated class with a __contract__)",
            hint="register the classes `eventkit codegen` generated, e.g. OrderPlacedV1",
        )
    for field, value in (("source", contract.source), ("detail_type", contract.detail_type)):
        if not _carried(value):
            # a hand-written contract: codegen's come from a registry whose loader refuses these
            raise RoutingError(
                f"{getattr(model, '__qualname__', model)}: its contract's {field} {value!r} is "
                "not text EventBridge can carry (empty, not a str, or a lone surrogate)",
                hint="register the classes `eventkit codegen` generated, e.g. OrderPlacedV1",
            )
    return contract


def _carried(value: object) -> bool:
    if not isinstance(value, str) or not value:
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: no JSON text AWS reads holds it
        return False
    return True


def contract_key(contract: EventContract) -> ContractKey:
    return (contract.source, contract.detail_type)


@dataclass(frozen=True, slots=True)
class Upcaster(Generic[A, B]):
    """One declared step from `source` (major N) to `target` (major N+1) of the same event."""

    source: type[A]
    target: type[B]
    func: Callable[[A], B]

    @property
    def name(self) -> str:
        return getattr(self.func, "__qualname__", repr(self.func))

    def __call__(self, old: A) -> B:
        """Apply the step and make sure the result is a valid `target` instance.

        A returned mapping is validated as the target's data; an instance is trusted as
        built by the class (validated on construction). Raises `TypeError`, pydantic's
        `ValidationError` or (from a constructor) `EventValidationError` for the router to
        report.
        """
        new: object = self.func(old)
        if isinstance(new, self.target):
            return new
        if isinstance(new, Mapping):
            return self.target.model_validate(new)
        raise TypeError(
            f"upcaster {self.name} returned {type(new).__qualname__}, "
            f"expected {self.target.__qualname__} (or its data as a dict)"
        )


class UpcasterRegistry:
    """The declared upcasters, by event type and the major they start from.

    Example:
        ```python
        registry = UpcasterRegistry()

        @registry(OrderPlacedV1, OrderPlacedV2)
        def order_v1_to_v2(old: OrderPlacedV1) -> OrderPlacedV2:
            return OrderPlacedV2(order_id=old.order_id, total=Money(amount=old.total, currency="EUR"))
        ```
    """

    def __init__(self) -> None:
        self._steps: dict[tuple[str, str, int], Upcaster[Any, Any]] = {}
        # Routers using this registry recompile their route tables when an upcaster is added,
        # so dispatch never checks whether its table is current.
        self._routers: weakref.WeakSet[Any] = weakref.WeakSet()

    def subscribe(self, router: Any) -> None:
        """Have `router._compile()` called whenever an upcaster is declared here."""
        self._routers.add(router)

    def __call__(
        self, source: type[A], target: type[B]
    ) -> Callable[[Callable[[A], B]], Callable[[A], B]]:
        """Decorator: declare `func` as the upcaster from `source` to `target`."""

        def decorate(func: Callable[[A], B]) -> Callable[[A], B]:
            self.register(source, target, func)
            return func

        return decorate

    def register(self, source: type[A], target: type[B], func: Callable[[A], B]) -> Upcaster[A, B]:
        """Declare `func` as the upcaster from `source` to `target` (the next major)."""
        old, new = model_contract(source), model_contract(target)
        if contract_key(old) != contract_key(new) or old.foreign != new.foreign:
            raise RoutingError(
                f"upcaster {source.__qualname__} -> {target.__qualname__}: not the same event "
                f"({old.source}/{old.detail_type} vs {new.source}/{new.detail_type})"
            )
        if new.major != old.major + 1:
            raise RoutingError(
                f"upcaster {source.__qualname__} -> {target.__qualname__}: goes from major "
                f"{old.major} to {new.major}; an upcaster goes to the next major only",
                hint="declare one upcaster per step; the router composes them",
            )
        key = (old.source, old.detail_type, old.major)
        existing = self._steps.get(key)
        if existing is not None and existing.func is not func:
            raise RoutingError(
                f"two upcasters from {source.__qualname__} to {target.__qualname__}: "
                f"{existing.name} and {getattr(func, '__qualname__', func)}"
            )
        step: Upcaster[A, B] = Upcaster(source, target, func)
        self._steps[key] = step
        for router in list(self._routers):
            router._compile()
        return step

    def step_from(self, source: str, detail_type: str, major: int) -> Upcaster[Any, Any] | None:
        """The upcaster from `major` to `major + 1` of the event, if declared."""
        return self._steps.get((source, detail_type, major))

    def __iter__(self) -> Any:
        return iter(list(self._steps.values()))

    def __len__(self) -> int:
        return len(self._steps)


upcasters = UpcasterRegistry()
"""The default registry: `@upcaster(...)` declares here, and every `Router` consults it."""


def upcaster(source: type[A], target: type[B]) -> Callable[[Callable[[A], B]], Callable[[A], B]]:
    """Declare the upcaster from `source` to `target` (the next major) in the default registry.

    Example:
        ```python
        @upcaster(OrderPlacedV1, OrderPlacedV2)
        def order_v1_to_v2(old: OrderPlacedV1) -> OrderPlacedV2:
            return OrderPlacedV2(order_id=old.order_id, ...)
        ```
    """
    return upcasters(source, target)


def upcast_errors(exc: BaseException) -> tuple[tuple[str, str], ...]:
    """The failing fields of an upcaster's invalid result, as `(path, problem)` pairs."""
    if isinstance(exc, ValidationError | EventValidationError):  # a dict, or a constructor
        return tuple(
            (".".join(str(p) for p in err["loc"]) or "(root)", err["msg"]) for err in exc.errors()
        )
    return ()
