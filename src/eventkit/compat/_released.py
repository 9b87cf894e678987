"""`check --against`: released versions deleted or edited (VERSION_DELETED, VERSION_EDITED), or
whose *resolved* meaning changed (RELEASED_MEANING_CHANGED).

A released version means its resolved schema: the file plus every `_shared/` definition its
`$ref`s reach. Its file can be untouched while an edited shared file changes what it accepts.
For every version present on both sides with the same file, the resolved documents are
compared: equal canonical JSON is the cheap proof (reformatting, reordering keys); otherwise
the engine compares them both ways under STRICT (pure set inclusion), and only a difference it
finds (with a counterexample when it has one) or cannot rule out is reported: one finding per
shared file and pointer, naming every released version it affects.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from eventkit.compat._api import compare_docs
from eventkit.compat._catalog import BACKWARD, BOTH
from eventkit.compat._findings import Finding
from eventkit.compat._registry_docs import RegistryDocs, first_difference, nearest_line
from eventkit.compat._registry_findings import RegistryFinding
from eventkit.errors import SchemaRefError
from eventkit.json_pointer import resolve_pointer
from eventkit.registry import CompatibilityMode, Policy, canonical_digest
from eventkit.registry.lock import resolution

if TYPE_CHECKING:
    from eventkit.registry import Registry, SchemaVersion

__all__ = ["meaning_findings", "release_findings"]

RULE = "RELEASED_MEANING_CHANGED"


@dataclass
class _Group:
    """Versions whose meaning changed for the same reason (shared file(s) and pointer)."""

    files: tuple[str, ...]  # the shared file(s) to blame; the first holds `pointer` if any
    finding: Finding  # the engine's finding for the first version
    cause: str  # the changed shared file `pointer` is in ("" when none can be named)
    pointer: str
    versions: list[SchemaVersion] = field(default_factory=list)


def _digest_of(registry: Registry, relpath: str) -> str | None:
    found = registry.shared.get(relpath)
    return found.digest if found is not None else None


def _primary(findings: tuple[Finding, ...]) -> Finding:
    """The finding to show: a breaking one (it has a counterexample) before an undecided one."""
    return next((f for f in findings if f.has_example), findings[0])


def meaning_findings(registry: Registry, base: Registry) -> list[RegistryFinding]:
    """One RELEASED_MEANING_CHANGED finding per changed shared file (and pointer), naming every
    version of `base` (the released state) that now accepts different data in `registry`."""
    new_docs, old_docs = RegistryDocs(registry), RegistryDocs(base)
    current = {(v.event_key, v.version): v for v in registry.versions}
    groups: dict[tuple[tuple[str, ...], str], _Group] = {}
    for old in base.versions:
        new = current.get((old.event_key, old.version))
        if new is None or new.digest != old.digest:
            continue  # VERSION_DELETED / VERSION_EDITED say it already
        try:
            old_doc, old_files = resolution(base, old)
            new_doc, new_files = resolution(registry, new)
        except SchemaRefError:
            continue  # not loadable: load_registry has refused it already
        if canonical_digest(old_doc) == canonical_digest(new_doc):
            continue  # the same resolved document, however it is formatted
        report = compare_docs(
            old_docs(old), new_docs(new), mode=CompatibilityMode.FULL, policy=Policy.STRICT
        )
        if not report.findings:
            continue  # a refactor: every released version accepts exactly what it did
        finding = _primary(report.findings)
        changed = tuple(
            relpath
            for relpath in sorted({*old_files, *new_files})
            if _digest_of(base, relpath) != _digest_of(registry, relpath)
        )
        cause, pointer = _cause(registry, base, finding, changed)
        files = (cause, *(f for f in changed if f != cause)) if cause else changed
        group = groups.setdefault((files, pointer), _Group(files, finding, cause, pointer))
        group.versions.append(new)
    return [_registry_finding(registry, base, group) for group in groups.values()]


def _cause(
    registry: Registry, base: Registry, finding: Finding, changed: tuple[str, ...]
) -> tuple[str, str]:
    """(the changed shared file to point at, the pointer in it), or ("", "") when none.

    The engine locates a difference where the two documents are compared, which can be the
    `$ref` site in an unchanged file; the changed file then gets its first edited pointer.
    """
    if finding.document and finding.document in changed:
        return finding.document, finding.pointer
    for relpath in changed:
        old, new = base.shared.get(relpath), registry.shared.get(relpath)
        if old is not None and new is not None:
            return relpath, first_difference(old.schema, new.schema)
    return "", ""


def _direction(finding: Finding) -> str:
    if finding.severity != "breaking":
        return "eventkit cannot prove they still accept the same data"
    if finding.side == BACKWARD:
        return "data they accepted is now rejected"
    return "data they rejected is now accepted"


def _exists(schema: Any, pointer: str) -> bool:
    try:
        resolve_pointer(schema, pointer)
    except LookupError:
        return False
    return True


def _old_place(base: Registry, group: _Group) -> str:
    """`old_pointer` of a finding placed in shared file `group.cause`: a place in that file as
    it was in `base` (REF), where the finding's `pointer` is in the file as it is now.

    The engine's own old pointer when it compared inside that file (its new side is there,
    so its old side is the same definition at REF); else the pointer into the new file. Either
    is kept where it exists at REF, or is a keyword's place (its parent exists: a keyword
    added); otherwise its nearest enclosing place at REF, "" for a file new since REF.
    """
    old = base.shared.get(group.cause)
    if old is None:
        return ""
    engine = group.finding
    candidates = [engine.old_pointer] if engine.document == group.cause else []
    candidates.append(group.pointer)
    for pointer in candidates:
        if _exists(old.schema, pointer) or (
            pointer and _exists(old.schema, pointer.rsplit("/", 1)[0])
        ):
            return pointer
    pointer = group.pointer
    while pointer and not _exists(old.schema, pointer):
        pointer = pointer.rsplit("/", 1)[0]
    return pointer


def _registry_finding(registry: Registry, base: Registry, group: _Group) -> RegistryFinding:
    engine = group.finding
    affected = tuple(f"{v.event_key}@{v.version}" for v in group.versions)
    cause = group.cause
    files = " and ".join(group.files) or "a shared file"
    where = f" (at {group.pointer or '/'})" if cause else ""
    what = (
        f"{files}{where} changed what released version(s) {', '.join(affected)} accept: "
        f"{_direction(engine)} (in {affected[0]}: {engine.what})"
    )
    first = group.versions[0]
    pointer = group.pointer if cause else engine.pointer
    finding = Finding(
        RULE,
        pointer,
        what,
        BOTH,
        "release",
        path=engine.path,
        example=engine.example,
        old_pointer=_old_place(base, group) if cause else engine.old_pointer,
        document=cause,
    )
    if cause and cause in registry.shared:
        shared = registry.shared[cause]
        file, relpath, line = str(Path(shared.path)), shared.relpath, nearest_line(shared, pointer)
    else:
        file, relpath, line = str(first.path), first.relpath, nearest_line(first, pointer)
    return RegistryFinding(
        first.event_key,
        str(first.version),
        (),
        finding,
        file,
        relpath,
        line,
        "-",
        Policy.STRICT,
        affected=affected,
    )


def release_findings(registry: Registry, base: Registry) -> list[RegistryFinding]:
    """VERSION_DELETED / VERSION_EDITED: released versions of `base` missing or changed now."""
    out = []
    current = {(v.event_key, str(v.version)): v for v in registry.versions}
    for released in base.versions:
        key = (released.event_key, str(released.version))
        now = current.get(key)
        event_mode = "-"
        if now is None:
            what = f"released version {released.relpath} was deleted"
            finding = Finding("VERSION_DELETED", "", what, BOTH, "release")
            path = str(registry.root / released.relpath)
            out.append(
                RegistryFinding(
                    key[0], key[1], (), finding, path, released.relpath, None, event_mode, "-"
                )
            )
        elif now.digest != released.digest:
            pointer = first_difference(released.schema, now.schema)
            what = (
                f"released version {now.relpath} was edited (first difference at {pointer or '/'})"
            )
            finding = Finding("VERSION_EDITED", pointer, what, BOTH, "release")
            out.append(
                RegistryFinding(
                    key[0],
                    key[1],
                    (),
                    finding,
                    str(now.path),
                    now.relpath,
                    nearest_line(now, pointer),
                    event_mode,
                    "-",
                )
            )
    return out
