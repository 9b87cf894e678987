"""The state of a view: one conjunction of writer schemas, its tightened constraints and the
object/array clauses still to distribute (built and refined in `_view`)."""

from __future__ import annotations

import math
from types import MappingProxyType

from eventkit.compat._doc import SNode, snode
from eventkit.compat._validate import is_valid
from eventkit.compat._values import ALL_TYPES, compile_pattern

TYPE_CHECKING = False  # not `typing.TYPE_CHECKING`: no `typing` at run time (a cold import)
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any

__all__ = ["FALSE", "MAX_ALTERNATIVES", "ArrClause", "ObjClause", "TooManyAlternatives", "View"]


MAX_ALTERNATIVES = 64
_NO_NAMES: frozenset[str] = frozenset()
_NO_DEPS: Mapping[str, frozenset[str]] = MappingProxyType({})


class TooManyAlternatives(Exception):
    """Distributing anyOf/oneOf would create more alternatives than the engine tries."""


class _False:
    def __repr__(self) -> str:
        return "FALSE"


FALSE = _False()  # "this name/position can never appear"


class ObjClause:
    """One schema object's member clause. `props` is the names it declares (the schema's own
    `properties` object, not copied); `prop(name)` makes the node of one of them on demand."""

    __slots__ = ("additional", "declared", "explicit", "owner", "patterns", "props", "stated")
    owner: SNode
    props: Mapping[str, Any]
    stated: bool  # True: `properties` states them; False: only names (evaluated)
    declared: bool  # the schema has a `properties` keyword (a model class)
    patterns: list[tuple[str, SNode]]
    additional: SNode | None  # None: absent or `true`
    explicit: bool  # additionalProperties written as a schema (map semantics)

    # Made by `ObjClause.of`, not by calling the class with arguments (see `View.of`).
    @staticmethod
    def of(owner: SNode, props: Mapping[str, Any], stated: bool) -> ObjClause:
        self = ObjClause()
        self.owner = owner
        self.props = props
        self.stated = stated
        self.declared = False
        self.patterns = []
        self.additional = None
        self.explicit = False
        return self

    def prop(self, name: str) -> SNode:
        """The node of declared name `name`: its `properties` member, or `true` at the
        clause's own place for a name another keyword evaluated."""
        if self.stated:
            return self.owner.child("properties", name)
        return snode(self.owner.doc, True, None, self.owner)


class ArrClause:
    __slots__ = ("prefix", "rest")

    def __init__(self, prefix: list[SNode], rest: SNode | None) -> None:
        self.prefix = prefix
        self.rest = rest


class View:
    __slots__ = (
        "_ptr",
        "arr",
        "contains",
        "dep_req",
        "dep_schemas",
        "enum",
        "false",
        "formats",
        "groups",
        "hi",
        "hi_x",
        "key",
        "lo",
        "lo_x",
        "max_contains",
        "max_items",
        "max_len",
        "max_props",
        "min_items",
        "min_len",
        "min_props",
        "mults",
        "nodes",
        "obj",
        "patterns",
        "prop_names",
        "required",
        "types",
        "unique",
    )

    nodes: tuple[SNode, ...]
    _ptr: str
    key: tuple[int, ...]
    false: bool
    types: int
    enum: tuple[Any, ...] | None
    min_len: int
    max_len: float
    patterns: tuple[str, ...]
    formats: tuple[str, ...]
    lo: float | None
    lo_x: bool
    hi: float | None
    hi_x: bool
    mults: tuple[float, ...]
    obj: tuple[ObjClause, ...]
    required: frozenset[str]
    min_props: int
    max_props: float
    dep_req: Mapping[str, frozenset[str]]
    dep_schemas: tuple[tuple[str, SNode], ...]
    prop_names: tuple[SNode, ...]
    arr: tuple[ArrClause, ...]
    min_items: int
    max_items: float
    unique: bool
    contains: tuple[tuple[SNode, int], ...]
    max_contains: tuple[tuple[SNode, int], ...]  # (contains schema, maxContains)
    groups: tuple[tuple[str, SNode, int], ...]  # (kind, node holding it, count)

    # Containers are immutable (tuples, frozensets, a mapping never written in place), so a
    # new view shares the empty defaults and a copy shares its parent's: every refinement in
    # `_view` assigns a new container.
    # Made by `View.of` (or `copy`), not by calling the class with arguments: a class with an
    # `__init__` of its own is called through a slow generic path.
    @staticmethod
    def of(nodes: tuple[SNode, ...], ptr: str = "") -> View:
        """The unconstrained view of `nodes` (a conjunction), before anything is absorbed."""
        self = View()
        self.nodes = nodes
        self._ptr = ptr
        self.key = (
            (id(nodes[0].schema),) if len(nodes) == 1 else tuple([id(n.schema) for n in nodes])
        )
        self.false = False
        self.types = ALL_TYPES
        self.enum = None
        self.min_len = 0
        self.max_len = math.inf
        self.patterns = ()
        self.formats = ()
        self.lo = None
        self.lo_x = False
        self.hi = None
        self.hi_x = False
        self.mults = ()
        self.obj = ()
        self.required = _NO_NAMES
        self.min_props = 0
        self.max_props = math.inf
        self.dep_req = _NO_DEPS
        self.dep_schemas = ()
        self.prop_names = ()
        self.arr = ()
        self.min_items = 0
        self.max_items = math.inf
        self.unique = False
        self.contains = ()
        self.max_contains = ()
        self.groups = ()
        return self

    @property
    def ptr(self) -> str:
        return self.nodes[0].ptr if self.nodes else self._ptr

    # fast path: +9% on bench/compat.py figure compat.throughput_vs_jsoncompat (measured
    # 2026-12-06), together with `accepts` below and the early verdict in `_engine._types`:
    # spelled out slot by slot, not a loop over __slots__ with getattr/setattr. Every slot is
    # immutable or never written in place, so the copy shares them all
    # (tests/compat/test_view_copy.py holds it to every slot).
    def copy(self) -> View:
        new = View()
        new._ptr = self._ptr
        new.arr = self.arr
        new.contains = self.contains
        new.dep_req = self.dep_req
        new.dep_schemas = self.dep_schemas
        new.enum = self.enum
        new.false = self.false
        new.formats = self.formats
        new.groups = self.groups
        new.hi = self.hi
        new.hi_x = self.hi_x
        new.key = self.key
        new.lo = self.lo
        new.lo_x = self.lo_x
        new.max_contains = self.max_contains
        new.max_items = self.max_items
        new.max_len = self.max_len
        new.max_props = self.max_props
        new.min_items = self.min_items
        new.min_len = self.min_len
        new.min_props = self.min_props
        new.mults = self.mults
        new.nodes = self.nodes
        new.obj = self.obj
        new.patterns = self.patterns
        new.prop_names = self.prop_names
        new.required = self.required
        new.types = self.types
        new.unique = self.unique
        return new

    # -- what a writer may put under an object member / array position -------------------------

    # loops, not generators, in `declares` and `value`: a generator makes `name` a closure
    # cell on every call, and these run for every member compared
    def declares(self, name: str) -> bool:
        for c in self.obj:  # noqa: SIM110
            if name in c.props:
                return True
        return False

    def value(self, name: str, closed: bool) -> list[SNode] | _False:
        """The conjunction of schemas a member `name` must satisfy, or FALSE if it cannot occur.

        `closed` (LENIENT writers): a name no clause declares cannot occur when the object
        declares properties and has no additionalProperties schema (a producer's model has
        no place for it)."""
        for pn in self.prop_names:
            if not is_valid(name, pn):
                return FALSE  # propertyNames rejects the name: no object carries it
        out: list[SNode] = []
        declared = False
        for clause in self.obj:
            hit = False
            if name in clause.props:
                out.append(clause.prop(name))
                hit = True
            for pattern, node in clause.patterns:
                if compile_pattern(pattern).search(name):
                    out.append(node)
                    hit = True
            declared = declared or hit
            if not hit and clause.additional is not None:
                out.append(clause.additional)
        if not declared and closed and self.closable():
            return FALSE
        for node in out:  # a loop, not a generator: this runs for every member compared
            if node.schema is False:
                return FALSE
        return out

    def closable(self) -> bool:
        declared = False
        for clause in self.obj:
            if clause.explicit:
                return False
            declared = declared or clause.declared
        return declared

    def item(self, index: int) -> list[SNode] | _False:
        if index >= self.max_items:
            return FALSE
        out = []
        for clause in self.arr:
            node = clause.prefix[index] if index < len(clause.prefix) else clause.rest
            if node is not None:
                if node.schema is False:
                    return FALSE
                out.append(node)
        return out

    def tuple_len(self) -> int:
        if not self.arr:
            return 0
        return max([len(c.prefix) for c in self.arr])

    def accepts(self, value: Any) -> bool:
        # fast path (see `copy`): a loop, no generator, as this runs for every candidate
        for node in self.nodes:  # noqa: SIM110
            if not is_valid(value, node):
                return False
        return True
