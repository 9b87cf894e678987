"""A value given to an event after construction (`event.x = v`, `event.model_copy(update=...)`)
is checked as a constructor keyword is: both went into the model unchecked, so an event built
in steps, or a consumer's event adjusted and published again, carried data its own schema
refuses (a string breaking its `pattern`, a number of the wrong type, a list of the wrong
length), and every consumer validating against the schema refused it."""

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
    "id": {"type": "string", "pattern": "^t-[0-9]+$", "description": "The id."},
    "tags": {"type": "array", "items": {"type": "string"}, "maxItems": 2},
    "box": {
        "type": "object",
        "properties": {"size": {"type": "integer", "minimum": 1}},
        "required": ["size"],
    },
}
BAD = [("id", "T-1"), ("tags", ["a", "b", "c"]), ("tags", "a"), ("box", {"size": 0})]
SCRIPT = textwrap.dedent(
    """
    import json, sys
    sys.path.insert(0, sys.argv[1])
    from eventkit.errors import EventValidationError
    from step_events.svc import ThingV1

    data = {"id": "t-1", "tags": ["a"], "box": {"size": 2}}
    outcomes = []
    for name, value in json.loads(sys.argv[2]):
        for how in ("assign", "copy", "nested"):
            event = ThingV1.model_validate(data)
            try:
                if how == "assign":
                    setattr(event, name, value)
                elif how == "copy":
                    event = event.model_copy(update={name: value})
                elif name == "box":
                    event.box.size = value["size"]
                else:
                    continue
                outcomes.append(["kept", how, name, event.model_dump(
                    mode="json", by_alias=True, exclude_unset=True)])
            except EventValidationError as error:
                outcomes.append(["refused", how, name, error.model])
    fine = ThingV1.model_validate(data)
    fine.id = "t-2"
    fine = fine.model_copy(update={"tags": ["b", "c"]})
    outcomes.append(["fine", fine.model_dump(mode="json", by_alias=True, exclude_unset=True)])
    print(json.dumps(outcomes))
    """
)


def test_a_value_set_after_construction_is_checked(tmp_path: Path) -> None:
    doc = schema(properties=PROPERTIES, required=["id"], examples=None)
    registry = build(tmp_path / "registry", {V: doc})
    out = tmp_path / "gen" / "step_events"
    generate(registry, out)
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(out.parent), json.dumps(BAD)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    outcomes = json.loads(done.stdout.splitlines()[-1])
    kept = [outcome for outcome in outcomes if outcome[0] == "kept"]
    for _, _, _, data in kept:  # what would have been published
        assert not jsonschema.Draft202012Validator(doc).is_valid(data)
    assert kept == []
    assert [o[:3] for o in outcomes if o[0] == "refused"] == [
        ["refused", how, name]
        for name, _ in BAD
        for how in ("assign", "copy", "nested")
        if how != "nested" or name == "box"
    ]
    assert {o[3] for o in outcomes if o[0] == "refused"} == {"ThingV1", "Box"}
    fine = outcomes[-1]
    assert fine == ["fine", {"id": "t-2", "tags": ["b", "c"], "box": {"size": 2}}]
    jsonschema.validate(fine[1], doc)
