"""A registry against its lock file: what `eventkit lint` reports and `eventkit lock` writes.

```python
from eventkit.registry import load_registry
from eventkit.registry.lock_status import lock_problems, lock_status

status = lock_status(load_registry("schemas"))
errors, notes = lock_problems(status)   # Problems, as lint reports them
[changed.key for changed in status.changed], [line.key for line in status.deleted]
```
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from eventkit.errors import EXIT_OK, EXIT_PROBLEMS, SchemaRefError
from eventkit.registry._config import LOCK_FILE
from eventkit.registry._json import canonical_digest
from eventkit.registry._model import Problem, Registry, SchemaVersion
from eventkit.registry.lock import (
    Lock,
    VersionLine,
    build_lock,
    read_lock,
    resolution,
    scan_lock,
    write_lock,
)

__all__ = [
    "ChangedVersion",
    "LockResult",
    "LockStatus",
    "draft_keys",
    "lock_problems",
    "lock_registry",
    "lock_status",
]

_RELOCK = "`eventkit lock --accept-changes`"


@dataclass(frozen=True)
class ChangedVersion:
    """A locked version whose resolved schema differs from its lock line, and why."""

    version: SchemaVersion
    locked: VersionLine
    edited: bool  # the version file itself differs from the digest in the lock
    shared: tuple[str, ...]  # shared files it reaches that changed since the lock (or are new)

    @property
    def key(self) -> str:
        return self.locked.key


@dataclass(frozen=True)
class LockStatus:
    """How the registry differs from its lock. `lock` is None when there is no lock file."""

    lock: Lock | None
    problems: tuple[Problem, ...] = ()  # the lock file's own: unreadable, malformed lines
    changed: tuple[ChangedVersion, ...] = ()
    deleted: tuple[VersionLine, ...] = ()  # locked versions whose file no longer exists
    unlocked: tuple[str, ...] = ()  # versions with no line, or a draft line
    gone_drafts: tuple[VersionLine, ...] = ()  # draft lines whose version no longer exists


def lock_status(registry: Registry) -> LockStatus:
    """Compare every version of `registry` with the lock file beside its eventkit.toml."""
    lock, problems = scan_lock(registry.root)
    if lock is None:
        return LockStatus(None, tuple(problems))
    changed: list[ChangedVersion] = []
    unlocked: list[str] = []
    present: set[str] = set()
    for version in registry.versions:
        key = f"{version.event_key}@{version.version}"
        present.add(key)
        locked = lock.versions.get(key)
        if locked is None or locked.draft:
            unlocked.append(key)
            continue
        try:
            document, reached = resolution(registry, version)
        except SchemaRefError:
            continue  # the loader reports the broken $ref
        if canonical_digest(document) == locked.resolved:
            continue
        shared = tuple(
            relpath
            for relpath in reached
            if (was := lock.shared.get(relpath)) is None
            or was.digest != registry.shared[relpath].digest
        )
        changed.append(ChangedVersion(version, locked, version.digest != locked.file, shared))
    deleted: list[VersionLine] = []
    gone_drafts: list[VersionLine] = []
    for line in lock.versions.values():
        if line.key in present:
            continue
        if _file_of(registry.root, line).exists():
            continue  # the file is there but unusable: the loader reports why
        (gone_drafts if line.draft else deleted).append(line)
    return LockStatus(
        lock, tuple(problems), tuple(changed), tuple(deleted), tuple(unlocked), tuple(gone_drafts)
    )


def _file_of(root: Path, line: VersionLine) -> Path:
    return root / line.event / f"{line.version}.json"


def lock_problems(status: LockStatus) -> tuple[list[Problem], list[Problem]]:
    """`(errors, notes)` for lint: a changed or deleted released version is an error naming
    the cause; a version not locked yet (new, or a draft) is only a note."""
    errors = list(status.problems)
    by_shared: dict[str, list[str]] = {}
    for item in status.changed:
        for relpath in item.shared:
            by_shared.setdefault(relpath, []).append(item.key)
        if item.edited:
            errors.append(
                Problem(
                    "lock-mismatch",
                    f"released version {item.key} was edited since {LOCK_FILE} was written "
                    f"(line {item.locked.line}): the file's digest differs",
                    item.version.relpath,
                    hint="released versions are immutable: revert the edit and publish the "
                    f"change as a new version (`eventkit bump`); if the edit changes nothing "
                    f"a reader sees (reviewed), run {_RELOCK}",
                )
            )
        elif not item.shared:
            errors.append(
                Problem(
                    "lock-mismatch",
                    f"the resolved schema of released version {item.key} differs from "
                    f"{LOCK_FILE} (line {item.locked.line})",
                    item.version.relpath,
                    hint=f"revert the change, or after review run {_RELOCK}",
                )
            )
    for relpath, keys in sorted(by_shared.items()):
        errors.append(
            Problem(
                "lock-mismatch",
                f"{relpath} changed since {LOCK_FILE} was written; it is reached by released "
                f"version(s) {', '.join(keys)}, whose resolved schema no longer matches the lock",
                relpath,
                hint=f"revert the change to {relpath} (give new versions a new shared file or "
                f"$defs entry instead); if the change means nothing to readers, e.g. a "
                f"description (reviewed), run {_RELOCK}",
            )
        )
    for line in status.deleted:
        errors.append(
            Problem(
                "lock-version-deleted",
                f"released version {line.key} (line {line.line}) no longer exists: "
                f"{line.event}/{line.version}.json was deleted",
                LOCK_FILE,
                line=line.line,
                hint="restore the file: released versions are never deleted (deprecate the "
                f"event in event.toml instead); if it was never released, run {_RELOCK}",
            )
        )
    notes: list[Problem] = []
    if status.unlocked:
        notes.append(
            Problem(
                "version-not-locked",
                f"{len(status.unlocked)} version(s) not locked yet: {', '.join(status.unlocked)}",
                LOCK_FILE,
                hint="run `eventkit lock` once they are final, before they are released",
            )
        )
    if status.gone_drafts:
        gone = ", ".join(line.key for line in status.gone_drafts)
        notes.append(
            Problem(
                "version-not-locked",
                f"draft line(s) for version(s) that no longer exist: {gone}",
                LOCK_FILE,
                line=status.gone_drafts[0].line,
                hint="run `eventkit lock` to drop them",
            )
        )
    return errors, notes


@dataclass(frozen=True)
class LockResult:
    """What `lock_registry` found and did."""

    path: Path
    status: LockStatus
    stale: bool  # the file is missing or differs from what `eventkit lock` writes
    written: bool
    refused: bool  # released versions changed or were deleted: nothing written
    versions: int  # versions in the lock as written (or as it would be written)
    newly_locked: tuple[str, ...]  # versions locked now that were not (new or draft)
    shared_updated: tuple[str, ...] = ()  # shared files whose line is added, changed or dropped
    check: bool = False
    kept_draft: tuple[str, ...] = ()  # drafts left as drafts: not final (`keep_draft`)

    @property
    def exit_code(self) -> int:
        """0 written or up to date; 1 refused, stale under `check`, or a draft left unlocked."""
        if self.refused or (self.check and self.stale) or (self.kept_draft and not self.check):
            return EXIT_PROBLEMS
        return EXIT_OK

    def summary(self) -> str:
        """What differs between the lock file and what `eventkit lock` writes, in words."""
        parts = []
        if self.status.lock is None:
            parts.append(f"no {LOCK_FILE} yet")
        if self.newly_locked and self.status.lock is not None:
            parts.append(_listed("new or draft", self.newly_locked))
        if self.status.changed:
            parts.append(_listed("changed", [c.key for c in self.status.changed]))
        if self.status.deleted:
            parts.append(_listed("deleted", [d.key for d in self.status.deleted]))
        if self.shared_updated:
            parts.append(_listed("shared file(s) changed", self.shared_updated))
        return "; ".join(parts) or "nothing to change"


def _listed(what: str, keys: tuple[str, ...] | list[str]) -> str:
    shown = ", ".join(keys[:10]) + (f", ... ({len(keys)} in all)" if len(keys) > 10 else "")
    return f"{what}: {shown}"


def draft_keys(registry: Registry) -> tuple[str, ...]:
    """The versions the lock beside `registry` holds as `draft` lines (made by `eventkit new`
    or `bump`, not final yet), that exist in the registry; () without a lock."""
    lock, _ = scan_lock(registry.root)
    if lock is None:
        return ()
    present = {f"{v.event_key}@{v.version}" for v in registry.versions}
    return tuple(key for key, line in lock.versions.items() if line.draft and key in present)


def lock_registry(
    root: str | Path,
    *,
    check: bool = False,
    accept_changes: bool = False,
    keep_draft: Collection[str] = (),
) -> LockResult:
    """`eventkit lock`: (re)write the lock for every version of the registry at `root`.

    Locks every version (new ones and drafts included) and lists every shared file. Refuses,
    writing nothing, when a locked version's resolved schema changed or a locked version was
    deleted, unless `accept_changes` (after review). `keep_draft`: draft versions (by key) that
    are not final (the CLI passes those lint finds problems in): their `draft` line stays, the
    rest is written. With `check`, writes nothing and reports whether the file is stale.
    Raises `RegistryError` for a registry that cannot be loaded and `LockFileError` for an
    unreadable or malformed lock.
    """
    from eventkit.registry._scan import load_registry

    registry = load_registry(root)
    read_lock(registry.root)  # an unreadable or malformed lock stops here, naming the line
    status = lock_status(registry)
    kept = tuple(sorted(set(keep_draft) & set(draft_keys(registry))))  # never a locked one
    fresh = build_lock(registry, drafts=kept)
    text = fresh.render()
    path = registry.root / LOCK_FILE
    try:
        stale = path.read_text(encoding="utf-8") != text
    except FileNotFoundError:
        stale = True
    refused = bool(status.changed or status.deleted) and not accept_changes
    written = stale and not check and not refused
    if written:
        write_lock(registry.root, fresh)
    return LockResult(
        path=path,
        status=status,
        stale=stale,
        written=written,
        refused=refused and not check,
        versions=len(fresh.versions),
        newly_locked=tuple(
            key
            for key in (status.unlocked if status.lock is not None else fresh.versions)
            if key not in kept
        ),
        shared_updated=_shared_updated(status.lock, fresh),
        check=check,
        kept_draft=kept,
    )


def _shared_updated(old: Lock | None, new: Lock) -> tuple[str, ...]:
    if old is None:
        return ()
    return tuple(
        relpath
        for relpath in sorted({*old.shared, *new.shared})
        if (a := old.shared.get(relpath)) is None
        or (b := new.shared.get(relpath)) is None
        or a.digest != b.digest
    )
