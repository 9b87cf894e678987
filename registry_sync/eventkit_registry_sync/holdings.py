"""The two sides a sync compares: what the folder wants (`DesiredSchema`) and what the registry
holds (`RemoteSchema`), with the tags eventkit records on each schema it writes and the state
digests those tags carry. What the tags prove (`fresh_for`, `held`) is decided here; the diff
itself is plan.py's.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "COUNT_TAG",
    "EVENT_TAG",
    "MAJOR_TAG",
    "MANAGED_TAG",
    "MODIFIED_TAG",
    "OWNER_TAG",
    "STALE_TAG",
    "STATE_TAG",
    "VERSIONS_TAG",
    "DesiredSchema",
    "DesiredVersion",
    "RemoteSchema",
    "RemoteVersion",
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
