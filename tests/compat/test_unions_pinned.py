"""The engine's reports on unions and open objects, pinned to the code before issue 16's eighth
engine pass (docs/decisions/0030-speed-ups.md, "compat engine, eighth pass").

That pass wrote the comprehensions of `expand` (the `true` alternatives of an anyOf/oneOf),
`check_union` (the alternatives a piece fits, those of its type) and `_open_member` (the reader's
schemas for an open member, the example objects) as loops: no generator frames and no closure
cells. The generator here leans on exactly those: anyOf/oneOf with `true`/`false` alternatives,
nested and overlapping unions, objects left open that the other side constrains, and numbers
with `multipleOf` (the validator's exact quotient). `_reports` (the 1,500-pair pin's digest of
every verdict and finding, example included, in three modes) was taken from main (commit
107f6ec) with this very generator, and re-taken once at the end of the session that decided
more pairs (alternatives of listed values proved value by value, integral multipleOf): of the
2,400 reports 33 changed, none in its verdict. Eighteen lost an UNDECIDED finding (an
alternative that accepts no value, or only values the reader takes); six report
ONE_OF_AMBIGUOUS at the oneOf rather than at one alternative, three add a ONE_OF_AMBIGUOUS
finding with a confirmed example; six hold the same findings in another order.

Re-taken again when LENIENT examples had to be values the closed writer writes (the proof's
closure applied to examples too; tests/compat/test_lenient_closure.py): 2 of the 2,400
reports changed, both FULL/LENIENT, each losing an example with an undeclared name that an
alternative declaring `properties` never writes. 778 goes from breaking to undecided (its
ONE_OF_AMBIGUOUS example `{"zz_extra": ""}` matches only alternatives that declare `a`/`b`
or forbid other names); 763 keeps its verdict through another finding (its ENUM_ADDED
example `{"x_undeclared": ""}` came from an alternative with `"properties": {}`, which
writes only `{}`, and `{}` matches two of its oneOf alternatives).

Re-taken again when a place reached through `*` was named for what it is (an array's items
at the root "each item of the event data", not "`items`"; an object's undeclared members
"`a.*`"; tests/compat/test_wildcard_wording.py): 7 of the 2,400 reports changed, in the
`what` text of their findings only.
"""

from __future__ import annotations

import random
from typing import Any

from tests.compat.test_engine_pinned import _reports

# sha256 of `_reports(_pairs(_PAIRS))` (see the module's docstring for when it was taken)
_PINNED = "e394b390947d38720dc59b3488e44ffe217069f7dbdce50de1f3878a4241ddc3"
_PAIRS = 800

_NAMES = ["a", "b", "x_1"]


def _leaf(rng: random.Random) -> Any:
    roll = rng.random()
    if roll < 0.15:
        return rng.choice([True, False])
    kind = rng.choice(["string", "integer", "number", "null", "boolean", "object", "enum"])
    if kind == "enum":
        return {"enum": rng.sample([1, 2, "a", None, True, 2.5, 0.3], rng.randint(1, 3))}
    schema: dict[str, Any] = {"type": kind}
    if kind in ("integer", "number") and rng.random() < 0.5:
        schema["multipleOf"] = rng.choice([2, 3, 0.5, 0.1, 1.5, 10])
    if kind == "string" and rng.random() < 0.3:
        schema["maxLength"] = rng.randint(0, 4)
    return schema


def _schema(rng: random.Random, depth: int = 0) -> Any:
    if depth >= 3 or rng.random() < 0.3:
        return _leaf(rng)
    kind = rng.choice(["union", "union", "object", "object", "allOf"])
    if kind == "union":
        key = rng.choice(["anyOf", "oneOf"])
        return {key: [_schema(rng, depth + 1) for _ in range(rng.randint(1, 4))]}
    if kind == "allOf":
        return {"allOf": [_schema(rng, depth + 1) for _ in range(rng.randint(1, 2))]}
    names = rng.sample(_NAMES, rng.randint(0, 2))
    out: dict[str, Any] = {"properties": {n: _schema(rng, depth + 1) for n in names}}
    if rng.random() < 0.7:
        out["type"] = "object"
    if names and rng.random() < 0.4:
        out["required"] = names[:1]
    roll = rng.random()
    if roll < 0.2:
        out["additionalProperties"] = rng.choice([False, _leaf(rng)])
    elif roll < 0.3:
        out["patternProperties"] = {"^x_": _leaf(rng)}
    return out


def _open(rng: random.Random, schema: Any) -> Any:
    """A reader of `schema`: a member added to or dropped from its objects, or a union
    alternative added, dropped or replaced."""
    if not isinstance(schema, dict) or rng.random() < 0.15:
        return _schema(rng)
    out = dict(schema)
    for key in ("anyOf", "oneOf", "allOf"):
        if key in out:
            branches = list(out[key])
            roll = rng.random()
            if roll < 0.3:
                branches.append(_schema(rng, 2))
            elif roll < 0.5 and len(branches) > 1:
                branches.pop(rng.randrange(len(branches)))
            else:
                i = rng.randrange(len(branches))
                branches[i] = _open(rng, branches[i])
            out[key] = branches
            return out
    if "properties" in out:
        props = dict(out["properties"])
        roll = rng.random()
        if roll < 0.4:
            props[rng.choice(["a", "b", "c", "x_9"])] = _leaf(rng)
        elif props and roll < 0.6:
            props.pop(rng.choice(list(props)))
        elif props:
            name = rng.choice(list(props))
            props[name] = _open(rng, props[name])
        out["properties"] = props
        if rng.random() < 0.2:
            out["additionalProperties"] = rng.choice([False, True, _leaf(rng)])
    return out


def _pairs(count: int) -> list[tuple[Any, Any]]:
    rng = random.Random(20261208)
    out = []
    for _ in range(count):
        old = _schema(rng)
        out.append((old, _open(rng, old)))
    return out


def test_union_and_open_member_reports_match_the_engine_before_the_eighth_pass() -> None:
    assert _reports(_pairs(_PAIRS)) == _PINNED
