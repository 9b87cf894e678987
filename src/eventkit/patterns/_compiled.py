"""A compiled pattern and the matching of events against it.

A pattern compiles (`_compile`) into alternatives (one per combination of `$or` branches);
each alternative is a list of fields (the dot-joined path of a leaf and the matchers any of
which must hold). Matching flattens only the parts of the event the pattern names; values
found inside arrays of objects must come from the same array element (AWS's array
consistency), so the matcher backtracks over the candidate leaves.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from eventkit.patterns._matchers import Matcher

__all__ = ["CompiledPattern", "PatternField"]

Trail = tuple[tuple[int, int], ...]  # (array id, element index) for each array crossed


@dataclass(frozen=True, slots=True)
class PatternField:
    """One leaf the pattern names: its path and the matchers any of which must hold."""

    path: str
    matchers: tuple[Matcher, ...]
    absent_ok: bool  # an `{"exists": false}` is among the alternatives


class CompiledPattern:
    """A validated pattern, ready to match many events."""

    __slots__ = ("_alternatives", "_prefixes", "source")

    def __init__(
        self, source: dict[str, Any], alternatives: list[tuple[PatternField, ...]]
    ) -> None:
        self.source = source
        self._alternatives = alternatives
        prefixes: set[str] = set()
        for fields in alternatives:
            for f in fields:
                parts = f.path.split(".")
                prefixes.update(".".join(parts[: i + 1]) for i in range(len(parts)))
        self._prefixes = frozenset(prefixes)

    def __repr__(self) -> str:
        return f"CompiledPattern({json.dumps(self.source)})"

    def matches(self, event: str | Mapping[str, Any]) -> bool:
        """True when `event` (dict or JSON text of a JSON object) matches."""
        if isinstance(event, str | bytes):
            try:
                event = json.loads(event)
            except ValueError:
                return False
        if not isinstance(event, Mapping):
            return False
        leaves: dict[str, list[tuple[Any, Trail]]] = {}
        self._flatten(event, "", (), leaves, [0])
        return any(_match_fields(fields, leaves) for fields in self._alternatives)

    def _flatten(
        self,
        node: Any,
        path: str,
        trail: Trail,
        out: dict[str, list[tuple[Any, Trail]]],
        counter: list[int],
    ) -> None:
        if isinstance(node, Mapping):
            for key, value in node.items():
                child = f"{path}.{key}" if path else str(key)
                if child in self._prefixes:
                    self._flatten(value, child, trail, out, counter)
        elif isinstance(node, list):
            counter[0] += 1
            array_id = counter[0]
            for index, item in enumerate(node):
                self._flatten(item, path, (*trail, (array_id, index)), out, counter)
        else:
            out.setdefault(path, []).append((node, trail))


def _consistent(a: Trail, b: Trail) -> bool:
    if not a or not b:
        return True
    chosen = dict(a)
    return all(chosen.get(array_id, index) == index for array_id, index in b)


def _match_fields(
    fields: tuple[PatternField, ...], leaves: dict[str, list[tuple[Any, Trail]]]
) -> bool:
    candidates: list[list[Trail]] = []
    for f in fields:
        found = leaves.get(f.path)
        if not found:
            if not f.absent_ok:
                return False
            continue
        trails = [trail for value, trail in found if any(m.test(value) for m in f.matchers)]
        if not trails:
            return False
        if any(not t for t in trails):
            continue  # a match outside any array constrains nothing
        candidates.append(trails)
    return _assign(candidates, 0, ())


def _assign(candidates: list[list[Trail]], i: int, chosen: Trail) -> bool:
    if i == len(candidates):
        return True
    for trail in candidates[i]:
        if _consistent(chosen, trail):
            merged = tuple(dict((*chosen, *trail)).items())
            if _assign(candidates, i + 1, merged):
                return True
    return False
