"""Arrays in the reader: items and tuples, counts, uniqueItems and contains."""

from __future__ import annotations

import math

from eventkit.compat._check_base import At, CheckBase, unbounded_as_none
from eventkit.compat._doc import SNode, same_meaning, snode
from eventkit.compat._explain import ANY_ITEM, subject
from eventkit.compat._normalize import negate
from eventkit.compat._validate import ALL, evaluated_prefix
from eventkit.compat._values import ARR
from eventkit.compat._view import FALSE, View, finite_values, view_of
from eventkit.compat._witness import MAX_ITEMS, MISSING, Hints, sample

TYPE_CHECKING = False  # not `typing.TYPE_CHECKING`: no `typing` at run time (a cold import)
if TYPE_CHECKING:
    from typing import Any

__all__ = ["ArrayChecks"]


def _least_items(a: View) -> int:
    """The fewest items a writer's array has: its minItems, or what its contains ask for
    (`minContains`, 1 by default: that many items match, so at least that many exist)."""
    least = a.min_items
    for _, need in a.contains:
        least = max(least, need)
    return least


def _unique_cap(a: View) -> float:
    """The most items a writer's `uniqueItems` array can hold when its items after the tuple
    take a few values (`finite_values`): the tuple and each of those values once."""
    if not a.unique:
        return math.inf
    rest = a.item(a.tuple_len())
    if rest is FALSE:
        return a.tuple_len()
    if not rest:
        return math.inf
    values = finite_values(view_of(tuple(rest)))  # type: ignore[arg-type]
    return math.inf if values is None else a.tuple_len() + len(values)


class ArrayChecks(CheckBase):
    """Reader keywords that constrain arrays, checked against the writer's view."""

    def check_array(self, a: View, b: SNode, s: dict[str, Any], at: At) -> bool:
        ok = self._items(a, b, s, at)
        if self._quiet and not ok:
            return False
        if "minItems" in s and _least_items(a) < s["minItems"]:
            ok = (
                self.keyword_changed(
                    "minItems",
                    ("MIN_ITEMS_INCREASED", "MIN_ITEMS_DECREASED"),
                    a,
                    b,
                    at,
                    a.min_items or None,
                    ARR,
                    Hints(sizes=[int(s["minItems"]) - 1]),
                )
                and ok
            )
        if (
            "maxItems" in s
            and a.item(int(s["maxItems"])) is not FALSE
            and _unique_cap(a) > s["maxItems"]
        ):
            ok = (
                self.keyword_changed(
                    "maxItems",
                    ("MAX_ITEMS_DECREASED", "MAX_ITEMS_INCREASED"),
                    a,
                    b,
                    at,
                    unbounded_as_none(a.max_items),
                    ARR,
                    Hints(sizes=[int(s["maxItems"]) + 1]),
                    extra=self._long_arrays(a, int(s["maxItems"]) + 1),
                )
                and ok
            )
        if s.get("uniqueItems") is True and not a.unique and a.item(1) is not FALSE:
            what = self._say(
                f"{subject(at)}: items must now be unique",
                f"{subject(at)}: items no longer need to be unique",
            )
            ok = (
                self.fail(
                    ("UNIQUE_ITEMS_ADDED", "UNIQUE_ITEMS_REMOVED"),
                    a,
                    b,
                    at,
                    what,
                    ARR,
                    Hints(sizes=[2], duplicate=True),
                    b_kw=("uniqueItems",),
                    a_kw=("uniqueItems",),
                )
                and ok
            )
        if "contains" in s:
            ok = self._contains(a, b, s, at) and ok
        return ok

    def _items(self, a: View, b: SNode, s: dict[str, Any], at: At) -> bool:
        """Each writer item position against the reader's tuple prefix and rest."""
        ok = True
        items = s.get("items")
        prefix: list[SNode]
        if isinstance(items, list):
            prefix = b.children("items", len(items))
            rest = b.child("additionalItems") if "additionalItems" in s else None
        else:
            prefix = b.children("prefixItems", len(s.get("prefixItems", [])))
            rest = b.child("items") if "items" in s else None
        if rest is None and "unevaluatedItems" in s:
            # past the items the reader always evaluates (its own prefix, allOf's, $ref's);
            # items that some instances evaluate (contains, anyOf, ...) are left to it: stricter
            evaluated, kind = evaluated_prefix(b)
            if kind != ALL:
                true = snode(b.doc, True, None, b)
                prefix = [*prefix, *[true] * (evaluated - len(prefix))]
                rest = b.child("unevaluatedItems")
        if prefix or rest is not None:
            count = max(len(prefix), a.tuple_len())
            for i in range(count + 1):
                writer = a.item(i)
                if writer is FALSE:
                    break
                reader = prefix[i] if i < len(prefix) else rest
                if reader is None:
                    continue
                if reader.schema is False:
                    what = self._say(
                        f"{subject(at)}: arrays with more than {i} items are no longer accepted",
                        f"{subject(at)}: arrays may now have more than {i} items, which the old schema forbids",
                    )
                    ok = (
                        self.fail(
                            ("TUPLE_NARROWED", "TUPLE_WIDENED"),
                            a,
                            b,
                            at,
                            what,
                            ARR,
                            Hints(sizes=[i + 1]),
                        )
                        and ok
                    )
                    break
                ok = self.incl(writer, reader, (*at, i if i < count else ANY_ITEM), a.ptr) and ok  # type: ignore[arg-type]
                if self._quiet and not ok:
                    return False
        return ok

    def _contains(self, a: View, b: SNode, s: dict[str, Any], at: At) -> bool:
        need = int(s.get("minContains", 1))
        cap = int(s["maxContains"]) if "maxContains" in s else None
        target = b.child("contains")
        ok = True
        if need > 0 and self._fewest(a, target) < need:
            ok = self._contains_fails(a, b, target, at, need - 1, "minContains", need) and ok
        if cap is not None and not (self._quiet and not ok) and self._most(a, target) > cap:
            ok = self._contains_fails(a, b, target, at, cap + 1, "maxContains", cap) and ok
        return ok

    def _fewest(self, a: View, target: SNode) -> int:
        """A lower bound on how many items of every writer array match `target`."""
        best = max(
            (have for node, have in a.contains if self.member_trial(view_of((node,)), target)),
            default=0,
        )
        # positions every array has (minItems, or its own contains) whose item schema lies
        # inside `target`
        tuple_len = a.tuple_len()
        least = _least_items(a)
        prefix = min(least, tuple_len)
        sure = sum(1 for i in range(prefix) if self._item_inside(a, i, target))
        if least > tuple_len and self._item_inside(a, tuple_len, target):
            sure += least - tuple_len
        return max(best, sure)

    def _most(self, a: View, target: SNode) -> float:
        """An upper bound on how many items of a writer array match `target`."""
        limit: float = a.max_items
        for node, cap in a.max_contains:  # everything `target` matches, the writer counts
            if self.member_trial(view_of((target,)), node):
                limit = min(limit, cap)
        # positions whose item schema cannot match `target`
        tuple_len = a.tuple_len()
        rest = a.item(tuple_len)
        if rest is FALSE or self._item_apart(a, tuple_len, target):
            possible = sum(1 for i in range(tuple_len) if not self._item_apart(a, i, target))
            limit = min(limit, possible)
        return limit

    def _item_inside(self, a: View, index: int, target: SNode) -> bool:
        item = a.item(index)
        return item is not FALSE and self.member_trial(view_of(item), target)  # type: ignore[arg-type]

    def _item_apart(self, a: View, index: int, target: SNode) -> bool:
        item = a.item(index)
        if item is FALSE:
            return True
        self._descent += 1
        try:
            return self.disjoint(view_of(item), target)  # type: ignore[arg-type]
        finally:
            self._descent -= 1

    def _contains_fails(
        self, a: View, b: SNode, target: SNode, at: At, count: int, kw: str, limit: int
    ) -> bool:
        """Report writer arrays with `count` matching items, which the reader rejects."""
        if self._quiet:
            return False
        writer = next((n for n, _ in a.contains if same_meaning(n, target)), None)
        if writer is None:  # the reader counts other items than the writer
            pair = ("CONTAINS_NARROWED", "CONTAINS_WIDENED")
            what = self._say(
                f"{subject(at)}: arrays must now contain matching items (contains)",
                f"{subject(at)}: arrays no longer need the items the old schema requires (contains)",
            )
            kws: tuple[str, ...] = ("contains",)
        else:
            low = kw == "minContains"
            pair = (
                ("MIN_CONTAINS_INCREASED", "MIN_CONTAINS_DECREASED")
                if low
                else ("MAX_CONTAINS_DECREASED", "MAX_CONTAINS_INCREASED")
            )
            what = self._say(
                f"{subject(at)}: arrays now need {'at least' if low else 'at most'} {limit} matching items ({kw})",
                f"{subject(at)}: arrays no longer need {'at least' if low else 'at most'} {limit} matching items ({kw})",
            )
            kws = (kw,) if kw in b.schema else ("contains",)
        extra = self._counted_arrays(a, target, count, low=kw == "minContains")
        mine = a.nodes[0].schema if a.nodes else None
        a_kws: tuple[str, ...] = (kw,) if isinstance(mine, dict) and kw in mine else ()
        return self.fail(
            pair,
            a,
            b,
            at,
            what,
            ARR,
            Hints(sizes=[0, 1, 2, count]),
            b_kw=kws,
            a_kw=a_kws,
            extra=extra,
        )

    def _long_arrays(self, a: View, size: int) -> tuple[Any, ...]:
        """Guesses at writer arrays of `size` items whose items stay clear of the writer's
        maxContains (the plain guesses repeat one item, which maxContains may refuse)."""
        if not a.max_contains or size > MAX_ITEMS:
            return ()
        rest = a.item(a.tuple_len())
        items: list[SNode] = [] if rest is FALSE else list(rest)  # type: ignore[arg-type]
        avoid = [n for n in (negate(node) for node, _ in a.max_contains) if n is not None]
        filler = sample([*items, *avoid])
        if filler is MISSING:
            return ()
        out = [[filler] * size]
        for node, have in a.contains:
            hit = sample([node, *items])
            if hit is not MISSING and have <= size:
                out.append([hit] * have + [filler] * (size - have))
        return tuple(out)

    def _counted_arrays(self, a: View, target: SNode, count: int, *, low: bool) -> tuple[Any, ...]:
        """Guesses at writer arrays with `count` items matching `target` (plus, to satisfy the
        writer's own contains, items matching it and not `target`)."""
        if count > MAX_ITEMS:
            return ()
        rest = a.item(a.tuple_len())
        items: list[SNode] = [] if rest is FALSE else list(rest)  # type: ignore[arg-type]
        other = negate(target)
        out: list[Any] = []
        counted: list[tuple[SNode | None, int]] = [*a.contains] or [(None, 0)]
        for node, have in counted:
            if have > MAX_ITEMS:
                continue
            both = sample([target, *items, *([node] if node else [])])
            hit = both if both is not MISSING else sample([target, *items])
            if hit is not MISSING:
                out.append([hit] * count)
            if node is None:
                continue
            if low and other is not None:  # the writer's matches, none of them the reader's
                miss = sample([node, other, *items])
                if miss is not MISSING:
                    out.append(
                        [miss] * max(have, 1) + ([hit] * count if hit is not MISSING else [])
                    )
            elif not low and both is not MISSING:  # the reader's matches, few of them the writer's
                mine = min(max(have, 1), count)
                apart = negate(node)
                only = sample([target, apart, *items]) if apart is not None else MISSING
                if only is not MISSING:
                    out.append([both] * mine + [only] * (count - mine))
        return tuple(out)
