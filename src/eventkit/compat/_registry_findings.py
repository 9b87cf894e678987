"""What `check_registry` reports: findings placed in the registry, suppressions, the report."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from eventkit.compat._findings import Finding

__all__ = ["CheckReport", "RegistryFinding", "Suppression"]


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
