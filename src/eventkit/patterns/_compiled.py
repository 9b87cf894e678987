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
_Link = tuple["_Link", int, int] | None  # a trail while walking: (outer, array id, index)
# Values (and array positions of values) under the named fields beyond what any event holds
# (PutEvents takes 1 MB, nested 1,000 levels): a Python structure that is no event, e.g. a
# list containing itself, which would otherwise be walked forever.
_MAX_NODES = 2_000_000


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
        """True when `event` (dict or JSON text of a JSON object) matches.

        Any depth of nesting is read without recursion: text nested beyond what Python's
        parser takes is not an event (False, like text that is not JSON), and a dict nested
        that deep is walked with a stack of its own, never a RecursionError.
        """
        if isinstance(event, str | bytes):
            try:
                event = json.loads(event)
            except (ValueError, RecursionError):
                return False
        if not isinstance(event, Mapping):
            return False
        leaves: dict[str, list[tuple[Any, Trail]]] = {}
        if not self._flatten(event, leaves):
            return False
        return any(_match_fields(fields, leaves) for fields in self._alternatives)

    def _flatten(self, event: Mapping[str, Any], out: dict[str, list[tuple[Any, Trail]]]) -> bool:
        """The leaves of `event` under the pattern's paths, each with the array elements it
        lies in; False for a structure no event can be (see `_MAX_NODES`).

        An explicit stack, not recursion: nested arrays (`[[[...]]]`) under a named field
        may be as deep as the event is, and a recursive walk crashed past ~1,000 levels.
        The elements crossed are linked, and made a `Trail` only at a leaf."""
        array_ids = 0
        budget = _MAX_NODES
        stack: list[tuple[Any, str, _Link]] = [(event, "", None)]
        while stack:
            budget -= 1
            if budget <= 0:
                return False
            node, path, link = stack.pop()
            if isinstance(node, Mapping):
                for key, value in node.items():
                    child = f"{path}.{key}" if path else str(key)
                    if child in self._prefixes:
                        stack.append((value, child, link))
            elif isinstance(node, list):
                array_ids += 1
                array_id = array_ids
                for index in range(len(node) - 1, -1, -1):  # popped, so read in order
                    stack.append((node[index], path, (link, array_id, index)))
            else:
                trail: list[tuple[int, int]] = []
                while link is not None:
                    link, array_id, index = link
                    trail.append((array_id, index))
                budget -= len(trail)  # the trails held count too: memory, not only time
                if budget <= 0:
                    return False
                out.setdefault(path, []).append((node, tuple(reversed(trail))))
        return True


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
    return _assign(candidates)


def _assign(candidates: list[list[Trail]]) -> bool:
    """Whether one trail per field can be chosen so that fields crossing the same array
    take the same element of it.

    Not plain backtracking in field order, which was exponential: fields in independent
    arrays multiplied each other's choices before a failing field was reached (six fields
    over 30-element arrays, a 240-character pattern, ran for hours). Fields that share no
    array are solved apart; within a group, the field with fewest choices is fixed first
    and the others are narrowed to what agrees with it at once (a field left with nothing
    fails that choice there), then regrouped without the arrays now fixed.
    """
    return all(_solve(group) for group in _groups(candidates))


def _groups(candidates: list[list[Trail]]) -> list[list[list[Trail]]]:
    """The fields split into groups that share no array (union-find over array ids)."""
    parent = list(range(len(candidates)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[int, int] = {}
    for i, trails in enumerate(candidates):
        for trail in trails:
            for array_id, _ in trail:
                j = owner.setdefault(array_id, i)
                parent[root(i)] = root(j)
    groups: dict[int, list[list[Trail]]] = {}
    for i, trails in enumerate(candidates):
        groups.setdefault(root(i), []).append(trails)
    return list(groups.values())


def _solve(group: list[list[Trail]]) -> bool:
    if len(group) == 1:
        return bool(group[0])
    first = min(range(len(group)), key=lambda i: len(group[i]))
    others = group[:first] + group[first + 1 :]
    for trail in group[first]:
        fixed = dict(trail)
        narrowed: list[list[Trail]] = []
        for trails in others:
            kept: list[Trail] = []
            free = False  # a trail with nothing left to agree on: the field is satisfied
            for other in trails:
                if all(fixed.get(array_id, index) == index for array_id, index in other):
                    rest = tuple(p for p in other if p[0] not in fixed)
                    if not rest:
                        free = True
                        break
                    kept.append(rest)
            if free:
                continue
            if not kept:
                break
            narrowed.append(kept)
        else:
            if _assign(narrowed):
                return True
    return False
