"""Lint of consumer declarations: `consumes` of each service.toml against the registry, and
(`eventkit lint --routers`) against the routers that really run."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from eventkit.lint._report import LintReport
from eventkit.registry import Problem, Registry

__all__ = ["check_consumers", "with_routers"]


def check_consumers(registry: Registry) -> list[Problem]:
    """Every malformed or unknown `consumes` entry (called by `lint_registry`)."""
    if not any(service.consumes for service in registry.services):
        return []  # nothing declared: eventkit.consumers (and its difflib) is not loaded
    from eventkit.consumers import declaration_problems

    return declaration_problems(registry)


def with_routers(report: LintReport, specs: Iterable[str]) -> LintReport:
    """`report` plus the cross-check of declarations against the routers `specs` name.

    Raises `RouterSpecError` when an entry cannot be loaded.
    """
    from eventkit.consumers import load_routers, router_problems

    routers = load_routers(specs, report.registry)
    found = router_problems(report.registry, routers)
    if not found:
        return report
    problems = sorted(
        (*report.problems, *found), key=lambda p: (p.path, p.line or 0, p.pointer or "")
    )
    return replace(report, problems=tuple(problems))
