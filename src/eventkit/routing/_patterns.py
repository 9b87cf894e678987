"""EventBridge rule patterns from a router's route table.

A native event type is matched on source, detail-type and the major of
`detail.metadata.version`: the router routes on the text before the first dot, so major 1 is
``[{"prefix": "1."}, "1"]`` (the prefix does not match ``"10.0.0"``; the exact value is a
version written as its bare major, which the router routes too); a foreign one on source
and detail-type. Detail-types of one source that accept the same
majors share a pattern, so a router needs few rules.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from eventkit.errors import RoutingError
from eventkit.routing._routes import TypeRoutes

__all__ = ["combined_pattern", "patterns_for"]


def patterns_for(routes: Iterable[TypeRoutes]) -> list[dict[str, Any]]:
    """One pattern per (source, kind, majors), detail-types merged; deterministic order."""
    groups: dict[tuple[str, tuple[int, ...] | None], list[str]] = {}
    for entry in routes:
        majors = None if entry.foreign else tuple(entry.majors())
        groups.setdefault((entry.source, majors), []).append(entry.detail_type)
    patterns: list[dict[str, Any]] = []
    for (source, majors), detail_types in sorted(groups.items(), key=_group_order):
        pattern: dict[str, Any] = {"source": [source], "detail-type": sorted(detail_types)}
        if majors is not None:
            pattern["detail"] = {"metadata": {"version": _version_values(majors)}}
        patterns.append(pattern)
    return patterns


def _version_values(majors: tuple[int, ...]) -> list[Any]:
    """The values of `detail.metadata.version` the router routes to these majors: whatever
    has the major as its text before the first dot (`envelope.version_major`), i.e. that
    text followed by a dot, or that text alone ("1")."""
    values: list[Any] = [{"prefix": f"{major}."} for major in majors]
    return values + [str(major) for major in majors]


def _group_order(item: tuple[tuple[str, tuple[int, ...] | None], list[str]]) -> tuple[Any, ...]:
    (source, majors), detail_types = item
    return (source, majors is None, majors or (), sorted(detail_types))


def combined_pattern(patterns: list[dict[str, Any]]) -> dict[str, Any]:
    """The patterns as one: itself when there is one, else joined with ``$or``."""
    if not patterns:
        raise RoutingError("the router has no handlers, so there is no pattern to match")
    if len(patterns) == 1:
        return patterns[0]
    return {"$or": patterns}
