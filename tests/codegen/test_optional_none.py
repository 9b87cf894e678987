"""An optional property given `None` when an event is built leaves the event, as published, without
it: `"note": null` would be refused by every consumer whose schema does not allow null there.
A required property that allows null keeps its null; parsing an event without an optional
property still gives `None`.
"""

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
    "note": {"type": "string", "maxLength": 20},
    "Note-Text": {"type": "string"},  # an aliased field: the keyword is note_text
    "count": {"type": "integer", "default": 3},
    "gone": {"type": ["string", "null"]},  # required, null allowed: null stays
    "maybe": {"type": ["string", "null"]},  # optional, null allowed: a parsed null stays
    "box": {
        "type": "object",
        "properties": {"size": {"type": "integer"}, "label": {"type": "string"}},
        "required": ["size"],
    },
}

PUBLISH = textwrap.dedent(
    """
    import json, sys
    sys.path.insert(0, sys.argv[1])
    from eventkit.publishing import EventBus
    from eventkit.testing import InMemoryEventBridge
    from eventkit.transports.memory import InMemoryTransport
    from none_events.svc import ThingV1
    from none_events.svc.thing_v1 import Box

    bridge = InMemoryEventBridge()
    bridge.create_event_bus("b")
    bus = EventBus("b", transport=InMemoryTransport(bridge), producer="p")
    thing = ThingV1(
        id="t-1", note=None, note_text=None, count=None, gone=None, box=Box(size=1, label=None)
    )
    by_alias = ThingV1(id="t-2", **{"Note-Text": None}, gone="g")
    bus.publish_batch([thing, by_alias])
    parsed = ThingV1.model_validate({"id": "t-3", "gone": None})
    print(json.dumps({
        "sent": [event["detail"]["data"] for event in bridge.events(bus="b")],
        "dumped": json.loads(thing.model_dump_json(by_alias=True, exclude_unset=True)),
        "parsed": [parsed.note, parsed.note_text, parsed.count, parsed.box],
    }))
    """
)


def test_an_optional_field_given_none_is_left_out_of_what_is_published(tmp_path: Path) -> None:
    doc = schema(properties=PROPERTIES, required=["id", "gone"], examples=None)
    registry = build(tmp_path / "registry", {V: json.dumps(doc, indent=2)})
    out = tmp_path / "gen" / "none_events"
    generate(registry, out)
    done = subprocess.run(
        [sys.executable, "-c", PUBLISH, str(out.parent)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.splitlines()[-1])
    sent = result["sent"]
    assert sent == [
        {"id": "t-1", "gone": None, "box": {"size": 1}},
        {"id": "t-2", "gone": "g"},
    ]
    for data in sent:
        jsonschema.validate(data, doc)  # what every consumer checks
    assert result["dumped"] == sent[0]  # the wire form the docs give for a model
    # the consumer side is unchanged: an absent optional field is None (or its default)
    assert result["parsed"] == [None, None, 3, None]


CHANGE = textwrap.dedent(
    """
    import json, sys
    sys.path.insert(0, sys.argv[1])
    from eventkit.publishing import EventBus
    from eventkit.testing import InMemoryEventBridge
    from eventkit.transports.memory import InMemoryTransport
    from none_events.svc import ThingV1

    bridge = InMemoryEventBridge()
    bridge.create_event_bus("b")
    bus = EventBus("b", transport=InMemoryTransport(bridge), producer="p")
    data = {"id": "t-1", "note": "n", "Note-Text": "t", "count": 4, "gone": None,
            "maybe": None, "box": {"size": 1, "label": "l"}}
    assigned = ThingV1.model_validate(data)
    assigned.note = None
    assigned.note_text = None
    assigned.box.label = None
    assigned.count = 5
    parsed = ThingV1.model_validate(data)
    copied = parsed.model_copy(
        update={"note": None, "count": None, "box": parsed.box.model_copy(update={"label": None})}
    )
    bus.publish_batch([assigned, copied])
    print(json.dumps({
        "sent": [event["detail"]["data"] for event in bridge.events(bus="b")],
        "held": [assigned.note, copied.note, copied.count],
    }))
    """
)


def test_an_optional_field_set_to_none_later_is_left_out_too(tmp_path: Path) -> None:
    # after construction: by assignment and by `model_copy(update=...)`, nested models too;
    # a null parsed where the schema allows it is published back as it came
    doc = schema(properties=PROPERTIES, required=["id", "gone"], examples=None)
    registry = build(tmp_path / "registry", {V: json.dumps(doc, indent=2)})
    out = tmp_path / "gen" / "none_events"
    generate(registry, out)
    done = subprocess.run(
        [sys.executable, "-c", CHANGE, str(out.parent)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.splitlines()[-1])
    sent = result["sent"]
    assert sent == [
        {"id": "t-1", "count": 5, "gone": None, "maybe": None, "box": {"size": 1}},
        {"id": "t-1", "Note-Text": "t", "gone": None, "maybe": None, "box": {"size": 1}},
    ]
    for data in sent:
        jsonschema.validate(data, doc)  # what every consumer checks
    assert result["held"] == [None, None, None]
