"""`check_compatibility`: two schema dicts in, a `CompatReport` out."""

from __future__ import annotations

import sys

from eventkit.compat._catalog import BACKWARD, FORWARD
from eventkit.compat._doc import Doc, json_equal, snode
from eventkit.compat._engine import Checker
from eventkit.compat._findings import CompatReport, Finding
from eventkit.compat._formats import check_format_mode, enter_format_mode, leave_format_mode
from eventkit.error_base import CompatibilityError
from eventkit.modes import COMPATIBILITY_MODES, POLICIES, CompatibilityMode, Policy

TYPE_CHECKING = False  # not `typing.TYPE_CHECKING`: no `typing` at run time (a cold import)
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any

__all__ = ["MODES", "POLICIES", "check_compatibility", "compare_docs", "sides_of"]

# One vocabulary with the registry's eventkit.toml (Confluent's seven modes; two policies).
MODES = COMPATIBILITY_MODES


def _sides(mode: str) -> tuple[str, ...]:
    if mode == CompatibilityMode.NONE:
        return ()
    if mode.startswith(CompatibilityMode.BACKWARD):
        return (BACKWARD,)
    if mode.startswith(CompatibilityMode.FORWARD):
        return (FORWARD,)
    return (BACKWARD, FORWARD)


# The readers each mode protects, by its (upper-case) name: one lookup per comparison.
_SIDES: dict[str, tuple[str, ...]] = {str(mode): _sides(mode) for mode in MODES}


def sides_of(mode: str) -> tuple[str, ...]:
    """Which readers a mode protects: BACKWARD (new reads old), FORWARD (old reads new)."""
    mode = mode.upper()
    sides = _SIDES.get(mode)
    if sides is None:
        raise CompatibilityError(
            f"unknown compatibility mode {mode!r}", hint=f"use one of {', '.join(MODES)}"
        )
    return sides


_LENIENT = Policy.LENIENT.value


def _policy(policy: str) -> str:
    policy = policy.upper()
    if policy not in POLICIES:
        raise CompatibilityError(f"unknown policy {policy!r}", hint=f"use {' or '.join(POLICIES)}")
    return policy


# Nested schemas recurse: the limit a comparison runs under (what MAX_DEPTH admits).
_RECURSION_LIMIT = 20_000


def compare_docs(
    old: Doc, new: Doc, *, mode: str, policy: str, formats: str = "assertion"
) -> CompatReport:
    policy = _policy(policy)
    return _compare(old, new, sides_of(mode), mode.upper(), policy, formats)


def _compare(
    old: Doc, new: Doc, sides: tuple[str, ...], mode: str, policy: str, formats: str
) -> CompatReport:
    """`compare_docs` with its mode (upper case) and policy already checked."""
    findings: list[Finding] = []
    token = enter_format_mode(formats)
    limit = sys.getrecursionlimit()
    try:
        if limit < _RECURSION_LIMIT:
            sys.setrecursionlimit(_RECURSION_LIMIT)
        lenient = policy == _LENIENT
        # the documents' root nodes (`Doc.root`), shared by both directions
        old_root, new_root = snode(old, old.schema), snode(new, new.schema)
        for side in sides:
            checker = Checker.of(side, lenient)
            writer, reader = (old_root, new_root) if side == BACKWARD else (new_root, old_root)
            findings.extend(checker.run(writer, reader))
    except RecursionError:  # overflow becomes a clear error
        raise CompatibilityError(
            "the schemas nest too deeply (or recurse without end) for eventkit to compare",
            hint="flatten the schema with $defs and $ref",
        ) from None
    finally:
        if limit < _RECURSION_LIMIT:
            sys.setrecursionlimit(limit)
        leave_format_mode(token)
    if not findings:
        return _compatible(mode, policy)
    return CompatReport(mode, policy, tuple(findings))


# A report without findings, one per mode and policy: a frozen value, so shared.
_COMPATIBLE: dict[tuple[str, str], CompatReport] = {}


def _compatible(mode: str, policy: str) -> CompatReport:
    report = _COMPATIBLE.get((mode, policy))
    if report is None:
        report = _COMPATIBLE[(mode, policy)] = CompatReport(mode, policy)
    return report


def _same_json(old: Doc, new: Doc) -> bool:
    """Two documents already `==`: equal as JSON too (only booleans can tell them apart)."""
    if not (old.values_have_booleans() or new.values_have_booleans()):
        return True
    return json_equal(old.schema, new.schema)


def check_compatibility(
    old: Any,
    new: Any,
    *,
    mode: str = "BACKWARD",
    policy: str = "STRICT",
    old_dir: Path | None = None,
    new_dir: Path | None = None,
    formats: str = "assertion",
) -> CompatReport:
    """Compare two JSON Schemas (dicts or booleans) under a Confluent mode and a policy.

    ```python
    report = check_compatibility(old, new, mode="FULL", policy="LENIENT")
    report.compatible      # True, False, or None when undecided
    report.findings[0].rule_id, report.findings[0].pointer, report.findings[0].message
    ```

    BACKWARD asks whether a reader on NEW reads everything written with OLD; FORWARD the
    reverse; FULL both. STRICT is pure set inclusion; LENIENT treats the writer's objects
    that declare properties as closed (eventkit producers never emit undeclared fields).
    `formats="annotation"` reads `format` as an annotation (the 2020-12 default): a format
    change is then never breaking; the default "assertion" holds writers to their formats.
    `old_dir`/`new_dir` let relative-file `$ref`s resolve. Raises `CompatibilityError` for
    input the engine cannot judge (not a schema, unknown keyword, remote `$ref`, too deep).
    """
    sides = sides_of(mode)
    policy = _policy(policy)
    if formats != "assertion":
        check_format_mode(formats)
    # positional: a class called with keywords builds a dict of them (once per document)
    old_doc = Doc(old, "old schema", old_dir)
    new_doc = Doc(new, "new schema", new_dir)
    if not sides or (old_dir == new_dir and old == new and _same_json(old_doc, new_doc)):
        return _compatible(mode.upper(), policy)
    return _compare(old_doc, new_doc, sides, mode.upper(), policy, formats)
