"""`--routers`: load the real routers and compare what they handle with what is declared."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from eventkit.consumers._declared import ConsumerIndex
from eventkit.errors import RouterSpecError
from eventkit.registry import SERVICE_FILE, Problem, Registry

if TYPE_CHECKING:
    from eventkit.routing import Router  # the runtime (pydantic models): imported when used

__all__ = ["Handled", "handled_by", "load_routers", "router_problems"]

_SPEC_HINT = (
    "give [SERVICE=]MODULE:NAME, where NAME is a Router, a mapping of service name to Router, "
    "an object with a routers() method, or a function without arguments returning one of these"
)


@dataclass(frozen=True)
class Handled:
    """One (event, major) a router handles, and the handler that receives it.

    `event` is the registry key, or None when no event type of the registry has that source
    and detail-type. `upcast` is True when the major reaches the handler through upcasters.
    """

    event: str | None
    source: str
    detail_type: str
    major: int
    handler: str
    upcast: bool

    @property
    def label(self) -> str:
        what = self.event or f"{self.source}/{self.detail_type}"
        return f"{what}@{self.major}"


def handled_by(router: Router, registry: Registry) -> list[Handled]:
    """Every (event, major) `router` routes to a handler, upcast majors included."""
    keys = {(e.source, e.detail_type): e.key for e in registry.events}
    out = []
    for (source, detail_type), table in sorted(router.routes().items()):
        for major_text, route in sorted(table.by_major.items()):
            major = int(major_text) if major_text else route.handler.major
            out.append(
                Handled(
                    event=keys.get((source, detail_type)),
                    source=source,
                    detail_type=detail_type,
                    major=major,
                    handler=route.handler.name.rsplit("<locals>.", 1)[-1],
                    upcast=bool(route.chain),
                )
            )
    return out


def load_routers(specs: Iterable[str], registry: Registry) -> dict[str, list[Router]]:
    """Import each ``[SERVICE=]MODULE:NAME`` and return the routers by service folder.

    A router without SERVICE= belongs to the service named like the router (`Router(name=)`),
    a mapping to the services it is keyed by. Raises `RouterSpecError` (exit 2).
    """
    services = {service.name for service in registry.services}
    found: dict[str, list[Router]] = {}
    for spec in specs:
        service, _, target = spec.rpartition("=") if "=" in spec else ("", "", spec)
        for name, router in _resolve(spec, _import(spec, target), service).items():
            if name not in services:
                raise RouterSpecError(
                    f"--routers {spec}: router {router.name!r} belongs to service {name!r}, "
                    "which the registry does not have",
                    spec=spec,
                    hint=f"prefix the entry with the service folder: SERVICE={target} "
                    f"(services: {', '.join(sorted(services))})",
                )
            found.setdefault(name, []).append(router)
    return found


def _import(spec: str, target: str) -> Any:
    module_name, sep, attr = target.partition(":")
    if not sep or not module_name or not attr:
        raise RouterSpecError(f"--routers {spec!r} is not MODULE:NAME", spec=spec, hint=_SPEC_HINT)
    # Like `python -m`: modules of the current folder can be named (a console script's
    # sys.path does not hold it), and of its src/ folder (the src layout), as for
    # `eventkit patterns`: the same MODULE:NAME works in both commands without PYTHONPATH.
    cwd = Path.cwd()
    roots = [str(cwd / "src")] if (cwd / "src").is_dir() else []
    added = [root for root in (*roots, str(cwd)) if root not in sys.path]
    for root in added:  # each inserted at 0: the current folder ends up first
        sys.path.insert(0, root)
    try:
        obj: Any = importlib.import_module(module_name)
    except Exception as error:  # any error of the user's module is reported
        raise RouterSpecError(
            f"--routers {spec}: cannot import {module_name}: {type(error).__name__}: {error}",
            spec=spec,
            hint="check the module name and that it imports on its own",
        ) from None
    finally:
        for root in added:
            sys.path.remove(root)
    for part in attr.split("."):
        try:
            obj = getattr(obj, part)
        except AttributeError:
            raise RouterSpecError(
                f"--routers {spec}: {module_name} has no attribute {attr}",
                spec=spec,
                hint=_SPEC_HINT,
            ) from None
    return obj


def _resolve(spec: str, obj: Any, service: str, *, calls: int = 0) -> dict[str, Router]:
    from eventkit.routing import Router

    if isinstance(obj, Router):
        return {service or obj.name: obj}
    if isinstance(obj, Mapping) and obj and all(isinstance(r, Router) for r in obj.values()):
        if service:
            raise RouterSpecError(
                f"--routers {spec}: SERVICE= names one service, but this holds several routers",
                spec=spec,
                hint="drop the SERVICE= prefix: the mapping's keys name the services",
            )
        return {str(name): router for name, router in obj.items()}
    method = getattr(obj, "routers", None)
    # A factory returning an object with routers(): at most two calls, never a loop.
    if callable(method) and calls < 2:
        return _resolve(spec, _call(spec, method), service, calls=calls + 1)
    if callable(obj) and calls < 2:
        return _resolve(spec, _call(spec, obj), service, calls=calls + 1)
    raise RouterSpecError(
        f"--routers {spec}: {type(obj).__name__} is not a router", spec=spec, hint=_SPEC_HINT
    )


def _call(spec: str, func: Any) -> Any:
    try:
        return func()
    except Exception as error:  # the user's factory: reported, not raised
        raise RouterSpecError(
            f"--routers {spec}: calling it failed: {type(error).__name__}: {error}",
            spec=spec,
            hint=_SPEC_HINT,
        ) from None


def router_problems(registry: Registry, routers: Mapping[str, list[Router]]) -> list[Problem]:
    """Handled but undeclared, declared but unhandled, and routes to no registry event.

    Only the services given routers are compared; a service may run several routers.
    """
    index = ConsumerIndex.of(registry)
    problems = []
    for service, service_routers in sorted(routers.items()):
        relpath = f"{service}/{SERVICE_FILE}"
        declared = {(d.event, d.major) for d in index.consumed_by(service)}
        handled: dict[tuple[str, int], Handled] = {}
        for router in service_routers:
            for item in handled_by(router, registry):
                if item.event is None:
                    problems.append(
                        Problem(
                            "consumer-unknown-event",
                            f"router {router.name!r} of {service} handles {item.source} / "
                            f"{item.detail_type} major {item.major} ({item.handler}), which no "
                            "event type of the registry has",
                            service,
                            hint="add the event to the registry, or regenerate the models "
                            "(`eventkit codegen`) if it was renamed",
                        )
                    )
                    continue
                handled.setdefault((item.event, item.major), item)
        for (event, major), item in sorted(handled.items()):
            if (event, major) not in declared:
                how = " through upcasters" if item.upcast else ""
                problems.append(
                    Problem(
                        "consumer-undeclared",
                        f"{service} handles {event}@{major}{how} ({item.handler}) but its "
                        f"{SERVICE_FILE} does not declare it",
                        relpath,
                        pointer="/consumes",
                        hint=f'add "{event}@{major}" to consumes in {relpath}',
                        suggestion=f"{event}@{major}",
                    )
                )
        for event, major in sorted(declared - set(handled)):
            problems.append(
                Problem(
                    "consumer-unhandled",
                    f"{service} declares it consumes {event}@{major}, but none of its routers "
                    f"({', '.join(r.name for r in service_routers)}) handles it",
                    relpath,
                    pointer="/consumes",
                    hint=f'add a handler for it, or remove "{event}@{major}" from consumes',
                )
            )
    return problems
