"""Regular expressions as sets of strings: inclusion, overlap and shortest witnesses.

A schema's `pattern` is an ECMA-262 regular expression searched *anywhere* in the string, so
`abc` stands for every string containing "abc", `^` for the start and `$` for the very end.
Each pattern is read in `schema_regex`'s Python spelling (the ECMA meaning made explicit:
`\\d`, `\\w`, `\\s` and `.` as code-point classes, `$` as the end of the string), parsed with
the standard library's own parser, and built into an automaton over code points:

- a Thompson NFA for `<anything> pattern <anything>`, where `^` and `$` are empty moves
  allowed only at the start and at the end of the string (so anchors inside alternations and
  groups keep their exact meaning);
- a DFA built lazily from it, over intervals of code points: every character class, negated
  ones included, is a union of intervals of 0..U+10FFFF, so there is no "other character"
  symbol to get wrong;
- a breadth-first walk of the product of several DFAs, which finds a *shortest* string in
  the intersection of some languages minus the union of others, or proves there is none.

Back-references, look-around, `\\b` and `\\p{...}` have no automaton here: such patterns are
undecided. Every walk is bounded (NFA nodes, DFA states, product states, alphabet size), so a
hostile pattern is undecided quickly instead of slow. A witness is re-checked with
`schema_regex` before it is returned. docs/decisions/0020-regex-inclusion-by-automata.md.
"""

from __future__ import annotations

import math
import sys
from bisect import bisect_right
from collections import deque
from functools import lru_cache
from itertools import pairwise

from eventkit import schema_regex
from eventkit.error_base import RegexSyntaxError, RegexTimeoutError

TYPE_CHECKING = False  # not `typing.TYPE_CHECKING`: no `typing` at run time (a cold import)
if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from typing import Any

__all__ = [
    "RegexVerdict",
    "find_string",
    "names_covered",
    "patterns_apart",
    "region_name",
    "strings_listed",
]

__import__("re._parser")  # loaded by `re` already; `sys.modules` types it as Any
_sre_p: Any = sys.modules["re._parser"]
_sre_c: Any = sys.modules["re._constants"]

MAX_CODE_POINT = schema_regex.MAX_CODE_POINT
_complement = schema_regex.complement_ranges  # one definition of the complement over Unicode
MAX_NFA_NODES = 2_000  # `x{1000}` is about 1,000 nodes
MAX_DFA_STATES = 2_000  # per pattern
MAX_DFA_WORK = 300_000  # NFA nodes visited while building one pattern's DFA (about 0.3 s)
MAX_PRODUCT_STATES = 20_000  # per question
MAX_PRODUCT_WORK = 200_000  # product states times character ranges, per question
MAX_ATOMS = 1_024  # distinct code-point intervals in one question
MAX_TRACKED_LENGTH = 256  # longer length bounds are left out (an over-approximation)

_FRIENDLY = "a0A_-x. "  # characters a witness prefers, when the interval allows


class Undecidable(Exception):
    """The pattern has no automaton here (or a too large one); `reason` says which."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class RegexVerdict:
    """`holds`: True proved, False refuted by `witness`, None undecided (`reason`).

    A plain class, not a `@dataclass`: `dataclasses` (with `inspect`) is most of a cold
    `import eventkit.compat`. Only the constructor and the attributes are used.
    """

    __slots__ = ("holds", "reason", "witness")

    def __init__(self, holds: bool | None, witness: str | None = None, reason: str = "") -> None:
        self.holds = holds
        self.witness = witness
        self.reason = reason


# -- pattern -> NFA ---------------------------------------------------------------------------

Ranges = tuple[tuple[int, int], ...]
_EVERYTHING: Ranges = ((0, MAX_CODE_POINT),)


class _Nfa:
    """Nodes with character moves (intervals), empty moves, and the empty moves that `^` and
    `$` allow only at the start and at the end (few: kept apart, so a step follows only the
    plain ones)."""

    def __init__(self) -> None:
        self.moves: list[list[tuple[Ranges, int]]] = []
        self.empty: list[list[int]] = []  # targets
        self.begin: dict[int, list[int]] = {}
        self.end: dict[int, list[int]] = {}

    def node(self) -> int:
        if len(self.moves) >= MAX_NFA_NODES:
            raise Undecidable(f"its automaton needs more than {MAX_NFA_NODES} states")
        self.moves.append([])
        self.empty.append([])
        return len(self.moves) - 1

    def char(self, ranges: Ranges) -> tuple[int, int]:
        start, end = self.node(), self.node()
        self.moves[start].append((ranges, end))
        return start, end

    def sequence(self, items: Any) -> tuple[int, int]:
        start = end = self.node()
        for op, arg in items:
            first, last = self.item(op, arg)
            self.empty[end].append(first)
            end = last
        return start, end

    def item(self, op: Any, arg: Any) -> tuple[int, int]:  # noqa: C901
        c = _sre_c
        if op is c.LITERAL:
            return self.char(((arg, arg),))
        if op is c.NOT_LITERAL:
            return self.char(_complement([(arg, arg)]))
        if op is c.IN:
            return self.char(_class_ranges(arg))
        if op is c.SUBPATTERN:
            if arg[1] or arg[2]:
                raise Undecidable("it sets inline flags")
            return self.sequence(arg[3])
        if op is c.BRANCH:
            start, end = self.node(), self.node()
            for branch in arg[1]:
                first, last = self.sequence(branch)
                self.empty[start].append(first)
                self.empty[last].append(end)
            return start, end
        if op in (c.MAX_REPEAT, c.MIN_REPEAT):  # lazy or greedy: the same strings
            return self.repeat(*arg)
        if op is c.AT and arg in (c.AT_BEGINNING, c.AT_END_STRING):
            start, end = self.node(), self.node()
            anchored = self.begin if arg is c.AT_BEGINNING else self.end
            anchored.setdefault(start, []).append(end)
            return start, end
        if op in (c.ASSERT, c.ASSERT_NOT):
            raise Undecidable("it uses look-around")
        if op in (c.GROUPREF, c.GROUPREF_EXISTS):
            raise Undecidable("it uses a back-reference")
        if op is c.AT:
            raise Undecidable("it uses a word boundary (\\b or \\B)")
        raise Undecidable(f"it uses {str(op).lower()}")

    def repeat(self, low: int, high: int, items: Any) -> tuple[int, int]:
        unbounded = high is _sre_c.MAXREPEAT
        if low + (0 if unbounded else high - low) > MAX_NFA_NODES:
            raise Undecidable(f"its automaton needs more than {MAX_NFA_NODES} states")
        start = end = self.node()
        for _ in range(low):
            first, last = self.sequence(items)
            self.empty[end].append(first)
            end = last
        if unbounded:  # a loop: body, back to its start, or on
            loop = self.node()
            first, last = self.sequence(items)
            self.empty[end].append(loop)
            self.empty[loop].append(first)
            self.empty[last].append(loop)
            return start, loop
        done = self.node()
        for _ in range(high - low):  # each optional copy may be skipped to the end
            self.empty[end].append(done)
            first, last = self.sequence(items)
            self.empty[end].append(first)
            end = last
        self.empty[end].append(done)
        return start, done


def _class_ranges(items: Any) -> Ranges:
    c = _sre_c
    ranges: list[tuple[int, int]] = []
    negated = False
    for op, arg in items:
        if op is c.NEGATE:
            negated = True
        elif op is c.LITERAL:
            ranges.append((arg, arg))
        elif op is c.RANGE:
            ranges.append(arg)
        else:  # categories never survive schema_regex's translation; refuse rather than guess
            raise Undecidable(f"it uses a class item {str(op).lower()}")
    return _complement(ranges) if negated else _complement(_complement(ranges))


# -- NFA -> lazy DFA --------------------------------------------------------------------------


class _Dfa:
    """The search language of one pattern, determinised on demand over its own intervals.

    A state's whole row (its target for every interval, `rows`) is built the first time it is
    stepped: a product search steps every state it reaches on every interval anyway, and the
    intervals a row's moves treat alike share one empty-move closure and one lookup.
    """

    def __init__(self, pattern: str) -> None:
        try:
            parsed = _sre_p.parse(schema_regex.python_syntax(pattern))
        except RegexSyntaxError:
            raise
        except Exception as error:  # e.g. `\p{L}`, which the stdlib parser cannot read
            raise Undecidable(f"its syntax has no automaton here ({error})") from None
        nfa = _Nfa()
        head, tail = nfa.node(), nfa.node()  # <anything> before and after the match
        first, last = nfa.sequence(parsed)
        nfa.moves[head].append((_EVERYTHING, head))
        nfa.empty[head].append(first)
        nfa.empty[last].append(tail)
        nfa.moves[tail].append((_EVERYTHING, tail))
        self.empty, self.begin, self.end = nfa.empty, nfa.begin, nfa.end
        self.tail = tail
        edges = {0}
        for node_moves in nfa.moves:
            for ranges, _ in node_moves:
                for lo, hi in ranges:
                    edges.add(lo)
                    edges.add(hi + 1)
        edges.discard(MAX_CODE_POINT + 1)
        self.bounds = sorted(edges)
        atom = {lo: i for i, lo in enumerate(self.bounds)}  # the atom starting at lo
        # per node: (first atom, last atom, target) for each character move
        self.moves = [
            [
                (atom[lo], atom[hi + 1] - 1 if hi < MAX_CODE_POINT else len(atom) - 1, target)
                for ranges, target in node_moves
                for lo, hi in ranges
            ]
            for node_moves in nfa.moves
        ]
        self.sets: list[frozenset[int]] = []
        self.ids: dict[tuple[frozenset[int], bool], int] = {}
        self.accepting: list[bool] = []
        self.universal: list[bool] = []
        self.dead: list[bool] = []
        self.rows: list[list[int] | None] = []  # per state, its target per atom once built
        # the state a set of move targets closes to, and that closure's size (its work)
        self.closes: dict[frozenset[int], tuple[int, int]] = {}
        self.work = 0
        self.start = self._intern(self._closure([head], begin=True), at_start=True)

    def _reach(self, nodes: Iterable[int], *, begin: bool, end: bool) -> set[int]:
        """The nodes `nodes` reach by empty moves (`^` ones if `begin`, `$` ones if `end`)."""
        empty = self.empty
        anchored: list[dict[int, list[int]]] = []  # none in a step's closure
        if begin and self.begin:
            anchored.append(self.begin)
        if end and self.end:
            anchored.append(self.end)
        seen = set(nodes)
        todo = list(seen)
        while todo:
            node = todo.pop()
            for target in empty[node]:
                if target not in seen:
                    seen.add(target)
                    todo.append(target)
            if anchored:
                for moves in anchored:
                    for target in moves.get(node, ()):
                        if target not in seen:
                            seen.add(target)
                            todo.append(target)
        return seen

    def _charge(self, work: int) -> None:
        self.work += work
        if self.work > MAX_DFA_WORK:
            raise Undecidable("its automaton is too large to build in time")

    def _closure(self, nodes: Iterable[int], *, begin: bool, end: bool = False) -> frozenset[int]:
        seen = self._reach(nodes, begin=begin, end=end)
        self._charge(len(seen))
        if self.tail in seen:  # past a match every continuation matches: one state for all
            return frozenset((self.tail,))
        return frozenset(seen)

    def _intern(self, nodes: frozenset[int], *, at_start: bool) -> int:
        key = (nodes, at_start)  # `^` may still hold only in the start state
        found = self.ids.get(key)
        if found is not None:
            return found
        if len(self.sets) >= MAX_DFA_STATES:
            raise Undecidable(f"its automaton needs more than {MAX_DFA_STATES} states")
        self.ids[key] = len(self.sets)
        self.sets.append(nodes)
        # accepting: the tail reached once `$` holds; `nodes` is closed under plain moves
        # already, so without `^`/`$` moves to follow it is its own closure (same work charged)
        anchors = self.end or (at_start and self.begin)
        closed = self._reach(nodes, begin=at_start, end=True) if anchors else nodes
        self._charge(len(closed))
        self.accepting.append(self.tail in closed)
        self.universal.append(self.tail in nodes)  # the tail loops on everything
        self.dead.append(not nodes)
        self.rows.append(None)
        return len(self.sets) - 1

    def row(self, state: int) -> list[int]:
        """`state`'s target for every atom, built on its first step.

        The work is charged per atom, in atom order, as stepping each atom on its own would
        be (the same caps, met at the same atom); but the atoms between two consecutive ends
        of the state's moves have the same targets, so each such run costs one lookup, and
        each set of targets one closure and one intern in the automaton's life."""
        spans = [move for node in self.sets[state] for move in self.moves[node]]
        atoms = len(self.bounds)
        cuts = {0, atoms}
        for first, last, _ in spans:
            cuts.add(first)
            cuts.add(last + 1)
        ends = sorted(cuts)
        closes = self.closes
        row: list[int] = []
        owed = 0  # work charged before the next intern, or at the end (same caps, same place)
        for lo, hi in pairwise(ends):  # a run of atoms with the same targets
            targets = frozenset([t for a, b, t in spans if a <= lo <= b])
            found = closes.get(targets)
            if found is None:
                reached = self._reach(targets, begin=False, end=False)
                self._charge(owed + len(reached))  # up to the run's first atom, then its intern
                nodes = frozenset((self.tail,)) if self.tail in reached else frozenset(reached)
                found = closes[targets] = (self._intern(nodes, at_start=False), len(reached))
                owed = found[1] * (hi - lo - 1)
            else:
                owed += found[1] * (hi - lo)
            row += [found[0]] * (hi - lo)
        self._charge(owed)
        self.rows[state] = row
        return row

    def step(self, state: int, atom: int) -> int:
        """One transition (the search reads whole rows; tests step one at a time)."""
        row = self.rows[state]
        return (self.row(state) if row is None else row)[atom]


@lru_cache(maxsize=512)
def _built(pattern: str) -> _Dfa | Undecidable:
    try:
        return _Dfa(pattern)
    except Undecidable as error:  # remembered, so a hostile pattern costs its cap once
        return error


def _dfa(pattern: str) -> _Dfa:
    built = _built(pattern)
    if isinstance(built, Undecidable):
        raise built
    return built


# -- questions over several patterns ----------------------------------------------------------


def _representative(lo: int, hi: int) -> str:
    for char in _FRIENDLY:
        if lo <= ord(char) <= hi:
            return char
    for code in (lo, hi):
        if not 0xD800 <= code <= 0xDFFF:
            return chr(code)
    return chr(0xE000) if hi >= 0xE000 else chr(lo)  # lo..hi lies in the surrogates


@lru_cache(maxsize=4096)
def _cached_search(
    positives: tuple[str, ...], negatives: tuple[str, ...], min_len: int, max_len: float
) -> str | Undecidable | None:
    try:
        return _search(positives, negatives, min_len, max_len)
    except Undecidable as error:
        return error


def _search(  # noqa: C901 - the loops are inline: a search makes one child per range and state
    positives: tuple[str, ...], negatives: tuple[str, ...], min_len: int, max_len: float
) -> str | None:
    """A shortest string matching every positive pattern and no negative one, with a length
    in [min_len, max_len]; None when there is none. Raises Undecidable."""
    machines = [_dfa(p) for p in (*positives, *negatives)]
    split = len(positives)
    bounds = sorted({b for d in machines for b in d.bounds})
    if len(bounds) > MAX_ATOMS:
        raise Undecidable(f"together they distinguish more than {MAX_ATOMS} character ranges")
    # each machine's own interval for every shared one, and its role in a witness
    own = [[bisect_right(d.bounds, lo) - 1 for lo in bounds] for d in machines]
    wanted = [i < split for i in range(len(machines))]
    # per machine, the states no continuation leaves (dead for a positive pattern, matching
    # everything for a negative one): a child in any of them is pruned
    hopeless = [d.dead if w else d.universal for d, w in zip(machines, wanted, strict=True)]
    cap = max(min_len, int(max_len) + 1 if max_len != math.inf else 0)
    Key = tuple[tuple[int, ...], int]  # (state of each machine, length so far up to `cap`)
    start: Key = (tuple(d.start for d in machines), 0)
    parents: dict[Key, tuple[Key, int] | None] = {start: None}
    queue = deque([start])
    work = 0
    while queue:
        key = queue.popleft()
        states, length = key
        if min_len <= length <= max_len:
            for i, d in enumerate(machines):
                if d.accepting[states[i]] is not wanted[i]:
                    break
            else:
                return _spell(key, parents, bounds)
        if length >= max_len:
            continue
        work += len(bounds)
        if work > MAX_PRODUCT_WORK:
            raise Undecidable("comparing them takes too many steps")
        child_length = min(length + 1, cap)
        # every machine's row for its state (building a row may build states, or raise
        # Undecidable), read per atom through its own intervals: `zip` and `map` make the
        # children's states without a Python frame per atom
        rows = []
        for i, d in enumerate(machines):
            row = d.rows[states[i]]
            rows.append(map((d.row(states[i]) if row is None else row).__getitem__, own[i]))
        for atom, following in enumerate(zip(*rows, strict=True)):
            child: Key = (following, child_length)
            if child in parents:  # skipped, hopeless or not, as the prune would
                continue
            for i, bad in enumerate(hopeless):
                if bad[following[i]]:
                    break  # no continuation can reach a witness
            else:
                if len(parents) >= MAX_PRODUCT_STATES:
                    raise Undecidable(f"comparing them needs more than {MAX_PRODUCT_STATES} states")
                parents[child] = (key, atom)
                queue.append(child)
    return None


def _spell(key: Any, parents: dict[Any, Any], bounds: list[int]) -> str:
    chars: list[str] = []
    link = parents[key]
    while link is not None:
        key, atom = link
        hi = bounds[atom + 1] - 1 if atom + 1 < len(bounds) else MAX_CODE_POINT
        chars.append(_representative(bounds[atom], hi))
        link = parents[key]
    return "".join(reversed(chars))


def find_string(
    positives: Sequence[str],
    negatives: Sequence[str] = (),
    min_len: int = 0,
    max_len: float = math.inf,
) -> RegexVerdict:
    """Is there no string that matches every `positives` pattern, none of `negatives`, and
    has a length in [min_len, max_len]? `holds` True: there is none (proved); False: the
    shortest such string is `witness` (confirmed with `schema_regex`); None: undecided."""
    if min_len > MAX_TRACKED_LENGTH:
        # lowering a bound only adds strings: "none" stays proved (`^a{3}$` has none of 300 or
        # more), and a witness may then be shorter than asked (callers check its length)
        min_len = MAX_TRACKED_LENGTH + 1
    if max_len > MAX_TRACKED_LENGTH:
        max_len = math.inf
    try:
        found = _cached_search(tuple(positives), tuple(negatives), int(min_len), max_len)
        if isinstance(found, Undecidable):
            raise found
        if found is None:
            return RegexVerdict(True)
        confirmed = all(schema_regex.search(p, found) for p in positives) and not any(
            schema_regex.search(p, found) for p in negatives
        )
    except Undecidable as error:
        return RegexVerdict(None, reason=error.reason)
    except (RegexSyntaxError, RegexTimeoutError, RecursionError):
        return RegexVerdict(None, reason="it cannot be read or evaluated in time")
    if not confirmed:  # never trust an unconfirmed witness
        return RegexVerdict(None, reason="the automaton and the matcher disagree")
    return RegexVerdict(False, found)


def patterns_apart(first: str, second: str) -> bool:
    """True only when no string matches both patterns (proved)."""
    return find_string((first, second)).holds is True


def names_covered(region: Sequence[str], cover: Sequence[str]) -> bool:
    """True only when every string matching all of `region` (every string, when empty)
    matches one of `cover` (proved)."""
    return bool(cover) and find_string(region, cover).holds is True


def region_name(region: Sequence[str], pattern: str, avoid: Sequence[str]) -> tuple[str, ...]:
    """A shortest string matching all of `region` and `pattern` and none of `avoid` (a name
    to aim an object counterexample at), or nothing."""
    witness = find_string((*region, pattern), avoid).witness
    return () if witness is None else (witness,)


def literal_pattern(values: Sequence[str]) -> str:
    """An anchored pattern matching exactly the strings `values` (each character that is not
    an ASCII letter, digit or `_` written as `\\u{...}`, so none is read as syntax)."""
    alternatives = (
        "".join(c if c.isascii() and (c.isalnum() or c == "_") else f"\\u{{{ord(c):x}}}" for c in v)
        for v in values
    )
    return f"^(?:{'|'.join(alternatives)})$"


def strings_listed(
    patterns: Sequence[str], values: Sequence[Any], min_len: int = 0, max_len: float = math.inf
) -> RegexVerdict:
    """Is every string that matches all `patterns` (length in [min_len, max_len]) one of
    `values` (an enum's: those that are not strings list none)? `holds` True: proved; False:
    `witness` matches and is not listed; None: undecided. What makes a writer's `pattern`
    against a reader's `enum` decidable."""
    values = [v for v in values if type(v) is str]
    # Each listed character is at least one NFA node: a longer list passes the cap anyway, and
    # writing and parsing its alternation first would cost time linear in a huge enum.
    if sum(map(len, values)) + len(values) > MAX_NFA_NODES:
        return RegexVerdict(
            None, reason=f"the listed strings need more than {MAX_NFA_NODES} states"
        )
    return find_string(patterns, (literal_pattern(values),) if values else (), min_len, max_len)
