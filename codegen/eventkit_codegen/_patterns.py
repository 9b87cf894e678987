"""The pattern rule of generated models: ECMA-262, and linear in pydantic-core's Rust regex.

A model checks `pattern` with pydantic-core's regex engine, which runs in linear time; a pattern
it cannot take (look-around, back-references) would fall back to Python's `re`, with no time
bound, so one hostile value could stall a consumer. The check imports `eventkit.schema_regex`
and pydantic-core (~22 ms): the generator's child (`_child`) has pydantic-core already, so it
checks the patterns of the units it generates, and this process loads neither unless the child
reports a problem or there is no child (`_prepare.check_patterns` then names the schema).
"""

from __future__ import annotations

from collections.abc import Iterable

from eventkit.errors import RegexSyntaxError

__all__ = ["pattern_problem", "patterns_hold"]


def pattern_problem(pattern: str) -> str | None:
    """Why `pattern` cannot be in a generated model, or None if it can."""
    from eventkit import schema_regex  # only for the units about to be generated

    try:
        schema_regex.compile(pattern)
    except RegexSyntaxError as exc:
        return f"pattern {pattern!r} is not a valid regular expression: {exc.message}"
    if not schema_regex.runtime_linear(pattern):
        return (
            f"pattern {pattern!r} uses look-around or back-references, which the "
            "generated model could only check with Python's re: no time bound, so one "
            "hostile value could stall a consumer (rewrite it without them)"
        )
    return None


def patterns_hold(patterns: Iterable[str]) -> bool:
    """Whether every pattern can be in a generated model."""
    return all(pattern_problem(pattern) is None for pattern in patterns)
