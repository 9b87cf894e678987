"""The regex-set automata built row by row (issue 16, the cold compat pass;
docs/decisions/0030-speed-ups.md): a DFA state's targets for every interval are made on its
first step, one empty-move closure per run of intervals its moves treat alike and per set of
targets, and the product search reads the rows through `zip` and `map`. The automata and the
search before are kept here, verbatim, as the reference: on hypothesis questions (one to
three patterns of the dialect the engine reads, length bounds, several questions in a row
sharing their automata as the caches share them), both give the same witness, None, or
Undecidable reason; where the answer is decided, both automata hold the same states in the
same order, the same accepting ones, and the same work charged against the cap.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections import deque
from collections.abc import Iterable
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from eventkit import schema_regex
from eventkit.compat import _regex_sets
from eventkit.compat._regex_sets import (
    _EVERYTHING,
    MAX_ATOMS,
    MAX_CODE_POINT,
    MAX_DFA_STATES,
    MAX_DFA_WORK,
    MAX_NFA_NODES,
    MAX_PRODUCT_STATES,
    MAX_PRODUCT_WORK,
    Ranges,
    Undecidable,
    _class_ranges,
    _complement,
    _dfa,
    _search,
    _spell,
    _sre_c,
    _sre_p,
)
from eventkit.errors import RegexSyntaxError
from tests.compat.test_regex_inclusion import _patterns

_PLAIN, _BEGIN, _END = 0, 1, 2

# -- the reference: `_regex_sets` before the change, verbatim but for the names --------------


class _NfaBefore:
    """Nodes with character moves (intervals) and conditional empty moves."""

    def __init__(self) -> None:
        self.moves: list[list[tuple[Ranges, int]]] = []
        self.empty: list[list[tuple[int, int]]] = []  # (kind, target)

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
            self.empty[end].append((_PLAIN, first))
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
                self.empty[start].append((_PLAIN, first))
                self.empty[last].append((_PLAIN, end))
            return start, end
        if op in (c.MAX_REPEAT, c.MIN_REPEAT):  # lazy or greedy: the same strings
            return self.repeat(*arg)
        if op is c.AT and arg in (c.AT_BEGINNING, c.AT_END_STRING):
            start, end = self.node(), self.node()
            self.empty[start].append((_BEGIN if arg is c.AT_BEGINNING else _END, end))
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
            self.empty[end].append((_PLAIN, first))
            end = last
        if unbounded:  # a loop: body, back to its start, or on
            loop = self.node()
            first, last = self.sequence(items)
            self.empty[end].append((_PLAIN, loop))
            self.empty[loop].append((_PLAIN, first))
            self.empty[last].append((_PLAIN, loop))
            return start, loop
        done = self.node()
        for _ in range(high - low):  # each optional copy may be skipped to the end
            self.empty[end].append((_PLAIN, done))
            first, last = self.sequence(items)
            self.empty[end].append((_PLAIN, first))
            end = last
        self.empty[end].append((_PLAIN, done))
        return start, done


class _DfaBefore:
    """The search language of one pattern, determinised on demand over its own intervals."""

    def __init__(self, pattern: str) -> None:
        try:
            parsed = _sre_p.parse(schema_regex.python_syntax(pattern))
        except RegexSyntaxError:
            raise
        except Exception as error:  # e.g. `\p{L}`, which the stdlib parser cannot read
            raise Undecidable(f"its syntax has no automaton here ({error})") from None
        nfa = _NfaBefore()
        head, tail = nfa.node(), nfa.node()  # <anything> before and after the match
        first, last = nfa.sequence(parsed)
        nfa.moves[head].append((_EVERYTHING, head))
        nfa.empty[head].append((_PLAIN, first))
        nfa.empty[last].append((_PLAIN, tail))
        nfa.moves[tail].append((_EVERYTHING, tail))
        self.empty = nfa.empty
        self.tail = tail
        edges = {lo for m in nfa.moves for r, _ in m for lo, _ in r}
        edges |= {hi + 1 for m in nfa.moves for r, _ in m for _, hi in r}
        self.bounds = sorted({0} | {e for e in edges if e <= MAX_CODE_POINT})
        # per node: (first atom, last atom, target) for each character move
        self.moves = [
            [
                (self.bounds.index(lo), bisect_right(self.bounds, hi) - 1, target)
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
        self.steps: dict[tuple[int, int], int] = {}
        self.work = 0
        self.start = self._intern(self._closure([head], begin=True), at_start=True)

    def _closure(self, nodes: Iterable[int], *, begin: bool, end: bool = False) -> frozenset[int]:
        seen = set(nodes)
        todo = list(seen)
        while todo:
            for kind, target in self.empty[todo.pop()]:
                allowed = kind == _PLAIN or (kind == _BEGIN and begin) or (kind == _END and end)
                if allowed and target not in seen:
                    seen.add(target)
                    todo.append(target)
        self.work += len(seen)
        if self.work > MAX_DFA_WORK:
            raise Undecidable("its automaton is too large to build in time")
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
        self.accepting.append(self.tail in self._closure(nodes, begin=at_start, end=True))
        self.universal.append(self.tail in nodes)  # the tail loops on everything
        self.dead.append(not nodes)
        return len(self.sets) - 1

    def step(self, state: int, atom: int) -> int:
        found = self.steps.get((state, atom))
        if found is None:
            targets = [t for n in self.sets[state] for a, b, t in self.moves[n] if a <= atom <= b]
            found = self._intern(self._closure(targets, begin=False), at_start=False)
            self.steps[(state, atom)] = found
        return found


_BEFORE: dict[str, _DfaBefore | Undecidable] = {}  # the reference's `_built` cache


def _dfa_before(pattern: str) -> _DfaBefore:
    if pattern not in _BEFORE:
        try:
            _BEFORE[pattern] = _DfaBefore(pattern)
        except Undecidable as error:
            _BEFORE[pattern] = error
    built = _BEFORE[pattern]
    if isinstance(built, Undecidable):
        raise built
    return built


def _search_before(  # noqa: C901
    positives: tuple[str, ...], negatives: tuple[str, ...], min_len: int, max_len: float
) -> str | None:
    """A shortest string matching every positive pattern and no negative one, with a length
    in [min_len, max_len]; None when there is none. Raises Undecidable."""
    machines = [_dfa_before(p) for p in (*positives, *negatives)]
    split = len(positives)
    bounds = sorted({b for d in machines for b in d.bounds})
    if len(bounds) > MAX_ATOMS:
        raise Undecidable(f"together they distinguish more than {MAX_ATOMS} character ranges")
    # each machine's own interval for every shared one, and its role in a witness
    own = [[bisect_right(d.bounds, lo) - 1 for lo in bounds] for d in machines]
    wanted = [i < split for i in range(len(machines))]
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
        for atom in range(len(bounds)):
            # every machine steps (a step may build a state, or raise Undecidable), then the
            # prune; loops, not generators (a frame each)
            steps = []
            for i, d in enumerate(machines):
                steps.append(d.step(states[i], own[i][atom]))
            following = tuple(steps)
            hopeless = False
            for i, d in enumerate(machines):
                if d.dead[following[i]] if wanted[i] else d.universal[following[i]]:
                    hopeless = True  # no continuation can reach a witness
                    break
            if hopeless:
                continue
            child: Key = (following, child_length)
            if child not in parents:
                if len(parents) >= MAX_PRODUCT_STATES:
                    raise Undecidable(f"comparing them needs more than {MAX_PRODUCT_STATES} states")
                parents[child] = (key, atom)
                queue.append(child)
    return None


# -- the comparison ---------------------------------------------------------------------------

Question = tuple[tuple[str, ...], tuple[str, ...], int, float]


def _outcome(search: Any, question: Question) -> tuple[str, Any]:
    try:
        return ("found", search(*question))
    except Undecidable as error:
        return ("undecidable", error.reason)
    except RegexSyntaxError:
        return ("syntax", None)


def _automaton(pattern: str, built: Any) -> tuple[Any, ...]:
    """What a pattern's automaton holds after the questions: its states in the order they
    were made, which accept, and the work charged (the same cap, reached at the same step)."""
    d = built(pattern)
    return (d.sets, d.accepting, d.universal, d.dead, d.work)


def _same_answers(questions: list[Question]) -> None:
    """Each question, in turn, over automata both sides keep between questions."""
    _regex_sets._built.cache_clear()
    _BEFORE.clear()
    decided = True
    for question in questions:
        after, before = _outcome(_search, question), _outcome(_search_before, question)
        assert after == before, question
        decided = decided and after[0] == "found"
    if decided:  # else an automaton stopped at a cap part-built (all others are compared)
        for pattern in {p for q in questions for p in (*q[0], *q[1])}:
            assert _automaton(pattern, _dfa) == _automaton(pattern, _dfa_before), pattern


_LENGTHS = st.sampled_from([(0, math.inf), (0, 3), (2, math.inf), (1, 1), (3, 5), (0, 0)])
_QUESTION = st.tuples(
    st.lists(_patterns(), min_size=1, max_size=2).map(tuple),
    st.lists(_patterns(), max_size=2).map(tuple),
    _LENGTHS,
).map(lambda q: (q[0], q[1], *q[2]))


@settings(
    max_examples=500,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
@given(st.lists(_QUESTION, min_size=1, max_size=3))
@example([(("date-time",), ("uuid",), 0, math.inf), (("uuid",), ("date-time",), 0, math.inf)])
@example([(("^S_", "^S_"), (), 0, math.inf), (("^I_", "^I_"), (), 0, math.inf)])
@example([(("^(a|b)*c(a|b){12}$",), (), 0, math.inf)])  # a big automaton
@example([(("^(a|b)*a(a|b){10}$",), (), 0, math.inf)])  # the automaton's cap on states
@example([(("x",), ("(a|b)*a(a|b){7}",), 200, 256)])  # the product's cap
@example([(("[a-k]",), ("(a|b|c)*a(a|b|c){5}",), 100, 256)])
@example([(("^(a|b)*a(a|b){9}$",), (), 0, math.inf), (("^(a|b)*a(a|b){9}$", "b"), (), 0, 3)])
@example([((r"^[^\n]+$", "^a.$"), (r"\d", "^$"), 0, math.inf)])  # anchors, negated classes
@example([(("a$|^b",), ("^b|a$",), 0, math.inf), (("^$",), ("a*",), 0, 0)])
def test_the_automata_answer_as_they_did(questions: list[Question]) -> None:
    _same_answers(questions)


def test_the_work_cap_is_met_where_it_was() -> None:
    """Automata that run out of work (closures of ~800 nodes), not of states: the same reason,
    and the questions after it on the same automata answer the same too."""
    fifty, fortynine = "^(a?c?e?g?){50}$", "^(a?c?e?g?){49}$"
    _same_answers(
        [
            ((fifty,), (fortynine,), 0, math.inf),
            ((fortynine,), ("^$",), 0, math.inf),
            ((fifty, "e"), (), 0, math.inf),
        ]
    )


def test_the_atom_cap_is_met_where_it_was() -> None:
    many = "".join(f"\\u{0x100 + 2 * i:04x}" for i in range(MAX_ATOMS // 2 + 10))
    _same_answers([((f"[{many}]",), ("a",), 0, math.inf)])
