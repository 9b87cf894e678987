"""The diff between two versions of an event: fields added, removed and changed, and the
compatibility engine's verdict with its rule IDs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from eventkit.catalog._fields import Field, FieldRows, flatten

__all__ = ["Change", "VersionDiff", "diff_versions", "pairs_to_show"]

_ALL_PAIRS_UP_TO = 8  # versions; above, consecutive pairs and every version -> the newest


@dataclass(frozen=True)
class Change:
    path: str
    kind: str  # "added", "removed", "changed"
    old: Field | None
    new: Field | None

    @property
    def what(self) -> list[str]:
        """The attributes that changed, as "type: a -> b" lines (for "changed")."""
        if self.old is None or self.new is None:
            return []
        out = []
        if self.old.type != self.new.type:
            out.append(f"type: {self.old.type} -> {self.new.type}")
        if self.old.required != self.new.required:
            out.append("now required" if self.new.required else "now optional")
        removed = [c for c in self.old.constraints if c not in self.new.constraints]
        added = [c for c in self.new.constraints if c not in self.old.constraints]
        out += [f"- {c}" for c in removed] + [f"+ {c}" for c in added]
        if self.old.ref_label != self.new.ref_label:
            out.append(f"definition: {self.old.ref_label or '-'} -> {self.new.ref_label or '-'}")
        return out


@dataclass(frozen=True)
class VersionDiff:
    old: str
    new: str
    changes: tuple[Change, ...]
    verdict: str  # "compatible", "breaking", "undecided", "cannot judge"
    mode: str
    policy: str
    findings: tuple[tuple[str, str], ...]  # (rule ID, message)
    # a table of either version stopped at its limits: fields past them are not compared
    # (the verdict still judges the whole schemas)
    partial: bool = False

    @property
    def anchor(self) -> str:
        return f"diff-{self.old}-{self.new}"

    def count(self, kind: str) -> int:
        return sum(1 for c in self.changes if c.kind == kind)


def pairs_to_show(versions: list[str]) -> list[tuple[str, str]]:
    """Every (older, newer) pair for a few versions; for many, the consecutive ones and each
    version against the newest (the page says which pairs it has)."""
    n = len(versions)
    if n <= _ALL_PAIRS_UP_TO:
        return [(versions[i], versions[j]) for i in range(n) for j in range(i + 1, n)]
    wanted = {(versions[i], versions[i + 1]) for i in range(n - 1)}
    wanted |= {(v, versions[-1]) for v in versions[:-1]}
    order = {v: i for i, v in enumerate(versions)}
    return sorted(wanted, key=lambda p: (order[p[0]], order[p[1]]))


def diff_versions(
    old: str,
    new: str,
    old_rows: list[Field],
    new_rows: list[Field],
    old_schema: dict[str, Any],
    new_schema: dict[str, Any],
    *,
    mode: str,
    policy: str,
    formats: str,
) -> VersionDiff:
    # By `Field.key`, not the dotted label: a property named `a.b` is not `b` inside `a`.
    before, after = flatten(old_rows), flatten(new_rows)
    keyed = [
        (k, Change(row.path, "removed", row, None)) for k, row in before.items() if k not in after
    ]
    keyed += [
        (k, Change(row.path, "added", None, row)) for k, row in after.items() if k not in before
    ]
    keyed += [
        (k, Change(row.path, "changed", before[k], row))
        for k, row in after.items()
        if k in before and before[k].signature() != row.signature()
    ]
    keyed.sort(key=lambda pair: pair[0])
    changes = [change for _, change in keyed]
    # A reader on `old` seeing `new` data and the reverse: the pair as a whole, whatever the
    # event's own mode (which only governs versions within a major).
    pair_mode = "FULL" if mode == "NONE" else mode.removesuffix("_TRANSITIVE")
    verdict, findings = _verdict(old_schema, new_schema, pair_mode, policy, formats)
    partial = any(isinstance(rows, FieldRows) and rows.cut for rows in (old_rows, new_rows))
    return VersionDiff(old, new, tuple(changes), verdict, pair_mode, policy, findings, partial)


def _verdict(
    old: dict[str, Any], new: dict[str, Any], mode: str, policy: str, formats: str
) -> tuple[str, tuple[tuple[str, str], ...]]:
    from eventkit.compat import check_compatibility
    from eventkit.errors import EventkitError

    try:
        report = check_compatibility(old, new, mode=mode, policy=policy, formats=formats)
    except EventkitError as error:
        return "cannot judge", (("", error.message),)
    findings = tuple((f.rule_id, f.message) for f in report.findings)
    if report.compatible is True:
        return "compatible", findings
    return ("breaking" if report.compatible is False else "undecided"), findings
