"""anyOf/oneOf, not and if/then/else in the reader: the combinator part of the inclusion check."""

from __future__ import annotations

from eventkit.compat._check_base import At, CheckBase
from eventkit.compat._doc import SNode
from eventkit.compat._explain import parts, subject
from eventkit.compat._normalize import negate
from eventkit.compat._regex_sets import strings_listed
from eventkit.compat._validate import is_valid
from eventkit.compat._values import OBJ, STR, jkey
from eventkit.compat._view import (
    FALSE,
    TooManyAlternatives,
    View,
    expand,
    finite_values,
    narrowed,
    of_types,
    string_patterns,
    view_of,
)

TYPE_CHECKING = False  # not `typing.TYPE_CHECKING`: no `typing` at run time (a cold import)
if TYPE_CHECKING:
    from typing import Any

    from eventkit.compat._regex_sets import RegexVerdict

__all__ = ["CombinatorChecks"]

_MAX_PEEL = 6  # alternatives peeled off a writer piece before the engine stops trying


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
        extra: tuple[Any, ...] = (),
    ) -> bool:
        """`fail` for the combinator keyword at `kw`; examples of type `part` (all of `a`'s)."""
        part = a.types if part is None else part
        return self.fail(
            pair, a, b, at, what, part, b_kw=kw, undecided="UNDECIDED_COMPOSITION", extra=extra
        )

    @staticmethod
    def _listed_strings(piece: View, branches: list[SNode]) -> tuple[RegexVerdict, bool] | None:
        """For a writer's strings the regex automata hold, against alternatives that each list
        their values (`oneOf: [{const: ...}, ...]`): is every string it writes listed, and may
        a witness be given as an example (`string_patterns`)? None when this does not apply.
        A value listed by two alternatives is left to the general check (oneOf rejects it)."""
        if piece.enum is not None or piece.types != STR:
            return None
        writer, real = string_patterns(piece)
        if not writer:
            return None
        listed: dict[str, str] = {}
        for branch in branches:
            values = finite_values(view_of((branch,)))
            if values is None:
                return None
            for value in values:
                if type(value) is str:
                    key = jkey(value)
                    if key in listed:
                        return None
                    listed[key] = value
        return strings_listed(writer, list(listed.values()), piece.min_len, piece.max_len), real

    def check_union(self, a: View, b: SNode, kind: str, at: At) -> bool:  # noqa: C901
        count = len(b.schema[kind])
        branches = b.children(kind, count)
        ok = True
        for part in parts(a.types):
            piece = of_types(a, part)
            # loops, not comprehensions: those made `self`, `piece` and `part` closure cells
            fits = []
            for i, br in enumerate(branches):
                if self.trial(piece, br):
                    fits.append(i)
            listed = None if fits else self._listed_strings(piece, branches)
            if listed is not None and listed[0].holds:
                continue  # every string it writes is one alternative's value, and only one's
            if not fits and self.covered(piece, branches):
                ok = self._split_union(piece, b, kind, branches, at, part) and ok
            elif not fits:
                if self._quiet:
                    return False
                same = []
                for br in branches:
                    if view_of((br,)).types & part:
                        same.append(br)
                if len(same) == 1:
                    ok = self.incl_view(piece, same[0], at) and ok
                    continue
                what = self._say(
                    f"{subject(at)}: some values accepted before match none of the {kind} alternatives",
                    f"{subject(at)}: a new {kind} alternative allows values the old schema rejects",
                )
                witness = None if listed is None or not listed[1] else listed[0].witness
                ok = (
                    self._composition_fails(
                        ("UNION_NARROWED", "UNION_WIDENED"),
                        piece,
                        b,
                        at,
                        (kind,),
                        what,
                        part,
                        extra=() if witness is None else (witness,),
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

    def _split_union(
        self, piece: View, b: SNode, kind: str, branches: list[SNode], at: At, part: int
    ) -> bool:
        """The alternatives hold `piece` together: enough for anyOf; oneOf needs them apart."""
        if kind == "anyOf" or self._exclusive(piece, branches):
            return True
        what = f"{subject(at)}: values may match two oneOf alternatives, so oneOf would reject them"
        return self._composition_fails(
            ("ONE_OF_AMBIGUOUS", "ONE_OF_AMBIGUOUS"), piece, b, at, (kind,), what, part
        )

    def covered(self, a: View, branches: list[SNode], depth: int = 0) -> bool:
        """Whether the alternatives together hold `a` (anyOf splitting a range, a type, a
        count): one holds it, or what the first one misses (`a` and not it) the rest hold."""
        if a.false:
            return True
        if any(self.trial(a, br) for br in branches):
            return True
        if depth >= _MAX_PEEL:
            return False
        for k, br in enumerate(branches):
            negation = negate(br) if view_of((br,)).types & a.types else None
            if negation is None:
                continue
            rest = branches[:k] + branches[k + 1 :]
            try:
                pieces = expand(narrowed(a, negation))
            except TooManyAlternatives:
                return False
            return all(self.covered(p, rest, depth + 1) for p in pieces)
        return False

    def _exclusive(self, a: View, branches: list[SNode]) -> bool:
        """No value of `a` matches two of the alternatives (oneOf keeps exactly one)."""
        touching = [br for br in branches if not self.disjoint(a, br)]
        for i, first in enumerate(touching):
            inside = narrowed(a, first)
            if not all(self.disjoint(inside, other) for other in touching[i + 1 :]):
                return False
        return True

    def disjoint(self, a: View, other: SNode) -> bool:
        if self._disjoint(a, other):
            return True
        key = id(other.schema)
        if key in self._negating:
            return False
        negation = negate(other)
        if negation is None:
            return False
        self._negating.add(key)
        try:  # `a` inside "not other"
            return self.trial(a, negation)
        finally:
            self._negating.discard(key)

    def _disjoint(self, a: View, other: SNode) -> bool:
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
