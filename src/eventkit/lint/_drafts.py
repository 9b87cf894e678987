"""Which draft versions are not final: `eventkit lock` keeps their `draft` line.

A draft (a version `eventkit new` or `bump` made) still holding a TODO placeholder, an
invalid example or a broken `$ref` is work in progress. Locking it would declare it released:
fixing it afterwards is a `lock-mismatch` that only `--accept-changes` clears, the escape
hatch meant for reviewed edits of real releases.
"""

from __future__ import annotations

from eventkit.errors import SchemaRefError
from eventkit.lint._report import LintReport
from eventkit.registry import Problem
from eventkit.registry.lock import resolution
from eventkit.registry.lock_status import draft_keys

__all__ = ["unfinished_drafts"]


def unfinished_drafts(report: LintReport) -> dict[str, tuple[Problem, ...]]:
    """Draft version key -> the problems `report` finds in its file or in a shared file it
    reaches; only drafts with at least one problem."""
    registry = report.registry
    by_path: dict[str, list[Problem]] = {}
    for problem in report.problems:
        by_path.setdefault(problem.path, []).append(problem)
    if not by_path:
        return {}
    versions = {f"{v.event_key}@{v.version}": v for v in registry.versions}
    found: dict[str, tuple[Problem, ...]] = {}
    for key in draft_keys(registry):
        version = versions[key]
        try:
            reached = resolution(registry, version)[1]
        except SchemaRefError:
            reached = []  # the broken $ref is a problem of the version's own file
        problems = [p for path in (version.relpath, *reached) for p in by_path.get(path, ())]
        if problems:
            found[key] = tuple(problems)
    return found
