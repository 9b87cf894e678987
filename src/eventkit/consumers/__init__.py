"""Declared consumers: what each service says it reads (`consumes` in service.toml), indexed
by event and major, and checked against the registry and against real routers.

A tool module (not loaded by `import eventkit`). Used by `eventkit lint` (declarations and
`--routers`), `eventkit check` (who a breaking change hurts), `eventkit catalog` and
`eventkit asyncapi`.

Example:
    ```python
    from eventkit.consumers import ConsumerIndex
    from eventkit.registry import load_registry

    index = ConsumerIndex.of(load_registry("schemas"))
    print(index.consumers("orders/OrderPlaced", 1))   # ('payments',)
    ```
"""

from __future__ import annotations

from eventkit.consumers._declared import (
    ConsumerIndex,
    Declaration,
    declaration_problems,
    parse_declaration,
)
from eventkit.consumers._routers import (
    Handled,
    handled_by,
    load_routers,
    router_problems,
)

__all__ = [
    "ConsumerIndex",
    "Declaration",
    "Handled",
    "declaration_problems",
    "handled_by",
    "load_routers",
    "parse_declaration",
    "router_problems",
]
