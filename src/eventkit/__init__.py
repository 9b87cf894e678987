"""eventkit: typed, versioned event contracts for AWS EventBridge.

`import eventkit` is what a Lambda does: it loads nothing of the tools (typer, jsonschema,
datamodel-code-generator) nor boto3. Every public name is imported on first use (pydantic with
the first model), so a cold start pays only for what the function touches.

Example:
    ```python
    from eventkit import EventBus, Router
    from acme_events.orders import OrderPlacedV2  # your generated package (eventkit codegen)

    bus = EventBus("shop-events", producer="orders-service")
    router = Router()

    @router.on(OrderPlacedV2)
    def charge(order: OrderPlacedV2) -> None: ...
    ```
"""

from __future__ import annotations

import sys

TYPE_CHECKING = False  # not `typing.TYPE_CHECKING`: `import eventkit` loads no `typing` (~3 ms)
if TYPE_CHECKING:
    from typing import Any

    from eventkit._version import __version__
    from eventkit.context import EventContext, current_event
    from eventkit.contract import BaseEvent, Event, EventContract, EventkitModel, ForeignEvent
    from eventkit.errors import EventkitError
    from eventkit.publishing import EventBus, PublishResult
    from eventkit.routing import Router, upcaster

# A library logs through "eventkit" and leaves handlers to the application (or Lambda): the
# modules that log (eventkit.routing, eventkit.publishing) give the "eventkit" logger its
# NullHandler when they first log, not `import eventkit` (`import logging` is ~2 ms of a cold
# start: bench/import_time.py, import_time.service_vs_handwritten).

# `__version__` too: a generated module imports `eventkit` (the package of eventkit.contract)
# and needs no version; one module fewer on its import (bench/import_time.py).
_LAZY = {
    "__version__": "eventkit._version",
    "BaseEvent": "eventkit.contract",
    "Event": "eventkit.contract",
    "EventContract": "eventkit.contract",
    "EventkitModel": "eventkit.contract",
    "ForeignEvent": "eventkit.contract",
    "EventContext": "eventkit.context",
    "EventkitError": "eventkit.errors",
    "current_event": "eventkit.context",
    "EventBus": "eventkit.publishing",
    "PublishResult": "eventkit.publishing",
    "Router": "eventkit.routing",
    "upcaster": "eventkit.routing",
}

__all__ = [
    "BaseEvent",
    "Event",
    "EventBus",
    "EventContext",
    "EventContract",
    "EventkitError",
    "EventkitModel",
    "ForeignEvent",
    "PublishResult",
    "Router",
    "__version__",
    "current_event",
    "upcaster",
]


# Written out, not `eventkit.lazy_imports.lazy_names`: every generated module imports this
# package, and one module fewer on that path is part of bench/import_time.py's figure.
def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'eventkit' has no attribute {name!r}")
    __import__(module)  # `importlib.import_module` without `importlib` (and `warnings`)
    value = getattr(sys.modules[module], name)
    globals()[name] = value
    return value
