"""The product search of `_regex_sets` written with loops (issue 16, the second cold compat
pass; docs/decisions/0030-speed-ups.md): the generators that stepped every machine, pruned a
child and tested acceptance made a frame per child. The search before is kept here as the
reference; both run over fresh automata (the DFA cache cleared before each, since a step may
build a state or raise on a cap) and give the same witness, None, or Undecidable reason, on
hypothesis questions of one to three patterns with length bounds, and on caps reached.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections import deque
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from eventkit.compat import _regex_sets
from eventkit.compat._regex_sets import (
    MAX_ATOMS,
    MAX_PRODUCT_STATES,
    MAX_PRODUCT_WORK,
    Undecidable,
    _dfa,
    _search,
    _spell,
)
from tests.compat.test_regex_inclusion import _patterns


def _search_before(
    positives: tuple[str, ...], negatives: tuple[str, ...], min_len: int, max_len: float
) -> str | None:
    """`_regex_sets._search` before the change (generators), verbatim."""
    machines = [_dfa(p) for p in (*positives, *negatives)]
    split = len(positives)
    bounds = sorted({b for d in machines for b in d.bounds})
    if len(bounds) > MAX_ATOMS:
        raise Undecidable(f"together they distinguish more than {MAX_ATOMS} character ranges")
    own = [[bisect_right(d.bounds, lo) - 1 for lo in bounds] for d in machines]
    wanted = [i < split for i in range(len(machines))]
    cap = max(min_len, int(max_len) + 1 if max_len != math.inf else 0)
    start: Any = (tuple(d.start for d in machines), 0)
    parents: dict[Any, Any] = {start: None}
    queue = deque([start])
    work = 0
    while queue:
        key = queue.popleft()
        states, length = key
        if min_len <= length <= max_len and all(
            d.accepting[q] is w for d, q, w in zip(machines, states, wanted, strict=True)
        ):
            return _spell(key, parents, bounds)
        if length >= max_len:
            continue
        work += len(bounds)
        if work > MAX_PRODUCT_WORK:
            raise Undecidable("comparing them takes too many steps")
        for atom in range(len(bounds)):
            following = tuple(
                d.step(q, table[atom]) for d, q, table in zip(machines, states, own, strict=True)
            )
            if any(
                d.dead[q] if w else d.universal[q]
                for d, q, w in zip(machines, following, wanted, strict=True)
            ):
                continue
            child = (following, min(length + 1, cap))
            if child not in parents:
                if len(parents) >= MAX_PRODUCT_STATES:
                    raise Undecidable(f"comparing them needs more than {MAX_PRODUCT_STATES} states")
                parents[child] = (key, atom)
                queue.append(child)
    return None


def _outcome(search: Any, *question: Any) -> tuple[str, Any]:
    _regex_sets._built.cache_clear()  # fresh automata: the same states built, the same caps
    try:
        return ("found", search(*question))
    except Undecidable as error:
        return ("undecidable", error.reason)


_LENGTHS = st.sampled_from([(0, math.inf), (0, 3), (2, math.inf), (1, 1), (3, 5), (0, 0)])


@settings(
    max_examples=400,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
@given(
    st.lists(_patterns(), min_size=1, max_size=2),
    st.lists(_patterns(), max_size=2),
    _LENGTHS,
)
@example(["date-time"], ["uuid"], (0, math.inf))
@example(["^I_", "^I_"], [], (0, math.inf))
@example(["^(a|b)*c(a|b){12}$"], [], (0, math.inf))  # a big automaton
@example(["^(a|b)*a(a|b){10}$"], [], (0, math.inf))  # the automaton's cap
@example(["x"], ["(a|b)*a(a|b){7}"], (200, 256))  # the product's cap
@example(["[a-k]"], ["(a|b|c)*a(a|b|c){5}"], (100, 256))
def test_the_search_finds_what_it_found_before(
    positives: list[str], negatives: list[str], lengths: tuple[int, float]
) -> None:
    question = (tuple(positives), tuple(negatives), *lengths)
    assert _outcome(_search, *question) == _outcome(_search_before, *question)
