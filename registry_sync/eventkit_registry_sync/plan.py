"""The sync plan: a pure diff between what the folder wants and what the registry holds.

No I/O here: `apply.py` reads the registry into `RemoteSchema`s and carries the plan out.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

__all__ = [
    "MANAGED_TAG",
    "Action",
    "DesiredSchema",
    "DesiredVersion",
    "Plan",
    "RemoteSchema",
    "RemoteVersion",
    "build_plan",
    "plan_schema",
    "state_digest",
]

# Tags eventkit writes on every schema it owns. Ownership is what --prune trusts.
MANAGED_TAG = "eventkit:managed"
EVENT_TAG = "eventkit:event"
MAJOR_TAG = "eventkit:major"
STATE_TAG = "eventkit:state"  # sha256 of the pushed (semver, content) list and Type
COUNT_TAG = "eventkit:version-count"  # registry VersionCount right after that push
VERSIONS_TAG = "eventkit:versions"  # "1.0.0 1.1.0" (for people; at most 256 characters)

Kind = Literal["create", "update", "unchanged", "delete", "conflict"]


@dataclass(frozen=True)
class DesiredVersion:
    """One eventkit version as the registry should hold it."""

    semver: str
    content: str  # text to push
    canonical: str  # canonical JSON of `content`, for comparison


@dataclass(frozen=True)
class DesiredSchema:
    """One registry schema (an event type's major version) as the folder defines it."""

    name: str
    event_key: str
    major: int
    type: str
    description: str
    versions: tuple[DesiredVersion, ...]

    @property
    def state(self) -> str:
        return state_digest(self.type, [(v.semver, v.canonical) for v in self.versions])

    def tags(self, *, version_count: int | None = None) -> dict[str, str]:
        """Ownership tags, plus the state tags when `version_count` is known."""
        tags = {MANAGED_TAG: "true", EVENT_TAG: self.event_key, MAJOR_TAG: str(self.major)}
        if version_count is not None:
            tags[STATE_TAG] = self.state
            tags[COUNT_TAG] = str(version_count)
            listed = " ".join(v.semver for v in self.versions)
            tags[VERSIONS_TAG] = listed if len(listed) <= 256 else listed[:252] + " ..."
        return tags


@dataclass(frozen=True)
class RemoteVersion:
    """One registry version as read back (`semver`/`canonical` None when not eventkit's)."""

    number: int
    type: str
    semver: str | None
    canonical: str | None


@dataclass(frozen=True)
class RemoteSchema:
    """A registry schema; `versions` is None until its content was read (fast path)."""

    name: str
    arn: str
    tags: Mapping[str, str]
    version_count: int
    versions: tuple[RemoteVersion, ...] | None = None

    @property
    def managed(self) -> bool:
        return self.tags.get(MANAGED_TAG) == "true"

    def fresh_for(self, desired: DesiredSchema) -> bool:
        """The tags say this schema already holds exactly `desired` (and nothing since)."""
        return (
            self.managed
            and self.tags.get(STATE_TAG) == desired.state
            and self.tags.get(COUNT_TAG) == str(self.version_count)
        )


@dataclass(frozen=True)
class Action:
    """What sync does to one registry schema."""

    kind: Kind
    schema: str
    event_key: str | None
    desired: DesiredSchema | None = None
    remote: RemoteSchema | None = None
    pushes: tuple[DesiredVersion, ...] = ()
    delete_versions: tuple[int, ...] = ()
    retag: bool = False
    reason: str = ""

    @property
    def writes(self) -> bool:
        return self.kind in ("create", "update", "delete")

    def to_dict(self) -> dict[str, Any]:
        return {
            "action": self.kind,
            "schema": self.schema,
            "event": self.event_key,
            "push": [v.semver for v in self.pushes],
            "delete_versions": [str(n) for n in self.delete_versions],
            "reason": self.reason,
        }


@dataclass(frozen=True)
class Plan:
    """Everything sync would do, in order; `drifted` means the registry differs from the folder."""

    registry: str
    type: str
    create_registry: bool
    actions: tuple[Action, ...]
    warnings: tuple[str, ...] = ()
    counts: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        counts = dict.fromkeys(("create", "update", "unchanged", "delete", "conflict"), 0)
        for action in self.actions:
            counts[action.kind] += 1
        object.__setattr__(self, "counts", counts)

    @property
    def drifted(self) -> bool:
        return self.create_registry or any(a.kind != "unchanged" for a in self.actions)

    @property
    def writes(self) -> tuple[Action, ...]:
        return tuple(a for a in self.actions if a.writes)

    def to_dict(self) -> dict[str, Any]:
        return {
            "registry": self.registry,
            "type": self.type,
            "create_registry": self.create_registry,
            "counts": self.counts,
            "drifted": self.drifted,
            "actions": [a.to_dict() for a in self.actions],
            "warnings": list(self.warnings),
        }


def state_digest(kind: str, versions: Iterable[tuple[str, str]]) -> str:
    """sha256 over the Type and the ordered (semver, canonical content) pairs."""
    text = json.dumps([kind, list(versions)], separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def plan_schema(desired: DesiredSchema, remote: RemoteSchema | None, *, prune: bool) -> Action:
    """Compare one schema. `remote.versions` must be read unless `remote.fresh_for(desired)`."""
    name, key = desired.name, desired.event_key
    if remote is None:
        return Action(
            "create", name, key, desired, None, desired.versions, reason="not in the registry"
        )
    if not remote.managed:
        return Action(
            "conflict",
            name,
            key,
            desired,
            remote,
            reason="a schema of this name exists but eventkit did not write it "
            f"(no {MANAGED_TAG} tag); eventkit leaves it alone",
        )
    if remote.fresh_for(desired):
        return Action("unchanged", name, key, desired, remote)
    assert remote.versions is not None, "read the versions of a schema whose tags are stale"
    held: dict[str, str | None] = {}
    for rv in remote.versions:
        if rv.semver is not None:
            held[rv.semver] = rv.canonical
    pushes = [v for v in desired.versions if held.get(v.semver) != v.canonical]
    latest = desired.versions[-1]
    top = remote.versions[-1] if remote.versions else None
    top_ok = top is not None and top.semver == latest.semver and top.canonical == latest.canonical
    if (pushes and pushes[-1] is not latest) or (not pushes and not top_ok):
        pushes.append(latest)  # the registry's latest version is the folder's latest
    wanted = {v.semver for v in desired.versions}
    stale = tuple(
        rv.number for rv in remote.versions if rv.semver is not None and rv.semver not in wanted
    )
    deletes = stale if prune else ()
    reasons = []
    if pushes:
        reasons.append("push " + ", ".join(v.semver for v in pushes))
    if stale:
        verb = "delete" if prune else "not in the folder (--prune deletes)"
        reasons.append(f"registry versions {', '.join(map(str, stale))} {verb}")
    return Action(
        "update",
        name,
        key,
        desired,
        remote,
        tuple(pushes),
        deletes,
        retag=True,
        # With nothing to push, content already matches and only the state tags are behind
        # (an interrupted run, or versions left in the registry without --prune).
        reason="; ".join(reasons) or "refresh state tags",
    )


def build_plan(
    registry: str,
    kind: str,
    desired: Iterable[DesiredSchema],
    remote: Mapping[str, RemoteSchema] | None,
    *,
    prune: bool,
) -> Plan:
    """The whole plan. `remote` is None when the registry does not exist yet."""
    actions: list[Action] = []
    warnings: list[str] = []
    names = set()
    for want in desired:
        names.add(want.name)
        actions.append(plan_schema(want, (remote or {}).get(want.name), prune=prune))
    for name, have in sorted((remote or {}).items()):
        if name in names:
            continue
        if not have.managed:
            warnings.append(f"{name}: not written by eventkit; left alone")
        elif prune:
            actions.append(
                Action(
                    "delete",
                    name,
                    have.tags.get(EVENT_TAG),
                    remote=have,
                    reason="not in the folder",
                )
            )
        else:
            actions.append(
                Action(
                    "unchanged",
                    name,
                    have.tags.get(EVENT_TAG),
                    remote=have,
                    reason="no longer in the folder; --prune deletes it",
                )
            )
            warnings.append(
                f"{name}: written by eventkit but no longer in the folder (--prune deletes it)"
            )
    for action in actions:
        if action.kind == "conflict":
            warnings.append(f"{action.schema}: {action.reason}")
    return Plan(registry, kind, remote is None, tuple(actions), tuple(warnings))
