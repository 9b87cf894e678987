"""Objects in the reader: required names, members, counts, dependencies and propertyNames."""

from __future__ import annotations

import itertools
import math

from eventkit.compat._check_base import At, CheckBase, unbounded_as_none
from eventkit.compat._doc import SNode, same_schema_meaning
from eventkit.compat._explain import UNDECLARED, shown, subject
from eventkit.compat._regex_sets import find_string, names_covered, region_name, strings_listed
from eventkit.compat._validate import is_valid
from eventkit.compat._values import OBJ, STR, compile_pattern, pattern_samples, patterns_disjoint
from eventkit.compat._view import (
    FALSE,
    ObjClause,
    View,
    conditional,
    obj_clauses,
    of_types,
    string_patterns,
    view_of,
)
from eventkit.compat._witness import FRESH_NAMES, Hints, candidates

TYPE_CHECKING = False  # not `typing.TYPE_CHECKING`: no `typing` at run time (a cold import)
if TYPE_CHECKING:
    from typing import Any

__all__ = ["ObjectChecks"]

_ANY_VALUES: tuple[Any, ...] = (None, True, 0, 1.5, "", "x", [], {})
# What `_object_counts` reads.
_COUNT_KEYS = frozenset(
    {
        "minProperties",
        "maxProperties",
        "dependentRequired",
        "dependencies",
        "dependentSchemas",
        "propertyNames",
    }
)


def _reader_value(clause: ObjClause, name: str) -> list[SNode]:
    out: list[SNode] = []
    hit = name in clause.props
    if hit:
        node = clause.prop(name)
        if node.schema is not True:
            out.append(node)
    for pattern, node in clause.patterns:
        if compile_pattern(pattern).search(name):
            if node.schema is not True:
                out.append(node)
            hit = True
    if not hit and clause.additional is not None and clause.additional.schema is not True:
        out.append(clause.additional)
    return out


def _any_false(nodes: list[SNode]) -> bool:
    for n in nodes:  # noqa: SIM110 (a loop: no generator, no closure cells in `_member`)
        if n.schema is False:
            return True
    return False


def _dep_schemas(a: View, name: str) -> list[SNode]:
    """The writer's dependent schemas for `name` (here, not in a generator inside
    `_object_counts`, which would make `name` a closure cell on every call), as `Conditional`
    nodes: they apply to the objects having `name`, and never close the object."""
    return [conditional(n) for k, n in a.dep_schemas if k == name]


def _only_pattern(rule: SNode, pattern: str) -> bool:
    """`rule` is exactly "a name matching `pattern`" (the same pattern text)."""
    schema = rule.schema
    return (
        isinstance(schema, dict)
        and schema.get("pattern") == pattern
        and set(schema) <= {"pattern", "type"}
        and schema.get("type", "string") == "string"
    )


def _name_samples(a: View) -> list[str]:
    """Names the writer's propertyNames admit (from its patterns), to aim examples at."""
    out = []
    for node in a.prop_names:
        pattern = node.schema.get("pattern") if isinstance(node.schema, dict) else None
        if isinstance(pattern, str):
            out += [s for s in pattern_samples(pattern) if a.value(s, False) is not FALSE]
    return out


_NAME_GUESSES = 8  # sampled names per writer propertyNames schema


def _names_rejected(a: View, rule: SNode) -> list[str]:
    """Names the writer's propertyNames admit that `rule` may reject, to aim examples at: the
    automata's shortest ones outside each reader pattern, outside its listed names and past
    its lengths, then names sampled at those lengths (each is checked before it is shown)."""
    reader = _names(rule)
    lengths = [int(reader.min_len) - 1] if reader.min_len else []
    if reader.max_len != math.inf:
        lengths.append(int(reader.max_len) + 1)
    out: list[str] = []
    for node in a.prop_names:
        names = _names(node)
        writer, real = string_patterns(names)
        if writer and real:
            questions = [
                find_string(writer, (p,), names.min_len, names.max_len) for p in reader.patterns
            ]
            if reader.enum is not None:
                questions.append(strings_listed(writer, reader.enum, names.min_len, names.max_len))
            for length in lengths:
                questions.append(find_string(writer, (), length, length))
            out += [q.witness for q in questions if q.witness is not None]
        out += [
            v
            for v in itertools.islice(candidates(names, STR, Hints(lengths=lengths)), _NAME_GUESSES)
            if type(v) is str
        ]
    return out


def _names(node: SNode) -> View:
    """A writer's propertyNames schema as the names it admits: strings only, whatever it says
    of other types (`{"maxLength": 3}` admits no number, as no name is one)."""
    return of_types(view_of((node,)), STR)


class ObjectChecks(CheckBase):
    """Reader keywords that constrain objects, checked against the writer's view."""

    def check_object(self, a: View, b: SNode, s: dict[str, Any], at: At) -> bool:
        ok = True
        for name in s.get("required", ()):
            if name in a.required:
                continue
            declared = a.declares(name)
            pair = (
                ("PROPERTY_MADE_REQUIRED", "PROPERTY_MADE_OPTIONAL")
                if declared
                else ("REQUIRED_PROPERTY_ADDED", "PROPERTY_REMOVED")
            )
            where = subject((*at, name))
            what = self._say(
                f"property {where} is now required"
                if declared
                else f"required property {where} was added",
                f"property {where} is no longer required"
                if declared
                else f"property {where} was removed",
            )
            a_kw: tuple[str, ...] = ("properties", name) if declared else ("required",)
            ok = self.fail(pair, a, b, at, what, OBJ, b_kw=("required",), a_kw=a_kw) and ok
            if self._quiet and not ok:
                return False
        for clause in obj_clauses(b):
            ok = self._members(a, b, clause, at) and ok
            if self._quiet and not ok:
                return False
        return self._object_counts(a, b, s, at) and ok

    def _members(self, a: View, b: SNode, clause: ObjClause, at: At) -> bool:
        ok = True
        declared_a = set(a.obj[0].props) if len(a.obj) == 1 else {n for c in a.obj for n in c.props}
        # fast path: +12% on bench/compat.py figure compat.check_vs_version_process (measured
        # 2026-12-06): a name that the writer's one member clause and the reader's clause both
        # declare, where no pattern or propertyNames can reach it, with schemas of the same
        # meaning, is included (`_member` would say so through `incl`), so no nodes are made.
        mine = a.obj[0] if len(a.obj) == 1 else None
        if mine is not None and (mine.patterns or a.prop_names or clause.patterns):
            mine = None
        for name in sorted(declared_a | set(clause.props)):
            if (
                mine is not None
                and name in mine.props
                and name in clause.props
                and same_schema_meaning(
                    mine.owner.doc, mine.props[name], clause.owner.doc, clause.props[name]
                )
            ):
                continue
            ok = self._member(a, b, clause, name, at) and ok
            if self._quiet and not ok:
                return False
        if not clause.patterns and clause.additional is None:
            return ok  # the reader says nothing of other names: every region has no target
        return self._regions(a, b, clause, declared_a, at) and ok

    def _regions(  # noqa: C901
        self, a: View, b: SNode, clause: ObjClause, declared_a: set[str], at: At
    ) -> bool:
        """The names `_members` did not list: those matching a writer pattern, and those the
        writer leaves open (a method of its own: its comprehensions make closure cells)."""
        ok = True
        closable = self.lenient and a.closable()
        regions: list[tuple[list[SNode], list[str]]] = []
        for c in a.obj:
            for pattern, node in c.patterns:
                if node.schema is not False:
                    regions.append(([node], [pattern]))
        if not closable:
            open_nodes: list[SNode] = []
            empty = False
            for c in a.obj:  # these names match no writer pattern: each clause's additional applies
                if c.additional is not None:
                    empty = empty or c.additional.schema is False
                    open_nodes.append(c.additional)
            # propertyNames equal to one of the writer's patterns: every name matches a pattern
            empty = empty or (
                bool(a.prop_names)  # else no generator to run
                and any(
                    _only_pattern(pn, p)
                    for pn in a.prop_names
                    for c in a.obj
                    for p, _ in c.patterns
                )
            )
            if not empty:
                regions.append((open_nodes, []))
        writer_patterns = [p for c in a.obj for p, _ in c.patterns]
        for nodes, patterns in regions:
            targets: list[tuple[list[SNode], SNode]]
            if patterns:  # names matching the writer's pattern: reader patterns that may overlap
                # a name matching reader pattern q also meets the writer's own schemas for q
                targets = [
                    (
                        nodes
                        + [n for c in a.obj for p, n in c.patterns if p == q and p != patterns[0]],
                        t,
                    )
                    for q, t in clause.patterns
                    if not patterns_disjoint(patterns[0], q)
                ]
            else:  # names the writer leaves open: they match none of the writer's patterns
                targets = [
                    (nodes, n)
                    for q, n in clause.patterns
                    if q not in writer_patterns and not names_covered((q,), writer_patterns)
                ]
            if (
                clause.additional is not None
                and not any(p in patterns for p, _ in clause.patterns)
                and not names_covered(patterns, [q for q, _ in clause.patterns])
            ):  # some names here match no reader pattern
                targets.append((nodes, clause.additional))
            for writer, target in targets:
                if target.schema is True or self.member_trial(view_of(writer, a.ptr), target):
                    continue
                if self._quiet:
                    return False
                names = [s for p in patterns for s in pattern_samples(p)]
                names += [  # a shortest name in this region that the reader's pattern matches
                    w
                    for q, n in clause.patterns
                    if n is target
                    for w in region_name(patterns, q, () if patterns else writer_patterns)
                ]
                if not patterns:
                    names += list(FRESH_NAMES) + _name_samples(a)
                    names += [
                        s for p, n in clause.patterns if n is target for s in pattern_samples(p)
                    ]
                ok = (
                    self._concrete(
                        a,
                        b,
                        clause,
                        names,
                        declared_a,
                        at,
                        "names matching "
                        + (shown(patterns[0]) if patterns else "no declared property"),
                    )
                    and ok
                )
        return ok

    def _concrete(
        self,
        a: View,
        b: SNode,
        clause: ObjClause,
        names: list[str],
        skip: set[str],
        at: At,
        region: str,
    ) -> bool:
        for name in names:
            if name in skip or name in clause.props:
                continue
            before = len(self.findings)
            if (
                not self._member(a, b, clause, name, at, undeclared=True)
                and len(self.findings) > before
            ):
                return False
        return self.undecided(
            "UNDECIDED_PATTERN",
            a,
            b,
            at,
            f"{subject(at)}: properties with {region} may no longer be accepted",
        )

    def _member(
        self, a: View, b: SNode, clause: ObjClause, name: str, at: At, *, undeclared: bool = False
    ) -> bool:
        writer = a.value(name, self.lenient)
        if writer is FALSE:
            return True
        reader = _reader_value(clause, name)
        if not reader:
            return True
        here = (*at, UNDECLARED if undeclared and name in FRESH_NAMES else name)
        if _any_false(reader):
            where = subject(here)
            if a.declares(name):
                pair = ("CLOSED_MODEL_PROPERTY_REMOVED", "CLOSED_MODEL_PROPERTY_ADDED")
                what = self._say(
                    f"property {where} was removed from an object that forbids undeclared properties",
                    f"property {where} was added, but the old schema forbids undeclared properties",
                )
            else:
                pair = ("CONTENT_MODEL_CLOSED", "CONTENT_MODEL_OPENED")
                what = self._say(
                    f"{subject(at)} no longer accepts undeclared properties such as `{name}`",
                    f"{subject(at)} now accepts undeclared properties such as `{name}`, which the old schema forbids",
                )
            return self.fail(
                pair,
                a,
                b,
                at,
                what,
                OBJ,
                Hints(names=[name]),
                b_kw=("additionalProperties",),
                a_kw=("properties", name) if a.declares(name) else (),
            )
        if not writer and not a.declares(name):
            return self._open_member(a, b, clause, name, at, here, reader)
        ok = True
        for node in reader:
            ok = self.incl(writer, node, here, a.ptr) and ok  # type: ignore[arg-type]
        return ok

    def _open_member(
        self, a: View, b: SNode, clause: ObjClause, name: str, at: At, here: At, reader: list[SNode]
    ) -> bool:
        """A name the writer leaves open (any value) that the reader constrains (a method of
        its own, written with loops: generators would make the variables closure cells)."""
        for node in reader:
            if not self.member_trial(view_of((), a.ptr), node):
                break
        else:
            return True
        where = subject(here)
        if name in clause.props:
            pair = ("OPEN_MODEL_PROPERTY_ADDED", "OPEN_MODEL_PROPERTY_REMOVED")
            what = self._say(
                f"property {where} was added to an open object, where old writers could already send `{name}` with any value",
                f"property {where} was removed from an open object, so new writers may send `{name}` with any value",
            )
            b_kw: tuple[str, ...] = ("properties", name)
        else:
            pair = ("CONTENT_MODEL_CLOSED", "CONTENT_MODEL_OPENED")
            what = self._say(
                f"{subject(at)}: undeclared properties (such as `{name}`) are now restricted",
                f"{subject(at)}: undeclared properties (such as `{name}`) are no longer restricted",
            )
            b_kw = ("additionalProperties",)
        base = next(iter(self._objects(a)), None)
        extra: tuple[Any, ...] = ()
        if isinstance(base, dict):
            objects = []
            for v in _ANY_VALUES:
                objects.append({**base, name: v})
            extra = tuple(objects)
        return self.fail(pair, a, b, at, what, OBJ, Hints(names=[name]), b_kw=b_kw, extra=extra)

    def _objects(self, a: View) -> list[dict[str, Any]]:
        out = []
        for value in candidates(a, OBJ):
            if isinstance(value, dict) and self.writes(a, value):
                out.append(value)
                break
        return out

    def _object_counts(self, a: View, b: SNode, s: dict[str, Any], at: At) -> bool:  # noqa: C901
        if _COUNT_KEYS.isdisjoint(s):  # fast path: see _view._absorb
            return True
        ok = True
        low = max(a.min_props, len(a.required))
        if "minProperties" in s and low < s["minProperties"]:
            ok = (
                self.keyword_changed(
                    "minProperties",
                    ("MIN_PROPERTIES_INCREASED", "MIN_PROPERTIES_DECREASED"),
                    a,
                    b,
                    at,
                    a.min_props or None,
                    OBJ,
                )
                and ok
            )
        if (
            "maxProperties" in s
            and a.max_props > s["maxProperties"]
            and self._max_names(a) > s["maxProperties"]
        ):
            ok = (
                self.keyword_changed(
                    "maxProperties",
                    ("MAX_PROPERTIES_DECREASED", "MAX_PROPERTIES_INCREASED"),
                    a,
                    b,
                    at,
                    unbounded_as_none(a.max_props),
                    OBJ,
                    Hints(sizes=[int(s["maxProperties"]) + 1]),
                )
                and ok
            )
        needs: dict[str, tuple[str, set[str]]] = {}
        for name, req in s.get("dependentRequired", {}).items():
            needs[name] = ("dependentRequired", set(req))
        for name, dep in s.get("dependencies", {}).items():
            if isinstance(dep, list):
                needs[name] = ("dependencies", set(dep))
        for name, (kw, req) in needs.items():
            if a.value(name, self.lenient) is FALSE:
                continue
            missing = req - a.required - a.dep_req.get(name, set())
            if missing:
                what = self._say(
                    f"{subject(at)}: `{name}` now requires {', '.join(sorted(missing))}",
                    f"{subject(at)}: `{name}` no longer requires {', '.join(sorted(missing))}",
                )
                ok = (
                    self.fail(
                        ("DEPENDENT_REQUIRED_ADDED", "DEPENDENT_REQUIRED_REMOVED"),
                        a,
                        b,
                        at,
                        what,
                        OBJ,
                        Hints(names=[name]),
                        b_kw=(kw, name),
                    )
                    and ok
                )
        schemas = [("dependentSchemas", n) for n in s.get("dependentSchemas", {})]
        schemas += [
            ("dependencies", n)
            for n, d in s.get("dependencies", {}).items()
            if not isinstance(d, list)
        ]
        for kw, name in schemas:
            if a.value(name, self.lenient) is FALSE:
                continue
            dep = b.child(kw, name)
            having = view_of((*a.nodes, *_dep_schemas(a, name)), a.ptr)
            having.types &= OBJ
            if having.types == 0 or having.false or self.trial(having, dep):
                continue
            what = self._say(
                f"{subject(at)}: objects with `{name}` must now also match {kw}/{name}",
                f"{subject(at)}: objects with `{name}` no longer need to match {kw}/{name}",
            )
            ok = (
                self.fail(
                    ("DEPENDENT_SCHEMA_NARROWED", "DEPENDENT_SCHEMA_WIDENED"),
                    a,
                    b,
                    at,
                    what,
                    OBJ,
                    Hints(names=[name]),
                    b_kw=(kw, name),
                )
                and ok
            )
        if "propertyNames" in s:
            ok = self._property_names(a, b, at) and ok
        return ok

    def _max_names(self, a: View) -> float:
        if (
            not (self.lenient and a.closable())
            and any(
                c.patterns or c.additional is None or c.additional.schema is not False
                for c in a.obj
            )
        ) or not a.obj:
            return a.max_props
        names = {n for c in a.obj for n in c.props if a.value(n, self.lenient) is not FALSE}
        return min(a.max_props, len(names))

    def _property_names(self, a: View, b: SNode, at: At) -> bool:
        rule = b.child("propertyNames")
        names = [n for c in a.obj for n in c.props if a.value(n, self.lenient) is not FALSE]
        bad = [n for n in names if not is_valid(n, rule)]
        if not bad and self._other_names_fit(a, rule):
            return True
        what = self._say(
            f"{subject(at)}: property names are now restricted by propertyNames",
            f"{subject(at)}: property names are no longer restricted as the old schema requires",
        )
        return self.fail(
            ("PROPERTY_NAMES_NARROWED", "PROPERTY_NAMES_WIDENED"),
            a,
            b,
            at,
            what,
            OBJ,
            Hints(names=bad or [*FRESH_NAMES, *_name_samples(a), *_names_rejected(a, rule)]),
            b_kw=("propertyNames",),
        )

    def _other_names_fit(self, a: View, rule: SNode) -> bool:
        """Whether the names the writer does not declare all pass the reader's propertyNames."""
        if any(self.member_trial(_names(pn), rule) for pn in a.prop_names):
            return True
        if self.lenient and a.closable():
            return True
        closing = [c for c in a.obj if c.additional is not None and c.additional.schema is False]
        return any(  # a closed clause admits only its patterns' names: the reader's own pattern?
            all(_only_pattern(rule, p) for p, n in c.patterns if n.schema is not False)
            for c in closing
        )
