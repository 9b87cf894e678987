"""The base every part of the inclusion check shares: its state and how it records findings.

`Checker` (in _engine) combines this base with the keyword mixins (_scalars, _objects,
_arrays, _combinators); the mixins reach the walk itself through the stubs declared here.
"""

from __future__ import annotations

from eventkit.compat._catalog import BACKWARD
from eventkit.compat._doc import SNode, join
from eventkit.compat._explain import instance_path, shown, subject
from eventkit.compat._findings import NO_EXAMPLE, Finding
from eventkit.compat._validate import is_valid
from eventkit.compat._view import View, lenient_writes
from eventkit.compat._witness import Hints, candidates

TYPE_CHECKING = False  # not `typing.TYPE_CHECKING`: no `typing` at run time (a cold import)
if TYPE_CHECKING:
    from typing import Any

__all__ = ["At", "CheckBase", "unbounded_as_none"]

At = tuple[str | int, ...]
_MAX_TRIES = 80


def unbounded_as_none(limit: float) -> float | None:
    """A writer's upper limit as shown in a message: none when it has no limit."""
    return None if limit == float("inf") else limit


class CheckBase:
    """State of one direction of one comparison, and the finding-recording methods."""

    side: str  # BACKWARD: writer=old, reader=new; FORWARD: writer=new, reader=old
    lenient: bool
    findings: list[Finding]
    _quiet: int  # > 0 inside a trial: decide only, record nothing
    _negating: set[int]  # `not` schemas being decided through their negation (no loops)
    _descent: int  # instance levels the walk has entered (members, items, names)

    if TYPE_CHECKING:  # the walk, defined by Checker

        def incl(
            self, a_nodes: list[SNode] | tuple[SNode, ...], b: SNode, at: At, a_ptr: str = ""
        ) -> bool: ...
        def incl_view(self, a: View, b: SNode, at: At) -> bool: ...
        def trial(self, a: View, b: SNode) -> bool: ...
        def member_trial(self, a: View, b: SNode) -> bool: ...
        def disjoint(self, a: View, other: SNode) -> bool: ...

    def _say(self, backward: str, forward: str) -> str:
        return backward if self.side == BACKWARD else forward

    def pick(self, pair: tuple[str, str]) -> str:
        return pair[0] if self.side == BACKWARD else pair[1]

    def old_new(self, writer_side: Any, reader_side: Any) -> tuple[Any, Any]:
        return (writer_side, reader_side) if self.side == BACKWARD else (reader_side, writer_side)

    def pointers(
        self, a: View, b: SNode, a_kw: tuple[str | int, ...], b_kw: tuple[str | int, ...]
    ) -> tuple[str, str, str]:
        """(pointer into NEW, pointer into OLD, the document of the NEW pointer if not root)."""
        reader = join(b.ptr, *b_kw) if b_kw else b.ptr
        writer = join(a.ptr, *a_kw) if a_kw else a.ptr
        if self.side == BACKWARD:
            return reader, writer, "" if b.doc.is_root else b.doc.label
        doc = a.nodes[0].doc if a.nodes else None
        return writer, reader, "" if doc is None or doc.is_root else doc.label

    def record(
        self,
        rule_id: str,
        a: View,
        b: SNode,
        at: At,
        what: str,
        example: Any = NO_EXAMPLE,
        *,
        a_kw: tuple[str | int, ...] = (),
        b_kw: tuple[str | int, ...] = (),
    ) -> None:
        """Append a finding: breaking when it has an example, else undecided."""
        new_ptr, old_ptr, document = self.pointers(a, b, a_kw, b_kw)
        self.findings.append(
            Finding(  # positional, in field order: no dict of keywords per finding
                rule_id,
                new_ptr,
                what,
                self.side,
                "breaking" if example is not NO_EXAMPLE else "undecided",
                instance_path(at),
                example,
                old_ptr,
                document,
            )
        )

    def fail(
        self,
        pair: tuple[str, str],
        a: View,
        b: SNode,
        at: At,
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
        rule_id = self.pick(pair) if example is not NO_EXAMPLE else undecided
        self.record(rule_id, a, b, at, what, example, a_kw=a_kw, b_kw=b_kw)
        return False

    def keyword_changed(
        self,
        kw: str,
        pair: tuple[str, str],
        a: View,
        b: SNode,
        at: At,
        writer_value: Any,
        part: int,
        hints: Hints | None = None,
        *,
        undecided: str = "UNDECIDED_CONSTRAINT",
        extra: tuple[Any, ...] = (),
    ) -> bool:
        """Report reader keyword `kw` rejecting writer values: "kw changed from OLD to NEW".

        `writer_value` is the writer's own setting of `kw` (None when it has none); the
        reader's is `b.schema[kw]`. Both sides' pointers end in `kw`.
        """
        old, new = self.old_new(writer_value, b.schema[kw])
        what = f"{subject(at)}: {kw} changed from {shown(old)} to {shown(new)}"
        return self.fail(
            pair,
            a,
            b,
            at,
            what,
            part,
            hints,
            b_kw=(kw,),
            a_kw=(kw,),
            undecided=undecided,
            extra=extra,
        )

    def undecided(self, rule_id: str, a: View, b: SNode, at: At, what: str) -> bool:
        if not self._quiet:
            self.record(rule_id, a, b, at, what)
        return False

    def counterexample(
        self, a: View, b: SNode, part: int, hints: Hints | None, extra: tuple[Any, ...] = ()
    ) -> Any:
        for value in extra:
            if self.writes(a, value) and not is_valid(value, b):
                return value
        for tries, value in enumerate(candidates(a, part, hints)):
            if tries >= _MAX_TRIES:
                break
            try:
                if self.writes(a, value) and not is_valid(value, b):
                    return value
            except RecursionError:
                break
        return NO_EXAMPLE

    def writes(self, a: View, value: Any) -> bool:
        """Whether the writer writes `value`: its schemas accept it and, under LENIENT, no
        object in it has a name the writer's schema closes out (the proof's closure)."""
        return a.accepts(value) and (not self.lenient or lenient_writes(a, value))
