"""Decoding JSON text that arrives from outside (an SQS body, a `detail` sent as a string).

`json.loads` alone fails in ways a consumer must not pass on as a crash: nesting deeper than
the interpreter's recursion budget raises `RecursionError` (not a `ValueError`), invalid
UTF-8 and overlong integers raise `ValueError`s that say "not JSON" when the text is JSON.
`read_json` turns every failure into one `JsonTextError` with a stable `reason`.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Mapping
from itertools import accumulate
from typing import Any

__all__ = ["MAX_NESTING_DEPTH", "JsonTextError", "json_kind", "nesting_depth", "read_json"]

MAX_NESTING_DEPTH = 200
"""Arrays and objects nested this deep (the outermost counts as 1) are always read.

CPython's parser takes about 1,000 levels less the stack in use (its recursion limit), so
text within this bound is read on any interpreter and from any reasonable stack. Deeper text
is read as far as the parser goes and refused beyond (`JsonTextError`, reason "too-deep"):
not measured up front, because counting brackets would cost every message a few percent.
"""

_STRINGS = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)  # unrolled: linear time
_NOT_BRACKETS = re.compile(r"[^\[\]{}]+")
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


class JsonTextError(ValueError):
    """JSON text that cannot be read.

    Attributes:
        reason: ``"not-utf8"``, ``"not-json"``, ``"too-deep"`` or ``"number-too-long"``.
        problem: what is wrong, as a phrase to follow the name of the text ("is not JSON: ...").
    """

    def __init__(self, reason: str, problem: str) -> None:
        super().__init__(problem)
        self.reason = reason
        self.problem = problem


def nesting_depth(text: str) -> int:
    """How deep arrays and objects nest in JSON `text` (brackets inside strings ignored)."""
    brackets = _NOT_BRACKETS.sub("", _STRINGS.sub("", text))
    return max(accumulate(map(_STEP.__getitem__, brackets)), default=0)


def read_json(text: str | bytes) -> Any:
    """Decode `text` (UTF-8 if bytes) as JSON.

    Raises:
        JsonTextError: not UTF-8 (bytes, or a str holding lone surrogates, as text decoded
            with ``surrogateescape`` does), not JSON, nested too deep, or an integer with
            more digits than Python converts (`sys.get_int_max_str_digits()`).
    """
    if isinstance(text, bytes):
        try:
            # Strict: json.loads would let UTF-8-encoded surrogates through ("surrogatepass").
            text = text.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise JsonTextError(
                "not-utf8", f"is not valid UTF-8 (byte {exc.start}: {exc.reason})"
            ) from None
    elif not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise JsonTextError(
                "not-utf8",
                f"is not valid Unicode: a lone surrogate at character {exc.start} "
                "(text decoded from invalid UTF-8?)",
            ) from None
    try:
        return json.loads(text)
    except RecursionError:
        depth = nesting_depth(text)  # only now: measuring costs a pass over the text
        raise JsonTextError(
            "too-deep",
            f"nests arrays/objects {depth} levels deep, more than the JSON parser takes here "
            f"(at least {MAX_NESTING_DEPTH} are always accepted)",
        ) from None
    except json.JSONDecodeError as exc:
        raise JsonTextError("not-json", f"is not JSON ({exc})") from None
    except ValueError:  # the only other ValueError of json.loads: int(text) over the digit limit
        raise JsonTextError(
            "number-too-long",
            f"has an integer of more than {sys.get_int_max_str_digits()} digits, "
            "which Python refuses to convert",
        ) from None


def json_kind(value: Any) -> str:
    """What a parsed JSON value is, in JSON's words, for a message: "null", "a boolean",
    "a number", "a string", "an array", "an object"; "bytes (undecoded JSON text?)" and
    "a Python <type> (not a JSON value)" for what no JSON parser returns."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list | tuple):
        return "an array"
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, bytes | bytearray | memoryview):
        return "bytes (undecoded JSON text?)"
    return f"a Python {type(value).__name__} (not a JSON value)"
