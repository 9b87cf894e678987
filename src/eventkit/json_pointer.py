"""JSON pointers (RFC 6901): build, split, resolve, and find the line each one starts on.

Pure standard library, shared by the registry loader, lint, compat, the CLI and codegen.
"""

from __future__ import annotations

import json
import re

TYPE_CHECKING = False  # not `typing.TYPE_CHECKING`: no `typing` at run time (a cold import)
if TYPE_CHECKING:
    from typing import Any

__all__ = [
    "duplicate_keys",
    "escape_token",
    "join_pointer",
    "normalise_pointer",
    "pointer_lines",
    "resolve_pointer",
    "split_pointer",
]


def escape_token(token: str | int) -> str:
    """Escape one reference token for a JSON pointer (RFC 6901)."""
    return str(token).replace("~", "~0").replace("/", "~1")


def join_pointer(pointer: str, *tokens: str | int) -> str:
    """`pointer` extended by `tokens` (escaped)."""
    # A loop with `escape_token` written out, not a generator calling it: the compat engine
    # joins a few pointers per finding, and the generator and the calls were most of a join.
    # Text with nothing to escape is its own escape (what `replace` returns for a str).
    suffix = ""
    for token in tokens:
        text = str(token)
        if text.__class__ is not str or "~" in text or "/" in text:
            text = text.replace("~", "~0").replace("/", "~1")
        suffix += "/" + text
    return pointer + suffix


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
        # on first use: urllib.parse (and the ipaddress it imports) is ~2 ms of a cold import
        from urllib.parse import unquote

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


# compiled by `re` on first use (and cached there): not a cost of importing the engine
_TOKEN = r'"(?:[^"\\]|\\.)*"|[{}\[\],:]|[^\s{}\[\],:"]+'


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
    for match in re.finditer(_TOKEN, text):
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
