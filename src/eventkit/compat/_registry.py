"""`check_registry`: every version chain within a major, under each event's mode and policy;
with `against`, also the immutability of released versions, reporting only what is new."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from eventkit.compat._api import compare_docs, sides_of
from eventkit.compat._catalog import RETIRED, RULES
from eventkit.compat._findings import NO_EXAMPLE, Finding
from eventkit.compat._registry_docs import RegistryDocs, nearest_line
from eventkit.compat._registry_findings import (
    CheckReport,
    RegistryFinding,
    Suppression,
    suppressed_by,
)
from eventkit.errors import CompatibilityError
from eventkit.registry import FormatMode, gc_paused

if TYPE_CHECKING:
    from collections.abc import Sequence

    from eventkit.compat._findings import CompatReport
    from eventkit.registry import CpuMark, EventType, ForkedJob, Registry, SchemaVersion

__all__ = ["check_registry", "check_registry_forking", "read_suppressions"]


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


def _transitive(event: EventType) -> bool:
    """Whether each version is compared with every earlier one of its major (a `*_TRANSITIVE`
    mode), not only with the one before it."""
    return event.compatibility.endswith("TRANSITIVE")


def _event_findings(
    event: EventType, docs: RegistryDocs, formats: str = FormatMode.ASSERTION
) -> tuple[list[RegistryFinding], int]:
    out: list[RegistryFinding] = []
    comparisons = 0
    if not sides_of(event.compatibility):
        return out, 0
    transitive = _transitive(event)
    for chain in event.majors.values():
        reported: set[tuple[str, str, str, str, str]] = set()  # (rule, pointer, path, side, old)
        for i in range(1, len(chain)):
            new = chain[i]
            olds = chain[:i] if transitive else chain[i - 1 : i]
            grouped: dict[tuple[str, str, str, str], tuple[Finding, list[str]]] = {}
            for old in olds:
                comparisons += 1
                report = _compare(event, old, new, docs, formats)
                for finding in report.findings:
                    key = (finding.rule_id, finding.pointer, finding.path, finding.side)
                    if (*key, str(old.version)) in reported:
                        continue  # an earlier version introduced it; reported there
                    reported.add((*key, str(old.version)))
                    grouped.setdefault(key, (finding, []))[1].append(str(old.version))
            for finding, against in grouped.values():
                file, relpath, line = _located(new, finding, docs.registry)
                out.append(
                    RegistryFinding(
                        event.key,
                        str(new.version),
                        tuple(against),
                        finding,
                        file,
                        relpath,
                        line,
                        event.compatibility,
                        event.policy,
                    )
                )
    return out, comparisons


def _located(
    version: SchemaVersion, finding: Finding, registry: Registry
) -> tuple[str, str, int | None]:
    """(file, relpath, line) of a chain finding: the version file, or the `_shared/` file its
    pointer lies in (`Finding.document`), so that file, line and pointer name one place."""
    if not finding.document:
        return str(version.path), version.relpath, nearest_line(version, finding.pointer)
    shared = registry.shared.get(finding.document)
    if shared is None:  # not a file of this registry: the version file, at its top
        return str(version.path), version.relpath, 1
    return str(shared.path), shared.relpath, nearest_line(shared, finding.pointer)


def _compare(
    event: EventType, old: SchemaVersion, new: SchemaVersion, docs: RegistryDocs, formats: str
) -> CompatReport:
    """`compare_docs` of two versions of `event`; an input the engine cannot judge (a pattern
    that is not ECMA-262, which only lint reports as a problem) is named by event and files:
    the engine's error knows neither."""
    try:
        return compare_docs(
            docs(old), docs(new), mode=event.compatibility, policy=event.policy, formats=formats
        )
    except CompatibilityError as error:
        raise CompatibilityError(
            f"{event.key}: comparing {old.version} ({old.relpath}) with {new.version} "
            f"({new.relpath}): {error.message}",
            hint=f"{error.hint}; `eventkit lint` names the file and the pointer"
            if error.hint
            else "run `eventkit lint`: it names the file and the pointer",
        ) from None


def _scan(
    registry: Registry, *, idle_since: CpuMark | None = None, split: bool = False
) -> tuple[list[RegistryFinding], int]:
    docs = RegistryDocs(registry)
    formats = registry.config.formats
    per_event = _split(registry.events, docs, formats, idle_since) if split else None
    if per_event is None:
        per_event = [_event_findings(event, docs, formats) for event in registry.events]
    findings = [finding for found, _ in per_event for finding in found]
    return findings, sum(count for _, count in per_event)


# The least work (versions read plus comparisons) worth a worker: forking and the pages the
# two processes then copy cost ~30 ms of CPU on a 200 x 5 registry (1,800: 5 versions and 4
# comparisons per event); at 50 x 5 (450) the worker made the whole process ~7% slower.
_SPLIT_MIN_WORK = 1500


def _work(event: EventType) -> int:
    """What `_event_findings` costs, roughly: the versions it reads and the comparisons."""
    work = len(event.versions)
    if not sides_of(event.compatibility):
        return work
    transitive = _transitive(event)
    for chain in event.majors.values():
        work += len(chain) * (len(chain) - 1) // 2 if transitive else max(len(chain) - 1, 0)
    return work


# fast path: +10% on bench/compat.py figure compat.check_vs_version_process (measured 2026-12-06)
def _split(
    events: Sequence[EventType], docs: RegistryDocs, formats: str, idle_since: CpuMark | None
) -> list[tuple[list[RegistryFinding], int]] | None:
    """Each event's findings and comparison count, the later events' from a forked child where
    a CPU was idle; None to do them all in this process. The child's results come back
    pickled; if it fails in any way (an error in its events, a value pickle cannot carry), this
    process does its events itself, so any error is raised in event order, as without it.
    """
    from eventkit.registry import ForkedJob, idle_cpus, usable_cpus, worker_may_start

    work = [_work(event) for event in events]
    if sum(work) < _SPLIT_MIN_WORK or not worker_may_start(usable_cpus()):
        return None
    # Codegen's rule (eventkit_codegen._datamodel): a worker only if at least half a CPU was
    # idle while this process started and loaded the registry.
    idle = idle_cpus(idle_since)
    if idle is not None and idle < 0.5:
        return None
    half, done = sum(work) / 2, 0
    cut = 0
    while cut < len(events) - 1 and done + work[cut] <= half:
        done += work[cut]
        cut += 1
    cut = max(cut, 1)
    # This process takes the first events, the child the rest: contiguous halves, so each
    # writes (reference counts) mostly to its own pages of the parsed registry.
    import io  # noqa: F401  (the child pickles its answer: imported before the fork)
    import pickle  # noqa: F401

    child = ForkedJob.start(
        lambda: _dumps([_event_findings(e, docs, formats) for e in events[cut:]])
    )
    if child is None:
        return None
    try:
        mine = [_event_findings(event, docs, formats) for event in events[:cut]]
    except BaseException:  # the first error in event order is this one: the child's are later
        child.stop()
        raise
    theirs = _answer(child)
    if theirs is None or len(theirs) != len(events) - cut:
        theirs = [_event_findings(event, docs, formats) for event in events[cut:]]
    return mine + theirs


def _answer(child: ForkedJob) -> list[tuple[list[RegistryFinding], int]] | None:
    """The child's findings, or None if it failed or its answer was cut short."""
    data = child.answer()
    try:
        return _loads(data) if data is not None else None
    except Exception:  # a truncated answer: do its events here
        return None


def _dumps(value: object) -> bytes:
    """pickle, carrying compat's NO_EXAMPLE marker as itself."""
    import io
    import pickle

    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.persistent_id = lambda obj: "NO_EXAMPLE" if obj is NO_EXAMPLE else None  # type: ignore[method-assign]
    pickler.dump(value)
    return buffer.getvalue()


def _loads(data: bytes) -> Any:
    import io
    import pickle

    unpickler = pickle.Unpickler(io.BytesIO(data))
    unpickler.persistent_load = lambda pid: NO_EXAMPLE  # type: ignore[method-assign]
    return unpickler.load()


def check_registry(
    registry: Registry, *, against: Registry | str | None = None, label: str | None = None
) -> CheckReport:
    """Check every version chain of `registry` (the `eventkit check` gate; the demo calls it).

    `against` is a registry loaded from an earlier state, or a git ref (`REF` or `REF:PATH`,
    materialised with `git archive`, see `registry_at_ref`): then edited or deleted released
    versions are findings too, and only findings that the earlier state did not already have
    are reported. `label` names a loaded `against` in the report (its git ref, say).
    """
    if isinstance(against, str):
        from eventkit.compat._git_ref import registry_at_ref  # (subprocess) only with a git ref

        with registry_at_ref(registry.root, against) as base:
            return _check(registry, base, label=label or against)
    return _check(registry, against, label=label)


def check_registry_forking(registry: Registry, *, idle_since: CpuMark | None) -> CheckReport:
    """`check_registry(registry)` for `eventkit check`: the same report, with the later
    events' comparisons in a forked child when a CPU was idle since `idle_since` (a
    `eventkit.registry.cpu_mark()` taken as the command started) and the registry is large
    enough to gain from it."""
    return _check(registry, None, label=None, idle_since=idle_since, split=True)


def _check(
    registry: Registry,
    base: Registry | None,
    *,
    label: str | None,
    idle_since: CpuMark | None = None,
    split: bool = False,
) -> CheckReport:
    had: list[RegistryFinding] = []  # findings the base already had: not this change's
    with gc_paused():  # the comparisons build many short-lived acyclic objects
        findings, comparisons = _scan(registry, idle_since=idle_since, split=split)
        if base is not None:
            # the lock's machinery (tempfile, random) only when comparing with a base
            from eventkit.compat._released import meaning_findings, release_findings
            from eventkit.compat._settings import settings_findings

            known = {_key(f) for f in _scan(base)[0]}
            had = [f for f in findings if _key(f) in known]
            findings = [f for f in findings if _key(f) not in known]
            findings.extend(release_findings(registry, base))
            findings.extend(meaning_findings(registry, base))
            findings.extend(settings_findings(registry, base, label or "REF"))
    suppressions = read_suppressions(registry)
    active: list[RegistryFinding] = []
    suppressed: list[RegistryFinding] = []
    used: set[int] = set()
    for item in had:  # not reported, but an entry hiding one is in use: `check` without
        used.update(Suppression.hiding(suppressions, item))  # --against still finds it
    for item in findings:
        matches = Suppression.hiding(suppressions, item)
        if not matches:
            active.append(item)
        else:
            used.update(matches)
            suppressed.append(_with(item, suppressed_by([suppressions[i] for i in matches])))
    return CheckReport(
        findings=tuple(active),
        suppressed=tuple(suppressed),
        unused_suppressions=tuple(s for i, s in enumerate(suppressions) if i not in used),
        suppressions=tuple(suppressions),
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
