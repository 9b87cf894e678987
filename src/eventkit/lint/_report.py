"""`lint_registry` and its report: problems, counts, text/JSON output, the registry summary."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from eventkit.errors import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE
from eventkit.registry import Problem, Registry, gc_paused, scan_registry
from eventkit.visible_text import visible

if TYPE_CHECKING:
    from eventkit.lint._split import Worker
    from eventkit.registry import CpuMark

__all__ = [
    "INPUT_PROBLEMS",
    "LintReport",
    "format_summary",
    "lint_registry",
    "lint_registry_forking",
]

# Problems that mean "could not read the input" rather than "the input is wrong": exit 2.
INPUT_PROBLEMS = frozenset({"file-unreadable"})


@dataclass(frozen=True)
class LintReport:
    """What `eventkit lint` found.

    Attributes:
        root: the registry folder.
        problems: every problem, sorted by file and line.
        registry: the registry as loaded (files with fatal problems left out).
        files: how many schema files were checked.
        counts: what the registry holds (services, event_types, versions, majors, shared,
            foreign, deprecated), as `format_summary` reports it.
        notes: things worth knowing that are not problems (e.g. versions not locked yet).
    """

    root: Path
    problems: tuple[Problem, ...]
    registry: Registry
    files: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    notes: tuple[Problem, ...] = ()

    @property
    def ok(self) -> bool:
        """True when there is nothing to fix."""
        return not self.problems

    @property
    def exit_code(self) -> int:
        """0 clean, 1 problems found, 2 some input could not be read."""
        if any(p.code in INPUT_PROBLEMS for p in self.problems):
            return EXIT_USAGE
        return EXIT_PROBLEMS if self.problems else EXIT_OK

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (the `--format json` output)."""
        return {
            "registry": str(self.root),
            "ok": self.ok,
            "counts": self.counts,
            "problem_count": len(self.problems),
            "problems_by_code": dict(sorted(Counter(p.code for p in self.problems).items())),
            "problems": [p.to_dict() for p in self.problems],
            "notes": [p.to_dict() for p in self.notes],
        }

    def format_text(self) -> str:
        """One block per problem, then a one-line verdict."""
        lines = [str(p) for p in self.problems] + [f"note: {p}" for p in self.notes]
        c = self.counts
        checked = (
            f"{c['services']} services, {c['event_types']} event types, "
            f"{c['versions']} versions, {c['shared']} shared files"
        )
        if self.problems:
            files = len({p.path for p in self.problems})
            lines.append(
                f"{len(self.problems)} problem(s) in {files} file(s) or folder(s); checked {checked}"
            )
        else:
            lines.append(f"ok: {checked} checked, no problems")
        return "\n".join(lines)


def _counts(registry: Registry) -> dict[str, int]:
    return {
        "services": len(registry.services),
        "event_types": len(registry.events),
        "versions": len(registry.versions),
        "majors": sum(len(e.majors) for e in registry.events),
        "shared": len(registry.shared),
        "foreign": sum(1 for e in registry.events if e.foreign),
        "deprecated": sum(1 for e in registry.events if e.deprecated is not None),
    }


def lint_registry(root: str | Path) -> LintReport:
    """Check the registry folder `root` and report every problem in one pass.

    Raises `RegistryNotFoundError` / `RegistryConfigError` only when the folder or its
    eventkit.toml cannot be used at all (exit code 2).
    """
    return _lint(root, split=False, idle_since=None)


def lint_registry_forking(root: str | Path, *, idle_since: CpuMark | None) -> LintReport:
    """`lint_registry(root)` for `eventkit lint`: the same report, with the later version
    files' checks in a forked child when a CPU was idle since `idle_since` (a
    `eventkit.registry.cpu_mark()` taken as the command started) and the registry is large
    enough to gain from it."""
    return _lint(root, split=True, idle_since=idle_since)


def _lint(root: str | Path, *, split: bool, idle_since: CpuMark | None) -> LintReport:
    from eventkit.lint._checks import check_lock
    from eventkit.lint._model_names import check_model_names
    from eventkit.lint._unchecked import unchecked_keyword_notes
    from eventkit.lint.consumers import check_consumers

    worker = None
    if split:
        from eventkit.lint._split import Worker

        worker = Worker.start(root, idle_since)
    try:
        registry, problems = scan_registry(root)
        with gc_paused():
            problems += _check_documents(registry, worker)
            problems += check_consumers(registry)
            problems += check_model_names(registry)
            lock_errors, notes = check_lock(registry)
            problems += lock_errors
            notes += unchecked_keyword_notes(registry)
    except BaseException:
        if worker is not None:
            worker.stop()
        raise
    problems = _distinct(problems)
    problems.sort(key=lambda p: (p.path, p.line or 0, p.pointer or ""))
    return LintReport(
        root=registry.root,
        problems=tuple(problems),
        registry=registry,
        files=len(registry.documents),
        counts=_counts(registry),
        notes=tuple(notes),
    )


def _distinct(problems: list[Problem]) -> list[Problem]:
    """Each finding once, in first-seen order.

    The same finding can arise more than once: jsonschema reports one meta-schema error once
    per `$dynamicRef` path that reaches it, a key repeated three times is two identical
    duplicate-key findings on one line, and a service.toml value is judged for every event.
    """
    seen: dict[tuple[object, ...], Problem] = {}
    for p in problems:
        seen.setdefault((p.path, p.line, p.column, p.pointer, p.code, p.message), p)
    return list(seen.values())


def _check_documents(registry: Registry, worker: Worker | None) -> list[Problem]:
    from eventkit.lint._documents import DocumentChecks

    check = DocumentChecks(registry)
    documents = registry.documents
    shared = len(registry.shared)  # the shared files come first
    found = [check(document) for document in documents[:shared]]
    versions = documents[shared:]
    if worker is None:
        found += [check(document) for document in versions]
    else:
        found += worker.merge(check, versions)
    return [problem for problems in found for problem in problems]


def format_summary(registry: Registry) -> str:
    """What the registry holds: services, event types, versions by major, metadata."""
    c = _counts(registry)
    config = registry.config
    lines = [
        f"registry {config.name!r} at {registry.root} (bus {config.event_bus!r}, "
        f"default {config.compatibility}/{config.policy})",
        f"{c['services']} services, {c['event_types']} event types ({c['foreign']} foreign, "
        f"{c['deprecated']} deprecated), {c['versions']} versions in {c['majors']} majors, "
        f"{c['shared']} shared files",
    ]
    for service in registry.services:
        owner = f", owner {service.owner}" if service.owner else ""
        lines.append(f"  {service.name} (source {service.source}{owner})")
        for event in service.events:
            majors = " | ".join(
                " ".join(str(v.version) for v in versions) for versions in event.majors.values()
            )
            flags = [event.compatibility, event.policy]
            if event.foreign:
                flags.append("foreign")
            if event.deprecated is not None:
                flags.append("deprecated")
            detail_type = "" if event.detail_type == event.name else f" ({event.detail_type!r})"
            lines.append(f"    {event.name}{detail_type}: {majors}  [{', '.join(flags)}]")
    return "\n".join(visible(line) for line in lines)  # an owner may hold a line break


def dumps(report: LintReport) -> str:
    """The report as indented JSON."""
    return json.dumps(report.to_dict(), indent=2, ensure_ascii=False)
