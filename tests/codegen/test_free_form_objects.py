"""An object schema with no properties (`{"type": "object"}`, any members) is a
`dict[str, Any]` wherever it is written: as a definition (`$defs`, or a whole shared file) it
was a class without fields, which dropped every member on parsing (a consumer that published
the event again lost them) and refused every one on construction."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

from eventkit_codegen import generate

from tests.registry._build import DIALECT, build, schema

V = "svc/Thing/1.0.0.json"
DATA = {
    "id": "t-1",
    "bag": {"a": 1, "b": [True]},
    "open": {"c": None},
    "meta": {"d": {"e": "f"}},
    "inline": {"g": 2},
}
ROUND_TRIP = textwrap.dedent(
    """
    import json, sys
    sys.path.insert(0, sys.argv[1])
    from eventkit.envelope import event_data
    from free_events.svc import ThingV1
    data = json.loads(sys.argv[2])
    built = ThingV1(**data)
    print(json.dumps([event_data(ThingV1.model_validate(data)), event_data(built)]))
    """
)


def test_an_object_with_any_members_keeps_them_as_a_definition_too(tmp_path: Path) -> None:
    shared = {
        "$schema": DIALECT,
        "title": "Kinds",
        "description": "Free-form objects.",
        "$defs": {
            "Bag": {"type": "object"},
            "Open": {"type": "object", "additionalProperties": True},
        },
    }
    meta = {"$schema": DIALECT, "title": "Meta", "description": "Any.", "type": "object"}
    properties = {
        "id": {"type": "string", "description": "The id."},
        "bag": {"$ref": "../../_shared/kinds.json#/$defs/Bag"},
        "open": {"$ref": "../../_shared/kinds.json#/$defs/Open"},
        "meta": {"$ref": "../../_shared/meta.json"},
        "inline": {"type": "object"},
    }
    files = {
        "_shared/kinds.json": shared,
        "_shared/meta.json": meta,
        V: schema(properties=properties, examples=[DATA]),
    }
    registry = build(tmp_path / "registry", {k: json.dumps(v, indent=2) for k, v in files.items()})
    out = tmp_path / "gen" / "free_events"
    generate(registry, out)
    done = subprocess.run(
        [sys.executable, "-c", ROUND_TRIP, str(out.parent), json.dumps(DATA)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    parsed, built = json.loads(done.stdout)
    assert parsed == DATA
    assert built == DATA
