"""The `wildcard` operator: parsing, matching regex, and AWS's complexity limit.

AWS (event-ruler) rejects a field's wildcard patterns when too many partial matches
can be alive at once while reading one value ("Rule is too complex"). We measure the
same thing: build the byte automaton of the field's wildcard patterns (quoted, as
event-ruler sees JSON strings; prefixes before the first `*` shared) and explore every
reachable set of live states, weighting each state by the patterns passing through it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["COMPLEXITY_LIMIT", "WildcardSyntaxError", "complexity", "parse_wildcard"]

COMPLEXITY_LIMIT = 10
_STAR = -1  # token for `*`
_QUOTE = ord('"')


class WildcardSyntaxError(ValueError):
    """A wildcard string AWS refuses; the message is AWS's reason."""


def parse_wildcard(text: str) -> tuple[re.Pattern[str], list[int]]:
    """The full-match regex of a wildcard string and its byte tokens.

    `*` matches any run of characters (also none); `\\*` is a literal star and
    `\\\\` a literal backslash. Any other escape and `**` are refused.
    """
    segments: list[str] = [""]  # the literal text between stars
    tokens: list[int] = [_QUOTE]
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "*":
            if i + 1 < len(text) and text[i + 1] == "*":
                raise WildcardSyntaxError(f"Consecutive wildcard characters at pos {i + 1}")
            segments.append("")
            tokens.append(_STAR)
        elif ch == "\\":
            nxt = text[i + 1] if i + 1 < len(text) else ""
            if nxt not in ("*", "\\"):
                raise WildcardSyntaxError(f"Invalid escape character at pos {i + 1}")
            segments[-1] += nxt
            tokens.extend(nxt.encode())
            i += 1
        else:
            segments[-1] += ch
            tokens.extend(ch.encode())
        i += 1
    tokens.append(_QUOTE)
    return re.compile(_glob_regex(segments), re.DOTALL), tokens


def _glob_regex(segments: list[str]) -> str:
    """`a*b*c` as `a(?>.*?b).*c`: each middle literal is matched at its first occurrence and
    never revisited (as `fnmatch.translate` does), so matching is linear in the value rather
    than polynomial in it: `.*a.*a.*b` on 4,000 `a`s backtracked for 25 s."""
    first, *rest = (re.escape(segment) for segment in segments)
    if not rest:
        return first
    *middle, last = rest
    return first + "".join(f"(?>.*?{literal})" for literal in middle) + ".*" + last


@dataclass
class _State:
    literal: dict[int, set[int]] = field(default_factory=dict)
    any: set[int] = field(default_factory=set)
    weight: set[int] = field(default_factory=set)
    shared: dict[int, int] = field(default_factory=dict)  # determinate prefix trie; _STAR too


def _build(patterns: list[list[int]]) -> tuple[list[_State], set[int]]:
    """The shared byte automaton of `patterns` and the literal bytes it reads."""
    states = [_State()]
    alphabet: set[int] = set()
    for pid, tokens in enumerate(patterns):
        current, before_star = 0, -1
        determinate = True
        for i, tok in enumerate(tokens):
            terminal = i == len(tokens) - 1
            nxt = states[current].shared.get(tok, 0) if determinate and not terminal else 0
            if not nxt:
                nxt = len(states)
                states.append(_State())
                if determinate and not terminal:
                    states[current].shared[tok] = nxt
            if tok == _STAR:
                determinate = False
                states[current].any.add(nxt)
                states[nxt].any.add(nxt)
                before_star = current
            else:
                alphabet.add(tok)
                states[current].literal.setdefault(tok, set()).add(nxt)
                if i > 0 and tokens[i - 1] == _STAR:
                    # the star may match nothing: its predecessor reads this byte too
                    states[before_star].literal.setdefault(tok, set()).add(nxt)
            states[nxt].weight.add(pid)
            current = nxt
    return states, alphabet


def _score(states: list[_State], live: set[int]) -> int:
    score = sum(len(states[s].weight) for s in live)
    return score + sum(len(states[w].weight) for s in live for w in states[s].any if w not in live)


def complexity(patterns: list[list[int]]) -> int:
    """Largest weighted number of live automaton states over any input (0 if no pattern)."""
    states, alphabet = _build(patterns)
    if len(states) == 1:
        return 0
    symbols = [None, *alphabet]  # None: any byte without a literal transition
    seen: set[frozenset[int]] = set()
    pending = [frozenset({0})]
    worst = 0
    while pending:
        active = pending.pop()
        for sym in symbols:
            live: set[int] = set()
            for sid in active:
                live |= states[sid].any
                if sym is not None:
                    live |= states[sid].literal.get(sym, set())
            if not live:
                continue
            worst = max(worst, _score(states, live))
            if worst > COMPLEXITY_LIMIT:
                return worst
            key = frozenset(live)
            if key not in seen:
                seen.add(key)
                pending.append(key)
    return worst
