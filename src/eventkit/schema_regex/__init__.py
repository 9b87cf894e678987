"""Regular expressions from schemas (`pattern`, `patternProperties`), evaluated in bounded time.

Every tool that runs a schema's pattern (lint's example validation, the compatibility
engine, codegen's checks) goes through here, so they all read patterns the same way:
as ECMA-262 (the JSON Schema dialect; see "Regular expressions" in docs/registry.md).

Two engines (docs/decisions/0014-bounded-regular-expressions.md):

- RE2 (`google-re2`), linear in the input: every pattern it can express runs there, so a
  pattern such as `^(a+)+$` gets its true answer in microseconds on any input.
- The `regex` module, a backtracking engine with a `timeout`, for what RE2 cannot express
  (look-around, back-references, more than 1000 repetitions). A search that runs out of
  time raises `RegexTimeoutError`; the pattern is then remembered as too slow and later
  searches raise at once, so many inputs cost one time-out, not one each.

Example:
    ```python
    from eventkit import schema_regex

    assert schema_regex.search("^ord_[0-9A-Za-z]{12}$", "ord_0123456789ab")
    assert not schema_regex.search(r"^\\d$", "\\u0663")  # ECMA-262: \\d is ASCII only
    assert schema_regex.compile("^(a+)+$").linear
    ```
"""

from __future__ import annotations

from functools import lru_cache

from eventkit.error_base import RegexSyntaxError, RegexTimeoutError
from eventkit.schema_regex._ecma import MAX_CODE_POINT, PYTHON, RE2, RUST, translate
from eventkit.schema_regex._ecma import complement as complement_ranges

TYPE_CHECKING = False  # not `typing.TYPE_CHECKING`: no `typing` at run time (a cold import)
if TYPE_CHECKING:
    from typing import Any

    import regex

__all__ = [
    "MAX_CODE_POINT",
    "TIMEOUT",
    "SchemaRegex",
    "compile",
    "complement_ranges",
    "python_syntax",
    "runtime_linear",
    "rust_syntax",
    "search",
]

# Seconds one backtracking search may take. RE2 needs none: it is linear in the input.
TIMEOUT = 0.1


# google-re2 is imported by the first pattern compiled, not by this module: importing the
# compatibility engine (a cold `check_compatibility` process) loads it only for a schema with
# a pattern (compat.cold_pass_vs_jsoncompat).
@lru_cache(maxsize=1)
def _re2() -> tuple[Any, Any]:
    """The `re2` module and the options every pattern is compiled with."""
    import re2  # type: ignore[import-untyped]

    options = re2.Options()
    options.log_errors = False  # a pattern RE2 cannot express goes to `regex`, quietly
    options.never_capture = True  # only "does it match" is asked
    return re2, options


class SchemaRegex:
    """One compiled schema pattern.

    Attributes:
        pattern: the pattern as the schema writes it (ECMA-262).
        linear: True when it runs in the linear-time engine (no time-out possible).
    """

    __slots__ = ("_linear", "_slow", "_timeout", "linear", "pattern")

    def __init__(self, pattern: str, timeout: float = TIMEOUT) -> None:
        self.pattern = pattern
        self._timeout = timeout
        self._slow = False
        self._linear = _re2_program(pattern)
        self.linear = self._linear is not None
        if not self.linear:
            _regex_program(pattern)  # raise RegexSyntaxError now, not on first search

    def search(self, text: str) -> bool:
        """True when the pattern matches somewhere in `text` (JSON Schema's `pattern`).

        Raises `RegexTimeoutError` when a backtracking search runs out of time.
        """
        if self._linear is not None:
            try:
                return self._linear.search(text) is not None
            except UnicodeEncodeError:
                pass  # a lone surrogate: RE2 reads UTF-8 only; the other engine reads it
        if self._slow:
            raise self._timed_out(earlier=True)
        try:
            return _regex_program(self.pattern).search(text, timeout=self._timeout) is not None
        except TimeoutError:
            self._slow = True
            raise self._timed_out(earlier=False) from None

    def _timed_out(self, *, earlier: bool) -> RegexTimeoutError:
        when = "already ran out of time on an earlier input" if earlier else "ran out of time"
        return RegexTimeoutError(
            f"pattern {self.pattern!r} {when} ({self._timeout:g} s per input): it backtracks "
            "exponentially",
            pattern=self.pattern,
            seconds=self._timeout,
            hint="simplify it: avoid nested quantifiers such as (a+)+ and alternatives that "
            "overlap; without look-around and back-references it runs in linear time",
        )


# What ECMA-262 reads as itself in a pattern outside a class (`translate` passes the rest
# through, or escapes it, as a literal).
_SPECIAL = frozenset("\\[].$(){}^|*+?")


class _Literal:
    """RE2's answers for a pattern of plain ASCII characters, with at most a `^` before and a
    `$` after them (`uuid`, `^I_`, `^ord_$`): a substring, prefix, suffix or equality test.

    RE2 searches UTF-8 (a lone surrogate in the text sends `SchemaRegex.search` to `regex`,
    which answers as this does); the pattern is translated as RE2's is (`^`: the start of the
    input, `$`: `\\z`, the very end)."""

    __slots__ = ("end", "start", "text")

    def __init__(self, text: str, start: bool, end: bool) -> None:
        self.text = text
        self.start = start
        self.end = end

    def search(self, text: str) -> bool | None:
        """True where RE2's search finds a match, None where it finds none."""
        literal = self.text
        if self.start:
            found = text == literal if self.end else text.startswith(literal)
        else:
            found = text.endswith(literal) if self.end else literal in text
        return True if found else None


def _literal_program(pattern: str) -> _Literal | None:
    """A `_Literal` for a pattern of plain characters, else None."""
    start, end = pattern.startswith("^"), pattern.endswith("$")
    body = pattern[start : len(pattern) - end]
    if not body.isascii() or not _SPECIAL.isdisjoint(body):
        return None
    return _Literal(body, start, end)


def _re2_program(pattern: str) -> Any:
    """RE2's program for `pattern`, or None when RE2 cannot express it."""
    # fast path: +10% on bench/compat.py figure compat.cold_pass_vs_jsoncompat (measured 2026-12-07)
    # A pattern of plain characters (the corpus's four) needs no `import re2`, ~2.5 ms.
    literal = _literal_program(pattern)
    if literal is not None:
        return literal
    re2, options = _re2()
    try:
        return re2.compile(translate(pattern, RE2), options)
    except (re2.error, UnicodeEncodeError):
        return None


@lru_cache(maxsize=1024)
def _regex_program(pattern: str) -> regex.Pattern[str]:
    # imported here: only a pattern RE2 cannot express needs it (most registries have none)
    import regex

    try:
        # ASCII: `\b` as ECMA-262 has it
        return regex.compile(translate(pattern, PYTHON), regex.V0 | regex.ASCII)
    except (regex.error, RecursionError, OverflowError) as error:
        raise RegexSyntaxError(
            f"pattern {pattern!r} is not a regular expression eventkit can read: {error}",
            pattern=pattern,
            hint="write the pattern in ECMA-262 syntax (see 'Regular expressions' in "
            "docs/registry.md)",
        ) from None


@lru_cache(maxsize=4096)
def compile(pattern: str) -> SchemaRegex:
    """The compiled `pattern` (cached). Raises `RegexSyntaxError` if it is not ECMA-262."""
    return SchemaRegex(pattern)


def search(pattern: str, text: str) -> bool:
    """True when `pattern` matches somewhere in `text`, as JSON Schema's `pattern` asks.

    Raises `RegexSyntaxError` (not ECMA-262) or `RegexTimeoutError` (no answer in time).
    """
    return compile(pattern).search(text)


def python_syntax(pattern: str) -> str:
    """`pattern` rewritten in Python `re` syntax with its ECMA-262 meaning (for tools that
    parse patterns, e.g. to build sample strings). Raises `RegexSyntaxError`."""
    return translate(pattern, PYTHON)


def rust_syntax(pattern: str) -> str:
    """`pattern` rewritten in the syntax of Rust's `regex` crate (pydantic-core's engine, which
    checks a generated model's `Field(pattern=...)`) with its ECMA-262 meaning. Raises
    `RegexSyntaxError`."""
    return translate(pattern, RUST)


@lru_cache(maxsize=1024)
def runtime_linear(pattern: str) -> bool:
    """True when a generated model checks `pattern` in linear time.

    pydantic-core checks `Field(pattern=...)` with Rust's linear-time `regex` crate; a
    pattern that crate cannot compile (look-around, back-references) makes the generator
    switch the model to `regex_engine="python-re"`, which has no time bound.
    """
    from pydantic_core import SchemaError, SchemaValidator, core_schema

    try:
        SchemaValidator(core_schema.str_schema(pattern=pattern, regex_engine="rust-regex"))
    except SchemaError:
        return False
    return True
