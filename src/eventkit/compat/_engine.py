"""The inclusion check: does every instance the WRITER schema accepts validate under the READER?

`Checker.run(writer, reader)` walks the reader's keywords against a flattened view of the
writer. A keyword the writer provably satisfies passes silently. Otherwise the checker looks
for a counterexample among the writer's candidate values and confirms it with the validator:
found -> a breaking finding carrying that example; not found -> an undecided finding. So
"compatible" is only ever a proof, and "breaking" always comes with an example.
"""

from __future__ import annotations

import math

from eventkit.compat._arrays import ArrayChecks
from eventkit.compat._catalog import FORWARD
from eventkit.compat._check_base import At
from eventkit.compat._combinators import CombinatorChecks
from eventkit.compat._doc import SNode, same_schema_meaning, snode
from eventkit.compat._explain import parts, shown, subject
from eventkit.compat._findings import Finding
from eventkit.compat._objects import ObjectChecks
from eventkit.compat._regex_sets import strings_listed
from eventkit.compat._scalars import ScalarChecks
from eventkit.compat._validate import is_valid
from eventkit.compat._values import (
    ARR,
    INT,
    NULL,
    NUMBER,
    OBJ,
    STR,
    describe_types,
    jkey,
    type_mask,
)
from eventkit.compat._view import (
    TooManyAlternatives,
    View,
    expand,
    finite_values,
    string_patterns,
    view_of,
)
from eventkit.error_base import RegexTimeoutError

TYPE_CHECKING = False  # not `typing.TYPE_CHECKING`: no `typing` at run time (a cold import)
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any

__all__ = ["Checker"]


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
_APPLICATOR_KEYS = frozenset({"$ref", "allOf", "anyOf", "oneOf", "not", "if"})
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


_MAX_LISTED_INTEGERS = 1_024  # a range longer than this is left to the sampled examples


def _unlisted_integer(a: View, keys: set[str]) -> tuple[int, ...] | None:
    """The first integer of the writer's bounded range that it accepts and `keys` does not
    list, as `extra` for `fail`: None when every one is listed, () when its range is
    unbounded or too long to walk."""
    if a.lo is None or a.hi is None or not (math.isfinite(a.lo) and math.isfinite(a.hi)):
        return ()
    first = math.floor(a.lo) + 1 if a.lo_x else math.ceil(a.lo)
    last = math.ceil(a.hi) - 1 if a.hi_x else math.floor(a.hi)
    if last - first >= _MAX_LISTED_INTEGERS:
        return ()
    for value in range(first, last + 1):
        if jkey(value) not in keys and a.accepts(value):
            return (value,)
    return None


# Inclusion questions one direction of one comparison may ask before it stops undecided.
# Nested anyOf/oneOf make the questions multiply: 10 levels of 5 alternatives took ~50 s,
# 12 levels minutes, on a schema of 20 KB. The example shop asks at most a few dozen.
_MAX_STEPS = 20_000


class _OutOfSteps(Exception):
    """The comparison asked `_MAX_STEPS` inclusion questions without an answer."""


class Checker(ScalarChecks, ObjectChecks, ArrayChecks, CombinatorChecks):
    """One direction of one comparison: writer ⊆ reader?"""

    # comparisons under way -> how many instance levels deep the walk was when it began
    _active: dict[tuple[Any, ...], int]
    _steps: int  # inclusion questions left (`_MAX_STEPS`)

    # Made by `Checker.of`, not by calling the class with arguments: a class with an
    # `__init__` of its own is called through a slow generic path (once per direction).
    @staticmethod
    def of(side: str, lenient: bool) -> Checker:
        self = Checker()
        self.side = side  # BACKWARD: writer=old, reader=new; FORWARD: writer=new, reader=old
        self.lenient = lenient
        self.findings = []
        self._quiet = 0
        self._active = {}
        self._descent = 0  # instance levels entered (members, items, names)
        self._negating = set()
        self._steps = _MAX_STEPS
        return self

    # -- entry points --------------------------------------------------------------------------

    def run(self, writer: SNode, reader: SNode) -> list[Finding]:
        try:
            self.incl((writer,), reader, ())
        except RegexTimeoutError as error:  # while flattening the writer, before any keyword
            self.too_slow(View.of((writer,), ""), reader, (), error)
        except _OutOfSteps:  # never "compatible": what was found so far, and this
            self._quiet = 0
            self.undecided(
                "UNDECIDED_COMPOSITION",
                View.of((writer,), ""),
                reader,
                (),
                f"the schemas nest anyOf/oneOf/allOf so deeply that comparing them takes more "
                f"than {_MAX_STEPS:,} steps, so this could not be decided",
            )
        if len(self.findings) < 2:  # nothing to drop
            return self.findings
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
        at: At,
        a_ptr: str = "",
    ) -> bool:
        schema = b.schema
        if schema is True:
            return True
        if len(a_nodes) == 1:
            a = a_nodes[0]
            if same_schema_meaning(a.doc, a.schema, b.doc, schema):  # `same_meaning`, one call
                return True
        self._descent += 1
        try:
            return self.incl_view(view_of(a_nodes, a_ptr), b, at)  # (view_of makes the tuple)
        finally:
            self._descent -= 1

    def _step(self) -> None:
        """Count one inclusion question against `_MAX_STEPS`."""
        self._steps -= 1
        if self._steps < 0:
            raise _OutOfSteps

    def incl_view(self, a: View, b: SNode, at: At) -> bool:
        if a.false or b.schema is True:
            return True
        self._step()
        key = (a.key, id(b.schema), self._quiet > 0)
        entered = self._active.get(key)
        if entered is not None:
            if entered < self._descent:
                return True  # a cycle through a member or item: assume inclusion (coinduction)
            return self.undecided(  # a cycle that consumes nothing: undefined in the spec
                "UNDECIDED_RECURSION",
                a,
                b,
                at,
                f"{subject(at)}: the schema refers to itself without consuming any of the value",
            )
        self._active[key] = self._descent
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
                    self._say(
                        f"{subject(at)} accepts no value any more",
                        f"{subject(at)} is now accepted where it never was",
                    ),
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
                    # An alternative of listed values (`oneOf: [{const: ...}, ...]`, the usual
                    # way to describe each value) whose every value the reader takes is proved
                    # so; one with a value it rejects is reported by the keyword that rejects it
                    if not self._all_read(alt, b):
                        ok = self._check(alt, b, at) and ok
                        if not ok and self._quiet:
                            return False
                return ok
            return self._check(a, b, at)
        except RegexTimeoutError as error:
            return self.too_slow(a, b, at, error)
        finally:
            del self._active[key]

    def too_slow(self, a: View, b: SNode, at: At, error: RegexTimeoutError) -> bool:
        """A pattern that cannot be evaluated in time: undecided here, never compatible."""
        return self.undecided(
            "UNDECIDED_PATTERN",
            a,
            b,
            at,
            f"{subject(at)}: pattern {error.pattern!r} is too slow to evaluate (over "
            f"{error.seconds:g} s on one value), so this could not be decided",
        )

    def trial(self, a: View, b: SNode) -> bool:
        self._quiet += 1
        try:
            return self.incl_view(a, b, ())
        finally:
            self._quiet -= 1

    def member_trial(self, a: View, b: SNode) -> bool:
        """`trial` for the members, items or names of the value at hand (one level down)."""
        self._descent += 1
        try:
            return self.trial(a, b)
        finally:
            self._descent -= 1

    # -- finite writers: exact ----------------------------------------------------------------

    @staticmethod
    def _all_read(a: View, b: SNode) -> bool:
        """True when `a` accepts only a few values (`finite_values`) and `b` accepts each."""
        values = finite_values(a)
        if values is None:
            return False
        return all(is_valid(v, b) for v in values)

    def _finite(self, a: View, values: Sequence[Any], b: SNode, at: At) -> bool:
        bad = []
        for v in values:  # a loop: a comprehension would make `b` a closure cell on every call
            if not is_valid(v, b):
                bad.append(v)
        if not bad:
            return True
        if self._quiet:
            return False
        schema = b.schema if isinstance(b.schema, dict) else {}
        for value in bad[:8]:
            if "type" in schema and not is_valid(
                value,
                snode(
                    b.doc,
                    {
                        "type": schema["type"],
                        **({"nullable": True} if schema.get("nullable") is True else {}),
                    },
                    b.ptr,
                ),
            ):
                pair, what = self._type_loss(a.types, type_mask(schema), at, null=value is None)
                kw: tuple[str, ...] = ("type",)
            elif ("enum" in schema or "const" in schema) and a.enum is not None:
                pair = ("ENUM_VALUE_REMOVED", "ENUM_VALUE_ADDED")
                what = self._say(
                    f"value {shown(value)} of {subject(at)} is no longer accepted",
                    f"value {shown(value)} was added to {subject(at)}",
                )
                kw = ("enum",) if "enum" in schema else ("const",)
            elif "enum" in schema or "const" in schema:
                pair = ("ENUM_ADDED", "ENUM_REMOVED")
                what = self._say(
                    f"{subject(at)} is now restricted to a fixed list of values",
                    f"{subject(at)} is no longer restricted to a fixed list of values",
                )
                kw = ("enum",) if "enum" in schema else ("const",)
            else:
                pair, kw = ("VALUE_REJECTED", "VALUE_REJECTED"), ()
                what = self._say(
                    f"value {shown(value)} of {subject(at)} is no longer accepted",
                    f"{subject(at)} may now be {shown(value)}, which the old schema rejects",
                )
            a_kw = ("enum",) if a.enum is not None and self.side == FORWARD else ()
            self.record(self.pick(pair), a, b, at, what, value, a_kw=a_kw, b_kw=kw)
        return False

    def _type_loss(
        self, writer: int, reader: int, at: At, *, null: bool
    ) -> tuple[tuple[str, str], str]:
        """The rule pair and message for writer values of a type the reader does not accept."""
        if null:
            pair = ("NULLABLE_REMOVED", "NULLABLE_ADDED")
            return pair, self._say(
                f"{subject(at)} no longer accepts null", f"{subject(at)} can now be null"
            )
        old, new = self.old_new(describe_types(writer), describe_types(reader))
        return (
            "TYPE_NARROWED",
            "TYPE_WIDENED",
        ), f"{subject(at)}: type changed from `{old}` to `{new}`"

    # -- one reader schema object against a group-free writer view ---------------------------

    def _check(self, a: View, b: SNode, at: At) -> bool:
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
            mask = type_mask(s)
            if a.types & ~mask:  # else `_types` has nothing to report
                ok = self._types(a, b, mask, at) and ok
        if ("enum" in s or "const" in s) and not (quiet and not ok):
            ok = self._enum(a, b, s, at) and ok
        # `GROUP.isdisjoint(s)`: a frozenset against the dict's keys, no keys view made
        if a.types & STR and not (quiet and not ok) and not _STRING_KEYS.isdisjoint(s):
            ok = self.check_strings(a, b, s, at) and ok
        if a.types & NUMBER and not (quiet and not ok) and not _NUMBER_KEYS.isdisjoint(s):
            ok = self.check_numbers(a, b, s, at) and ok
        if a.types & OBJ and not (quiet and not ok) and not _OBJECT_KEYS.isdisjoint(s):
            ok = self.check_object(a, b, s, at) and ok
        if a.types & ARR and not (quiet and not ok) and not _ARRAY_KEYS.isdisjoint(s):
            ok = self.check_array(a, b, s, at) and ok
        if _APPLICATOR_KEYS.isdisjoint(s) or (quiet and not ok):  # fast path: see _view._absorb
            return ok
        return self._applicators(a, b, s, at, ok)

    def _applicators(self, a: View, b: SNode, s: dict[str, Any], at: At, ok: bool) -> bool:
        """The reader's $ref, allOf, anyOf/oneOf, not and if/then/else (after its own keywords)."""
        quiet = self._quiet > 0
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

    def _types(self, a: View, b: SNode, mask: int, at: At) -> bool:
        extra = a.types & ~mask
        if not extra:
            return True
        if self._quiet:  # fast path (see View.copy): a trial needs the verdict, not the message
            return False
        ok = True
        for part in parts(extra):
            pair, what = self._type_loss(a.types, mask, at, null=part == NULL)
            ok = (
                self.fail(pair, a, b, at, what, extra & part, b_kw=("type",), a_kw=("type",)) and ok
            )
        return ok

    def _enum(self, a: View, b: SNode, s: dict[str, Any], at: At) -> bool:
        allowed = s["enum"] if "enum" in s else [s["const"]]
        keys = {jkey(v) for v in allowed}
        if a.enum is not None and all(jkey(v) in keys for v in a.enum):
            return True
        extra: tuple[Any, ...] = ()
        writer, real = string_patterns(a) if a.enum is None and a.types & STR else ((), False)
        if writer:
            # The writer's strings are a regular language: listed, or not, decidably
            strings = strings_listed(writer, allowed, a.min_len, a.max_len)
            others = a.types & ~STR  # a nullable string's null, listed, is covered too
            if strings.holds and (not others or (others == NULL and jkey(None) in keys)):
                return True
            if strings.witness is not None and real:
                extra = (strings.witness,)
        elif a.enum is None and a.types & ~NULL == INT:
            # A bounded integer range is a few values: each listed, or the first that is not
            unlisted = _unlisted_integer(a, keys)
            if unlisted is None and (a.types == INT or jkey(None) in keys):
                return True
            extra = unlisted or ()
        listed = ", ".join(shown(v) for v in allowed[:6]) + (", ..." if len(allowed) > 6 else "")
        what = self._say(
            f"{subject(at)} is now restricted to {listed}",
            f"{subject(at)} is no longer restricted to {listed}",
        )
        return self.fail(
            ("ENUM_ADDED", "ENUM_REMOVED"),
            a,
            b,
            at,
            what,
            a.types,
            b_kw=("enum" if "enum" in s else "const",),
            extra=extra,
        )
