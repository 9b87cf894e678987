"""Check that bench/handwritten_campaigns.py is the generated campaigns module's equivalent.

First, pydantic's JSON schema of each pair of models, without titles and descriptions, must be
the same (fields, types, constraints). Then documents: each event's registry examples, and variants of them with one value changed (removed,
null, wrong type, empty, too long, out of range, malformed) or an unknown field added, at every
place in the document. Both model families must accept the same documents with the same parsed
values, and reject the same documents with the same errors (location and type). Used by
bench/import_time.py before it measures, and by tests/bench/.

Run: .venv/bin/python bench/handwritten_equivalence.py
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from typing import Any

import handwritten_campaigns
from _harness import REPO
from pydantic import BaseModel, ValidationError

GENERATED = "shop_events.campaigns"
# One changed value per place: each probes a kind of constraint (type, length, range, format).
REPLACEMENTS: tuple[Any, ...] = (
    None,
    "",
    "x" * 3000,
    "Not-A-Match!",
    -1,
    0,
    10**12,
    1.5,
    True,
    [],
    {},
    "2026-11-26T14:00:00",  # a date-time without offset
    "6f1c2f9e-3b7a-4c1e-9a53-0d2f8b7c6e2",  # one hex digit short of a UUID
)


def _places(doc: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if isinstance(doc, dict):
        for key, value in doc.items():
            yield (*path, key)
            yield from _places(value, (*path, key))
    elif isinstance(doc, list):
        for index, value in enumerate(doc):
            yield (*path, index)
            yield from _places(value, (*path, index))


def _objects(doc: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if isinstance(doc, dict):
        yield path
    children = (
        doc.items() if isinstance(doc, dict) else enumerate(doc) if isinstance(doc, list) else ()
    )
    for key, value in children:
        yield from _objects(value, (*path, key))


_BOUNDS = ("minimum", "maximum", "minLength", "maxLength", "minItems", "maxItems")


def boundaries(*schemas: Any) -> tuple[Any, ...]:
    """Every enum value the schemas list, and values just inside and just outside every bound
    they state (n-1, n, n+1, and strings and arrays of those lengths), so a missing literal or
    an off-by-one bound by hand is caught."""
    found: set[int] = set()
    values: list[Any] = []
    stack = list(schemas)
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            found.update(v for k, v in node.items() if k in _BOUNDS and isinstance(v, int))
            values.extend(node.get("enum") or ())
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    for bound in sorted(found):
        for n in (bound - 1, bound, bound + 1):
            values.append(n)
            if 0 <= n <= 5000:
                values.extend(("a" * n, ["b1"] * n if n <= 60 else []))
    return tuple(values)


def variants(example: dict[str, Any], extra: tuple[Any, ...] = ()) -> Iterator[dict[str, Any]]:
    """The example, then one document per (place, change)."""
    yield example
    for place in _places(example):
        *parents, last = place
        for replacement in (_REMOVE, *REPLACEMENTS, *extra):
            doc = copy.deepcopy(example)
            holder = doc
            for step in parents:
                holder = holder[step]
            if replacement is _REMOVE:
                del holder[last]
            else:
                holder[last] = copy.deepcopy(replacement)
            yield doc
    for place in _objects(example):
        doc = copy.deepcopy(example)
        holder = doc
        for step in place:
            holder = holder[step]
        holder["unexpected_field"] = "ignored by a tolerant reader"
        yield doc


_REMOVE = object()


def _outcome(model: type[BaseModel], doc: dict[str, Any]) -> tuple[str, Any]:
    try:
        return "accepted", model.model_validate(doc).model_dump(mode="json")
    except ValidationError as exc:
        return "rejected", sorted((e["loc"], e["type"]) for e in exc.errors())


def _shape(node: Any) -> Any:
    """A pydantic JSON schema without the prose (titles, descriptions): fields, types and
    constraints only."""
    if isinstance(node, dict):
        return {k: _shape(v) for k, v in node.items() if k not in ("title", "description")}
    if isinstance(node, list):
        return [_shape(v) for v in node]
    return node


def check_equivalence() -> int:
    """Compare both model families on every document; return how many were compared.

    Raises AssertionError naming the event and document on the first difference."""
    import importlib

    generated = importlib.import_module(GENERATED)
    names = sorted(generated.__all__)
    handwritten = sorted(cls.__name__ for cls in handwritten_campaigns.EVENTS)
    assert names == handwritten, f"event classes differ: generated {names}, by hand {handwritten}"
    shared = [
        json.loads(p.read_text()) for p in sorted((REPO / "schemas" / "_shared").glob("*.json"))
    ]
    compared = 0
    for name in names:
        ours = getattr(generated, name)
        theirs = getattr(handwritten_campaigns, name)
        assert _shape(ours.model_json_schema()) == _shape(theirs.model_json_schema()), (
            f"{name}: generated and hand-written models declare different fields or constraints"
        )
        schema = json.loads((REPO / "schemas" / ours.__contract__.schema_path).read_text())
        assert schema.get("examples"), f"{name}: the schema has no examples to compare on"
        extra = boundaries(schema, *shared)
        for example in schema["examples"]:
            for doc in variants(example, extra):
                left, right = _outcome(ours, doc), _outcome(theirs, doc)
                assert left == right, (
                    f"{name}: generated and hand-written models differ on {json.dumps(doc)[:300]}:"
                    f"\n  generated: {left}\n  by hand:   {right}"
                )
                compared += 1
    return compared


if __name__ == "__main__":
    print(json.dumps({"handwritten_equivalence": "ok", "documents": check_equivalence()}))
