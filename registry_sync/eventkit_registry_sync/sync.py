"""`sync_registry`: make an EventBridge Schema Registry match the registry folder."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from eventkit.errors import (
    PartialSyncError,
    RegistrySyncError,
    ReleasedVersionChangedError,
    SyncRefusedError,
)
from eventkit.registry import gc_paused
from eventkit_registry_sync.apply import Outcome, apply_plan
from eventkit_registry_sync.client import check_registry_name
from eventkit_registry_sync.convert import OPENAPI3, TYPES
from eventkit_registry_sync.desired import desired_schemas
from eventkit_registry_sync.owner import owner_id
from eventkit_registry_sync.plan import Plan, build_plan
from eventkit_registry_sync.remote import read_registry, remote_for_plan

if TYPE_CHECKING:
    from mypy_boto3_schemas import SchemasClient

    from eventkit.registry import Registry

__all__ = ["CheckGate", "SyncReport", "plan_sync", "sync_registry"]

UNCHECKED_TAG = "eventkit:unchecked-reason"
# What an AWS tag value may hold (letters, digits, spaces and `_ . : / = + - @`): a reason
# such as "hotfix, see #123" would make the tagging call fail, so the rest become `-`
_NOT_IN_TAGS = re.compile(r"[^\w .:/=+\-@]")


@dataclass(frozen=True)
class CheckGate:
    """The `eventkit check` verdict sync acted on."""

    ran: bool
    passed: bool
    findings: int = 0
    summary: str = ""
    override_reason: str | None = None


@dataclass
class SyncReport:
    """What sync planned and what it applied (`applied` is empty for --dry-run / --check)."""

    plan: Plan
    gate: CheckGate
    applied: list[str] = field(default_factory=list)
    dry_run: bool = False

    @property
    def planned(self) -> dict[str, int]:
        """Actions by kind: create, update, unchanged, delete, conflict."""
        return self.plan.counts

    @property
    def summary(self) -> str:
        """One line for a demo or a log: `shop: 21 created, 0 updated, ...; 26 steps applied`."""
        c = self.plan.counts
        return (
            f"{self.plan.registry}: {c['create']} created, {c['update']} updated, "
            f"{c['unchanged']} unchanged, {c['delete']} deleted; {len(self.applied)} steps applied"
        )

    @property
    def writes(self) -> int:
        """How many schemas (and the registry itself, if new) the plan writes."""
        return len(self.plan.writes) + int(self.plan.create_registry)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (the `--format json` output)."""
        return {
            **self.plan.to_dict(),
            "dry_run": self.dry_run,
            "applied": list(self.applied),
            "check": {
                "ran": self.gate.ran,
                "passed": self.gate.passed,
                "findings": self.gate.findings,
                "summary": self.gate.summary,
                "override_reason": self.gate.override_reason,
            },
        }


def _run_check(registry: Registry) -> CheckGate:
    """Run the compatibility gate (what `eventkit check` runs) on the folder."""
    from eventkit.compat import check_registry

    report = check_registry(registry)
    shown = [f.message for f in report.findings[:3]]
    more = len(report.findings) - len(shown)
    summary = "; ".join(shown) + (f"; and {more} more" if more > 0 else "")
    return CheckGate(True, report.ok, len(report.findings), summary)


def plan_sync(
    registry: Registry,
    *,
    client: SchemasClient,
    registry_name: str | None = None,
    schema_type: str | None = None,
    prune: bool = False,
    jobs: int = 8,
) -> Plan:
    """Read the registry and compute the plan (read calls only)."""
    name = registry_name or registry.config.name
    check_registry_name(name)
    settings = registry.config.tables.get("sync", {})
    schema_type = schema_type or settings.get("type", OPENAPI3)
    if schema_type not in TYPES:
        raise RegistrySyncError(
            f"unknown schema type {schema_type!r}",
            hint="use OpenApi3 or JSONSchemaDraft4 (--type, or [sync] type in eventkit.toml)",
        )
    owner = owner_id(registry.config)
    # Converting every version makes many short-lived acyclic trees: each collection would
    # re-scan the loaded registry, which made a no-op re-sync grow faster than the registry.
    with gc_paused():
        desired = desired_schemas(registry, schema_type, owner=owner)
        remote = read_registry(client, name, jobs=jobs)
        if remote is not None:
            remote = remote_for_plan(client, name, desired, remote, prune=prune, jobs=jobs)
        return build_plan(name, schema_type, desired, remote, prune=prune, owner=owner)


def _refuse_changed_released(plan: Plan) -> None:
    """Released versions are immutable: refuse a plan that would change one (nothing written)."""
    changed = [
        {
            "event": a.event_key or "",
            "version": v.semver or "",
            "schema": a.schema,
            "registry_version": str(v.number),
        }
        for a in plan.actions
        if a.kind == "changed-released"
        for v in a.changed
    ]
    if not changed:
        return
    lines = "\n  ".join(
        f"{c['event']} {c['version']}: registry schema {c['schema']}, registry version "
        f"{c['registry_version']}, holds another {c['version']} than the folder"
        for c in changed
    )
    first = changed[0]
    raise ReleasedVersionChangedError(
        f"{len(changed)} released version(s) in registry {plan.registry!r} would change; "
        f"nothing was pushed:\n  {lines}",
        hint="released versions are immutable (AWS's versions are what consumers read): revert "
        f"the change (to the version file or the _shared/ file it uses), or release it as a new "
        f"version (eventkit bump {first['event']} --minor, or --major if it breaks); if the "
        "registry version itself is wrong, delete it on purpose (aws schemas "
        f"delete-schema-version --registry-name {plan.registry} --schema-name {first['schema']} "
        f"--schema-version {first['registry_version']}) and sync again",
        registry=plan.registry,
        changed=tuple(changed),
    )


def sync_registry(
    registry: Registry,
    *,
    client: SchemasClient,
    registry_name: str | None = None,
    schema_type: str | None = None,
    prune: bool = False,
    dry_run: bool = False,
    check_gate: bool = True,
    override_reason: str | None = None,
    jobs: int = 8,
    progress: Callable[[int, int, Outcome], None] | None = None,
    on_plan: Callable[[SyncReport], None] | None = None,
) -> SyncReport:
    """Make the Schema Registry `registry_name` (default: eventkit.toml's) match `registry`.

    Plans first and hands the report to `on_plan` (to show it); with `dry_run` stops there.
    Refuses (`ReleasedVersionChangedError`, also with `dry_run`) a plan that would change a
    released version, and (`SyncRefusedError`) to push a folder that fails `eventkit check`
    unless `override_reason` is given; the reason is recorded as the registry tag
    `eventkit:unchecked-reason`. Raises `PartialSyncError` when some changes could not be
    applied (the report of what was is on the error); a re-run finishes the job.
    """
    plan = plan_sync(
        registry,
        client=client,
        registry_name=registry_name,
        schema_type=schema_type,
        prune=prune,
        jobs=jobs,
    )
    gate = CheckGate(False, True)
    if check_gate and plan.drifted:
        gate = _run_check(registry)
    if not gate.passed and override_reason:
        gate = CheckGate(True, False, gate.findings, gate.summary, override_reason)
    report = SyncReport(plan, gate, dry_run=dry_run)
    if on_plan is not None:  # shown before anything is written (or refused)
        on_plan(report)
    _refuse_changed_released(plan)  # a contract break: also under dry_run (`--check`)
    if dry_run or not plan.drifted:
        return report
    conflicts = [a for a in plan.actions if a.kind == "conflict"]
    if conflicts:
        listed = "\n  ".join(f"{a.schema}: {a.reason}" for a in conflicts)
        raise RegistrySyncError(
            f"{len(conflicts)} schema(s) in registry {plan.registry!r} have the names this "
            f"folder uses but were not written by eventkit for it; nothing was pushed:\n  {listed}",
            hint="delete or rename them in the registry, or sync to another --registry",
            registry=plan.registry,
        )
    if not gate.passed and not override_reason:
        why = f"fails `eventkit check` ({gate.findings} finding(s): {gate.summary})"
        raise SyncRefusedError(
            f"the registry folder {why}; nothing was pushed",
            hint="fix what `eventkit check` reports, or pass --skip-check REASON (recorded)",
            registry=plan.registry,
            findings=gate.findings,
        )
    tags = None
    if override_reason:
        stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%MZ")
        reason = _NOT_IN_TAGS.sub("-", " ".join(override_reason.split()))
        tags = {UNCHECKED_TAG: f"{stamp} {reason}"[:256]}
    outcomes = apply_plan(
        client, plan, prune=prune, jobs=jobs, progress=progress, registry_tags=tags
    )
    if plan.create_registry:  # a line of the plan, so a step (apply_plan raises if it failed)
        report.applied.append(f"registry {plan.registry}: created")
    for outcome in outcomes:
        report.applied.extend(outcome.done)
    failed = [o for o in outcomes if o.error is not None]
    if failed:
        lines = tuple(f"{o.action.schema}: {o.error}" for o in failed)
        raise PartialSyncError(
            f"{len(failed)} of {len(outcomes)} schema change(s) failed; "
            f"{len(report.applied)} step(s) were applied:\n  " + "\n  ".join(lines),
            hint="fix the cause and run sync again: it picks up where this run stopped",
            registry=plan.registry,
            applied=tuple(report.applied),
            failed=lines,
        )
    return report
