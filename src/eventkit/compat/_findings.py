"""Findings and the two-schema report returned by `check_compatibility`."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from eventkit.compat._catalog import RULES

__all__ = ["NO_EXAMPLE", "CompatReport", "Finding"]

NO_EXAMPLE: Any = type("NoExample", (), {"__repr__": lambda self: "NO_EXAMPLE"})()


def _example_text(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= 120 else text[:117] + "..."


@dataclass(frozen=True, init=False)  # its `__init__` is written below
class Finding:
    """One reason a change breaks (or might break) readers.

    Attributes:
        rule_id: the catalog rule (docs/rules.md).
        pointer: JSON pointer into the NEW schema (nearest existing location).
        message: a sentence a reviewer would write, with the rule ID and the fix.
        what: the change itself, e.g. "property `coupon` was removed".
        side: which readers break: "readers of old data" or "old readers of new data".
        severity: "breaking", "undecided" or "release".
        path: where in an event the problem is, e.g. "/items/0/sku" (``*`` for any).
        example: a value at `path` valid under the writer's schema and rejected by the
            reader's (NO_EXAMPLE when there is none, e.g. for undecided findings).
        old_pointer: the matching JSON pointer into the OLD schema.
        document: set when `pointer` lies in another document (a shared file).
    """

    rule_id: str
    pointer: str
    what: str
    side: str
    severity: str = "breaking"
    path: str = ""
    example: Any = NO_EXAMPLE
    old_pointer: str = ""
    document: str = (
        ""  # the document `pointer` is in, when not the new schema itself (a shared file)
    )

    # Written out, with the fields' order and defaults: the generated `__init__` of a frozen
    # dataclass sets each field through `object.__setattr__`, a call per field (the engine
    # makes a finding per breaking change). tests/compat/test_findings_init.py holds it to
    # what `dataclass` would generate.
    def __init__(
        self,
        rule_id: str,
        pointer: str,
        what: str,
        side: str,
        severity: str = "breaking",
        path: str = "",
        example: Any = NO_EXAMPLE,
        old_pointer: str = "",
        document: str = "",
    ) -> None:
        fields = self.__dict__
        fields["rule_id"] = rule_id
        fields["pointer"] = pointer
        fields["what"] = what
        fields["side"] = side
        fields["severity"] = severity
        fields["path"] = path
        fields["example"] = example
        fields["old_pointer"] = old_pointer
        fields["document"] = document

    @property
    def has_example(self) -> bool:
        return self.example is not NO_EXAMPLE

    @property
    def message(self) -> str:
        return self.render()

    def render(
        self,
        old: str = "the old schema",
        new: str = "the new schema",
        next_major: str = "a new major version",
        hint: str | None = None,
    ) -> str:
        """The message; `hint` replaces the rule's advice (e.g. when NEW is a new major)."""
        rule = RULES[self.rule_id]
        text = f"{self.what}; {rule.consequence_text(self.side, old, new)} (rule {self.rule_id})."
        if self.severity == "undecided":
            text = f"cannot decide whether this change is compatible: {self.what} (rule {self.rule_id})."
        if self.has_example:
            where = f" at `{self.path}`" if self.path not in ("", "/") else ""
            text += f" For example {_example_text(self.example)}{where}."
        advice = (
            hint if hint is not None else rule.hint.format(next_major=next_major, old=old, new=new)
        )
        return f"{text} {advice}"

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "rule": self.rule_id,
            "severity": self.severity,
            "breaks": self.side,
            "pointer": self.pointer,
            "old_pointer": self.old_pointer,
            "path": self.path,
            "what": self.what,
            "message": self.message,
        }
        if self.has_example:
            out["example"] = self.example
        return out


@dataclass(frozen=True, init=False)  # its `__init__` is written below (see `Finding`)
class CompatReport:
    """The verdict for OLD -> NEW under one mode and policy.

    `compatible` is True (no findings), False (at least one breaking finding, each with an
    example) or None (undecided: nothing breaking found, but some change could not be decided).
    """

    mode: str
    policy: str
    findings: tuple[Finding, ...] = field(default_factory=tuple)

    def __init__(self, mode: str, policy: str, findings: tuple[Finding, ...] = ()) -> None:
        fields = self.__dict__
        fields["mode"] = mode
        fields["policy"] = policy
        fields["findings"] = findings

    @property
    def compatible(self) -> bool | None:
        if any(f.severity == "breaking" for f in self.findings):
            return False
        if self.findings:
            return None
        return True

    @property
    def breaking(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == "breaking")

    @property
    def undecided(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == "undecided")

    def to_dict(self) -> dict[str, Any]:
        return {
            "compatible": self.compatible,
            "mode": self.mode,
            "policy": self.policy,
            "findings": [f.to_dict() for f in self.findings],
        }
