"""The compatibility vocabulary of eventkit.toml, `eventkit check` and `check_compatibility`.

Each set of values is defined here once. They are `StrEnum`s, so a member is the string
itself: TOML and CLI values, comparisons with plain strings and JSON output are unchanged.
`eventkit.registry` re-exports them; they live outside it so that `import eventkit.compat`
needs neither that package nor its lazy-name table (bench/compat.py, cold pass).
"""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "COMPATIBILITY_MODES",
    "FORMAT_MODES",
    "POLICIES",
    "CompatibilityMode",
    "FormatMode",
    "Policy",
]


class CompatibilityMode(StrEnum):
    """Which readers a change must keep working (Confluent's seven modes)."""

    NONE = "NONE"
    BACKWARD = "BACKWARD"
    BACKWARD_TRANSITIVE = "BACKWARD_TRANSITIVE"
    FORWARD = "FORWARD"
    FORWARD_TRANSITIVE = "FORWARD_TRANSITIVE"
    FULL = "FULL"
    FULL_TRANSITIVE = "FULL_TRANSITIVE"


class Policy(StrEnum):
    """LENIENT: writers are closed (eventkit producers); STRICT: pure set inclusion."""

    LENIENT = "LENIENT"
    STRICT = "STRICT"


class FormatMode(StrEnum):
    """What `format` means to `eventkit check`: a constraint (default) or an annotation."""

    ASSERTION = "assertion"
    ANNOTATION = "annotation"


# The values in documentation order, for `choices` and `in` checks.
COMPATIBILITY_MODES: tuple[CompatibilityMode, ...] = tuple(CompatibilityMode)
POLICIES: tuple[Policy, ...] = tuple(Policy)
FORMAT_MODES: tuple[FormatMode, ...] = tuple(FormatMode)
