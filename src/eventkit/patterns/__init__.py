"""EventBridge event patterns: validation as AWS does it, and matching as AWS does it.

The conformance corpus (what real AWS answered for pattern/event pairs) is the judge;
see tests/patterns/test_conformance.py.

Example:
    ```python
    from eventkit.patterns import matches, validate_pattern

    pattern = {"source": ["shop.orders"], "detail": {"metadata": {"version": [{"prefix": "1."}]}}}
    validate_pattern(pattern)   # raises eventkit.errors.PatternError if AWS would reject it
    matches(pattern, {"source": "shop.orders", "detail": {"metadata": {"version": "1.2.0"}}})
    ```
"""

from __future__ import annotations

from typing import Any

from eventkit.patterns._compile import (
    DEFAULT_MAX_PATTERN_CHARS,
    MAX_PATTERN_CHARS,
    CompiledPattern,
    compile_pattern,
    pattern_size,
)

__all__ = [
    "DEFAULT_MAX_PATTERN_CHARS",
    "MAX_PATTERN_CHARS",
    "CompiledPattern",
    "compile_pattern",
    "matches",
    "pattern_size",
    "validate_pattern",
]


def validate_pattern(
    pattern: str | dict[str, Any], *, max_chars: int = DEFAULT_MAX_PATTERN_CHARS
) -> None:
    """Raise `PatternError` if AWS would reject `pattern` (InvalidEventPatternException, or
    longer than the "Event pattern size" quota `max_chars`: default 2,048, up to 4,096).

    `pattern` is the pattern object or its JSON text (as given to PutRule); see
    `pattern_size` for how its size is counted.
    """
    compile_pattern(pattern, max_chars=max_chars)


def matches(pattern: str | dict[str, Any] | CompiledPattern, event: str | dict[str, Any]) -> bool:
    """True when `event` (the full EventBridge envelope, dict or JSON text) matches `pattern`.

    Raises:
        PatternError: the pattern is invalid.
    """
    if isinstance(pattern, CompiledPattern):
        return pattern.matches(event)
    # Matching is not creating a rule: any size the API takes, whatever the account's quota.
    return compile_pattern(pattern, max_chars=MAX_PATTERN_CHARS).matches(event)
