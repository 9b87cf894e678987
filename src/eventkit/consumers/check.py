"""`eventkit check` with declared consumers: every finding names the services that hold the
affected major (or says there is none), and deprecating or deleting an event that is still
declared as consumed is a finding of its own. Also the dependency table of `check --consumers`.

A tool module (it uses the compatibility engine): not loaded by `import eventkit`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from eventkit.compat import BACKWARD, CheckReport, Finding, RegistryFinding, Suppression
from eventkit.consumers._declared import ConsumerIndex, Declaration, _LineFinder
from eventkit.consumers._routers import handled_by
from eventkit.registry import EVENT_FILE, SERVICE_FILE, Registry

if TYPE_CHECKING:
    from eventkit.routing import Router  # the runtime (pydantic models): only for --routers

__all__ = [
    "ConsumerFinding",
    "consumer_aware",
    "dependency_rows",
    "format_dependency_table",
]


@dataclass(frozen=True)
class ConsumerFinding(RegistryFinding):
    """A check finding with the consumers it concerns.

    `consumers` are the services (folder names) declaring the affected major(s); `note` is
    the sentence added to the message; `text` replaces the whole message (the findings this
    module adds itself); `cause` is what one of those is about (the declarations it names),
    the same at an earlier state when that state had the finding already.
    """

    consumers: tuple[str, ...] = ()
    note: str = ""
    text: str = ""
    cause: tuple[str, ...] = ()

    @property
    def message(self) -> str:
        if self.text:
            return self.text
        base = super().message
        return f"{base} {self.note}" if self.note else base

    def to_dict(self) -> dict[str, Any]:
        out = super().to_dict()
        out["message"] = self.message
        out["consumers"] = list(self.consumers)
        return out


def _affected(item: RegistryFinding) -> list[tuple[str, int]]:
    """(event, major) pairs a finding is about."""
    keys = item.affected or ((f"{item.event}@{item.version}",) if item.event else ())
    out = []
    for key in keys:
        event, _, version = key.partition("@")
        major = version.split(".", 1)[0]
        if major.isdigit() and (event, int(major)) not in out:
            out.append((event, int(major)))
    return out


def _noted(item: RegistryFinding, index: ConsumerIndex) -> RegistryFinding:
    pairs = _affected(item)
    if not pairs:
        return item
    names: list[str] = []
    parts = []
    for event, major in pairs:
        consumers = index.declared(event, major)  # a deleted major's too (VERSION_DELETED)
        names += [c for c in consumers if c not in names]
        label = f"{event} major {major}"
        parts.append(
            f"consumers of {label}: {', '.join(consumers)}"
            if consumers
            else f"no declared consumer of {label}"
        )
    note = "; ".join(parts)
    note = note[0].upper() + note[1:] + "."
    fields = {f: getattr(item, f) for f in item.__dataclass_fields__}
    return ConsumerFinding(**fields, consumers=tuple(names), note=note)


def _own_finding(
    registry: Registry,
    rule: str,
    event: str,
    text: str,
    relpath: str,
    line: int | None,
    consumers: tuple[str, ...],
    cause: tuple[str, ...],
) -> ConsumerFinding:
    finding = Finding(rule_id=rule, pointer="", what=text, side=BACKWARD)
    return ConsumerFinding(
        event=event,
        version="",
        against=(),
        finding=finding,
        file=str(registry.root / relpath),
        relpath=relpath,
        line=line,
        mode="",
        policy="",
        consumers=consumers,
        text=text,
        cause=(rule, event, *cause),
    )


def _consumer_findings(registry: Registry, index: ConsumerIndex) -> list[ConsumerFinding]:
    out = []
    for event in registry.events:
        if event.deprecated is None:
            continue
        by_major = index.by_major(event.key)
        if not by_major:
            continue
        consumers = tuple(sorted({c for names in by_major.values() for c in names}))
        held = "; ".join(f"major {m}: {', '.join(names)}" for m, names in by_major.items())
        replacement = event.deprecated.replacement
        text = (
            f"{event.key} is deprecated but still declared as consumed ({held}) "
            f"(rule CONSUMED_EVENT_DEPRECATED). Move the consumers"
            + (f" to {replacement}" if replacement else "")
            + " and drop their `consumes` entries, or record a suppression with the reason."
        )
        relpath = f"{event.key}/{EVENT_FILE}"
        line = _LineFinder(registry.root / relpath).line_starting("[deprecated]")
        out.append(
            _own_finding(
                registry,
                "CONSUMED_EVENT_DEPRECATED",
                event.key,
                text,
                relpath,
                line,
                consumers,
                (held,),
            )
        )
    for item in index.dangling:
        out.append(_deleted(registry, item))
    return out


def _deleted(registry: Registry, item: Declaration) -> ConsumerFinding:
    known = {e.key: e for e in registry.events}
    event = known.get(item.event)
    what = (
        f"{item.event} has no major {item.major} any more"
        if event is not None
        else f"{item.event} is no longer in the registry"
    )
    text = (
        f"{what}, but {item.consumer} declares it consumes {item.label} "
        "(rule CONSUMED_EVENT_DELETED). Restore it (deprecate it in event.toml instead), or "
        f"move {item.consumer} first and drop the entry from its {SERVICE_FILE}."
    )
    relpath = f"{item.consumer}/{SERVICE_FILE}"
    line = _LineFinder(registry.root / relpath).line_of(item.label)
    return _own_finding(
        registry,
        "CONSUMED_EVENT_DELETED",
        item.event,
        text,
        relpath,
        line,
        (item.consumer,),
        (item.consumer, item.label),
    )


def consumer_aware(
    report: CheckReport, registry: Registry, *, base: Registry | None = None
) -> CheckReport:
    """`report` with consumer notes on every finding and the consumer findings added; with
    `base` (the state `check --against` compared with), only those `base` did not have."""
    index = ConsumerIndex.of(registry)
    findings = [_noted(item, index) for item in report.findings]
    suppressed = [_noted(item, index) for item in report.suppressed]
    unused = list(report.unused_suppressions)
    entries = report.suppressions  # the very entries `unused` was drawn from
    known = set()
    if base is not None:  # as for the chain findings: REF's own are not this change's
        known = {item.cause for item in _consumer_findings(base, ConsumerIndex.of(base))}
    for item in _consumer_findings(registry, index):
        matches = Suppression.hiding(entries, item)
        if matches:  # in use even when REF had the finding (`check` without --against has it)
            unused = [s for s in unused if s is not entries[matches[0]]]
        if item.cause in known:
            continue
        if not matches:
            findings.append(item)
            continue
        suppressed.append(replace(item, suppressed_by=entries[matches[0]]))
    return replace(
        report,
        findings=tuple(findings),
        suppressed=tuple(suppressed),
        unused_suppressions=tuple(unused),
    )


@dataclass(frozen=True)
class DependencyRow:
    event: str
    major: int
    consumers: tuple[str, ...]
    handlers: tuple[str, ...]  # "service: handler" from the routers given, if any

    def to_dict(self) -> dict[str, Any]:
        return {
            "event": self.event,
            "major": self.major,
            "consumers": list(self.consumers),
            "handlers": list(self.handlers),
        }


def dependency_rows(
    registry: Registry, routers: Mapping[str, list[Router]] | None = None
) -> list[DependencyRow]:
    """One row per event and major: who consumes it and, with routers, which handler."""
    index = ConsumerIndex.of(registry)
    handlers: dict[tuple[str, int], list[str]] = {}
    for service, service_routers in sorted((routers or {}).items()):
        for router in service_routers:
            for item in handled_by(router, registry):
                if item.event is not None:
                    via = " (upcast)" if item.upcast else ""
                    handlers.setdefault((item.event, item.major), []).append(
                        f"{service}: {item.handler}{via}"
                    )
    return [
        DependencyRow(
            event.key,
            major,
            index.consumers(event.key, major),
            tuple(handlers.get((event.key, major), ())),
        )
        for event in registry.events
        for major in event.majors
    ]


def format_dependency_table(rows: list[DependencyRow], fmt: str = "text") -> str:
    """The table as aligned text columns, or as a JSON list."""
    if fmt == "json":
        return json.dumps([row.to_dict() for row in rows], indent=2)
    table = [("event", "major", "consumers", "handlers")]
    table += [
        (
            row.event,
            str(row.major),
            ", ".join(row.consumers) or "(no declared consumer)",
            "; ".join(row.handlers) or "-",
        )
        for row in rows
    ]
    widths = [max(len(r[i]) for r in table) for i in range(3)]
    lines = [
        "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(r[:3])) + "  " + r[3]
        for r in table
    ]
    consumed = sum(1 for row in rows if row.consumers)
    lines.append(f"{consumed} of {len(rows)} event majors have a declared consumer")
    return "\n".join(lines)
