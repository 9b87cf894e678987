"""The engine's reports, pinned to the code before issue 16's sixth engine pass
(docs/decisions/0030-speed-ups.md, "compat engine, sixth pass").

That pass changed how the engine does its work, never what it answers: comprehensions became
loops or functions of their own, a view makes its `seen` set only when it absorbs a
subschema, keyword groups are tested from the frozenset's side, `_members` skips the name
regions when the reader has no pattern or additional schema, an integer's exact value is the
integer itself in `multipleOf`, and `Finding`/`CompatReport` have a hand-written `__init__`.
`_reports` compares a fixed, seeded set of random schema pairs (an old schema and a mutation of
it, with the keywords those changes touch) in every mode, policy and format setting, and
digests each report: the verdict and every finding's fields, example included, or the error.
The digest was taken from main (commit 1a6027e) with this very generator, and re-taken once
at the end of the session that decided more pairs (formats in the regex automata, listed
values, lengths against patterns, integral multipleOf, uniqueItems caps; docs/decisions/
0020-regex-inclusion-by-automata.md): of the 4,500 reports 21 changed. Three verdicts went
from undecided to compatible (one pair in its three settings: integer items, and a contains
that makes every array non-empty, against a reader's contains of integers or booleans); no
other verdict changed. Twelve hold the same findings with another example or in another order (the shortest UUID
`00000000-...` instead of the sample one; distinct items for a uniqueItems array; a proved
alternative no longer reports first what another reports too), four lost an UNDECIDED
finding, two traded one for a breaking finding with a confirmed example.

Re-taken again when `unevaluatedProperties`/`unevaluatedItems` were read as 2020-12 has them
(names and items other keywords evaluate, instance by instance): 6 of the 4,500 reports
changed, no verdict. One pair (767, three settings) has a writer whose `additionalProperties`
evaluates every name, so its `unevaluatedProperties: false` never applies: the engine had
modelled it as closed and missed that `{"b": true}` breaks the reader (a TYPE_NARROWED finding
with that example now), and reported a CLOSED_MODEL_PROPERTY_ADDED for a reader clause that
never applies. The other (469, three settings) loses an UNDECIDED finding for the same reason
on the reader's side (`additionalProperties: true` beside `unevaluatedProperties: false`).

Re-taken again when LENIENT examples had to be values the closed writer writes (the proof's
closure, `View.value(name, closed=True)`, applied to examples too; tests/compat/
test_lenient_closure.py): 3 of the 4,500 reports changed, all FULL/LENIENT, no verdict. Each
had an example padded with the stand-in names (`x_undeclared`, `zz_extra`, ...) that a writer
model never emits. Two keep their finding with an example of declared names only (743:
`{"a": "", "x_1": null, "b": ""}`; 1081: `{"b": "", "x_1": ""}`); in one (42) the
MAX_PROPERTIES_DECREASED finding is UNDECIDED now, rightly: the closed writer writes at most
`c` and `x_1` (its `a` admits no value), within the reader's maxProperties of 2. A
dependentSchemas member no longer closing a free-form object changed none of them.

Re-taken again when a place reached through `*` was named for what it is (tests/compat/
test_wildcard_wording.py): an array's items at the root had been "`items`", which reads as a
property of that name, and an object's undeclared members the same "`items`" (or `a[*]`).
85 of the 4,500 reports changed, in the `what` text of 168 findings only (160 array items,
8 undeclared members: "each item of the event data", "`a.*` (`*`: any undeclared
property)"); every other field, verdict and example is as before.
"""

from __future__ import annotations

import copy
import hashlib
import inspect
import json
import random
from dataclasses import MISSING, FrozenInstanceError, fields, replace
from typing import Any

import pytest

from eventkit.compat import CompatReport, Finding, check_compatibility
from eventkit.errors import CompatibilityError

# sha256 of `_reports(_PAIRS)` (see the module's docstring for when it was taken)
_PINNED = "6ad43e156fcd586ff68e09bc8f60bf0332adb793a1c8fdfdc22510191c4318d5"
_PAIRS = 1500

_TYPES = ["string", "integer", "number", "object", "array", "null", "boolean"]
_NAMES = ["a", "b", "c", "x_1"]


def _leaf(rng: random.Random) -> Any:
    roll = rng.random()
    if roll < 0.06:
        return rng.choice([True, False])
    kind = rng.choice([*_TYPES, "enum", "const", "any"])
    if kind == "enum":
        return {"enum": rng.sample([1, 2, "a", "b", None, True, 2.5], rng.randint(1, 4))}
    if kind == "const":
        return {"const": rng.choice([1, "a", None, False])}
    schema: dict[str, Any] = {} if kind == "any" else {"type": kind}
    if rng.random() < 0.15:
        schema["type"] = rng.sample(_TYPES, 2)
    if kind == "string" and rng.random() < 0.5:
        key = rng.choice(["minLength", "maxLength", "pattern", "format"])
        schema[key] = {
            "minLength": rng.randint(0, 3),
            "maxLength": rng.randint(0, 5),
            "pattern": rng.choice(["^a+$", "[0-9]", "^x"]),
            "format": rng.choice(["email", "date", "uuid"]),
        }[key]
    if kind in ("integer", "number") and rng.random() < 0.6:
        key = rng.choice(
            ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"]
        )
        schema[key] = rng.choice([0, 1, 2, 3, 10, 11, 0.5, 2.5, -1])
        if key == "multipleOf" and schema[key] <= 0:
            schema[key] = 2
    if rng.random() < 0.05:
        schema["nullable"] = True
    return schema


def _schema(rng: random.Random, depth: int = 0) -> Any:
    if depth >= 3 or rng.random() < 0.35:
        return _leaf(rng)
    kind = rng.choice(["object", "object", "array", "combinator", "not", "ref"])
    if kind == "object":
        return _object(rng, depth)
    if kind == "array":
        return _array(rng, depth)
    if kind == "combinator":
        key = rng.choice(["allOf", "anyOf", "oneOf"])
        return {key: [_schema(rng, depth + 1) for _ in range(rng.randint(1, 3))]}
    if kind == "not":
        return {"not": _leaf(rng)}
    return {"$ref": "#/$defs/d"}


def _object(rng: random.Random, depth: int) -> dict[str, Any]:
    names = rng.sample(_NAMES, rng.randint(0, 3))
    out: dict[str, Any] = {"properties": {n: _schema(rng, depth + 1) for n in names}}
    if rng.random() < 0.5:
        out["type"] = "object"
    if names and rng.random() < 0.5:
        out["required"] = rng.sample(names, rng.randint(1, len(names)))
    roll = rng.random()
    if roll < 0.25:
        out["additionalProperties"] = rng.choice([False, True, _leaf(rng)])
    elif roll < 0.4:
        out["patternProperties"] = {"^x_": _leaf(rng)}
    if rng.random() < 0.1:
        out["unevaluatedProperties"] = False
    if rng.random() < 0.1:
        out[rng.choice(["minProperties", "maxProperties"])] = rng.randint(0, 3)
    if names and rng.random() < 0.1:
        out["dependentRequired"] = {names[0]: rng.sample(_NAMES, 1)}
    if rng.random() < 0.05:
        out["propertyNames"] = {"pattern": "^[a-c]$"}
    return out


def _array(rng: random.Random, depth: int) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "array"}
    roll = rng.random()
    if roll < 0.4:
        out["items"] = _schema(rng, depth + 1)
    elif roll < 0.6:
        out["prefixItems"] = [_schema(rng, depth + 1) for _ in range(rng.randint(1, 2))]
    elif roll < 0.7:
        out["items"] = [_leaf(rng) for _ in range(rng.randint(1, 2))]
        out["additionalItems"] = rng.choice([False, _leaf(rng)])
    if rng.random() < 0.3:
        out[rng.choice(["minItems", "maxItems"])] = rng.randint(0, 3)
    if rng.random() < 0.1:
        out["uniqueItems"] = True
    if rng.random() < 0.1:
        out["contains"] = _leaf(rng)
    return out


def _mutate(rng: random.Random, schema: Any, depth: int = 0) -> Any:
    """A changed copy: one place replaced, a keyword dropped or added, or a value moved."""
    out = copy.deepcopy(schema)
    if not isinstance(out, dict) or rng.random() < 0.2:
        return _schema(rng, depth)
    subs = [k for k, v in out.items() if isinstance(v, (dict, list)) and k != "required"]
    roll = rng.random()
    if subs and roll < 0.5:
        key = rng.choice(subs)
        value = out[key]
        if isinstance(value, list) and value:
            i = rng.randrange(len(value))
            value[i] = _mutate(rng, value[i], depth + 1)
        elif isinstance(value, dict) and value and key in ("properties", "patternProperties"):
            name = rng.choice(list(value))
            value[name] = _mutate(rng, value[name], depth + 1)
        elif isinstance(value, dict):
            out[key] = _mutate(rng, value, depth + 1)
    elif roll < 0.7 and out:
        out.pop(rng.choice(list(out)))
    else:
        extra = _leaf(rng)
        if isinstance(extra, dict):
            out.update(extra)
    return out


def _pairs(count: int) -> list[tuple[Any, Any]]:
    rng = random.Random(20261207)
    out = []
    for _ in range(count):
        old = _schema(rng)
        new = _mutate(rng, old)
        for doc in (old, new):  # a definition for the refs (absent from some: an error)
            if isinstance(doc, dict) and rng.random() < 0.9:
                doc["$defs"] = {"d": _leaf(rng)}
        out.append((old, new))
    return out


def _reports(pairs: list[tuple[Any, Any]]) -> str:
    digest = hashlib.sha256()
    for old, new in pairs:
        for mode, policy, formats in (
            ("FULL", "STRICT", "assertion"),
            ("FULL", "LENIENT", "assertion"),
            ("BACKWARD", "STRICT", "annotation"),
        ):
            try:
                report = check_compatibility(old, new, mode=mode, policy=policy, formats=formats)
            except CompatibilityError as error:
                digest.update(f"error {error}\n".encode())
                continue
            digest.update(f"{report.compatible}\n".encode())
            for f in report.findings:
                digest.update(
                    json.dumps(
                        [
                            f.rule_id,
                            f.pointer,
                            f.old_pointer,
                            f.path,
                            f.what,
                            f.side,
                            f.severity,
                            f.document,
                            repr(f.example),
                        ]
                    ).encode()
                )
    return digest.hexdigest()


def test_reports_match_the_engine_before_the_sixth_pass() -> None:
    assert _reports(_pairs(_PAIRS)) == _PINNED


def test_the_pairs_reach_findings_and_errors() -> None:
    """The generator is worth its pin: breaking, undecided and compatible reports, errors."""
    seen: set[Any] = set()
    for old, new in _pairs(300):
        try:
            seen.add(check_compatibility(old, new, mode="FULL").compatible)
        except CompatibilityError:
            seen.add("error")
    assert seen == {True, False, None, "error"}


@pytest.mark.parametrize("cls", [Finding, CompatReport])
def test_written_init_is_what_dataclass_generates(cls: type) -> None:
    """The hand-written `__init__` has the fields' names, order, kinds and defaults."""
    params = list(inspect.signature(cls.__init__).parameters.values())[1:]  # type: ignore[misc]
    assert [p.name for p in params] == [f.name for f in fields(cls)]
    for param, field in zip(params, fields(cls), strict=True):
        assert param.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD
        if field.default is not MISSING:
            assert param.default is field.default
        elif field.default_factory is not MISSING:
            assert param.default == field.default_factory()
        else:
            assert param.default is inspect.Parameter.empty


def test_findings_and_reports_stay_frozen_values() -> None:
    finding = Finding("TYPE_NARROWED", "/type", "x", "BACKWARD")
    same = Finding(rule_id="TYPE_NARROWED", pointer="/type", what="x", side="BACKWARD")
    assert finding == same
    assert hash(finding) == hash(same)
    assert (finding.severity, finding.path, finding.old_pointer, finding.document) == (
        "breaking",
        "",
        "",
        "",
    )
    assert not finding.has_example
    assert replace(finding, path="/a").path == "/a"
    with pytest.raises(FrozenInstanceError):
        finding.rule_id = "X"  # type: ignore[misc]
    report = CompatReport("BACKWARD", "STRICT")
    assert report.findings == ()
    assert report.compatible is True
    assert CompatReport("BACKWARD", "STRICT", (finding,)).compatible is False
    with pytest.raises(FrozenInstanceError):
        report.mode = "FULL"  # type: ignore[misc]
