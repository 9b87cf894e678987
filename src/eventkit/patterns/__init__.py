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

from eventkit.patterns._compile import CompiledPattern, compile_pattern

__all__ = ["CompiledPattern", "compile_pattern", "matches", "validate_pattern"]


def validate_pattern(pattern: str | dict[str, Any]) -> None:
    """Raise `PatternError` if AWS would reject `pattern` (InvalidEventPatternException).

    `pattern` is the pattern object or its JSON text (as given to PutRule).
    """
    compile_pattern(pattern)


def matches(pattern: str | dict[str, Any] | CompiledPattern, event: str | dict[str, Any]) -> bool:
    """True when `event` (the full EventBridge envelope, dict or JSON text) matches `pattern`.

    Raises:
        PatternError: the pattern is invalid.
    """
    compiled = pattern if isinstance(pattern, CompiledPattern) else compile_pattern(pattern)
    return compiled.matches(event)
