"""What `check_registry` reports: findings placed in the registry, suppressions, the report."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from eventkit.compat._findings import Finding

__all__ = ["CheckReport", "RegistryFinding", "Suppression", "suppressed_by"]


@dataclass(frozen=True)
class Suppression:
    """A `[[check.suppressions]]` entry of eventkit.toml: a breaking change shipped on purpose."""

    event: str
    rule: str
    reason: str
    version: str | None = None

    def covers(self, rule: str, key: str) -> bool:
        """Whether this entry names `rule` for `key` ("event@version")."""
        event, _, version = key.partition("@")
        return (
            self.rule == rule
            and self.event == event
            and (self.version is None or self.version == version)
        )

    @staticmethod
    def hiding(suppressions: Sequence[Suppression], item: RegistryFinding) -> tuple[int, ...]:
        """The positions in `suppressions` of the entries that hide `item`, or () when it stands.

        A finding about one version is hidden by the first entry naming it. A grouped finding
        (a `_shared/` change reaching several versions) is hidden only when every version it
        names is covered, by one entry or by several (one per event, say); each entry covering
        one of them is used. An entry never hides a version it does not name.
        """
        keys = item.affected or (f"{item.event}@{item.version}",)
        used: list[int] = []
        for key in keys:
            match = next(
                (i for i, s in enumerate(suppressions) if s.covers(item.rule_id, key)), None
            )
            if match is None:
                return ()
            if match not in used:
                used.append(match)
        return tuple(used)


def suppressed_by(suppressions: Sequence[Suppression]) -> Suppression:
    """The entry shown as hiding a finding: the one entry, or for several (a grouped finding
    covered event by event) their events and distinct reasons together."""
    if len(suppressions) == 1:
        return suppressions[0]
    reasons = list(dict.fromkeys(s.reason for s in suppressions))
    return Suppression(
        ", ".join(dict.fromkeys(s.event for s in suppressions)),
        suppressions[0].rule,
        "; ".join(reasons),
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
        hint = None
        if _crosses_major(self.against, self.version):  # `eventkit compat 2.0.0.json 3.0.0.json`
            hint = (
                f"{self.version} is already a new major version, where breaking changes are "
                "allowed: consumers move to it on their own schedule (compatibility.md)."
            )
        return prefix + self.finding.render(
            old=old, new=self.version or "the new schema", next_major=next_major, hint=hint
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
        if self.affected or self.finding.document:
            out["document"] = self.finding.document
        if self.suppressed_by is not None:
            out["suppressed"] = {"reason": self.suppressed_by.reason}
        return out


def _crosses_major(against: tuple[str, ...], version: str) -> bool:
    """Whether `version` ("3.0.0", "3.0.0.json") has a higher major than every `against`."""

    def major(name: str) -> int | None:
        head = name.split(".", 1)[0]
        return int(head) if head.isdigit() and "." in name else None

    new = major(version)
    old = [major(name) for name in against]
    return bool(old) and new is not None and all(m is not None and m < new for m in old)


def _span(versions: tuple[str, ...]) -> str:
    return versions[0] if len(versions) == 1 else f"{versions[0]}-{versions[-1]}"


@dataclass(frozen=True)
class CheckReport:
    """What `eventkit check` found. `ok` is False when anything unsuppressed remains."""

    findings: tuple[RegistryFinding, ...]
    suppressed: tuple[RegistryFinding, ...] = ()
    unused_suppressions: tuple[Suppression, ...] = ()
    suppressions: tuple[Suppression, ...] = ()  # every entry as read, used or not
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
