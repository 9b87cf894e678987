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

__all__ = ["model_pattern", "pattern_problem", "patterns_hold"]


def pattern_problem(pattern: str) -> str | None:
    """Why `pattern` cannot be in a generated model, or None if it can."""
    from eventkit import schema_regex  # only for the units about to be generated

    try:
        schema_regex.compile(pattern)
    except RegexSyntaxError as exc:
        return f"pattern {pattern!r} is not a valid regular expression: {exc.message}"
    if not schema_regex.runtime_linear(model_pattern(pattern)):
        return (
            f"pattern {pattern!r} uses look-around or back-references, which the "
            "generated model could only check with Python's re: no time bound, so one "
            "hostile value could stall a consumer (rewrite it without them)"
        )
    return None


def patterns_hold(patterns: Iterable[str]) -> bool:
    """Whether every pattern can be in a generated model."""
    return all(pattern_problem(pattern) is None for pattern in patterns)


# Escapes that mean the same to ECMA-262 and Rust's regex: the control characters. Every other
# escape with a letter or digit differs (`\d`, `\w`, `\s`, `\b` and their negations are
# ASCII, or another set, in ECMA-262 and Unicode in Rust) or is no Rust syntax (`\cX`, `\0`).
_SAME_ESCAPES = frozenset("nrtfv")


def model_pattern(pattern: str) -> str:
    """`pattern` (ECMA-262, as the schema writes it) as the generated model's `Field(pattern=)`,
    which pydantic-core runs with Rust's regex crate: unchanged where the two read it alike,
    else translated into Rust syntax with its ECMA-262 meaning (`^\\d+$` -> `^[0-9]+\\z`): Rust
    reads `\\d` and `\\w` as Unicode classes and `.` as anything but `\\n`, so the model took
    `"١٢"` for `^\\d+$` and `"a\\rb"` for `^a.b$`, which the schema refuses. A pattern that is
    not valid ECMA-262 is returned as it is (`pattern_problem` names it)."""
    if not _reads_differently(pattern):
        return pattern
    from eventkit import schema_regex
    from eventkit.errors import RegexSyntaxError

    try:
        return schema_regex.rust_syntax(pattern)
    except RegexSyntaxError:
        return pattern


def _reads_differently(pattern: str) -> bool:
    """Whether `pattern` may mean something else to Rust's regex than to ECMA-262: an escape
    with a letter or digit other than `_SAME_ESCAPES`, a `.` outside a class, an empty class
    (`[]`, `[^]`)."""
    index, in_class, end = 0, False, len(pattern)
    while index < end:
        char = pattern[index]
        if char == "\\":
            escaped = pattern[index + 1 : index + 2]
            if escaped.isalnum() and escaped not in _SAME_ESCAPES:
                return True
            index += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            if pattern.startswith(("[]", "[^]"), index):
                return True
            in_class = True
            if pattern.startswith("[^", index):
                index += 1
        elif char == ".":
            return True
        index += 1
    return False
