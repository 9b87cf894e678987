"""A JSON Schema `number` is `int | float` in the model: an integer in a number field
(9007199254740993, above 2**53) parses as an int and is published again as it came, where a
float would change it (to 9007199254740992.0). A number with a fraction is a float."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

from eventkit_codegen import generate

from tests.codegen._lint import assert_mypy_clean
from tests.registry._build import build, schema

V = "svc/Thing/1.0.0.json"
DATA = (
    '{"id":"t-1","big":9007199254740993,"small":5,"half":2.5,"maybe":null,'
    '"either":12345678901234567890,"many":[9007199254740993,0.5]}'
)
REPUBLISH = textwrap.dedent(
    """
    import json, sys
    sys.path.insert(0, sys.argv[1])
    from eventkit.envelope import event_data_json
    from numbers_events.svc import ThingV1
    print(json.dumps([
        event_data_json(ThingV1.model_validate_json(sys.argv[2])),
        event_data_json(ThingV1.model_validate(json.loads(sys.argv[2]))),
        type(ThingV1.model_validate_json(sys.argv[2]).half).__name__,
    ]))
    """
)
TYPED = textwrap.dedent(
    """
    from numbers_events.svc import ThingV1

    def total(thing: ThingV1) -> float:
        return thing.big + (thing.half or 0.0) + sum(thing.many or [])
    """
)


def test_an_integer_in_a_number_field_is_published_again_unchanged(tmp_path: Path) -> None:
    properties = {
        "id": {"type": "string", "description": "The id."},
        "big": {"type": "number", "minimum": 0},
        "small": {"type": "number"},
        "half": {"type": "number", "multipleOf": 0.5},
        "maybe": {"type": ["number", "null"]},
        "either": {"type": ["string", "number"]},
        "many": {"type": "array", "items": {"type": "number"}},
    }
    doc = schema(properties=properties, required=["id", "big"], examples=[json.loads(DATA)])
    registry = build(tmp_path / "registry", {V: json.dumps(doc, indent=2)})
    out = tmp_path / "gen" / "numbers_events"
    generate(registry, out)
    done = subprocess.run(
        [sys.executable, "-c", REPUBLISH, str(out.parent), DATA],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    from_text, from_dict, half_type = json.loads(done.stdout)
    assert from_text == DATA
    assert from_dict == DATA
    assert half_type == "float"
    (out.parent / "use_numbers.py").write_text(TYPED, encoding="utf-8")
    assert_mypy_clean(out.parent, "-p", "numbers_events", "-m", "use_numbers")
