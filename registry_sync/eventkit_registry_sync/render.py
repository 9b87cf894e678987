"""Text for people: the sync plan, its outcome, and the pull report."""

from __future__ import annotations

from eventkit_registry_sync.plan import Plan
from eventkit_registry_sync.pull import PullReport
from eventkit_registry_sync.sync import SyncReport

__all__ = ["head_text", "plan_text", "pull_text", "result_text", "sync_text"]


def plan_text(plan: Plan, *, verbose: bool = False) -> str:
    """The plan: one line per change (unchanged ones only when `verbose`; what `--prune`
    leaves alone with `--prune` or `verbose`), then the totals."""
    owner = f", owner {plan.owner}" if plan.owner else ""
    lines = [f"Schema Registry {plan.registry!r} ({plan.type}{owner}):"]
    if plan.create_registry:
        lines.append("  create    registry " + plan.registry)
    left = plan.left_alone if (plan.prune or verbose) else ()
    width = max([len(a.schema) for a in plan.actions] + [len(n) for n, _ in left], default=0)
    for action in plan.actions:
        if action.kind == "unchanged" and not (verbose or action.reason):
            continue
        lines.append(f"  {action.kind:<9} {action.schema:<{width}}  {action.reason}".rstrip())
    for name, why in left:
        lines.append(f"  {'leave':<9} {name:<{width}}  {why}")
    c = plan.counts
    lines.append(
        f"Plan: {c['create']} to create, {c['update']} to update, {c['unchanged']} unchanged, "
        f"{c['delete']} to delete"
        + (f", {c['conflict']} in conflict" if c["conflict"] else "")
        + (f", {c['changed-released']} changing released versions" if c["changed-released"] else "")
        + "."
    )
    lines += [f"warning: {w}" for w in plan.warnings]
    return "\n".join(lines)


def head_text(report: SyncReport, *, verbose: bool = False) -> str:
    """The plan and the check-gate verdict (shown before anything is applied)."""
    lines = [plan_text(report.plan, verbose=verbose)]
    gate = report.gate
    if not gate.passed:
        verdict = f"{gate.findings} finding(s): {gate.summary}"
        if gate.override_reason:
            verdict += f"; pushing anyway, reason recorded: {gate.override_reason}"
        lines.append(f"eventkit check: {verdict}")
    return "\n".join(lines)


def result_text(report: SyncReport) -> str:
    """One line: what the run did."""
    if not report.plan.drifted:
        return "The registry matches the folder; nothing to do."
    if report.dry_run:
        return "Dry run: nothing was written."
    return f"Applied {len(report.applied)} step(s)."


def sync_text(report: SyncReport, *, verbose: bool = False) -> str:
    """Plan, gate verdict and what was applied."""
    return head_text(report, verbose=verbose) + "\n" + result_text(report)


def pull_text(report: PullReport, registry: str) -> str:
    """What pull wrote, left alone and what lint found."""
    lines = [f"wrote {p}" for p in report.written]
    lines += [f"skipped {s}" for s in report.skipped]
    lines.append(
        f"Pulled from {registry!r}: {len(report.written)} written, "
        f"{len(report.unchanged)} unchanged, {len(report.skipped)} skipped."
    )
    lines += [f"lint: {p}" for p in report.problems]
    return "\n".join(lines)
