"""Best-effort line numbers for keys of a TOML file (tomllib keeps none).

A light scan of the text, not a second parser: it follows `[table]` / `[[array]]` headers and
`key = ...` lines (bare, quoted and dotted keys) and skips multi-line strings. Inline tables
and arrays are not entered: a key inside one gets the line of the key that holds it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = ["TomlLines"]

_KEY = r"""(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*')"""
_DOTTED = rf"{_KEY}(?:\s*\.\s*{_KEY})*"
_HEADER = re.compile(rf"\s*(\[\[?)\s*({_DOTTED})\s*\]\]?")
_ASSIGN = re.compile(rf"\s*({_DOTTED})\s*=")
_PART = re.compile(_KEY)
_MULTILINE = ('"""', "'''")

Path = tuple[str | int, ...]


def _parts(dotted: str) -> tuple[str, ...]:
    return tuple(p[1:-1] if p[0] in "\"'" else p for p in _PART.findall(dotted))


class TomlLines:
    """Where each table header and key of one TOML text is, by key path.

    A path is the parsed document's keys, with an entry's index for arrays of tables:
    ``("check", "suppressions", 0, "rule")``.
    """

    def __init__(self, text: str) -> None:
        self._lines: dict[Path, int] = {}
        table: Path = ()
        counts: dict[Path, int] = {}
        in_string: str | None = None
        for number, line in enumerate(text.splitlines(), start=1):
            if in_string is not None:
                if line.count(in_string) % 2 == 1:
                    in_string = None
                continue
            header = _HEADER.match(line)
            if header is not None:
                table = self._header(header[1], _parts(header[2]), counts, number)
                continue
            assign = _ASSIGN.match(line)
            if assign is None:
                continue
            key = table + _parts(assign[1])
            for end in range(len(table) + 1, len(key) + 1):
                self._lines.setdefault(key[:end], number)
            rest = line[assign.end() :]
            in_string = next((q for q in _MULTILINE if rest.count(q) % 2 == 1), None)

    def _header(
        self, bracket: str, parts: tuple[str, ...], counts: dict[Path, int], number: int
    ) -> Path:
        # A header names its table by the keys written; earlier arrays of tables along the way
        # resolve to their latest entry, as TOML does.
        path: Path = ()
        for part in parts[:-1]:
            path += (part,)
            if path in counts:
                path += (counts[path] - 1,)
        path += parts[-1:]
        if bracket == "[[":
            counts[path] = counts.get(path, 0) + 1
            self._lines.setdefault(path, number)
            path += (counts[path] - 1,)
        self._lines.setdefault(path, number)
        return path

    def line_of(self, path: Sequence[str | int]) -> int | None:
        """The line of `path`, else of the nearest enclosing key or table that has one."""
        key = tuple(path)
        while key:
            if key in self._lines:
                return self._lines[key]
            key = key[:-1]
        return None
