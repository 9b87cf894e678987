"""The sync plan: a pure diff between what the folder wants and what the registry holds.

No I/O here: `apply.py` reads the registry into `RemoteSchema`s (holdings.py, with what the
folder wants) and carries the plan out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from eventkit_registry_sync.holdings import (
    EVENT_TAG,
    MANAGED_TAG,
    MODIFIED_TAG,
    OWNER_TAG,
    STALE_TAG,
    DesiredSchema,
    DesiredVersion,
    RemoteSchema,
    RemoteVersion,
    state_digest,
)

__all__ = [
    "KINDS",
    "MANAGED_TAG",
    "MODIFIED_TAG",
    "OWNER_TAG",
    "STALE_TAG",
    "Action",
    "DesiredSchema",
    "DesiredVersion",
    "Plan",
    "RemoteSchema",
    "RemoteVersion",
    "build_plan",
    "compare",
    "plan_schema",
    "state_digest",
]


Kind = Literal["create", "update", "unchanged", "delete", "conflict", "changed-released"]
KINDS: tuple[Kind, ...] = (
    "create",
    "update",
    "unchanged",
    "delete",
    "conflict",
    "changed-released",
)
Verdict = Literal["missing", "same", "reformat", "changed"]


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
    changed: tuple[RemoteVersion, ...] = ()  # released versions the folder would change
    stale_kept: int = 0  # registry versions the folder no longer has, left (no --prune)

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
            "changed": [
                {"version": v.semver, "registry_version": str(v.number)} for v in self.changed
            ],
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
    owner: str = ""
    prune: bool = False
    left_alone: tuple[tuple[str, str], ...] = ()  # (schema, why) of what --prune must not touch
    counts: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        counts = dict.fromkeys(KINDS, 0)
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
            "owner": self.owner,
            "create_registry": self.create_registry,
            "counts": self.counts,
            "drifted": self.drifted,
            "actions": [a.to_dict() for a in self.actions],
            "warnings": list(self.warnings),
            "left_alone": [{"schema": s, "reason": r} for s, r in self.left_alone],
        }


def compare(wanted: DesiredVersion, held: RemoteVersion | None, kind: str) -> Verdict:
    """How the registry version holding `wanted.semver` relates to it.

    Meaning is judged by the recorded contract digest (the data schema with its `_shared/`
    files, source, detail-type, envelope), so formatting or a converter change is never a
    change. Content written before contract digests records only the version file's digest: a
    different one is a change; the same one with other content is pushed again once (a
    converter change and a `_shared/` change cannot be told apart there). The same meaning in
    the other Type is a reformat (pushed again).
    """
    if held is None:
        return "missing"
    if held.contract is not None:
        changed = held.contract != wanted.contract
    elif held.digest is not None:
        changed = held.digest != wanted.digest
    else:
        changed = held.canonical != wanted.canonical
    if changed:
        return "changed"
    if held.type != kind:
        return "reformat"
    if held.contract is None and held.canonical not in (wanted.canonical, wanted.pre_contract):
        return "reformat"
    return "same"


def _append(desired: DesiredSchema, remote: RemoteSchema) -> Action:
    """Push the versions after those the tags prove `remote` holds (`RemoteSchema.held`)."""
    held = remote.held(desired)
    assert held is not None, "read the versions of a schema whose tags are stale"
    pushes = desired.versions[held:]
    why = "push " + ", ".join(v.semver for v in pushes)
    return Action(
        "update", desired.name, desired.event_key, desired, remote, pushes, retag=True, reason=why
    )


def _update_reasons(
    desired: DesiredSchema,
    remote: RemoteSchema,
    pushes: list[DesiredVersion],
    stale: tuple[int, ...],
    *,
    prune: bool,
) -> list[str]:
    reasons = []
    if remote.owner is None:
        reasons.append(f"adopt (tag {OWNER_TAG}={desired.owner})")
    if pushes:
        reasons.append("push " + ", ".join(v.semver for v in pushes))
    if stale:
        verb = "delete" if prune else "not in the folder (--prune deletes)"
        reasons.append(f"registry versions {', '.join(map(str, stale))} {verb}")
    return reasons


def plan_schema(desired: DesiredSchema, remote: RemoteSchema | None, *, prune: bool) -> Action:
    """Compare one schema. `remote.versions` must be read when `remote.needs_content_for`."""
    name, key = desired.name, desired.event_key
    if remote is None:
        return Action(
            "create", name, key, desired, None, desired.versions, reason="not in the registry"
        )
    refusal = remote.refusal_for(desired)
    if refusal is not None and remote.owner is not None and remote.holds(desired):
        # Another folder wrote exactly this content (e.g. this folder was pulled from it):
        # nothing to write, and nothing taken over.
        why = f"holds this folder's content; managed by eventkit for {remote.owner}, left so"
        return Action("unchanged", name, key, desired, remote, reason=why)
    if refusal is not None:
        return Action("conflict", name, key, desired, remote, reason=refusal)
    if remote.fresh_for(desired, prune=prune):
        return Action("unchanged", name, key, desired, remote)
    if remote.versions is None:  # the tags prove what it holds, and versions were added
        return _append(desired, remote)
    held: dict[str, RemoteVersion] = {}
    for rv in remote.versions:  # ascending: the latest registry version holding each semver
        if rv.semver is not None:
            held[rv.semver] = rv
    verdicts = [(v, compare(v, held.get(v.semver), desired.type)) for v in desired.versions]
    changed = tuple(held[v.semver] for v, verdict in verdicts if verdict == "changed")
    if changed:
        listed = ", ".join(f"{rv.semver} (registry version {rv.number})" for rv in changed)
        return Action(
            "changed-released",
            name,
            key,
            desired,
            remote,
            changed=changed,
            reason=f"released {listed} would change: the folder's content differs",
        )
    pushes = [v for v, verdict in verdicts if verdict != "same"]
    latest = desired.versions[-1]
    top = remote.versions[-1] if remote.versions else None
    top_ok = (
        top is not None
        and top.semver == latest.semver
        and compare(latest, top, desired.type) == "same"
    )
    if (pushes and pushes[-1] is not latest) or (not pushes and not top_ok):
        pushes.append(latest)  # the registry's latest version is the folder's latest
    wanted = {v.semver for v in desired.versions}
    stale = tuple(
        rv.number for rv in remote.versions if rv.semver is not None and rv.semver not in wanted
    )
    deletes = stale if prune else ()
    reasons = _update_reasons(desired, remote, pushes, stale, prune=prune)
    return Action(
        "update",
        name,
        key,
        desired,
        remote,
        tuple(pushes),
        deletes,
        retag=True,
        # With nothing to push, content already matches and only the tags are behind (an
        # interrupted run, versions left without --prune, a converter change, adoption).
        reason="; ".join(reasons) or "refresh state tags",
        stale_kept=0 if prune else len(stale),
    )


def _left_alone(have: RemoteSchema, owner: str) -> str:
    if have.owner is None:
        return (
            f"written by eventkit but has no {OWNER_TAG} tag (an older eventkit wrote it), so "
            f"--prune leaves it alone; if this folder wrote it, tag it {OWNER_TAG}={owner}"
        )
    return f"managed by eventkit for another registry folder: {have.owner}"


def build_plan(
    registry: str,
    kind: str,
    desired: Iterable[DesiredSchema],
    remote: Mapping[str, RemoteSchema] | None,
    *,
    prune: bool,
    owner: str,
) -> Plan:
    """The whole plan. `remote` is None when the registry does not exist yet. Only schemas
    tagged with `owner` (this folder's) are deleted or reported as dropped from the folder."""
    actions: list[Action] = []
    warnings: list[str] = []
    left: list[tuple[str, str]] = []
    names = set()
    for want in desired:
        names.add(want.name)
        actions.append(plan_schema(want, (remote or {}).get(want.name), prune=prune))
    for name, have in sorted((remote or {}).items()):
        if name in names:
            continue
        if not have.managed:
            warnings.append(f"{name}: not written by eventkit; left alone")
        elif have.owner != owner:
            left.append((name, _left_alone(have, owner)))
        elif prune:
            event = have.tags.get(EVENT_TAG)
            actions.append(Action("delete", name, event, remote=have, reason="not in the folder"))
        else:
            why = "no longer in the folder; --prune deletes it"
            actions.append(
                Action("unchanged", name, have.tags.get(EVENT_TAG), remote=have, reason=why)
            )
            warnings.append(
                f"{name}: written by eventkit but no longer in the folder (--prune deletes it)"
            )
    for action in actions:
        if action.kind in ("conflict", "changed-released"):
            warnings.append(f"{action.schema}: {action.reason}")
    return Plan(
        registry,
        kind,
        remote is None,
        tuple(actions),
        tuple(warnings),
        owner=owner,
        prune=prune,
        left_alone=tuple(left),
    )
