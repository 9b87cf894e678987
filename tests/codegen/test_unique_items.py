"""`uniqueItems: true` is checked by the generated model: an array is a `UniqueList`, a list
(order kept) whose validator refuses two items equal as JSON values, when an event is built
(`EventValidationError` locating the field) and when it is parsed."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

from eventkit_codegen import generate

from tests.codegen._lint import assert_mypy_clean
from tests.registry._build import DIALECT, build, schema

V = "svc/Thing/1.0.0.json"
CHECK = textwrap.dedent(
    """
    import json, sys
    sys.path.insert(0, sys.argv[1])
    from pydantic import ValidationError
    from eventkit.envelope import event_data
    from eventkit.errors import EventValidationError
    from unique_events.shared.s_defs.item import Item
    from unique_events.svc import ThingV1

    def refused(**fields):
        try:
            ThingV1(id="t-1", **fields)
        except EventValidationError as error:
            return [list(e["loc"]) for e in error.errors()]
        return None

    try:
        ThingV1.model_validate({"id": "t-1", "tags": ["a", "a"]})
        parsed = "accepted"
    except ValidationError:
        parsed = "refused"
    print(json.dumps({
        "kept": event_data(
            ThingV1(id="t-1", tags=["b", "a"], flags=[1, True], items=[Item(q=2), Item(q=1)])
        ),
        "refused": [
            refused(tags=["a", "a"]),
            refused(flags=[1, 1.0]),
            refused(items=[Item(q=1), Item(q=1)]),
            refused(items=[{"q": 1}, {"q": 1}]),
            refused(shared_tags=["x", "x"]),
        ],
        "parsed": parsed,
    }))
    """
)
TYPED = textwrap.dedent(
    """
    from unique_events.svc import ThingV1

    def first(thing: ThingV1) -> str:
        tags: list[str] = thing.tags or []
        return tags[0]
    """
)


def test_repeated_items_are_refused_where_the_schema_says_unique(tmp_path: Path) -> None:
    shared = {
        "$schema": DIALECT,
        "title": "S",
        "description": "Shared.",
        "$defs": {
            "Tags": {"type": "array", "items": {"type": "string"}, "uniqueItems": True},
            "Item": {"type": "object", "properties": {"q": {"type": "integer"}}},
        },
    }
    properties = {
        "id": {"type": "string", "description": "The id."},
        "tags": {"type": "array", "items": {"type": "string"}, "uniqueItems": True},
        "flags": {"type": "array", "items": {"type": ["integer", "boolean"]}, "uniqueItems": True},
        "items": {
            "type": "array",
            "items": {"$ref": "../../_shared/s.json#/$defs/Item"},
            "uniqueItems": True,
        },
        "shared_tags": {"$ref": "../../_shared/s.json#/$defs/Tags"},
    }
    files = {"_shared/s.json": shared, V: schema(properties=properties)}
    registry = build(tmp_path / "registry", {k: json.dumps(v, indent=2) for k, v in files.items()})
    out = tmp_path / "gen" / "unique_events"
    generate(registry, out)
    done = subprocess.run(
        [sys.executable, "-c", CHECK, str(out.parent)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.splitlines()[-1])
    assert result["kept"] == {
        "id": "t-1",
        "tags": ["b", "a"],
        "flags": [1, True],
        "items": [{"q": 2}, {"q": 1}],
    }
    assert result["refused"] == [
        [["tags"]],
        [["flags"]],
        [["items"]],
        [["items"]],
        [["shared_tags"]],
    ]
    assert result["parsed"] == "refused"
    (out.parent / "use_unique.py").write_text(TYPED, encoding="utf-8")
    assert_mypy_clean(out.parent, "-p", "unique_events", "-m", "use_unique")
