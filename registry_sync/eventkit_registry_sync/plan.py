"""The sync plan: a pure diff between what the folder wants and what the registry holds.

No I/O here: `apply.py` reads the registry into `RemoteSchema`s and carries the plan out.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

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
    "prefix_digests",
    "state_digest",
]

# Tags eventkit writes on every schema it owns. Ownership is what --prune trusts.
MANAGED_TAG = "eventkit:managed"
OWNER_TAG = "eventkit:owner"  # the registry folder that wrote it (see owner.py)
EVENT_TAG = "eventkit:event"
MAJOR_TAG = "eventkit:major"
STATE_TAG = "eventkit:state"  # sha256 of the pushed (semver, content) list and Type
COUNT_TAG = "eventkit:version-count"  # registry VersionCount right after that push
VERSIONS_TAG = "eventkit:versions"  # "1.0.0 1.1.0" (for people; at most 256 characters)
# The schema's LastModified right after that push, as ListSchemas will show it: a version
# deleted and replaced by hand keeps VersionCount, but moves LastModified.
MODIFIED_TAG = "eventkit:last-modified"
# How many registry versions holding a semantic version the folder no longer has that push
# kept (it ran without --prune): a later --prune must read the schema to delete them, though
# nothing else changed since.
STALE_TAG = "eventkit:stale-versions"

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
class DesiredVersion:
    """One eventkit version as the registry should hold it."""

    semver: str
    # renders the text to push, on first use: a no-op sync compares `canonical` only, and
    # pretty-printing every version (json's pure-Python indent encoder) was most of its time
    render: Callable[[], str] = field(repr=False, compare=False)
    canonical: str  # canonical JSON of `content`, for comparison
    digest: str  # the version file's digest (x-eventkit.digest)
    contract: str  # what the version means (x-eventkit.contract, see desired.py)
    # `canonical` as an eventkit without contract digests wrote it (made on first use)
    legacy: Callable[[], str] = field(repr=False, compare=False)
    relpath: str = ""  # the version file (registry-relative), named when a push fails

    @property
    def content(self) -> str:
        """The text to push."""
        return self.render()

    @property
    def pre_contract(self) -> str:
        """`canonical` as an eventkit without contract digests wrote it."""
        return self.legacy()


@dataclass(frozen=True)
class DesiredSchema:
    """One registry schema (an event type's major version) as the folder defines it."""

    name: str
    event_key: str
    major: int
    type: str
    description: str
    versions: tuple[DesiredVersion, ...]
    owner: str  # the registry folder's owner id (OWNER_TAG)

    @property
    def state(self) -> str:
        return state_digest(self.type, [(v.semver, v.canonical) for v in self.versions])

    def prefix_states(self) -> list[str]:
        """`state` of the first k versions, for k = 0 .. all (the last one is `state`)."""
        return prefix_digests(self.type, [(v.semver, v.canonical) for v in self.versions])

    def tags(
        self, *, version_count: int | None = None, modified: str | None = None, stale: int = 0
    ) -> dict[str, str]:
        """Ownership tags, plus the state tags when `version_count` is known (and the schema's
        LastModified after the push, when known; `stale`: the versions the folder no longer
        has that were kept)."""
        tags = {
            MANAGED_TAG: "true",
            OWNER_TAG: self.owner,
            EVENT_TAG: self.event_key,
            MAJOR_TAG: str(self.major),
        }
        if version_count is not None:
            tags[STATE_TAG] = self.state
            tags[COUNT_TAG] = str(version_count)
            listed = " ".join(v.semver for v in self.versions)
            tags[VERSIONS_TAG] = listed if len(listed) <= 256 else listed[:252] + " ..."
            tags[STALE_TAG] = str(stale)  # always written: TagResource never removes a tag
            if modified is not None:
                tags[MODIFIED_TAG] = modified
        return tags


@dataclass(frozen=True)
class RemoteVersion:
    """One registry version as read back (`semver`/`canonical` None when not eventkit's)."""

    number: int
    type: str
    semver: str | None
    canonical: str | None
    digest: str | None = None
    contract: str | None = None  # absent in content written before contract digests


@dataclass(frozen=True)
class RemoteSchema:
    """A registry schema; `versions` is None until its content was read (fast path)."""

    name: str
    arn: str
    tags: Mapping[str, str]
    version_count: int
    versions: tuple[RemoteVersion, ...] | None = None
    modified: str | None = None  # LastModified from the listing (ISO 8601), when it has one
    # The highest registry version number, when only the version list was read (`held`)
    top: int | None = None

    @property
    def managed(self) -> bool:
        return self.tags.get(MANAGED_TAG) == "true"

    @property
    def owner(self) -> str | None:
        """The owner id of the folder that wrote it (None: not tagged, e.g. an older eventkit)."""
        return self.tags.get(OWNER_TAG)

    def fresh_for(self, desired: DesiredSchema, *, prune: bool = False) -> bool:
        """The tags say this schema already holds exactly `desired` (and nothing since), and,
        for `prune`, no version the folder dropped (a tag written before this one existed
        counts as none, as before)."""
        kept = prune and self.tags.get(STALE_TAG, "0") != "0"
        return self.owner == desired.owner and self.holds(desired) and not kept

    def holds(self, desired: DesiredSchema) -> bool:
        """The tags say this schema holds exactly `desired`'s content, whoever wrote it."""
        return (
            self.managed
            and self.tags.get(STATE_TAG) == desired.state
            and self.tags.get(COUNT_TAG) == str(self.version_count)
            and self.unmodified
        )

    @property
    def unmodified(self) -> bool:
        """Nothing changed the schema since the push its tags record: LastModified is the one
        recorded then. Without a recorded value (a schema created with one version, or tagged
        by an older eventkit) or a listed one, the version count alone decides."""
        recorded = self.tags.get(MODIFIED_TAG)
        return recorded is None or self.modified is None or recorded == self.modified

    def refusal_for(self, desired: DesiredSchema) -> str | None:
        """Why `desired` may not be written into this schema (None: it may)."""
        if not self.managed:
            return (
                "a schema of this name exists but eventkit did not write it "
                f"(no {MANAGED_TAG} tag); eventkit leaves it alone"
            )
        if self.owner is None:  # written before owner tags: adopted if it is this event's
            event = self.tags.get(EVENT_TAG)
            if event == desired.event_key:
                return None
            return f"written by eventkit for event {event!r} (no {OWNER_TAG} tag); left alone"
        if self.owner != desired.owner:
            return (
                f"managed by eventkit for another registry folder: {self.owner} (that folder "
                f"defines this event too); give one of them another source or detail_type, "
                "or sync to another --registry"
            )
        return None

    def held(self, desired: DesiredSchema) -> int | None:
        """How many of `desired`'s first versions the tags prove this schema holds, when it holds
        nothing else: the folder only added versions after its latest since the push the tags
        record. None: the tags prove no such thing (content must be read).

        Stricter than `fresh_for`, since what is proved here is pushed on: the schema is this
        folder's, its LastModified is recorded and has not moved, its count has not, and that
        push kept no version the folder had dropped (which could hold a semantic version the
        folder now has again, with another meaning: decision 0011's refusal needs it read).
        """
        tags = self.tags
        if not (
            self.managed
            and self.owner == desired.owner
            and tags.get(COUNT_TAG) == str(self.version_count)
            and tags.get(STALE_TAG) == "0"
            and self.modified is not None
            and tags.get(MODIFIED_TAG) == self.modified
        ):
            return None
        state = tags.get(STATE_TAG)
        states = desired.prefix_states()
        for k in range(len(states) - 2, 0, -1):  # proper, non-empty prefixes
            if states[k] == state:
                return k
        return None

    def needs_content_for(self, desired: DesiredSchema, *, prune: bool = False) -> bool:
        """Planning `desired` against this schema needs every version's content read."""
        return (
            self.refusal_for(desired) is None
            and not self.fresh_for(desired, prune=prune)
            and self.held(desired) is None
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


def state_digest(kind: str, versions: Iterable[tuple[str, str]]) -> str:
    """sha256 over the Type and the ordered (semver, canonical content) pairs."""
    return prefix_digests(kind, versions)[-1]


def _dumps(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def prefix_digests(kind: str, versions: Iterable[tuple[str, str]]) -> list[str]:
    """`state_digest` of every prefix of `versions` (the empty one first), in one pass: the
    hashed text is the compact JSON `[kind, [[semver, content], ...]]`, fed item by item."""
    hasher = hashlib.sha256(f"[{_dumps(kind)},[".encode())
    out = []
    for i, pair in enumerate(versions):
        done = hasher.copy()
        done.update(b"]]")
        out.append(done.hexdigest())
        hasher.update((("," if i else "") + _dumps(list(pair))).encode())
    hasher.update(b"]]")
    out.append(hasher.hexdigest())
    return out


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
