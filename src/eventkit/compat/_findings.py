"""Findings and the two-schema report returned by `check_compatibility`."""

from __future__ import annotations

import json
import reprlib

from eventkit.compat._catalog import RULES
from eventkit.compat._frozen import DataclassMeta, FrozenValue, frozen

TYPE_CHECKING = False  # not `typing.TYPE_CHECKING`: no `typing` at run time (a cold import)
if TYPE_CHECKING:
    from typing import Any

__all__ = ["NO_EXAMPLE", "CompatReport", "Finding"]

NO_EXAMPLE: Any = type("NoExample", (), {"__repr__": lambda self: "NO_EXAMPLE"})()


def _example_text(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= 120 else text[:117] + "..."


# Both classes are frozen dataclasses written out (eventkit.compat._frozen says why; tests/
# compat/test_value_classes.py pins each method against `@dataclass(frozen=True)`).
@frozen
class Finding(FrozenValue):
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

    __dataclass_fields__ = DataclassMeta()
    __dataclass_params__ = DataclassMeta()
    __match_args__ = (
        "rule_id",
        "pointer",
        "what",
        "side",
        "severity",
        "path",
        "example",
        "old_pointer",
        "document",
    )

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

    def _astuple(self) -> tuple[Any, ...]:
        return (
            self.rule_id,
            self.pointer,
            self.what,
            self.side,
            self.severity,
            self.path,
            self.example,
            self.old_pointer,
            self.document,
        )

    @reprlib.recursive_repr()
    def __repr__(self) -> str:
        return (
            f"{type(self).__qualname__}(rule_id={self.rule_id!r}, pointer={self.pointer!r}, "
            f"what={self.what!r}, side={self.side!r}, severity={self.severity!r}, "
            f"path={self.path!r}, example={self.example!r}, "
            f"old_pointer={self.old_pointer!r}, document={self.document!r})"
        )

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


@frozen
class CompatReport(FrozenValue):
    """The verdict for OLD -> NEW under one mode and policy.

    `compatible` is True (no findings), False (at least one breaking finding, each with an
    example) or None (undecided: nothing breaking found, but some change could not be decided).
    """

    __dataclass_fields__ = DataclassMeta(factories={"findings": tuple})
    __dataclass_params__ = DataclassMeta(factories={"findings": tuple})
    __match_args__ = ("mode", "policy", "findings")

    mode: str
    policy: str
    findings: tuple[Finding, ...]  # default: () (the dataclass field's `default_factory=tuple`)

    def __init__(self, mode: str, policy: str, findings: tuple[Finding, ...] = ()) -> None:
        fields = self.__dict__
        fields["mode"] = mode
        fields["policy"] = policy
        fields["findings"] = findings

    def _astuple(self) -> tuple[str, str, tuple[Finding, ...]]:
        return (self.mode, self.policy, self.findings)

    @reprlib.recursive_repr()
    def __repr__(self) -> str:
        return (
            f"{type(self).__qualname__}(mode={self.mode!r}, policy={self.policy!r}, "
            f"findings={self.findings!r})"
        )

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
