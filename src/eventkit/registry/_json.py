"""JSON helpers: strict parsing, the canonical digest, JSON pointers and their line numbers."""

from __future__ import annotations

import gc
import hashlib
import json
import math
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import unquote

__all__ = [
    "JsonSyntaxError",
    "canonical_digest",
    "duplicate_keys",
    "escape_surrogates",
    "escape_token",
    "gc_paused",
    "join_pointer",
    "normalise_pointer",
    "parse_json",
    "pointer_lines",
    "resolve_pointer",
    "split_pointer",
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


def parse_json(text: str) -> Any:
    """Parse strict JSON; raises `JsonSyntaxError` with line and column, or line and pointer.

    Refused beyond the grammar, because they cannot be written back as JSON or hashed: NaN,
    Infinity, numbers that overflow a float, integers over the interpreter's digit limit
    and strings or keys holding a lone surrogate (``"\\ud800"``). A repeated key keeps its
    last value, as in every JSON parser; `duplicate_keys` finds them.
    """
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
    if unfit or _SURROGATE_ESCAPE.search(text):
        found = _first_unfit(value)
        if found is not None:
            pointer, why = found
            line = pointer_lines(text).get(pointer)
            raise JsonSyntaxError(why, line, None, escape_surrogates(pointer))
    return value


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
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def escape_token(token: str | int) -> str:
    """Escape one reference token for a JSON pointer (RFC 6901)."""
    return str(token).replace("~", "~0").replace("/", "~1")


def join_pointer(pointer: str, *tokens: str | int) -> str:
    """`pointer` extended by `tokens` (escaped)."""
    return pointer + "".join("/" + escape_token(t) for t in tokens)


def split_pointer(pointer: str) -> list[str]:
    """The unescaped reference tokens of a JSON pointer ("" is the whole document)."""
    if pointer == "":
        return []
    if not pointer.startswith("/"):
        raise ValueError(f"{pointer!r} is not a JSON pointer (it must start with '/')")
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer[1:].split("/")]


def normalise_pointer(pointer: str) -> str:
    """Accept ``"/a/b"``, ``"#/a/b"`` (URI fragment, percent-encoded) or ``""``/``"#"``."""
    if pointer.startswith("#"):
        return unquote(pointer[1:])
    return pointer


_MISSING = object()


def resolve_pointer(document: Any, pointer: str) -> Any:
    """The value at `pointer` in `document`; raises `LookupError` naming the missing token."""
    node = document
    for token in split_pointer(pointer):
        if isinstance(node, dict):
            node = node.get(token, _MISSING)
        elif isinstance(node, list) and re.fullmatch(r"0|[1-9][0-9]*", token):
            index = int(token)
            node = node[index] if index < len(node) else _MISSING
        else:
            node = _MISSING
        if node is _MISSING:
            raise LookupError(token)
    return node


_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\],:]|[^\s{}\[\],:"]+')


class _Frame:
    __slots__ = ("expect_key", "index", "is_object", "key", "key_line", "keys", "pointer")

    def __init__(self, pointer: str, is_object: bool) -> None:
        self.pointer = pointer
        self.is_object = is_object
        self.expect_key = is_object
        self.index = 0
        self.key = ""
        self.key_line = 0
        self.keys: set[str] = set()


def _scan(text: str, lines: dict[str, int], duplicates: list[tuple[str, int]]) -> None:
    """Walk the tokens of (valid) JSON `text`, recording where every value starts."""
    stack: list[_Frame] = []
    line, last = 1, 0
    for match in _TOKEN.finditer(text):
        start = match.start()
        line += text.count("\n", last, start)
        last = start
        token = match.group()
        top = stack[-1] if stack else None
        if top is not None and top.is_object and top.expect_key and token[0] == '"':
            top.key, top.key_line = json.loads(token), line
            if top.key in top.keys:
                duplicates.append((join_pointer(top.pointer, top.key), line))
            top.keys.add(top.key)
            continue
        if token == ":" and top is not None:
            top.expect_key = False
            continue
        if token == "," and top is not None:
            top.index += 1
            top.expect_key = top.is_object
            continue
        if token in "}]":
            stack.pop()
            continue
        if top is None:
            pointer, at = "", line
        elif top.is_object:
            pointer, at = join_pointer(top.pointer, top.key), top.key_line
        else:
            pointer, at = join_pointer(top.pointer, top.index), line
        lines.setdefault(pointer, at)
        if token in "{[":
            stack.append(_Frame(pointer, token == "{"))


def pointer_lines(text: str) -> dict[str, int]:
    """Map every JSON pointer of (valid) JSON `text` to the 1-based line where it starts.

    An object member maps to the line of its key. With duplicate keys the first one wins.
    """
    lines: dict[str, int] = {}
    _scan(text, lines, [])
    return lines


def duplicate_keys(text: str) -> list[tuple[str, int]]:
    """``(pointer, line)`` of every repeated object key in (valid) JSON `text`."""
    duplicates: list[tuple[str, int]] = []
    _scan(text, {}, duplicates)
    return duplicates


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a registry is built or checked.

    Parsing keeps every file's JSON alive, so each collection would re-scan the growing heap
    (a third of a large lint run); the objects made here are acyclic trees, freed by
    reference counting. The collector's previous state is restored, whatever happens.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
