"""anyOf/oneOf, not and if/then/else in the reader: the combinator part of the inclusion check."""

from __future__ import annotations

from eventkit.compat._doc import SNode
from eventkit.compat._reporting import At, CheckBase
from eventkit.compat._text import parts, subject
from eventkit.compat._validate import is_valid
from eventkit.compat._values import OBJ, type_bit
from eventkit.compat._view import FALSE, View, finite_values, view_of

__all__ = ["CombinatorChecks"]


class CombinatorChecks(CheckBase):
    """Reader anyOf/oneOf, not and if/then/else, checked against the writer's view."""

    def _composition_fails(
        self,
        pair: tuple[str, str],
        a: View,
        b: SNode,
        at: At,
        kw: tuple[str | int, ...],
        what: str,
        part: int | None = None,
    ) -> bool:
        """`fail` for the combinator keyword at `kw`; examples of type `part` (all of `a`'s)."""
        part = a.types if part is None else part
        return self.fail(pair, a, b, at, what, part, b_kw=kw, undecided="UNDECIDED_COMPOSITION")

    def check_union(self, a: View, b: SNode, kind: str, at: At) -> bool:
        count = len(b.schema[kind])
        branches = [b.child(kind, i) for i in range(count)]
        ok = True
        for part in parts(a.types):
            piece = a.copy()
            piece.types = a.types & part
            piece.key = (*a.key, part)
            if piece.enum is not None:
                piece.enum = [v for v in piece.enum if type_bit(v) & part]
            fits = [i for i, br in enumerate(branches) if self.trial(piece, br)]
            if not fits:
                if self._quiet:
                    return False
                same = [br for br in branches if view_of((br,)).types & part]
                if len(same) == 1:
                    ok = self.incl_view(piece, same[0], at) and ok
                    continue
                what = self._say(
                    f"{subject(at)}: some values accepted before match none of the {kind} alternatives",
                    f"{subject(at)}: a new {kind} alternative allows values the old schema rejects",
                )
                ok = (
                    self._composition_fails(
                        ("UNION_NARROWED", "UNION_WIDENED"), piece, b, at, (kind,), what, part
                    )
                    and ok
                )
            elif kind == "oneOf":
                if len(fits) > 1:
                    what = f"{subject(at)}: values match oneOf alternatives {fits[0]} and {fits[1]}, so oneOf rejects them"
                    ok = (
                        self._composition_fails(
                            ("ONE_OF_AMBIGUOUS", "ONE_OF_AMBIGUOUS"),
                            piece,
                            b,
                            at,
                            (kind,),
                            what,
                            part,
                        )
                        and ok
                    )
                    continue
                for k, br in enumerate(branches):
                    if k != fits[0] and not self.disjoint(piece, br):
                        what = f"{subject(at)}: values may match oneOf alternatives {fits[0]} and {k}, so oneOf would reject them"
                        ok = (
                            self._composition_fails(
                                ("ONE_OF_AMBIGUOUS", "ONE_OF_AMBIGUOUS"),
                                piece,
                                b,
                                at,
                                (kind, k),
                                what,
                                part,
                            )
                            and ok
                        )
                        break
            if self._quiet and not ok:
                return False
        return ok

    def disjoint(self, a: View, other: SNode) -> bool:
        x = view_of((other,))
        if x.false or not a.types & x.types:
            return True
        values = finite_values(a)
        if values is not None:
            return not any(is_valid(v, other) for v in values)
        theirs = finite_values(x)
        if theirs is not None:
            return not any(a.accepts(v) for v in theirs)
        if a.types == OBJ:
            for name in a.required:
                mine = a.value(name, False)
                if mine is FALSE:
                    continue
                options = finite_values(view_of(mine))  # type: ignore[arg-type]
                if options is None:
                    continue
                reader = x.value(name, False)
                if reader is FALSE or not any(all(is_valid(v, n) for n in reader) for v in options):  # type: ignore[union-attr]
                    return True
        return False

    def check_not(self, a: View, b: SNode, at: At) -> bool:
        if self.disjoint(a, b.child("not")):
            return True
        what = self._say(
            f"{subject(at)}: `not` now excludes values accepted before",
            f"{subject(at)}: `not` no longer excludes values the old schema rejects",
        )
        return self._composition_fails(("NOT_EXTENDED", "NOT_REDUCED"), a, b, at, ("not",), what)

    def check_conditional(self, a: View, b: SNode, at: At) -> bool:
        s = b.schema
        then = b.child("then") if "then" in s else None
        other = b.child("else") if "else" in s else None
        if (then is None or self.trial(a, then)) and (other is None or self.trial(a, other)):
            return True
        cond = b.child("if")
        if self.disjoint(a, cond):
            return other is None or self.incl_view(a, other, at)
        if self.trial(a, cond):
            return then is None or self.incl_view(a, then, at)
        what = self._say(
            f"{subject(at)}: if/then/else now rejects values accepted before",
            f"{subject(at)}: if/then/else no longer rejects values the old schema rejects",
        )
        return self._composition_fails(
            ("CONDITIONAL_NARROWED", "CONDITIONAL_WIDENED"), a, b, at, ("if",), what
        )
