"""An object with `properties` and a schema for its `additionalProperties` keeps its other
members and checks them against that schema: the model dropped them (a consumer that published
the event again lost them) and so also accepted values the schema refuses."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import jsonschema  # type: ignore[import-untyped]
from eventkit_codegen import generate

from tests.registry._build import build, schema

V = "svc/Thing/1.0.0.json"
PROPERTIES: dict[str, Any] = {
    "id": {"type": "string", "description": "The id."},
    "labels": {
        "type": "object",
        "description": "Named counts.",
        "properties": {"name": {"type": "string", "description": "The name."}},
        "additionalProperties": {"type": "integer", "minimum": 0},
    },
}
ROOT_EXTRA = {"type": "string", "maxLength": 3}
GOOD = {"id": "t-1", "labels": {"name": "a", "x": 1, "y": 2}, "z": "abc"}
BAD = [
    {"id": "t-1", "labels": {"name": "a", "x": "one"}},
    {"id": "t-1", "labels": {"x": -1}},
    {"id": "t-1", "z": "abcd"},
    {"id": "t-1", "z": None},
]
SCRIPT = textwrap.dedent(
    """
    import json, sys
    sys.path.insert(0, sys.argv[1])
    from pydantic import ValidationError
    from eventkit.envelope import event_data
    from eventkit.errors import EventValidationError
    from extra_events.svc import ThingV1
    from extra_events.svc.thing_v1 import Labels

    good, bad = json.loads(sys.argv[2]), json.loads(sys.argv[3])
    parsed = event_data(ThingV1.model_validate(good))
    built = event_data(ThingV1(id="t-2", labels=Labels(name="b", w=4), z="ab"))
    refused = []
    for data in bad:
        try:
            ThingV1.model_validate(data)
            refused.append(False)
        except ValidationError:
            refused.append(True)
    try:
        Labels(w="four")
        refused.append(False)
    except EventValidationError:
        refused.append(True)
    print(json.dumps({"parsed": parsed, "built": built, "refused": refused}))
    """
)


def test_other_members_are_kept_and_checked_against_additional_properties(
    tmp_path: Path,
) -> None:
    doc = schema(properties=PROPERTIES, additionalProperties=ROOT_EXTRA, examples=[GOOD])
    registry = build(tmp_path / "registry", {V: doc})
    out = tmp_path / "gen" / "extra_events"
    generate(registry, out)
    for data in BAD:  # the schema refuses each of them
        assert not jsonschema.Draft202012Validator(doc).is_valid(data)
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(out.parent), json.dumps(GOOD), json.dumps(BAD)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.splitlines()[-1])
    assert result["parsed"] == GOOD  # round trip: nothing lost
    assert result["built"] == {"id": "t-2", "labels": {"name": "b", "w": 4}, "z": "ab"}
    for data in (result["parsed"], result["built"]):
        jsonschema.validate(data, doc)
    assert result["refused"] == [True] * (len(BAD) + 1)
