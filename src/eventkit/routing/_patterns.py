"""EventBridge rule patterns from a router's route table.

A native event type is matched on source, detail-type and the major of
`detail.metadata.version`: the router routes on the text before the first dot, so major 1 is
``[{"prefix": "1."}, "1"]`` (the prefix does not match ``"10.0.0"``; the exact value is a
version written as its bare major, which the router routes too); a foreign one on source
and detail-type. Detail-types of one source that accept the same
majors share a pattern, so a router needs few rules; as many as it takes to keep each pattern
within the "Event pattern size" quota (AWS refuses a longer one, and the rule delivers nothing).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from eventkit.errors import RoutingError
from eventkit.major_versions import major_version_values
from eventkit.pattern_quota import DEFAULT_MAX_PATTERN_CHARS, MAX_PATTERN_CHARS, text_chars
from eventkit.routing._routes import TypeRoutes

__all__ = ["DEFAULT_MAX_PATTERN_CHARS", "combined_pattern", "pattern_chars", "patterns_for"]


def pattern_chars(pattern: dict[str, Any]) -> int:
    """Characters of the compact JSON text, counted as `eventkit.patterns.pattern_size`
    does."""
    return text_chars(json.dumps(pattern, separators=(",", ":"), ensure_ascii=False))


def patterns_for(
    routes: Iterable[TypeRoutes], *, max_chars: int = DEFAULT_MAX_PATTERN_CHARS
) -> list[dict[str, Any]]:
    """One pattern per (source, kind, majors), detail-types merged, split where one pattern
    would be longer than `max_chars`; deterministic order.

    Raises:
        RoutingError: one event type's pattern alone is longer than `max_chars`.
    """
    if not 1 <= max_chars <= MAX_PATTERN_CHARS:
        raise RoutingError(
            f"max_chars must be 1-{MAX_PATTERN_CHARS:,} (the API's EventPattern limit), "
            f"got {max_chars}"
        )
    groups: dict[tuple[str, tuple[int, ...] | None], list[str]] = {}
    for entry in routes:
        majors = None if entry.foreign else tuple(entry.majors())
        groups.setdefault((entry.source, majors), []).append(entry.detail_type)
    patterns: list[dict[str, Any]] = []
    for (source, majors), detail_types in sorted(groups.items(), key=_group_order):
        patterns.extend(_within_quota(source, majors, sorted(detail_types), max_chars))
    return patterns


def _pattern(
    source: str, majors: tuple[int, ...] | None, detail_types: list[str]
) -> dict[str, Any]:
    pattern: dict[str, Any] = {"source": [source], "detail-type": detail_types}
    if majors is not None:
        pattern["detail"] = {"metadata": {"version": major_version_values(*majors)}}
    return pattern


def _within_quota(
    source: str, majors: tuple[int, ...] | None, detail_types: list[str], max_chars: int
) -> list[dict[str, Any]]:
    """The group's pattern, or several (detail-types in order, each pattern filled up to
    `max_chars`) when one would be too long."""
    chunks: list[list[str]] = [[]]
    for detail_type in detail_types:
        candidate = [*chunks[-1], detail_type]
        if pattern_chars(_pattern(source, majors, candidate)) <= max_chars:
            chunks[-1] = candidate
            continue
        alone = _pattern(source, majors, [detail_type])
        if pattern_chars(alone) > max_chars:
            raise RoutingError(
                f"the rule pattern of {source}/{detail_type} alone is "
                f'{pattern_chars(alone):,} characters; the "Event pattern size" quota is '
                f"{max_chars:,}",
                hint="handle fewer majors of it in this router, or raise the quota (up to "
                "4,096) and pass max_chars",
            )
        chunks.append([detail_type])
    return [_pattern(source, majors, chunk) for chunk in chunks]


def _group_order(item: tuple[tuple[str, tuple[int, ...] | None], list[str]]) -> tuple[Any, ...]:
    (source, majors), detail_types = item
    return (source, majors is None, majors or (), sorted(detail_types))


def combined_pattern(
    patterns: list[dict[str, Any]], *, max_chars: int = DEFAULT_MAX_PATTERN_CHARS
) -> dict[str, Any]:
    """The patterns as one: itself when there is one, else joined with ``$or``.

    Raises:
        RoutingError: no patterns, or the joined pattern is longer than `max_chars` (AWS
            would refuse the rule).
    """
    if not patterns:
        raise RoutingError("the router has no handlers, so there is no pattern to match")
    combined = patterns[0] if len(patterns) == 1 else {"$or": patterns}
    size = pattern_chars(combined)
    if size > max_chars:
        raise RoutingError(
            f"the router's {len(patterns)} pattern(s) joined with $or are {size:,} characters; "
            f'the "Event pattern size" quota is {max_chars:,}, so AWS would refuse the rule',
            hint="use one rule per pattern (router.event_patterns(); eventkit patterns "
            "without --single), or raise the quota (up to 4,096) and pass max_chars",
        )
    return combined
