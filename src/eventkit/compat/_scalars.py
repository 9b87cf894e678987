"""Strings and numbers in the reader: length, pattern, format, bounds and multipleOf."""

from __future__ import annotations

import math
from math import isfinite

from eventkit.compat._check_base import At, CheckBase, unbounded_as_none
from eventkit.compat._doc import SNode
from eventkit.compat._explain import shown, subject
from eventkit.compat._formats import formats_asserted
from eventkit.compat._regex_sets import find_string
from eventkit.compat._values import INT, NUMBER, STR, format_pattern
from eventkit.compat._view import View, numeric_bounds, string_patterns
from eventkit.compat._witness import Hints

TYPE_CHECKING = False  # not `typing.TYPE_CHECKING`: no `typing` at run time (a cold import)
if TYPE_CHECKING:
    from typing import Any

__all__ = ["ScalarChecks"]

# `^.*$` is not here: `.` stops at line terminators, so it rejects "a\nb"
_UNIVERSAL_PATTERNS = frozenset({"", ".*", "^.*", ".*$", "(.*)"})


def _of_length(a: View, shortest: int, longest: float) -> tuple[str, ...] | None:
    """A writer's string with a length in [shortest, longest], as `extra` for `fail`: None
    when the writer's patterns (and formats) prove there is none, () when nothing is known."""
    writer, real = string_patterns(a)
    if not writer:
        return ()
    found = find_string(writer, (), shortest, longest)
    if found.holds:
        return None
    witness = found.witness
    if witness is None or not real or not shortest <= len(witness) <= longest:
        return ()  # undecided, or a bound the automata left out (over 256 characters)
    return (witness,)


class _End:
    """One end of a numeric range, as the messages and rule ids name it (a plain class, not a
    `NamedTuple`: no `typing` at run time; only its attributes are read)."""

    __slots__ = ("exclusive", "keyword", "name", "pair", "sign")

    def __init__(
        self, name: str, keyword: str, exclusive: str, sign: str, pair: tuple[str, str]
    ) -> None:
        self.name = name  # "lower" / "upper"
        self.keyword = keyword
        self.exclusive = exclusive
        self.sign = sign  # how a value must compare with the bound
        self.pair = pair


_LOWER = _End(
    "lower", "minimum", "exclusiveMinimum", ">", ("MINIMUM_INCREASED", "MINIMUM_DECREASED")
)
_UPPER = _End(
    "upper", "maximum", "exclusiveMaximum", "<", ("MAXIMUM_DECREASED", "MAXIMUM_INCREASED")
)


def _bound(value: float | None, exclusive: bool, sign: str) -> str:
    if value is None:
        return "none"
    return f"{sign} {shown(value)}" if exclusive else f"{sign}= {shown(value)}"


class ScalarChecks(CheckBase):
    """Reader keywords that constrain strings and numbers, checked against the writer's view."""

    def check_strings(self, a: View, b: SNode, s: dict[str, Any], at: At) -> bool:
        ok = True
        if "minLength" in s and a.min_len < s["minLength"]:
            shorter = _of_length(a, a.min_len, math.ceil(s["minLength"]) - 1)
            if shorter is not None:
                ok = (
                    self.keyword_changed(
                        "minLength",
                        ("MIN_LENGTH_INCREASED", "MIN_LENGTH_DECREASED"),
                        a,
                        b,
                        at,
                        a.min_len or None,
                        STR,
                        Hints(lengths=[int(s["minLength"]) - 1]),
                        extra=shorter,
                    )
                    and ok
                )
        if "maxLength" in s and a.max_len > s["maxLength"]:
            longer = _of_length(a, math.floor(s["maxLength"]) + 1, a.max_len)
            if longer is not None:
                ok = (
                    self.keyword_changed(
                        "maxLength",
                        ("MAX_LENGTH_DECREASED", "MAX_LENGTH_INCREASED"),
                        a,
                        b,
                        at,
                        unbounded_as_none(a.max_len),
                        STR,
                        Hints(lengths=[int(s["maxLength"]) + 1]),
                        extra=longer,
                    )
                    and ok
                )
        pattern = s.get("pattern")
        if pattern is not None and pattern not in a.patterns and pattern not in _UNIVERSAL_PATTERNS:
            ok = (
                self._regular(
                    "pattern",
                    ("PATTERN_NARROWED", "PATTERN_WIDENED"),
                    a,
                    b,
                    at,
                    pattern,
                    a.patterns[0] if a.patterns else None,
                    "UNDECIDED_PATTERN",
                )
                and ok
            )
        fmt = s.get("format")
        if fmt is not None and fmt not in a.formats and formats_asserted():
            ok = (
                self._regular(
                    "format",
                    ("FORMAT_NARROWED", "FORMAT_WIDENED"),
                    a,
                    b,
                    at,
                    format_pattern(fmt),  # None unless exact: then decided by samples alone
                    a.formats[0] if a.formats else None,
                    "UNDECIDED_FORMAT",
                    unconstrained=False,  # a writer with no pattern is refuted by samples
                )
                and ok
            )
        return ok

    def _regular(
        self,
        kw: str,
        pair: tuple[str, str],
        a: View,
        b: SNode,
        at: At,
        reader: str | None,
        writer_value: Any,
        undecided: str,
        *,
        unconstrained: bool = True,
    ) -> bool:
        """A reader keyword that is a regular language (`pattern`, an exact format) against
        the writer's patterns and formats: proved by the automata, or reported with their
        shortest string it rejects tried first (`unconstrained`: ask even when the writer has
        no pattern)."""
        writer, real = string_patterns(a) if reader is not None else ((), False)
        held = (
            find_string(writer, (reader,), a.min_len, a.max_len)  # writer - reader
            if reader is not None and (writer or unconstrained)
            else None
        )
        if held is not None and held.holds is True:
            return True
        witness = None if held is None or not real else held.witness
        return self.keyword_changed(
            kw,
            pair,
            a,
            b,
            at,
            writer_value,
            STR,
            undecided=undecided,
            extra=() if witness is None else (witness,),
        )

    def check_numbers(self, a: View, b: SNode, s: dict[str, Any], at: At) -> bool:
        lo, lo_x, hi, hi_x = numeric_bounds(s)
        ok = self._range_end(a, b, s, at, _LOWER, (a.lo, a.lo_x), (lo, lo_x))
        ok = self._range_end(a, b, s, at, _UPPER, (a.hi, a.hi_x), (hi, hi_x)) and ok
        step = s.get("multipleOf")
        if step is not None and not self._divides(a, step):
            ok = (
                self.keyword_changed(
                    "multipleOf",
                    ("MULTIPLE_OF_NARROWED", "MULTIPLE_OF_WIDENED"),
                    a,
                    b,
                    at,
                    a.mults[0] if a.mults else None,
                    NUMBER,
                    Hints(numbers=[step]),
                )
                and ok
            )
        return ok

    def _range_end(
        self,
        a: View,
        b: SNode,
        s: dict[str, Any],
        at: At,
        end: _End,
        writer: tuple[float | None, bool],
        reader: tuple[float | None, bool],
    ) -> bool:
        """Does the writer's (bound, exclusive) lie within the reader's at this end?"""
        (mine, mine_x), (theirs, theirs_x) = writer, reader
        if theirs is None:
            return True
        if mine is not None:
            tighter = mine > theirs if end.sign == ">" else mine < theirs
            if tighter or (mine == theirs and (mine_x or not theirs_x)):
                return True
        kw = (
            end.exclusive
            if theirs_x and end.exclusive in s and s[end.exclusive] is not True
            else end.keyword
        )
        old, new = self.old_new(_bound(mine, mine_x, end.sign), _bound(theirs, theirs_x, end.sign))
        return self.fail(
            end.pair,
            a,
            b,
            at,
            f"{subject(at)}: {end.name} bound changed from {old} to {new}",
            NUMBER,
            Hints(numbers=[theirs]),
            b_kw=(kw,),
            a_kw=(kw,),
        )

    @staticmethod
    def _divides(a: View, step: float) -> bool:
        """Does `step` divide the writer's numbers: one of its `multipleOf`s, or 1 if it
        accepts integers only?"""
        # fast path: +7% on bench/compat.py figure compat.cold_pass_vs_jsoncompat (measured 2026-12-07)
        # A non-zero int step needs no `fractions` (a cold import) while the writer's steps are
        # ints (not bools) or fractional floats, which no int step divides (see
        # `_validate._multiple`); a whole or infinite float goes through the exact values.
        if step.__class__ is int and step:
            for mine in a.mults:
                if mine.__class__ is int:
                    if mine % step == 0:
                        return True
                elif mine.__class__ is not float or mine.is_integer() or not isfinite(mine):
                    break
            else:
                return a.types & NUMBER == INT and (step == 1 or step == -1)
        from fractions import Fraction  # on first use: only multipleOf needs it (a cold import)

        reader = Fraction(str(step))
        for mine in a.mults:
            if (Fraction(str(mine)) / reader).denominator == 1:
                return True
        return a.types & NUMBER == INT and (1 / reader).denominator == 1
