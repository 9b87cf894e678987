"""The inclusion check: does every instance the WRITER schema accepts validate under the READER?

`Checker.run(writer, reader)` walks the reader's keywords against a flattened view of the
writer. A keyword the writer provably satisfies passes silently. Otherwise the checker looks
for a counterexample among the writer's candidate values and confirms it with the validator:
found -> a breaking finding carrying that example; not found -> an undecided finding. So
"compatible" is only ever a proof, and "breaking" always comes with an example.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from eventkit.compat._catalog import BACKWARD, FORWARD
from eventkit.compat._combinators import CombinatorChecks
from eventkit.compat._doc import SNode, join, same_meaning
from eventkit.compat._report import NO_EXAMPLE, Finding
from eventkit.compat._structures import StructureChecks
from eventkit.compat._text import instance_path, parts, shown, subject
from eventkit.compat._validate import is_valid
from eventkit.compat._values import (
    ARR,
    INT,
    NULL,
    NUMBER,
    OBJ,
    STR,
    TYPE_BITS,
    describe_types,
    jkey,
)
from eventkit.compat._view import (
    TooManyAlternatives,
    View,
    expand,
    finite_values,
    view_of,
)
from eventkit.compat._view import _bounds as bounds
from eventkit.compat._witness import Hints, candidates

__all__ = ["Checker"]

_UNIVERSAL_PATTERNS = frozenset({"", ".*", "^.*$", "^.*", ".*$", "(.*)"})
_MAX_TRIES = 80


def _type_mask(schema: dict[str, Any]) -> int:
    names = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
    mask = 0
    for name in names:
        mask |= TYPE_BITS[name]
    if schema.get("nullable") is True:
        mask |= NULL
    return mask


_STRING_KEYS = frozenset({"minLength", "maxLength", "pattern", "format"})
_NUMBER_KEYS = frozenset(
    {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"}
)
_OBJECT_KEYS = frozenset(
    {
        "required",
        "properties",
        "patternProperties",
        "additionalProperties",
        "unevaluatedProperties",
        "minProperties",
        "maxProperties",
        "dependentRequired",
        "dependentSchemas",
        "dependencies",
        "propertyNames",
    }
)
_ARRAY_KEYS = frozenset(
    {
        "items",
        "prefixItems",
        "additionalItems",
        "unevaluatedItems",
        "minItems",
        "maxItems",
        "uniqueItems",
        "contains",
        "minContains",
        "maxContains",
    }
)


def _bound(value: float | None, exclusive: bool, sign: str) -> str:
    if value is None:
        return "none"
    return f"{sign} {shown(value)}" if exclusive else f"{sign}= {shown(value)}"


class Checker(StructureChecks, CombinatorChecks):
    """One direction of one comparison: writer ⊆ reader?"""

    def __init__(self, side: str, *, lenient: bool) -> None:
        self.side = side  # BACKWARD: writer=old, reader=new; FORWARD: writer=new, reader=old
        self.lenient = lenient
        self.findings: list[Finding] = []
        self._quiet = 0
        self._active: set[tuple[Any, ...]] = set()

    # -- entry points --------------------------------------------------------------------------

    def run(self, writer: SNode, reader: SNode) -> list[Finding]:
        self.incl([writer], reader, ())
        seen: set[tuple[str, str, str]] = set()
        out = []
        for finding in self.findings:
            key = (finding.rule_id, finding.pointer, finding.path)
            if key not in seen:
                seen.add(key)
                out.append(finding)
        return out

    def incl(
        self,
        a_nodes: list[SNode] | tuple[SNode, ...],
        b: SNode,
        at: tuple[str | int, ...],
        a_ptr: str = "",
    ) -> bool:
        schema = b.schema
        if schema is True:
            return True
        if len(a_nodes) == 1 and same_meaning(a_nodes[0], b):
            return True
        return self.incl_view(view_of(tuple(a_nodes), a_ptr), b, at)

    def incl_view(self, a: View, b: SNode, at: tuple[str | int, ...]) -> bool:
        if a.false or b.schema is True:
            return True
        key = (a.key, id(b.schema), self._quiet > 0)
        if key in self._active:
            return True  # a cycle: assume inclusion (sound for finite instances, by induction)
        self._active.add(key)
        try:
            values = finite_values(a)
            if values is not None:
                return self._finite(a, values, b, at)
            if b.schema is False:
                return self.fail(
                    ("VALUE_REJECTED", "VALUE_REJECTED"),
                    a,
                    b,
                    at,
                    f"{subject(at)} accepts no value any more"
                    if self.side == BACKWARD
                    else f"{subject(at)} is now accepted where it never was",
                    a.types,
                )
            if a.groups:
                try:
                    alternatives = expand(a)
                except TooManyAlternatives:
                    return self.undecided(
                        "UNDECIDED_COMPOSITION",
                        a,
                        b,
                        at,
                        f"{subject(at)} combines too many anyOf/oneOf alternatives to compare",
                    )
                ok = True
                for alt in alternatives:
                    ok = self._check(alt, b, at) and ok
                    if not ok and self._quiet:
                        return False
                return ok
            return self._check(a, b, at)
        finally:
            self._active.discard(key)

    def trial(self, a: View, b: SNode) -> bool:
        self._quiet += 1
        try:
            return self.incl_view(a, b, ())
        finally:
            self._quiet -= 1

    # -- reporting -----------------------------------------------------------------------------

    def pick(self, pair: tuple[str, str]) -> str:
        return pair[0] if self.side == BACKWARD else pair[1]

    def old_new(self, writer_side: Any, reader_side: Any) -> tuple[Any, Any]:
        return (writer_side, reader_side) if self.side == BACKWARD else (reader_side, writer_side)

    def pointers(
        self, a: View, b: SNode, a_kw: tuple[str | int, ...], b_kw: tuple[str | int, ...]
    ) -> tuple[str, str, str]:
        """(pointer into NEW, pointer into OLD, the document of the NEW pointer if not root)."""
        reader = join(b.ptr, *b_kw)
        writer = join(a.ptr, *a_kw) if a_kw else a.ptr
        if self.side == BACKWARD:
            return reader, writer, "" if b.doc.is_root else b.doc.label
        doc = a.nodes[0].doc if a.nodes else None
        return writer, reader, "" if doc is None or doc.is_root else doc.label

    def fail(
        self,
        pair: tuple[str, str],
        a: View,
        b: SNode,
        at: tuple[str | int, ...],
        what: str,
        part: int,
        hints: Hints | None = None,
        *,
        b_kw: tuple[str | int, ...] = (),
        a_kw: tuple[str | int, ...] = (),
        undecided: str = "UNDECIDED_CONSTRAINT",
        extra: tuple[Any, ...] = (),
    ) -> bool:
        """Report a failed keyword: breaking with a confirmed example, else undecided."""
        if self._quiet:
            return False
        example = self.counterexample(a, b, part, hints, extra)
        new_ptr, old_ptr, document = self.pointers(a, b, a_kw, b_kw)
        rule_id = self.pick(pair) if example is not NO_EXAMPLE else undecided
        self.findings.append(
            Finding(
                rule_id=rule_id,
                pointer=new_ptr,
                old_pointer=old_ptr,
                what=what,
                side=self.side,
                severity="breaking" if example is not NO_EXAMPLE else "undecided",
                path=instance_path(at),
                example=example,
                document=document,
            )
        )
        return False

    def undecided(
        self, rule_id: str, a: View, b: SNode, at: tuple[str | int, ...], what: str
    ) -> bool:
        if not self._quiet:
            new_ptr, old_ptr, document = self.pointers(a, b, (), ())
            self.findings.append(
                Finding(
                    rule_id,
                    new_ptr,
                    what,
                    self.side,
                    "undecided",
                    instance_path(at),
                    NO_EXAMPLE,
                    old_ptr,
                    document,
                )
            )
        return False

    def counterexample(
        self, a: View, b: SNode, part: int, hints: Hints | None, extra: tuple[Any, ...] = ()
    ) -> Any:
        for value in extra:
            if a.accepts(value) and not is_valid(value, b):
                return value
        for tries, value in enumerate(candidates(a, part, hints)):
            if tries >= _MAX_TRIES:
                break
            try:
                if a.accepts(value) and not is_valid(value, b):
                    return value
            except RecursionError:
                break
        return NO_EXAMPLE

    # -- finite writers: exact ----------------------------------------------------------------

    def _finite(self, a: View, values: list[Any], b: SNode, at: tuple[str | int, ...]) -> bool:
        bad = [v for v in values if not is_valid(v, b)]
        if not bad:
            return True
        if self._quiet:
            return False
        schema = b.schema if isinstance(b.schema, dict) else {}
        for value in bad[:8]:
            if "type" in schema and not is_valid(
                value,
                SNode(
                    b.doc,
                    {
                        "type": schema["type"],
                        **({"nullable": True} if schema.get("nullable") is True else {}),
                    },
                    b.ptr,
                ),
            ):
                if value is None:
                    pair, what = (
                        ("NULLABLE_REMOVED", "NULLABLE_ADDED"),
                        (
                            f"{subject(at)} no longer accepts null"
                            if self.side == BACKWARD
                            else f"{subject(at)} can now be null"
                        ),
                    )
                else:
                    pair, what = (
                        ("TYPE_NARROWED", "TYPE_WIDENED"),
                        self._type_what(a.types, _type_mask(schema), at),
                    )
                kw: tuple[str, ...] = ("type",)
            elif ("enum" in schema or "const" in schema) and a.enum is not None:
                pair = ("ENUM_VALUE_REMOVED", "ENUM_VALUE_ADDED")
                what = (
                    f"value {shown(value)} of {subject(at)} is no longer accepted"
                    if self.side == BACKWARD
                    else f"value {shown(value)} was added to {subject(at)}"
                )
                kw = ("enum",) if "enum" in schema else ("const",)
            elif "enum" in schema or "const" in schema:
                pair = ("ENUM_ADDED", "ENUM_REMOVED")
                what = (
                    f"{subject(at)} is now restricted to a fixed list of values"
                    if self.side == BACKWARD
                    else f"{subject(at)} is no longer restricted to a fixed list of values"
                )
                kw = ("enum",) if "enum" in schema else ("const",)
            else:
                pair, kw = ("VALUE_REJECTED", "VALUE_REJECTED"), ()
                what = (
                    f"value {shown(value)} of {subject(at)} is no longer accepted"
                    if self.side == BACKWARD
                    else f"{subject(at)} may now be {shown(value)}, which the old schema rejects"
                )
            new_ptr, old_ptr, document = self.pointers(
                a, b, ("enum",) if a.enum is not None and self.side == FORWARD else (), kw
            )
            self.findings.append(
                Finding(
                    pair[0] if self.side == BACKWARD else pair[1],
                    new_ptr,
                    what,
                    self.side,
                    "breaking",
                    instance_path(at),
                    value,
                    old_ptr,
                    document,
                )
            )
        return False

    def _type_what(self, writer: int, reader: int, at: tuple[str | int, ...]) -> str:
        old, new = self.old_new(describe_types(writer), describe_types(reader))
        return f"{subject(at)}: type changed from `{old}` to `{new}`"

    # -- one reader schema object against a group-free writer view ---------------------------

    def _check(self, a: View, b: SNode, at: tuple[str | int, ...]) -> bool:  # noqa: C901
        s = b.schema
        if s is True:
            return True
        if s is False:
            return self.fail(
                ("VALUE_REJECTED", "VALUE_REJECTED"),
                a,
                b,
                at,
                f"{subject(at)} accepts no value any more",
                a.types,
            )
        ok = True
        quiet = self._quiet > 0
        if "type" in s:
            ok = self._types(a, b, _type_mask(s), at) and ok
        if ("enum" in s or "const" in s) and not (quiet and not ok):
            ok = self._enum(a, b, s, at) and ok
        keys = s.keys()
        if a.types & STR and not (quiet and not ok) and keys & _STRING_KEYS:
            ok = self._strings(a, b, s, at) and ok
        if a.types & NUMBER and not (quiet and not ok) and keys & _NUMBER_KEYS:
            ok = self._numbers(a, b, s, at) and ok
        if a.types & OBJ and not (quiet and not ok) and keys & _OBJECT_KEYS:
            ok = self.check_object(a, b, s, at) and ok
        if a.types & ARR and not (quiet and not ok) and keys & _ARRAY_KEYS:
            ok = self.check_array(a, b, s, at) and ok
        if "$ref" in s and not (quiet and not ok):
            ok = self.incl_view(a, b.doc.resolve(s["$ref"], b), at) and ok
        for i in range(len(s.get("allOf", ()))):
            if quiet and not ok:
                break
            ok = self.incl_view(a, b.child("allOf", i), at) and ok
        for kind in ("anyOf", "oneOf"):
            if kind in s and not (quiet and not ok):
                ok = self.check_union(a, b, kind, at) and ok
        if "not" in s and not (quiet and not ok):
            ok = self.check_not(a, b, at) and ok
        if "if" in s and not (quiet and not ok):
            ok = self.check_conditional(a, b, at) and ok
        return ok

    def _types(self, a: View, b: SNode, mask: int, at: tuple[str | int, ...]) -> bool:
        extra = a.types & ~mask
        if not extra:
            return True
        ok = True
        for part in parts(extra):
            if part == NULL:
                pair = ("NULLABLE_REMOVED", "NULLABLE_ADDED")
                what = (
                    f"{subject(at)} no longer accepts null"
                    if self.side == BACKWARD
                    else f"{subject(at)} can now be null"
                )
            else:
                pair, what = ("TYPE_NARROWED", "TYPE_WIDENED"), self._type_what(a.types, mask, at)
            ok = (
                self.fail(pair, a, b, at, what, extra & part, b_kw=("type",), a_kw=("type",)) and ok
            )
            if self._quiet:
                return False
        return ok

    def _enum(self, a: View, b: SNode, s: dict[str, Any], at: tuple[str | int, ...]) -> bool:
        allowed = s["enum"] if "enum" in s else [s["const"]]
        keys = {jkey(v) for v in allowed}
        if a.enum is not None and all(jkey(v) in keys for v in a.enum):
            return True
        listed = ", ".join(shown(v) for v in allowed[:6]) + (", ..." if len(allowed) > 6 else "")
        what = (
            f"{subject(at)} is now restricted to {listed}"
            if self.side == BACKWARD
            else f"{subject(at)} is no longer restricted to {listed}"
        )
        return self.fail(
            ("ENUM_ADDED", "ENUM_REMOVED"),
            a,
            b,
            at,
            what,
            a.types,
            b_kw=("enum" if "enum" in s else "const",),
        )

    def _strings(self, a: View, b: SNode, s: dict[str, Any], at: tuple[str | int, ...]) -> bool:
        ok = True
        if "minLength" in s and a.min_len < s["minLength"]:
            old, new = self.old_new(a.min_len or None, s["minLength"])
            ok = (
                self.fail(
                    ("MIN_LENGTH_INCREASED", "MIN_LENGTH_DECREASED"),
                    a,
                    b,
                    at,
                    f"{subject(at)}: minLength changed from {shown(old)} to {shown(new)}",
                    STR,
                    Hints(lengths=[int(s["minLength"]) - 1]),
                    b_kw=("minLength",),
                    a_kw=("minLength",),
                )
                and ok
            )
        if "maxLength" in s and a.max_len > s["maxLength"]:
            old, new = self.old_new(
                None if a.max_len == float("inf") else a.max_len, s["maxLength"]
            )
            ok = (
                self.fail(
                    ("MAX_LENGTH_DECREASED", "MAX_LENGTH_INCREASED"),
                    a,
                    b,
                    at,
                    f"{subject(at)}: maxLength changed from {shown(old)} to {shown(new)}",
                    STR,
                    Hints(lengths=[int(s["maxLength"]) + 1]),
                    b_kw=("maxLength",),
                    a_kw=("maxLength",),
                )
                and ok
            )
        pattern = s.get("pattern")
        if pattern is not None and pattern not in a.patterns and pattern not in _UNIVERSAL_PATTERNS:
            old, new = self.old_new(a.patterns[0] if a.patterns else None, pattern)
            ok = (
                self.fail(
                    ("PATTERN_NARROWED", "PATTERN_WIDENED"),
                    a,
                    b,
                    at,
                    f"{subject(at)}: pattern changed from {shown(old)} to {shown(new)}",
                    STR,
                    b_kw=("pattern",),
                    a_kw=("pattern",),
                    undecided="UNDECIDED_PATTERN",
                )
                and ok
            )
        fmt = s.get("format")
        if fmt is not None and fmt not in a.formats:
            old, new = self.old_new(a.formats[0] if a.formats else None, fmt)
            ok = (
                self.fail(
                    ("FORMAT_NARROWED", "FORMAT_WIDENED"),
                    a,
                    b,
                    at,
                    f"{subject(at)}: format changed from {shown(old)} to {shown(new)}",
                    STR,
                    b_kw=("format",),
                    a_kw=("format",),
                    undecided="UNDECIDED_FORMAT",
                )
                and ok
            )
        return ok

    def _numbers(self, a: View, b: SNode, s: dict[str, Any], at: tuple[str | int, ...]) -> bool:
        ok = True
        lo, lo_x, hi, hi_x = bounds(s)
        if lo is not None and not (
            a.lo is not None and (a.lo > lo or (a.lo == lo and (a.lo_x or not lo_x)))
        ):
            kw = (
                "exclusiveMinimum"
                if lo_x and "exclusiveMinimum" in s and s["exclusiveMinimum"] is not True
                else "minimum"
            )
            old, new = self.old_new(_bound(a.lo, a.lo_x, ">"), _bound(lo, lo_x, ">"))
            ok = (
                self.fail(
                    ("MINIMUM_INCREASED", "MINIMUM_DECREASED"),
                    a,
                    b,
                    at,
                    f"{subject(at)}: lower bound changed from {old} to {new}",
                    NUMBER,
                    Hints(numbers=[lo]),
                    b_kw=(kw,),
                    a_kw=(kw,),
                )
                and ok
            )
        if hi is not None and not (
            a.hi is not None and (a.hi < hi or (a.hi == hi and (a.hi_x or not hi_x)))
        ):
            kw = (
                "exclusiveMaximum"
                if hi_x and "exclusiveMaximum" in s and s["exclusiveMaximum"] is not True
                else "maximum"
            )
            old, new = self.old_new(_bound(a.hi, a.hi_x, "<"), _bound(hi, hi_x, "<"))
            ok = (
                self.fail(
                    ("MAXIMUM_DECREASED", "MAXIMUM_INCREASED"),
                    a,
                    b,
                    at,
                    f"{subject(at)}: upper bound changed from {old} to {new}",
                    NUMBER,
                    Hints(numbers=[hi]),
                    b_kw=(kw,),
                    a_kw=(kw,),
                )
                and ok
            )
        step = s.get("multipleOf")
        if step is not None and not self._divides(a, step):
            old, new = self.old_new(a.mults[0] if a.mults else None, step)
            ok = (
                self.fail(
                    ("MULTIPLE_OF_NARROWED", "MULTIPLE_OF_WIDENED"),
                    a,
                    b,
                    at,
                    f"{subject(at)}: multipleOf changed from {shown(old)} to {shown(new)}",
                    NUMBER,
                    Hints(numbers=[step]),
                    b_kw=("multipleOf",),
                    a_kw=("multipleOf",),
                )
                and ok
            )
        return ok

    @staticmethod
    def _divides(a: View, step: float) -> bool:
        reader = Fraction(str(step))
        for mine in a.mults:
            if (Fraction(str(mine)) / reader).denominator == 1:
                return True
        return a.types & NUMBER == INT and (1 / reader).denominator == 1
