"""`check_registry`: every version chain within a major, under each event's mode and policy;
with `against`, also the immutability of released versions, reporting only what is new."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from eventkit.compat._api import compare_docs, sides_of
from eventkit.compat._catalog import RETIRED, RULES
from eventkit.compat._findings import Finding
from eventkit.compat._registry_docs import RegistryDocs, nearest_line
from eventkit.compat._registry_findings import CheckReport, RegistryFinding, Suppression
from eventkit.errors import CompatibilityError
from eventkit.registry import FormatMode, gc_paused

if TYPE_CHECKING:
    from eventkit.registry import EventType, Registry

__all__ = ["check_registry", "read_suppressions"]


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


def _event_findings(
    event: EventType, docs: RegistryDocs, formats: str = FormatMode.ASSERTION
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
                        nearest_line(new, finding.pointer) if not finding.document else 1,
                        event.compatibility,
                        event.policy,
                    )
                )
    return out, comparisons


def _scan(registry: Registry) -> tuple[list[RegistryFinding], int]:
    docs = RegistryDocs(registry)
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
    if isinstance(against, str):
        from eventkit.compat._git_ref import registry_at  # (subprocess) only with a git ref

        with registry_at(registry.root, against) as base:
            return _check(registry, base, label=against)
    return _check(registry, against, label=None)


def _check(registry: Registry, base: Registry | None, *, label: str | None) -> CheckReport:
    with gc_paused():  # the comparisons build many short-lived acyclic objects
        findings, comparisons = _scan(registry)
        if base is not None:
            # the lock's machinery (tempfile, random) only when comparing with a base
            from eventkit.compat._released import meaning_findings, release_findings

            known = {_key(f) for f in _scan(base)[0]}
            findings = [f for f in findings if _key(f) not in known]
            findings.extend(release_findings(registry, base))
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
