"""Strict JSON parsing (with the line or pointer of what is refused) and the canonical digest.

JSON pointers and their line numbers live in `eventkit.json_pointer`.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from eventkit.json_pointer import join_pointer, pointer_lines

__all__ = [
    "JsonSyntaxError",
    "canonical_digest",
    "escape_surrogates",
    "parse_json",
]


class JsonSyntaxError(ValueError):
    """The text is not (strict) JSON. `line`/`column` are 1-based when known.

    `pointer` is set when the syntax is fine but a value cannot be carried (NaN, a number
    beyond float range or the interpreter's digit limit, a lone surrogate).
    """

    def __init__(
        self,
        message: str,
        line: int | None = None,
        column: int | None = None,
        pointer: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column
        self.pointer = pointer


class _Unfit:
    """Stands in for a value JSON cannot carry until `parse_json` finds its pointer."""

    __slots__ = ("why",)

    def __init__(self, why: str) -> None:
        self.why = why


def _short(literal: str) -> str:
    return literal if len(literal) <= 24 else f"{literal[:12]}...({len(literal)} characters)"


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")  # cheap pre-check on the raw text
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def escape_surrogates(text: str) -> str:
    """`text` with each lone surrogate written as ``\\uXXXX`` (printable, encodable)."""
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


class _Refused(Exception):
    """A value `parse_json` refuses was met: the text is parsed again to say which."""


def _refuse_constant(name: str) -> Any:
    raise _Refused


def _finite(literal: str) -> float:
    value = float(literal)
    if math.isinf(value):
        raise _Refused
    return value


# One decoder for every text: `json.loads` builds one per call when given hooks (~1.3 µs),
# and integers are converted in C, not by a Python hook (an integer over the digit limit
# raises ValueError). Floats and NaN/Infinity, rare in a schema, still go through a hook.
_DECODER = json.JSONDecoder(parse_constant=_refuse_constant, parse_float=_finite)


def parse_json(text: str) -> Any:
    """Parse strict JSON; raises `JsonSyntaxError` with line and column, or line and pointer.

    Refused beyond the grammar, because they cannot be written back as JSON or hashed: NaN,
    Infinity, numbers that overflow a float, integers over the interpreter's digit limit
    and strings or keys holding a lone surrogate (``"\\ud800"``). A repeated key keeps its
    last value, as in every JSON parser; `duplicate_keys` finds them.
    """
    try:
        value = _DECODER.decode(text)
    except (ValueError, RecursionError, _Refused):
        # Not plain JSON, or a value refused: parsed again, recording every refused value,
        # to report what `json.loads` reports (a BOM too) or the first refused value.
        return _parse_refusing(text)
    # A backslash first (one memchr): most files hold no escape, and the regex reads every char.
    if "\\" in text and _SURROGATE_ESCAPE.search(text):
        _raise_first_unfit(text, value)
    return value


def _parse_refusing(text: str) -> Any:
    """`parse_json` with each refused value recorded where it is, in place of the value."""
    unfit: list[_Unfit] = []

    def refuse(why: str) -> _Unfit:
        unfit.append(_Unfit(why))
        return unfit[-1]

    def constant(name: str) -> Any:
        return refuse(f"{name} is not valid JSON (JSON has no NaN or Infinity)")

    def number(literal: str) -> Any:
        value = float(literal)
        if math.isinf(value):
            return refuse(f"number {_short(literal)} is out of range (it would become infinity)")
        return value

    def integer(literal: str) -> Any:
        try:
            return int(literal)
        except ValueError:  # over sys.get_int_max_str_digits()
            return refuse(f"integer {_short(literal)} has too many digits for Python to read")

    try:
        value = json.loads(text, parse_constant=constant, parse_float=number, parse_int=integer)
    except json.JSONDecodeError as error:
        raise JsonSyntaxError(error.msg, error.lineno, error.colno) from None
    except RecursionError:
        raise JsonSyntaxError("nested too deeply to parse") from None
    if unfit or ("\\" in text and _SURROGATE_ESCAPE.search(text)):
        _raise_first_unfit(text, value)
    return value


def _raise_first_unfit(text: str, value: Any) -> None:
    """Raise `JsonSyntaxError` for the first refused value of `value` (parsed from `text`),
    if any."""
    found = _first_unfit(value)
    if found is not None:
        pointer, why = found
        line = pointer_lines(text).get(pointer)
        raise JsonSyntaxError(why, line, None, escape_surrogates(pointer))


def _first_unfit(document: Any) -> tuple[str, str] | None:
    """``(pointer, why)`` of the first value `parse_json` refuses, in document order."""
    todo: list[tuple[str, Any]] = [("", document)]
    while todo:
        pointer, node = todo.pop()
        if isinstance(node, _Unfit):
            return pointer, node.why
        if isinstance(node, str) and _SURROGATE.search(node):
            return pointer, "string holds a lone surrogate (not encodable as UTF-8)"
        if isinstance(node, dict):
            items = list(node.items())
            for key, _ in items:
                if _SURROGATE.search(key):
                    return join_pointer(pointer, key), "key holds a lone surrogate"
            todo += [(join_pointer(pointer, k), v) for k, v in reversed(items)]
        elif isinstance(node, list):
            todo += [(join_pointer(pointer, i), v) for i, v in reversed(list(enumerate(node)))]
    return None


def canonical_digest(value: Any) -> str:
    """``"sha256:<hex>"`` of the canonical JSON of `value` (sorted keys, compact, UTF-8)."""
    import hashlib  # here: OpenSSL's load is a cost `check` and `lint` need not pay

    text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()
