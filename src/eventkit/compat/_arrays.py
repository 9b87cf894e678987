"""Arrays in the reader: items and tuples, counts, uniqueItems and contains."""

from __future__ import annotations

from typing import Any

from eventkit.compat._doc import SNode
from eventkit.compat._reporting import At, CheckBase, unbounded_as_none
from eventkit.compat._text import subject
from eventkit.compat._values import ARR
from eventkit.compat._view import FALSE, View, view_of
from eventkit.compat._witness import Hints

__all__ = ["ArrayChecks"]


class ArrayChecks(CheckBase):
    """Reader keywords that constrain arrays, checked against the writer's view."""

    def check_array(self, a: View, b: SNode, s: dict[str, Any], at: At) -> bool:
        ok = self._items(a, b, s, at)
        if self._quiet and not ok:
            return False
        if "minItems" in s and a.min_items < s["minItems"]:
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
        if "maxItems" in s and a.item(int(s["maxItems"])) is not FALSE:
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
            prefix = [b.child("items", i) for i in range(len(items))]
            rest = b.child("additionalItems") if "additionalItems" in s else None
        else:
            prefix = [b.child("prefixItems", i) for i in range(len(s.get("prefixItems", [])))]
            rest = b.child("items") if "items" in s else None
        if rest is None and "unevaluatedItems" in s and "additionalItems" not in s:
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
                ok = self.incl(writer, reader, (*at, i if i < count else "*"), a.ptr) and ok  # type: ignore[arg-type]
                if self._quiet and not ok:
                    return False
        return ok

    def _contains(self, a: View, b: SNode, s: dict[str, Any], at: At) -> bool:
        need = int(s.get("minContains", 1))
        target = b.child("contains")
        satisfied = need == 0 or any(
            have >= need and self.trial(view_of((node,)), target) for node, have in a.contains
        )
        if satisfied and ("maxContains" not in s or a.item(int(s["maxContains"])) is FALSE):
            return True
        what = self._say(
            f"{subject(at)}: arrays must now contain matching items (contains)",
            f"{subject(at)}: arrays no longer need the items the old schema requires (contains)",
        )
        return self.fail(
            ("CONTAINS_NARROWED", "CONTAINS_WIDENED"),
            a,
            b,
            at,
            what,
            ARR,
            Hints(sizes=[0, 1, 2]),
            b_kw=("contains",),
        )
