"""CloudFormation logical ids of the rules and failure paths `eventkit patterns` writes:
alphanumeric, a letter first, within CloudFormation's lengths, and stable when handlers are
added (an id that changes makes CloudFormation replace the resource)."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from typing import Any

__all__ = ["ID_BASE", "MAX_TARGET_ID", "fit", "router_id", "router_prefixes", "rule_ids"]

# CloudFormation refuses a logical id over 255 characters, and a rule target's Id over 64;
# an id base leaves room for the longest suffix added to it ("DLQSubscription")
MAX_TARGET_ID = 64
ID_BASE = 255 - len("DLQSubscription")


def _logical_id(name: str) -> str:
    """CloudFormation logical ids are alphanumeric: ``orders-consumer`` -> ``OrdersConsumer``."""
    words = re.split(r"[^0-9A-Za-z]+", name)
    return "".join(w[:1].upper() + w[1:] for w in words if w) or "Router"


def router_id(name: str) -> str:
    """A router's part of its ids: `_logical_id`, after ``Router`` when that starts with a
    digit (``123`` -> ``Router123``), since CloudFormation wants a letter first."""
    logical_id = _logical_id(name)
    return logical_id if logical_id[0].isalpha() else f"Router{logical_id}"


def router_prefixes(routers: list[str]) -> list[str]:
    """Each router's id prefix, in order: `router_id`, with a short digest of the name when
    two names spell the same id (``orders-consumer``, ``Orders Consumer``), so each router
    keeps its own failure path instead of one overwriting the other's."""
    ids = [router_id(name) for name in routers]
    return [
        fit(logical_id + (_digest(name) if ids.count(logical_id) > 1 else ""), ID_BASE)
        for name, logical_id in zip(routers, ids, strict=True)
    ]


def fit(logical_id: str, limit: int) -> str:
    """`logical_id` when it is at most `limit` characters, else its start and a digest of
    all of it: deterministic, and two long ids that start alike stay apart."""
    if len(logical_id) <= limit:
        return logical_id
    return logical_id[: limit - 8] + _digest(logical_id)


def _digest(text: str) -> str:
    # surrogatepass: a router's name is any str, a lone surrogate too
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:8].upper()


def _pattern_name(pattern: Mapping[str, Any]) -> str:
    """What a pattern is about, from its content: its source and the majors it accepts
    (``ShopOrdersV1V2``); a foreign event's pattern is its source alone (``AwsEc2``)."""
    sources = pattern.get("source") or ["events"]
    versions = pattern.get("detail", {}).get("metadata", {}).get("version", [])
    majors = "".join(
        f"V{item['prefix'].rstrip('.')}"
        for item in versions
        if isinstance(item, Mapping) and isinstance(item.get("prefix"), str)
    )
    return _logical_id(str(sources[0])) + majors


def rule_ids(
    by_router: Mapping[str, list[dict[str, Any]]], *, single: bool
) -> dict[str, dict[str, Any]]:
    """Logical id -> pattern. Ids come from the router's name and each pattern's source and
    majors, never from positions: adding or reordering handlers keeps the other rules' ids
    (CloudFormation would otherwise replace them). Two names that spell the same id get a
    short digest of the router's name, source and majors, which a new handler leaves alone.

    One exception: the patterns of a group split to fit the quota (one source and majors,
    too many detail-types) differ in their detail-types alone, and their digest is of their
    contents, so a change to a part renames it. Deliberately: a detail-type that moved to
    the next part under unchanged ids would match neither rule for the seconds between
    their two updates, while a new id makes CloudFormation create the new rule before it
    deletes the old one (the events may arrive twice; none is dropped). An id too long for
    CloudFormation is cut, with a digest of all of it (`fit`)."""
    named: list[tuple[str, str, dict[str, Any]]] = []
    for router, patterns in by_router.items():
        groups = [_group(pattern) for pattern in patterns]
        for pattern, group in zip(patterns, groups, strict=True):
            what = "" if single else _pattern_name(pattern)
            split = groups.count(group) > 1  # never with single: one pattern per router
            identity = f"{router}|{what}|{pattern}" if split else f"{router}|{group}"
            named.append((router_id(router) + what, identity, pattern))
    counts: dict[str, int] = {}
    for logical_id, _, _ in named:
        counts[logical_id] = counts.get(logical_id, 0) + 1
    rules: dict[str, dict[str, Any]] = {}
    for logical_id, identity, pattern in named:
        if counts[logical_id] > 1:
            logical_id += _digest(identity)
        rules[fit(logical_id, ID_BASE)] = pattern
    return rules


def _group(pattern: Mapping[str, Any]) -> str:
    """What a pattern matches but its detail-types: its source and majors (patterns of one
    router share it only when their group was split to fit the quota)."""
    return json.dumps([pattern.get("source"), pattern.get("detail")], sort_keys=True)
