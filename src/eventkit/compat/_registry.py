"""`check_registry`: every version chain within a major, under each event's mode and policy;
with `against`, also the immutability of released versions, reporting only what is new."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass, field, replace
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING, Any

from eventkit.compat._api import compare_docs, sides_of
from eventkit.compat._catalog import BOTH, RETIRED, RULES
from eventkit.compat._doc import Doc
from eventkit.compat._report import Finding
from eventkit.errors import CompatibilityError, EventkitError
from eventkit.registry import gc_paused

if TYPE_CHECKING:
    from eventkit.registry import EventType, Registry, SchemaVersion, SharedSchema

__all__ = ["CheckReport", "RegistryFinding", "Suppression", "check_registry"]


@dataclass(frozen=True)
class Suppression:
    """A `[[check.suppressions]]` entry of eventkit.toml: a breaking change shipped on purpose."""

    event: str
    rule: str
    reason: str
    version: str | None = None

    def matches(self, item: RegistryFinding) -> bool:
        if item.affected:  # a grouped finding: suppressed only if every version it names is
            return self.rule == item.rule_id and all(
                self.event == event and (self.version is None or self.version == version)
                for event, _, version in (key.partition("@") for key in item.affected)
            )
        return (
            self.event == item.event
            and self.rule == item.rule_id
            and (self.version is None or self.version == item.version)
        )


@dataclass(frozen=True)
class RegistryFinding:
    """A finding placed in the registry: which event, version and file line introduced it."""

    event: str
    version: str
    against: tuple[str, ...]
    finding: Finding
    file: str  # absolute path of the file to annotate
    relpath: str
    line: int | None
    mode: str
    policy: str
    suppressed_by: Suppression | None = None
    affected: tuple[str, ...] = ()  # every "event@version" a grouped finding is about

    @property
    def rule_id(self) -> str:
        return self.finding.rule_id

    @property
    def severity(self) -> str:
        return self.finding.severity

    @property
    def pointer(self) -> str:
        return self.finding.pointer

    @property
    def message(self) -> str:
        old = _span(self.against) if self.against else "the released version"
        major = self.version.split(".", 1)[0]
        next_major = f"{int(major) + 1}.0.0" if major.isdigit() else "a new major version"
        prefix = f"{self.event} {self.version}: " if self.event and not self.affected else ""
        return prefix + self.finding.render(
            old=old, new=self.version or "the new schema", next_major=next_major
        )

    def to_dict(self) -> dict[str, Any]:
        out = self.finding.to_dict()
        out.update(
            event=self.event,
            version=self.version,
            against=list(self.against),
            file=self.relpath,
            line=self.line,
            mode=self.mode,
            policy=self.policy,
            message=self.message,
        )
        if self.affected:
            out["affected"] = list(self.affected)
            out["document"] = self.finding.document
        if self.suppressed_by is not None:
            out["suppressed"] = {"reason": self.suppressed_by.reason}
        return out


def _span(versions: tuple[str, ...]) -> str:
    return versions[0] if len(versions) == 1 else f"{versions[0]}-{versions[-1]}"


@dataclass(frozen=True)
class CheckReport:
    """What `eventkit check` found. `ok` is False when anything unsuppressed remains."""

    findings: tuple[RegistryFinding, ...]
    suppressed: tuple[RegistryFinding, ...] = ()
    unused_suppressions: tuple[Suppression, ...] = ()
    events: int = 0
    versions: int = 0
    comparisons: int = 0
    against: str | None = None
    root: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        return not self.findings

    @property
    def exit_code(self) -> int:
        from eventkit.errors import EXIT_BREAKING, EXIT_OK

        return EXIT_OK if self.ok else EXIT_BREAKING

    def counts(self) -> dict[str, int]:
        return {
            "breaking": sum(f.severity == "breaking" for f in self.findings),
            "undecided": sum(f.severity == "undecided" for f in self.findings),
            "release": sum(f.severity == "release" for f in self.findings),
            "suppressed": len(self.suppressed),
            "events": self.events,
            "versions": self.versions,
            "comparisons": self.comparisons,
        }


def read_suppressions(registry: Registry) -> list[Suppression]:
    table = registry.config.tables.get("check", {})
    entries = table.get("suppressions", []) if isinstance(table, dict) else []
    where = registry.config.path or "eventkit.toml"
    if not isinstance(entries, list):
        raise CompatibilityError(f"{where}: [[check.suppressions]] must be an array of tables")
    out = []
    for i, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            raise CompatibilityError(f"{where}: check.suppressions entry {i} is not a table")
        missing = [k for k in ("event", "rule", "reason") if not str(entry.get(k, "")).strip()]
        if missing:
            raise CompatibilityError(
                f"{where}: check.suppressions entry {i} lacks {', '.join(missing)}",
                hint="every suppression names the event and rule and gives a written reason",
            )
        unknown = set(entry) - {"event", "rule", "reason", "version"}
        if unknown:
            raise CompatibilityError(
                f"{where}: check.suppressions entry {i} has unknown keys {sorted(unknown)}"
            )
        if entry["rule"] not in RULES and entry["rule"] not in RETIRED:
            raise CompatibilityError(
                f"{where}: check.suppressions entry {i} names unknown rule {entry['rule']!r}",
                hint="rule IDs are listed in docs/rules.md",
            )
        out.append(
            Suppression(
                str(entry["event"]),
                str(entry["rule"]),
                str(entry["reason"]).strip(),
                entry.get("version"),
            )
        )
    return out


class _Docs:
    """One `Doc` per version, built once; shared files are parsed once and resolved in place
    (no bundled copies), so unchanged shared definitions compare by identity."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self._docs: dict[str, Doc] = {}
        self._shared: dict[str, Doc] = {}
        self._folders: dict[Path, Path] = {}
        for shared in registry.shared.values():
            path = Path(os.path.normpath(shared.path))
            self._shared[str(path)] = Doc(
                shared.schema,
                label=shared.relpath,
                base_dir=path.parent,
                cache=self._shared,
                is_root=False,
            )

    def __call__(self, version: SchemaVersion) -> Doc:
        found = self._docs.get(version.relpath)
        if found is None:
            folder = self._folders.get(version.path.parent)  # an event's versions share one
            if folder is None:
                folder = Path(os.path.normpath(version.path)).parent
                self._folders[version.path.parent] = folder
            found = Doc(version.schema, label=version.relpath, base_dir=folder, cache=self._shared)
            self._docs[version.relpath] = found
        return found


def _line(version: SchemaVersion | SharedSchema, pointer: str) -> int | None:
    while True:
        line = version.line_of(pointer)
        if line is not None or not pointer:
            return line if line is not None else 1
        pointer = pointer.rsplit("/", 1)[0]


def _event_findings(
    event: EventType, docs: _Docs, formats: str = "assertion"
) -> tuple[list[RegistryFinding], int]:
    out: list[RegistryFinding] = []
    comparisons = 0
    transitive = event.compatibility.endswith("TRANSITIVE") or event.compatibility == "NONE"
    if not sides_of(event.compatibility):
        return out, 0
    for chain in event.majors.values():
        reported: set[tuple[str, str, str, str, str]] = set()  # (rule, pointer, path, side, old)
        for i in range(1, len(chain)):
            new = chain[i]
            olds = chain[:i] if transitive else chain[i - 1 : i]
            grouped: dict[tuple[str, str, str, str], tuple[Finding, list[str]]] = {}
            for old in olds:
                comparisons += 1
                report = compare_docs(
                    docs(old),
                    docs(new),
                    mode=event.compatibility,
                    policy=event.policy,
                    formats=formats,
                )
                for finding in report.findings:
                    key = (finding.rule_id, finding.pointer, finding.path, finding.side)
                    if (*key, str(old.version)) in reported:
                        continue  # an earlier version introduced it; reported there
                    reported.add((*key, str(old.version)))
                    grouped.setdefault(key, (finding, []))[1].append(str(old.version))
            for finding, against in grouped.values():
                out.append(
                    RegistryFinding(
                        event.key,
                        str(new.version),
                        tuple(against),
                        finding,
                        str(new.path),
                        new.relpath,
                        _line(new, finding.pointer) if not finding.document else 1,
                        event.compatibility,
                        event.policy,
                    )
                )
    return out, comparisons


def _scan(registry: Registry) -> tuple[list[RegistryFinding], int]:
    docs = _Docs(registry)
    findings: list[RegistryFinding] = []
    comparisons = 0
    for event in registry.events:
        found, count = _event_findings(event, docs, registry.config.formats)
        findings.extend(found)
        comparisons += count
    return findings, comparisons


def check_registry(registry: Registry, *, against: Registry | str | None = None) -> CheckReport:
    """Check every version chain of `registry` (the `eventkit check` gate; the demo calls it).

    `against` is a registry loaded from an earlier state, or a git ref (materialised with
    `git archive`): then edited or deleted released versions are findings too, and only
    findings that the earlier state did not already have are reported.
    """
    label = against if isinstance(against, str) else None
    base = materialise(registry.root, against) if isinstance(against, str) else against
    with gc_paused():  # the comparisons build many short-lived acyclic objects
        findings, comparisons = _scan(registry)
        known = {_key(f) for f in _scan(base)[0]} if base is not None else set()
    if base is not None:
        findings = [f for f in findings if _key(f) not in known]
        findings.extend(_release_findings(registry, base))
        from eventkit.compat._released import meaning_findings

        with gc_paused():
            findings.extend(meaning_findings(registry, base))
    suppressions = read_suppressions(registry)
    active: list[RegistryFinding] = []
    suppressed: list[RegistryFinding] = []
    used: set[int] = set()
    for item in findings:
        match = next((i for i, s in enumerate(suppressions) if s.matches(item)), None)
        if match is None:
            active.append(item)
        else:
            used.add(match)
            suppressed.append(_with(item, suppressions[match]))
    return CheckReport(
        findings=tuple(active),
        suppressed=tuple(suppressed),
        unused_suppressions=tuple(s for i, s in enumerate(suppressions) if i not in used),
        events=len(registry.events),
        versions=sum(len(e.versions) for e in registry.events),
        comparisons=comparisons,
        against=label or ("(registry)" if base is not None else None),
        root=str(registry.root),
    )


def _with(item: RegistryFinding, suppression: Suppression) -> RegistryFinding:
    return replace(item, suppressed_by=suppression)


def _key(item: RegistryFinding) -> tuple[str, ...]:
    return (
        item.event,
        item.version,
        item.rule_id,
        item.pointer,
        item.finding.path,
        ",".join(item.against),
    )


def _first_difference(old: Any, new: Any, pointer: str = "") -> str:
    if isinstance(old, dict) and isinstance(new, dict):
        for key in sorted(set(old) | set(new)):
            if old.get(key, ...) != new.get(key, ...):
                if key in old and key in new:
                    return _first_difference(
                        old[key], new[key], f"{pointer}/{key.replace('~', '~0').replace('/', '~1')}"
                    )
                return pointer if key not in new else f"{pointer}/{key}"
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        for i, (a, b) in enumerate(zip(old, new, strict=True)):
            if a != b:
                return _first_difference(a, b, f"{pointer}/{i}")
    return pointer


def _release_findings(registry: Registry, base: Registry) -> list[RegistryFinding]:
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
            pointer = _first_difference(released.schema, now.schema)
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
                    _line(now, pointer),
                    event_mode,
                    "-",
                )
            )
    return out


def materialise(root: Path, ref: str) -> Registry:
    """The registry folder `root` as it was at git `ref` (via `git archive`, into a temp dir)."""
    from eventkit.registry import load_registry

    root = Path(root).resolve()
    top = _git(root, "rev-parse", "--show-toplevel").decode().strip()
    rel = root.relative_to(Path(top).resolve()).as_posix()
    if _git_ok(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}") is None:
        raise CompatibilityError(
            f"git ref {ref!r} does not exist",
            hint="fetch it first (CI: `git fetch origin main`), or pass a branch, tag or commit",
        )
    data = _git_ok(top, "archive", "--format=tar", ref, "--", rel or ".")
    if data is None:
        raise CompatibilityError(
            f"the registry folder {rel or '.'!r} does not exist at git ref {ref!r}",
            hint="pass a ref where the registry exists, or drop --against for the first commit of a registry",
        )
    import tarfile
    import tempfile

    target = Path(tempfile.mkdtemp(prefix="eventkit-against-"))
    with tarfile.open(fileobj=BytesIO(data)) as archive:
        archive.extractall(target, filter="data")
    folder = target / rel if rel else target
    try:
        return load_registry(folder)
    except EventkitError as error:
        raise CompatibilityError(
            f"the registry at git ref {ref!r} cannot be loaded: {error.message}"
        ) from None


def _git(cwd: Path | str, *args: str) -> bytes:
    result = _git_ok(cwd, *args)
    if result is None:
        raise CompatibilityError(f"{cwd} is not inside a git repository; --against needs one")
    return result


def _git_ok(cwd: Path | str, *args: str) -> bytes | None:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except OSError as error:
        raise CompatibilityError(f"cannot run git: {error}") from None
    return done.stdout if done.returncode == 0 else None
